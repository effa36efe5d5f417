import Foundation
import Imaging
import LocalServices
import Testing

/// Fixtures written by `scripts/generate-imaging-fixtures.py` into a fresh temporary folder,
/// once per test process. A missing venv or PngSuite folder fails the tests that need them.
enum ImagingFixtures {
    struct Entry: Decodable, Sendable {
        var name: String
        var source: String?
        var reference: String?
        var bicubicReference: String?
        var width: Int?
        var height: Int?
        var channels: Int?
        var bitDepth: Int?
        var errorType: String?
        var referenceDecoder: String?
        var pillowMilliseconds: Double?
    }

    struct Manifest: Decodable, Sendable {
        var pillowVersion: String
        var pngsuite: [Entry]
        var jpeg: [Entry]
        var broken: [Entry]
        var resize: [Entry]
    }

    /// The script's output, read into memory (about 6 MB) so the temporary folder can go at once.
    struct Generated: Sendable {
        var files: [String: [UInt8]]
        var manifest: Manifest

        func bytes(_ relative: String) throws -> [UInt8] {
            guard let data = files[relative] else { throw FixtureError("the fixture script wrote no \(relative)") }
            return data
        }

        func entry(_ name: String, in list: KeyPath<Manifest, [Entry]>) throws -> Entry {
            guard let entry = manifest[keyPath: list].first(where: { $0.name == name }) else {
                throw FixtureError("no fixture named \(name) in the manifest")
            }
            return entry
        }

        /// The reference samples of `entry` as they were written: uint8 or little-endian uint16.
        func referenceSamples(_ relative: String, bitDepth: Int) throws -> DecodedImage.Samples {
            let raw = try bytes(relative)
            if bitDepth == 16 {
                return .sixteenBit(stride(from: 0, to: raw.count, by: 2).map { UInt16(raw[$0]) | UInt16(raw[$0 + 1]) << 8 })
            }
            return .eightBit(raw)
        }
    }

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let pngSuiteFolder = repositoryRoot.deletingLastPathComponent().appending(path: "shared/testdata/pngsuite")

    /// Every `.png` in the PngSuite folder (empty when the folder is missing; a separate test fails then).
    static let pngSuiteFileNames: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: pngSuiteFolder.path)) ?? []).filter { $0.hasSuffix(".png") }.sorted()

    static let generated: Result<Generated, FixtureError> = generate()

    static func load() throws -> Generated { try generated.get() }

    private static func generate() -> Result<Generated, FixtureError> {
        do {
            let files = try FixtureScript.run("scripts/generate-imaging-fixtures.py", arguments: ["--pngsuite", pngSuiteFolder.path])
            guard let manifest = files["manifest.json"] else { return .failure(FixtureError("the fixture script wrote no manifest")) }
            return .success(Generated(files: files, manifest: try JSONDecoder().decode(Manifest.self, from: Data(manifest))))
        } catch {
            return .failure(FixtureError("\(error)"))
        }
    }
}

/// Largest and mean absolute difference between two equally long sample arrays.
struct SampleDifference: CustomStringConvertible {
    var maximum: Double
    var mean: Double

    init(_ actual: [Float], _ expected: [Float]) {
        precondition(actual.count == expected.count)
        var maximum = 0.0
        var total = 0.0
        for (a, e) in zip(actual, expected) {
            let difference = Double(abs(a - e))
            maximum = max(maximum, difference)
            total += difference
        }
        self.maximum = maximum
        self.mean = actual.isEmpty ? 0 : total / Double(actual.count)
    }

    var description: String { "max \(String(format: "%.3f", maximum)), mean \(String(format: "%.4f", mean))" }
}

extension DecodedImage.Samples {
    var floats: [Float] {
        switch self {
        case .eightBit(let values): values.map(Float.init)
        case .sixteenBit(let values): values.map(Float.init)
        }
    }
}
