/// Decodes baseline and progressive JPEGs (gray, YCbCr at any subsampling, RGB, Adobe
/// CMYK/YCCK) with libjpeg-turbo into 8-bit gray or RGB.
///
/// Truncated data and damaged entropy-coded data are errors, not grey fill. EXIF orientation is
/// applied after decoding unless disabled.
public struct JPEGDecoder: Sendable {
    /// libjpeg's DCT-domain downscaling: decodes directly at 1/2, 1/4 or 1/8 size.
    ///
    /// Off by default: it changes the pixels the resizer sees, so Pillow parity
    /// (docs/imaging.md) is only measured for `.full`.
    public enum Scale: Int, Sendable, CaseIterable {
        case full = 1
        case half = 2
        case quarter = 4
        case eighth = 8
    }

    /// Which Huffman decoder reads a single-scan JPEG's entropy-coded data.
    public enum HuffmanDecoding: Sendable, CaseIterable {
        /// RadStream's table-driven decoder in place of libjpeg-turbo's (docs/imaging.md): the
        /// same coefficients, so the same pixels and errors, in less time. Data that only
        /// libjpeg's decoder reproduces exactly (a bad Huffman code, fill bytes inside the data,
        /// the end of a cut-short input) is decoded again with libjpeg's, from the first byte.
        case fast
        /// libjpeg-turbo's own, always.
        case libjpeg
    }

    /// Bounds checked against the header before decoding.
    public var limits: ImageLimits
    /// DCT scaling; `.full` unless you have measured the accuracy you need.
    public var scale: Scale
    /// Whether to rotate/flip by the EXIF IFD0 Orientation tag (as `ImageOps.exif_transpose`).
    public var appliesOrientation: Bool
    /// The Huffman decoder; `.fast` by default.
    public var huffman: HuffmanDecoding

    /// Creates a decoder.
    public init(limits: ImageLimits = .default, scale: Scale = .full, appliesOrientation: Bool = true, huffman: HuffmanDecoding = .fast) {
        self.limits = limits
        self.scale = scale
        self.appliesOrientation = appliesOrientation
        self.huffman = huffman
    }

    /// Reads the header only and checks it against `limits`.
    ///
    /// - Throws: `ImageError` (`imageTooLarge` for bombs, `corruptImage`, `truncatedImage`, …).
    public func header(of data: [UInt8]) throws(ImageError) -> ImageHeader {
        try header(of: .bytes(data))
    }

    /// Reads the header only, as soon as it has arrived, and checks it against `limits` (the
    /// input's size is an arriving body's announced length).
    ///
    /// - Throws: `ImageError`, as `header(of:)` for bytes; `inputInterrupted` when the bytes
    ///   stop coming first.
    public func header(of data: EncodedImage) throws(ImageError) -> ImageHeader {
        let info = try probe(data)
        return ImageHeader(
            format: .jpeg, width: info.width, height: info.height, channels: info.outputChannels, bitDepth: 8, orientation: info.orientation
        )
    }

    /// Decodes `data` to gray or RGB, oriented upright.
    ///
    /// - Throws: `ImageError`; the decoder state is gone when this returns or throws.
    public func decode(_ data: [UInt8]) throws(ImageError) -> DecodedImage {
        try decode(.bytes(data))
    }

    /// Decodes `data`, reading an arriving body as it comes, to gray or RGB, oriented upright.
    ///
    /// - Throws: `ImageError`, as `decode(_:)` for bytes; `inputInterrupted` when the bytes stop
    ///   coming first.
    public func decode(_ data: EncodedImage) throws(ImageError) -> DecodedImage {
        let info = try probe(data)
        // The whole image exists next to libjpeg's buffers, and a rotation copies it once more
        // after libjpeg has freed them.
        let imageBytes = info.outputWidth * info.outputHeight * info.outputChannels
        let rotates = appliesOrientation && info.orientation != 1
        try limits.checkDecoderMemory(
            max(info.coefficientBytes + imageBytes, rotates ? 2 * imageBytes : 0), width: info.width, height: info.height)
        let pixels = try NativeCodecs.decodeJPEG(
            data, scaleDenominator: scale.rawValue, memoryLimit: limits.maximumDecoderMemoryBytes, huffman: huffman, expected: info)
        let image = DecodedImage(
            width: info.outputWidth, height: info.outputHeight, channels: info.outputChannels, samples: .eightBit(pixels))
        guard appliesOrientation, let orientation = ExifOrientation(rawValue: info.orientation) else { return image }
        return orientation.applied(to: image)
    }

    func probe(_ data: EncodedImage) throws(ImageError) -> NativeCodecs.JPEGInfo {
        try limits.checkInput(byteCount: data.byteCount)
        let info = try NativeCodecs.probeJPEG(data, scaleDenominator: scale.rawValue)
        try limits.check(width: info.width, height: info.height, channels: info.outputChannels, bytesPerSample: 1)
        // Progressive, multi-scan and (4-component) CMYK files hold every coefficient until the
        // last scan: refuse before libjpeg allocates them.
        try limits.checkDecoderMemory(info.coefficientBytes, width: info.width, height: info.height)
        return info
    }
}
