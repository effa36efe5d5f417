import Imaging

/// A DICOM Part 10 file (PS3.10 7.1): the 128-byte preamble, `DICM`, the File Meta Information
/// (group 0002, always explicit VR little endian), then the dataset in its transfer syntax.
public struct DICOMFile: Sendable {
    /// The File Meta Information (group 0002).
    public let meta: DataSet
    /// The transfer syntax (0002,0010) names.
    public let transferSyntax: TransferSyntax
    /// The dataset (for Deflated files, over the inflated bytes).
    public let dataSet: DataSet
    /// Where the Pixel Data element starts in the file, when it was parsed as a header
    /// (``init(header:limits:)``) of a file that is not Deflated: what ``DICOMFrameReader``
    /// reads single frames from. `nil` otherwise.
    public let pixelDataElement: PixelDataElement?

    /// The Pixel Data element's header: where it is and how long its value is.
    public struct PixelDataElement: Sendable, Equatable {
        /// The offset of its tag in the file.
        public let offset: Int
        /// The bytes of its header: 12 in explicit VR (OB/OW), 8 in implicit VR.
        public let headerLength: Int
        /// Its value length; `nil` when undefined (encapsulated pixel data).
        public let valueLength: Int?

        /// The offset of its value in the file.
        public var valueOffset: Int { offset + headerLength }
    }

    /// The preamble (128 bytes) and `DICM`: how many bytes ``hasPreamble(_:)`` needs to decide.
    public static let prefixLength = 132

    /// Whether `bytes` start like a Part 10 file: 128 bytes of preamble, then `DICM`.
    public static func hasPreamble(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.count >= prefixLength && bytes.dropFirst(128).prefix(4).elementsEqual([0x44, 0x49, 0x43, 0x4D])
    }

    /// Parses the whole file.
    ///
    /// - Throws: `DICOMError`: `.notDICOM`, `.unsupportedTransferSyntax`, `.corrupt`,
    ///   `.truncated`, `.tooComplex`, `.inputTooLarge`.
    public init(bytes: [UInt8], limits: DICOMLimits = .default) throws(DICOMError) {
        try self.init(bytes: bytes, limits: limits, stopsBeforePixelData: false)
    }

    /// Parses the header only: everything before (7FE0,0010) Pixel Data, from a prefix of the
    /// file that may end anywhere after it. A prefix that ends before Pixel Data is
    /// `.truncated`: read more bytes and try again.
    ///
    /// - Throws: as `init(bytes:limits:)`.
    public init(header bytes: [UInt8], limits: DICOMLimits = .default) throws(DICOMError) {
        try self.init(bytes: bytes, limits: limits, stopsBeforePixelData: true)
    }

    private init(bytes: [UInt8], limits: DICOMLimits, stopsBeforePixelData: Bool) throws(DICOMError) {
        guard Self.hasPreamble(bytes) else { throw .notDICOM }
        if bytes.count > limits.image.maximumInputBytes {
            throw .inputTooLarge(bytes: bytes.count, limit: limits.image.maximumInputBytes)
        }
        var parser = DataSetParser(bytes: bytes, limits: limits)
        var cursor = Self.prefixLength
        meta = try parser.parseElements(from: &cursor, until: .groupEnd(0x0002), explicitVR: true, depth: 0)
        guard let uid = meta.string(.transferSyntaxUID) else {
            throw .corrupt(detail: "the File Meta Information has no Transfer Syntax UID (0002,0010)")
        }
        transferSyntax = try TransferSyntax(uid: uid)
        if transferSyntax.isDeflated {
            let inflated = try Inflater.inflateRaw(bytes[cursor...], limit: limits.maximumInflatedBytes)
            var inflatedParser = DataSetParser(bytes: inflated, limits: limits)
            var inflatedCursor = 0
            let stop: DataSetParser.Stop = stopsBeforePixelData ? .pixelData : .at(inflated.count)
            dataSet = try inflatedParser.parseElements(from: &inflatedCursor, until: stop, explicitVR: true, depth: 0)
        } else {
            // Some writers encode the dataset in implicit VR under an explicit-VR syntax; like pydicom,
            // read it as implicit when its first element carries no valid VR.
            let explicitVR =
                transferSyntax.isExplicitVR
                && !(bytes.count - cursor >= 8 && ValueRepresentation(bytes[cursor + 4], bytes[cursor + 5]) == nil)
            let stop: DataSetParser.Stop = stopsBeforePixelData ? .pixelData : .at(bytes.count)
            dataSet = try parser.parseElements(from: &cursor, until: stop, explicitVR: explicitVR, depth: 0)
        }
        if stopsBeforePixelData, !transferSyntax.isDeflated, cursor == bytes.count {
            throw .truncated(detail: "the header ends before Pixel Data (7FE0,0010)")
        }
        pixelDataElement = stopsBeforePixelData && !transferSyntax.isDeflated ? Self.pixelDataElement(at: cursor, in: bytes) : nil
    }

    /// The Pixel Data element header at `offset`, when the bytes there are one.
    private static func pixelDataElement(at offset: Int, in bytes: [UInt8]) -> PixelDataElement? {
        func uint16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
        func uint32(_ at: Int) -> Int { uint16(at) | uint16(at + 2) << 16 }
        guard offset + 12 <= bytes.count, uint16(offset) == 0x7FE0, uint16(offset + 2) == 0x0010 else { return nil }
        let explicit = bytes[offset + 4] == UInt8(ascii: "O") && [UInt8(ascii: "B"), UInt8(ascii: "W")].contains(bytes[offset + 5])
        let length = explicit ? uint32(offset + 8) : uint32(offset + 4)
        return PixelDataElement(offset: offset, headerLength: explicit ? 12 : 8, valueLength: length == 0xFFFF_FFFF ? nil : length)
    }
}
