import Imaging

/// How an image becomes a model input tensor: size, geometry, channels, intensity mapping,
/// normalisation and encoding. The defaults reproduce the seed's Python preprocessing
/// (ARCHITECTURE.md "Default model input"): 224×224 stretch, antialiased bilinear, RGB, /255,
/// ImageNet mean/std, float32 NCHW with a batch dimension.
///
/// Load it with `init(environment:)` (variables and/or `MODEL_PREPROCESSING_JSON`) or decode
/// it from JSON; both validate and throw `PreprocessingConfigurationError`.
public struct PreprocessingConfiguration: Sendable, Equatable {
    /// The antialiasing filter of the resize (Pillow's).
    public enum Filter: String, Sendable, CaseIterable {
        case bilinear
        case bicubic

        /// The resizer's filter.
        public var resampleFilter: ResampleFilter { self == .bilinear ? .bilinear : .bicubic }
    }

    /// How the source is fitted to width × height.
    public enum Geometry: String, Sendable, CaseIterable {
        /// Resize to exactly width × height, ignoring the aspect ratio (the seed's behaviour).
        case stretch
        /// Resize so the image covers width × height, then keep the centre (torchvision
        /// `Resize` on the shorter side + `CenterCrop`); nothing outside the crop is computed.
        case centerCrop
        /// Resize so the whole image fits inside width × height, centred, and fill the rest
        /// with `padValue`.
        case letterbox
    }

    /// How samples map to the 0…1 intensity scale before `scale`, mean and standard deviation.
    public enum Intensity: Sendable, Equatable {
        /// Linear over the sample range: /255 for 8-bit, /65535 for 16-bit (default).
        case fullRange
        /// Linear from `center − width/2` (0) to `center + width/2` (1), clamped; in raw sample
        /// units (0…255 or 0…65535), like a DICOM window.
        case window(center: Float, width: Float)
        /// Linear from the smallest to the largest resized sample of each image (all 0 for a
        /// flat image).
        case minMax
    }

    /// Memory order of the tensor.
    public enum Layout: String, Sendable, CaseIterable {
        /// [1, C, H, W].
        case nchw = "NCHW"
        /// [1, H, W, C].
        case nhwc = "NHWC"
    }

    /// Element type of the tensor.
    public enum DataType: String, Sendable, CaseIterable {
        case float32
        case float16

        /// The tensor's element type.
        public var elementType: Tensor.ElementType { self == .float32 ? .float32 : .float16 }
    }

    /// How JPEGs are decoded.
    public enum DecodeMode: String, Sendable, CaseIterable {
        /// Full-size decode; within the documented Pillow bound (default).
        case accurate
        /// libjpeg DCT scaling (1/2, 1/4 or 1/8), the largest that keeps the decoded image at
        /// least twice the resized size on both axes; faster, less exact (docs/imaging.md).
        /// PNGs are decoded in full either way.
        case fast
    }

    /// Tensor width in pixels (1…8192); 224 by default.
    public var width: Int
    /// Tensor height in pixels (1…8192); 224 by default.
    public var height: Int
    /// Resize filter; `.bilinear` by default.
    public var filter: Filter
    /// Fitting; `.stretch` by default.
    public var geometry: Geometry
    /// Intensity (0…1, before `scale`, mean and standard deviation) of letterbox padding; 0.
    public var padValue: Float
    /// 1 (gray; RGB sources become ITU-R 601 luma, as Pillow's `convert("L")`) or 3 (RGB; gray
    /// is replicated); 3 by default.
    public var channels: Int
    /// Intensity mapping; `.fullRange` by default.
    public var intensity: Intensity
    /// Factor applied to the 0…1 intensity before the mean is subtracted; 1 by default.
    public var scale: Float
    /// Per-channel mean (`channels` values); nil means ImageNet's for 3 channels and their
    /// average (0.449) for 1.
    public var mean: [Float]?
    /// Per-channel standard deviation (`channels` non-zero values); nil means ImageNet's for 3
    /// channels and their average (0.226) for 1.
    public var standardDeviation: [Float]?
    /// Memory order; `.nchw` by default.
    public var layout: Layout
    /// Element type; `.float32` by default.
    public var dataType: DataType
    /// Whether the shape starts with a batch dimension of 1; true by default.
    public var batchDimension: Bool
    /// JPEG decoding; `.accurate` by default.
    public var decodeMode: DecodeMode

    /// Creates a configuration; the defaults are the seed's preprocessing. Call `validate()`
    /// (the environment and JSON loaders do) before use.
    public init(
        width: Int = 224, height: Int = 224, filter: Filter = .bilinear, geometry: Geometry = .stretch, padValue: Float = 0,
        channels: Int = 3, intensity: Intensity = .fullRange, scale: Float = 1, mean: [Float]? = nil,
        standardDeviation: [Float]? = nil, layout: Layout = .nchw, dataType: DataType = .float32, batchDimension: Bool = true,
        decodeMode: DecodeMode = .accurate
    ) {
        self.width = width
        self.height = height
        self.filter = filter
        self.geometry = geometry
        self.padValue = padValue
        self.channels = channels
        self.intensity = intensity
        self.scale = scale
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.layout = layout
        self.dataType = dataType
        self.batchDimension = batchDimension
        self.decodeMode = decodeMode
    }

    /// The largest accepted width or height of the tensor.
    public static let maximumSide = 8192

    /// The mean actually used: `mean`, or the default for `channels`.
    public var resolvedMean: [Float] {
        mean ?? (channels == 3 ? TensorEncoder.imageNetMean : [0.449])
    }

    /// The standard deviation actually used: `standardDeviation`, or the default for `channels`.
    public var resolvedStandardDeviation: [Float] {
        standardDeviation ?? (channels == 3 ? TensorEncoder.imageNetStandardDeviation : [0.226])
    }

    /// The tensor's shape: [1, C, H, W], [1, H, W, C], or without the leading 1.
    public var shape: [Int] {
        let dimensions = layout == .nchw ? [channels, height, width] : [height, width, channels]
        return batchDimension ? [1] + dimensions : dimensions
    }

    /// Bytes of one tensor: the elements of `shape` times 4 (float32) or 2 (float16).
    public var tensorByteCount: Int {
        shape.reduce(1, *) * (dataType == .float32 ? 4 : 2)
    }

    /// Checks every setting.
    ///
    /// - Throws: `PreprocessingConfigurationError.invalidValue` naming the first bad setting.
    public func validate() throws(PreprocessingConfigurationError) {
        let sides = 1...Self.maximumSide
        guard sides.contains(width) else { throw .invalidValue(setting: "width", value: "\(width)", expected: "1…\(Self.maximumSide)") }
        guard sides.contains(height) else {
            throw .invalidValue(setting: "height", value: "\(height)", expected: "1…\(Self.maximumSide)")
        }
        guard channels == 1 || channels == 3 else { throw .invalidValue(setting: "channels", value: "\(channels)", expected: "1 or 3") }
        guard padValue.isFinite else { throw .invalidValue(setting: "padValue", value: "\(padValue)", expected: "a finite number") }
        guard scale.isFinite, scale != 0 else {
            throw .invalidValue(setting: "scale", value: "\(scale)", expected: "a finite non-zero number")
        }
        if case .window(let center, let windowWidth) = intensity {
            guard center.isFinite, windowWidth.isFinite, windowWidth > 0 else {
                throw .invalidValue(setting: "window", value: "\(center),\(windowWidth)", expected: "a finite centre and a positive width")
            }
        }
        if let mean {
            guard mean.count == channels, mean.allSatisfy(\.isFinite) else {
                throw .invalidValue(setting: "mean", value: Self.list(mean), expected: "\(channels) finite numbers (one per channel)")
            }
        }
        if let standardDeviation {
            guard standardDeviation.count == channels, standardDeviation.allSatisfy({ $0.isFinite && $0 != 0 }) else {
                throw .invalidValue(
                    setting: "std", value: Self.list(standardDeviation), expected: "\(channels) finite non-zero numbers (one per channel)")
            }
        }
        try validateOutputRange()
    }

    /// Finite settings can still make infinite elements: `--std 1e-40` or `--scale 3e38` overflow
    /// Float32 in `scale / std`, and float16 ends at 65504. Every element is
    /// `intensity × multiplier + offset` with intensity in 0…1 (or `padValue` for letterbox
    /// padding), so checking the derived multiplier and offset bounds every element.
    private func validateOutputRange() throws(PreprocessingConfigurationError) {
        let largest = dataType == .float16 ? Float(Float16.greatestFiniteMagnitude) : Float.greatestFiniteMagnitude
        let mean = resolvedMean
        let standardDeviation = resolvedStandardDeviation
        for channel in 0..<channels {
            let multiplier = scale / standardDeviation[channel]
            let offset = -mean[channel] / standardDeviation[channel]
            let extremes = [multiplier.magnitude + offset.magnitude, (padValue * multiplier + offset).magnitude]
            guard multiplier.isFinite, offset.isFinite, extremes.allSatisfy({ $0.isFinite && $0 <= largest }) else {
                throw .invalidValue(
                    setting: "scale, mean and std",
                    value: "\(scale); \(Self.list(mean)); \(Self.list(standardDeviation))",
                    expected:
                        "(intensity × scale − mean) / std within ±\(largest) (\(dataType.rawValue)) for intensities 0…1 and the pad value")
            }
        }
    }

    static func list(_ values: [Float]) -> String {
        values.map { "\($0)" }.joined(separator: ",")
    }
}

/// A setting that could not be used; one `errorType` for all of them.
public enum PreprocessingConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `setting` (an environment variable, JSON key or CLI option) holds `value`, which is not `expected`.
    case invalidValue(setting: String, value: String, expected: String)
    /// `MODEL_PREPROCESSING_JSON` (or another JSON document) is not a valid configuration.
    case invalidJSON(detail: String)

    /// `InvalidPreprocessingConfiguration`: a deployment error, never worth a retry.
    public var errorType: String { "InvalidPreprocessingConfiguration" }

    public var description: String {
        switch self {
        case .invalidValue(let setting, let value, let expected): "\(setting) is \"\(value)\", expected \(expected)"
        case .invalidJSON(let detail): "invalid preprocessing JSON: \(detail)"
        }
    }
}
