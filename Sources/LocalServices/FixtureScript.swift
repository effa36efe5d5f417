import Foundation

/// Runs one of the repository's fixture-writing scripts (`scripts/generate-*-fixtures.py`) with
/// the test venv's Python into a fresh temporary folder, and returns every file it wrote.
public enum FixtureScript {
    /// Runs `script` (a path relative to the repository root) with `arguments` followed by
    /// `--output FOLDER`, reads every file below FOLDER into memory and removes the folder.
    /// - Returns: The files' bytes by path relative to FOLDER (`manifest.json`, …).
    /// - Throws: `LocalServiceError` when Python is missing, the script fails (its stderr is in
    ///   the message) or a file cannot be read.
    public static func run(_ script: String, arguments: [String] = []) throws -> [String: [UInt8]] {
        let python = try PythonToolchain.locate().python
        let folder = FileManager.default.temporaryDirectory.appending(path: "radstream-fixtures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = URL(fileURLWithPath: PythonToolchain.repositoryRoot).appending(path: script).path
        let outcome = try ProcessRunner.run(python, arguments: [path] + arguments + ["--output", folder.path])
        guard outcome.status == 0 else {
            throw LocalServiceError("\(script) failed (\(outcome.status)): \(outcome.standardError)")
        }
        var files: [String: [UInt8]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        while let relative = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let url = folder.appending(path: relative)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[relative] = [UInt8](try Data(contentsOf: url))
            }
        }
        return files
    }
}
