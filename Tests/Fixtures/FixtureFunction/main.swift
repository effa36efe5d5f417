// A function-shaped executable for the emulator tests and the runtime benchmark: each event's
// `action` exercises one path of LambdaRuntime (success, typed error, crash, timeout, logs…).
import LambdaRuntime

#if canImport(Glibc)
    import Glibc
#endif

struct FixtureEvent: Decodable {
    var action: String
    var errorType: String?
    var milliseconds: Int?
    var bytes: Int?
    var message: String?
}

struct FixtureResult: Encodable {
    var requestID: String
    var action: String
    var remainingMilliseconds: Int64
    var invokedFunctionARN: String
    var traceID: String?
    var traceEnvironment: String?
    var clientContext: String?
    var functionName: String
    var memorySizeMB: Int?
    var padding: String?
    /// Wall-clock milliseconds when the handler started and finished (`overlap`), to show
    /// that invocations of one process ran at the same time.
    var startedAtMilliseconds: Int64?
    var finishedAtMilliseconds: Int64?
}

struct FixtureError: LambdaFunctionError {
    var errorType: String
    var description: String { "fixture failure of type \(errorType)" }
}

struct FixtureHandler: LambdaHandler {
    func handle(_ event: FixtureEvent, context: LambdaContext) throws -> FixtureResult {
        var startedAt: Int64?
        var finishedAt: Int64?
        switch event.action {
        case "fail":
            throw FixtureError(errorType: event.errorType ?? "FixtureFailure")
        case "sleep":
            usleep(useconds_t((event.milliseconds ?? 0) * 1000))
        case "overlap":
            let begin = WallClock.nowMilliseconds()
            startedAt = begin
            context.logger.info("overlap begins")
            // Until the wall clock says so: a signal to the process (a crash's backtrace
            // collection on another thread) ends a plain usleep early.
            let end = begin + Int64(event.milliseconds ?? 0)
            while WallClock.nowMilliseconds() < end { usleep(10_000) }
            context.logger.info("overlap ends")
            finishedAt = WallClock.nowMilliseconds()
        case "spin":
            // A long computation that gives up at its deadline, as Lambda Managed Instances
            // expect: they report the timeout but never stop the handler themselves.
            let end = WallClock.nowMilliseconds() + Int64(event.milliseconds ?? 0)
            while WallClock.nowMilliseconds() < end {
                try context.checkDeadline()
                usleep(10_000)
            }
        case "crash":
            context.logger.info("crashing on purpose")
            abort()
        case "exit":
            exit(3)
        case "log":
            context.logger.debug("debug line")
            context.logger.info("\(event.message ?? "info line")", metadata: ["stage": "fixture"])
            context.logger.warning("warning line")
        default:
            break
        }
        let traceEnvironment = getenv("_X_AMZN_TRACE_ID").map { String(cString: $0) }
        return FixtureResult(
            requestID: context.requestID,
            action: event.action,
            remainingMilliseconds: Int64(context.remainingTime / .milliseconds(1)),
            invokedFunctionARN: context.invokedFunctionARN,
            traceID: context.traceID,
            traceEnvironment: traceEnvironment,
            clientContext: context.clientContext,
            functionName: context.environment.functionName,
            memorySizeMB: context.environment.memorySizeMB,
            padding: event.bytes.map { String(repeating: "x", count: $0) },
            startedAtMilliseconds: startedAt,
            finishedAtMilliseconds: finishedAt
        )
    }
}

struct FixtureInitializationError: LambdaFunctionError {
    var errorType: String { "FixtureInitFailure" }
    var description: String { "FIXTURE_FAIL_INIT is set" }
}

LambdaRuntime.run { context in
    if getenv("FIXTURE_FAIL_INIT") != nil { throw FixtureInitializationError() }
    return FixtureHandler()
}
