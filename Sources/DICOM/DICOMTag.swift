/// A data element tag: (group, element).
public struct DICOMTag: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The group number; odd groups (other than 0001, 0003, 0005, 0007, FFFF) are private.
    public let group: UInt16
    /// The element number within the group.
    public let element: UInt16

    /// Creates a tag.
    public init(_ group: UInt16, _ element: UInt16) {
        self.group = group
        self.element = element
    }

    /// Whether the tag belongs to a private group (PS3.5 7.8).
    public var isPrivate: Bool { group & 1 == 1 }

    public static func < (lhs: DICOMTag, rhs: DICOMTag) -> Bool {
        (lhs.group, lhs.element) < (rhs.group, rhs.element)
    }

    /// `(GGGG,EEEE)` in upper-case hexadecimal.
    public var description: String { "(\(Self.hex(group)),\(Self.hex(element)))" }

    private static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

/// The tags this reader interprets, named as in PS3.6.
extension DICOMTag {
    // Delimitation (PS3.5 7.5): never carry a VR.
    static let item = DICOMTag(0xFFFE, 0xE000)
    static let itemDelimitation = DICOMTag(0xFFFE, 0xE00D)
    static let sequenceDelimitation = DICOMTag(0xFFFE, 0xE0DD)

    /// (0002,0010) Transfer Syntax UID.
    public static let transferSyntaxUID = DICOMTag(0x0002, 0x0010)
    /// (0008,0016) SOP Class UID.
    public static let sopClassUID = DICOMTag(0x0008, 0x0016)
    /// (0008,0018) SOP Instance UID.
    public static let sopInstanceUID = DICOMTag(0x0008, 0x0018)
    /// (0008,0060) Modality.
    public static let modality = DICOMTag(0x0008, 0x0060)
    /// (0020,000D) Study Instance UID.
    public static let studyInstanceUID = DICOMTag(0x0020, 0x000D)
    /// (0020,000E) Series Instance UID.
    public static let seriesInstanceUID = DICOMTag(0x0020, 0x000E)
    /// (0028,0002) Samples per Pixel.
    public static let samplesPerPixel = DICOMTag(0x0028, 0x0002)
    /// (0028,0004) Photometric Interpretation.
    public static let photometricInterpretation = DICOMTag(0x0028, 0x0004)
    /// (0028,0006) Planar Configuration.
    public static let planarConfiguration = DICOMTag(0x0028, 0x0006)
    /// (0028,0008) Number of Frames.
    public static let numberOfFrames = DICOMTag(0x0028, 0x0008)
    /// (0028,0010) Rows.
    public static let rows = DICOMTag(0x0028, 0x0010)
    /// (0028,0011) Columns.
    public static let columns = DICOMTag(0x0028, 0x0011)
    /// (0028,0100) Bits Allocated.
    public static let bitsAllocated = DICOMTag(0x0028, 0x0100)
    /// (0028,0101) Bits Stored.
    public static let bitsStored = DICOMTag(0x0028, 0x0101)
    /// (0028,0102) High Bit.
    public static let highBit = DICOMTag(0x0028, 0x0102)
    /// (0028,0103) Pixel Representation.
    public static let pixelRepresentation = DICOMTag(0x0028, 0x0103)
    /// (0028,0301) Burned In Annotation.
    public static let burnedInAnnotation = DICOMTag(0x0028, 0x0301)
    /// (0028,1050) Window Center.
    public static let windowCenter = DICOMTag(0x0028, 0x1050)
    /// (0028,1051) Window Width.
    public static let windowWidth = DICOMTag(0x0028, 0x1051)
    /// (0028,1052) Rescale Intercept.
    public static let rescaleIntercept = DICOMTag(0x0028, 0x1052)
    /// (0028,1053) Rescale Slope.
    public static let rescaleSlope = DICOMTag(0x0028, 0x1053)
    /// (0028,1056) VOI LUT Function.
    public static let voiLUTFunction = DICOMTag(0x0028, 0x1056)
    /// (0028,1101) Red Palette Color Lookup Table Descriptor.
    public static let redPaletteDescriptor = DICOMTag(0x0028, 0x1101)
    /// (0028,1102) Green Palette Color Lookup Table Descriptor.
    public static let greenPaletteDescriptor = DICOMTag(0x0028, 0x1102)
    /// (0028,1103) Blue Palette Color Lookup Table Descriptor.
    public static let bluePaletteDescriptor = DICOMTag(0x0028, 0x1103)
    /// (0028,1201) Red Palette Color Lookup Table Data.
    public static let redPaletteData = DICOMTag(0x0028, 0x1201)
    /// (0028,1202) Green Palette Color Lookup Table Data.
    public static let greenPaletteData = DICOMTag(0x0028, 0x1202)
    /// (0028,1203) Blue Palette Color Lookup Table Data.
    public static let bluePaletteData = DICOMTag(0x0028, 0x1203)
    /// (0028,1221) Segmented Red Palette Color Lookup Table Data.
    public static let segmentedRedPaletteData = DICOMTag(0x0028, 0x1221)
    /// (0028,3000) Modality LUT Sequence.
    public static let modalityLUTSequence = DICOMTag(0x0028, 0x3000)
    /// (0028,3002) LUT Descriptor.
    public static let lutDescriptor = DICOMTag(0x0028, 0x3002)
    /// (0028,3006) LUT Data.
    public static let lutData = DICOMTag(0x0028, 0x3006)
    /// (0028,3010) VOI LUT Sequence.
    public static let voiLUTSequence = DICOMTag(0x0028, 0x3010)
    /// (0028,9132) Frame VOI LUT Sequence (enhanced multi-frame functional group).
    public static let frameVOILUTSequence = DICOMTag(0x0028, 0x9132)
    /// (0028,9145) Pixel Value Transformation Sequence (enhanced multi-frame functional group).
    public static let pixelValueTransformationSequence = DICOMTag(0x0028, 0x9145)
    /// (5200,9229) Shared Functional Groups Sequence.
    public static let sharedFunctionalGroupsSequence = DICOMTag(0x5200, 0x9229)
    /// (5200,9230) Per-Frame Functional Groups Sequence.
    public static let perFrameFunctionalGroupsSequence = DICOMTag(0x5200, 0x9230)
    /// (7FE0,0001) Extended Offset Table.
    public static let extendedOffsetTable = DICOMTag(0x7FE0, 0x0001)
    /// (7FE0,0002) Extended Offset Table Lengths.
    public static let extendedOffsetTableLengths = DICOMTag(0x7FE0, 0x0002)
    /// (7FE0,0010) Pixel Data.
    public static let pixelData = DICOMTag(0x7FE0, 0x0010)
}
