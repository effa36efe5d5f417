#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A body that arrives over time: one producer (an HTTP transfer's write callback) appends, and
/// readers (a decoder on another thread) read it in place from any offset, blocking until the
/// bytes they need have arrived, the body has ended, or it never will.
///
/// The storage is allocated once, at the size announced before the first byte (a response's
/// `Content-Length`, already checked against the caller's limit), so arrived bytes never move:
/// a reader gets a pointer into them that stays valid for the object's lifetime, and can start
/// over from offset 0 (a header probe, then the decode). Appending never blocks the producer, so
/// a slow reader never slows the transfer down; the memory is what a whole-body read holds.
///
/// The states are explicit (``State``) and move only forward: `receiving` → `complete` (the
/// producer saw the whole body arrive), `failed` (the transfer broke) or `abandoned` (a reader
/// gave up: the producer's next ``append(_:)`` returns `false`, which stops the transfer). The
/// first end wins, which is how a caller tells "the decoder failed on the data" from "the data
/// stopped coming".
public final class ArrivingBytes: @unchecked Sendable {
    /// Where the body is.
    public enum State: Sendable, Equatable {
        /// Bytes may still arrive.
        case receiving
        /// Every announced byte arrived and the transfer succeeded.
        case complete
        /// The transfer failed or the body overran its announced length: no more bytes will come,
        /// and those that came are not the whole body.
        case failed
        /// A reader stopped reading before the end (its own error); the transfer is stopped.
        case abandoned
    }

    /// What a reader waiting past an offset gets.
    public enum Availability: Sendable, Equatable {
        /// Bytes beyond the offset have arrived; `count` of them, starting there.
        case bytes(count: Int)
        /// The body is complete and has no byte at that offset.
        case end
        /// The body will never be complete (``State/failed`` or ``State/abandoned``).
        case interrupted
    }

    /// The announced length (or, when none was announced, the limit): the most bytes the body
    /// may have.
    public let capacity: Int
    /// Whether ``capacity`` is the body's announced length, which a complete body must reach.
    public let isLengthAnnounced: Bool
    // Written only by the producer, under the mutex; read under it, or without it below `count`.
    private let storage: UnsafeMutableRawPointer
    private var count = 0
    private var state = State.receiving
    private var didOverrun = false
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let arrived = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    /// Creates an empty body of exactly `announcedLength` bytes, or, when no length was announced,
    /// of at most `limit` bytes (the memory is reserved, but pages the body never reaches are
    /// never touched).
    public init(announcedLength: Int?, limit: Int) {
        let capacity = announcedLength ?? limit
        precondition(capacity >= 0, "capacity must not be negative")
        self.capacity = capacity
        isLengthAnnounced = announcedLength != nil
        // One byte at least, so that an empty body still has an address to read from.
        storage = .allocate(byteCount: max(capacity, 1), alignment: 16)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(arrived, nil)
    }

    /// A body that has already arrived whole (an empty response, or bytes read some other way).
    public convenience init(complete bytes: [UInt8]) {
        self.init(announcedLength: bytes.count, limit: bytes.count)
        bytes.withUnsafeBytes { _ = append($0) }
        finish()
    }

    deinit {
        pthread_cond_destroy(arrived)
        pthread_mutex_destroy(mutex)
        arrived.deallocate()
        mutex.deallocate()
        storage.deallocate()
    }

    // MARK: Producer

    /// Appends `bytes` (the producer's thread only). Returns `false` — stop the transfer — when a
    /// reader abandoned the body, or when `bytes` would overrun the announced length (the body
    /// then becomes ``State/failed``).
    public func append(_ bytes: UnsafeRawBufferPointer) -> Bool {
        locked {
            guard state == .receiving else { return false }
            guard bytes.count <= capacity - count else {
                state = .failed
                didOverrun = true
                pthread_cond_broadcast(arrived)
                return false
            }
            if let source = bytes.baseAddress, !bytes.isEmpty {
                (storage + count).copyMemory(from: source, byteCount: bytes.count)
            }
            count += bytes.count
            pthread_cond_broadcast(arrived)
            return true
        }
    }

    /// The transfer ended successfully: the body is complete, unless it is shorter than announced
    /// (then it is ``State/failed``: the missing bytes are not the image's end). No effect after
    /// another end.
    public func finish() {
        locked {
            guard state == .receiving else { return }
            state = !isLengthAnnounced || count == capacity ? .complete : .failed
            pthread_cond_broadcast(arrived)
        }
    }

    /// The transfer failed: readers waiting for more get ``Availability/interrupted``. No effect
    /// after another end.
    public func fail() {
        end(.failed)
    }

    /// A reader gives up (its decode failed): the producer's next append returns `false`. No
    /// effect after another end.
    public func abandon() {
        end(.abandoned)
    }

    /// Whether more bytes arrived than were announced (the body then failed).
    public var overran: Bool { locked { didOverrun } }

    // MARK: Readers

    /// How the body ended, or ``State/receiving``.
    public var currentState: State { locked { state } }

    /// The bytes that have arrived so far.
    public var arrivedCount: Int { locked { count } }

    /// Blocks until bytes beyond `offset` have arrived or the body has ended.
    public func wait(beyond offset: Int) -> Availability {
        locked {
            while true {
                if count > offset { return .bytes(count: count - offset) }
                switch state {
                case .receiving: pthread_cond_wait(arrived, mutex)
                case .complete: return .end
                case .failed, .abandoned: return .interrupted
                }
            }
        }
    }

    /// Blocks until the body has ended; returns all of it when it is complete, `nil` when it never
    /// will be. For readers that need the whole body at once.
    public func waitForAll() -> [UInt8]? {
        locked {
            while state == .receiving { pthread_cond_wait(arrived, mutex) }
            guard state == .complete else { return nil }
            return [UInt8](UnsafeRawBufferPointer(start: storage, count: count))
        }
    }

    /// Reads the arrived bytes `offset..<offset + count` in place, after ``wait(beyond:)`` has
    /// reported them. They never move or change while this object lives, so the pointer handed
    /// to `body` may be kept (by a C decoder's source) as long as the object is kept alive.
    public func withArrivedBytes<Result>(from offset: Int, count: Int, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        precondition(offset >= 0 && count >= 0 && offset + count <= arrivedCount, "only arrived bytes can be read")
        return body(UnsafeRawBufferPointer(start: storage + offset, count: count))
    }

    // MARK: Private

    private func end(_ final: State) {
        locked {
            guard state == .receiving else { return }
            state = final
            pthread_cond_broadcast(arrived)
        }
    }

    private func locked<Result>(_ body: () -> Result) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}
