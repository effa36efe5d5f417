import ArrivingBytes

/// An encoded image as a decoder reads it: all of its bytes in memory, or a body still arriving
/// (an S3 response read while it downloads).
///
/// A decoder reads an arriving body from its first byte as it comes, blocking when it is ahead
/// of the transfer. Every answer is the same as for the complete bytes — the same pixels, the
/// same typed error — except that a body whose transfer broke ends the decode with
/// ``ImageError/inputInterrupted``: the transfer's own error is the one to report.
public enum EncodedImage: Sendable {
    /// The whole encoded image.
    case bytes([UInt8])
    /// A body that may still be arriving; its announced length is checked as the input's size.
    case arriving(ArrivingBytes)

    /// The input's size as `ImageLimits.maximumInputBytes` sees it: the byte count, or the
    /// announced length of an arriving body (known before its first byte).
    var byteCount: Int {
        switch self {
        case .bytes(let bytes): bytes.count
        case .arriving(let body): body.capacity
        }
    }
}
