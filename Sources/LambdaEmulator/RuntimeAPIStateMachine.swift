/// The Runtime API's protocol state for one execution environment, free of I/O so that
/// every transition can be tested on its own.
///
/// `stopped → initializing → ready ⇄ invoking`, with `initFailed` and `stopping` leading back to
/// `stopped` once the process has exited. Each input returns the action the owner must perform.
struct RuntimeAPIStateMachine {
    /// An invocation waiting for, or delivered to, the runtime.
    struct Invocation: Sendable, Equatable {
        var requestID: String
        var payload: [UInt8]
        var clientContext: String?
    }

    /// The invocation the runtime is working on.
    struct ActiveInvocation: Sendable, Equatable {
        var invocation: Invocation
        var deliveredAt: ContinuousClock.Instant
        /// Set for the first invocation after an initialisation: REPORT shows it.
        var initDuration: Duration?
    }

    enum Phase: Equatable {
        case stopped
        case initializing(startedAt: ContinuousClock.Instant)
        case ready(pendingInitDuration: Duration?)
        case invoking(ActiveInvocation)
        case initFailed
        case stopping
    }

    /// A rejection the Runtime API returns to the runtime, in AWS's status and error type.
    struct Rejection: Error, Equatable {
        var status: Int
        var errorType: String
        var message: String

        static func invalidStateTransition(_ phase: Phase, _ action: String) -> Rejection {
            Rejection(
                status: 403, errorType: "InvalidStateTransition", message: "Transition from \(phase.name) to \(action) is not allowed")
        }
        static let invalidRequestID = Rejection(status: 400, errorType: "InvalidRequestID", message: "Invalid request ID")
    }

    private(set) var phase: Phase = .stopped
    private(set) var queue: [Invocation] = []
    private(set) var runtimeIsWaiting = false

    // MARK: Invoke side

    enum ArrivalAction: Equatable {
        case startProcess
        case deliverToWaitingRuntime(ActiveInvocation)
        case enqueued
    }

    mutating func invocationArrived(_ invocation: Invocation, at now: ContinuousClock.Instant) -> ArrivalAction {
        queue.append(invocation)
        switch phase {
        case .stopped:
            phase = .initializing(startedAt: now)
            return .startProcess
        case .ready(let pendingInitDuration) where runtimeIsWaiting:
            return .deliverToWaitingRuntime(deliverNext(at: now, initDuration: pendingInitDuration))
        default:
            return .enqueued
        }
    }

    // MARK: Runtime side

    enum NextAction: Equatable {
        case deliver(ActiveInvocation)
        case park
    }

    mutating func runtimeRequestedNext(at now: ContinuousClock.Instant) throws(Rejection) -> NextAction {
        let initDuration: Duration?
        switch phase {
        case .initializing(let startedAt):
            initDuration = now - startedAt
        case .ready(let pending) where !runtimeIsWaiting:
            initDuration = pending
        case .ready, .invoking, .initFailed, .stopping, .stopped:
            throw .invalidStateTransition(phase, "next")
        }
        guard !queue.isEmpty else {
            phase = .ready(pendingInitDuration: initDuration)
            runtimeIsWaiting = true
            return .park
        }
        return .deliver(deliverNext(at: now, initDuration: initDuration))
    }

    /// The runtime answered `requestID` (response or error): the invocation is complete.
    mutating func runtimeAnswered(requestID: String) throws(Rejection) -> ActiveInvocation {
        guard case .invoking(let active) = phase else {
            throw .invalidStateTransition(phase, "response")
        }
        guard active.invocation.requestID == requestID else {
            throw Rejection.invalidRequestID
        }
        phase = .ready(pendingInitDuration: nil)
        return active
    }

    /// The runtime reported that initialisation failed: every queued invocation fails with it.
    mutating func runtimeReportedInitError() throws(Rejection) -> [Invocation] {
        guard case .initializing = phase else {
            throw .invalidStateTransition(phase, "initError")
        }
        phase = .initFailed
        defer { queue.removeAll() }
        return queue
    }

    // MARK: Process and timers

    enum TimeoutAction: Equatable {
        case killProcess(failing: [Invocation])
        case none
    }

    /// The invocation timer for `requestID` fired.
    mutating func invocationTimedOut(requestID: String) -> TimeoutAction {
        guard case .invoking(let active) = phase, active.invocation.requestID == requestID else { return .none }
        phase = .stopping
        return .killProcess(failing: [active.invocation])
    }

    /// The initialisation timer for the start at `startedAt` fired.
    mutating func initializationTimedOut(startedAt: ContinuousClock.Instant) -> TimeoutAction {
        guard case .initializing(let start) = phase, start == startedAt else { return .none }
        phase = .stopping
        defer { queue.removeAll() }
        return .killProcess(failing: queue)
    }

    struct ExitAction: Equatable {
        /// Invocations that die with the process (`Runtime.ExitError`).
        var failing: [Invocation]
        /// Whether queued invocations need a new process.
        var restart: Bool
        /// The invocation the runtime was handling, which gets END and REPORT lines as in Lambda.
        var interrupted: ActiveInvocation? = nil
    }

    mutating func processExited(at now: ContinuousClock.Instant) -> ExitAction {
        var failing: [Invocation] = []
        var interrupted: ActiveInvocation?
        switch phase {
        case .invoking(let active):
            failing = [active.invocation]
            interrupted = active
        case .initializing:
            failing = queue
            queue.removeAll()
        case .ready, .initFailed, .stopping, .stopped:
            break
        }
        runtimeIsWaiting = false
        if queue.isEmpty {
            phase = .stopped
            return ExitAction(failing: failing, restart: false, interrupted: interrupted)
        }
        phase = .initializing(startedAt: now)
        return ExitAction(failing: failing, restart: true, interrupted: interrupted)
    }

    private mutating func deliverNext(at now: ContinuousClock.Instant, initDuration: Duration?) -> ActiveInvocation {
        let active = ActiveInvocation(invocation: queue.removeFirst(), deliveredAt: now, initDuration: initDuration)
        phase = .invoking(active)
        runtimeIsWaiting = false
        return active
    }
}

extension RuntimeAPIStateMachine.Phase {
    var name: String {
        switch self {
        case .stopped: "Stopped"
        case .initializing: "Initializing"
        case .ready: "Ready"
        case .invoking: "Invoking"
        case .initFailed: "InitFailed"
        case .stopping: "Stopping"
        }
    }
}
