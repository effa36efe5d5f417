/// RLE Lossless (PS3.5 Annex G): a 64-byte header of up to 15 segment offsets, then one
/// PackBits segment per byte of each sample, most significant byte first, sample by sample.
enum RLEDecoder {
    /// Decodes one frame to interleaved 32-bit stored values.
    ///
    /// - Throws: `DICOMError.corrupt` for a header or segment that does not match the module.
    static func decode(_ frame: ArraySlice<UInt8>, module: PixelModule) throws(DICOMError) -> [Int32] {
        let data = frame
        let base = frame.startIndex
        guard data.count >= 64 else { throw .corrupt(detail: "an RLE frame is shorter than its 64-byte header") }
        let word = { (offset: Int) -> Int in
            let at = base + offset
            return Int(data[at]) | Int(data[at + 1]) << 8 | Int(data[at + 2]) << 16 | Int(data[at + 3]) << 24
        }
        let bytesPerSample = module.bitsAllocated / 8
        let expectedSegments = module.samplesPerPixel * max(bytesPerSample, 1)
        let segmentCount = word(0)
        guard module.bitsAllocated % 8 == 0, segmentCount == expectedSegments else {
            throw .corrupt(detail: "the RLE header has \(segmentCount) segments, the pixel module needs \(expectedSegments)")
        }
        let offsets = (0..<segmentCount).map { word(4 + 4 * $0) } + [data.count]
        let pixels = module.rows * module.columns
        var raw = [UInt32](repeating: 0, count: pixels * module.samplesPerPixel)
        var segmentBytes = [UInt8](repeating: 0, count: pixels)
        for segment in 0..<segmentCount {
            let start = offsets[segment]
            let end = offsets[segment + 1]
            guard start >= 64, start <= end, end <= data.count else { throw .corrupt(detail: "RLE segment \(segment) has a bad offset") }
            try unpack(data[base + start..<base + end], into: &segmentBytes, segment: segment)
            let sample = segment / bytesPerSample
            let shift = UInt32(8 * (bytesPerSample - 1 - segment % bytesPerSample))
            for pixel in 0..<pixels { raw[pixel * module.samplesPerPixel + sample] |= UInt32(segmentBytes[pixel]) << shift }
        }
        return raw.map(module.storedValue)
    }

    /// PackBits: n in 0…127 copies n + 1 literal bytes, −127…−1 repeats the next byte 1 − n
    /// times, −128 is nothing. Output beyond the segment's size (padding) is ignored.
    private static func unpack(_ input: ArraySlice<UInt8>, into output: inout [UInt8], segment: Int) throws(DICOMError) {
        var source = input.startIndex
        var written = 0
        while written < output.count, source < input.endIndex {
            let header = Int(Int8(bitPattern: input[source]))
            source += 1
            if header >= 0 {
                let count = header + 1
                guard input.endIndex - source >= count else { break }
                let copied = min(count, output.count - written)
                for offset in 0..<copied { output[written + offset] = input[source + offset] }
                source += count
                written += copied
            } else if header != -128 {
                guard source < input.endIndex else { break }
                let count = min(1 - header, output.count - written)
                let value = input[source]
                source += 1
                for offset in 0..<count { output[written + offset] = value }
                written += count
            }
        }
        guard written == output.count else {
            throw .corrupt(detail: "RLE segment \(segment) decodes to \(written) bytes, the frame needs \(output.count)")
        }
    }
}
