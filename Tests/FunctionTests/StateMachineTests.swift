import AWSClients
import CurlHTTP
import Foundation
import LambdaEmulator
import LocalServices
import Testing

/// The whole pipeline for real: moto executes deploy/statemachine.asl.json, its Lambda tasks
/// reach the emulator (MOTO_PORT) which runs the five real executables, and RunInference calls
/// a real Triton. Every study must end in exactly one result or one failure record.
@Suite(.serialized)
struct StateMachineTests {
    static func sidecar(study: String, uid: String, extra: [String: Any] = [:]) -> [String: Any] {
        [
            "studyInstanceUID": uid, "seriesInstanceUID": "\(uid).1", "sopInstanceUID": "\(uid).1.1", "modality": "CR",
            "bodyPart": "CHEST", "acquisitionDateTime": "2026-11-25T09:45:00+01:00",
            "image": ["key": "images/\(study)/image.png", "contentType": "image/png"],
        ].merging(extra) { _, new in new }
    }

    func withPipeline(triton own: TritonServer? = nil, _ body: (LocalPipeline) async throws -> Void) async throws {
        let triton = try await BlockingIO.run { try own ?? TritonServer.shared() }
        let pipeline = try await LocalPipeline.start(
            functionsFolder: FunctionHarness.binFolder,
            definitionPath: "\(PythonToolchain.repositoryRoot)/deploy/statemachine.asl.json",
            triton: triton,
            logSink: logs.sink())
        do {
            try await body(pipeline)
        } catch {
            await pipeline.shutdown()
            throw error
        }
        await pipeline.shutdown()
    }

    let logs = LogCollector()

    /// Submits a study, waits for its execution, and returns it with the execution's name.
    func run(_ pipeline: LocalPipeline, study: String, image: [UInt8], sidecar: [String: Any]) async throws -> (
        execution: StepFunctionsClient.Execution, name: String
    ) {
        let arn = try await pipeline.submit(
            study: study, image: image, imageExtension: "png", sidecar: Array(try JSONSerialization.data(withJSONObject: sidecar)))
        return (try await pipeline.wait(for: arn), LocalPipeline.executionName(of: arn))
    }

    func telemetry(_ pipeline: LocalPipeline) async throws -> [[String: Any]] {
        try await pipeline.telemetry().map { try jsonObject($0) }
    }

    func result(_ pipeline: LocalPipeline, _ key: String) async throws -> [String: Any] {
        try jsonObject(try await pipeline.object(bucket: pipeline.resources.results, key: key))
    }

    @Test func goodStudyEndsInOneResultAndTelemetry() async throws {
        let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
        try await withPipeline { pipeline in
            let uid = "1.2.826.0.1.3680043.8.498.100"
            let sidecar = Array(try JSONSerialization.data(withJSONObject: Self.sidecar(study: "s-100", uid: uid)))
            let firstARN = try await pipeline.submit(study: "s-100", image: image, imageExtension: "png", sidecar: sidecar)
            let execution = try await pipeline.wait(for: firstARN)
            #expect(execution.status == "SUCCEEDED", "\(execution.error ?? "") \(execution.cause ?? "")")
            let output = try jsonObject(Array((execution.output ?? "{}").utf8))
            let predictions = try #require((output["inference"] as? [String: Any])?["predictions"] as? [[String: Any]])
            #expect(predictions.count == 4)
            #expect((output["stored"] as? [String: Any])?["created"] as? Bool == true)

            #expect(
                try await result(pipeline, "results/\(uid)/\(LocalPipeline.executionName(of: firstARN)).json")["outcome"] as? String
                    == "succeeded")

            // The same sidecar again (as a duplicated event delivery would be): StartStudy derives
            // the same execution name from it, Step Functions refuses the second start with
            // ExecutionAlreadyExists, and StartStudy counts it as a duplicate: no second result.
            let duplicate = try await pipeline.submit(study: "s-100", image: image, imageExtension: "png", sidecar: sidecar)
            #expect(duplicate == firstARN)

            let events = try await telemetry(pipeline)
            #expect(
                events.map { $0["stage"] as? String } == [
                    "ValidateMetadata", "PrepareTensors", "RunInference", "StoreResults", "Execution",
                ])
            #expect(events.allSatisfy { $0["status"] as? String == "succeeded" })

            // Both sidecar events reached StartStudy; the second started nothing.
            #expect(try await eventually { pipeline.studyEvents.current.delivered == 2 }, "\(pipeline.studyEvents.current)")
            #expect(try await eventually { logs.lines(containing: "duplicate=1").count == 1 }, "\(logs.lines(containing: "batch handled"))")
            #expect(logs.lines(containing: "started=1").count == 1)
            let stored = try await BlockingIO.run {
                try S3Client(configuration: try pipeline.moto.configuration()).listObjects(bucket: pipeline.resources.results)
            }
            #expect(stored == ["results/\(uid)/\(LocalPipeline.executionName(of: firstARN)).json"])
            // Kinesis → Firehose → the telemetry lake: the same events, each once.
            #expect(try await eventually { try await pipeline.telemetryLakeRecords().count == events.count })
            let lake = try await pipeline.telemetryLakeRecords().map { try jsonObject($0)["eventId"] as? String }
            #expect(Set(lake) == Set(events.map { $0["eventId"] as? String }) && lake.count == Set(lake).count)
            #expect(pipeline.bridgeErrors.isEmpty, "\(pipeline.bridgeErrors)")
        }
    }

    /// Polls `condition` every 50 ms for up to 10 s.
    func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(10) {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test func badStudiesEndInOneFailureRecordEach() async throws {
        let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
        let corrupt = try PrepareTensorsTests.pngSuiteFile("xcrn0g04.png")
        try await withPipeline { pipeline in
            let (invalid, invalidName) = try await run(
                pipeline, study: "s-200", image: image,
                sidecar: Self.sidecar(study: "s-200", uid: "1.2.3.200", extra: ["modality": "XRAY", "patientName": "CANARY^Name"]))
            #expect(invalid.status == "FAILED")
            #expect(invalid.error == "StudyFailed")
            let record = try await result(pipeline, "results/unvalidated/\(invalidName).json")
            #expect(record["errorType"] as? String == "PHIDetected")
            #expect(record["failedStage"] as? String == "ValidateMetadata")

            let (broken, brokenName) = try await run(
                pipeline, study: "s-201", image: corrupt, sidecar: Self.sidecar(study: "s-201", uid: "1.2.3.201"))
            #expect(broken.status == "FAILED")
            let brokenRecord = try await result(pipeline, "results/1.2.3.201/\(brokenName).json")
            #expect(["CorruptImage", "UnsupportedFormat"].contains(brokenRecord["errorType"] as? String ?? ""))
            #expect(brokenRecord["failedStage"] as? String == "PrepareTensors")

            let failures = try await telemetry(pipeline).filter { $0["status"] as? String == "failed" }
            #expect(Set(failures.compactMap { $0["stage"] as? String }) == ["ValidateMetadata", "PrepareTensors", "Execution"])
            #expect(logs.lines(containing: "CANARY").isEmpty, "no log line carries patient data")
        }
    }

    @Test func tritonDownIsRetriedThenCaughtIntoAFailureRecord() async throws {
        let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
        let triton = try await BlockingIO.run { try TritonServer() }
        triton.stop()  // the EKS service is down for the whole run
        try await withPipeline(triton: triton) { pipeline in
            let started = ContinuousClock.now
            let (execution, name) = try await run(
                pipeline, study: "s-300", image: image, sidecar: Self.sidecar(study: "s-300", uid: "1.2.3.300"))
            let elapsed = ContinuousClock.now - started
            #expect(execution.status == "FAILED")
            let record = try await result(pipeline, "results/1.2.3.300/\(name).json")
            #expect(["Inference.Unavailable", "Inference.DeadlineExceeded"].contains(record["errorType"] as? String ?? ""))
            #expect(record["failedStage"] as? String == "RunInference")
            // The ASL retries RunInference 4 times, 2 s doubling: 30 s of waits before the Catch.
            #expect(elapsed > .seconds(25), "Step Functions retried before catching (took \(elapsed))")
            let invocations = logs.lines(containing: "START RequestId:").count
            #expect(invocations >= 5 + 2, "validate + prepare + 5 inference attempts + store + telemetry")
        }
    }
}
