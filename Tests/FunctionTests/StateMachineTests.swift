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
    /// The local stack for one test: moto with state machine execution, the emulator, buckets, stream.
    final class Stack: @unchecked Sendable {
        let moto: MotoServer
        let emulator: LambdaEmulator
        let logs = LogCollector()
        let stateMachineARN: String
        let suffix = String(UInt32.random(in: 0...UInt32.max))
        var images: String { "images-\(suffix)" }
        var tensors: String { "tensors-\(suffix)" }
        var results: String { "results-\(suffix)" }
        var stream: String { "telemetry-\(suffix)" }

        init() async throws {
            let emulatorPort = try LoopbackPort.unused()
            let moto = try await BlockingIO.run { try MotoServer(lambdaEndpointPort: emulatorPort) }
            let triton = try await BlockingIO.run { try TritonServer.shared() }
            self.moto = moto
            let suffix = self.suffix
            let (images, tensors, results, stream) = ("images-\(suffix)", "tensors-\(suffix)", "results-\(suffix)", "telemetry-\(suffix)")
            try await BlockingIO.run {
                try moto.enableStateMachineExecution()
                for bucket in [images, tensors, results] { try moto.createBucket(bucket) }
                try moto.createStream(stream)
            }
            let settings: [String: [String: String]] = [
                "ValidateMetadata": ["IMAGES_BUCKETS": images],
                "PrepareTensors": ["IMAGES_BUCKETS": images, "TENSORS_BUCKET": tensors],
                "RunInference": [
                    "TENSORS_BUCKETS": tensors, "RADSTREAM_INFERENCE_URL": triton.endpoint, "MODEL_NAME": TritonServer.FixtureModel.name,
                    "MODEL_LABELS": "normal,effusion,nodule,pneumothorax",
                ],
                "StoreResults": ["RESULTS_BUCKET": results],
                "SendTelemetry": ["TELEMETRY_STREAM": stream],
            ]
            let functions = settings.map { name, variables in
                FunctionConfiguration(
                    name: name, executablePath: FunctionHarness.executable(name),
                    environment: moto.awsEnvironment.merging(variables) { _, new in new }, timeout: .seconds(30), memorySizeMB: 512)
            }
            emulator = try await LambdaEmulator.start(
                functions: functions, invokePort: emulatorPort, logSink: logs.sink(), upstream: moto.endpoint)

            var definition = try String(contentsOfFile: "\(PythonToolchain.repositoryRoot)/deploy/statemachine.asl.json", encoding: .utf8)
            for name in settings.keys {
                definition = definition.replacingOccurrences(
                    of: "${\(name)Arn}", with: "arn:aws:lambda:us-east-1:123456789012:function:\(name)")
            }
            let finalDefinition = definition
            stateMachineARN = try await BlockingIO.run {
                try StepFunctionsClient(configuration: try moto.configuration()).createStateMachine(
                    name: "radstream-\(suffix)", definition: finalDefinition, roleARN: "arn:aws:iam::123456789012:role/radstream")
            }
        }

        func shutdown() async {
            await emulator.shutdown()
            moto.stop()
        }

        func s3() throws -> S3Client { S3Client(configuration: try moto.configuration()) }

        /// Uploads an image and its sidecar, runs the state machine on them, waits for the end.
        func run(study: String, image: [UInt8], sidecar: [String: Any], execution: String) async throws -> StepFunctionsClient.Execution {
            let sidecarBytes = Array(try JSONSerialization.data(withJSONObject: sidecar))
            let images = self.images
            let moto = self.moto
            let machine = stateMachineARN
            return try await BlockingIO.run {
                let s3 = S3Client(configuration: try moto.configuration())
                try s3.putObject(bucket: images, key: "images/\(study)/film.png", body: image)
                try s3.putObject(bucket: images, key: "images/\(study)/film.json", body: sidecarBytes)
                let sfn = StepFunctionsClient(configuration: try moto.configuration())
                let input = #"{"bucket":"\#(images)","sidecarKey":"images/\#(study)/film.json"}"#
                let arn = try sfn.startExecution(stateMachineARN: machine, name: execution, input: input)
                let started = ContinuousClock.now
                while ContinuousClock.now - started < .seconds(120) {
                    let state = try sfn.describeExecution(arn: arn)
                    if state.status != "RUNNING" { return state }
                    usleep(200_000)
                }
                throw LocalServiceError("execution \(execution) still running after 120 s")
            }
        }

        func telemetry() async throws -> [[String: Any]] {
            let moto = self.moto
            let stream = self.stream
            let bodies = try await BlockingIO.run {
                let kinesis = KinesisClient(configuration: try moto.configuration())
                let iterator = try kinesis.getShardIterator(streamName: stream, shardID: "shardId-000000000000", type: .trimHorizon)
                return try kinesis.getRecords(shardIterator: iterator).records.map(\.data)
            }
            return try bodies.map { try jsonObject($0) }
        }
    }

    static func sidecar(study: String, uid: String, extra: [String: Any] = [:]) -> [String: Any] {
        [
            "studyInstanceUID": uid, "seriesInstanceUID": "\(uid).1", "sopInstanceUID": "\(uid).1.1", "modality": "CR",
            "bodyPart": "CHEST", "acquisitionDateTime": "2026-11-25T09:45:00+01:00",
            "image": ["key": "images/\(study)/film.png", "contentType": "image/png"],
        ].merging(extra) { _, new in new }
    }

    func withStack(_ body: (Stack) async throws -> Void) async throws {
        let stack = try await Stack()
        do {
            try await body(stack)
        } catch {
            await stack.shutdown()
            throw error
        }
        await stack.shutdown()
    }

    @Test func goodStudyEndsInOneResultAndTelemetry() async throws {
        let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
        try await withStack { stack in
            let uid = "1.2.826.0.1.3680043.8.498.100"
            let execution = try await stack.run(
                study: "s-100", image: image, sidecar: Self.sidecar(study: "s-100", uid: uid), execution: "study-s-100")
            #expect(execution.status == "SUCCEEDED", "\(execution.error ?? "") \(execution.cause ?? "")")
            let output = try jsonObject(Array((execution.output ?? "{}").utf8))
            let predictions = try #require((output["inference"] as? [String: Any])?["predictions"] as? [[String: Any]])
            #expect(predictions.count == 4)
            #expect((output["stored"] as? [String: Any])?["created"] as? Bool == true)

            let key = "results/\(uid)/study-s-100.json"
            let result = try jsonObject(
                try await BlockingIO.run { try stack.s3().getObject(bucket: stack.results, key: key, maximumBytes: 1 << 20).body })
            #expect(result["outcome"] as? String == "succeeded")

            let events = try await stack.telemetry()
            #expect(
                events.map { $0["stage"] as? String } == [
                    "ValidateMetadata", "PrepareTensors", "RunInference", "StoreResults", "Execution",
                ])
            #expect(events.allSatisfy { $0["status"] as? String == "succeeded" })
        }
    }

    @Test func badStudiesEndInOneFailureRecordEach() async throws {
        let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
        let corrupt = try PrepareTensorsTests.pngSuiteFile("xcrn0g04.png")
        try await withStack { stack in
            let invalid = try await stack.run(
                study: "s-200", image: image,
                sidecar: Self.sidecar(study: "s-200", uid: "1.2.3.200", extra: ["modality": "XRAY", "patientName": "CANARY^Name"]),
                execution: "study-s-200")
            #expect(invalid.status == "FAILED")
            #expect(invalid.error == "StudyFailed")
            let record = try jsonObject(
                try await BlockingIO.run {
                    try stack.s3().getObject(bucket: stack.results, key: "results/unvalidated/study-s-200.json", maximumBytes: 1 << 20).body
                })
            #expect(record["errorType"] as? String == "PHIDetected")
            #expect(record["failedStage"] as? String == "ValidateMetadata")

            let broken = try await stack.run(
                study: "s-201", image: corrupt, sidecar: Self.sidecar(study: "s-201", uid: "1.2.3.201"), execution: "study-s-201")
            #expect(broken.status == "FAILED")
            let brokenRecord = try jsonObject(
                try await BlockingIO.run {
                    try stack.s3().getObject(bucket: stack.results, key: "results/1.2.3.201/study-s-201.json", maximumBytes: 1 << 20).body
                })
            #expect(["CorruptImage", "UnsupportedFormat"].contains(brokenRecord["errorType"] as? String ?? ""))
            #expect(brokenRecord["failedStage"] as? String == "PrepareTensors")

            let failures = try await stack.telemetry().filter { $0["status"] as? String == "failed" }
            #expect(Set(failures.compactMap { $0["stage"] as? String }) == ["ValidateMetadata", "PrepareTensors", "Execution"])
            #expect(stack.logs.lines(containing: "CANARY").isEmpty, "no log line carries patient data")
        }
    }
}
