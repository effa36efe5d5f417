/// The container formats this library decodes, recognised by their magic bytes (never by a
/// file name or a Content-Type).
public enum ImageFormat: String, Sendable, Equatable, CaseIterable {
    case jpeg
    case png

    private static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Recognises `data` by its first bytes: `FF D8 FF` for JPEG, the full 8-byte signature
    /// for PNG (a signature damaged by text-mode transfer is not a PNG).
    ///
    /// - Throws: `ImageError.emptyInput` for no bytes, `.unsupportedFormat` otherwise.
    public init(sniffing data: [UInt8]) throws(ImageError) {
        if data.isEmpty { throw .emptyInput }
        if data.count >= 3, data[0] == 0xFF, data[1] == 0xD8, data[2] == 0xFF {
            self = .jpeg
        } else if data.starts(with: Self.pngSignature) {
            self = .png
        } else {
            throw .unsupportedFormat
        }
    }
}
