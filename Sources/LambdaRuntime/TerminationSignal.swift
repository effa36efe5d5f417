#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// SIGTERM handling: Lambda sends SIGTERM before it shuts an execution environment down.
///
/// The handler only does async-signal-safe work: one `write(2)` of a fixed line and `_exit(0)`.
/// Log lines are written unbuffered, so nothing is left to flush.
enum TerminationSignal {
    static func installHandler() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let message: StaticString = "SIGTERM received: the execution environment is shutting down\n"
            _ = write(STDOUT_FILENO, message.utf8Start, message.utf8CodeUnitCount)
            _exit(0)
        }
        sigemptyset(&action.sa_mask)
        sigaction(SIGTERM, &action, nil)
        // A parent may hand us a blocked SIGTERM (posix_spawn inherits the spawning thread's
        // mask, and server threads block most signals): unblock it, or shutdown never arrives.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        sigaddset(&unblocked, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }
}
