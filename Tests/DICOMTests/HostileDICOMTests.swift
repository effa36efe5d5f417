import DICOM
import Foundation
import LocalServices
import Testing

/// Builds small Part 10 files byte by byte, for inputs no writer would make.
enum Part10 {
    static func uint16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func uint32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * $0)) & 0xFF) } }

    /// An explicit VR little-endian element.
    static func element(_ group: UInt16, _ element: UInt16, _ vr: String, _ value: [UInt8], length: UInt32? = nil) -> [UInt8] {
        let long = ["OB", "OW", "SQ", "UN", "UT", "OF", "OD", "OL", "OV", "UC", "UR", "SV", "UV"].contains(vr)
        var bytes = uint16(group) + uint16(element) + Array(vr.utf8)
        if long {
            bytes += [0, 0] + uint32(length ?? UInt32(value.count))
        } else {
            bytes += uint16(UInt16(length ?? UInt32(value.count)))
        }
        return bytes + value
    }

    static func text(_ string: String) -> [UInt8] {
        var bytes = Array(string.utf8)
        if bytes.count % 2 == 1 { bytes.append(0) }
        return bytes
    }

    static func file(_ dataSet: [UInt8], transferSyntax: String = "1.2.840.10008.1.2.1") -> [UInt8] {
        [UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + element(0x0002, 0x0010, "UI", text(transferSyntax)) + dataSet
    }

    /// A valid 16-bit MONOCHROME2 image module with `rows` × `columns` and the given pixel bytes.
    static func image(rows: UInt16, columns: UInt16, frames: String? = nil, pixels: [UInt8]) -> [UInt8] {
        var bytes = element(0x0028, 0x0002, "US", uint16(1)) + element(0x0028, 0x0004, "CS", text("MONOCHROME2"))
        if let frames { bytes += element(0x0028, 0x0008, "IS", text(frames)) }
        bytes += element(0x0028, 0x0010, "US", uint16(rows)) + element(0x0028, 0x0011, "US", uint16(columns))
        bytes += element(0x0028, 0x0100, "US", uint16(16)) + element(0x0028, 0x0101, "US", uint16(16))
        bytes += element(0x0028, 0x0103, "US", uint16(0))
        return bytes + element(0x7FE0, 0x0010, "OW", pixels)
    }
}

@Suite struct HostileDICOMTests {
    @Test func aLengthPastTheEndIsTruncated() {
        let short = Part10.file(Part10.element(0x0010, 0x0010, "PN", Array("ab".utf8), length: 0xFFF0))
        #expect(throws: DICOMError.truncated(detail: "(0010,0010) has a length of 65520 bytes, past the end at offset 170")) {
            _ = try DICOMFile(bytes: short)
        }
        let long = Part10.file(Part10.element(0x0009, 0x0010, "OB", [1, 2], length: 0xFFFF_FFF0))
        #expect(throws: DICOMError.self) { _ = try DICOMFile(bytes: long) }
    }

    @Test func aTwoHundredDeepSequenceIsTooComplex() {
        // (0040,A730) SQ, undefined length, one undefined-length item holding the next level.
        let open =
            Part10.element(0x0040, 0xA730, "SQ", [], length: 0xFFFF_FFFF) + Part10.uint16(0xFFFE) + Part10.uint16(0xE000)
            + Part10.uint32(0xFFFF_FFFF)
        let close =
            Part10.uint16(0xFFFE) + Part10.uint16(0xE00D) + Part10.uint32(0) + Part10.uint16(0xFFFE) + Part10.uint16(0xE0DD)
            + Part10.uint32(0)
        let nested = Array(repeating: open, count: 200).flatMap { $0 } + Array(repeating: close, count: 200).flatMap { $0 }
        #expect(throws: DICOMError.tooComplex(detail: "sequences nest deeper than 64 levels")) {
            _ = try DICOMFile(bytes: Part10.file(nested))
        }
        // The same structure 10 deep is fine.
        let shallow = Array(repeating: open, count: 10).flatMap { $0 } + Array(repeating: close, count: 10).flatMap { $0 }
        #expect(throws: Never.self) { _ = try DICOMFile(bytes: Part10.file(shallow)) }
    }

    @Test func aBombHeaderIsRefusedBeforeAllocation() {
        let bomb = Part10.file(Part10.image(rows: 65535, columns: 65535, pixels: [0, 0]))
        #expect(throws: DICOMError.imageTooLarge(detail: "65535×65535, beyond the limit of 16384 pixels per side")) {
            _ = try DICOMImage(bytes: bomb)
        }
        let frames = Part10.file(Part10.image(rows: 512, columns: 512, frames: "2000000000", pixels: [0, 0]))
        #expect(throws: DICOMError.imageTooLarge(detail: "2000000000 frames, beyond the limit of 100000")) {
            _ = try DICOMImage(bytes: frames)
        }
    }

    @Test func pixelDataShorterThanItsFramesIsTruncated() {
        let short = Part10.file(Part10.image(rows: 100, columns: 100, frames: "3", pixels: [UInt8](repeating: 7, count: 100)))
        #expect(throws: DICOMError.truncated(detail: "Pixel Data has 100 bytes, 3 frames need 60000")) {
            _ = try DICOMImage(bytes: short).storedValues(frame: 2)
        }
    }

    @Test func unknownAndBigEndianSyntaxesAreNamed() {
        let bigEndian = Part10.file([], transferSyntax: "1.2.840.10008.1.2.2")
        #expect(throws: DICOMError.unsupportedTransferSyntax(uid: "1.2.840.10008.1.2.2")) { _ = try DICOMFile(bytes: bigEndian) }
        let unknown = Part10.file([], transferSyntax: "1.2.3.999")
        #expect(throws: DICOMError.unsupportedTransferSyntax(uid: "1.2.3.999")) { _ = try DICOMFile(bytes: unknown) }
    }

    @Test func notDICOMAndBadVRs() {
        #expect(throws: DICOMError.notDICOM) { _ = try DICOMFile(bytes: [0xFF, 0xD8, 0xFF, 0xE0]) }
        #expect(throws: DICOMError.notDICOM) { _ = try DICOMFile(bytes: [UInt8](repeating: 0, count: 200)) }
        let first = Part10.element(0x0008, 0x0060, "CS", Part10.text("CT"))
        let badVR = Part10.file(first + Part10.uint16(0x0010) + Part10.uint16(0x0010) + [0x7A, 0x7A, 0, 0])
        #expect(throws: DICOMError.corrupt(detail: "(0010,0010) at offset 170 has no valid VR")) { _ = try DICOMFile(bytes: badVR) }
    }

    @Test func encapsulatedPixelDataWithoutDelimiterIsTruncated() {
        let fragments =
            Part10.uint16(0xFFFE) + Part10.uint16(0xE000) + Part10.uint32(0) + Part10.uint16(0xFFFE) + Part10.uint16(0xE000)
            + Part10.uint32(4) + [1, 2, 3, 4]
        let file = Part10.file(Part10.element(0x7FE0, 0x0010, "OB", fragments, length: 0xFFFF_FFFF), transferSyntax: "1.2.840.10008.1.2.5")
        #expect(throws: DICOMError.truncated(detail: "the encapsulated pixel data is cut short at offset 192")) {
            _ = try DICOMFile(bytes: file)
        }
    }

    @Test func privateElementsAreSkippedAndCounted() throws {
        let dataSet =
            Part10.element(0x0009, 0x0010, "LO", Part10.text("CREATOR")) + Part10.element(0x0009, 0x1001, "LO", Part10.text("SECRET"))
            + Part10.element(0x0010, 0x0020, "LO", Part10.text("ID"))
        let file = try DICOMFile(bytes: Part10.file(dataSet))
        #expect(file.dataSet.privateElementCount == 2)
        #expect(file.dataSet.elements.map(\.tag) == [DICOMTag(0x0010, 0x0020)])
    }
}

/// Deflated datasets are parsed over their inflated bytes, whatever the file's own size.
@Suite struct DeflatedDICOMTests {
    @Test func aDeflatedDatasetLongerThanTheFileIsReadWhole() throws {
        // Regression: the parser's end was the compressed file's size, so a dataset inflating to
        // more bytes was cut short (TruncatedDICOM) and one inflating to fewer read past its buffer.
        let fixtures = try DICOMFixtures.load()
        for name in ["pydicom/image_dfl.dcm", "gen-ct16-defl", "gen-cr8-defl"] {
            let entry = try #require(fixtures.entries.first { $0.name == name })
            let image = try DICOMImage(bytes: try DICOMFixtures.bytes(entry))
            #expect(try image.storedValues(frame: 0) == (try fixtures.int32s(entry)), "\(name)")
        }
    }

    @Test func aDeflateBombIsRefusedAtTheInflateLimit() throws {
        // pydicom writes a Deflated object whose 64 MiB of zeros compress to ~64 KB.
        let path = FileManager.default.temporaryDirectory.appending(path: "bomb-\(UUID().uuidString).dcm").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let script = """
            import sys
            from pydicom.dataset import Dataset, FileMetaDataset
            from pydicom.uid import DeflatedExplicitVRLittleEndian
            ds = Dataset()
            ds.file_meta = FileMetaDataset()
            ds.file_meta.TransferSyntaxUID = DeflatedExplicitVRLittleEndian
            ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID = "1.2.826.0.1.3680043.8.498.99"
            ds.add_new(0x00091010, "LO", "BOMB")
            ds.add_new(0x00091011, "OB", bytes(64 << 20))
            ds.Rows, ds.Columns = 1, 1
            ds.save_as(sys.argv[1], enforce_file_format=True)
            """
        let run = try ProcessRunner.run(DICOMFixtures.python, arguments: ["-c", script, path])
        #expect(run.status == 0, "\(run.standardError)")
        let bomb = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bomb.count < 1 << 20)
        let started = ContinuousClock.now
        #expect(throws: DICOMError.inputTooLarge(bytes: (16 << 20) + 1, limit: 16 << 20)) {
            _ = try DICOMFile(bytes: bomb, limits: DICOMLimits(maximumInflatedBytes: 16 << 20))
        }
        print("deflate bomb of \(bomb.count) bytes refused in \(ContinuousClock.now - started)")
    }
}
