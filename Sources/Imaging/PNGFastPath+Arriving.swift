import ArrivingBytes
import CZlib

extension PNGFastPath {
    /// IDAT data inflated while a PNG arrives: its zlib stream fed to zlib chunk by chunk as the
    /// bytes come, and each batch of complete rows unfiltered and copied out at once (the fast
    /// path's own code), so that the fast path, once the file is complete, finds the image done.
    ///
    /// Speculative and never decisive: it is used only when the finished file's ``ChunkLayout``
    /// has exactly these IDAT ranges and the stream ended exactly at their end with exactly the
    /// image's filtered size (what libdeflate demands); every check of the fast path still runs on
    /// the complete file, and anything else (a damaged or unusual file, a limit, a transfer that
    /// broke) discards it, so the decode is the complete bytes' decode either way.
    struct Inflation {
        /// The file's non-empty IDAT data ranges that were fed, in order.
        var idat: [Range<Int>]
        /// The IHDR it was made for.
        var header: Header
        /// The decoded image.
        var image: DecodedImage
    }

    /// Inflates `body`'s IDAT data as it arrives; `nil` when the file is out of the fast path's
    /// scope or beyond `limits`, its stream is not exactly the image, or the body stops arriving.
    /// Returns once the last IDAT chunk has been read (the rest of the file may still be coming).
    static func inflate(arriving body: ArrivingBytes, limits: ImageLimits) -> Inflation? {
        let reader = ArrivingChunks(body: body)
        guard let signature = reader.bytes(0..<8), signature.elementsEqual(ChunkLayout.signature),
            let ihdr = reader.chunkHeader(at: 8), ihdr.type == "IHDR", ihdr.length == 13,
            let fields = reader.bytes(16..<29), let header = Header(ihdr: fields[...])
        else { return nil }
        // The limits the decode checks first; within them, the buffer the fast path would allocate.
        let outputBytes = header.width * header.height * header.outputChannels * header.bytesPerSample
        guard
            (try? limits.check(
                width: header.width, height: header.height, channels: header.outputChannels,
                bytesPerSample: header.bytesPerSample)) != nil,
            header.filteredBytes + outputBytes <= limits.maximumDecoderMemoryBytes
        else { return nil }

        var stream = z_stream()
        // inflateInit is a C macro; this is what it expands to (zlib header, 32 KiB window at most).
        guard inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
        defer { inflateEnd(&stream) }
        var raw = [UInt8](repeating: 0, count: header.filteredBytes)
        let samples = header.width * header.height * header.outputChannels
        let samplesPerRow = header.width * header.outputChannels
        var pixels8 = [UInt8](repeating: 0, count: header.bitDepth == 8 ? samples : 0)
        var pixels16 = [UInt16](repeating: 0, count: header.bitDepth == 16 ? samples : 0)
        var unfiltered = 0
        /// Unfilters and copies out the rows zlib has completed since the last call (rows depend
        /// only on the row above, already unfiltered in place); `false` at a filter type above 4.
        func unfilterCompleteRows() -> Bool {
            let complete = Int(stream.total_out) / (header.rowBytes + 1)
            guard complete > unfiltered else { return true }
            defer { unfiltered = complete }
            if header.bitDepth == 8 {
                return pixels8.withUnsafeMutableBufferPointer { output in
                    PNGUnfilter.unfilterRows(
                        &raw, rowCount: header.height, rowBytes: header.rowBytes, bytesPerPixel: header.bytesPerPixel,
                        rows: unfiltered..<complete
                    ) { index, row in copySamples(row, into: output.baseAddress! + index * samplesPerRow, header: header) }
                }
            }
            return pixels16.withUnsafeMutableBufferPointer { output in
                PNGUnfilter.unfilterRows(
                    &raw, rowCount: header.height, rowBytes: header.rowBytes, bytesPerPixel: header.bytesPerPixel,
                    rows: unfiltered..<complete
                ) { index, row in copySamples(row, into: output.baseAddress! + index * samplesPerRow, header: header) }
            }
        }
        var idat: [Range<Int>] = []
        var ended = false
        var offset = 8 + 12 + 13
        var seenIDAT = false
        while let chunk = reader.chunkHeader(at: offset) {
            let data = (offset + 8)..<(offset + 8 + chunk.length)
            if chunk.type == "IDAT" {
                seenIDAT = true
                if !data.isEmpty {
                    guard !ended else { return nil }  // data after the stream's end: not exactly the image
                    idat.append(data)
                    var position = data.lowerBound
                    while position < data.upperBound {
                        guard let available = reader.wait(beyond: position) else { return nil }
                        let count = min(available, data.upperBound - position)
                        let status = body.withArrivedBytes(from: position, count: count) { input in
                            raw.withUnsafeMutableBufferPointer { output in
                                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
                                stream.avail_in = UInt32(input.count)
                                stream.next_out = output.baseAddress! + Int(stream.total_out)
                                stream.avail_out = UInt32(output.count - Int(stream.total_out))
                                return CZlib.inflate(&stream, Z_NO_FLUSH)
                            }
                        }
                        guard unfilterCompleteRows() else { return nil }
                        switch status {
                        case Z_STREAM_END:
                            guard stream.avail_in == 0, Int(stream.total_out) == header.filteredBytes else { return nil }
                            ended = true
                        case Z_OK:
                            guard stream.avail_in == 0 else { return nil }  // the output is full: too much data
                        default:
                            return nil
                        }
                        position += count
                    }
                }
            } else if seenIDAT {
                // The first chunk after IDAT: the stream must have ended with the image.
                guard ended, unfiltered == header.height else { return nil }
                let image = DecodedImage(
                    width: header.width, height: header.height, channels: header.outputChannels,
                    samples: header.bitDepth == 8 ? .eightBit(pixels8) : .sixteenBit(pixels16))
                return Inflation(idat: idat, header: header, image: image)
            }
            offset = data.upperBound + 4
        }
        return nil
    }

    /// Chunk headers and bytes of an arriving file, waiting for them as needed.
    private struct ArrivingChunks {
        let body: ArrivingBytes

        /// How many bytes from `offset` on have arrived, waiting for at least one; `nil` when
        /// there will be none (the body ended before, or stopped arriving).
        func wait(beyond offset: Int) -> Int? {
            guard case .bytes(let count) = body.wait(beyond: offset) else { return nil }
            return count
        }

        /// `range`'s bytes once they have all arrived.
        func bytes(_ range: Range<Int>) -> [UInt8]? {
            guard range.upperBound <= body.capacity, wait(beyond: range.upperBound - 1) != nil else { return nil }
            return body.withArrivedBytes(from: range.lowerBound, count: range.count) { [UInt8]($0) }
        }

        /// The length and type of the chunk at `offset`, if the file holds one there that fits in it.
        func chunkHeader(at offset: Int) -> (length: Int, type: String)? {
            guard let fields = bytes(offset..<(offset + 8)) else { return nil }
            let length = fields[0..<4].reduce(0) { $0 << 8 | Int($1) }
            guard length <= Int(Int32.max), offset + 12 + length <= body.capacity else { return nil }
            return (length, String(decoding: fields[4..<8], as: UTF8.self))
        }
    }
}
