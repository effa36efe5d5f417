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
    /// A `makeHandler` failure is reported to `/runtime/init/error` and the process exits 1.
    public static func run<Handler: LambdaHandler>(
        _ makeHandler: (LambdaInitializationContext) throws -> Handler
    ) -> Never {
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        runLoop(makeHandler) { handler, payload, context throws(InvocationFailure) in
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
                throw .function(error)
            }
            do {
                return Array(try encoder.encode(output))
            } catch {
                throw .runtime(.invalidResponse(detail: "the output could not be encoded as JSON"))
            }
        }
    }

    /// Runs a raw-bytes handler built by `makeHandler`. Never returns.
    public static func run<Handler: LambdaBytesHandler>(
        _ makeHandler: (LambdaInitializationContext) throws -> Handler
    ) -> Never {
        runLoop(makeHandler) { handler, payload, context throws(InvocationFailure) in
            do {
                return try handler.handle(payload, context: context)
            } catch {
                throw .function(error)
            }
        }
    }

    /// Runs a closure as a JSON handler. Never returns.
    public static func run<Event: Decodable, Output: Encodable>(
        _ body: @escaping (Event, LambdaContext) throws -> Output
    ) -> Never {
        run { _ in LambdaClosureHandler(body) }
    }

    // MARK: - The loop

    enum InvocationFailure: Error {
        case function(any Error)
        case runtime(LambdaRuntimeError)

        var report: LambdaErrorReport {
            switch self {
            case .function(let error): LambdaErrorReport(functionError: error)
            case .runtime(let error): error.report
            }
        }
    }

    private static func runLoop<Handler>(
        _ makeHandler: (LambdaInitializationContext) throws -> Handler,
        invoke: (Handler, [UInt8], LambdaContext) throws(InvocationFailure) -> [UInt8]
    ) -> Never {
        let environment = LambdaEnvironment.current()
        LoggingSystem.bootstrap { _ in LambdaLogHandler(format: environment.logFormat, level: environment.logLevel) }
        let logger = Logger(label: environment.functionName)
        TerminationSignal.installHandler()

        guard let runtimeAPI = environment.runtimeAPI else {
            exitWithError(RuntimeAPIError.notConfigured, logger: logger)
        }
        let client = RuntimeAPIClient(runtimeAPI: runtimeAPI)
        let traceEnvironment = TraceEnvironment()

        let handler: Handler
        do {
            handler = try makeHandler(LambdaInitializationContext(logger: logger, environment: environment))
        } catch {
            let report = LambdaErrorReport(functionError: error)
            logger.critical("initialisation failed", metadata: ["errorType": "\(report.errorType)"])
            do {
                try client.sendInitializationError(report)
            } catch {
                logger.error("could not report the initialisation error: \(error)")
            }
            exit(1)
        }

        while true {
            let invocation: PendingInvocation
            do {
                invocation = try client.nextInvocation()
            } catch {
                exitWithError(error, logger: logger)
            }

            CurrentInvocation.begin(requestID: invocation.requestID)
            let context = LambdaContext(invocation: invocation, logger: logger, environment: environment)
            if !traceEnvironment.export(context.traceID) {
                logger.warning(
                    "the trace header is not exported as \(TraceEnvironment.variable): longer than \(TraceEnvironment.maximumLength) bytes or not text; the context carries it"
                )
            }

            let outcome: Result<[UInt8], InvocationFailure>
            do throws(InvocationFailure) {
                outcome = .success(try invoke(handler, invocation.payload, context))
            } catch {
                outcome = .failure(error)
            }
            answer(invocation, with: outcome, client: client, logger: logger)

            traceEnvironment.export(nil)
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
