import ArrivingBytes
import CDeflate
import CImageCodecs

/// The only file that touches the C shim and libdeflate: every pointer lives inside these
/// functions, and callers see Swift values and `ImageError`.
enum NativeCodecs {
    /// libjpeg's JPEG_MAX_DIMENSION: it refuses larger sides whatever our limits say.
    static let libjpegMaximumDimension = 65_500

    struct JPEGInfo {
        var width: Int
        var height: Int
        var orientation: Int
        var outputWidth: Int
        var outputHeight: Int
        var outputChannels: Int
        /// libjpeg's whole-image coefficient buffers for a multi-scan image; 0 for single-scan.
        var coefficientBytes: Int
    }

    struct PNGInfo {
        var width: Int
        var height: Int
        var bitDepth: Int
        var outputChannels: Int
        var outputBytesPerSample: Int
    }

    static func probeJPEG(_ data: EncodedImage, scaleDenominator: Int) throws(ImageError) -> JPEGInfo {
        var info = rsc_jpeg_info()
        var message = rsc_message()
        let status = withInput(data) { input in
            rsc_jpeg_probe(input, Int32(scaleDenominator), &info, &message)
        }
        if status == RSC_TOO_LARGE {
            throw .imageTooLarge(width: Int(info.width), height: Int(info.height), limit: .dimension(libjpegMaximumDimension))
        }
        try check(status, message)
        return JPEGInfo(info)
    }

    /// Decodes into a fresh buffer of exactly the probed output size; libjpeg's own allocations
    /// stay below `memoryLimit` bytes. With `.fast`, data only libjpeg's Huffman decoder
    /// reproduces is decoded again, from the first byte, with it (`RSC_DECODE_AGAIN`).
    static func decodeJPEG(
        _ data: EncodedImage, scaleDenominator: Int, memoryLimit: Int, huffman: JPEGDecoder.HuffmanDecoding, expected: JPEGInfo
    ) throws(ImageError) -> [UInt8] {
        var info = rsc_jpeg_info()
        var message = rsc_message()
        var status = RSC_OK
        let count = expected.outputWidth * expected.outputHeight * expected.outputChannels
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            for decoder in huffman.attempts {
                status = withInput(data) { input in
                    rsc_jpeg_decode(input, Int32(scaleDenominator), memoryLimit, decoder, buffer.baseAddress, count, &info, &message)
                }
                if status != RSC_DECODE_AGAIN { break }
            }
            initialized = status == RSC_OK ? count : 0
        }
        try check(status, message, memoryLimit: memoryLimit, expected: expected)
        return pixels
    }

    /// Decodes row by row: `handler` gets each row (output width × channels bytes, valid only
    /// during the call) and its index, top to bottom. Nothing image-sized is allocated here.
    /// When the fast Huffman decoder hands over to libjpeg's (as `decodeJPEG`), the rows start
    /// again from index 0: a handler that sees row 0 twice forgets what it had.
    static func decodeJPEGRows(
        _ data: EncodedImage, scaleDenominator: Int, memoryLimit: Int, huffman: JPEGDecoder.HuffmanDecoding, expected: JPEGInfo,
        rows handler: (UnsafeBufferPointer<UInt8>, Int) -> Void
    ) throws(ImageError) {
        var info = rsc_jpeg_info()
        var message = rsc_message()
        let rowLength = expected.outputWidth * expected.outputChannels
        var status = RSC_OK
        for decoder in huffman.attempts {
            status = withoutActuallyEscaping(handler) { escapable in
                var context = RowContext(handler: escapable, rowLength: rowLength)
                return withUnsafeMutablePointer(to: &context) { contextPointer in
                    withInput(data) { input in
                        rsc_jpeg_decode_rows(
                            input, Int32(scaleDenominator), memoryLimit, decoder,
                            { raw, row, index in
                                guard let context = raw?.assumingMemoryBound(to: RowContext.self).pointee else { return }
                                context.handler(UnsafeBufferPointer(start: row, count: context.rowLength), Int(index))
                            }, contextPointer, &info, &message)
                    }
                }
            }
            if status != RSC_DECODE_AGAIN { break }
        }
        try check(status, message, memoryLimit: memoryLimit, expected: expected)
    }

    /// As `check(_:_:)`, but libjpeg's refusal to exceed `memoryLimit` is the typed
    /// `imageTooLarge` that names the limit (never a generic corrupt-image error).
    private static func check(_ status: rsc_status, _ message: rsc_message, memoryLimit: Int, expected: JPEGInfo) throws(ImageError) {
        if status == RSC_MEMORY_LIMIT {
            throw .imageTooLarge(width: expected.width, height: expected.height, limit: .decoderMemory(memoryLimit))
        }
        try check(status, message)
    }

    /// Runs `body` with the C view of `data`: its bytes in place, or a source that hands the
    /// decoder an arriving body's bytes in place as they come, from the first one, blocking
    /// while the decoder is ahead of the transfer.
    private static func withInput<Result>(_ data: EncodedImage, _ body: (UnsafePointer<rsc_input>) -> Result) -> Result {
        switch data {
        case .bytes(let bytes):
            return bytes.withUnsafeBufferPointer { buffer in
                var input = rsc_input(data: buffer.baseAddress, size: buffer.count, source: nil, source_context: nil)
                return body(&input)
            }
        case .arriving(let arriving):
            var reader = ArrivingReader(body: arriving)
            return withUnsafeMutablePointer(to: &reader) { readerPointer in
                var input = rsc_input(
                    data: nil, size: 0,
                    source: { context, data, size in
                        guard let reader = context?.assumingMemoryBound(to: ArrivingReader.self), let data, let size else { return -1 }
                        return reader.pointee.next(data, size)
                    }, source_context: readerPointer)
                return body(&input)
            }
        }
    }

    /// One decoder's position in an arriving body.
    private struct ArrivingReader {
        let body: ArrivingBytes
        var offset = 0

        /// The C source: the bytes after `offset` (1), the end (0), or interrupted (-1).
        mutating func next(_ data: UnsafeMutablePointer<UnsafePointer<UInt8>?>, _ size: UnsafeMutablePointer<Int>) -> Int32 {
            switch body.wait(beyond: offset) {
            case .bytes(let count):
                body.withArrivedBytes(from: offset, count: count) { bytes in
                    data.pointee = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
                    size.pointee = bytes.count
                }
                offset += count
                return 1
            case .end: return 0
            case .interrupted: return -1
            }
        }
    }

    private struct RowContext {
        let handler: (UnsafeBufferPointer<UInt8>, Int) -> Void
        let rowLength: Int
    }

    static func probePNG(_ data: [UInt8]) throws(ImageError) -> PNGInfo {
        var info = rsc_png_info()
        var message = rsc_message()
        let status = data.withUnsafeBufferPointer { input in
            rsc_png_probe(input.baseAddress, input.count, &info, &message)
        }
        try check(status, message)
        return PNGInfo(info)
    }

    /// Decodes an 8-bit (or expanded low-bit) PNG.
    static func decodePNG8(_ data: [UInt8], expected: PNGInfo) throws(ImageError) -> [UInt8] {
        var status = RSC_OK
        var message = rsc_message()
        let count = expected.width * expected.height * expected.outputChannels
        let pixels = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            status = decodePNG(data, into: UnsafeMutableRawBufferPointer(buffer), message: &message)
            initialized = status == RSC_OK ? count : 0
        }
        try check(status, message)
        return pixels
    }

    /// Decodes a 16-bit PNG into host-order samples.
    static func decodePNG16(_ data: [UInt8], expected: PNGInfo) throws(ImageError) -> [UInt16] {
        var status = RSC_OK
        var message = rsc_message()
        let count = expected.width * expected.height * expected.outputChannels
        let samples = [UInt16](unsafeUninitializedCapacity: count) { buffer, initialized in
            status = decodePNG(data, into: UnsafeMutableRawBufferPointer(buffer), message: &message)
            initialized = status == RSC_OK ? count : 0
        }
        try check(status, message)
        return samples
    }

    private static func decodePNG(_ data: [UInt8], into pixels: UnsafeMutableRawBufferPointer, message: inout rsc_message) -> rsc_status {
        var info = rsc_png_info()
        return data.withUnsafeBufferPointer { input in
            // libpng writes bytes (char-typed access), which may alias the UInt16 storage.
            rsc_png_decode(
                input.baseAddress, input.count, pixels.baseAddress?.assumingMemoryBound(to: UInt8.self), pixels.count, &info, &message)
        }
    }

    /// Inflates `stream`, one zlib stream (header, deflate data and Adler-32, all checked by
    /// libdeflate), into exactly `count` bytes. `nil` when the stream is invalid, holds fewer or
    /// more than `count` bytes, or is followed by anything: a caller that gets `nil` knows nothing
    /// more than "not exactly this image", which is all the PNG fast path needs.
    static func inflateZlib(_ stream: ArraySlice<UInt8>, count: Int) -> [UInt8]? {
        guard let decompressor = libdeflate_alloc_decompressor() else { return nil }
        defer { libdeflate_free_decompressor(decompressor) }
        var succeeded = false
        let output = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            stream.withUnsafeBytes { input in
                var consumed = 0
                // A nil actual-output pointer makes libdeflate demand exactly `count` bytes:
                // LIBDEFLATE_SHORT_OUTPUT below it, LIBDEFLATE_INSUFFICIENT_SPACE above it.
                let result = libdeflate_zlib_decompress_ex(
                    decompressor, input.baseAddress, input.count, buffer.baseAddress, count, &consumed, nil)
                succeeded = result == LIBDEFLATE_SUCCESS && consumed == input.count
            }
            initialized = succeeded ? count : 0
        }
        return succeeded ? output : nil
    }

    /// The CRC-32 of `bytes` (ISO 3309, as PNG chunks carry it), with libdeflate's vectorised code.
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        bytes.withUnsafeBytes { UInt32(libdeflate_crc32(0, $0.baseAddress, $0.count)) }
    }

    private static func check(_ status: rsc_status, _ message: rsc_message) throws(ImageError) {
        guard status != RSC_OK else { return }
        var text = message
        let detail = withUnsafeBytes(of: &text.text) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        switch status {
        case RSC_TRUNCATED: throw .truncatedImage
        case RSC_INPUT_INTERRUPTED: throw .inputInterrupted
        case RSC_UNSUPPORTED: throw .unsupportedImage(detail: detail)
        case RSC_OUT_OF_MEMORY: throw .decoderOutOfMemory
        default: throw .corruptImage(detail: detail)
        }
    }
}

extension JPEGDecoder.HuffmanDecoding {
    /// The C decoders to try, in order, while one ends with `RSC_DECODE_AGAIN`.
    fileprivate var attempts: [rsc_jpeg_huffman] {
        switch self {
        case .fast: [RSC_JPEG_HUFFMAN_FAST, RSC_JPEG_HUFFMAN_LIBJPEG]
        case .libjpeg: [RSC_JPEG_HUFFMAN_LIBJPEG]
        }
    }
}

extension NativeCodecs.JPEGInfo {
    fileprivate init(_ info: rsc_jpeg_info) {
        self.init(
            width: Int(info.width), height: Int(info.height), orientation: Int(info.orientation),
            outputWidth: Int(info.output_width), outputHeight: Int(info.output_height), outputChannels: Int(info.output_channels),
            coefficientBytes: Int(clamping: info.coefficient_bytes))
    }
}

extension NativeCodecs.PNGInfo {
    fileprivate init(_ info: rsc_png_info) {
        self.init(
            width: Int(info.width), height: Int(info.height), bitDepth: Int(info.bit_depth),
            outputChannels: Int(info.output_channels), outputBytesPerSample: Int(info.output_bytes_per_sample))
    }
}
