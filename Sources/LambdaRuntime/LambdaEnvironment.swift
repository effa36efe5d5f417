#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The execution environment's settings, read once from the variables Lambda defines.
public struct LambdaEnvironment: Sendable {
    /// `host:port` of the Runtime API (`AWS_LAMBDA_RUNTIME_API`).
    public var runtimeAPI: String?
    /// The function's name (`AWS_LAMBDA_FUNCTION_NAME`).
    public var functionName: String
    /// The function's version (`AWS_LAMBDA_FUNCTION_VERSION`), `$LATEST` when unset.
    public var functionVersion: String
    /// The configured memory in MB (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`).
    public var memorySizeMB: Int?
    /// The AWS region (`AWS_REGION`, else `AWS_DEFAULT_REGION`).
    public var region: String?
    /// The handler setting (`_HANDLER`); custom runtimes may ignore it.
    public var handler: String?
    /// The folder holding the function code (`LAMBDA_TASK_ROOT`).
    public var taskRoot: String?
    /// The CloudWatch log group (`AWS_LAMBDA_LOG_GROUP_NAME`).
    public var logGroupName: String?
    /// The CloudWatch log stream (`AWS_LAMBDA_LOG_STREAM_NAME`).
    public var logStreamName: String?
    /// The log format (`AWS_LAMBDA_LOG_FORMAT`): text unless `JSON`.
    public var logFormat: LambdaLogFormat
    /// The minimum level logged (`AWS_LAMBDA_LOG_LEVEL`), `INFO` when unset.
    public var logLevel: LambdaLogLevel
    /// How many invocations this execution environment handles at once
    /// (`AWS_LAMBDA_MAX_CONCURRENCY`, set by Lambda Managed Instances): 1 when unset or not a
    /// positive integer, as in a Lambda (default) environment.
    public var maximumConcurrency: Int

    /// Reads the environment of this process.
    public static func current() -> LambdaEnvironment {
        LambdaEnvironment { name in getenv(name).map { String(cString: $0) } }
    }

    /// Reads settings through `lookup`, so tests can supply their own variables.
    public init(lookup: (String) -> String?) {
        runtimeAPI = lookup("AWS_LAMBDA_RUNTIME_API")
        functionName = lookup("AWS_LAMBDA_FUNCTION_NAME") ?? "function"
        functionVersion = lookup("AWS_LAMBDA_FUNCTION_VERSION") ?? "$LATEST"
        memorySizeMB = lookup("AWS_LAMBDA_FUNCTION_MEMORY_SIZE").flatMap { Int($0) }
        region = lookup("AWS_REGION") ?? lookup("AWS_DEFAULT_REGION")
        handler = lookup("_HANDLER")
        taskRoot = lookup("LAMBDA_TASK_ROOT")
        logGroupName = lookup("AWS_LAMBDA_LOG_GROUP_NAME")
        logStreamName = lookup("AWS_LAMBDA_LOG_STREAM_NAME")
        logFormat = LambdaLogFormat(environmentValue: lookup("AWS_LAMBDA_LOG_FORMAT"))
        logLevel = LambdaLogLevel(environmentValue: lookup("AWS_LAMBDA_LOG_LEVEL")) ?? .info
        maximumConcurrency = lookup("AWS_LAMBDA_MAX_CONCURRENCY").flatMap { Int($0) }.map { max($0, 1) } ?? 1
    }
}
