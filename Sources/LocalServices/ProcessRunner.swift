import Foundation

/// What a finished child process left: its exit status and both output streams.
public struct ProcessOutcome: Sendable {
    /// The exit status (or the signal number for a signalled process).
    public var status: Int32
    /// Everything written to stdout.
    public var standardOutput: String
    /// Everything written to stderr.
    public var standardError: String
}

/// Runs a program to completion with its output captured in temporary files.
///
/// Files, not pipes: a pipe reaches end-of-file only when every copy of its write end is
/// closed, and a server started at the same moment by another test (moto, Triton) can inherit
/// one and keep a reader blocked forever. A file is simply read after the process exits.
public enum ProcessRunner {
    /// Runs `executable` and waits for it to exit. Blocks the calling thread.
    ///
    /// - Parameter terminateAfter: sends SIGTERM after this long (to test shutdown behaviour).
    public static func run(
        _ executable: String,
        arguments: [String] = [],
        environment: [String: String]? = nil,
        terminateAfter: Duration? = nil
    ) throws -> ProcessOutcome {
        let folder = FileManager.default.temporaryDirectory.appending(path: "radstream-process-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputURL = folder.appending(path: "stdout")
        let errorURL = folder.appending(path: "stderr")
        FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let output = try FileHandle(forWritingTo: outputURL)
        let errors = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? errors.close()
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        if let terminateAfter {
            Thread.sleep(forTimeInterval: Double(terminateAfter.components.seconds) + Double(terminateAfter.components.attoseconds) / 1e18)
            process.terminate()
        }
        process.waitUntilExit()
        return ProcessOutcome(
            status: process.terminationStatus,
            standardOutput: String(decoding: (try? Data(contentsOf: outputURL)) ?? Data(), as: UTF8.self),
            standardError: String(decoding: (try? Data(contentsOf: errorURL)) ?? Data(), as: UTF8.self))
    }
}
