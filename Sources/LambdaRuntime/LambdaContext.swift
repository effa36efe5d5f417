import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Everything Lambda tells a handler about one invocation.
public struct LambdaContext: Sendable {
    /// The invocation's request id.
    public var requestID: String
    /// When Lambda will stop the invocation, in milliseconds since the Unix epoch.
    public var deadlineMilliseconds: Int64
    /// The ARN the caller invoked.
    public var invokedFunctionARN: String
    /// The X-Ray trace header: the source of truth for this invocation. In a single-concurrency
    /// environment it is also exported as `_X_AMZN_TRACE_ID` while the handler runs, for SDKs
    /// that read only that process-global variable (not when it exceeds Lambda's 8192-byte
    /// limit for the header). In a multi-concurrency environment (`AWS_LAMBDA_MAX_CONCURRENCY`
    /// above 1) the variable is never set: one variable cannot hold several invocations' ids.
    public var traceID: String?
    /// Client context of a mobile SDK caller, as raw JSON.
    public var clientContext: String?
    /// Cognito identity of a mobile SDK caller, as raw JSON.
    public var cognitoIdentity: String?
    /// The tenant of a multi-tenant function.
    public var tenantID: String?
    /// A logger whose lines carry this request id.
    public var logger: Logger
    /// The execution environment's settings.
    public var environment: LambdaEnvironment
    /// When the runtime received the invocation.
    public var receivedAt: ContinuousClock.Instant = .now

    /// Creates a context; the runtime builds one from each `/next` response.
    public init(
        requestID: String,
        deadlineMilliseconds: Int64,
        invokedFunctionARN: String,
        traceID: String? = nil,
        clientContext: String? = nil,
        cognitoIdentity: String? = nil,
        tenantID: String? = nil,
        logger: Logger,
        environment: LambdaEnvironment
    ) {
        self.requestID = requestID
        self.deadlineMilliseconds = deadlineMilliseconds
        self.invokedFunctionARN = invokedFunctionARN
        self.traceID = traceID
        self.clientContext = clientContext
        self.cognitoIdentity = cognitoIdentity
        self.tenantID = tenantID
        self.logger = logger
        self.environment = environment
    }

    /// Milliseconds since the invocation was received: the stage's own duration, for telemetry.
    public var elapsedMilliseconds: Double {
        (ContinuousClock.now - receivedAt).milliseconds
    }

    /// Time left before the deadline, never negative: bound retries and timeouts by it.
    public var remainingTime: Duration {
        // The deadline is whatever the Runtime API header said: far in the past it must not
        // overflow the subtraction (a trap), it has simply passed.
        let (remaining, overflow) = deadlineMilliseconds.subtractingReportingOverflow(WallClock.nowMilliseconds())
        return .milliseconds(overflow ? 0 : max(remaining, 0))
    }

    /// Whether the deadline has passed. Lambda Managed Instances report a timeout but do not
    /// stop the handler: a long handler must look here (or call ``checkDeadline()``) between
    /// steps and give up, or it keeps its runtime worker busy after the caller was told it
    /// timed out.
    public var isPastDeadline: Bool {
        WallClock.nowMilliseconds() >= deadlineMilliseconds
    }

    /// Throws ``LambdaRuntimeError/deadlineExceeded(requestID:)`` once the deadline has passed;
    /// the runtime answers the invocation as timed out (`Sandbox.Timedout`) and its worker takes
    /// the next one.
    public func checkDeadline() throws(LambdaRuntimeError) {
        if isPastDeadline { throw .deadlineExceeded(requestID: requestID) }
    }
}

/// What a handler factory may use while the execution environment initialises.
public struct LambdaInitializationContext: Sendable {
    /// A logger for initialisation (lines carry no request id yet).
    public var logger: Logger
    /// The execution environment's settings.
    public var environment: LambdaEnvironment
}

/// Milliseconds of wall-clock time, the unit of Lambda's deadline header.
public enum WallClock {
    /// Milliseconds since the Unix epoch.
    public static func nowMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
