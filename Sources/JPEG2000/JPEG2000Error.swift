/// Why a JPEG 2000 or HTJ2K codestream could not be decoded; each case maps to one stable
/// `errorType`.
///
/// Details are OpenJPEG's own messages or header values, never sample values, so they are safe
/// to log. A function conforms this type to its runtime's error protocol with one line
/// (`extension JPEG2000Error: LambdaFunctionError {}`).
public enum JPEG2000Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not a J2K codestream or JP2 file, or OpenJPEG reported an error or a warning (a warning
    /// means lost pixels: a short tile-part, a missing tile).
    case corruptPixelData(detail: String)
    /// The codestream ends before the image does.
    case truncatedPixelData(detail: String)
    /// The main header describes more than `limit` samples (width × height × components);
    /// nothing image-sized was allocated or decoded.
    case imageTooLarge(width: Int, height: Int, componentCount: Int, limit: Int)
    /// A valid image this decoder does not return: subsampled components, components of
    /// different precision, or a JP2 palette.
    case unsupportedCoding(detail: String)
    /// OpenJPEG could not allocate memory.
    case decoderOutOfMemory

    /// The stable error type name reported to Lambda (`CorruptPixelData`, …).
    public var errorType: String {
        switch self {
        case .corruptPixelData: "CorruptPixelData"
        case .truncatedPixelData: "TruncatedPixelData"
        case .imageTooLarge: "ImageTooLarge"
        case .unsupportedCoding: "UnsupportedTransferSyntax"
        case .decoderOutOfMemory: "DecoderOutOfMemory"
        }
    }

    public var description: String {
        switch self {
        case .corruptPixelData(let detail): "corrupt JPEG 2000 pixel data: \(detail)"
        case .truncatedPixelData(let detail): "the JPEG 2000 pixel data ends early: \(detail)"
        case .imageTooLarge(let width, let height, let componentCount, let limit):
            "the JPEG 2000 image is \(width)×\(height)×\(componentCount), more than the limit of \(limit) samples"
        case .unsupportedCoding(let detail): "unsupported JPEG 2000 image: \(detail)"
        case .decoderOutOfMemory: "OpenJPEG ran out of memory"
        }
    }
}
