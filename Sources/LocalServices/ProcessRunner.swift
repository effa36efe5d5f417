import Foundation

/// What a finished child process left: its exit status and both output streams.
public struct ProcessOutcome: Sendable {
    /// The exit status, or 128 + the signal number for a process a signal ended (as shells report it).
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
        let process = try ChildProcess(
            executable: executable, arguments: arguments, environment: environment, standardOutput: outputURL.path,
            standardError: errorURL.path)
        if let terminateAfter {
            Thread.sleep(forTimeInterval: terminateAfter.milliseconds / 1000)
            process.signal(SIGTERM)
        }
        let status = process.wait()
        return ProcessOutcome(
            status: status,
            standardOutput: String(decoding: (try? Data(contentsOf: outputURL)) ?? Data(), as: UTF8.self),
            standardError: String(decoding: (try? Data(contentsOf: errorURL)) ?? Data(), as: UTF8.self))
    }
}
