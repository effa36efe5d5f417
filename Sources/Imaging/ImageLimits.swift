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
    /// Largest working memory of a decode, in bytes: libjpeg's whole-image coefficient buffers
    /// (progressive and other multi-scan JPEGs: 128 bytes per 8×8 block of every component, so
    /// up to 64 × the decoded bytes of a 4:4:4 image) plus, when the whole image is decoded
    /// (PNG, EXIF rotation), the decoded image and its rotated copy. Also handed to libjpeg's
    /// memory manager (`max_memory_to_use`). See `init(functionMemoryMegabytes:)`.
    public var maximumDecoderMemoryBytes: Int

    /// The limit an image exceeded, with its configured value.
    public enum Limit: Sendable, Equatable, CustomStringConvertible {
        case dimension(Int)
        case pixels(Int)
        case decodedBytes(Int)
        case decoderMemory(Int)

        public var description: String {
            switch self {
            case .dimension(let value): "limit of \(value) pixels per side"
            case .pixels(let value): "limit of \(value) pixels"
            case .decodedBytes(let value): "limit of \(value) decoded bytes"
            case .decoderMemory(let value): "decoder memory limit of \(value) bytes"
            }
        }
    }

    /// Creates limits; the defaults admit a 16-bit 8000×8000 film or an 8-bit RGB 64-megapixel
    /// photograph, and the decoder memory default is what a 1024 MB function gets.
    public init(
        maximumInputBytes: Int = 64 << 20,
        maximumDimension: Int = 16_384,
        maximumPixels: Int = 64_000_000,
        maximumDecodedBytes: Int = 256 << 20,
        maximumDecoderMemoryBytes: Int = Self.decoderMemory(functionMemoryMegabytes: 1024)
    ) {
        self.maximumInputBytes = maximumInputBytes
        self.maximumDimension = maximumDimension
        self.maximumPixels = maximumPixels
        self.maximumDecodedBytes = maximumDecodedBytes
        self.maximumDecoderMemoryBytes = maximumDecoderMemoryBytes
    }

    /// The defaults with the decoder memory sized for a function of `functionMemoryMegabytes`
    /// (`AWS_LAMBDA_FUNCTION_MEMORY_SIZE`); `nil` keeps the 1024 MB default.
    public init(functionMemoryMegabytes: Int?) {
        self.init(maximumDecoderMemoryBytes: Self.decoderMemory(functionMemoryMegabytes: functionMemoryMegabytes ?? 1024))
    }

    /// Half the function's memory: the other half holds the runtime, the compressed input (up to
    /// `maximumInputBytes`), the resize buffers and the tensor.
    public static func decoderMemory(functionMemoryMegabytes: Int) -> Int {
        max(functionMemoryMegabytes, 1) << 19
    }

    /// The defaults described in docs/imaging.md.
    public static let `default` = ImageLimits()

    func checkInput(byteCount: Int) throws(ImageError) {
        if byteCount == 0 { throw .emptyInput }
        if byteCount > maximumInputBytes { throw .inputTooLarge(bytes: byteCount, limit: maximumInputBytes) }
    }

    /// Throws unless a decode needing `bytes` of working memory fits `maximumDecoderMemoryBytes`.
    func checkDecoderMemory(_ bytes: Int, width: Int, height: Int) throws(ImageError) {
        if bytes > maximumDecoderMemoryBytes {
            throw .imageTooLarge(width: width, height: height, limit: .decoderMemory(maximumDecoderMemoryBytes))
        }
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
