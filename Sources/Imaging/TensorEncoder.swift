/// A model input tensor: shape, element type and little-endian bytes, ready for S3 or the
/// KServe v2 binary tensor extension.
public struct Tensor: Sendable, Equatable {
    /// Element types the encoder writes.
    public enum ElementType: String, Sendable, Equatable {
        /// IEEE 754 binary32 (KServe `FP32`).
        case float32 = "FP32"
        /// IEEE 754 binary16 (KServe `FP16`), rounded to nearest even.
        case float16 = "FP16"

        /// Bytes per element.
        public var byteCount: Int { self == .float32 ? 4 : 2 }
    }

    /// Dimensions, outermost first: [1, 3, H, W] for NCHW, [1, H, W, 3] for NHWC.
    public let shape: [Int]
    /// How each element is stored.
    public let elementType: ElementType
    /// Elements in row-major order of `shape`, little-endian.
    public let bytes: [UInt8]

    /// Creates a tensor; `bytes.count` must equal the product of `shape` × the element size (checked).
    public init(shape: [Int], elementType: ElementType, bytes: [UInt8]) {
        precondition(shape.reduce(1, *) * elementType.byteCount == bytes.count, "tensor byte count mismatch")
        self.shape = shape
        self.elementType = elementType
        self.bytes = bytes
    }

    /// The elements widened to Float, in row-major order of `shape`.
    public func floatValues() -> [Float] {
        let count = bytes.count / elementType.byteCount
        return (0..<count).map { index in
            switch elementType {
            case .float32:
                let offset = index * 4
                let bits =
                    UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3])
                    << 24
                return Float(bitPattern: bits)
            case .float16:
                let bits = UInt16(bytes[index * 2]) | UInt16(bytes[index * 2 + 1]) << 8
                return Float(Float16(bitPattern: bits))
            }
        }
    }
}

/// Turns resampled pixels into a normalised float tensor with a batch dimension of 1:
/// `(sample / maximumSampleValue − mean[c]) / standardDeviation[c]`.
///
/// 8-bit samples are divided by 255 and 16-bit samples by 65535 (linear over the full range, no
/// windowing); gray images are replicated to three channels.
public struct TensorEncoder: Sendable {
    /// Memory order of the non-batch dimensions.
    public enum Layout: Sendable, Equatable {
        /// [1, C, H, W] (PyTorch, Triton ONNX models).
        case nchw
        /// [1, H, W, C] (TensorFlow).
        case nhwc
    }

    /// ImageNet channel means (R, G, B) on the 0…1 scale.
    public static let imageNetMean: [Float] = [0.485, 0.456, 0.406]
    /// ImageNet channel standard deviations (R, G, B) on the 0…1 scale.
    public static let imageNetStandardDeviation: [Float] = [0.229, 0.224, 0.225]

    /// Memory order; `.nchw` by default.
    public var layout: Layout
    /// Output element type; `.float32` by default.
    public var elementType: Tensor.ElementType
    /// Per-channel mean subtracted after scaling to 0…1 (three values).
    public var mean: [Float]
    /// Per-channel divisor applied after the mean (three non-zero values).
    public var standardDeviation: [Float]

    /// Creates an encoder; the defaults reproduce the seed's preprocessing.
    public init(
        layout: Layout = .nchw, elementType: Tensor.ElementType = .float32, mean: [Float] = imageNetMean,
        standardDeviation: [Float] = imageNetStandardDeviation
    ) {
        precondition(mean.count == 3 && standardDeviation.count == 3, "mean and standard deviation have three channels")
        precondition(!standardDeviation.contains(0), "standard deviation must be non-zero")
        self.layout = layout
        self.elementType = elementType
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// Encodes `image` as a [1, 3, H, W] or [1, H, W, 3] tensor.
    public func encode(_ image: ResampledImage) -> Tensor {
        let planeSize = image.width * image.height
        let count = planeSize * 3
        // value × scale + offset == (value / maximum − mean) / std, with one multiply-add per element.
        let scale = (0..<3).map { 1 / (image.maximumSampleValue * standardDeviation[$0]) }
        let offset = (0..<3).map { -mean[$0] / standardDeviation[$0] }
        var elements = [Float](repeating: 0, count: count)
        image.values.withUnsafeBufferPointer { values in
            elements.withUnsafeMutableBufferPointer { output in
                for pixel in 0..<planeSize {
                    for channel in 0..<3 {
                        let value = values[pixel * image.channels + (image.channels == 3 ? channel : 0)]
                        let index = layout == .nchw ? channel * planeSize + pixel : pixel * 3 + channel
                        output[index] = value * scale[channel] + offset[channel]
                    }
                }
            }
        }
        let shape = layout == .nchw ? [1, 3, image.height, image.width] : [1, image.height, image.width, 3]
        return Tensor(shape: shape, elementType: elementType, bytes: Self.littleEndianBytes(elements, as: elementType))
    }

    private static func littleEndianBytes(_ elements: [Float], as type: Tensor.ElementType) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: elements.count * type.byteCount)
        bytes.withUnsafeMutableBufferPointer { output in
            for (index, element) in elements.enumerated() {
                switch type {
                case .float32:
                    let bits = element.bitPattern
                    for byte in 0..<4 { output[index * 4 + byte] = UInt8(truncatingIfNeeded: bits >> (8 * byte)) }
                case .float16:
                    let bits = Float16(element).bitPattern
                    output[index * 2] = UInt8(truncatingIfNeeded: bits)
                    output[index * 2 + 1] = UInt8(truncatingIfNeeded: bits >> 8)
                }
            }
        }
        return bytes
    }
}
