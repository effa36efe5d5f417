/// Decodes JPEG or PNG, chosen by magic bytes.
public struct ImageDecoder: Sendable {
    /// The JPEG decoder used for `FF D8 FF` inputs.
    public var jpeg: JPEGDecoder
    /// The PNG decoder used for inputs with the PNG signature.
    public var png: PNGDecoder

    /// Creates a decoder with the same `limits` for both formats.
    public init(limits: ImageLimits = .default) {
        self.jpeg = JPEGDecoder(limits: limits)
        self.png = PNGDecoder(limits: limits)
    }

    /// Sniffs the format and reads the header only.
    ///
    /// - Throws: `ImageError` (`emptyInput`, `unsupportedFormat`, `imageTooLarge`, …).
    public func header(of data: [UInt8]) throws(ImageError) -> ImageHeader {
        switch try ImageFormat(sniffing: data) {
        case .jpeg: try jpeg.header(of: data)
        case .png: try png.header(of: data)
        }
    }

    /// Sniffs the format and decodes.
    ///
    /// - Throws: `ImageError`.
    public func decode(_ data: [UInt8]) throws(ImageError) -> DecodedImage {
        switch try ImageFormat(sniffing: data) {
        case .jpeg: try jpeg.decode(data)
        case .png: try png.decode(data)
        }
    }
}
