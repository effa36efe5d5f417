/// Bounds checked against the header before any pixel buffer is allocated, so a
/// decompression bomb (a small file claiming a huge image) fails in microseconds.
///
/// Limits apply to the size stored in the file, before DCT scaling or EXIF rotation.
public struct ImageLimits: Sendable, Equatable {
    /// Largest accepted compressed input, in bytes.
    public var maximumInputBytes: Int
    /// Largest accepted width or height, in pixels.
    public var maximumDimension: Int
    /// Largest accepted width × height.
    public var maximumPixels: Int
    /// Largest accepted decoded buffer (width × height × channels × bytes per sample).
    public var maximumDecodedBytes: Int

    /// The limit an image exceeded, with its configured value.
    public enum Limit: Sendable, Equatable, CustomStringConvertible {
        case dimension(Int)
        case pixels(Int)
        case decodedBytes(Int)

        public var description: String {
            switch self {
            case .dimension(let value): "limit of \(value) pixels per side"
            case .pixels(let value): "limit of \(value) pixels"
            case .decodedBytes(let value): "limit of \(value) decoded bytes"
            }
        }
    }

    /// Creates limits; the defaults admit a 16-bit 8000×8000 film or an 8-bit RGB 64-megapixel
    /// photograph and stay well inside a 1 GB Lambda.
    public init(
        maximumInputBytes: Int = 64 << 20,
        maximumDimension: Int = 16_384,
        maximumPixels: Int = 64_000_000,
        maximumDecodedBytes: Int = 256 << 20
    ) {
        self.maximumInputBytes = maximumInputBytes
        self.maximumDimension = maximumDimension
        self.maximumPixels = maximumPixels
        self.maximumDecodedBytes = maximumDecodedBytes
    }

    /// The defaults described in docs/imaging.md.
    public static let `default` = ImageLimits()

    func checkInput(byteCount: Int) throws(ImageError) {
        if byteCount == 0 { throw .emptyInput }
        if byteCount > maximumInputBytes { throw .inputTooLarge(bytes: byteCount, limit: maximumInputBytes) }
    }

    func check(width: Int, height: Int, channels: Int, bytesPerSample: Int) throws(ImageError) {
        guard width > 0, height > 0 else { throw .corruptImage(detail: "the header gives a size of \(width)×\(height)") }
        if width > maximumDimension || height > maximumDimension {
            throw .imageTooLarge(width: width, height: height, limit: .dimension(maximumDimension))
        }
        // Both factors are at most maximumDimension here, so no product below can overflow.
        if width * height > maximumPixels {
            throw .imageTooLarge(width: width, height: height, limit: .pixels(maximumPixels))
        }
        if width * height * channels * bytesPerSample > maximumDecodedBytes {
            throw .imageTooLarge(width: width, height: height, limit: .decodedBytes(maximumDecodedBytes))
        }
    }
}
