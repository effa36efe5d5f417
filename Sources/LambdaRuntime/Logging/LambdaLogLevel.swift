import Logging

/// Lambda's log format setting (`AWS_LAMBDA_LOG_FORMAT`).
public enum LambdaLogFormat: String, Sendable {
    /// Tab-separated lines: timestamp, request id, level, message.
    case text = "Text"
    /// One JSON object per line with `timestamp`, `level`, `requestId`, `message`.
    case json = "JSON"

    /// Parses the variable's value; anything but `JSON` (any case) means text, as in Lambda.
    public init(environmentValue: String?) {
        self = environmentValue?.uppercased() == "JSON" ? .json : .text
    }
}

/// Lambda's application log levels (`AWS_LAMBDA_LOG_LEVEL`).
public enum LambdaLogLevel: String, Sendable, CaseIterable {
    case trace = "TRACE"
    case debug = "DEBUG"
    case info = "INFO"
    case warn = "WARN"
    case error = "ERROR"
    case fatal = "FATAL"

    /// Parses the variable's value, case-insensitively; `nil` for an unknown value.
    public init?(environmentValue: String?) {
        guard let value = environmentValue?.uppercased() else { return nil }
        self.init(rawValue: value == "WARNING" ? "WARN" : value)
    }

    /// The Lambda level a swift-log level is reported as.
    public init(_ level: Logger.Level) {
        switch level {
        case .trace: self = .trace
        case .debug: self = .debug
        case .info, .notice: self = .info
        case .warning: self = .warn
        case .error: self = .error
        case .critical: self = .fatal
        }
    }

    /// The least severe swift-log level that this Lambda level lets through.
    public var minimumLoggerLevel: Logger.Level {
        switch self {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .warn: .warning
        case .error: .error
        case .fatal: .critical
        }
    }
}
