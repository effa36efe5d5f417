/// Why an image could not be decoded; each case maps to one stable `errorType`.
///
/// The associated details come from libjpeg/libpng messages or from the header, never from
/// pixel data, so they are safe to log. `errorType` is what Step Functions `Retry`/`Catch`
/// match on (see docs/imaging.md); a function conforms this type to its runtime's error
/// protocol with one line.
public enum ImageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input has zero bytes.
    case emptyInput
    /// The magic bytes are neither JPEG nor PNG.
    case unsupportedFormat
    /// A JPEG or PNG that is valid but uses something this library does not decode.
    case unsupportedImage(detail: String)
    /// The data violates its format: bad CRC, zlib stream, Huffman code, marker or header.
    case corruptImage(detail: String)
    /// The data ends before the image does.
    case truncatedImage
    /// The header describes an image beyond `limit`; nothing image-sized was allocated.
    case imageTooLarge(width: Int, height: Int, limit: ImageLimits.Limit)
    /// The compressed input alone is larger than `ImageLimits.maximumInputBytes`.
    case inputTooLarge(bytes: Int, limit: Int)
    /// The decoder could not get memory below the configured limits.
    case decoderOutOfMemory
    /// An arriving input (``EncodedImage/arriving(_:)``) stopped before the image ended: its
    /// transfer failed or was abandoned, so nothing is known about the rest of the image. The
    /// transfer's own error is the one to report (PrepareTensors does); this case only ends the
    /// decode.
    case inputInterrupted

    /// The stable error type name reported to Lambda (`ImageTooLarge`, …).
    public var errorType: String {
        switch self {
        case .emptyInput: "EmptyInput"
        case .unsupportedFormat: "UnsupportedFormat"
        case .unsupportedImage: "UnsupportedImage"
        case .corruptImage: "CorruptImage"
        case .truncatedImage: "TruncatedImage"
        case .imageTooLarge: "ImageTooLarge"
        case .inputTooLarge: "InputTooLarge"
        case .decoderOutOfMemory: "DecoderOutOfMemory"
        case .inputInterrupted: "InputInterrupted"
        }
    }

    public var description: String {
        switch self {
        case .emptyInput: "the image is empty (0 bytes)"
        case .unsupportedFormat: "the image is neither JPEG nor PNG"
        case .unsupportedImage(let detail): "unsupported image: \(detail)"
        case .corruptImage(let detail): "corrupt image: \(detail)"
        case .truncatedImage: "the image data ends early"
        case .imageTooLarge(let width, let height, let limit): "the image is \(width)×\(height), beyond the \(limit)"
        case .inputTooLarge(let bytes, let limit): "the image file has \(bytes) bytes, more than the limit of \(limit)"
        case .decoderOutOfMemory: "the decoder ran out of memory"
        case .inputInterrupted: "the image's bytes stopped arriving before it ended"
        }
    }
}
