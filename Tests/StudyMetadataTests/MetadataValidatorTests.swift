import AWSClients
import Digests
import Foundation
import StudyMetadata
import Testing

struct MetadataValidatorTests {
    static var validSidecar: [String: Any] {
        [
            "studyInstanceUID": "1.2.826.0.1.3680043.8.498.1",
            "seriesInstanceUID": "1.2.826.0.1.3680043.8.498.1.1",
            "sopInstanceUID": "1.2.826.0.1.3680043.8.498.1.1.1",
            "modality": "DX",
            "bodyPart": "CHEST",
            "acquisitionDateTime": "2026-11-25T09:45:00.5+01:00",
            "image": ["key": "images/s-1/film.jpg", "contentType": "image/jpeg"],
            "pixelSpacing": [0.143, 0.143],
            "bitsStored": 12,
            "photometricInterpretation": "MONOCHROME2",
        ]
    }

    func bytes(_ object: [String: Any]) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: object))
    }

    func sidecar(changing changes: [String: Any?]) -> [String: Any] {
        var sidecar = Self.validSidecar
        for (key, value) in changes { sidecar[key] = value }
        return sidecar
    }

    @Test func validSidecarIsNormalised() throws {
        let metadata = try MetadataValidator().validate(try bytes(Self.validSidecar), expectedImageKey: "images/s-1/film.jpg")
        #expect(metadata.acquisitionDateTime == "2026-11-25T08:45:00.500Z")
        #expect(metadata.modality == "DX")
        #expect(metadata.image == StudyMetadata.ImageReference(key: "images/s-1/film.jpg", contentType: "image/jpeg"))
        #expect(metadata.pixelSpacing == [0.143, 0.143])
        #expect(metadata.bitsStored == 12)
        #expect(metadata.patientPseudonym == nil)
    }

    @Test func everyViolationIsListedWithItsPath() throws {
        let broken = sidecar(changing: [
            "studyInstanceUID": "1.02.3", "modality": "XRAY", "bodyPart": "chest", "acquisitionDateTime": "2026-11-25 09:45",
            "pixelSpacing": [0.1, -1], "bitsStored": 17, "sopInstanceUID": nil,
            "image": ["key": "../etc/passwd", "contentType": "image/gif"],
        ])
        let error = #expect(throws: MetadataError.self) { try MetadataValidator().validate(try bytes(broken)) }
        let paths = error?.violations.map(\.path) ?? []
        #expect(
            paths == [
                "$.acquisitionDateTime", "$.bitsStored", "$.bodyPart", "$.image.contentType", "$.image.key", "$.modality",
                "$.pixelSpacing[1]", "$.sopInstanceUID", "$.studyInstanceUID",
            ])
        #expect(error?.errorType == "InvalidMetadata")
        #expect(error?.violations.first { $0.path == "$.sopInstanceUID" }?.problem == "is required")
        #expect(!(error?.description.contains("passwd") ?? true), "messages never echo values")
    }

    @Test func unknownFieldsAreRejectedOnlyWhenStrict() throws {
        let extra = sidecar(changing: ["scannerNotes": "x", "image": ["key": "images/a.png", "contentType": "image/png", "etag": "1"]])
        let error = #expect(throws: MetadataError.self) { try MetadataValidator().validate(try bytes(extra)) }
        // Unknown names appear as their digest (`printf %s scannerNotes | sha256sum | cut -c1-8`).
        #expect(error?.violations.map(\.path) == ["$.#9e681aa2", "$.image.#fcaec3a5"])
        let lenient = MetadataValidator(policy: MetadataPolicy(rejectsUnknownFields: false))
        #expect(try lenient.validate(try bytes(extra)).image.key == "images/a.png")
    }

    @Test func directIdentifiersAreRejectedByDefault() throws {
        let withPHI = sidecar(changing: ["patientName": "Jane^Doe", "PatientBirthDate": "19700101", "patientID": "MRN-123"])
        let error = #expect(throws: MetadataError.self) { try MetadataValidator().validate(try bytes(withPHI)) }
        #expect(error?.errorType == "PHIDetected")
        #expect(error?.violations.map(\.path) == ["$.PatientBirthDate", "$.patientID", "$.patientName"])
        let text = error?.description ?? ""
        #expect(!text.contains("Jane") && !text.contains("MRN-123") && !text.contains("1970"))
    }

    @Test func identifiersArePseudonymisedWithAKeyedHash() throws {
        let key = Array("test-key-0123456789".utf8)
        let policy = MetadataPolicy(patientIdentifiers: .pseudonymize(key: key))
        let withPHI = sidecar(changing: ["patientName": "Jane^Doe", "patientID": "MRN-123"])
        let metadata = try MetadataValidator(policy: policy).validate(try bytes(withPHI))
        let expected = Digests.hex(Digests.hmacSHA256(key: key, message: Array("radstream.patient-pseudonym.v2.patientID\0MRN-123".utf8)))
        #expect(metadata.patientPseudonym == expected)
        #expect(metadata.patientPseudonym?.count == 64)
        let encoded = String(decoding: try JSONEncoder().encode(metadata), as: UTF8.self)
        #expect(!encoded.contains("Jane") && !encoded.contains("MRN-123"), "identifiers never leave the validator")
        let otherKey = try MetadataValidator(policy: MetadataPolicy(patientIdentifiers: .pseudonymize(key: [1, 2, 3]))).validate(
            try bytes(withPHI))
        #expect(otherKey.patientPseudonym != expected)
    }

    func pseudonym(_ identifiers: [String: Any]) throws -> String? {
        let policy = MetadataPolicy(patientIdentifiers: .pseudonymize(key: Array("test-key-0123456789".utf8)))
        return try MetadataValidator(policy: policy).validate(try bytes(sidecar(changing: identifiers))).patientPseudonym
    }

    /// Each source field has its own HMAC domain: equal text in different registries' fields is
    /// not the same patient.
    @Test func identifierSourcesAreSeparateDomains() throws {
        let fromPatientID = try pseudonym(["patientID": "777"])
        let fromMRN = try pseudonym(["mrn": "777"])
        let fromRecordNumber = try pseudonym(["medicalRecordNumber": "777"])
        #expect(Set([fromPatientID, fromMRN, fromRecordNumber]).count == 3)
    }

    /// One identifier however it was typed: NFC and NFD, surrounding white space.
    @Test func identifiersAreCanonicalisedBeforeHashing() throws {
        let composed = try pseudonym(["patientID": "Jos\u{E9}-77"])
        #expect(try pseudonym(["patientID": "Jose\u{301}-77"]) == composed)
        #expect(try pseudonym(["patientID": " 12345\t"]) == pseudonym(["patientID": "12345"]))
        #expect(try pseudonym(["patientID": "  ", "mrn": "777"]) == pseudonym(["mrn": "777"]))
    }

    /// A numeric patientID was skipped and the next source used: two patients then shared the
    /// pseudonym of `mrn` alone. Case variants disagreeing: one silently won.
    @Test(arguments: [
        (#"{"patientID": 12345, "mrn": "777"}"#, "$.patientID"),
        (#"{"PatientID": "A-1", "patientid": "B-2"}"#, "$.PatientID"),
    ])
    func ambiguousIdentifiersAreInvalidMetadata(_ identifiersJSON: String, path: String) throws {
        let identifiers = try #require(try JSONSerialization.jsonObject(with: Data(identifiersJSON.utf8)) as? [String: Any])
        let error = #expect(throws: MetadataError.self) { try pseudonym(identifiers) }
        #expect(error?.errorType == "InvalidMetadata")
        guard case .invalid(let violations)? = error else { return }
        #expect(violations.map(\.path) == [path])
        let text = violations.map(\.problem).joined()
        #expect(!text.contains("12345") && !text.contains("A-1") && !text.contains("B-2") && !text.contains("777"))
        // Case variants that agree are one identifier.
        #expect(try pseudonym(["PatientID": "A-1", "patientid": " A-1"]) == pseudonym(["patientID": "A-1"]))
    }

    @Test func sidecarMustDescribeTheImageItArrivedWith() throws {
        let error = #expect(throws: MetadataError.self) {
            try MetadataValidator().validate(try bytes(Self.validSidecar), expectedImageKey: "images/other/film.jpg")
        }
        #expect(error?.violations.map(\.path) == ["$.image.key"])
    }

    @Test(arguments: [
        "", "not json", "[1,2]", "42", "{\"a\":" + String(repeating: "[", count: 50) + String(repeating: "]", count: 50) + "}",
    ])
    func nonObjectsAndDeepNestingAreNotJSON(text: String) {
        #expect(throws: MetadataError.notJSON) { try MetadataValidator().validate(Array(text.utf8)) }
    }

    @Test func oversizedSidecarIsRefusedBeforeParsing() {
        let huge = Array(repeating: UInt8(ascii: " "), count: 64 * 1024 + 1)
        #expect(throws: MetadataError.tooLarge(bytes: 64 * 1024 + 1, limit: 64 * 1024)) { try MetadataValidator().validate(huge) }
    }

    @Test(arguments: [
        ("2026-11-25T09:45:00Z", "2026-11-25T09:45:00.000Z"),
        ("2026-11-25T00:15:00+01:00", "2026-11-24T23:15:00.000Z"),
        ("2024-02-29T23:59:59.9999-05:30", "2024-03-01T05:29:59.999Z"),
        ("2026-12-31T23:30:00-01:00", "2027-01-01T00:30:00.000Z"),
    ])
    func timestampsAreNormalisedToUTC(input: String, expected: String) throws {
        let metadata = try MetadataValidator().validate(try bytes(sidecar(changing: ["acquisitionDateTime": input])))
        #expect(metadata.acquisitionDateTime == expected)
    }

    @Test(arguments: [
        "2026-02-29T10:00:00Z", "2026-11-25T24:00:00Z", "2026-11-25T10:00:00", "2026-13-01T00:00:00Z", "2026-11-25T10:00:00+1:00",
    ])
    func impossibleTimestampsAreRejected(input: String) throws {
        let error = #expect(throws: MetadataError.self) {
            try MetadataValidator().validate(try bytes(sidecar(changing: ["acquisitionDateTime": input])))
        }
        #expect(error?.violations.map(\.path) == ["$.acquisitionDateTime"])
    }

    @Test(arguments: [
        ("images/a/b.png", true), ("images/a b/ünï+=.png", true), ("../x.png", false), ("/abs.png", false),
        ("images//x.png", false), ("images/./x.png", false), ("images/x\u{7}.png", false), ("", false),
        ("images/x\u{85}.png", false), ("images/x\u{9F}.png", false),
    ])
    func objectKeysAreCheckedForPathTricks(key: String, safe: Bool) {
        #expect(ObjectKeyRules.isSafe(key) == safe)
    }

    /// A key ValidateMetadata accepts must never be refused by the S3 client afterwards.
    @Test func safeKeysAreKeysTheS3ClientAccepts() {
        let refused = (0..<0x250).compactMap(Unicode.Scalar.init).filter { scalar in
            let key = "images/study/x\(Character(scalar)).png"
            return ObjectKeyRules.isSafe(key) && (try? S3Client.validate(key: key)) == nil
        }
        #expect(refused.isEmpty, "accepted here, refused by S3Client: \(refused.map { String($0.value, radix: 16) })")
    }
}
