import ArrivingBytes

/// Decodes every standard PNG (gray 1–16 bit, palette with or without tRNS, RGB and RGBA 8/16
/// bit, gray+alpha, Adam7 interlaced) into gray or RGB: the common kinds through the fast path
/// (libdeflate and our own unfiltering, `PNGFastPath`), the rest and every damaged file through
/// libpng, with the same output either way.
///
/// 16-bit files stay 16-bit (`DecodedImage.Samples.sixteenBit`). Alpha is dropped without
/// compositing, palette and low-bit gray are expanded to 8 bits, and no gamma is applied (as
/// Pillow). CRC errors in any chunk, zlib errors (Adler-32 included) and image data that does
/// not hold exactly the image IHDR describes are `ImageError.corruptImage`.
public struct PNGDecoder: Sendable {
    /// Bounds checked against IHDR before decoding.
    public var limits: ImageLimits
    /// Whether the fast path may decode (default); `false` decodes everything with libpng, as
    /// the comparisons in the tests, the fuzz target and the benchmark do.
    public var usesFastPath: Bool

    /// Creates a decoder.
    public init(limits: ImageLimits = .default, usesFastPath: Bool = true) {
        self.limits = limits
        self.usesFastPath = usesFastPath
    }

    /// Reads the chunks before the first IDAT and checks IHDR against `limits`.
    ///
    /// - Throws: `ImageError`.
    public func header(of data: [UInt8]) throws(ImageError) -> ImageHeader {
        let info = try probe(data)
        return ImageHeader(
            format: .png, width: info.width, height: info.height, channels: info.outputChannels, bitDepth: info.outputBytesPerSample * 8,
            orientation: 1)
    }

    /// Decodes `data`, reading and checking every chunk up to IEND.
    ///
    /// - Throws: `ImageError`; the decoder state is gone when this returns or throws.
    public func decode(_ data: [UInt8]) throws(ImageError) -> DecodedImage {
        try decode(data, inflation: nil)
    }

    /// Decodes a PNG while it arrives: when the fast path will take the file, its IDAT data is
    /// inflated and unfiltered as it comes (`PNGFastPath.inflate(arriving:limits:)`), and the
    /// checks run once the file is complete. The result, pixels or typed error, is that of
    /// ``decode(_:)`` for the complete bytes.
    ///
    /// - Throws: `ImageError`, as ``decode(_:)``; `inputInterrupted` when the bytes stop coming.
    public func decode(arriving body: ArrivingBytes) throws(ImageError) -> DecodedImage {
        let inflation = usesFastPath ? PNGFastPath.inflate(arriving: body, limits: limits) : nil
        guard let data = body.waitForAll() else { throw .inputInterrupted }
        return try decode(data, inflation: inflation)
    }

    private func decode(_ data: [UInt8], inflation: PNGFastPath.Inflation?) throws(ImageError) -> DecodedImage {
        let info = try probe(data)
        if usesFastPath, let image = PNGFastPath.decode(data, memoryLimit: limits.maximumDecoderMemoryBytes, inflation: inflation) {
            return image
        }
        let samples: DecodedImage.Samples =
            if info.outputBytesPerSample == 2 {
                .sixteenBit(try NativeCodecs.decodePNG16(data, expected: info))
            } else {
                .eightBit(try NativeCodecs.decodePNG8(data, expected: info))
            }
        return DecodedImage(width: info.width, height: info.height, channels: info.outputChannels, samples: samples)
    }

    private func probe(_ data: [UInt8]) throws(ImageError) -> NativeCodecs.PNGInfo {
        try limits.checkInput(byteCount: data.count)
        // IHDR sits at a fixed offset: check its size first, so a bomb is refused even when the
        // rest of the file is missing (libpng would first read on to the first IDAT).
        if data.count >= 24, data[12..<16].elementsEqual("IHDR".utf8) {
            func bigEndian(_ offset: Int) -> Int { data[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
            try limits.check(width: bigEndian(16), height: bigEndian(20), channels: 1, bytesPerSample: 1)
        }
        let info = try NativeCodecs.probePNG(data)
        try limits.check(width: info.width, height: info.height, channels: info.outputChannels, bytesPerSample: info.outputBytesPerSample)
        try limits.checkDecoderMemory(
            info.width * info.height * info.outputChannels * info.outputBytesPerSample, width: info.width, height: info.height)
        return info
    }
}
