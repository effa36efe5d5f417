import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One running `bootstrap` process: its output forwarded line by line, its exit observed,
/// its peak memory read from the kernel.
final class FunctionProcess {
    let processIdentifier: Int32
    private let process: Process

    /// Starts `configuration`'s executable with the Lambda environment pointing at `runtimeAPI`.
    ///
    /// - Parameters:
    ///   - onOutput: called with each line the process writes to stdout or stderr.
    ///   - onExit: called once with a description of how the process ended.
    init(
        configuration: FunctionConfiguration,
        runtimeAPI: String,
        onOutput: @escaping @Sendable (String) -> Void,
        onExit: @escaping @Sendable (String) -> Void
    ) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: configuration.executablePath)
        process.arguments = configuration.arguments
        process.environment = Self.environment(for: configuration, runtimeAPI: runtimeAPI)
        process.currentDirectoryURL = URL(fileURLWithPath: configuration.taskRoot ?? Self.folder(of: configuration.executablePath))
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { finished in
            let description = switch finished.terminationReason {
            case .exit: "exit status \(finished.terminationStatus)"
            case .uncaughtSignal: "signal: \(Self.signalName(finished.terminationStatus))"
            @unknown default: "status \(finished.terminationStatus)"
            }
            onExit(description)
        }
        try process.run()
        self.process = process
        processIdentifier = process.processIdentifier
        Self.forwardLines(from: output.fileHandleForReading, to: onOutput)
    }

    /// Kills the process at once (SIGKILL), as Lambda does at a timeout.
    func kill() {
        _ = Glibc.kill(processIdentifier, SIGKILL)
    }

    /// Peak resident memory of the process and its descendants, in bytes (`VmHWM`).
    func peakResidentBytes() -> Int {
        var total = 0
        var pending = [processIdentifier]
        var seen = Set<Int32>()
        while let pid = pending.popLast(), seen.insert(pid).inserted {
            total += Self.highWaterMark(of: pid)
            pending += Self.children(of: pid)
        }
        return total
    }

    // MARK: - Helpers

    static func environment(for configuration: FunctionConfiguration, runtimeAPI: String) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["AWS_LAMBDA_RUNTIME_API"] = runtimeAPI
        environment["AWS_LAMBDA_FUNCTION_NAME"] = configuration.name
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST"
        environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = String(configuration.memorySizeMB)
        environment["AWS_LAMBDA_FUNCTION_TIMEOUT"] = String(configuration.timeout.components.seconds)
        environment["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/\(configuration.name)"
        environment["AWS_LAMBDA_LOG_STREAM_NAME"] = "$LATEST"
        environment["AWS_LAMBDA_INITIALIZATION_TYPE"] = "on-demand"
        environment["_HANDLER"] = configuration.handler
        environment["LAMBDA_TASK_ROOT"] = configuration.taskRoot ?? folder(of: configuration.executablePath)
        environment["LAMBDA_RUNTIME_DIR"] = folder(of: configuration.executablePath)
        if environment["AWS_REGION"] == nil {
            environment["AWS_REGION"] = environment["AWS_DEFAULT_REGION"] ?? "us-east-1"
        }
        environment["AWS_DEFAULT_REGION"] = environment["AWS_DEFAULT_REGION"] ?? environment["AWS_REGION"]
        for (name, value) in configuration.environment {
            environment[name] = value
        }
        return environment
    }

    static func folder(of path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().path
    }

    private static func forwardLines(from handle: FileHandle, to onOutput: @escaping @Sendable (String) -> Void) {
        let descriptor = handle.fileDescriptor
        Thread.detachNewThread {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                pending.append(contentsOf: buffer[0..<count])
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    onOutput(String(decoding: pending[..<newline], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            if !pending.isEmpty {
                onOutput(String(decoding: pending, as: UTF8.self))
            }
            try? handle.close()
        }
    }

    private static func highWaterMark(of pid: Int32) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kilobytes = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) } ?? 0
            return kilobytes * 1024
        }
        return 0
    }

    private static func children(of pid: Int32) -> [Int32] {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return [] }
        return tasks.flatMap { task -> [Int32] in
            guard let list = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8) else { return [] }
            return list.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }

    private static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGKILL: "killed"
        case SIGABRT: "aborted"
        case SIGSEGV: "segmentation fault"
        case SIGTERM: "terminated"
        case SIGILL: "illegal instruction"
        case SIGTRAP: "trace/breakpoint trap"
        case SIGBUS: "bus error"
        default: "signal \(signal)"
        }
    }
}
