import AWSClients
import CurlHTTP
import Foundation
import LambdaEmulator
import LocalServices
import Testing

/// ValidateMetadata on DICOM objects, the real executable through the emulator and moto's S3:
/// the header from ranged reads, the patient-data policy, and agreement with a sidecar.
@Suite(.serialized)
struct ValidateDICOMTests {
    static let function = "ValidateMetadata"
    /// What `generate-samples.py` leaves in `with-patient-identifiers.dcm`.
    static let canaries = ["SAMPLE^Canary", "MRN-SAMPLE-1", "Sample General Hospital"]

    /// Uploads `files` (key → bytes) to a fresh bucket and runs `body` with the function.
    static func withBucket(
        _ files: [String: [UInt8]], environment: [String: String] = [:],
        _ body: (LambdaEmulator, LogCollector, String) async throws -> Void
    ) async throws {
        let bucket = uniqueBucket("images")
        try await FunctionHarness.withFunction(function, environment: ["IMAGES_BUCKETS": bucket].merging(environment) { $1 }) {
            emulator, logs, moto in
            try await BlockingIO.run {
                try moto.createBucket(bucket)
                let s3 = S3Client(configuration: try moto.configuration())
                for (key, bytes) in files { try s3.putObject(bucket: bucket, key: key, body: bytes) }
            }
            try await body(emulator, logs, bucket)
        }
    }

    @Test func aDICOMObjectsHeaderIsItsMetadataReadWithoutItsPixels() async throws {
        let film = try SampleFixtures.file("cr-jpeg-lossless.dcm")
        try await Self.withBucket(["images/cr/film.dcm": film]) { emulator, logs, bucket in
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["bucket": bucket, "objectKey": "images/cr/film.dcm"])
            #expect(!result.isError, "\(result.payloadText)")
            let metadata = try #require(try jsonObject(result.payload)["metadata"] as? [String: Any])
            #expect(metadata["modality"] as? String == "CR")
            #expect(metadata["photometricInterpretation"] as? String == "MONOCHROME1")
            #expect(metadata["bitsStored"] as? Int == 12)
            #expect(metadata["transferSyntaxUID"] as? String == "1.2.840.10008.1.2.4.70")
            #expect(metadata["acquisitionDateTime"] as? String == "2026-11-25T08:45:12.250Z")
            #expect(metadata["pixelSpacing"] as? [Double] == [0.15, 0.15])
            #expect((metadata["image"] as? [String: Any])?["contentType"] as? String == "application/dicom")
            // The 5.8 MB object's header is read in one 64 KiB range.
            let line = try #require(logs.allLines.first { $0.contains("metadata valid") })
            let headerBytes = try #require(line.firstMatch(of: /headerBytes["=:]+(\d+)/).flatMap { Int($0.1) })
            #expect(headerBytes == 64 << 10, "\(line)")
            #expect(film.count > 50 * headerBytes)
        }
    }

    @Test func identifiersInTheHeaderAreRefusedByNameOrPseudonymised() async throws {
        let identified = try SampleFixtures.file("with-patient-identifiers.dcm")
        try await Self.withBucket(["images/p/film.dcm": identified]) { emulator, logs, bucket in
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["bucket": bucket, "objectKey": "images/p/film.dcm"])
            #expect(result.isError)
            let error = try jsonObject(result.payload)
            #expect(error["errorType"] as? String == "PHIDetected")
            let message = error["errorMessage"] as? String ?? ""
            for name in ["PatientName (0010,0010)", "PatientID (0010,0020)", "InstitutionName (0008,0080)", "RequestAttributesSequence", "private attributes"] {
                #expect(message.contains(name), "\(message)")
            }
            let everything = logs.allLines + [result.payloadText]
            #expect(!Self.canaries.contains { canary in everything.contains { $0.contains(canary) } }, "\(everything)")
        }
        let key = String(repeating: "5a", count: 32)
        try await Self.withBucket(["images/p/film.dcm": identified], environment: ["PHI_POLICY": "pseudonymize", "PHI_HMAC_KEY": key]) {
            emulator, logs, bucket in
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["bucket": bucket, "objectKey": "images/p/film.dcm"])
            #expect(!result.isError, "\(result.payloadText)")
            let metadata = try #require(try jsonObject(result.payload)["metadata"] as? [String: Any])
            #expect((metadata["patientPseudonym"] as? String)?.count == 64)
            let everything = logs.allLines + [result.payloadText]
            #expect(!Self.canaries.contains { canary in everything.contains { $0.contains(canary) } }, "\(everything)")
        }
    }

    @Test func aSidecarNamingADICOMImageMustAgreeWithItsHeader() async throws {
        let ct = try SampleFixtures.file("ct-implicit-vr.dcm")
        // The sample's UIDs: read them back through the function itself.
        try await Self.withBucket(["images/ct/slice.dcm": ct]) { emulator, _, bucket in
            let header = try await FunctionHarness.invoke(emulator, Self.function, ["bucket": bucket, "objectKey": "images/ct/slice.dcm"])
            let metadata = try #require(try jsonObject(header.payload)["metadata"] as? [String: Any])
            var sidecar: [String: Any] = [
                "studyInstanceUID": metadata["studyInstanceUID"]!, "seriesInstanceUID": metadata["seriesInstanceUID"]!,
                "sopInstanceUID": metadata["sopInstanceUID"]!, "modality": "CT", "bodyPart": "CHEST",
                "acquisitionDateTime": "2026-11-25T09:45:12+01:00",
                "image": ["key": "images/ct/slice.dcm", "contentType": "application/dicom"],
            ]
            let s3 = S3Client(configuration: try MotoServer.shared().configuration())
            try s3.putObject(bucket: bucket, key: "images/ct/slice.json", body: Array(try JSONSerialization.data(withJSONObject: sidecar)))
            let agreed = try await FunctionHarness.invoke(emulator, Self.function, ["bucket": bucket, "objectKey": "images/ct/slice.json"])
            #expect(!agreed.isError, "\(agreed.payloadText)")
            let agreedMetadata = try #require(try jsonObject(agreed.payload)["metadata"] as? [String: Any])
            #expect(agreedMetadata["transferSyntaxUID"] as? String == "1.2.840.10008.1.2")

            sidecar["modality"] = "MR"
            try s3.putObject(bucket: bucket, key: "images/ct/slice.json", body: Array(try JSONSerialization.data(withJSONObject: sidecar)))
            let disagreed = try await FunctionHarness.invoke(emulator, Self.function, ["bucket": bucket, "objectKey": "images/ct/slice.json"])
            #expect(disagreed.isError)
            let error = try jsonObject(disagreed.payload)
            #expect(error["errorType"] as? String == "InvalidMetadata")
            #expect((error["errorMessage"] as? String)?.contains("$.modality: does not match the DICOM image's header") == true)
        }
    }

    @Test func aFileNamedDcmThatIsNotDICOMIsATypedRefusal() async throws {
        try await Self.withBucket(["images/x/film.dcm": Array(repeating: 0x41, count: 4096)]) { emulator, _, bucket in
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["bucket": bucket, "objectKey": "images/x/film.dcm"])
            #expect(result.isError)
            #expect(try jsonObject(result.payload)["errorType"] as? String == "NotDICOM")
        }
    }
}
