/// The Runtime API's protocol state for one execution environment, free of I/O so that
/// every transition can be tested on its own.
///
/// `stopped → initializing → ready`, with `initFailed` and `stopping` leading back to `stopped`
/// once the process has exited. While `ready`, up to ``maximumConcurrency`` invocations are in
/// flight at once: 1 for a Lambda (default) environment, `AWS_LAMBDA_MAX_CONCURRENCY` for a
/// Lambda Managed Instances one, whose runtime runs that many `/next` loops. Each input returns
/// the action the owner must perform.
struct RuntimeAPIStateMachine {
    /// An invocation waiting for, or delivered to, the runtime.
    struct Invocation: Sendable, Equatable {
        var requestID: String
        var payload: [UInt8]
        var clientContext: String?
    }

    /// An invocation the runtime is working on.
    struct ActiveInvocation: Sendable, Equatable {
        var invocation: Invocation
        var deliveredAt: ContinuousClock.Instant
        /// Set for the first invocation after an initialisation: REPORT shows it.
        var initDuration: Duration?
    }

    enum Phase: Equatable {
        case stopped
        case initializing(startedAt: ContinuousClock.Instant)
        /// The runtime is up; ``inFlight`` says how many invocations it is handling.
        case ready(pendingInitDuration: Duration?)
        case initFailed
        case stopping
    }

    /// A rejection the Runtime API returns to the runtime, in AWS's status and error type.
    struct Rejection: Error, Equatable {
        var status: Int
        var errorType: String
        var message: String

        static func invalidStateTransition(_ state: String, _ action: String) -> Rejection {
            Rejection(
                status: 403, errorType: "InvalidStateTransition", message: "Transition from \(state) to \(action) is not allowed")
        }
        static let invalidRequestID = Rejection(status: 400, errorType: "InvalidRequestID", message: "Invalid request ID")
    }

    /// How many invocations the environment handles at once (`AWS_LAMBDA_MAX_CONCURRENCY`).
    let maximumConcurrency: Int
    private(set) var phase: Phase = .stopped
    private(set) var queue: [Invocation] = []
    /// Delivered and not yet answered, in delivery order.
    private(set) var inFlight: [ActiveInvocation] = []
    /// Parked `GET /next` requests.
    private(set) var waitingRuntimes = 0

    /// Creates the machine of an environment that handles `maximumConcurrency` invocations at once.
    init(maximumConcurrency: Int = 1) {
        self.maximumConcurrency = max(1, maximumConcurrency)
    }

    /// Whether a `GET /next` is parked.
    var runtimeIsWaiting: Bool { waitingRuntimes > 0 }

    /// Whether the environment runs several invocations at once (Lambda Managed Instances).
    var isMultiConcurrent: Bool { maximumConcurrency > 1 }

    /// The state's name as Lambda's `InvalidStateTransition` messages spell it.
    var stateName: String {
        if case .ready = phase, !inFlight.isEmpty { return "Invoking" }
        return phase.name
    }

    // MARK: Invoke side

    enum ArrivalAction: Equatable {
        case startProcess
        case deliverToWaitingRuntime(ActiveInvocation)
        case enqueued
        /// Every runtime worker is busy: Lambda Managed Instances reject the invocation (429)
        /// rather than queue it.
        case throttled
    }

    mutating func invocationArrived(_ invocation: Invocation, at now: ContinuousClock.Instant) -> ArrivalAction {
        // A single-concurrency environment queues (Lambda (default) would scale out instead);
        // a multi-concurrent one accepts up to its limit and rejects beyond it, as AWS does.
        if isMultiConcurrent && inFlight.count + queue.count >= maximumConcurrency {
            return .throttled
        }
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

    /// A runtime worker asks for work. At most ``maximumConcurrency`` requests may be parked or
    /// holding an invocation at once; one more is an `InvalidStateTransition`.
    mutating func runtimeRequestedNext(at now: ContinuousClock.Instant) throws(Rejection) -> NextAction {
        let initDuration: Duration?
        switch phase {
        case .initializing(let startedAt):
            initDuration = now - startedAt
        case .ready(let pending) where inFlight.count + waitingRuntimes < maximumConcurrency:
            initDuration = pending
        case .ready, .initFailed, .stopping, .stopped:
            throw .invalidStateTransition(stateName, "next")
        }
        guard !queue.isEmpty else {
            phase = .ready(pendingInitDuration: initDuration)
            waitingRuntimes += 1
            return .park
        }
        return .deliver(deliverNext(at: now, initDuration: initDuration, fromWaiting: false))
    }

    /// The runtime answered `requestID` (response or error): the invocation is complete.
    mutating func runtimeAnswered(requestID: String) throws(Rejection) -> ActiveInvocation {
        guard case .ready = phase, !inFlight.isEmpty else {
            throw .invalidStateTransition(stateName, "response")
        }
        guard let index = inFlight.firstIndex(where: { $0.invocation.requestID == requestID }) else {
            throw Rejection.invalidRequestID
        }
        return inFlight.remove(at: index)
    }

    /// The runtime reported that initialisation failed: every queued invocation fails with it.
    mutating func runtimeReportedInitError() throws(Rejection) -> [Invocation] {
        guard case .initializing = phase else {
            throw .invalidStateTransition(stateName, "initError")
        }
        phase = .initFailed
        defer { queue.removeAll() }
        return queue
    }

    // MARK: Process and timers

    enum TimeoutAction: Equatable {
        /// Lambda (default): the environment is killed, and the invocation fails with it.
        case killProcess(failing: [Invocation])
        /// Lambda Managed Instances: the timeout is reported, not enforced; the invocation fails
        /// and the process (with its other invocations) runs on.
        case failInvocation(ActiveInvocation)
        case none
    }

    /// The invocation timer for `requestID` fired.
    mutating func invocationTimedOut(requestID: String) -> TimeoutAction {
        guard case .ready = phase, let index = inFlight.firstIndex(where: { $0.invocation.requestID == requestID }) else {
            return .none
        }
        if isMultiConcurrent {
            return .failInvocation(inFlight.remove(at: index))
        }
        phase = .stopping
        return .killProcess(failing: [inFlight.remove(at: index).invocation])
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
        /// The invocations the runtime was handling, which get END and REPORT lines as in Lambda.
        var interrupted: [ActiveInvocation] = []
    }

    mutating func processExited(at now: ContinuousClock.Instant) -> ExitAction {
        var failing: [Invocation] = []
        let interrupted = inFlight
        switch phase {
        case .ready:
            failing = inFlight.map(\.invocation)
        case .initializing:
            failing = queue
            queue.removeAll()
        case .initFailed, .stopping, .stopped:
            break
        }
        inFlight.removeAll()
        waitingRuntimes = 0
        if queue.isEmpty {
            phase = .stopped
            return ExitAction(failing: failing, restart: false, interrupted: interrupted)
        }
        phase = .initializing(startedAt: now)
        return ExitAction(failing: failing, restart: true, interrupted: interrupted)
    }

    private mutating func deliverNext(
        at now: ContinuousClock.Instant, initDuration: Duration?, fromWaiting: Bool = true
    ) -> ActiveInvocation {
        let active = ActiveInvocation(invocation: queue.removeFirst(), deliveredAt: now, initDuration: initDuration)
        inFlight.append(active)
        if fromWaiting { waitingRuntimes -= 1 }
        // Only the first invocation after an initialisation reports its duration.
        phase = .ready(pendingInitDuration: nil)
        return active
    }
}

extension RuntimeAPIStateMachine.Phase {
    var name: String {
        switch self {
        case .stopped: "Stopped"
        case .initializing: "Initializing"
        case .ready: "Ready"
        case .initFailed: "InitFailed"
        case .stopping: "Stopping"
        }
    }
}
