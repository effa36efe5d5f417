import Testing

@testable import LambdaEmulator

/// Every transition of the Runtime API state machine, without processes or sockets.
struct RuntimeAPIStateMachineTests {
    let start = ContinuousClock.now
    func invocation(_ id: String) -> RuntimeAPIStateMachine.Invocation {
        .init(requestID: id, payload: Array(id.utf8), clientContext: nil)
    }

    @Test func firstInvocationStartsTheProcessAndReportsInitDuration() throws {
        var machine = RuntimeAPIStateMachine()
        #expect(machine.invocationArrived(invocation("a"), at: start) == .startProcess)
        let action = try machine.runtimeRequestedNext(at: start + .milliseconds(7))
        guard case .deliver(let active) = action else {
            Issue.record("expected delivery, got \(action)")
            return
        }
        #expect(active.invocation.requestID == "a")
        #expect(active.initDuration == .milliseconds(7))
        let answered = try machine.runtimeAnswered(requestID: "a")
        #expect(answered.initDuration == .milliseconds(7))
        #expect(machine.phase == .ready(pendingInitDuration: nil))
    }

    @Test func idleRuntimeIsParkedUntilWorkArrives() throws {
        var machine = RuntimeAPIStateMachine()
        _ = machine.invocationArrived(invocation("a"), at: start)
        _ = try machine.runtimeRequestedNext(at: start)
        _ = try machine.runtimeAnswered(requestID: "a")
        #expect(try machine.runtimeRequestedNext(at: start) == .park)
        #expect(machine.runtimeIsWaiting)
        guard case .deliverToWaitingRuntime(let active) = machine.invocationArrived(invocation("b"), at: start) else {
            Issue.record("expected delivery to the parked runtime")
            return
        }
        #expect(active.invocation.requestID == "b")
        #expect(active.initDuration == nil)
        #expect(!machine.runtimeIsWaiting)
    }

    @Test func secondLongPollWhileOneIsParkedIsRefused() throws {
        var machine = RuntimeAPIStateMachine()
        _ = machine.invocationArrived(invocation("a"), at: start)
        _ = try machine.runtimeRequestedNext(at: start)
        _ = try machine.runtimeAnswered(requestID: "a")
        #expect(try machine.runtimeRequestedNext(at: start) == .park)
        let rejection = #expect(throws: RuntimeAPIStateMachine.Rejection.self) { try machine.runtimeRequestedNext(at: start) }
        #expect(rejection?.status == 403)
        #expect(machine.runtimeIsWaiting, "the first poll stays parked")
    }

    @Test func invocationsQueueWhileOneIsInFlight() throws {
        var machine = RuntimeAPIStateMachine()
        _ = machine.invocationArrived(invocation("a"), at: start)
        #expect(machine.invocationArrived(invocation("b"), at: start) == .enqueued)
        _ = try machine.runtimeRequestedNext(at: start)
        #expect(machine.invocationArrived(invocation("c"), at: start) == .enqueued)
        _ = try machine.runtimeAnswered(requestID: "a")
        guard case .deliver(let next) = try machine.runtimeRequestedNext(at: start) else {
            Issue.record("expected b")
            return
        }
        #expect(next.invocation.requestID == "b")
    }

    @Test func wrongAndStaleRequestIDsAreRejected() throws {
        var machine = RuntimeAPIStateMachine()
        _ = machine.invocationArrived(invocation("a"), at: start)
        _ = try machine.runtimeRequestedNext(at: start)
        #expect(throws: RuntimeAPIStateMachine.Rejection.invalidRequestID) { try machine.runtimeAnswered(requestID: "zzz") }
        _ = try machine.runtimeAnswered(requestID: "a")
        let stale = #expect(throws: RuntimeAPIStateMachine.Rejection.self) { try machine.runtimeAnswered(requestID: "a") }
        #expect(stale?.status == 403)
        #expect(stale?.errorType == "InvalidStateTransition")
    }

    @Test func initErrorFailsQueuedInvocationsOnlyDuringInitialisation() throws {
        var machine = RuntimeAPIStateMachine()
        _ = machine.invocationArrived(invocation("a"), at: start)
        _ = machine.invocationArrived(invocation("b"), at: start)
        let failed = try machine.runtimeReportedInitError()
        #expect(failed.map(\.requestID) == ["a", "b"])
        #expect(machine.phase == .initFailed)
        #expect(throws: RuntimeAPIStateMachine.Rejection.self) { try machine.runtimeReportedInitError() }
        #expect(machine.processExited(at: start) == .init(failing: [], restart: false))
        #expect(machine.phase == .stopped)
    }

    @Test func timeoutKillsOnlyTheCurrentInvocation() throws {
        var machine = RuntimeAPIStateMachine()
        _ = machine.invocationArrived(invocation("a"), at: start)
        _ = machine.invocationArrived(invocation("b"), at: start)
        _ = try machine.runtimeRequestedNext(at: start)
        #expect(machine.invocationTimedOut(requestID: "b") == .none, "b was never delivered")
        #expect(machine.invocationTimedOut(requestID: "a") == .killProcess(failing: [invocation("a")]))
        let exit = machine.processExited(at: start)
        #expect(exit.failing.isEmpty, "a already failed with the timeout")
        #expect(exit.restart, "b still needs an environment")
        #expect(machine.phase == .initializing(startedAt: start))
    }

    @Test func crashDuringAnInvocationFailsIt() throws {
        var machine = RuntimeAPIStateMachine()
        _ = machine.invocationArrived(invocation("a"), at: start)
        _ = try machine.runtimeRequestedNext(at: start)
        let delivered = RuntimeAPIStateMachine.ActiveInvocation(invocation: invocation("a"), deliveredAt: start, initDuration: .zero)
        // The delivered invocation is named, so it gets END and REPORT lines as in Lambda.
        #expect(machine.processExited(at: start) == .init(failing: [invocation("a")], restart: false, interrupted: [delivered]))
    }

    @Test func initialisationTimeoutFailsEverythingQueued() {
        var machine = RuntimeAPIStateMachine()
        _ = machine.invocationArrived(invocation("a"), at: start)
        #expect(machine.initializationTimedOut(startedAt: start + .seconds(1)) == .none, "a stale timer is ignored")
        #expect(machine.initializationTimedOut(startedAt: start) == .killProcess(failing: [invocation("a")]))
        #expect(machine.phase == .stopping)
    }
}

/// The same machine for a Lambda Managed Instances environment (`maximumConcurrency` 2).
struct MultiConcurrentStateMachineTests {
    let start = ContinuousClock.now
    func invocation(_ id: String) -> RuntimeAPIStateMachine.Invocation {
        .init(requestID: id, payload: Array(id.utf8), clientContext: nil)
    }

    /// A running environment with both workers parked on `/next`.
    func warmMachine() throws -> RuntimeAPIStateMachine {
        var machine = RuntimeAPIStateMachine(maximumConcurrency: 2)
        _ = machine.invocationArrived(invocation("warm"), at: start)
        _ = try machine.runtimeRequestedNext(at: start)
        #expect(try machine.runtimeRequestedNext(at: start) == .park, "the second worker waits beside the first")
        _ = try machine.runtimeAnswered(requestID: "warm")
        #expect(try machine.runtimeRequestedNext(at: start) == .park)
        return machine
    }

    @Test func twoInvocationsAreInFlightAtOnceAndAThirdIsThrottled() throws {
        var machine = try warmMachine()
        guard case .deliverToWaitingRuntime = machine.invocationArrived(invocation("a"), at: start),
            case .deliverToWaitingRuntime = machine.invocationArrived(invocation("b"), at: start)
        else {
            Issue.record("both parked workers should get an invocation")
            return
        }
        #expect(machine.inFlight.map(\.invocation.requestID) == ["a", "b"])
        #expect(machine.invocationArrived(invocation("c"), at: start) == .throttled)
        #expect(machine.queue.isEmpty, "a throttled invocation is not kept")
        _ = try machine.runtimeAnswered(requestID: "b")
        #expect(machine.invocationArrived(invocation("d"), at: start) == .enqueued, "accepted, waiting for b's worker to ask")
    }

    @Test func moreLongPollsThanWorkersAreRefused() throws {
        var machine = try warmMachine()
        let rejection = #expect(throws: RuntimeAPIStateMachine.Rejection.self) { try machine.runtimeRequestedNext(at: start) }
        #expect(rejection?.status == 403)
        #expect(machine.waitingRuntimes == 2)
    }

    @Test func timeoutFailsOnlyItsInvocationAndKeepsTheProcess() throws {
        var machine = try warmMachine()
        _ = machine.invocationArrived(invocation("a"), at: start)
        _ = machine.invocationArrived(invocation("b"), at: start)
        guard case .failInvocation(let failed) = machine.invocationTimedOut(requestID: "a") else {
            Issue.record("expected the invocation alone to fail")
            return
        }
        #expect(failed.invocation.requestID == "a")
        #expect(machine.phase == .ready(pendingInitDuration: nil), "the environment keeps running")
        #expect(throws: RuntimeAPIStateMachine.Rejection.invalidRequestID) { try machine.runtimeAnswered(requestID: "a") }
        #expect(try machine.runtimeAnswered(requestID: "b").invocation.requestID == "b")
    }

    @Test func crashFailsEveryInvocationInFlight() throws {
        var machine = try warmMachine()
        _ = machine.invocationArrived(invocation("a"), at: start)
        _ = machine.invocationArrived(invocation("b"), at: start)
        let exit = machine.processExited(at: start)
        #expect(exit.failing.map(\.requestID) == ["a", "b"])
        #expect(exit.interrupted.count == 2)
        #expect(!exit.restart)
        #expect(machine.phase == .stopped)
    }
}
