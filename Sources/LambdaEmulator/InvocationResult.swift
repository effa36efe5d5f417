/// The platform's measurements for one invocation, as printed in its `REPORT` line.
public struct InvocationReport: Sendable, Equatable {
    /// Time from delivering the event to receiving the answer.
    public var duration: Duration
    /// The initialisation time, when this invocation started a new execution environment.
    public var initDuration: Duration?
    /// The configured memory size in MB.
    public var memorySizeMB: Int
    /// Peak resident memory of the function's processes so far, in MB (rounded up).
    public var maxMemoryUsedMB: Int

    /// Billed duration in whole milliseconds: duration plus init (custom runtimes pay for
    /// their initialisation), rounded up.
    public var billedDurationMilliseconds: Int {
        let total = duration + (initDuration ?? .zero)
        return Int((total.milliseconds).rounded(.up))
    }

    /// The `REPORT RequestId: …` line, tab-separated like Lambda's.
    public func line(requestID: String) -> String {
        var line =
            "REPORT RequestId: \(requestID)\tDuration: \(Self.format(duration)) ms\tBilled Duration: \(billedDurationMilliseconds) ms\tMemory Size: \(memorySizeMB) MB\tMax Memory Used: \(maxMemoryUsedMB) MB"
        if let initDuration {
            line += "\tInit Duration: \(Self.format(initDuration)) ms"
        }
        return line
    }

    static func format(_ duration: Duration) -> String {
        let hundredths = Int((duration.milliseconds * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}

/// The outcome of one invocation, as the Invoke API reports it.
public struct InvocationResult: Sendable {
    /// The request id the runtime saw.
    public var requestID: String
    /// The response payload, or the error document when ``isError`` is true.
    public var payload: [UInt8]
    /// Whether the function failed (the Invoke API's `X-Amz-Function-Error: Unhandled`).
    public var isError: Bool
    /// The error's `Lambda-Runtime-Function-Error-Type`, validated as AWS does:
    /// anything not `Function.<Reason>`/`Runtime.<Reason>` becomes `Runtime.Unknown`.
    public var functionErrorType: String?
    /// The platform's measurements; `nil` when the invocation never reached the runtime.
    public var report: InvocationReport?
    /// Whether the invocation was rejected because every runtime worker of the environment was
    /// busy (Lambda Managed Instances' back-pressure; the Invoke API answers 429).
    public var isThrottled = false

    /// The payload as UTF-8 text.
    public var payloadText: String { String(decoding: payload, as: UTF8.self) }

    /// An invocation refused at arrival: `limit` invocations were already in flight.
    static func throttled(requestID: String, limit: Int) -> InvocationResult {
        let message = "Rate Exceeded: all \(limit) concurrent invocations of the execution environment are in flight"
        return InvocationResult(
            requestID: requestID,
            payload: FunctionInstance.errorBody(type: "TooManyRequestsException", message: message),
            isError: true,
            functionErrorType: nil,
            report: nil,
            isThrottled: true
        )
    }

}
