/// How the emulator runs one function, mirroring the settings Lambda has for it.
public struct FunctionConfiguration: Sendable {
    /// The function's name; the invoke endpoint serves it at `/2015-03-31/functions/<name>/invocations`.
    public var name: String
    /// The `bootstrap` executable (or any program that speaks the Runtime API).
    public var executablePath: String
    /// Arguments passed to the executable.
    public var arguments: [String]
    /// Extra environment variables, applied over the emulator's own environment.
    public var environment: [String: String]
    /// The invocation timeout; a function still running then is killed and restarted.
    public var timeout: Duration
    /// The longest an initialisation may take before the process is killed (Lambda: 10 s).
    public var initializationTimeout: Duration
    /// The memory size reported to the function and in REPORT lines, in MB.
    public var memorySizeMB: Int
    /// The `_HANDLER` setting.
    public var handler: String
    /// The folder exported as `LAMBDA_TASK_ROOT` (default: the executable's folder).
    public var taskRoot: String?
    /// How many execution environments serve the function at once (Lambda's scaling out).
    public var concurrency: Int = 1
    /// How many invocations one environment handles at once: above 1 it is a Lambda Managed
    /// Instances environment (`PerExecutionEnvironmentMaxConcurrency`), exported to the runtime
    /// as `AWS_LAMBDA_MAX_CONCURRENCY`; an invocation arriving while that many are in flight is
    /// rejected with 429 `TooManyRequestsException`, and a timeout fails the invocation without
    /// killing the process. 1 (the default) is Lambda (default): invocations queue, a timeout
    /// kills the process.
    public var maximumConcurrency: Int = 1
    /// Where this function's lines go (Lambda: its own log group); `nil` uses the emulator's sink.
    public var logSink: EmulatorLogSink?

    /// Creates a configuration with Lambda's defaults (3 s timeout, 128 MB).
    public init(
        name: String = "function",
        executablePath: String,
        arguments: [String] = [],
        environment: [String: String] = [:],
        timeout: Duration = .seconds(3),
        initializationTimeout: Duration = .seconds(10),
        memorySizeMB: Int = 128,
        handler: String = "bootstrap",
        taskRoot: String? = nil
    ) {
        self.name = name
        self.executablePath = executablePath
        self.arguments = arguments
        self.environment = environment
        self.timeout = timeout
        self.initializationTimeout = initializationTimeout
        self.memorySizeMB = memorySizeMB
        self.handler = handler
        self.taskRoot = taskRoot
    }
}

/// Lambda's payload quotas, as the Invoke API and the Runtime API enforce them.
///
/// Sources: the Invoke API reference (https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html:
/// "For synchronous invocations, the maximum payload size is 6 MB. For asynchronous invocations,
/// the maximum payload size is 1 MB.") and the Lambda quotas page
/// (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html).
public enum LambdaLimits {
    /// The largest synchronous (`RequestResponse`) request payload: 6 MiB.
    public static let maximumRequestBytes = 6 * 1024 * 1024
    /// The largest response a runtime may post: 6 MiB + 100 bytes, the figure Lambda's Runtime
    /// API enforces (its error names 6291556 bytes).
    public static let maximumResponseBytes = 6 * 1024 * 1024 + 100
    /// The largest asynchronous (`Event`) request payload: 1 MiB (256 KiB until 2025).
    public static let maximumAsynchronousRequestBytes = 1024 * 1024
}
