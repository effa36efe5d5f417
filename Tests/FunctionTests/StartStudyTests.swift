import AWSClients
import CurlHTTP
import Foundation
import LambdaEmulator
import LocalServices
import PipelineModel
import Testing

/// StartStudy, the real executable under the emulator against moto's Step Functions: one
/// execution per sidecar event, named after it; duplicates start nothing; only transient
/// failures are handed back to SQS.
@Suite(.serialized)
struct StartStudyTests {
    static let function = "StartStudy"

    /// An EventBridge S3 `Object Created` event as SQS delivers it in a Lambda event.
    static func record(id: String, bucket: String, key: String, eTag: String = "9b2cf535f27731c974343645a3985328") -> [String: Any] {
        let event: [String: Any] = [
            "version": "0", "id": UUID().uuidString, "detail-type": "Object Created", "source": "aws.s3",
            "account": "123456789012", "region": "us-east-1",
            "detail": ["bucket": ["name": bucket], "object": ["key": key, "size": 10, "etag": eTag, "sequencer": "00"]],
        ]
        let body = String(decoding: try! JSONSerialization.data(withJSONObject: event), as: UTF8.self)
        return ["messageId": id, "receiptHandle": "handle-\(id)", "body": body, "eventSource": "aws:sqs"]
    }

    static func stateMachine(on moto: MotoServer) async throws -> String {
        let definition = #"{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}"#
        return try await BlockingIO.run {
            try StepFunctionsClient(configuration: try moto.configuration()).createStateMachine(
                name: "start-study-\(UInt32.random(in: 0...UInt32.max))", definition: definition,
                roleARN: "arn:aws:iam::123456789012:role/test")
        }
    }

    @Test func sidecarEventsStartOneNamedExecutionEachAndDuplicatesNone() async throws {
        let moto = try await BlockingIO.run { try MotoServer.shared() }
        let machine = try await Self.stateMachine(on: moto)
        let environment = ["STATE_MACHINE_ARN": machine, "IMAGES_BUCKETS": "images"]
        try await FunctionHarness.withFunction(Self.function, environment: environment) { emulator, logs, moto in
            let event: [String: Any] = [
                "Records": [
                    Self.record(id: "a", bucket: "images", key: "images/s-1/image.json"),
                    Self.record(id: "b", bucket: "images", key: "images/s-1/image.json"),  // duplicated delivery
                    Self.record(id: "c", bucket: "images", key: "images/s-1/image.png"),  // not a sidecar
                    Self.record(id: "d", bucket: "elsewhere", key: "images/s-2/image.json"),  // confused deputy
                    Self.record(id: "e", bucket: "images", key: "images/s-3/image.json", eTag: "\"0123456789abcdef0123456789abcdef-2\""),
                    ["messageId": "f", "body": "not json"],
                ]
            ]
            let result = try await FunctionHarness.invoke(emulator, Self.function, event)
            #expect(!result.isError, "\(result.payloadText)")
            let failures = try #require(try jsonObject(result.payload)["batchItemFailures"] as? [Any])
            #expect(failures.isEmpty)

            let configuration = try moto.configuration()
            let prefix = machine.replacingOccurrences(of: ":stateMachine:", with: ":execution:")
            let describe = { @Sendable (name: String) async throws -> StepFunctionsClient.Execution in
                try await BlockingIO.run {
                    try StepFunctionsClient(configuration: configuration).describeExecution(arn: "\(prefix):\(name)")
                }
            }
            let first = try await describe("study-s-1-9b2cf535f277")
            #expect(["RUNNING", "SUCCEEDED"].contains(first.status))
            let multipart = try await describe("study-s-3-0123456789ab")
            #expect(["RUNNING", "SUCCEEDED"].contains(multipart.status))
            let line = try #require(await logs.firstLine(containing: "batch handled", within: .seconds(5)))
            // The duplicate arrives while the first execution runs with the same input, which
            // StartExecution treats as the same start (it answers with the running execution):
            // three starts, two executions. Once it has ended, a duplicate is refused instead
            // (ExecutionAlreadyExists: StateMachineTests' duplicated upload).
            for count in ["started=3", "notASubmission=2", "bucketNotAllowed=1"] {
                #expect(line.contains(count), "\(line)")
            }
            struct Listing: Decodable {
                struct Item: Decodable { var name: String }
                var executions: [Item]
            }
            let listing = try await BlockingIO.run {
                try JSONProtocolClient(service: .stepFunctions, configuration: configuration)
                    .call("ListExecutions", ["stateMachineArn": machine], as: Listing.self)
            }
            #expect(Set(listing.executions.map(\.name)) == ["study-s-1-9b2cf535f277", "study-s-3-0123456789ab"])
            #expect(listing.executions.count == 2)
            #expect(!line.contains("s-1") && !line.contains("s-3"), "study folder names stay out of the logs")
        }
    }

    @Test func unreachableStepFunctionsHandsTheMessagesBackToSQS() async throws {
        let closedPort = try LoopbackPort.unused()
        let environment = [
            "STATE_MACHINE_ARN": "arn:aws:states:us-east-1:123456789012:stateMachine:absent", "IMAGES_BUCKETS": "images",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:\(closedPort)",
        ]
        try await FunctionHarness.withFunction(Self.function, environment: environment, timeout: .seconds(20)) { emulator, _, _ in
            let event: [String: Any] = [
                "Records": [
                    Self.record(id: "retry-me", bucket: "images", key: "images/s-9/image.json"),
                    Self.record(id: "drop-me", bucket: "images", key: "images/s-9/image.png"),
                ]
            ]
            let result = try await FunctionHarness.invoke(emulator, Self.function, event)
            let failures = try jsonObject(result.payload)["batchItemFailures"] as? [[String: String]]
            #expect(failures == [["itemIdentifier": "retry-me"]])
        }
    }

    @Test(arguments: [
        ("images/s-1/image.json", "\"9b2cf535f27731c974343645a3985328\"", "study-s-1-9b2cf535f277"),
        ("images/s_2-b/x.json", "0123456789ABCDEF-12", "study-s_2-b-0123456789ab"),
    ])
    func executionNamesComeFromTheStudyAndTheSidecarETag(key: String, eTag: String, name: String) throws {
        let submission = try #require(StudySubmission(bucket: "images", sidecarKey: key, eTag: eTag))
        #expect(submission.executionName == name)
        #expect(ExecutionName.isValid(submission.executionName))
    }

    @Test(arguments: [
        "images/s-1/image.png", "images/s-1/.json", "images/a/b/c.json", "other/s-1/x.json", "images//x.json",
        "images/\(String(repeating: "s", count: 61))/x.json", "images/s 1/x.json", "images/../x.json",
    ])
    func keysThatNameNoStudyAreNotSubmissions(key: String) {
        #expect(StudySubmission(bucket: "images", sidecarKey: key, eTag: "9b2cf535f27731c974343645a3985328") == nil)
    }

    @Test func longestStudyStillMakesAValidExecutionName() throws {
        let study = String(repeating: "s", count: StudySubmission.maximumStudyLength)
        let submission = try #require(StudySubmission(bucket: "b", sidecarKey: "images/\(study)/x.json", eTag: "0123456789abcdef"))
        #expect(ExecutionName.isValid(submission.executionName))
    }
}
