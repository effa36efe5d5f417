import AWSClients
import CurlHTTP
import Foundation
import LambdaEmulator
import LocalServices
import PipelineCost
import PipelineModel
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

    func withPipeline(
        triton own: TritonServer? = nil, faults: FaultPlan? = nil, timeouts: [String: Duration] = [:],
        _ body: (LocalPipeline) async throws -> Void
    ) async throws {
        let triton = try await BlockingIO.run { try own ?? TritonServer.shared() }
        let pipeline = try await LocalPipeline.start(
            functionsFolder: FunctionHarness.binFolder,
            definitionPath: "\(PythonToolchain.repositoryRoot)/deploy/statemachine.asl.json",
            triton: triton,
            logSink: logs.sink(),
            faults: faults,
            functionTimeouts: timeouts)
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

            let recordKey = LocalPipeline.recordKey(ofExecution: firstARN)
            #expect(try await result(pipeline, recordKey)["outcome"] as? String == "succeeded")

            // The same event delivered again (EventBridge and SQS are at least once): StartStudy
            // derives the same execution name from it, Step Functions refuses the second start
            // with ExecutionAlreadyExists, and StartStudy counts it as a duplicate: no second result.
            let submission = try await self.submission(pipeline, study: "s-100")
            #expect(submission.executionName == LocalPipeline.executionName(of: firstARN))
            let redelivery = try await pipeline.emulator.invoke(
                LocalPipeline.starterFunctionName,
                payload: Array(try JSONSerialization.data(withJSONObject: try Self.queueEvent(submission))))
            #expect(!redelivery.isError)

            let events = try await telemetry(pipeline)
            #expect(
                events.map { $0["stage"] as? String } == [
                    "ValidateMetadata", "PrepareTensors", "RunInference", "StoreResults", "Execution",
                ])
            #expect(events.allSatisfy { $0["status"] as? String == "succeeded" })

            // The upload's event and its redelivery reached StartStudy; the second started nothing.
            #expect(pipeline.studyEvents.current.delivered == 1, "\(pipeline.studyEvents.current)")
            #expect(try await eventually { logs.lines(containing: "duplicate=1").count == 1 }, "\(logs.lines(containing: "batch handled"))")
            #expect(logs.lines(containing: "started=1").count == 1)
            let stored = try await BlockingIO.run {
                try S3Client(configuration: try pipeline.moto.configuration()).listObjects(bucket: pipeline.resources.results)
            }
            #expect(stored == [recordKey])
            // Kinesis → Firehose → the telemetry lake: the same events, each once.
            #expect(try await eventually { try await pipeline.telemetryLakeRecords().count == events.count })
            let lake = try await pipeline.telemetryLakeRecords().map { try jsonObject($0)["eventId"] as? String }
            #expect(Set(lake) == Set(events.map { $0["eventId"] as? String }) && lake.count == Set(lake).count)
            #expect(pipeline.bridgeErrors.isEmpty, "\(pipeline.bridgeErrors)")

            // What CloudWatch Logs would ingest from the functions' own lines for this study (all
            // but the platform's lines and the redelivery's) stays within the cost model's budget.
            #expect(try await eventually { logs.lines(containing: "\"_aws\"").count == events.count })
            let applicationLines = logs.allLines.filter { !EmulatorLogSink.isPlatformLine($0) && !$0.contains("duplicate=1") }
            let applicationBytes = applicationLines.reduce(0) { $0 + $1.utf8.count }
            #expect(
                applicationBytes > 0 && applicationBytes <= StudyUsage.applicationLogBytesPerSuccessfulStudy,
                "\(applicationBytes) B in \(applicationLines.count) lines")
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
            let record = try await result(pipeline, "results/\(invalidName).json")
            #expect(record["errorType"] as? String == "PHIDetected")
            #expect(record["failedStage"] as? String == "ValidateMetadata")

            let (broken, brokenName) = try await run(
                pipeline, study: "s-201", image: corrupt, sidecar: Self.sidecar(study: "s-201", uid: "1.2.3.201"))
            #expect(broken.status == "FAILED")
            let brokenRecord = try await result(pipeline, "results/\(brokenName).json")
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
            let record = try await result(pipeline, "results/\(name).json")
            #expect(["Inference.Unavailable", "Inference.DeadlineExceeded"].contains(record["errorType"] as? String ?? ""))
            #expect(record["failedStage"] as? String == "RunInference")
            // The ASL retries RunInference twice, 5 s doubling (a budget that fits Express's 5
            // minutes, docs/error-types.md): 15 s of waits before the Catch.
            #expect(elapsed > .seconds(15), "Step Functions retried before catching (took \(elapsed))")
            let inference = pipeline.invocationCount(of: "RunInference")
            #expect(inference == 3, "the first attempt and the ASL's 2 retries")
            let invocations = logs.lines(containing: "START RequestId:").count
            #expect(invocations >= 2 + inference + 2, "validate + prepare + inference attempts + store + telemetry")
        }
    }

    /// The submission of the sidecar now stored for `study` (its current version).
    func submission(_ pipeline: LocalPipeline, study: String) async throws -> StudySubmission {
        let key = "images/\(study)/image.json"
        let metadata = try await BlockingIO.run {
            try S3Client(configuration: try pipeline.moto.configuration()).headObject(bucket: pipeline.resources.images, key: key)
        }
        return try #require(
            StudySubmission(
                bucket: pipeline.resources.images, objectKey: key, eTag: metadata.eTag ?? "", versionID: metadata.versionID, sequencer: nil
            ))
    }

    /// The SQS event that delivers `submission`'s EventBridge event to StartStudy.
    static func queueEvent(_ submission: StudySubmission) throws -> [String: Any] {
        let event: [String: Any] = [
            "version": "0", "id": "redelivered", "detail-type": "Object Created", "source": "aws.s3",
            "detail": [
                "bucket": ["name": submission.bucket],
                "object": ["key": submission.objectKey, "etag": submission.eTag, "version-id": submission.versionID ?? ""],
            ],
        ]
        let body = String(decoding: try JSONSerialization.data(withJSONObject: event), as: UTF8.self)
        return ["Records": [["messageId": "m-1", "receiptHandle": "h-1", "body": body, "eventSource": "aws:sqs"]]]
    }

    /// Starts an execution of `submission` by hand, as an operator (or an Express workflow's
    /// second delivery) would, named `name`.
    func start(_ pipeline: LocalPipeline, _ submission: StudySubmission, name: String) async throws -> String {
        let input = String(decoding: try JSONEncoder().encode(submission.executionInput), as: UTF8.self)
        let machine = pipeline.stateMachineARN
        return try await BlockingIO.run {
            try StepFunctionsClient(configuration: try pipeline.moto.configuration()).startExecution(
                stateMachineARN: machine, name: name, input: input)
        }
    }

    @Test func reuploadIsANewSubmissionAndTwoExecutionsOfOneSubmissionEndInOneRecord() async throws {
        let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
        try await withPipeline { pipeline in
            let sidecar = Self.sidecar(study: "s-400", uid: "1.2.3.400")
            let (first, firstName) = try await run(pipeline, study: "s-400", image: image, sidecar: sidecar)
            #expect(first.status == "SUCCEEDED")

            // Reprocessing (docs/deploy.md): the same bytes uploaded again are a new version, so a
            // new submission with its own execution and its own record.
            let (again, againName) = try await run(pipeline, study: "s-400", image: image, sidecar: sidecar)
            #expect(again.status == "SUCCEEDED")
            #expect(againName != firstName)
            #expect(
                Set(try await pipeline.objectKeys(bucket: pipeline.resources.results)) == [
                    "results/\(firstName).json", "results/\(againName).json",
                ])

            // Two more executions of the second submission, with other names (one an operator's
            // `rerun.1`; Express workflows do not deduplicate names): one record all the same,
            // and every execution reports what it holds.
            let submission = try await self.submission(pipeline, study: "s-400")
            #expect(submission.executionName == againName)
            for name in ["rerun.1", "second-delivery"] {
                let execution = try await pipeline.wait(for: try await start(pipeline, submission, name: name))
                #expect(execution.status == "SUCCEEDED", "\(name): \(execution.error ?? "") \(execution.cause ?? "")")
                let stored = try #require(try jsonObject(Array((execution.output ?? "{}").utf8))["stored"] as? [String: Any])
                #expect(stored["created"] as? Bool == false)
                #expect(stored["key"] as? String == "results/\(againName).json")
            }
            #expect(try await pipeline.objectKeys(bucket: pipeline.resources.results).count == 2)
            #expect(try await result(pipeline, "results/\(againName).json")["executionName"] as? String == againName)
            let executions = Set(
                try await telemetry(pipeline).filter { $0["stage"] as? String == "Execution" }.compactMap {
                    $0["executionName"] as? String
                })
            #expect(executions == [firstName, againName, "rerun.1", "second-delivery"], "telemetry accepts every name")
        }
    }

    @Test func everyCatchOfTheStoreStagesEndsAsTheBucketSays() async throws {
        let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
        // 1. The result's PUT lands but its answer is lost, and every read of it fails for as many
        // attempts as StoreResult has (RetryPolicy.standard's 4 per invocation, times the ASL's
        // invocations): StoreResult's Catch fires, the failure record's write-once PUT meets the
        // result, and the execution ends as the bucket says — succeeded.
        let definition = try jsonObject(
            Array(try Data(contentsOf: URL(fileURLWithPath: "\(PythonToolchain.repositoryRoot)/deploy/statemachine.asl.json"))))
        let storeRetries =
            (((definition["States"] as? [String: Any])?["StoreResult"] as? [String: Any])?["Retry"] as? [[String: Any]])?
            .first { ($0["ErrorEquals"] as? [String])?.contains("S3.ServiceError") == true }?["MaxAttempts"] as? Int
        let storeReads = 4 * (1 + (try #require(storeRetries)))
        let plan = FaultPlan([
            FaultRule(.dropResponse, .firstRequests(1), service: .s3, operations: ["PutObject"], pathContains: "/results-"),
            FaultRule(.internalError, .firstRequests(storeReads), service: .s3, operations: ["GetObject"], pathContains: "/results-"),
        ])
        try await withPipeline(faults: plan, timeouts: ["StoreResults": .seconds(5)]) { pipeline in
            let (landed, landedName) = try await run(
                pipeline, study: "s-500", image: image, sidecar: Self.sidecar(study: "s-500", uid: "1.2.3.500"))
            #expect(landed.status == "SUCCEEDED", "\(landed.error ?? "") \(landed.cause ?? "")")
            #expect(pipeline.invocationCount(of: "StoreResults") > storeReads / 4, "StoreResult's attempts, then the failure record")
            #expect(try await pipeline.objectKeys(bucket: pipeline.resources.results) == ["results/\(landedName).json"])
            #expect(try await result(pipeline, "results/\(landedName).json")["outcome"] as? String == "succeeded")
            let output = try jsonObject(Array((landed.output ?? "{}").utf8))
            #expect(output["failedStage"] as? String == "StoreResults", "it went through the Catch")
            #expect((output["stored"] as? [String: Any])?["outcome"] as? String == "succeeded")
            let events = try await telemetry(pipeline)
            #expect(events.allSatisfy { $0["status"] as? String == "succeeded" }, "telemetry says what the bucket says: \(events)")
            #expect(events.contains { $0["stage"] as? String == "Execution" })

            // 2. No record can be written at all: StoreResult and the failure record both fail,
            // and the execution says so instead of claiming a record.
            plan.replaceRules([FaultRule(.internalError, .always, service: .s3, operations: ["PutObject"], pathContains: "/results-")])
            let (unrecorded, unrecordedName) = try await run(
                pipeline, study: "s-501", image: image, sidecar: Self.sidecar(study: "s-501", uid: "1.2.3.501"))
            #expect(unrecorded.status == "FAILED")
            #expect(unrecorded.error == "StudyUnrecorded")
            #expect(try await pipeline.objectKeys(bucket: pipeline.resources.results).filter { $0.contains(unrecordedName) }.isEmpty)
            let failed = try await telemetry(pipeline).filter { $0["executionName"] as? String == unrecordedName }
            #expect(failed.contains { $0["stage"] as? String == "Execution" && $0["status"] as? String == "failed" })
        }
    }

    @Test func anExecutionOfAReplacedSidecarStopsAndNamesTheNewerExecution() async throws {
        let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
        try await withPipeline { pipeline in
            let (first, _) = try await run(pipeline, study: "s-600", image: image, sidecar: Self.sidecar(study: "s-600", uid: "1.2.3.600"))
            let original = try await self.submission(pipeline, study: "s-600")
            // A corrected sidecar: a new revision, a new submission with its own execution.
            let (corrected, correctedName) = try await run(
                pipeline, study: "s-600", image: image, sidecar: Self.sidecar(study: "s-600", uid: "1.2.3.601"))
            #expect(first.status == "SUCCEEDED" && corrected.status == "SUCCEEDED")

            // An execution started for the first revision that runs only now (it was queued, or
            // an operator started a copy of its input): it must not process the corrected bytes.
            var late = original
            late.uploadIdentity = "version:queued-copy"  // a submission of its own, so its record is new
            let input = StudyExecutionInput(
                bucket: original.bucket, objectKey: original.objectKey,
                submission: SubmissionReference(id: late.id, eTag: original.eTag, versionID: original.versionID)
            )
            let machine = pipeline.stateMachineARN
            let arn = try await BlockingIO.run {
                try StepFunctionsClient(configuration: try pipeline.moto.configuration()).startExecution(
                    stateMachineARN: machine, name: "queued-copy",
                    input: String(decoding: try JSONEncoder().encode(input), as: UTF8.self))
            }
            let stopped = try await pipeline.wait(for: arn)
            #expect(stopped.status == "FAILED")
            let record = try await result(pipeline, "results/\(late.id).json")
            #expect(record["errorType"] as? String == "SupersededRevision")
            #expect(record["failedStage"] as? String == "ValidateMetadata")
            let cause = ((record["state"] as? [String: Any])?["error"] as? [String: Any])?["Cause"] as? String ?? ""
            #expect(cause.contains(correctedName), "the failure record names the newer revision's execution: \(cause)")
        }
    }
}
