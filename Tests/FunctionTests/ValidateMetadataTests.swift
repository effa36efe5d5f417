import AWSClients
import CurlHTTP
import Digests
import Foundation
import LambdaEmulator
import LocalServices
import Testing

/// ValidateMetadata, the real executable, through the emulator and moto's S3.
@Suite(.serialized)
struct ValidateMetadataTests {
    static let function = "ValidateMetadata"
    static let canaryName = "CANARY^Patient^Zeta"
    static let canaryMRN = "MRN-CANARY-424242"

    static func sidecar(key: String = "images/s-1/film.jpg", extra: [String: Any] = [:]) -> [String: Any] {
        [
            "studyInstanceUID": "1.2.826.0.1.3680043.8.498.1",
            "seriesInstanceUID": "1.2.826.0.1.3680043.8.498.1.1",
            "sopInstanceUID": "1.2.826.0.1.3680043.8.498.1.1.1",
            "modality": "DX",
            "bodyPart": "CHEST",
            "acquisitionDateTime": "2026-11-25T09:45:00+01:00",
            "image": ["key": key, "contentType": "image/jpeg"],
        ].merging(extra) { _, new in new }
    }

    @Test func inlineSidecarIsNormalised() async throws {
        try await FunctionHarness.withFunction(Self.function, environment: ["IMAGES_BUCKETS": "images"]) { emulator, _, _ in
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["bucket": "images", "sidecar": Self.sidecar()])
            #expect(!result.isError, "\(result.payloadText)")
            let study = try jsonObject(result.payload)
            #expect(study["imageBucket"] as? String == "images")
            let metadata = try #require(study["metadata"] as? [String: Any])
            #expect(metadata["acquisitionDateTime"] as? String == "2026-11-25T08:45:00.000Z")
            #expect((metadata["image"] as? [String: Any])?["key"] as? String == "images/s-1/film.jpg")
        }
    }

    @Test func sidecarIsReadFromS3ByReference() async throws {
        let bucket = uniqueBucket("images")
        try await FunctionHarness.withFunction(Self.function, environment: ["IMAGES_BUCKETS": bucket]) { emulator, _, moto in
            try await BlockingIO.run {
                try moto.createBucket(bucket)
                let body = Array(try JSONSerialization.data(withJSONObject: Self.sidecar()))
                try S3Client(configuration: try moto.configuration()).putObject(bucket: bucket, key: "images/s-1/film.json", body: body)
            }
            let result = try await FunctionHarness.invoke(
                emulator, Self.function, ["bucket": bucket, "objectKey": "images/s-1/film.json"])
            #expect(!result.isError, "\(result.payloadText)")
            #expect(try jsonObject(result.payload)["imageBucket"] as? String == bucket)

            let missing = try await FunctionHarness.invoke(
                emulator, Self.function, ["bucket": bucket, "objectKey": "images/s-2/none.json"])
            #expect(missing.isError)
            #expect(try jsonObject(missing.payload)["errorType"] as? String == "S3.NoSuchKey")
        }
    }

    @Test func sidecarCannotPointAtAnotherStudysImage() async throws {
        let bucket = uniqueBucket("images")
        try await FunctionHarness.withFunction(Self.function, environment: ["IMAGES_BUCKETS": bucket]) { emulator, _, moto in
            try await BlockingIO.run {
                try moto.createBucket(bucket)
                let body = Array(try JSONSerialization.data(withJSONObject: Self.sidecar(key: "images/other-study/film.jpg")))
                try S3Client(configuration: try moto.configuration()).putObject(bucket: bucket, key: "images/s-1/film.json", body: body)
            }
            let result = try await FunctionHarness.invoke(
                emulator, Self.function, ["bucket": bucket, "objectKey": "images/s-1/film.json"])
            let error = try jsonObject(result.payload)
            #expect(error["errorType"] as? String == "InvalidMetadata")
            #expect((error["errorMessage"] as? String)?.contains("$.image.key") == true)
        }
    }

    @Test func invalidSidecarListsEveryViolation() async throws {
        try await FunctionHarness.withFunction(Self.function, environment: ["IMAGES_BUCKETS": "images"]) { emulator, _, _ in
            let broken = Self.sidecar(extra: ["modality": "XRAY", "acquisitionDateTime": "yesterday"])
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["bucket": "images", "sidecar": broken])
            #expect(result.isError)
            #expect(result.functionErrorType == "Function.InvalidMetadata")
            let error = try jsonObject(result.payload)
            #expect(error["errorType"] as? String == "InvalidMetadata")
            let message = try #require(error["errorMessage"] as? String)
            #expect(message.hasPrefix("2 metadata violations: $.acquisitionDateTime"))
            #expect(message.contains("$.modality"))
        }
    }

    @Test func patientIdentifiersAreRejectedWithoutLeakingThem() async throws {
        try await FunctionHarness.withFunction(Self.function, environment: ["IMAGES_BUCKETS": "images"]) { emulator, logs, _ in
            let withPHI = Self.sidecar(extra: ["patientName": Self.canaryName, "patientID": Self.canaryMRN])
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["bucket": "images", "sidecar": withPHI])
            #expect(try jsonObject(result.payload)["errorType"] as? String == "PHIDetected")
            _ = await logs.firstLine(containing: "invocation failed", within: .seconds(5))
            for canary in [Self.canaryName, Self.canaryMRN, "Zeta", "424242"] {
                #expect(!result.payloadText.contains(canary))
                #expect(logs.lines(containing: canary).isEmpty, "no log line may contain patient data")
            }
        }
    }

    @Test func patientIdentifiersArePseudonymisedWhenConfigured() async throws {
        let key = String(repeating: "ab", count: 32)
        let environment = ["PHI_POLICY": "pseudonymize", "PHI_HMAC_KEY": key, "IMAGES_BUCKETS": "images"]
        try await FunctionHarness.withFunction(Self.function, environment: environment) { emulator, logs, _ in
            let withPHI = Self.sidecar(extra: ["patientName": Self.canaryName, "patientID": Self.canaryMRN])
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["bucket": "images", "sidecar": withPHI])
            #expect(!result.isError, "\(result.payloadText)")
            let metadata = try #require(try jsonObject(result.payload)["metadata"] as? [String: Any])
            let expected = Digests.hex(
                Digests.hmacSHA256(
                    key: [UInt8](repeating: 0xAB, count: 32),
                    message: Array("radstream.patient-pseudonym.v2.patientID\0\(Self.canaryMRN)".utf8)))
            #expect(metadata["patientPseudonym"] as? String == expected)
            #expect(!result.payloadText.contains(Self.canaryName) && !result.payloadText.contains(Self.canaryMRN))
            #expect(logs.lines(containing: "Zeta").isEmpty)
        }
    }

    @Test func bucketOutsideTheAllowListIsRefused() async throws {
        try await FunctionHarness.withFunction(Self.function, environment: ["IMAGES_BUCKETS": "images-a,images-b"]) { emulator, _, _ in
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["bucket": "someone-elses", "sidecar": Self.sidecar()])
            #expect(try jsonObject(result.payload)["errorType"] as? String == "BucketNotAllowed")
            let allowed = try await FunctionHarness.invoke(emulator, Self.function, ["bucket": "images-b", "sidecar": Self.sidecar()])
            #expect(!allowed.isError)
        }
    }

    @Test(arguments: [
        (#"{"bucket":"images"}"#, "InvalidRequest"),
        (#"{"bucket":"images","objectKey":"../secrets.json"}"#, "InvalidRequest"),
        (#"{"sidecar":{"a":1}}"#, "Runtime.InvalidEvent"),
    ])
    func malformedRequestsAreTypedErrors(event: String, errorType: String) async throws {
        try await FunctionHarness.withFunction(Self.function, environment: ["IMAGES_BUCKETS": "images"]) { emulator, _, _ in
            let result = try await emulator.invoke(Self.function, payload: Array(event.utf8))
            #expect(result.isError)
            #expect(try jsonObject(result.payload)["errorType"] as? String == errorType)
        }
    }

    @Test func missingPseudonymKeyFailsInitialisation() async throws {
        try await FunctionHarness.withFunction(Self.function, environment: ["PHI_POLICY": "pseudonymize", "IMAGES_BUCKETS": "images"]) {
            emulator, _, _ in
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["bucket": "images", "sidecar": Self.sidecar()])
            #expect(result.isError)
            #expect(result.functionErrorType == "Function.InvalidConfiguration")
            #expect(
                try jsonObject(result.payload)["errorMessage"] as? String
                    == "PHI_HMAC_KEY_SECRET_ARN: must name the key's secret when PHI_POLICY=pseudonymize")
        }
    }
}
