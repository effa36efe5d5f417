import Foundation

/// The Python environment `scripts/setup.sh` prepares in `.venv` (Debian's python3 with
/// awslambdaric, moto[server], Pillow, NumPy, …).
public struct PythonToolchain: Sendable {
    /// The interpreter.
    public let python: String

    /// The folder holding the interpreter and the tools pip installed beside it.
    public var binFolder: String { URL(fileURLWithPath: python).deletingLastPathComponent().path }

    /// `RADSTREAM_PYTHON` if set, else `.venv/bin/python` in the current folder or the
    /// repository this library was built from.
    public static func locate() throws -> PythonToolchain {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["RADSTREAM_PYTHON"], !configured.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: configured) else {
                throw LocalServiceError("RADSTREAM_PYTHON=\(configured) is not an executable")
            }
            return PythonToolchain(python: configured)
        }
        for root in [FileManager.default.currentDirectoryPath, repositoryRoot] {
            let candidate = "\(root)/.venv/bin/python"
            if FileManager.default.isExecutableFile(atPath: candidate) { return PythonToolchain(python: candidate) }
        }
        throw LocalServiceError("no Python environment: run scripts/setup.sh (creates .venv) or set RADSTREAM_PYTHON")
    }

    /// A console script installed in the environment (`moto_server`, …).
    public func tool(_ name: String) throws -> String {
        let path = "\(binFolder)/\(name)"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw LocalServiceError("\(name) not found in \(binFolder): run scripts/setup.sh")
        }
        return path
    }

    /// The repository root, from this file's path at build time.
    public static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }
}
