import Foundation
import LocalServices
import Testing

/// Fixtures written by `scripts/generate-codec-fixtures.py` into a fresh temporary folder, once
/// per test process: codestreams with pydicom's decoders' reference samples. A missing venv,
/// Python package or `opj_compress` fails the tests that need them.
enum CodecFixtures {
    struct Entry: Decodable, Sendable {
        var name: String
        var codec: String
        var source: String
        var reference: String?
        var width: Int?
        var height: Int?
        var components: Int?
        var precision: Int?
        var isSigned: Bool?
        var referenceDecoder: String?
        var errorType: String?
    }

    struct Manifest: Decodable, Sendable {
        var versions: [String: String]
        var decodable: [Entry]
        var broken: [Entry]
        var large: [Entry]
    }

    struct Generated: Sendable {
        var files: [String: [UInt8]]
        var manifest: Manifest

        func bytes(_ relative: String) throws -> [UInt8] {
            guard let data = files[relative] else { throw FixtureError("the fixture script wrote no \(relative)") }
            return data
        }

        func entries(codec: String) -> [Entry] { manifest.decodable.filter { $0.codec == codec } }

        func entry(_ name: String) throws -> Entry {
            guard let entry = (manifest.decodable + manifest.broken).first(where: { $0.name == name }) else {
                throw FixtureError("no fixture named \(name) in the manifest")
            }
            return entry
        }

        /// The reference as written: little-endian uint16 (JPEG Lossless) samples.
        func unsignedReference(_ entry: Entry) throws -> [UInt16] {
            let raw = try bytes(entry.reference ?? "")
            return stride(from: 0, to: raw.count, by: 2).map { UInt16(raw[$0]) | UInt16(raw[$0 + 1]) << 8 }
        }

        /// The reference as written: little-endian int32 (JPEG 2000) samples.
        func signedReference(_ entry: Entry) throws -> [Int32] {
            let raw = try bytes(entry.reference ?? "")
            return stride(from: 0, to: raw.count, by: 4).map {
                Int32(bitPattern: UInt32(raw[$0]) | UInt32(raw[$0 + 1]) << 8 | UInt32(raw[$0 + 2]) << 16 | UInt32(raw[$0 + 3]) << 24)
            }
        }
    }

    /// Expects a decoded image to have `entry`'s geometry and exactly its reference samples,
    /// naming the entry and the first differing sample on failure.
    static func expectMatch<Sample: Equatable>(
        _ entry: Entry, width: Int, height: Int, componentCount: Int, precision: Int, samples: [Sample], reference: [Sample],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(width == entry.width, "\(entry.name)", sourceLocation: sourceLocation)
        #expect(height == entry.height, "\(entry.name)", sourceLocation: sourceLocation)
        #expect(componentCount == entry.components, "\(entry.name)", sourceLocation: sourceLocation)
        #expect(precision == entry.precision, "\(entry.name)", sourceLocation: sourceLocation)
        let mismatch = zip(samples, reference).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(
            samples.count == reference.count && mismatch == nil,
            "\(entry.name): first mismatch at \(String(describing: mismatch))", sourceLocation: sourceLocation)
    }

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static let generated: Result<Generated, FixtureError> = generate()

    static func load() throws -> Generated { try generated.get() }

    private static func generate() -> Result<Generated, FixtureError> {
        do {
            let files = try FixtureScript.run("scripts/generate-codec-fixtures.py")
            guard let manifest = files["manifest.json"] else { return .failure(FixtureError("the fixture script wrote no manifest")) }
            return .success(Generated(files: files, manifest: try JSONDecoder().decode(Manifest.self, from: Data(manifest))))
        } catch {
            return .failure(FixtureError("\(error)"))
        }
    }
}
