#if canImport(Glibc)
    import Glibc
#endif

/// The one way the emulator and the local tools start a child process: `posix_spawn` the way
/// Lambda starts a runtime, with a clean signal mask and default dispositions (a server
/// thread's blocked signals must not leak into the child), in a process group of its own (so a
/// timeout or shutdown reaches the whole tree), and with no descriptor but 0, 1 and 2.
///
/// Closing inherited descriptors matters because SwiftNIO accepts connections with
/// `accept4(…, SOCK_NONBLOCK)` and no `SOCK_CLOEXEC`: a child started while a server in this
/// process held an accepted connection kept a copy of that socket, so when the server closed
/// its side no FIN was sent and the peer waited out its whole timeout (the "lost PUT response"
/// of the fault-injection tests; a caller of `radstream emulate` whose connection stayed open
/// across a function restart). `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34+) closes
/// every descriptor from 3 up in the child, after the caller's own file actions ran.
///
/// swift-subprocess (the ecosystem's process API) does the same, but its processes live only
/// for the duration of an async closure, while ours are owned for a long time by synchronous
/// code: an execution environment across many invocations, moto or Triton across a test suite,
/// stopped from `deinit`. See docs/runtime-and-emulator.md.
public enum ProcessSpawning {
    /// Starts `executable` (an absolute path; no `PATH` search) and returns its process id.
    ///
    /// - Parameters:
    ///   - arguments: argv after argv[0], which is `executable`.
    ///   - environment: the child's whole environment.
    ///   - fileActions: sets up descriptors 0–2 (and a working directory) before every other
    ///     descriptor is closed.
    /// - Throws: `POSIXError` with `posix_spawn`'s error (`ENOENT`, `EACCES`, `ENOEXEC`, …).
    public static func spawn(
        executable: String,
        arguments: [String] = [],
        environment: [String: String],
        fileActions: (inout posix_spawn_file_actions_t) -> Void
    ) throws(SpawnError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        fileActions(&actions)
        let closing = spawnFileActionsAddClosefrom(&actions, 3)
        guard closing == 0 else { throw SpawnError(executable: executable, code: closing) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var pid: pid_t = 0
        let environmentLines = environment.map { "\($0.key)=\($0.value)" }
        let status = withCStringArray([executable] + arguments) { argv in
            withCStringArray(environmentLines) { envp in
                posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            }
        }
        guard status == 0 else { throw SpawnError(executable: executable, code: status) }
        return pid
    }

    /// Adds a change of working directory to `actions` (glibc 2.29+; hidden behind
    /// `_GNU_SOURCE` in its headers). Returns `false` if glibc refused it.
    @discardableResult
    public static func addChangeDirectory(_ actions: inout posix_spawn_file_actions_t, to path: String) -> Bool {
        spawnFileActionsAddChdir(&actions, path) == 0
    }

    /// Calls `body` with `strings` as a NULL-terminated C array (argv, envp), freed afterwards.
    private static func withCStringArray<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return body(pointers + [nil])
    }
}

/// `posix_spawn` could not start a program.
public struct SpawnError: Error, CustomStringConvertible {
    /// The program.
    public var executable: String
    /// The `errno` value `posix_spawn` returned.
    public var code: Int32

    public var description: String {
        "could not start \(executable): \(String(cString: strerror(code)))"
    }
}

@_silgen_name("posix_spawn_file_actions_addchdir_np")
private func spawnFileActionsAddChdir(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ path: UnsafePointer<CChar>) -> Int32

@_silgen_name("posix_spawn_file_actions_addclosefrom_np")
private func spawnFileActionsAddClosefrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ from: Int32) -> Int32
