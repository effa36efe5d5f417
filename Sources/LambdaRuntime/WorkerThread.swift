import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Starts the runtime worker threads of a multi-concurrency environment.
///
/// A worker's body owns its handler and its Runtime API client (one libcurl handle each); the
/// body is `sending`, so the compiler has proved that nothing it holds is reachable from any
/// other thread, and it can cross into the new thread without being `Sendable`.
enum WorkerThread {
    /// Why a worker thread could not be started.
    struct StartFailure: Error, CustomStringConvertible {
        /// The `pthread_create` result (`EAGAIN`: a thread or memory limit).
        var status: Int32
        var description: String { "could not start a runtime worker thread (pthread_create returned \(status))" }
    }

    /// Runs `body` on a new detached thread.
    static func start(_ body: sending @escaping () -> Void) throws(StartFailure) {
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let status = pthread_create(
            &thread, nil,
            { context in
                Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, context)
        guard status == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw StartFailure(status: status)
        }
        pthread_detach(thread)
    }

    /// The closure on its way to its thread; only that thread touches it once it has started.
    private final class Body {
        let run: () -> Void

        init(_ run: @escaping () -> Void) {
            self.run = run
        }
    }
}

/// Holds runtime workers back until the main thread has built every worker's handler.
final class WorkerGate: Sendable {
    private let mutex = Mutex<Void>(())

    /// Runs `body` (building handlers, starting workers) with the gate closed.
    func holdWhile<Result>(_ body: () -> sending Result) -> sending Result {
        mutex.withLock { _ in body() }
    }

    /// Waits until the gate is open; a worker calls it before its first `/next`.
    func pass() {
        mutex.withLock { _ in }
    }
}
