#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Reads an ``ArrivingBytes`` on a thread of its own (a decoder) while the caller's thread
/// produces it (an HTTP transfer), and hands the reader's result back when joined.
///
/// A reader that fails abandons the body, so the producer's next append stops the transfer.
/// The caller must end the body (``ArrivingBytes/finish()`` or ``ArrivingBytes/fail()``) before
/// ``join()``: a reader waiting for bytes is then woken, and the thread always ends. If no thread
/// can be started, the reader runs in ``join()`` instead, on the caller's thread, once the body
/// has ended: the same result, without the overlap.
public final class ArrivingBytesReader<Output: Sendable, Failure: Error & Sendable>: @unchecked Sendable {
    /// The body being read.
    public let body: ArrivingBytes
    private let read: @Sendable (ArrivingBytes) -> Result<Output, Failure>
    // Written by the reader thread before it ends; read by join() after pthread_join.
    private var result: Result<Output, Failure>?
    private var thread: pthread_t?

    /// The reader's stack: a decoder keeps its state on the heap, but musl's default (128 KiB)
    /// is small for Swift frames.
    static var stackBytes: Int { 4 << 20 }

    /// Starts `read` on a new thread over `body`.
    public init(_ body: ArrivingBytes, read: @escaping @Sendable (ArrivingBytes) -> Result<Output, Failure>) {
        self.body = body
        self.read = read
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setstacksize(&attributes, Self.stackBytes)
        // A C entry point cannot name a generic type: the thread gets a plain closure.
        let context = Unmanaged.passRetained(ThreadEntry { [self] in run() }).toOpaque()
        var started = pthread_t()
        let status = pthread_create(
            &started, &attributes,
            { context in
                Unmanaged<ThreadEntry>.fromOpaque(context!).takeRetainedValue().run()
                return nil
            }, context)
        if status == 0 {
            thread = started
        } else {
            Unmanaged<ThreadEntry>.fromOpaque(context).release()
        }
    }

    /// Whether the read runs on its own thread (`false`: it will run in ``join()``).
    public var isConcurrent: Bool { thread != nil }

    /// Waits for the reader and returns its result. Call once, after ending the body.
    public func join() -> Result<Output, Failure> {
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        } else if result == nil {
            run()
        }
        guard let result else { preconditionFailure("the reader thread ended without a result") }
        return result
    }

    private func run() {
        let outcome = read(body)
        if case .failure = outcome { body.abandon() }
        result = outcome
    }
}

/// The closure a reader thread runs; only that thread touches it once started.
private final class ThreadEntry {
    let run: () -> Void

    init(_ run: @escaping () -> Void) {
        self.run = run
    }
}
