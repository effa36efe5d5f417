#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Exports the invocation's X-Ray header as `_X_AMZN_TRACE_ID`, as Lambda's managed runtimes
/// do, for SDKs and tracing libraries that only look there.
///
/// ``LambdaContext/traceID`` is the source of truth: the variable is process-global, so it can
/// describe one invocation at a time only, and exists for compatibility. It is exported without
/// any per-invocation allocation: glibc's `setenv` keeps every distinct value it was ever given
/// (it cannot know whether a caller still holds a `getenv` pointer), so exporting a fresh trace
/// id per invocation with `setenv` grew a warm function by ~141 bytes per invocation. Instead
/// one buffer, allocated once for the process's lifetime, holds `_X_AMZN_TRACE_ID=<header>`; it
/// is rewritten in place and handed to `putenv`, which stores the pointer itself (re-added after
/// each `unsetenv`, which drops the pointer and frees nothing).
///
/// A header longer than ``maximumLength`` bytes (Lambda's own limit for `XAmznTraceId`, see
/// https://docs.aws.amazon.com/lambda/latest/api/API_TraceHeader.html), or one containing a
/// NUL byte, is not exported: the variable is removed for that invocation rather than
/// truncated, because a truncated header would name a different trace. The context keeps it.
final class TraceEnvironment {
    /// The variable's name.
    static let variable = "_X_AMZN_TRACE_ID"
    /// The longest header exported, in UTF-8 bytes: Lambda's `XAmznTraceId` length limit.
    static let maximumLength = 8192

    /// `_X_AMZN_TRACE_ID=` followed by room for ``maximumLength`` bytes and a NUL. Never freed:
    /// once `putenv` has it, `environ` points into it for the rest of the process.
    private let entry: UnsafeMutablePointer<CChar>
    private let valueOffset: Int
    /// Whether `entry` is currently in `environ`.
    private var isExported = false

    init() {
        let prefix = Array("\(Self.variable)=".utf8CString.dropLast())
        valueOffset = prefix.count
        entry = .allocate(capacity: prefix.count + Self.maximumLength + 1)
        for (index, byte) in prefix.enumerated() { entry[index] = byte }
        entry[valueOffset] = 0
    }

    /// Exports `traceID` (or removes the variable for `nil`). Returns `false` when the header
    /// is too long or contains a NUL byte, and was therefore not exported.
    @discardableResult
    func export(_ traceID: String?) -> Bool {
        guard let traceID else {
            remove()
            return true
        }
        guard traceID.utf8.count <= Self.maximumLength, !traceID.utf8.contains(0) else {
            remove()
            return false
        }
        var header = traceID
        header.withUTF8 { copy($0) }
        if !isExported {
            // putenv stores `entry` itself in environ; rewrites while exported need no call.
            isExported = putenv(entry) == 0
        }
        return isExported
    }

    private func copy(_ bytes: UnsafeBufferPointer<UInt8>) {
        let value = UnsafeMutableRawPointer(entry + valueOffset)
        if let base = bytes.baseAddress, bytes.count > 0 {
            value.copyMemory(from: base, byteCount: bytes.count)
        }
        entry[valueOffset + bytes.count] = 0
    }

    /// Also removes a value inherited from the parent process. `unsetenv` only drops the
    /// pointer from `environ`; it never frees a string given to `putenv`.
    private func remove() {
        unsetenv(Self.variable)
        isExported = false
    }
}
