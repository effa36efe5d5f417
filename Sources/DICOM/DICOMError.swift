/// Why a DICOM object could not be read or its pixels decoded; each case maps to one stable
/// `errorType` (docs/dicom.md, docs/error-types.md).
///
/// Details name tags, value representations, lengths and offsets, never an attribute's value:
/// they are safe to log even for a header full of patient data.
public enum DICOMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `DICM` after a 128-byte preamble: not a DICOM Part 10 file.
    case notDICOM
    /// The file violates PS3.5: a bad VR, a length that cannot be, a missing mandatory attribute.
    case corrupt(detail: String)
    /// The data ends before an element, item or the pixel data does.
    case truncated(detail: String)
    /// The transfer syntax (its UID) is one this reader cannot parse or decode.
    case unsupportedTransferSyntax(uid: String)
    /// Pixel data this reader does not interpret (a photometric interpretation, bit depth or
    /// LUT form outside docs/dicom.md).
    case unsupportedPixelData(detail: String)
    /// The header describes pixel data beyond the configured limits; nothing image-sized was allocated.
    case imageTooLarge(detail: String)
    /// The input itself is larger than the limit (or inflates beyond it).
    case inputTooLarge(bytes: Int, limit: Int)
    /// The dataset nests deeper or holds more elements than the limits allow.
    case tooComplex(detail: String)

    /// The stable error type name reported to Lambda.
    public var errorType: String {
        switch self {
        case .notDICOM: "NotDICOM"
        case .corrupt: "CorruptDICOM"
        case .truncated: "TruncatedDICOM"
        case .unsupportedTransferSyntax: "UnsupportedTransferSyntax"
        case .unsupportedPixelData: "UnsupportedPixelData"
        case .imageTooLarge: "ImageTooLarge"
        case .inputTooLarge: "InputTooLarge"
        case .tooComplex: "DICOMTooComplex"
        }
    }

    public var description: String {
        switch self {
        case .notDICOM: "not a DICOM Part 10 file (no DICM after the 128-byte preamble)"
        case .corrupt(let detail): "corrupt DICOM: \(detail)"
        case .truncated(let detail): "truncated DICOM: \(detail)"
        case .unsupportedTransferSyntax(let uid): "unsupported transfer syntax \(uid)"
        case .unsupportedPixelData(let detail): "unsupported pixel data: \(detail)"
        case .imageTooLarge(let detail): "the DICOM image is too large: \(detail)"
        case .inputTooLarge(let bytes, let limit): "the DICOM input has \(bytes) bytes, more than the limit of \(limit)"
        case .tooComplex(let detail): "the DICOM dataset is too complex: \(detail)"
        }
    }
}
