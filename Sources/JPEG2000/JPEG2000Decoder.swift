import COpenJPEGShim

/// Decodes JPEG 2000 Part 1 and HTJ2K (Part 15) codestreams with OpenJPEG: DICOM transfer
/// syntaxes 1.2.840.10008.1.2.4.90/.91 and .201/.202/.203.
///
/// The SIZ segment is checked against the limit before OpenJPEG reads anything; any OpenJPEG
/// error, or a warning that can mean lost pixels, fails the decode (no partial images).
public enum JPEG2000Decoder {
    /// Decodes `codestream`: a raw J2K codestream (what DICOM stores) or a JP2 file.
    /// - Parameters:
    ///   - codestream: One JPEG 2000 image.
    ///   - maximumPixelCount: The largest width × height × components accepted; a header beyond
    ///     it throws `imageTooLarge` before decoding.
    ///   - threads: OpenJPEG worker threads for code-block decoding; 1 decodes on the caller's thread.
    /// - Throws: ``JPEG2000Error``.
    public static func decode(
        _ codestream: UnsafeRawBufferPointer, maximumPixelCount: Int, threads: Int
    ) throws(JPEG2000Error) -> JPEG2000Image {
        guard let base = codestream.baseAddress?.assumingMemoryBound(to: UInt8.self), !codestream.isEmpty else {
            throw .truncatedPixelData(detail: "no data")
        }
        var message = rsj2k_message()
        var info = rsj2k_info()
        var decoder: OpaquePointer?
        let opened = rsj2k_open(
            base, codestream.count, UInt64(max(0, maximumPixelCount)), Int32(clamping: max(1, threads)), &decoder, &info, &message)
        let width = Int(info.width)
        let height = Int(info.height)
        let componentCount = Int(info.components)
        if opened == RSJ2K_TOO_LARGE {
            throw .imageTooLarge(width: width, height: height, componentCount: componentCount, limit: maximumPixelCount)
        }
        try check(opened, message)
        defer { rsj2k_close(decoder) }
        let count = width * height * componentCount
        var status = RSJ2K_OK
        let samples = [Int32](unsafeUninitializedCapacity: count) { buffer, initialized in
            status = rsj2k_decode(decoder, buffer.baseAddress, count, &message)
            // On failure the buffer may be partly written; it is thrown away below.
            initialized = count
        }
        try check(status, message)
        return JPEG2000Image(
            width: width, height: height, componentCount: componentCount, precision: Int(info.precision),
            isSigned: info.is_signed != 0, samples: samples)
    }

    private static func check(_ status: rsj2k_status, _ message: rsj2k_message) throws(JPEG2000Error) {
        let detail = withUnsafeBytes(of: message.text) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
        switch status {
        case RSJ2K_OK: return
        case RSJ2K_TRUNCATED: throw .truncatedPixelData(detail: detail)
        case RSJ2K_UNSUPPORTED: throw .unsupportedCoding(detail: detail)
        case RSJ2K_OUT_OF_MEMORY: throw .decoderOutOfMemory
        default: throw .corruptPixelData(detail: detail)
        }
    }
}
