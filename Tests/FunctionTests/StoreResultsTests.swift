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

    static func state(elapsed: Double = 12.5, error: [String: Any]? = nil) -> [String: Any] {
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

    @Test func resultIsStoredOnceUnderAKeyPerStudyAndExecution() async throws {
        try await withResultsBucket { emulator, moto, bucket in
            let first = try await FunctionHarness.invoke(emulator, Self.function, ["executionName": "exec-1", "state": Self.state()])
            #expect(!first.isError, "\(first.payloadText)")
            let stored = try jsonObject(first.payload)
            #expect(stored["key"] as? String == "results/\(Self.studyUID)/exec-1.json")
            #expect(stored["created"] as? Bool == true)

            let object = try await read(moto, bucket, "results/\(Self.studyUID)/exec-1.json")
            #expect(object.metadata.serverSideEncryption == "AES256")
            let document = try jsonObject(object.body)
            #expect(document["outcome"] as? String == "succeeded")
            #expect(document["executionName"] as? String == "exec-1")

            // A retried attempt of the same execution, with different timings, keeps the first document.
            let retry = try await FunctionHarness.invoke(
                emulator, Self.function, ["executionName": "exec-1", "state": Self.state(elapsed: 99)])
            #expect(!retry.isError)
            #expect(try jsonObject(retry.payload)["created"] as? Bool == false)
            let after = try await read(moto, bucket, "results/\(Self.studyUID)/exec-1.json")
            #expect(after.body == object.body, "one execution, one result")
        }
    }

    @Test func failureRecordIsStoredEvenWithoutAValidatedStudy() async throws {
        try await withResultsBucket { emulator, moto, bucket in
            let state: [String: Any] = [
                "error": ["Error": "InvalidMetadata", "Cause": "{\"errorMessage\":\"1 metadata violation\"}"],
                "failedStage": "ValidateMetadata",
            ]
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["executionName": "exec-2", "state": state])
            #expect(!result.isError, "\(result.payloadText)")
            #expect(try jsonObject(result.payload)["key"] as? String == "results/unvalidated/exec-2.json")
            let document = try jsonObject(try await read(moto, bucket, "results/unvalidated/exec-2.json").body)
            #expect(document["outcome"] as? String == "failed")
            #expect(document["errorType"] as? String == "InvalidMetadata")
            #expect(document["failedStage"] as? String == "ValidateMetadata")
        }
    }

    @Test(arguments: ["", "has space", "../escape", String(repeating: "x", count: 81)])
    func unsafeExecutionNamesAreRefused(name: String) async throws {
        try await withResultsBucket { emulator, _, _ in
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["executionName": name, "state": Self.state()])
            #expect(try jsonObject(result.payload)["errorType"] as? String == "InvalidRequest")
        }
    }

    @Test func missingBucketSettingFailsInitialisation() async throws {
        try await FunctionHarness.withFunction(Self.function) { emulator, _, _ in
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["executionName": "e", "state": Self.state()])
            #expect(result.functionErrorType == "Function.InvalidConfiguration")
        }
    }
}
