import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The request id of the invocation in progress, so that every log line, from any logger,
/// carries it.
///
/// A Lambda (default) environment runs one invocation at a time: the id is process-wide, so a
/// line logged from a thread the handler started carries it too. A Lambda Managed Instances
/// environment runs one invocation per runtime worker thread at once: each worker's id lives
/// in a slot of its own thread, and a line carries the id of the worker thread that logs it
/// (a thread the handler starts itself has none: log through `context.logger` there, whose
/// lines name the request in their metadata only if the handler adds it).
public enum CurrentInvocation {
    private static let processWide = Mutex<String?>(nil)

    /// The request id being handled on this thread (multi-concurrency) or in this process
    /// (single concurrency), or `nil` during initialisation and between invocations.
    public static var requestID: String? {
        ThreadSlot.current.value ?? processWide.withLock { $0 }
    }

    /// Marks `requestID` as in progress: for the whole process when `processWide`, else for
    /// the calling thread only.
    static func begin(requestID: String, processWide isProcessWide: Bool) {
        if isProcessWide {
            processWide.withLock { $0 = requestID }
        } else {
            ThreadSlot.current.value = requestID
        }
    }

    /// Ends whatever ``begin(requestID:processWide:)`` started on this thread or process.
    static func end() {
        ThreadSlot.current.value = nil
        processWide.withLock { $0 = nil }
    }
}

/// One runtime worker thread's request id, kept in POSIX thread-specific storage.
///
/// The slot object is created the first time its thread asks for it, reachable only through
/// that thread's key value, and released by the key's destructor when the thread ends: it is
/// never shared, so it needs no lock.
private final class ThreadSlot {
    var value: String?

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<ThreadSlot>.fromOpaque(pointer).release() }
        }
        return key
    }()

    static var current: ThreadSlot {
        if let pointer = pthread_getspecific(key) {
            return Unmanaged<ThreadSlot>.fromOpaque(pointer).takeUnretainedValue()
        }
        let slot = ThreadSlot()
        pthread_setspecific(key, Unmanaged.passRetained(slot).toOpaque())
        return slot
    }
}
