import CZlib

/// Raw inflate (RFC 1951, no zlib header) of a Deflated Explicit VR Little Endian dataset
/// (PS3.5 A.5), bounded so a deflate bomb stops at the limit instead of filling memory.
enum Inflater {
    /// Inflates `input`; the output never grows past `limit` bytes.
    ///
    /// - Throws: `DICOMError.inputTooLarge` past `limit`, `.corrupt` for a bad stream,
    ///   `.truncated` when the stream ends early.
    static func inflateRaw(_ input: ArraySlice<UInt8>, limit: Int) throws(DICOMError) -> [UInt8] {
        var stream = z_stream()
        // inflateInit2 is a C macro; this is what it expands to. −15: raw deflate, 32 KiB window.
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corrupt(detail: "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, input.count * 4))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var status = Z_OK
        var exceeded = false
        input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = UInt32(source.count)
            while status == Z_OK {
                let produced = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return buffer.count - Int(stream.avail_out)
                }
                if output.count + produced > limit {
                    exceeded = true
                    return
                }
                output.append(contentsOf: chunk[0..<produced])
                // No progress possible: the input ended before the stream did.
                if status == Z_OK, stream.avail_in == 0, produced == 0 { status = Z_BUF_ERROR }
            }
        }
        if exceeded { throw .inputTooLarge(bytes: limit + 1, limit: limit) }
        switch status {
        case Z_STREAM_END: return output
        case Z_BUF_ERROR: throw .truncated(detail: "the deflated dataset ends before its deflate stream does")
        default: throw .corrupt(detail: "the deflated dataset is not a valid deflate stream (zlib status \(status))")
        }
    }
}
