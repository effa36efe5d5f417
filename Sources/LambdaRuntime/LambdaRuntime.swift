import Logging

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The Runtime API loop: initialise once, then fetch, handle and answer invocations until
/// Lambda freezes or ends the execution environment.
///
/// ```swift
/// LambdaRuntime.run { context in try ValidateMetadata(environment: context.environment) }
/// ```
public enum LambdaRuntime {
    /// Runs a JSON handler built by `makeHandler`. Never returns.
    ///
    /// `makeHandler` is called once per runtime worker: once in a Lambda (default)
    /// environment, `AWS_LAMBDA_MAX_CONCURRENCY` times in a Lambda Managed Instances one, whose
    /// workers handle that many invocations at once, each on its own thread with its own
    /// handler. Its result is `sending`: a handler shares no mutable state with another
    /// worker's (the compiler refuses a factory that hands out one shared object), so a handler
    /// holding a libcurl handle needs no lock and need not be `Sendable`.
    /// A `makeHandler` failure is reported to `/runtime/init/error` and the process exits 1.
    public static func run<Handler: LambdaHandler>(
        _ makeHandler: (LambdaInitializationContext) throws -> sending Handler
    ) -> Never {
        runLoop(makeHandler) {
            // One decoder and encoder per worker: they are used by one thread only.
            let decoder = JSONDecoder()
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            return { handler, payload, context throws(InvocationFailure) in
                let event: Handler.Event
                do {
                    event = try decoder.decode(Handler.Event.self, from: Data(payload))
                } catch {
                    throw .runtime(.invalidEvent(detail: DecodingErrorSummary(error).text))
                }
                let output: Handler.Output
                do {
                    output = try handler.handle(event, context: context)
                } catch {
                    throw InvocationFailure(handlerError: error)
                }
                do {
                    return Array(try encoder.encode(output))
                } catch {
                    throw .runtime(.invalidResponse(detail: "the output could not be encoded as JSON"))
                }
            }
        }
    }

    /// Runs a raw-bytes handler built by `makeHandler` (once per worker, as for a JSON
    /// handler). Never returns.
    public static func run<Handler: LambdaBytesHandler>(
        _ makeHandler: (LambdaInitializationContext) throws -> sending Handler
    ) -> Never {
        runLoop(makeHandler) {
            { handler, payload, context throws(InvocationFailure) in
                do {
                    return try handler.handle(payload, context: context)
                } catch {
                    throw InvocationFailure(handlerError: error)
                }
            }
        }
    }

    /// Runs a closure as a JSON handler. Never returns. In a multi-concurrency environment the
    /// closure runs on several threads at once, hence `@Sendable`.
    public static func run<Event: Decodable, Output: Encodable>(
        _ body: @escaping @Sendable (Event, LambdaContext) throws -> Output
    ) -> Never {
        run { _ in LambdaClosureHandler(body) }
    }

    // MARK: - The loop

    enum InvocationFailure: Error {
        case function(any Error)
        case runtime(LambdaRuntimeError)

        /// A handler's error; the runtime's own (``LambdaContext/checkDeadline()``'s timeout)
        /// keeps its `Runtime.` origin.
        init(handlerError error: any Error) {
            self = (error as? LambdaRuntimeError).map { .runtime($0) } ?? .function(error)
        }

        var report: LambdaErrorReport {
            switch self {
            case .function(let error): LambdaErrorReport(functionError: error)
            case .runtime(let error): error.report
            }
        }
    }

    /// Handles one payload with a handler; made once per worker by `makeInvoker`.
    typealias Invoker<Handler> = (Handler, [UInt8], LambdaContext) throws(InvocationFailure) -> [UInt8]

    private static func runLoop<Handler>(
        _ makeHandler: (LambdaInitializationContext) throws -> sending Handler,
        makeInvoker: @escaping @Sendable () -> Invoker<Handler>
    ) -> Never {
        let environment = LambdaEnvironment.current()
        LoggingSystem.bootstrap { _ in LambdaLogHandler(format: environment.logFormat, level: environment.logLevel) }
        let logger = Logger(label: environment.functionName)
        TerminationSignal.installHandler()

        guard let runtimeAPI = environment.runtimeAPI else {
            exitWithError(RuntimeAPIError.notConfigured, logger: logger)
        }
        let workers = environment.maximumConcurrency
        if workers > 1 {
            // No worker exports the trace header, so none may inherit a stale one either;
            // removed before any thread starts (the environment is not thread-safe to change).
            unsetenv(TraceEnvironment.variable)
        }
        let initialization = LambdaInitializationContext(logger: logger, environment: environment)
        // No worker asks for an invocation before every worker's handler exists: an
        // initialisation error can only be reported before the first `/next`. The main thread
        // holds the gate while it builds the handlers; the workers pass it once it is released.
        let gate = WorkerGate()
        let handler = gate.holdWhile { () -> sending Handler in
            for _ in 1..<workers {
                let workerHandler = makeHandlerOrExit(makeHandler, initialization, runtimeAPI: runtimeAPI)
                do {
                    try WorkerThread.start {
                        gate.pass()
                        serve(
                            handler: workerHandler, invoke: makeInvoker(), workers: workers,
                            client: RuntimeAPIClient(runtimeAPI: runtimeAPI), logger: logger, environment: environment)
                    }
                } catch {
                    logger.critical("exiting: \(error)")
                    exit(1)
                }
            }
            return makeHandlerOrExit(makeHandler, initialization, runtimeAPI: runtimeAPI)
        }
        if workers > 1 {
            logger.info("serving \(workers) invocations at once (AWS_LAMBDA_MAX_CONCURRENCY), one worker thread each")
        }
        serve(
            handler: handler, invoke: makeInvoker(), workers: workers,
            client: RuntimeAPIClient(runtimeAPI: runtimeAPI), logger: logger, environment: environment)
    }

    /// Builds one worker's handler, or reports the initialisation error and exits 1.
    private static func makeHandlerOrExit<Handler>(
        _ makeHandler: (LambdaInitializationContext) throws -> sending Handler,
        _ initialization: LambdaInitializationContext,
        runtimeAPI: String
    ) -> sending Handler {
        do {
            return try makeHandler(initialization)
        } catch {
            let report = LambdaErrorReport(functionError: error)
            initialization.logger.critical("initialisation failed", metadata: ["errorType": "\(report.errorType)"])
            do {
                try RuntimeAPIClient(runtimeAPI: runtimeAPI).sendInitializationError(report)
            } catch {
                initialization.logger.error("could not report the initialisation error: \(error)")
            }
            exit(1)
        }
    }

    /// One worker's loop: `/next`, handle, answer, forever.
    ///
    /// With one worker (Lambda (default)) the request id is process-wide and the trace header is
    /// also exported as `_X_AMZN_TRACE_ID`; with several, the request id belongs to this thread
    /// and the trace id reaches the handler only through its context. A handler that returns
    /// after its deadline in a multi-concurrency environment is answered as timed out: Lambda
    /// already told the caller so, and a late result must not be recorded as a success.
    private static func serve<Handler>(
        handler: Handler,
        invoke: Invoker<Handler>,
        workers: Int,
        client: RuntimeAPIClient,
        logger: Logger,
        environment: LambdaEnvironment
    ) -> Never {
        let isSingleConcurrency = workers == 1
        let traceEnvironment = isSingleConcurrency ? TraceEnvironment() : nil
        while true {
            let invocation: PendingInvocation
            do {
                invocation = try client.nextInvocation()
            } catch {
                exitWithError(error, logger: logger)
            }

            CurrentInvocation.begin(requestID: invocation.requestID, processWide: isSingleConcurrency)
            let context = LambdaContext(invocation: invocation, logger: logger, environment: environment)
            if let traceEnvironment, !traceEnvironment.export(context.traceID) {
                logger.warning(
                    "the trace header is not exported as \(TraceEnvironment.variable): longer than \(TraceEnvironment.maximumLength) bytes or not text; the context carries it"
                )
            }

            var outcome: Result<[UInt8], InvocationFailure>
            do throws(InvocationFailure) {
                outcome = .success(try invoke(handler, invocation.payload, context))
            } catch {
                outcome = .failure(error)
            }
            if !isSingleConcurrency, case .success = outcome, context.isPastDeadline {
                outcome = .failure(.runtime(.deadlineExceeded(requestID: context.requestID)))
            }
            answer(invocation, with: outcome, client: client, logger: logger)

            traceEnvironment?.export(nil)
            CurrentInvocation.end()
        }
    }
    private static func answer(
        _ invocation: consuming PendingInvocation,
        with outcome: Result<[UInt8], InvocationFailure>,
        client: RuntimeAPIClient,
        logger: Logger
    ) {
        do {
            switch outcome {
            case .success(let output):
                try client.sendResponse(output, for: invocation)
            case .failure(let failure):
                let report = failure.report
                logger.error("invocation failed", metadata: ["errorType": "\(report.errorType)"])
                try client.sendError(report, for: invocation)
            }
        } catch {
            handleAnswerFailure(error, logger: logger)
        }
    }

    /// A rejected answer (400 stale id, 403 wrong state, 413 too large) ends this invocation
    /// only; an unreachable or failed Runtime API ends the process.
    private static func handleAnswerFailure(_ error: RuntimeAPIError, logger: Logger) {
        if error.isFatal {
            exitWithError(error, logger: logger)
        }
        logger.warning("the Runtime API rejected the answer: \(error)")
    }

    private static func exitWithError(_ error: RuntimeAPIError, logger: Logger) -> Never {
        logger.critical("exiting: \(error)")
        exit(1)
    }
}

/// A description of a decoding failure that names the path and the problem, never the values.
struct DecodingErrorSummary {
    let text: String

    init(_ error: any Error) {
        guard let decodingError = error as? DecodingError else {
            text = "the payload is not valid JSON"
            return
        }
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.isEmpty ? "$" : "$." + codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch decodingError {
        case .keyNotFound(let key, let context):
            text = "missing field \(path(context.codingPath + [key]))"
        case .typeMismatch(let type, let context):
            text = "\(path(context.codingPath)) is not of type \(type)"
        case .valueNotFound(let type, let context):
            text = "\(path(context.codingPath)) is null, expected \(type)"
        case .dataCorrupted(let context):
            text = context.codingPath.isEmpty ? "the payload is not valid JSON" : "\(path(context.codingPath)) is not valid"
        @unknown default:
            text = "the payload does not match the expected event"
        }
    }
}
