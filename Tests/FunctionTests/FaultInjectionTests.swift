import AWSClients
import CurlHTTP
import Digests
import Foundation
import LambdaEmulator
import LocalServices
import Testing

/// Faults injected between the real functions and moto (``FaultProxy``), into Triton and into
/// the function processes, with moto executing deploy/statemachine.asl.json. Each test pins
/// down which layer absorbs the fault (the client's retry policy, the Lambda deadline, the
/// state machine's Retry, its Catch) and that every study still ends in exactly one result or
/// one failure record. Figures are in docs/fault-injection.md.
@Suite(.serialized)
struct FaultInjectionTests {
    let logs = LogCollector()

    /// Starts the pipeline with the functions talking to moto through a proxy running `plan`;
    /// checks afterwards that the bridges met no error.
    func withPipeline(
        _ plan: FaultPlan, triton own: TritonServer? = nil, timeouts: [String: Duration] = [:],
        environment: [String: [String: String]] = [:], _ body: (LocalPipeline, FaultPlan) async throws -> Void
    ) async throws {
        let triton = try await BlockingIO.run { try own ?? TritonServer.shared() }
        let pipeline = try await LocalPipeline.start(
            functionsFolder: FunctionHarness.binFolder,
            definitionPath: "\(PythonToolchain.repositoryRoot)/deploy/statemachine.asl.json",
            triton: triton, logSink: logs.sink(), faults: plan, functionTimeouts: timeouts, functionEnvironment: environment)
        do {
            try await body(pipeline, plan)
            #expect(pipeline.bridgeErrors.isEmpty, "\(pipeline.bridgeErrors)")
        } catch {
            await pipeline.shutdown()
            throw error
        }
        await pipeline.shutdown()
    }

    /// One study through the state machine: its execution and how long it took.
    struct Run {
        var execution: StepFunctionsClient.Execution
        var elapsed: Duration
        /// The execution's name (the submission's id, `sub-…`): the record's file name.
        var name: String
        var output: [String: Any] { (try? jsonObject(Array((execution.output ?? "{}").utf8))) ?? [:] }
    }

    func run(_ pipeline: LocalPipeline, study: String, uid: String) async throws -> Run {
        let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
        let sidecar = Array(try JSONSerialization.data(withJSONObject: StateMachineTests.sidecar(study: study, uid: uid)))
        let started = ContinuousClock.now
        let arn = try await pipeline.submit(study: study, image: image, imageExtension: "png", sidecar: sidecar)
        let execution = try await pipeline.wait(for: arn)
        return Run(execution: execution, elapsed: ContinuousClock.now - started, name: LocalPipeline.executionName(of: arn))
    }

    /// Every object in the results bucket.
    func resultKeys(_ pipeline: LocalPipeline) async throws -> [String] {
        try await pipeline.objectKeys(bucket: pipeline.resources.results)
    }

    func result(_ pipeline: LocalPipeline, _ key: String) async throws -> [String: Any] {
        try jsonObject(try await pipeline.object(bucket: pipeline.resources.results, key: key))
    }

    /// The errorTypes `function` reported, in order (its runtime logs each failed invocation).
    func reportedErrors(_ pipeline: LocalPipeline, _ function: String) -> [String] {
        (pipeline.functionLogs[function]?.lines(containing: "invocation failed") ?? []).compactMap { line in
            line.range(of: "errorType=").map { String(line[$0.upperBound...].prefix { !$0.isWhitespace && $0 != "\"" }) }
        }
    }

    func invocations(_ pipeline: LocalPipeline) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: LocalPipeline.functionNames.map { ($0, pipeline.invocationCount(of: $0)) })
    }

    // MARK: - S3

    @Test func transientS3ErrorsAreAbsorbedByTheFunctionsOwnRetries() async throws {
        // Per object: GET fails with 503 then 500, PUT with SlowDown twice; the third attempt passes.
        let plan = FaultPlan([
            FaultRule(.serviceUnavailable, .firstRequests(1), service: .s3, operations: ["GetObject"]),
            FaultRule(.internalError, .firstRequests(2), service: .s3, operations: ["GetObject"]),
            FaultRule(.throttled, .firstRequests(2), service: .s3, operations: ["PutObject"]),
        ])
        try await withPipeline(plan) { pipeline, plan in
            let uid = "1.2.3.1000"
            let outcome = try await run(pipeline, study: "f-1000", uid: uid)
            #expect(outcome.execution.status == "SUCCEEDED", "\(outcome.execution.error ?? "") \(outcome.execution.cause ?? "")")
            // Sidecar, image and tensor read; tensor and result written: 3 attempts each.
            #expect(plan.requestCount(.s3, operation: "GetObject") == 9, "\(plan.summary)")
            #expect(plan.faultCount(.s3, operation: "GetObject") == 6)
            #expect(plan.requestCount(.s3, operation: "PutObject") == 6)
            #expect(plan.faultCount(.s3, operation: "PutObject") == 4)
            // No fault reached Step Functions: one invocation per stage.
            #expect(invocations(pipeline).values.allSatisfy { $0 == 1 }, "\(invocations(pipeline))")
            #expect(try await resultKeys(pipeline) == ["results/\(outcome.name).json"])
            #expect(try await result(pipeline, "results/\(outcome.name).json")["outcome"] as? String == "succeeded")
            #expect((outcome.output["stored"] as? [String: Any])?["created"] as? Bool == true)
            print("transient S3 faults: \(outcome.elapsed), \(plan.summary)")
        }
    }

    @Test func persistentS3FailureIsRetriedByTheStateMachineThenCaught() async throws {
        let plan = FaultPlan()
        try await withPipeline(plan) { pipeline, plan in
            // 1. Results writes fail for 2.5 s: longer than StoreResults' own 4 attempts, shorter
            // than the state machine's retries (1 s, then 2 s).
            plan.replaceRules([
                FaultRule(.internalError, .window(.milliseconds(2500)), service: .s3, operations: ["PutObject"], pathContains: "/results-")
            ])
            let uid = "1.2.3.1100"
            let healed = try await run(pipeline, study: "f-1100", uid: uid)
            #expect(healed.execution.status == "SUCCEEDED", "\(healed.execution.error ?? "") \(healed.execution.cause ?? "")")
            let storeErrors = reportedErrors(pipeline, "StoreResults")
            #expect(!storeErrors.isEmpty && storeErrors.allSatisfy { $0 == "S3.ServiceError" }, "\(storeErrors)")
            #expect(pipeline.invocationCount(of: "StoreResults") == storeErrors.count + 1)
            #expect(plan.faultCount(.s3, operation: "PutObject") >= 4, "at least one full retry budget: \(plan.summary)")
            #expect(try await resultKeys(pipeline) == ["results/\(healed.name).json"])
            let healedSummary = plan.summary

            // 2. Tensor writes fail for good: PrepareTensors' 2 ASL attempts fail, then the Catch
            // stores one failure record.
            plan.replaceRules([
                FaultRule(.internalError, .always, service: .s3, operations: ["PutObject"], pathContains: "/tensors-")
            ])
            let failedUID = "1.2.3.1101"
            let caught = try await run(pipeline, study: "f-1101", uid: failedUID)
            #expect(caught.execution.status == "FAILED")
            #expect(caught.execution.error == "StudyFailed")
            #expect(reportedErrors(pipeline, "PrepareTensors") == Array(repeating: "S3.ServiceError", count: 2))
            #expect(pipeline.invocationCount(of: "PrepareTensors") == 2 + 1, "one per study, plus 1 ASL retry")
            let record = try await result(pipeline, "results/\(caught.name).json")
            #expect(record["outcome"] as? String == "failed")
            #expect(record["errorType"] as? String == "S3.ServiceError")
            #expect(record["failedStage"] as? String == "PrepareTensors")
            let keys = try await resultKeys(pipeline)
            #expect(keys.count == 2 && Set(keys) == ["results/\(healed.name).json", "results/\(caught.name).json"])
            print("persistent S3 faults: healed in \(healed.elapsed) (\(healedSummary)); caught in \(caught.elapsed) (\(plan.summary))")
        }
    }

    @Test func droppedConnectionsAndLateAnswersLeaveOneObjectPerStudy() async throws {
        let plan = FaultPlan([
            // Reads of the sidecar and the image: the connection closes without an answer, once.
            FaultRule(.dropConnection, .firstRequests(1), service: .s3, operations: ["GetObject"], pathContains: "/images-"),
            // The tensor is written but its response is lost: the retry finds it (write-once).
            FaultRule(.dropResponse, .firstRequests(1), service: .s3, operations: ["PutObject"], pathContains: "/tensors-"),
            // The result's first PUT answers 5 s late: its attempt gets only a share of StoreResults'
            // 2.5 s deadline (1 s), so the client's own retry stores the document within the
            // invocation; the late PUT reaches moto last and meets 412 (write-once).
            FaultRule(.delay(.seconds(5)), .firstRequests(1), service: .s3, operations: ["PutObject"], pathContains: "/results-"),
        ])
        try await withPipeline(plan, timeouts: ["StoreResults": .seconds(3)]) { pipeline, plan in
            let uid = "1.2.3.1200"
            let outcome = try await run(pipeline, study: "f-1200", uid: uid)
            #expect(outcome.execution.status == "SUCCEEDED", "\(outcome.execution.error ?? "") \(outcome.execution.cause ?? "")")
            #expect(plan.faultCount(.s3, operation: "GetObject") == 2, "\(plan.summary)")
            #expect(pipeline.invocationCount(of: "ValidateMetadata") == 1)
            #expect(pipeline.invocationCount(of: "PrepareTensors") == 1)
            // (Before each attempt was bounded, the first one spent the whole deadline:
            // S3.DeadlineExceeded after 1 attempt, and Step Functions had to retry.)
            #expect(reportedErrors(pipeline, "StoreResults") == [])
            #expect(pipeline.invocationCount(of: "StoreResults") == 1)
            // Let the late PUT land (5 s after it was sent), then count objects.
            try await Task.sleep(for: .seconds(2))
            #expect(plan.requestCount(.s3, operation: "PutObject") == 4, "tensor ×2, result ×2: \(plan.summary)")
            #expect(try await resultKeys(pipeline) == ["results/\(outcome.name).json"])
            let tensors = try await pipeline.objectKeys(bucket: pipeline.resources.tensors)
            #expect(tensors.count == 1)

            // The result's response is lost once: StoreResults' own retry finds its own document.
            plan.replaceRules([
                FaultRule(.dropResponse, .firstRequests(1), service: .s3, operations: ["PutObject"], pathContains: "/results-")
            ])
            let lostUID = "1.2.3.1201"
            let lost = try await run(pipeline, study: "f-1201", uid: lostUID)
            #expect(lost.execution.status == "SUCCEEDED")
            #expect((lost.output["stored"] as? [String: Any])?["created"] as? Bool == false, "the retry met 412 PreconditionFailed")
            // The client sees the closed connection at once and retries inside the invocation. (It
            // used to notice only at its 2.5 s deadline: a function process started after the proxy
            // accepted this connection held a copy of the socket, so the proxy's close sent no FIN.)
            #expect(pipeline.invocationCount(of: "StoreResults") == 2, "\(reportedErrors(pipeline, "StoreResults"))")
            #expect(try await resultKeys(pipeline).filter { $0.contains(lost.name) } == ["results/\(lost.name).json"])
            #expect(try await result(pipeline, "results/\(lost.name).json")["outcome"] as? String == "succeeded")
            print("dropped/late S3 answers: \(outcome.elapsed) and \(lost.elapsed); \(plan.summary)")
        }
    }

    // MARK: - Kinesis

    /// The eventIds SendTelemetry derives for a successful execution (docs/functions.md).
    static func expectedEventIDs(execution: String) -> Set<String> {
        Set(
            ["ValidateMetadata", "PrepareTensors", "RunInference", "StoreResults", "Execution"].map {
                Digests.hex(Digests.sha256(Array("\(execution)/\($0)/succeeded".utf8)))
            })
    }

    @Test func throttledTelemetryRecordsAreResentWithoutLossAndDuplicatesShareTheirEventId() async throws {
        let plan = FaultPlan([FaultRule(.throttleRecords, .firstRequests(2), service: .kinesis)])
        try await withPipeline(plan) { pipeline, plan in
            // 1. Two partial failures, absorbed by the client: only the failed records are resent.
            let first = try await run(pipeline, study: "f-1300", uid: "1.2.3.1300")
            #expect(first.execution.status == "SUCCEEDED")
            #expect((first.output["telemetryError"]) == nil)
            #expect(plan.requestCount(.kinesis, operation: "PutRecords") == 3, "5 records, then 3, then 2")
            #expect(pipeline.invocationCount(of: "SendTelemetry") == 1)
            let firstEvents = try await pipeline.telemetry().map { try jsonObject($0) }
            let firstIDs = firstEvents.compactMap { $0["eventId"] as? String }
            #expect(firstIDs.count == 5, "each event exactly once")
            #expect(Set(firstIDs) == Self.expectedEventIDs(execution: first.name))

            // 2. The shard stays hot for the client's whole retry budget: the invocation fails
            // with Kinesis.PartialFailure, Step Functions retries it, and the new invocation
            // sends every event again: at least once, duplicates under the same eventId.
            plan.replaceRules([FaultRule(.throttleRecords, .firstRequests(4), service: .kinesis)])
            let second = try await run(pipeline, study: "f-1301", uid: "1.2.3.1301")
            #expect(second.execution.status == "SUCCEEDED")
            #expect(second.output["telemetryError"] == nil)
            #expect(reportedErrors(pipeline, "SendTelemetry") == ["Kinesis.PartialFailure"])
            #expect(pipeline.invocationCount(of: "SendTelemetry") == 3)
            let events = try await pipeline.telemetry().map { try jsonObject($0) }.filter {
                $0["executionName"] as? String == second.name
            }
            let ids = events.compactMap { $0["eventId"] as? String }
            #expect(Set(ids) == Self.expectedEventIDs(execution: second.name), "no event lost")
            // Throttled positions 0,2,4 → 0,2 → 0,2 of what was left → 0: 4 of 5 landed, then 5 again.
            #expect(ids.count == 4 + 5, "\(ids.count) records")
            for (_, copies) in Dictionary(grouping: events, by: { $0["eventId"] as? String ?? "" }) where copies.count > 1 {
                // A duplicate is the same event; its send time and, for the Execution event, the
                // execution's running time so far are taken when it is sent.
                let varying: Set<String> =
                    copies[0]["stage"] as? String == "Execution" ? ["timestamp", "elapsedMilliseconds"] : ["timestamp"]
                let withoutTime = copies.map { $0.filter { !varying.contains($0.key) } as NSDictionary }
                #expect(withoutTime.allSatisfy { $0 == withoutTime[0] })
            }
            print("throttled telemetry: \(first.elapsed) and \(second.elapsed); \(plan.summary)")
        }
    }

    // MARK: - Triton and the function processes

    @Test func tritonRestartedMidRunIsRetriedByTheStateMachine() async throws {
        let triton = try await BlockingIO.run { try TritonServer() }
        defer { triton.stop() }
        try await withPipeline(FaultPlan(), triton: triton) { pipeline, _ in
            triton.stop()
            let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
            let sidecar = Array(try JSONSerialization.data(withJSONObject: StateMachineTests.sidecar(study: "f-1400", uid: "1.2.3.1400")))
            let started = ContinuousClock.now
            let arn = try await pipeline.submit(study: "f-1400", image: image, imageExtension: "png", sidecar: sidecar)
            // Restart Triton on the same ports once RunInference has failed against it.
            while reportedErrors(pipeline, "RunInference").isEmpty, ContinuousClock.now - started < .seconds(30) {
                try await Task.sleep(for: .milliseconds(50))
            }
            try await BlockingIO.run { try triton.start() }
            let execution = try await pipeline.wait(for: arn)
            let elapsed = ContinuousClock.now - started
            let errors = reportedErrors(pipeline, "RunInference")
            #expect(errors.first == "Inference.Unavailable", "\(errors)")
            let succeeded = execution.status == "SUCCEEDED"
            #expect(pipeline.invocationCount(of: "RunInference") == errors.count + (succeeded ? 1 : 0))
            #expect(
                try await resultKeys(pipeline) == ["results/\(LocalPipeline.executionName(of: arn)).json"],
                "one result or one failure record")
            // A retry that lands while the restarted Triton is up but still loading the model is
            // told "unknown model"; the client asks /v2/health/ready, which stays false until the
            // model is loaded, and reports Inference.ModelNotReady (retried), not ModelNotFound.
            #expect(succeeded, "\(errors)")
            #expect(errors.allSatisfy { ["Inference.Unavailable", "Inference.ModelNotReady"].contains($0) }, "\(errors)")
            print(
                "Triton restarted (startup \(triton.lastStartupDuration)): \(execution.status) in \(elapsed), RunInference errors \(errors)"
            )
        }
    }

    @Test func slowTritonHitsTheDeadlineIsRetriedByTheStateMachineThenSucceeds() async throws {
        let triton = try await BlockingIO.run { try TritonServer() }
        defer { triton.stop() }
        try triton.setInferenceDelay(.seconds(3))
        let environment = ["RunInference": ["RADSTREAM_INFERENCE_TIMEOUT_MS": "800"]]
        try await withPipeline(FaultPlan(), triton: triton, timeouts: ["RunInference": .seconds(4)], environment: environment) {
            pipeline, _ in
            let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
            let sidecar = Array(try JSONSerialization.data(withJSONObject: StateMachineTests.sidecar(study: "f-1600", uid: "1.2.3.1600")))
            let started = ContinuousClock.now
            let arn = try await pipeline.submit(study: "f-1600", image: image, imageExtension: "png", sidecar: sidecar)
            // Triton answers slower than RunInference's per-attempt timeout until the first
            // failure has reached Step Functions; then it is fast again.
            while reportedErrors(pipeline, "RunInference").isEmpty, ContinuousClock.now - started < .seconds(30) {
                try await Task.sleep(for: .milliseconds(50))
            }
            try triton.setInferenceDelay(.zero)
            let execution = try await pipeline.wait(for: arn)
            let errors = reportedErrors(pipeline, "RunInference")
            #expect(execution.status == "SUCCEEDED", "\(execution.error ?? "") \(execution.cause ?? "") \(errors)")
            #expect(
                !errors.isEmpty && errors.allSatisfy { ["Inference.DeadlineExceeded", "Inference.Unavailable"].contains($0) }, "\(errors)")
            #expect(pipeline.invocationCount(of: "RunInference") == errors.count + 1)
            #expect(try await resultKeys(pipeline) == ["results/\(LocalPipeline.executionName(of: arn)).json"])
            print("slow Triton: \(execution.status) in \(ContinuousClock.now - started), RunInference errors \(errors)")
        }
    }

    @Test func aHungFunctionIsKilledAtItsTimeoutRetriedThenCaughtAndItsEnvironmentRestarts() async throws {
        let plan = FaultPlan()
        try await withPipeline(plan, timeouts: ["RunInference": .seconds(2)]) { pipeline, plan in
            let warm = try await run(pipeline, study: "f-1500", uid: "1.2.3.1500")
            #expect(warm.execution.status == "SUCCEEDED")

            // Every RunInference invocation hangs: its tensor read is answered late (so it is
            // surely inside the invocation), and once its START line is out its process is frozen
            // (SIGSTOP: a call that never returns). The emulator kills it at the 2 s timeout and
            // starts a new environment.
            plan.replaceRules([FaultRule(.delay(.seconds(1)), .always, service: .s3, operations: ["GetObject"], pathContains: "/tensors-")])
            let freezer = Task {
                var frozen: Set<Int32> = []
                var starts = pipeline.invocationCount(of: "RunInference")
                while !Task.isCancelled {
                    if pipeline.invocationCount(of: "RunInference") > starts,
                        let pid = await pipeline.emulator.processIdentifier(of: "RunInference")
                    {
                        starts += 1
                        kill(pid, SIGSTOP)
                        frozen.insert(pid)
                    }
                    try? await Task.sleep(for: .milliseconds(10))
                }
                return frozen
            }
            let hung = try await run(pipeline, study: "f-1501", uid: "1.2.3.1501")
            freezer.cancel()
            for pid in await freezer.value { kill(pid, SIGCONT) }
            plan.replaceRules([])
            #expect(hung.execution.status == "FAILED")
            let record = try await result(pipeline, "results/\(hung.name).json")
            #expect(record["errorType"] as? String == "Sandbox.Timedout")
            #expect(record["failedStage"] as? String == "RunInference")
            let timeouts = pipeline.functionLogs["RunInference"]?.lines(containing: "Task timed out after 2.00 seconds").count
            #expect(timeouts == 3, "the first attempt and the ASL's 2 retries")
            #expect(pipeline.invocationCount(of: "RunInference") == 1 + 3)

            let after = try await run(pipeline, study: "f-1502", uid: "1.2.3.1502")
            #expect(after.execution.status == "SUCCEEDED", "the restarted environment serves the next study")
            #expect(try await resultKeys(pipeline).count == 3)
            print("hung RunInference: caught in \(hung.elapsed)")
        }
    }
}
