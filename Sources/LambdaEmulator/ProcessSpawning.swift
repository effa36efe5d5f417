#if canImport(Glibc)
    import Glibc
#endif

/// How the emulator (and the local tools) start a child process with `posix_spawn`: the way
/// Lambda starts a runtime, with a clean signal mask and default dispositions (a server
/// thread's blocked signals must not leak into the child) in a process group of its own (so a
/// timeout or shutdown reaches the whole tree).
public enum ProcessSpawning {
    /// Calls `body` with spawn attributes set up as described above.
    public static func withCleanAttributes<R>(_ body: (inout posix_spawnattr_t) -> R) -> R {
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
        return body(&attributes)
    }

    /// Calls `body` with `strings` as a NULL-terminated C array (argv, envp), freed afterwards.
    public static func withCStringArray<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
        let pointers = strings.map { strdup($0) }
        defer { pointers.forEach { free($0) } }
        return body(pointers + [nil])
    }
}
