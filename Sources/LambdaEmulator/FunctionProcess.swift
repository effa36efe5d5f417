import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One running `bootstrap` process: its output forwarded line by line, its exit observed,
/// its peak memory read from the kernel.
///
/// Spawned with `posix_spawn` the way Lambda starts a runtime: a clean signal mask and default
/// dispositions (a server thread's blocked signals must not leak into the function), its own
/// process group (a timeout kills the whole tree), stdin from /dev/null, stdout and stderr into
/// one pipe, no other descriptor (``ProcessSpawning``).
final class FunctionProcess {
    let processIdentifier: Int32
    private let state = ReapState()

    /// Starts `configuration`'s executable with the Lambda environment pointing at `runtimeAPI`.
    ///
    /// - Parameters:
    ///   - onOutput: called with each line the process writes to stdout or stderr.
    ///   - onExit: called once with how the process ended.
    init(
        configuration: FunctionConfiguration,
        runtimeAPI: String,
        onOutput: @escaping @Sendable (String) -> Void,
        onExit: @escaping @Sendable (Exit) -> Void
    ) throws {
        // Close-on-exec from the start (pipe2), so no process another thread spawns meanwhile
        // inherits the write end and keeps the reader from ever seeing end-of-file.
        var pipeEnds: [Int32] = [0, 0]
        guard systemPipe2(&pipeEnds, O_CLOEXEC) == 0 else { throw POSIXError(.EMFILE) }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])

        let directory = configuration.taskRoot ?? Self.folder(of: configuration.executablePath)
        let pid: pid_t
        do {
            pid = try ProcessSpawning.spawn(
                executable: configuration.executablePath,
                arguments: configuration.arguments,
                environment: Self.environment(for: configuration, runtimeAPI: runtimeAPI)
            ) { actions in
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
                posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
                posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
                ProcessSpawning.addChangeDirectory(&actions, to: directory)  // Lambda runs bootstrap in LAMBDA_TASK_ROOT
            }
        } catch {
            close(writeEnd)
            close(readEnd)
            throw error
        }
        close(writeEnd)
        processIdentifier = pid
        Self.forwardLines(from: readEnd, to: onOutput)
        Self.awaitExit(of: pid, reaped: state, then: onExit)
    }

    /// Kills the process and everything it started (SIGKILL to its group), as Lambda does at a
    /// timeout. Does nothing once the process has been reaped, so a reused pid is never hit.
    func kill() {
        state.reaped.withLock { reaped in
            if !reaped { _ = Glibc.kill(-processIdentifier, SIGKILL) }
        }
    }

    /// Peak resident memory of the process and its descendants, in bytes (`VmHWM`).
    func peakResidentBytes() -> Int {
        var total = 0
        var pending = [processIdentifier]
        var seen = Set<Int32>()
        while let pid = pending.popLast(), seen.insert(pid).inserted {
            total += ProcessMemory.peakResidentBytes(of: pid) ?? 0
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
        if configuration.maximumConcurrency > 1 {
            environment["AWS_LAMBDA_MAX_CONCURRENCY"] = String(configuration.maximumConcurrency)
        }
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

    private static func forwardLines(from descriptor: Int32, to onOutput: @escaping @Sendable (String) -> Void) {
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
            close(descriptor)
        }
    }

    /// How a process ended.
    struct Exit: Sendable {
        /// `exit status 3`, `signal: killed`, … as Lambda words it.
        var description: String
        /// The peak resident memory the kernel accounted to the process (`ru_maxrss`): once it
        /// is reaped, /proc has nothing left to read.
        var peakResidentBytes: Int
    }

    private static func awaitExit(of pid: pid_t, reaped: ReapState, then onExit: @escaping @Sendable (Exit) -> Void) {
        Thread.detachNewThread {
            var status: Int32 = 0
            var usage = rusage()
            while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
            reaped.reaped.withLock { $0 = true }
            let signal = status & 0x7F
            onExit(
                Exit(
                    description: signal == 0 ? "exit status \((status >> 8) & 0xFF)" : "signal: \(signalName(signal))",
                    peakResidentBytes: Int(usage.ru_maxrss) * 1024))
        }
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

/// Whether a process has been reaped, shared by its waiter thread and `kill()`.
private final class ReapState: Sendable {
    let reaped = Mutex(false)
}

/// glibc's `pipe2` (hidden behind `_GNU_SOURCE` in its headers): a pipe that is close-on-exec
/// atomically.
@_silgen_name("pipe2")
private func systemPipe2(_ fileDescriptors: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32
