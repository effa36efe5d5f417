import Foundation
import LocalServices
import Testing

/// pydicom's test files, the pydicom-data files and generated files, with pydicom 3's
/// references, written by `scripts/generate-dicom-fixtures.py` into a fresh temporary folder
/// once per test process; a missing venv or pydicom fails the tests that need them.
enum DICOMFixtures {
    struct Entry: Sendable {
        var name: String
        var path: String
        var hasPreamble: Bool
        var transferSyntax: String?
        var hasPixelData: Bool
        /// pydicom read a value the end of the file cuts short (it does not complain; this reader does).
        var isTruncated: Bool
        var pydicomError: String?
        var reference: String?
        var rows: Int
        var columns: Int
        var channels: Int
        var frameIndex: Int
        var middleFrame: Bool
        var photometric: String
        var bitsStored: Int
        var isSigned: Bool
    }

    struct Generated: Sendable {
        var folder: String
        var entries: [Entry]

        func int32s(_ entry: Entry) throws -> [Int32] {
            try read(entry, "raw.i32").map { Int32(bitPattern: $0) }
        }

        func floats(_ entry: Entry, _ kind: String) throws -> [Float] {
            try read(entry, "\(kind).f32").map { Float(bitPattern: $0) }
        }

        private func read(_ entry: Entry, _ suffix: String) throws -> [UInt32] {
            guard let reference = entry.reference else { throw Failure("\(entry.name) has no reference") }
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(reference).\(suffix)")))
            return stride(from: 0, to: bytes.count, by: 4).map { offset in
                UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            }
        }
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

    static let generated: Result<Generated, Failure> = generate()

    static func load() throws -> Generated { try generated.get() }

    static func bytes(_ entry: Entry) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: entry.path)))
    }

    private static func generate() -> Result<Generated, Failure> {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            return .failure(Failure("no Python at \(python): run scripts/setup.sh or set RADSTREAM_PYTHON"))
        }
        let folder = FileManager.default.temporaryDirectory.appending(path: "radstream-dicom-\(UUID().uuidString)").path
        do {
            let run = try ProcessRunner.run(python, arguments: ["\(repositoryRoot)/scripts/generate-dicom-fixtures.py", folder])
            guard run.status == 0 else { return .failure(Failure("fixture script failed: \(run.standardError)")) }
            let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/manifest.json")))
            guard let files = (manifest as? [String: Any])?["files"] as? [[String: Any]] else { return .failure(Failure("bad manifest")) }
            let entries = files.map { file in
                Entry(
                    name: file["name"] as? String ?? "", path: file["path"] as? String ?? "",
                    hasPreamble: file["hasPreamble"] as? Bool ?? false, transferSyntax: file["transferSyntax"] as? String,
                    hasPixelData: file["hasPixelData"] as? Bool ?? false, isTruncated: file["truncated"] as? Bool ?? false,
                    pydicomError: file["pydicomError"] as? String,
                    reference: file["reference"] as? String, rows: file["rows"] as? Int ?? 0, columns: file["columns"] as? Int ?? 0,
                    channels: file["channels"] as? Int ?? 0, frameIndex: file["frameIndex"] as? Int ?? 0,
                    middleFrame: file["frame"] as? String == "middle", photometric: file["photometric"] as? String ?? "",
                    bitsStored: file["bitsStored"] as? Int ?? 0, isSigned: file["signed"] as? Bool ?? false)
            }
            return .success(Generated(folder: folder, entries: entries))
        } catch {
            return .failure(Failure("fixture script could not run: \(error)"))
        }
    }
}

/// Max and mean absolute difference of two equally long arrays, on a scale (255 for grey levels).
struct Difference: CustomStringConvertible {
    var maximum: Double = 0
    var mean: Double = 0

    init(_ a: [Float], _ b: [Float], scale: Double = 255) {
        var total: Double = 0
        for index in a.indices {
            let difference = abs(Double(a[index]) - Double(b[index])) * scale
            maximum = max(maximum, difference)
            total += difference
        }
        mean = total / Double(max(a.count, 1))
    }

    var description: String { "max \(maximum), mean \(mean)" }
}
