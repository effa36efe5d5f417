#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs blocking work (a libcurl transfer) on a thread of its own and awaits the result.
///
/// Async code must never block Swift's cooperative pool: it has one thread per core, and a
/// blocked thread starves every other task of the process, including the servers the
/// blocking call may be waiting for. Functions call ``CurlHTTPClient`` directly on the
/// runtime thread; async tools and tests go through this.
public enum BlockingIO {
    /// Runs `body` on a new thread and returns what it returns or throws.
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let work = ThreadWork {
                continuation.resume(with: Result { try body() })
            }
            let context = Unmanaged.passRetained(work).toOpaque()
            var thread = pthread_t()
            let status = pthread_create(
                &thread, nil,
                { context in
                    let work = Unmanaged<ThreadWork>.fromOpaque(context!).takeRetainedValue()
                    work.body()
                    return nil
                }, context)
            if status == 0 {
                pthread_detach(thread)
            } else {
                Unmanaged<ThreadWork>.fromOpaque(context).release()
                continuation.resume(throwing: HTTPClientError.transfer(code: Int(status), detail: "could not start a thread"))
            }
        }
    }
}

private final class ThreadWork: Sendable {
    let body: @Sendable () -> Void

    init(_ body: @escaping @Sendable () -> Void) {
        self.body = body
    }
}
