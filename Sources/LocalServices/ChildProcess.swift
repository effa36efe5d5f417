import Foundation
import LambdaEmulator
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A program started with `posix_spawn` and reaped with `waitpid` on its own pid only.
///
/// Used instead of Foundation's `Process`, whose `waitUntilExit()` was seen here to wait forever
/// for a child that had long exited, when tests running in parallel started processes from
/// several threads at once (a gdb backtrace of the hung test showed it parked in
/// `Process.waitUntilExit` with the child gone). `waitpid` on a known pid cannot miss an exit.
public final class ChildProcess: Sendable {
    /// The child's process id.
    public let processIdentifier: pid_t
    private let exitStatus = Mutex<Int32?>(nil)

    /// Starts `executable` with stdin from /dev/null and stdout/stderr into the given files
    /// (`nil`: /dev/null; the same path: one file for both), in its own process group so
    /// ``signalGroup(_:)`` reaches its children, with no other descriptor of this process.
    ///
    /// - Parameter environment: the whole environment; `nil` inherits this process's.
    public init(
        executable: String, arguments: [String] = [], environment: [String: String]? = nil, standardOutput: String? = nil,
        standardError: String? = nil
    ) throws {
        do {
            processIdentifier = try ProcessSpawning.spawn(
                executable: executable, arguments: arguments, environment: environment ?? ProcessInfo.processInfo.environment
            ) { actions in
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
                posix_spawn_file_actions_addopen(&actions, 1, standardOutput ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                if let standardError, standardError == standardOutput {
                    posix_spawn_file_actions_adddup2(&actions, 1, 2)  // one file, one offset: lines interleave, never overwrite
                } else {
                    posix_spawn_file_actions_addopen(&actions, 2, standardError ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                }
            }
        } catch {
            throw LocalServiceError(error.description)
        }
    }

    /// Whether the child is still running (reaps it if it has exited).
    public var isRunning: Bool {
        exitStatus.withLock { recorded in
            guard recorded == nil else { return false }
            var status: Int32 = 0
            let result = waitpid(processIdentifier, &status, WNOHANG)
            if result == processIdentifier { recorded = Self.decode(status) }
            return result == 0
        }
    }

    /// Waits until the child exits; returns its exit code, or 128 + the signal that ended it.
    @discardableResult
    public func wait() -> Int32 {
        if let recorded = exitStatus.withLock({ $0 }) { return recorded }
        var status: Int32 = 0
        var result: pid_t
        repeat { result = waitpid(processIdentifier, &status, 0) } while result < 0 && errno == EINTR
        return exitStatus.withLock { recorded in
            if recorded == nil { recorded = result == processIdentifier ? Self.decode(status) : -1 }
            return recorded ?? -1
        }
    }

    /// Sends `signal` to the child (never after it was reaped, so a reused pid is never hit).
    public func signal(_ signal: Int32) {
        exitStatus.withLock { recorded in
            if recorded == nil { _ = kill(processIdentifier, signal) }
        }
    }

    /// Sends `signal` to the child's whole process group.
    public func signalGroup(_ signal: Int32) {
        exitStatus.withLock { recorded in
            if recorded == nil { _ = kill(-processIdentifier, signal) }
        }
    }

    private static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
