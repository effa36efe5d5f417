import DICOM
import Testing

@Suite struct TransferSyntaxTests {
    @Test func bigEndianAndUnknownUIDsAreUnsupported() {
        #expect(throws: DICOMError.unsupportedTransferSyntax(uid: "1.2.840.10008.1.2.2")) {
            _ = try TransferSyntax(uid: "1.2.840.10008.1.2.2")
        }
        #expect(throws: DICOMError.unsupportedTransferSyntax(uid: "1.2.3.4")) { _ = try TransferSyntax(uid: "1.2.3.4") }
    }

    @Test func knownSyntaxesNameTheirEncoding() throws {
        #expect(try TransferSyntax(uid: "1.2.840.10008.1.2").isExplicitVR == false)
        #expect(try TransferSyntax(uid: "1.2.840.10008.1.2.1.99").isDeflated)
        #expect(try TransferSyntax(uid: "1.2.840.10008.1.2.5").pixelEncoding == .rle)
        #expect(try TransferSyntax(uid: "1.2.840.10008.1.2.4.201").pixelEncoding == .htj2k)
        #expect(try TransferSyntax(uid: "1.2.840.10008.1.2.4.80").pixelEncoding == .undecodable)
    }
}
