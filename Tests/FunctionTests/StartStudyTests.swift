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
    static func record(
        id: String, bucket: String, key: String, eTag: String = "9b2cf535f27731c974343645a3985328", versionID: String = "v1"
    ) throws -> [String: Any] {
        let event: [String: Any] = [
            "version": "0", "id": UUID().uuidString, "detail-type": "Object Created", "source": "aws.s3",
            "account": "123456789012", "region": "us-east-1",
            "detail": [
                "bucket": ["name": bucket],
                "object": ["key": key, "size": 10, "etag": eTag, "version-id": versionID, "sequencer": "0055AED6DCD90281E5"],
            ],
        ]
        let body = String(decoding: try JSONSerialization.data(withJSONObject: event), as: UTF8.self)
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
                    try Self.record(id: "a", bucket: "images", key: "images/s-1/image.json"),
                    try Self.record(id: "b", bucket: "images", key: "images/s-1/image.json"),  // duplicated delivery
                    try Self.record(id: "c", bucket: "images", key: "images/s-1/image.png"),  // not a sidecar
                    try Self.record(id: "d", bucket: "elsewhere", key: "images/s-2/image.json"),  // confused deputy
                    try Self.record(
                        id: "e", bucket: "images", key: "images/s-3/image.json", eTag: "\"0123456789abcdef0123456789abcdef-2\""),
                    // The same bytes uploaded again: a new version, a new submission.
                    try Self.record(id: "g", bucket: "images", key: "images/s-1/image.json", versionID: "v2"),
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
            func name(_ key: String, _ version: String) throws -> String {
                let submission = try #require(
                    StudySubmission(bucket: "images", objectKey: key, eTag: "e", versionID: version, sequencer: nil))
                return submission.executionName
            }
            let names = try [name("images/s-1/image.json", "v1"), name("images/s-3/image.json", "v1"), name("images/s-1/image.json", "v2")]
            for name in names {
                #expect(try await ["RUNNING", "SUCCEEDED"].contains(describe(name).status))
            }
            let line = try #require(await logs.firstLine(containing: "batch handled", within: .seconds(5)))
            // The duplicate arrives while the first execution runs with the same input, which
            // StartExecution treats as the same start (it answers with the running execution):
            // four starts, three executions. Once it has ended, a duplicate is refused instead
            // (ExecutionAlreadyExists: StateMachineTests' redelivered event).
            for count in ["started=4", "notASubmission=2", "bucketNotAllowed=1"] {
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
            #expect(Set(listing.executions.map(\.name)) == Set(names))
            #expect(listing.executions.count == 3)
            #expect(listing.executions.allSatisfy { !$0.name.contains("s-") }, "no folder name in an execution name")
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
                    try Self.record(id: "retry-me", bucket: "images", key: "images/s-9/image.json"),
                    try Self.record(id: "drop-me", bucket: "images", key: "images/s-9/image.png"),
                ]
            ]
            let result = try await FunctionHarness.invoke(emulator, Self.function, event)
            let failures = try jsonObject(result.payload)["batchItemFailures"] as? [[String: String]]
            #expect(failures == [["itemIdentifier": "retry-me"]])
        }
    }

    @Test func executionNamesComeFromTheUploadNotTheFolderOrTheBytes() throws {
        func submission(_ key: String, version: String?, sequencer: String? = nil) throws -> StudySubmission {
            try #require(StudySubmission(bucket: "images", objectKey: key, eTag: "\"9b2c\"", versionID: version, sequencer: sequencer))
        }
        let first = try submission("images/Jane Doe 1962/x.json", version: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY")
        #expect(first.executionName.hasPrefix("sub-") && first.executionName.count == 36)
        #expect(ExecutionName.isValid(first.executionName))
        #expect(first.executionName == first.executionInput.submission.id)
        #expect(first.eTag == "9b2c")
        // A duplicated delivery names the same execution; another upload of the same bytes does not.
        #expect(try submission("images/Jane Doe 1962/x.json", version: "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY") == first)
        #expect(try submission("images/Jane Doe 1962/x.json", version: "other").executionName != first.executionName)
        // Without versioning (S3 writes `null`), the event's sequencer tells uploads apart.
        let unversioned = try submission("images/s/x.json", version: "null", sequencer: "0055AED6DCD90281E5")
        #expect(unversioned.versionID == nil)
        #expect(try submission("images/s/x.json", version: nil, sequencer: "0055AED6DCD90281E6") != unversioned)
        #expect(StudySubmission(bucket: "images", objectKey: "images/s/x.json", eTag: "e", versionID: "null", sequencer: nil) == nil)
    }

    @Test(arguments: [
        "images/s-1/image.png", "images/s-1/.json", "images/a/b/c.json", "other/s-1/x.json", "images//x.json",
        "images/../x.json", "images/./x.json", "images/s\u{7}1/x.json", "images/s-1/.dcm", "images/s-1/x.DCM",
        "images/a/b/c.dcm", "images/s-1/x.dcm.part",
    ])
    func keysThatNameNoStudyAreNotSubmissions(key: String) {
        #expect(StudySubmission(bucket: "images", objectKey: key, eTag: "9b2c", versionID: "v1", sequencer: nil) == nil)
    }

    /// A sidecar or a DICOM object, directly in a study folder, is a submission of that kind.
    @Test(arguments: [
        ("images/s-1/film.json", SubmittedObjectKind.sidecar), ("images/s-1/film.dcm", .dicom), ("images/s-1/1.2.3.dcm", .dicom),
    ])
    func sidecarsAndDICOMObjectsAreSubmissions(key: String, kind: SubmittedObjectKind) throws {
        let submission = try #require(StudySubmission(bucket: "images", objectKey: key, eTag: "9b2c", versionID: "v1", sequencer: nil))
        #expect(submission.kind == kind)
        #expect(submission.executionInput.objectKey == key)
    }

    /// Step Functions' documented rules (StartExecution `name`), both ways.
    @Test func executionNameRulesAreStepFunctions() {
        for name in ["rerun.1", "a", "Ünïcode-é", "x'y(z)!@+=", String(repeating: "x", count: 80)] {
            #expect(ExecutionName.isValid(name), "\(name)")
        }
        for name in [
            "", "a b", "a\u{A0}b", "a/b", "a:b", "a<b", "a{b", "a[b", "a?b", "a*b", "a\"b", "a#b", "a%b", "a\\b", "a^b",
            "a|b", "a~b", "a`b", "a$b", "a&b", "a,b", "a;b", "a\u{1F}b", "a\u{85}b", "a\u{FFFE}b", String(repeating: "x", count: 81),
        ] {
            #expect(!ExecutionName.isValid(name), "\(name)")
        }
    }
}
