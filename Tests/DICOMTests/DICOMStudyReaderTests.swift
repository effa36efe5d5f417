import DICOM
@testable import DICOMStudyMetadata
import Digests
import StudyMetadata
import Testing

/// A DICOM header as the pipeline's study metadata: what is read, the patient-data policy,
/// burned-in annotation and time zones; and the ranged header reads.
@Suite struct DICOMStudyReaderTests {
    static let canaries = ["CANARY^Header^Name", "CANARY-MRN-5150", "CANARY-PRIVATE-VALUE", "CANARY^Nested^Name", "Canary Infirmary"]

    /// A CR header in tag order — UIDs, dates, modality, patient module (empty, or canary
    /// identifiers at the top level, nested in a sequence and in a private block) — then
    /// `pixels` bytes of Pixel Data.
    static func header(
        dateTime: String? = "20261125094512.25", offset: String? = nil,
        identifiers: Bool = false, identityRemoved: Bool = false, burnedIn: String? = nil, pixels: Int = 16
    ) -> [UInt8] {
        var bytes = Part10.element(0x0008, 0x0016, "UI", Part10.text("1.2.840.10008.5.1.4.1.1.1"))
        bytes += Part10.element(0x0008, 0x0018, "UI", Part10.text("1.2.826.0.1.3680043.8.498.77.1.1"))
        bytes += Part10.element(0x0008, 0x0020, "DA", Part10.text("20261124"))
        if let dateTime { bytes += Part10.element(0x0008, 0x002A, "DT", Part10.text(dateTime)) }
        bytes += Part10.element(0x0008, 0x0030, "TM", Part10.text("0800"))
        bytes += Part10.element(0x0008, 0x0060, "CS", Part10.text("CR"))
        if identifiers { bytes += Part10.element(0x0008, 0x0080, "LO", Part10.text(canaries[4])) }
        if let offset { bytes += Part10.element(0x0008, 0x0201, "SH", Part10.text(offset)) }
        if identifiers {
            // A private block, then the patient module with a nested name.
            bytes += Part10.element(0x0009, 0x0010, "LO", Part10.text("CANARY CREATOR"))
            bytes += Part10.element(0x0009, 0x1001, "LO", Part10.text(canaries[2]))
            bytes += Part10.element(0x0010, 0x0010, "PN", Part10.text(canaries[0]))
            bytes += Part10.element(0x0010, 0x0020, "LO", Part10.text(canaries[1]))
        } else {
            // Type 2: present, empty.
            bytes += Part10.element(0x0010, 0x0010, "PN", []) + Part10.element(0x0010, 0x0020, "LO", [])
        }
        if identityRemoved { bytes += Part10.element(0x0012, 0x0062, "CS", Part10.text("YES")) }
        bytes += Part10.element(0x0018, 0x0015, "CS", Part10.text("CHEST"))
        bytes += Part10.element(0x0018, 0x1164, "DS", Part10.text("0.15\\0.15"))
        bytes += Part10.element(0x0020, 0x000D, "UI", Part10.text("1.2.826.0.1.3680043.8.498.77"))
        bytes += Part10.element(0x0020, 0x000E, "UI", Part10.text("1.2.826.0.1.3680043.8.498.77.1"))
        if let burnedIn { bytes += Part10.element(0x0028, 0x0301, "CS", Part10.text(burnedIn)) }
        if identifiers {
            let name = Part10.element(0x0010, 0x0010, "PN", Part10.text(canaries[3]))
            let item = Part10.uint16(0xFFFE) + Part10.uint16(0xE000) + Part10.uint32(UInt32(name.count)) + name
            bytes += Part10.element(0x0040, 0x0275, "SQ", item)
        }
        return Part10.file(bytes + Part10.element(0x7FE0, 0x0010, "OW", [UInt8](repeating: 7, count: pixels)))
    }

    static func metadata(_ bytes: [UInt8], policy: DICOMHeaderPolicy = DICOMHeaderPolicy()) throws(MetadataError) -> StudyMetadata {
        let file = try! DICOMFile(header: bytes)
        return try DICOMStudyReader(policy: policy).metadata(of: file, imageKey: "images/s/film.dcm")
    }

    @Test func theHeaderBecomesTheSameMetadataASidecarGives() throws {
        let metadata = try Self.metadata(Self.header(offset: "+0100"))
        #expect(metadata.studyInstanceUID == "1.2.826.0.1.3680043.8.498.77")
        #expect(metadata.seriesInstanceUID == "1.2.826.0.1.3680043.8.498.77.1")
        #expect(metadata.sopInstanceUID == "1.2.826.0.1.3680043.8.498.77.1.1")
        #expect(metadata.modality == "CR" && metadata.bodyPart == "CHEST")
        #expect(metadata.acquisitionDateTime == "2026-11-25T08:45:12.250Z")
        #expect(metadata.acquisitionTimeIsLocal == nil)
        #expect(metadata.pixelSpacing == [0.15, 0.15])
        #expect(metadata.image == StudyMetadata.ImageReference(key: "images/s/film.dcm", contentType: "application/dicom"))
        #expect(metadata.transferSyntaxUID == "1.2.840.10008.1.2.1")
        #expect(metadata.patientPseudonym == nil)
    }

    @Test(arguments: [
        // The DT value's own offset wins over (0008,0201) and the site's.
        ("20261125094512+0530", "+0100", 60, "2026-11-25T04:15:12.000Z", false),
        // (0008,0201) over the site's.
        ("20261125094512", "-0500", 60, "2026-11-25T14:45:12.000Z", false),
        // The site's when the header gives none; midnight crossing.
        ("20261125004512", nil, 120, "2026-11-24T22:45:12.000Z", false),
        // None: local, and marked so — never guessed.
        ("20261125094512.5", nil, nil, "2026-11-25T09:45:12.500", true),
    ] as [(String, String?, Int?, String, Bool)])
    func timesAreMadeUTCWithTheBestKnownOffset(dateTime: String, offset: String?, site: Int?, expected: String, isLocal: Bool) throws {
        let metadata = try Self.metadata(
            Self.header(dateTime: dateTime, offset: offset), policy: DICOMHeaderPolicy(siteUTCOffsetMinutes: site))
        #expect(metadata.acquisitionDateTime == expected)
        #expect(metadata.acquisitionTimeIsLocal == (isLocal ? true : nil))
    }

    @Test func withoutAnAcquisitionTimeTheStudysDateAndTimeAreUsedAndADateAloneIsNot() throws {
        // No (0008,002A): falls back to StudyDate + StudyTime (08:00).
        #expect(try Self.metadata(Self.header(dateTime: nil, offset: "+0000")).acquisitionDateTime == "2026-11-24T08:00:00.000Z")
        // A DT with only a date is not a time: the next source is used.
        #expect(
            try Self.metadata(Self.header(dateTime: "20261125", offset: "+0000")).acquisitionDateTime
                == "2026-11-24T08:00:00.000Z")
        #expect(AcquisitionTime.parseDateTime("2026112509") != nil && AcquisitionTime.parseDateTime("202611250945127") == nil)
    }

    @Test func rejectNamesTheIdentifyingAttributesNeverTheirValues() throws {
        let error = #expect(throws: MetadataError.self) { try Self.metadata(Self.header(identifiers: true)) }
        #expect(error?.errorType == "PHIDetected")
        let paths = error?.violations.map(\.path) ?? []
        #expect(
            paths == [
                "InstitutionName (0008,0080)", "PatientName (0010,0010)", "PatientID (0010,0020)",
                "RequestAttributesSequence (0040,0275)", "private attributes",
            ])
        let text = "\(String(describing: error))"
        #expect(!Self.canaries.contains { text.contains($0) }, "\(text)")
    }

    @Test func identityRemovedHeadersPassRejectAndEmptyType2AttributesAreNotIdentifiers() throws {
        #expect(try Self.metadata(Self.header(identifiers: true, identityRemoved: true)).patientPseudonym == nil)
        #expect(try Self.metadata(Self.header(identifiers: false)).modality == "CR")
    }

    @Test func pseudonymizeKeepsOnlyTheHMACOfPatientIDTheSameAsASidecarsPatientID() throws {
        let key = [UInt8](repeating: 0x5A, count: 32)
        let metadata = try Self.metadata(Self.header(identifiers: true), policy: DICOMHeaderPolicy(patientIdentifiers: .pseudonymize(key: key)))
        let sidecar = try MetadataValidator(policy: MetadataPolicy(patientIdentifiers: .pseudonymize(key: key))).validate(
            Array(
                """
                {"studyInstanceUID": "1.2.3", "seriesInstanceUID": "1.2.3.1", "sopInstanceUID": "1.2.3.1.1", "modality": "CR",
                 "bodyPart": "CHEST", "acquisitionDateTime": "2026-11-25T09:45:00Z", "patientID": " \(Self.canaries[1]) ",
                 "image": {"key": "images/s/film.dcm", "contentType": "application/dicom"}}
                """.utf8))
        #expect(metadata.patientPseudonym?.count == 64)
        #expect(metadata.patientPseudonym == sidecar.patientPseudonym)
        let encoded = "\(metadata)"
        #expect(!Self.canaries.contains { encoded.contains($0) })
    }

    @Test func burnedInAnnotationIsRefusedUnlessAllowed() throws {
        let error = #expect(throws: MetadataError.self) { try Self.metadata(Self.header(burnedIn: "YES")) }
        #expect(error == .burnedInAnnotation && error?.errorType == "BurnedInAnnotation")
        #expect(try Self.metadata(Self.header(burnedIn: "YES"), policy: DICOMHeaderPolicy(allowsBurnedInAnnotation: true)).modality == "CR")
        #expect(try Self.metadata(Self.header(burnedIn: "NO")).modality == "CR")
    }

    @Test func aSidecarMustAgreeWithItsDICOMImage() throws {
        let header = try Self.metadata(Self.header(offset: "+0100"))
        var sidecar = header
        sidecar.transferSyntaxUID = nil
        #expect(try DICOMStudyReader().requireAgreement(sidecar: sidecar, header: header).transferSyntaxUID == "1.2.840.10008.1.2.1")
        sidecar.sopInstanceUID = "1.2.3.4"
        sidecar.modality = "DX"
        let error = #expect(throws: MetadataError.self) { try DICOMStudyReader().requireAgreement(sidecar: sidecar, header: header) }
        #expect(error?.violations.map(\.path) == ["$.sopInstanceUID", "$.modality"])
    }

    @Test func utcOffsetsFollowPS35() {
        #expect(DICOMHeaderPolicy.utcOffsetMinutes("+0100") == 60)
        #expect(DICOMHeaderPolicy.utcOffsetMinutes("-0530") == -330)
        #expect(DICOMHeaderPolicy.utcOffsetMinutes("+1400") == 840)
        for bad in ["0100", "+01:00", "+1500", "-1300", "+0160", "+01000", ""] {
            #expect(DICOMHeaderPolicy.utcOffsetMinutes(bad) == nil, "\(bad)")
        }
    }
}

/// The header's ranged reads: small first, growing, bounded, and never past the object.
@Suite struct DICOMHeaderReaderTests {
    /// Serves ranges of `bytes` as S3 does (the bytes that exist, and the object's size) and
    /// records each range asked for.
    final class RangedObject: @unchecked Sendable {
        let bytes: [UInt8]
        var requests: [Range<Int>] = []
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        func read(_ range: Range<Int>) -> DICOMHeaderReader.Chunk {
            requests.append(range)
            let available = range.clamped(to: 0..<bytes.count)
            return DICOMHeaderReader.Chunk(bytes: Array(bytes[available]), objectSize: bytes.count)
        }
    }

    @Test func aLargeObjectCostsOnlyItsHeader() throws {
        let object = RangedObject(DICOMStudyReaderTests.header(pixels: 8 << 20))
        let header = try DICOMHeaderReader(initialBytes: 256).read(object.read)
        let read = header.bytes.count
        #expect(header.file.dataSet.string(.modality) == "CR")
        #expect(header.objectSize == object.bytes.count)
        #expect(header.file.pixelDataElement?.valueLength == 8 << 20)
        #expect(read < 4096, "read \(read) of \(object.bytes.count) bytes")
        #expect(object.requests.first == 0..<256)
        // Each read continues where the previous one stopped.
        #expect(zip(object.requests, object.requests.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
    }

    @Test func anObjectWithoutPixelDataEndsAsTruncatedAfterReadingItOnce() throws {
        var bytes = DICOMStudyReaderTests.header()
        bytes.removeLast(8 + 16 + 4)  // the Pixel Data element
        let object = RangedObject(bytes)
        #expect(throws: DICOMError.self) { try DICOMHeaderReader(initialBytes: 256).read(object.read) }
        #expect(object.requests.map(\.count).reduce(0, +) <= bytes.count + 256 * 4)
        #expect(object.requests.last.map { $0.lowerBound <= bytes.count } == true)
    }

    @Test func aHeaderPastTheLimitIsTooComplex() throws {
        // A 300 KB private value before Pixel Data, against a 64 KB header limit.
        var dataSet = Part10.element(0x0008, 0x0060, "CS", Part10.text("CR"))
        dataSet += Part10.element(0x0009, 0x0010, "LO", Part10.text("VENDOR"))
        dataSet += Part10.element(0x0009, 0x1001, "OB", [UInt8](repeating: 1, count: 300_000))
        let object = RangedObject(Part10.file(dataSet + Part10.element(0x7FE0, 0x0010, "OW", [0, 0])))
        let error = #expect(throws: DICOMError.self) { try DICOMHeaderReader(initialBytes: 1024, maximumBytes: 64 << 10).read(object.read) }
        #expect(error?.errorType == "DICOMTooComplex")
        #expect(object.requests.last?.upperBound == 64 << 10)
    }

    @Test func notDICOMIsKnownFromTheFirstRead() throws {
        let object = RangedObject([UInt8](repeating: 0xFF, count: 1 << 20))
        #expect(throws: DICOMError.notDICOM) { try DICOMHeaderReader().read(object.read) }
        #expect(object.requests.count == 1)
    }
}
