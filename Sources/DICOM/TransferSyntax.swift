/// A transfer syntax this reader knows: how the dataset is encoded and how its pixels are.
///
/// Every syntax here has a little-endian dataset; Explicit VR Big Endian (retired) and unknown
/// UIDs are refused by `init(uid:)` with `UnsupportedTransferSyntax`, because the dataset
/// itself could not be read.
public struct TransferSyntax: Sendable, Equatable {
    /// How pixel data is stored.
    public enum PixelEncoding: String, Sendable, Equatable {
        /// Uncompressed (native) pixel data.
        case native
        /// RLE Lossless (PS3.5 Annex G).
        case rle
        /// JPEG Baseline (process 1): 8-bit, libjpeg-turbo.
        case jpegBaseline
        /// JPEG Extended (processes 2 and 4): decoded when 8-bit, by libjpeg-turbo.
        case jpegExtended
        /// JPEG Lossless (process 14, any predictor or selection value 1).
        case jpegLossless
        /// JPEG 2000 Part 1 (lossless or lossy).
        case jpeg2000
        /// High-Throughput JPEG 2000 (lossless, RPCL lossless, lossy).
        case htj2k
        /// Encapsulated in a form with no decoder here (JPEG-LS, JPEG 2000 Part 2, video, …):
        /// the header is readable, the pixels are `UnsupportedTransferSyntax`.
        case undecodable
    }

    /// The UID, as in (0002,0010).
    public let uid: String
    /// Whether the dataset uses explicit VRs (all but Implicit VR Little Endian).
    public let isExplicitVR: Bool
    /// Whether the dataset after the File Meta Information is a raw deflate stream.
    public let isDeflated: Bool
    /// How pixel data is stored.
    public let pixelEncoding: PixelEncoding

    /// Implicit VR Little Endian, the default transfer syntax.
    public static let implicitVRLittleEndian = "1.2.840.10008.1.2"
    /// Explicit VR Little Endian.
    public static let explicitVRLittleEndian = "1.2.840.10008.1.2.1"
    /// Deflated Explicit VR Little Endian.
    public static let deflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99"

    private static let encapsulated: [String: PixelEncoding] = [
        "1.2.840.10008.1.2.5": .rle,
        "1.2.840.10008.1.2.4.50": .jpegBaseline,
        "1.2.840.10008.1.2.4.51": .jpegExtended,
        "1.2.840.10008.1.2.4.57": .jpegLossless,
        "1.2.840.10008.1.2.4.70": .jpegLossless,
        "1.2.840.10008.1.2.4.90": .jpeg2000,
        "1.2.840.10008.1.2.4.91": .jpeg2000,
        "1.2.840.10008.1.2.4.201": .htj2k,
        "1.2.840.10008.1.2.4.202": .htj2k,
        "1.2.840.10008.1.2.4.203": .htj2k,
        // Known encapsulated syntaxes without a decoder here: JPEG-LS, JPEG 2000 Part 2, MPEG-2,
        // MPEG-4 AVC, HEVC, JPEG XL, deflated image frames.
        "1.2.840.10008.1.2.4.80": .undecodable,
        "1.2.840.10008.1.2.4.81": .undecodable,
        "1.2.840.10008.1.2.4.92": .undecodable,
        "1.2.840.10008.1.2.4.93": .undecodable,
        "1.2.840.10008.1.2.4.100": .undecodable,
        "1.2.840.10008.1.2.4.101": .undecodable,
        "1.2.840.10008.1.2.4.102": .undecodable,
        "1.2.840.10008.1.2.4.103": .undecodable,
        "1.2.840.10008.1.2.4.104": .undecodable,
        "1.2.840.10008.1.2.4.105": .undecodable,
        "1.2.840.10008.1.2.4.106": .undecodable,
        "1.2.840.10008.1.2.4.107": .undecodable,
        "1.2.840.10008.1.2.4.108": .undecodable,
        "1.2.840.10008.1.2.4.110": .undecodable,
        "1.2.840.10008.1.2.4.111": .undecodable,
        "1.2.840.10008.1.2.4.112": .undecodable,
        "1.2.840.10008.1.2.8.1": .undecodable,
    ]

    /// Looks the UID up.
    ///
    /// - Throws: `DICOMError.unsupportedTransferSyntax` for Explicit VR Big Endian and any
    ///   UID not listed in docs/dicom.md.
    public init(uid: String) throws(DICOMError) {
        self.uid = uid
        switch uid {
        case Self.implicitVRLittleEndian:
            (isExplicitVR, isDeflated, pixelEncoding) = (false, false, .native)
        case Self.explicitVRLittleEndian:
            (isExplicitVR, isDeflated, pixelEncoding) = (true, false, .native)
        case Self.deflatedExplicitVRLittleEndian:
            (isExplicitVR, isDeflated, pixelEncoding) = (true, true, .native)
        default:
            guard let encoding = Self.encapsulated[uid] else { throw .unsupportedTransferSyntax(uid: uid) }
            (isExplicitVR, isDeflated, pixelEncoding) = (true, false, encoding)
        }
    }

    /// Whether pixel data is encapsulated (fragments in items) rather than native.
    public var isEncapsulated: Bool { pixelEncoding != .native }
}
