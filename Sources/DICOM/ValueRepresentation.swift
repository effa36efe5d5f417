/// A value representation (PS3.5 6.2): how an element's value is encoded.
///
/// The cases keep the standard's two-letter codes: they are names every DICOM reader knows.
// swift-format-ignore: AlwaysUseLowerCamelCase
public enum ValueRepresentation: String, Sendable, CaseIterable {
    case AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR,
        US, UT, UV

    /// Reads the two VR characters of an explicit-VR element header; nil for anything else.
    init?(_ first: UInt8, _ second: UInt8) {
        guard (0x41...0x5A).contains(first), (0x41...0x5A).contains(second) else { return nil }
        self.init(rawValue: String(decoding: [first, second], as: UTF8.self))
    }

    /// Whether explicit VR encodes the length in 4 bytes after 2 reserved bytes (PS3.5 Table
    /// 7.1-1) rather than in 2 bytes.
    var hasLongLength: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .SQ, .SV, .UC, .UN, .UR, .UT, .UV: true
        default: false
        }
    }

    /// Whether the value is text (leading/trailing spaces and NUL padding are insignificant).
    var isText: Bool {
        switch self {
        case .AE, .AS, .CS, .DA, .DS, .DT, .IS, .LO, .LT, .PN, .SH, .ST, .TM, .UC, .UI, .UR, .UT: true
        default: false
        }
    }

    /// The VR implicit-VR files leave out, for the tags this reader interprets (PS3.6); `.UN`
    /// for every other tag, whose value is then kept as bytes and never interpreted.
    static func implicit(for tag: DICOMTag) -> ValueRepresentation {
        if tag.element == 0x0000 { return .UL }  // group lengths
        switch tag {
        case .sopClassUID, .sopInstanceUID, .studyInstanceUID, .seriesInstanceUID, .transferSyntaxUID: return .UI
        case .modality, .photometricInterpretation, .voiLUTFunction, .burnedInAnnotation: return .CS
        case .samplesPerPixel, .planarConfiguration, .rows, .columns, .bitsAllocated, .bitsStored, .highBit, .pixelRepresentation,
            .redPaletteDescriptor, .greenPaletteDescriptor, .bluePaletteDescriptor, .lutDescriptor:
            return .US
        case .numberOfFrames: return .IS
        case .windowCenter, .windowWidth, .rescaleIntercept, .rescaleSlope: return .DS
        case .redPaletteData, .greenPaletteData, .bluePaletteData, .segmentedRedPaletteData, .lutData, .pixelData: return .OW
        case .modalityLUTSequence, .voiLUTSequence, .frameVOILUTSequence, .pixelValueTransformationSequence,
            .sharedFunctionalGroupsSequence, .perFrameFunctionalGroupsSequence:
            return .SQ
        default: return .UN
        }
    }
}
