/// An error whose `errorType` the function chooses: Step Functions' `Retry` and `Catch`
/// match on it, so it is part of the function's contract.
///
/// Throw a conforming error from a handler to report it; any other error is reported with its
/// Swift type name as `errorType`.
public protocol LambdaFunctionError: Error, CustomStringConvertible {
    /// The `errorType` reported to Lambda, such as `ImageTooLarge`: letters and digits only,
    /// stable across releases, documented for whoever writes the state machine.
    var errorType: String { get }
}

/// The error document the Runtime API receives: `{errorMessage, errorType, stackTrace}`.
public struct LambdaErrorReport: Sendable, Equatable {
    /// Who raised the error, which decides the `Lambda-Runtime-Function-Error-Type` prefix.
    public enum Origin: String, Sendable {
        /// The function's own code (`Function.<Reason>`).
        case function = "Function"
        /// The runtime itself: event decoding, response encoding (`Runtime.<Reason>`).
        case runtime = "Runtime"
    }

    /// The error type Step Functions matches on.
    public var errorType: String
    /// A human-readable message; must not contain patient data.
    public var errorMessage: String
    /// Frames, when known; Swift errors carry none.
    public var stackTrace: [String]
    /// Who raised the error.
    public var origin: Origin

    /// Creates a report.
    public init(errorType: String, errorMessage: String, stackTrace: [String] = [], origin: Origin) {
        self.errorType = errorType
        self.errorMessage = errorMessage
        self.stackTrace = stackTrace
        self.origin = origin
    }

    /// The report for an error thrown by function code.
    public init(functionError error: any Error) {
        if let typed = error as? any LambdaFunctionError {
            self.init(errorType: typed.errorType, errorMessage: typed.description, origin: .function)
        } else {
            // An untyped error's description may print associated values (patient data):
            // report only its type. Give errors a contract with LambdaFunctionError instead.
            let typeName = String(describing: type(of: error))
            self.init(errorType: typeName, errorMessage: "\(typeName) (an error without a LambdaFunctionError contract)", origin: .function)
        }
    }

    /// The `Lambda-Runtime-Function-Error-Type` header value: `Function.<Reason>` or
    /// `Runtime.<Reason>`, the form Lambda accepts (other values become `Runtime.Unknown`).
    public var headerValue: String {
        let reason = errorType.split(separator: ".").last.map(String.init) ?? errorType
        let cleaned = String(reason.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) })
        return "\(origin.rawValue).\(cleaned.isEmpty ? "Unknown" : cleaned)"
    }

    /// The JSON body: `{"errorMessage":…,"errorType":…,"stackTrace":[…]}`.
    public var jsonBody: [UInt8] {
        var text = "{\"errorMessage\":"
        JSONText.appendString(errorMessage, to: &text)
        text += ",\"errorType\":"
        JSONText.appendString(errorType, to: &text)
        text += ",\"stackTrace\":["
        for (index, frame) in stackTrace.enumerated() {
            if index > 0 { text += "," }
            JSONText.appendString(frame, to: &text)
        }
        text += "]}"
        return Array(text.utf8)
    }
}

/// Failures of the runtime itself, reported with `Runtime.<Reason>` error types.
public enum LambdaRuntimeError: LambdaFunctionError, Equatable {
    /// The event could not be decoded into the handler's `Event` type.
    case invalidEvent(detail: String)
    /// The handler's output could not be encoded as JSON.
    case invalidResponse(detail: String)
    /// The invocation's deadline passed: thrown by ``LambdaContext/checkDeadline()``, or
    /// reported for a handler that returned late in a multi-concurrency environment, where
    /// Lambda reports the timeout without ending the process.
    case deadlineExceeded(requestID: String)

    /// `Runtime.InvalidEvent`, `Runtime.InvalidResponse`, or `Sandbox.Timedout`: the errorType
    /// Lambda itself gives a timed-out invocation, so Step Functions' Retry and Catch treat a
    /// timeout alike whether Lambda ended the process or the runtime stopped the handler.
    public var errorType: String {
        switch self {
        case .invalidEvent: "Runtime.InvalidEvent"
        case .invalidResponse: "Runtime.InvalidResponse"
        case .deadlineExceeded: "Sandbox.Timedout"
        }
    }

    public var description: String {
        switch self {
        case .invalidEvent(let detail): "The event is not valid for this function: \(detail)"
        case .invalidResponse(let detail): "The function's result could not be encoded: \(detail)"
        case .deadlineExceeded(let requestID): "RequestId: \(requestID) Task timed out: the invocation's deadline passed"
        }
    }

    var report: LambdaErrorReport {
        LambdaErrorReport(errorType: errorType, errorMessage: description, origin: .runtime)
    }
}
