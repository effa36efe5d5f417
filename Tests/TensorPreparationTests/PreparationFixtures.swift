import Foundation
import LocalServices
import Testing

/// Images and the seed's tensors written by `scripts/generate-preparation-fixtures.py` into a
/// fresh temporary folder, once per test process; a missing venv fails the tests that need it.
enum PreparationFixtures {
    struct Generated: Sendable {
        var folder: String
        var images: [String]

        func path(_ name: String) -> String { "\(folder)/\(name)" }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// `RADSTREAM_PYTHON`, else the repository's `.venv/bin/python`.
    static var python: String {
        ProcessInfo.processInfo.environment["RADSTREAM_PYTHON"] ?? "\(repositoryRoot)/.venv/bin/python"
    }

    /// Where `swift build` put `radstream`: beside the test bundle.
    static var radstream: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path + "/radstream"
    }

    static let generated: Result<Generated, Failure> = generate()

    static func load() throws -> Generated { try generated.get() }

    private static func generate() -> Result<Generated, Failure> {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            return .failure(Failure("no Python at \(python): run scripts/setup.sh or set RADSTREAM_PYTHON"))
        }
        let folder = FileManager.default.temporaryDirectory.appending(path: "radstream-preparation-\(UUID().uuidString)").path
        do {
            let run = try ProcessResult.run(python, ["\(repositoryRoot)/scripts/generate-preparation-fixtures.py", folder])
            guard run.status == 0 else { return .failure(Failure("fixture script failed: \(run.standardError)")) }
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/manifest.json")))
            guard let images = (manifest as? [String: Any])?["images"] as? [String] else { return .failure(Failure("bad manifest")) }
            return .success(Generated(folder: folder, images: images))
        } catch {
            return .failure(Failure("fixture script could not run: \(error)"))
        }
    }
}

/// A finished child process: exit status and both output streams.
struct ProcessResult {
    var status: Int32
    var standardOutput: String
    var standardError: String

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> ProcessResult {
        let outcome = try ProcessRunner.run(executable, arguments: arguments, environment: environment)
        return ProcessResult(status: outcome.status, standardOutput: outcome.standardOutput, standardError: outcome.standardError)
    }
}

/// The float32 contents of a little-endian `.npy` v1.0 file written by NumPy.
struct NumPyArray {
    var shape: [Int]
    var values: [Float]

    init(path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        guard bytes.count > 10, bytes[0] == 0x93, bytes[6] == 1 else { throw PreparationFixtures.Failure("\(path) is not .npy v1") }
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        let header = String(decoding: bytes[10..<10 + headerLength], as: UTF8.self)
        guard header.contains("'descr': '<f4'"), header.contains("'fortran_order': False"),
            let open = header.firstIndex(of: "("), let close = header.firstIndex(of: ")")
        else { throw PreparationFixtures.Failure("unexpected header \(header)") }
        shape = header[header.index(after: open)..<close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let body = Array(bytes[(10 + headerLength)...])
        values = stride(from: 0, to: body.count, by: 4).map { offset in
            Float(
                bitPattern: UInt32(body[offset]) | UInt32(body[offset + 1]) << 8 | UInt32(body[offset + 2]) << 16 | UInt32(body[offset + 3])
                    << 24)
        }
    }
}

/// Max and mean absolute difference of two equally long arrays.
struct Difference: CustomStringConvertible {
    var maximum: Float = 0
    var mean: Float = 0

    init(_ a: [Float], _ b: [Float]) {
        precondition(a.count == b.count)
        var total: Double = 0
        for index in a.indices {
            let difference = abs(a[index] - b[index])
            maximum = max(maximum, difference)
            total += Double(difference)
        }
        mean = Float(total / Double(max(a.count, 1)))
    }

    var description: String { "max \(maximum), mean \(mean)" }
}

/// NCHW [1, 3, H, W] normalised values back to the 0…255 scale: (t × std + mean) × 255.
func greyLevels(_ values: [Float], height: Int, width: Int) -> [Float] {
    let mean: [Float] = [0.485, 0.456, 0.406]
    let standardDeviation: [Float] = [0.229, 0.224, 0.225]
    let plane = height * width
    return values.indices.map { index in (values[index] * standardDeviation[index / plane] + mean[index / plane]) * 255 }
}
