import ArrivingBytes
import DICOM
import Imaging

/// A prepared model input and what it cost.
public struct PreparedTensor: Sendable {
    /// The tensor (shape from `PreprocessingConfiguration.shape`, little-endian bytes).
    public var tensor: Tensor
    /// Upright size of the source image in pixels (after EXIF orientation, before DCT scaling).
    public var sourceWidth: Int
    public var sourceHeight: Int
    /// The libjpeg DCT scale denominator used (1 unless `decodeMode` is `.fast` on a JPEG).
    public var decodeScaleDenominator: Int
    /// Wall-clock time of each step.
    public var timings: PreparationTimings
}

/// Wall-clock milliseconds of each preparation step.
public struct PreparationTimings: Sendable, Equatable, Codable {
    /// Header probe, decode and EXIF orientation; for JPEG also the resize, which runs row by
    /// row inside the decode; for DICOM the parse, the frame's decode and its modality/VOI.
    public var decodeMilliseconds: Double
    /// Antialiased resize of a decoded PNG or DICOM frame; 0 for JPEG (counted in the decode).
    public var resizeMilliseconds: Double
    /// Channels, intensity mapping, normalisation and encoding to bytes (and letterbox padding).
    public var encodeMilliseconds: Double

    /// The sum of the steps.
    public var totalMilliseconds: Double { decodeMilliseconds + resizeMilliseconds + encodeMilliseconds }
}

/// Runs decode → geometry → resize → intensity → normalise → encode for one configuration.
///
/// Memory: for JPEG one decoded row and one Float32 intermediate of (kept height) × w ×
/// channels (the decoded image is never held whole, unless EXIF rotation needs it); for PNG the
/// decoded image plus that intermediate; then the resized image and the tensor bytes. Nothing
/// is allocated per pixel.
public struct TensorPreparer: Sendable {
    /// What to produce; validated by the initialiser.
    public let configuration: PreprocessingConfiguration
    /// Limits checked on the header before anything image-sized is allocated.
    public var limits: ImageLimits

    /// Creates a preparer.
    ///
    /// - Throws: `PreprocessingConfigurationError` if `configuration` is invalid.
    public init(configuration: PreprocessingConfiguration = PreprocessingConfiguration(), limits: ImageLimits = .default)
        throws(PreprocessingConfigurationError)
    {
        try configuration.validate()
        self.configuration = configuration
        self.limits = limits
    }

    /// Prepares the tensor for the DICOM Part 10 object, JPEG or PNG in `bytes`, recognised by
    /// content (a DICOM preamble, then the JPEG/PNG magic bytes).
    ///
    /// - Parameter frame: the frame of a multi-frame DICOM object; ignored for JPEG and PNG.
    /// - Throws: `PreparationError` (its `errorType` is the Lambda error type).
    public func prepare(_ bytes: [UInt8], frame: FrameSelection = .first) throws(PreparationError) -> PreparedTensor {
        if DICOMFile.hasPreamble(bytes) {
            do { return try prepare(dicom: bytes, frame: frame) } catch { throw .dicom(error) }
        }
        do { return try prepare(image: bytes) } catch { throw .image(error) }
    }

    /// Prepares the tensor from a body while it arrives (an S3 response still downloading), with
    /// exactly the result, tensor or typed error, that ``prepare(_:frame:)`` gives for the
    /// complete bytes.
    ///
    /// What streams: a JPEG (single-scan or progressive; an EXIF-rotated one is decoded whole,
    /// but still from the arriving bytes), whose rows are decoded and resampled as its bytes come;
    /// a PNG the fast path takes, whose IDAT data is inflated and unfiltered as it comes (the
    /// checks run once it is complete; other PNGs are decoded by libpng then). What waits for
    /// the whole body, then takes ``prepare(_:frame:)``: a DICOM object, anything else. The first
    /// bytes decide (a DICOM preamble, then the magic bytes), as for the complete bytes.
    ///
    /// - Throws: `PreparationError`; `.image(.inputInterrupted)` when the body stops arriving
    ///   before the decode needed it all (the transfer's own error is the one to report).
    public func prepare(arriving body: ArrivingBytes, frame: FrameSelection = .first) throws(PreparationError) -> PreparedTensor {
        // A DICOM preamble is 128 bytes and "DICM": it decides before the JPEG magic bytes do.
        var prefixLength = DICOMFile.prefixLength
        switch body.wait(beyond: prefixLength - 1) {
        case .bytes: break
        case .end: prefixLength = body.arrivedCount
        case .interrupted: throw .image(.inputInterrupted)
        }
        let prefix = body.withArrivedBytes(from: 0, count: prefixLength) { [UInt8]($0) }
        guard !DICOMFile.hasPreamble(prefix), let format = try? ImageFormat(sniffing: prefix) else {
            guard let bytes = body.waitForAll() else { throw .image(.inputInterrupted) }
            return try prepare(bytes, frame: frame)
        }
        do { return try prepare(image: .arriving(body), format: format) } catch { throw .image(error) }
    }

    /// DICOM: the frame's intensities on 0…1 (docs/dicom.md), then the same resize, intensity,
    /// normalisation and encoding as an image. A configured window replaces the file's VOI (in
    /// modality units) and is not applied a second time on 0…1.
    private func prepare(dicom bytes: [UInt8], frame: FrameSelection) throws(DICOMError) -> PreparedTensor {
        let clock = ContinuousClock()
        let decodeStart = clock.now
        return try prepare(try DICOMImage(bytes: bytes, limits: dicomLimits), frame: frame, decodeStart: decodeStart, clock: clock)
    }

    /// The limits DICOM objects are read with: this preparer's image limits.
    public var dicomLimits: DICOMLimits { DICOMLimits(image: limits) }

    /// A frame read on its own from a large object (``DICOMFrameReader``, after
    /// ``DICOMHeaderReader``) → the model's input tensor, exactly as ``prepare(_:frame:)``
    /// prepares that frame of the whole object.
    ///
    /// - Throws: ``PreparationError/dicom(_:)``.
    public func prepare(header: DICOMFile, frame: DICOMFrameReader.Frame) throws(PreparationError) -> PreparedTensor {
        let clock = ContinuousClock()
        let decodeStart = clock.now
        do {
            let image = try DICOMImage(header: header, frame: frame, limits: dicomLimits)
            return try prepare(image, frame: .index(frame.index), decodeStart: decodeStart, clock: clock)
        } catch {
            throw .dicom(error)
        }
    }

    /// Renders `frame` of `image` and resizes, normalises and encodes it; the decode time runs
    /// from `decodeStart`.
    private func prepare(_ image: DICOMImage, frame: FrameSelection, decodeStart: ContinuousClock.Instant, clock: ContinuousClock)
        throws(DICOMError) -> PreparedTensor
    {
        var configuration = configuration
        var windowOverride: WindowOverride?
        if case .window(let center, let width) = configuration.intensity {
            windowOverride = WindowOverride(center: Double(center), width: Double(width))
            configuration.intensity = .fullRange
        }
        let intensities = try image.render(frame, windowOverride: windowOverride)
        let resizeStart = clock.now
        let plan = GeometryPlan(configuration: configuration, sourceWidth: intensities.width, sourceHeight: intensities.height)
        let resized = Resizer(filter: configuration.filter.resampleFilter).resize(
            intensities, width: plan.resizedWidth, height: plan.resizedHeight, keeping: plan.kept)
        let encodeStart = clock.now
        let tensor = NormalisingEncoder(configuration: configuration, plan: plan).encode(resized)
        let end = clock.now
        return PreparedTensor(
            tensor: tensor, sourceWidth: intensities.width, sourceHeight: intensities.height, decodeScaleDenominator: 1,
            timings: PreparationTimings(
                decodeMilliseconds: Self.milliseconds(resizeStart - decodeStart),
                resizeMilliseconds: Self.milliseconds(encodeStart - resizeStart),
                encodeMilliseconds: Self.milliseconds(end - encodeStart)))
    }

    private func prepare(image bytes: [UInt8]) throws(ImageError) -> PreparedTensor {
        try prepare(image: .bytes(bytes), format: nil)
    }

    /// An arriving input is a JPEG or a PNG, as `format` says (``prepare(arriving:frame:)``
    /// sends everything else whole). A PNG arriving is decoded first (its IDAT inflated as it
    /// comes): its header is the decoded image's.
    private func prepare(image input: EncodedImage, format: ImageFormat?) throws(ImageError) -> PreparedTensor {
        let clock = ContinuousClock()
        let decodeStart = clock.now
        var decoder = ImageDecoder(limits: limits)
        let header: ImageHeader
        var arrivedPNG: DecodedImage?
        switch input {
        case .bytes(let bytes): header = try decoder.header(of: bytes)
        case .arriving(let body) where format == .png:
            let image = try decoder.png.decode(arriving: body)
            arrivedPNG = image
            let bitDepth = if case .sixteenBit = image.samples { 16 } else { 8 }
            header = ImageHeader(
                format: .png, width: image.width, height: image.height, channels: image.channels, bitDepth: bitDepth, orientation: 1)
        case .arriving: header = try decoder.jpeg.header(of: input)
        }
        let swaps = header.orientation >= 5 && header.orientation <= 8
        let sourceWidth = swaps ? header.height : header.width
        let sourceHeight = swaps ? header.width : header.height
        let plan = GeometryPlan(configuration: configuration, sourceWidth: sourceWidth, sourceHeight: sourceHeight)
        var denominator = 1
        if configuration.decodeMode == .fast, header.format == .jpeg {
            denominator = plan.largestDCTScaleDenominator(sourceWidth: sourceWidth, sourceHeight: sourceHeight)
            decoder.jpeg.scale = JPEGDecoder.Scale(rawValue: denominator) ?? .full
        }
        let resizer = Resizer(filter: configuration.filter.resampleFilter)
        let resized: ResampledImage
        let resizeStart: ContinuousClock.Instant
        if header.format == .jpeg {
            // Rows are resampled as libjpeg produces them: the decoded image is never held whole.
            resized = try resizer.resize(
                jpeg: input, decoder: decoder.jpeg, width: plan.resizedWidth, height: plan.resizedHeight, keeping: plan.kept)
            resizeStart = clock.now
        } else {
            let image: DecodedImage
            switch input {
            case .bytes(let bytes): image = try decoder.decode(bytes)
            case .arriving:
                guard let arrivedPNG else { preconditionFailure("an arriving PNG is decoded with its header") }
                image = arrivedPNG
            }
            resizeStart = clock.now
            resized = resizer.resize(image, width: plan.resizedWidth, height: plan.resizedHeight, keeping: plan.kept)
        }
        let encodeStart = clock.now
        let tensor = NormalisingEncoder(configuration: configuration, plan: plan).encode(resized)
        let end = clock.now
        return PreparedTensor(
            tensor: tensor, sourceWidth: sourceWidth, sourceHeight: sourceHeight, decodeScaleDenominator: denominator,
            timings: PreparationTimings(
                decodeMilliseconds: Self.milliseconds(resizeStart - decodeStart),
                resizeMilliseconds: Self.milliseconds(encodeStart - resizeStart),
                encodeMilliseconds: Self.milliseconds(end - encodeStart)))
    }

    /// Runs geometry → resize → intensity → normalise → encode on an image decoded elsewhere.
    public func tensor(from image: DecodedImage) -> Tensor {
        let plan = GeometryPlan(configuration: configuration, sourceWidth: image.width, sourceHeight: image.height)
        let resized = Resizer(filter: configuration.filter.resampleFilter).resize(
            image, width: plan.resizedWidth, height: plan.resizedHeight, keeping: plan.kept)
        return NormalisingEncoder(configuration: configuration, plan: plan).encode(resized)
    }

    private static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

/// Where the source lands in the tensor: the size it is resized to, the part of that kept,
/// and where the kept part sits in the width × height output (letterbox offsets).
struct GeometryPlan: Equatable {
    var resizedWidth: Int
    var resizedHeight: Int
    var kept: Resizer.Region
    var offsetX: Int
    var offsetY: Int

    init(configuration: PreprocessingConfiguration, sourceWidth: Int, sourceHeight: Int) {
        let width = configuration.width
        let height = configuration.height
        let scaleX = Double(width) / Double(sourceWidth)
        let scaleY = Double(height) / Double(sourceHeight)
        switch configuration.geometry {
        case .stretch:
            resizedWidth = width
            resizedHeight = height
            kept = Resizer.Region(x: 0, y: 0, width: width, height: height)
            offsetX = 0
            offsetY = 0
        case .centerCrop:
            // torchvision: the shorter side becomes the target, the other keeps the aspect
            // ratio; the crop's corner is round((resized − target) / 2).
            let scale = max(scaleX, scaleY)
            resizedWidth = max(width, Int((Double(sourceWidth) * scale).rounded()))
            resizedHeight = max(height, Int((Double(sourceHeight) * scale).rounded()))
            let left = Int((Double(resizedWidth - width) / 2).rounded(.toNearestOrEven))
            let top = Int((Double(resizedHeight - height) / 2).rounded(.toNearestOrEven))
            kept = Resizer.Region(x: left, y: top, width: width, height: height)
            offsetX = 0
            offsetY = 0
        case .letterbox:
            let scale = min(scaleX, scaleY)
            resizedWidth = min(width, max(1, Int((Double(sourceWidth) * scale).rounded())))
            resizedHeight = min(height, max(1, Int((Double(sourceHeight) * scale).rounded())))
            kept = Resizer.Region(x: 0, y: 0, width: resizedWidth, height: resizedHeight)
            offsetX = (width - resizedWidth) / 2
            offsetY = (height - resizedHeight) / 2
        }
    }

    /// The largest libjpeg scale denominator (8, 4, 2 or 1) whose decoded size, `ceil(side / d)`,
    /// stays at least twice the resized size on both axes: below that the antialiasing filter
    /// no longer hides the DCT scaling's own, cruder, averaging.
    func largestDCTScaleDenominator(sourceWidth: Int, sourceHeight: Int) -> Int {
        for denominator in [8, 4, 2] {
            let decodedWidth = (sourceWidth + denominator - 1) / denominator
            let decodedHeight = (sourceHeight + denominator - 1) / denominator
            if decodedWidth >= 2 * resizedWidth && decodedHeight >= 2 * resizedHeight { return denominator }
        }
        return 1
    }
}
