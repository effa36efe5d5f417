import Synchronization

/// The request id of the invocation in progress, so that every log line, from any logger,
/// carries it. An execution environment runs one invocation at a time.
public enum CurrentInvocation {
    private static let slot = Mutex<String?>(nil)

    /// The request id being handled, or `nil` during initialisation and between invocations.
    public static var requestID: String? {
        slot.withLock { $0 }
    }

    static func begin(requestID: String) {
        slot.withLock { $0 = requestID }
    }

    static func end() {
        slot.withLock { $0 = nil }
    }
}
