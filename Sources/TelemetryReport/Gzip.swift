import CZlib

/// Inflates Firehose's GZIP objects (one or several concatenated gzip members).
enum Gzip {
    /// Whether `bytes` starts with the gzip magic number (1f 8b).
    static func isCompressed(_ bytes: [UInt8]) -> Bool { bytes.count >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b }

    /// The inflated bytes of every member of `bytes`, refusing more than `limit` output bytes.
    ///
    /// - Throws: `TelemetryReportError.corruptGzip` for a damaged or truncated stream,
    ///   `.tooLarge` past `limit` (a compression bomb stops there).
    static func decompress(_ bytes: [UInt8], name: String, limit: Int) throws(TelemetryReportError) -> [UInt8] {
        var output: [UInt8] = []
        var stream = z_stream()
        // 15 window bits + 16: gzip framing only (no raw zlib), as Firehose writes it.
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .corruptGzip(object: name)
        }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        let status: Int32 = bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            while true {
                let result: Int32 = chunk.withUnsafeMutableBufferPointer { buffer in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                if output.count > limit { return Z_MEM_ERROR }
                switch result {
                case Z_STREAM_END:
                    // Another member follows (Firehose may concatenate): start it afresh.
                    if stream.avail_in == 0 { return Z_STREAM_END }
                    guard inflateReset(&stream) == Z_OK else { return Z_DATA_ERROR }
                case Z_OK:
                    if stream.avail_in == 0 && stream.avail_out != 0 { return Z_BUF_ERROR }  // truncated
                default:
                    return result
                }
            }
        }
        if status == Z_MEM_ERROR { throw .tooLarge(object: name, limit: limit) }
        guard status == Z_STREAM_END else { throw .corruptGzip(object: name) }
        return output
    }
}
