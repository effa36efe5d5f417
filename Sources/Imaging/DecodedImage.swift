/// Decoded pixels: row-major, channels interleaved (HWC), 8 or 16 bits per sample.
///
/// `channels` is 1 (gray) or 3 (RGB); alpha is always dropped by the decoders. Samples keep
/// the file's precision: 16-bit PNGs stay 16-bit until `TensorEncoder` normalises them.
public struct DecodedImage: Sendable, Equatable {
    /// The samples, in one of the two precisions the decoders produce.
    public enum Samples: Sendable, Equatable {
        case eightBit([UInt8])
        case sixteenBit([UInt16])

        /// Number of samples (width × height × channels).
        public var count: Int {
            switch self {
            case .eightBit(let values): values.count
            case .sixteenBit(let values): values.count
            }
        }
    }

    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// 1 (gray) or 3 (RGB).
    public let channels: Int
    /// width × height × channels samples, row by row.
    public let samples: Samples

    /// Creates an image; `samples.count` must equal width × height × channels (checked).
    public init(width: Int, height: Int, channels: Int, samples: Samples) {
        precondition(channels == 1 || channels == 3, "DecodedImage has 1 or 3 channels")
        precondition(width > 0 && height > 0 && samples.count == width * height * channels, "sample count mismatch")
        self.width = width
        self.height = height
        self.channels = channels
        self.samples = samples
    }

    /// 8 or 16.
    public var bitDepth: Int {
        if case .sixteenBit = samples { 16 } else { 8 }
    }

    /// The value of full intensity: 255 or 65535.
    public var maximumSampleValue: Float {
        if case .sixteenBit = samples { 65535 } else { 255 }
    }
}

/// What a header says about the image a decoder will produce.
public struct ImageHeader: Sendable, Equatable {
    /// The container format.
    public var format: ImageFormat
    /// Size stored in the file, in pixels (before DCT scaling and EXIF orientation).
    public var width: Int
    public var height: Int
    /// Channels of the decoded image: 1 or 3.
    public var channels: Int
    /// Bits per decoded sample: 8 or 16.
    public var bitDepth: Int
    /// EXIF orientation (1–8) for JPEG; 1 for PNG.
    public var orientation: Int

    /// Creates a header description.
    public init(format: ImageFormat, width: Int, height: Int, channels: Int, bitDepth: Int, orientation: Int) {
        self.format = format
        self.width = width
        self.height = height
        self.channels = channels
        self.bitDepth = bitDepth
        self.orientation = orientation
    }
}
