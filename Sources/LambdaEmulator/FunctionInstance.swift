import Foundation

/// One execution environment: a `bootstrap` process, its Runtime API state, and the callers
/// waiting for their invocations. Lambda would add environments under load; the emulator
/// queues invocations for one, as `RuntimeAPIStateMachine` describes. With
/// ``FunctionConfiguration/maximumConcurrency`` above 1 it is a Lambda Managed Instances
/// environment: that many invocations in flight at once, 429 beyond them, and timeouts that
/// fail the invocation without killing the process.
actor FunctionInstance {
    let configuration: FunctionConfiguration
    private let logSink: EmulatorLogSink
    private var machine: RuntimeAPIStateMachine
    private var process: FunctionProcess?
    private var processGeneration = 0
    private var runtimeAPIAddress: String?

    /// The runtime's parked `GET /next` requests (one per idle worker), oldest first, each
    /// resumed with the next invocation.
    private var parkedNexts: [CheckedContinuation<Result<DeliveredInvocation, RuntimeAPIStateMachine.Rejection>, Never>] = []
    /// Callers waiting for their invocation's outcome, by request id.
    private var callers: [String: CheckedContinuation<InvocationResult, Never>] = [:]
    private var timers: [String: Task<Void, Never>] = [:]
    private var initializationTimer: Task<Void, Never>?
    private var isShutDown = false

    /// What `GET /next` returns to the runtime.
    struct DeliveredInvocation: Sendable {
        var requestID: String
        var payload: [UInt8]
        var deadlineMilliseconds: Int64
        var invokedFunctionARN: String
        var traceID: String
        var clientContext: String?
    }

    init(configuration: FunctionConfiguration, logSink: EmulatorLogSink) {
        self.configuration = configuration
        self.logSink = logSink
        machine = RuntimeAPIStateMachine(maximumConcurrency: configuration.maximumConcurrency)
    }

    /// Records where this instance's Runtime API server listens (`127.0.0.1:port`).
    func setRuntimeAPIAddress(_ address: String) {
        runtimeAPIAddress = address
    }

    /// The running process's id.
    var processIdentifier: Int32? { process?.processIdentifier }

    /// Where this instance's Runtime API listens.
    var runtimeAPIAddressForClients: String? { runtimeAPIAddress }

    // MARK: - Invoke side

    /// Runs one invocation and waits for its outcome (answer, error, timeout or crash).
    func invoke(payload: [UInt8], clientContext: String? = nil) async -> InvocationResult {
        let requestID = UUID().uuidString.lowercased()
        let invocation = RuntimeAPIStateMachine.Invocation(requestID: requestID, payload: payload, clientContext: clientContext)
        return await withCheckedContinuation { continuation in
            callers[requestID] = continuation
            switch machine.invocationArrived(invocation, at: .now) {
            case .startProcess where isShutDown:
                failStart(reason: "the emulator is shutting down")
            case .startProcess:
                startProcess()
            case .deliverToWaitingRuntime(let active):
                deliver(active)
            case .enqueued:
                break
            case .throttled:
                callers.removeValue(forKey: requestID)
                continuation.resume(returning: .throttled(requestID: requestID, limit: machine.maximumConcurrency))
            }
        }
    }

    /// Kills the process and fails every caller still waiting; no process starts afterwards.
    func shutdown() {
        isShutDown = true
        process?.kill()
        initializationTimer?.cancel()
        for timer in timers.values { timer.cancel() }
        failParkedRuntimes()
        let body = Self.errorBody(type: "Runtime.ExitError", message: "The emulator is shutting down")
        for (requestID, caller) in callers {
            caller.resume(
                returning: InvocationResult(
                    requestID: requestID, payload: body, isError: true, functionErrorType: "Runtime.ExitError", report: nil
                ))
        }
        callers.removeAll()
    }

    // MARK: - Runtime API side

    func nextInvocation() async -> Result<DeliveredInvocation, RuntimeAPIStateMachine.Rejection> {
        let action: RuntimeAPIStateMachine.NextAction
        do {
            action = try machine.runtimeRequestedNext(at: .now)
        } catch {
            return .failure(error)
        }
        initializationTimer?.cancel()
        switch action {
        case .deliver(let active):
            return .success(startInvocation(active))
        case .park:
            return await withCheckedContinuation { parkedNexts.append($0) }
        }
    }

    /// Handles `POST …/response` and `…/error`; `error` is set for the latter.
    func answer(
        requestID: String,
        payload: [UInt8],
        error errorType: String?
    ) -> Result<Void, RuntimeAPIStateMachine.Rejection> {
        let active: RuntimeAPIStateMachine.ActiveInvocation
        do {
            active = try machine.runtimeAnswered(requestID: requestID)
        } catch {
            return .failure(error)
        }
        let duration = ContinuousClock.now - active.deliveredAt
        let isError = errorType != nil
        complete(
            active.invocation,
            payload: payload,
            isError: isError,
            functionErrorType: errorType.map(Self.validatedErrorType),
            report: makeReport(duration: duration, initDuration: active.initDuration)
        )
        return .success(())
    }

    /// Handles a response body over the payload limit: the runtime gets 413 and the caller
    /// gets `Function.ResponseSizeTooLarge`, as in Lambda.
    func answerTooLarge(requestID: String) -> Result<Void, RuntimeAPIStateMachine.Rejection> {
        let body =
            "{\"errorMessage\":\"Response payload size exceeded maximum allowed payload size (\(LambdaLimits.maximumResponseBytes) bytes).\",\"errorType\":\"Function.ResponseSizeTooLarge\"}"
        return answer(requestID: requestID, payload: Array(body.utf8), error: "Function.ResponseSizeTooLarge")
    }

    /// Handles `POST /runtime/init/error`.
    func initializationError(payload: [UInt8], errorType: String?) -> Result<Void, RuntimeAPIStateMachine.Rejection> {
        let failing: [RuntimeAPIStateMachine.Invocation]
        do {
            failing = try machine.runtimeReportedInitError()
        } catch {
            return .failure(error)
        }
        initializationTimer?.cancel()
        let validated = Self.validatedErrorType(errorType ?? "")
        process?.kill()  // as in Lambda, a failed initialisation ends the environment
        for invocation in failing {
            complete(invocation, payload: payload, isError: true, functionErrorType: validated, report: nil)
        }
        return .success(())
    }

    // MARK: - Process lifecycle

    private func startProcess() {
        guard let runtimeAPIAddress else {
            failStart(reason: "the Runtime API server is not running")
            return
        }
        processGeneration += 1
        let generation = processGeneration
        let sink = logSink
        do {
            process = try FunctionProcess(
                configuration: configuration,
                runtimeAPI: runtimeAPIAddress,
                onOutput: { sink.emit($0) },
                onExit: { [weak self] exit in
                    guard let self else { return }
                    Task { await self.processExited(generation: generation, exit: exit) }
                }
            )
        } catch {
            failStart(reason: "could not start \(configuration.executablePath): \(error)")
            return
        }
        if case .initializing(let startedAt) = machine.phase {
            let limit = configuration.initializationTimeout
            initializationTimer = Task { [weak self] in
                try? await Task.sleep(for: limit)
                guard !Task.isCancelled, let self else { return }
                await self.initializationTimedOut(startedAt: startedAt)
            }
        }
    }

    /// A process that never started fails everything queued: in `initializing`, the state
    /// machine hands over the whole queue and stops.
    private func failStart(reason: String) {
        let body = Self.errorBody(type: "Runtime.InvalidEntrypoint", message: reason)
        for invocation in machine.processExited(at: .now).failing {
            complete(invocation, payload: body, isError: true, functionErrorType: "Runtime.InvalidEntrypoint", report: nil)
        }
    }

    private func processExited(generation: Int, exit processExit: FunctionProcess.Exit) {
        guard generation == processGeneration else { return }
        process = nil
        failParkedRuntimes()
        let exit = machine.processExited(at: .now)
        for invocation in exit.failing {
            let message = "RequestId: \(invocation.requestID) Error: Runtime exited with error: \(processExit.description)"
            let body = Self.errorBody(type: "Runtime.ExitError", message: message)
            // The invocation the runtime was handling ends with END and REPORT, as in Lambda;
            // queued ones never started.
            let report = exit.interrupted.first { $0.invocation == invocation }.map { active in
                makeReport(
                    duration: ContinuousClock.now - active.deliveredAt, initDuration: active.initDuration,
                    peakResidentBytes: processExit.peakResidentBytes)
            }
            complete(invocation, payload: body, isError: true, functionErrorType: "Runtime.ExitError", report: report)
        }
        if exit.restart && !isShutDown {
            startProcess()
        }
    }

    private func initializationTimedOut(startedAt: ContinuousClock.Instant) {
        guard case .killProcess(let failing) = machine.initializationTimedOut(startedAt: startedAt) else { return }
        process?.kill()
        let seconds = InvocationReport.format(configuration.initializationTimeout)
        for invocation in failing {
            let body = Self.errorBody(type: "Runtime.InitTimeout", message: "Init timed out after \(seconds) ms")
            complete(invocation, payload: body, isError: true, functionErrorType: "Runtime.InitTimeout", report: nil)
        }
    }

    private func invocationTimedOut(requestID: String, deliveredAt: ContinuousClock.Instant, initDuration: Duration?) {
        let failing: [RuntimeAPIStateMachine.Invocation]
        switch machine.invocationTimedOut(requestID: requestID) {
        case .killProcess(let invocations):
            failing = invocations
        case .failInvocation(let active):
            // Lambda Managed Instances report the timeout and leave the process running: the
            // runtime's other invocations go on, and this one's late answer is refused.
            failing = [active.invocation]
        case .none:
            return
        }
        // Measured before any kill: a killed process leaves no /proc entry to read its peak from.
        let report = makeReport(duration: ContinuousClock.now - deliveredAt, initDuration: initDuration)
        if !machine.isMultiConcurrent { process?.kill() }
        let seconds = String(format: "%.2f", configuration.timeout.milliseconds / 1000)
        for invocation in failing {
            let message = "\(ISO8601DateFormatter().string(from: Date())) \(invocation.requestID) Task timed out after \(seconds) seconds"
            // Lambda writes this line to the function's log stream too, before END and REPORT.
            logSink.emit(message)
            complete(
                invocation,
                payload: Self.errorBody(type: "Sandbox.Timedout", message: message),
                isError: true,
                functionErrorType: "Sandbox.Timedout",
                report: report
            )
        }
    }

    // MARK: - Delivery and completion

    private func deliver(_ active: RuntimeAPIStateMachine.ActiveInvocation) {
        guard !parkedNexts.isEmpty else {
            // Only between shutdown(), which ended the parked requests, and the process's exit.
            let body = Self.errorBody(type: "Runtime.ExitError", message: "The emulator is shutting down")
            complete(active.invocation, payload: body, isError: true, functionErrorType: "Runtime.ExitError", report: nil)
            return
        }
        let delivered = startInvocation(active)
        parkedNexts.removeFirst().resume(returning: .success(delivered))
    }

    /// Ends every parked `GET /next`: the process is gone or the emulator is shutting down.
    private func failParkedRuntimes() {
        let rejection = RuntimeAPIStateMachine.Rejection.invalidStateTransition(machine.stateName, "next")
        for parked in parkedNexts { parked.resume(returning: .failure(rejection)) }
        parkedNexts.removeAll()
    }

    private func startInvocation(_ active: RuntimeAPIStateMachine.ActiveInvocation) -> DeliveredInvocation {
        let invocation = active.invocation
        logSink.emit("START RequestId: \(invocation.requestID) Version: $LATEST")
        let timeout = configuration.timeout
        timers[invocation.requestID] = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            guard !Task.isCancelled, let self else { return }
            await self.invocationTimedOut(
                requestID: invocation.requestID, deliveredAt: active.deliveredAt, initDuration: active.initDuration)
        }
        let timeoutMilliseconds = Int64(timeout.milliseconds)
        return DeliveredInvocation(
            requestID: invocation.requestID,
            payload: invocation.payload,
            deadlineMilliseconds: Int64(Date().timeIntervalSince1970 * 1000) + timeoutMilliseconds,
            invokedFunctionARN: "arn:aws:lambda:\(Self.region):000000000000:function:\(configuration.name)",
            traceID: Self.newTraceID(),
            clientContext: invocation.clientContext
        )
    }

    private func complete(
        _ invocation: RuntimeAPIStateMachine.Invocation,
        payload: [UInt8],
        isError: Bool,
        functionErrorType: String?,
        report: InvocationReport?
    ) {
        timers.removeValue(forKey: invocation.requestID)?.cancel()
        if let report {
            logSink.emit("END RequestId: \(invocation.requestID)")
            logSink.emit(report.line(requestID: invocation.requestID))
        }
        let result = InvocationResult(
            requestID: invocation.requestID,
            payload: payload,
            isError: isError,
            functionErrorType: functionErrorType,
            report: report
        )
        callers.removeValue(forKey: invocation.requestID)?.resume(returning: result)
    }

    /// The REPORT figures. Duration is capped at the timeout, as Lambda caps it (the timer
    /// fires a little late); the peak is read from the running process unless given.
    private func makeReport(duration: Duration, initDuration: Duration?, peakResidentBytes: Int? = nil) -> InvocationReport {
        let peakBytes = peakResidentBytes ?? process?.peakResidentBytes() ?? 0
        return InvocationReport(
            duration: min(duration, configuration.timeout),
            initDuration: initDuration,
            memorySizeMB: configuration.memorySizeMB,
            maxMemoryUsedMB: (peakBytes + (1 << 20) - 1) >> 20
        )
    }

    // MARK: - Wire helpers

    static func errorBody(type: String, message: String) -> [UInt8] {
        let object = ["errorType": type, "errorMessage": message]
        return (try? Array(JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]))) ?? []
    }

    /// AWS accepts `Function.<Reason>`, `Runtime.<Reason>` and `Extension.<Reason>` and rewrites
    /// anything else to `Runtime.Unknown`.
    static func validatedErrorType(_ header: String) -> String {
        let parts = header.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, ["Function", "Runtime", "Extension"].contains(parts[0]),
            !parts[1].isEmpty, parts[1].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { return "Runtime.Unknown" }
        return header
    }

    private static var region: String {
        ProcessInfo.processInfo.environment["AWS_REGION"] ?? "us-east-1"
    }

    private static func newTraceID() -> String {
        let hex = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let epoch = String(Int(Date().timeIntervalSince1970), radix: 16)
        return "Root=1-\(epoch)-\(hex.prefix(24));Parent=\(hex.suffix(16));Sampled=0"
    }
}
