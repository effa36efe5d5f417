/// Why a JPEG Lossless codestream could not be decoded; each case maps to one stable `errorType`.
///
/// Details come from marker segments and decoder state, never from sample values, so they are
/// safe to log. A function conforms this type to its runtime's error protocol with one line
/// (`extension JPEGLosslessError: LambdaFunctionError {}`), as it does for `ImageError`.
public enum JPEGLosslessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The codestream violates ITU-T T.81: a bad marker, segment, Huffman table or code.
    case corruptPixelData(detail: String)
    /// The codestream ends before every sample of the frame was decoded.
    case truncatedPixelData
    /// The frame header describes more than `limit` samples (width × height × components);
    /// nothing image-sized was allocated.
    case imageTooLarge(width: Int, height: Int, componentCount: Int, limit: Int)
    /// A valid JPEG that is not a process 14 (SOF3, Huffman) image this decoder supports:
    /// another process, arithmetic coding, subsampled components, more than 4 components or a
    /// height given by a DNL marker.
    case unsupportedCoding(detail: String)

    /// The stable error type name reported to Lambda (`CorruptPixelData`, …).
    public var errorType: String {
        switch self {
        case .corruptPixelData: "CorruptPixelData"
        case .truncatedPixelData: "TruncatedPixelData"
        case .imageTooLarge: "ImageTooLarge"
        case .unsupportedCoding: "UnsupportedTransferSyntax"
        }
    }

    public var description: String {
        switch self {
        case .corruptPixelData(let detail): "corrupt JPEG Lossless pixel data: \(detail)"
        case .truncatedPixelData: "the JPEG Lossless pixel data ends before the image does"
        case .imageTooLarge(let width, let height, let componentCount, let limit):
            "the JPEG Lossless image is \(width)×\(height)×\(componentCount), more than the limit of \(limit) samples"
        case .unsupportedCoding(let detail): "unsupported JPEG coding: \(detail)"
        }
    }
}
