import AWSClients
import CurlHTTP
import Foundation
import LambdaEmulator
import LocalServices
import Testing

/// StoreResults, the real executable, writing to moto's S3.
@Suite(.serialized)
struct StoreResultsTests {
    static let function = "StoreResults"
    static let studyUID = "1.2.826.0.1.3680043.8.498.1"

    static func state(elapsed: Double = 12.5, error: [String: Any]? = nil, submission: String? = nil) -> [String: Any] {
        var state: [String: Any] = [
            "study": [
                "imageBucket": "images",
                "elapsedMilliseconds": 1.5,
                "metadata": [
                    "studyInstanceUID": studyUID, "seriesInstanceUID": "1.2.3", "sopInstanceUID": "1.2.3.4", "modality": "DX",
                    "bodyPart": "CHEST", "acquisitionDateTime": "2026-11-25T08:45:00.000Z",
                    "image": ["key": "images/s-1/film.jpg", "contentType": "image/jpeg"],
                ],
            ],
            "inference": ["elapsedMilliseconds": elapsed, "model": "radstream_classifier"],
        ]
        if let submission { state["submission"] = ["id": submission, "eTag": "9b2cf535f27731c974343645a3985328"] }
        if let error {
            state["error"] = error
            state["failedStage"] = "RunInference"
        }
        return state
    }

    func withResultsBucket(_ body: (LambdaEmulator, MotoServer, String) async throws -> Void) async throws {
        let bucket = uniqueBucket("results")
        try await FunctionHarness.withFunction(Self.function, environment: ["RESULTS_BUCKET": bucket]) { emulator, _, moto in
            try await BlockingIO.run { try moto.createBucket(bucket) }
            try await body(emulator, moto, bucket)
        }
    }

    func read(_ moto: MotoServer, _ bucket: String, _ key: String) async throws -> S3Object {
        try await BlockingIO.run {
            try S3Client(configuration: try moto.configuration()).getObject(bucket: bucket, key: key, maximumBytes: 1 << 20)
        }
    }

    static let submission = "sub-0123456789abcdef0123456789abcdef"

    @Test func resultIsStoredOnceUnderTheSubmissionsKey() async throws {
        try await withResultsBucket { emulator, moto, bucket in
            let state = Self.state(submission: Self.submission)
            let first = try await FunctionHarness.invoke(emulator, Self.function, ["executionName": "exec-1", "state": state])
            #expect(!first.isError, "\(first.payloadText)")
            let stored = try jsonObject(first.payload)
            #expect(stored["key"] as? String == "results/\(Self.submission).json")
            #expect(stored["created"] as? Bool == true)
            #expect(stored["outcome"] as? String == "succeeded")

            let object = try await read(moto, bucket, "results/\(Self.submission).json")
            #expect(object.metadata.serverSideEncryption == "AES256")
            let document = try jsonObject(object.body)
            #expect(document["outcome"] as? String == "succeeded")
            #expect(document["executionName"] as? String == "exec-1")

            // A retried attempt, and a second execution of the same submission, keep the first document.
            for name in ["exec-1", "exec-1-again"] {
                let retry = try await FunctionHarness.invoke(
                    emulator, Self.function, ["executionName": name, "state": Self.state(elapsed: 99, submission: Self.submission)])
                #expect(!retry.isError)
                #expect(try jsonObject(retry.payload)["created"] as? Bool == false)
            }
            let after = try await read(moto, bucket, "results/\(Self.submission).json")
            #expect(after.body == object.body, "one submission, one record")
        }
    }

    @Test func failureRecordAfterALandedResultReportsTheResult() async throws {
        try await withResultsBucket { emulator, _, _ in
            let result = Self.state(submission: Self.submission)
            _ = try await FunctionHarness.invoke(emulator, Self.function, ["executionName": "exec-1", "state": result])
            // StoreResults' Catch path: the failure record of the same submission meets the result.
            let failure = Self.state(error: ["Error": "S3.ConnectionError"], submission: Self.submission)
            let answer = try await FunctionHarness.invoke(emulator, Self.function, ["executionName": "exec-1", "state": failure])
            #expect(!answer.isError, "\(answer.payloadText)")
            let stored = try jsonObject(answer.payload)
            #expect(stored["created"] as? Bool == false)
            #expect(stored["outcome"] as? String == "succeeded", "the bucket holds a result: the execution reports it")
            let record = try #require(stored["record"] as? [String: Any])
            #expect(record["error"] == nil)
            #expect((record["stored"] as? [String: Any])?["sizeBytes"] as? Int == stored["sizeBytes"] as? Int)
        }
    }

    @Test func failureRecordIsStoredEvenWithoutAValidatedStudy() async throws {
        try await withResultsBucket { emulator, moto, bucket in
            let state: [String: Any] = [
                "submission": ["id": Self.submission, "eTag": "abc"],
                "error": ["Error": "InvalidMetadata", "Cause": "{\"errorMessage\":\"1 metadata violation\"}"],
                "failedStage": "ValidateMetadata",
            ]
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["executionName": "exec-2", "state": state])
            #expect(!result.isError, "\(result.payloadText)")
            #expect(try jsonObject(result.payload)["key"] as? String == "results/\(Self.submission).json")
            #expect(try jsonObject(result.payload)["outcome"] as? String == "failed")
            let document = try jsonObject(try await read(moto, bucket, "results/\(Self.submission).json").body)
            #expect(document["outcome"] as? String == "failed")
            #expect(document["errorType"] as? String == "InvalidMetadata")
            #expect(document["failedStage"] as? String == "ValidateMetadata")
        }
    }

    /// Names Step Functions accepts, including an operator's `rerun.1`: without a submission
    /// the key is a digest of the name, so none reaches the key's text.
    @Test(arguments: ["rerun.1", "Ünïcode-é", "a'b(c)!@+=", String(repeating: "x", count: 80)])
    func everyNameStepFunctionsAcceptsIsStored(name: String) async throws {
        try await withResultsBucket { emulator, moto, bucket in
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["executionName": name, "state": Self.state()])
            #expect(!result.isError, "\(result.payloadText)")
            let key = try #require(try jsonObject(result.payload)["key"] as? String)
            #expect(key.hasPrefix("results/execution-") && key.utf8.count == "results/execution-".utf8.count + 32 + 5)
            #expect(try jsonObject(try await read(moto, bucket, key).body)["executionName"] as? String == name)
        }
    }

    /// Names Step Functions refuses, and a submission id that is not one (it is never a key).
    @Test(arguments: ["", "has space", "../escape", "a/b", "tab\t", String(repeating: "x", count: 81)])
    func namesStepFunctionsRefusesAreRefused(name: String) async throws {
        try await withResultsBucket { emulator, _, _ in
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["executionName": name, "state": Self.state()])
            #expect(try jsonObject(result.payload)["errorType"] as? String == "InvalidRequest")
        }
    }

    @Test func aSubmissionIDThatIsNotOneNeverBecomesAKey() async throws {
        try await withResultsBucket { emulator, _, _ in
            let state = Self.state(submission: "../../elsewhere")
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["executionName": "e-1", "state": state])
            let key = try #require(try jsonObject(result.payload)["key"] as? String)
            #expect(key.hasPrefix("results/execution-") && !key.contains(".."))
        }
    }

    @Test func missingBucketSettingFailsInitialisation() async throws {
        try await FunctionHarness.withFunction(Self.function) { emulator, _, _ in
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["executionName": "e", "state": Self.state()])
            #expect(result.functionErrorType == "Function.InvalidConfiguration")
        }
    }
}
