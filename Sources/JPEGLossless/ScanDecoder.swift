/// Decodes one lossless scan (T.81 H.1.2): Huffman-coded differences added to a prediction
/// from the already reconstructed neighbours Ra (left), Rb (above) and Rc (above left).
///
/// Prediction rules of H.1.2.1: the first sample of the scan and of each restart interval is
/// predicted by 2^(P − Pt − 1); the rest of that first line by Ra; the first sample of every
/// other line by Rb; all others by the scan's predictor (1–7). Arithmetic is modulo 2^16.
/// A restart interval holds whole lines (H.1.2.1; libjpeg-turbo enforces it too).
struct ScanDecoder {
    let width: Int
    let height: Int
    /// Components in the frame (the output's interleave).
    let componentStride: Int
    /// Frame component indices in scan order.
    let components: [Int]
    let tables: [HuffmanTable]
    let predictor: Int
    let initialPrediction: Int32
    /// MCUs per restart interval (one sample of each scan component per MCU); 0 means none,
    /// else a multiple of `width`.
    let restartInterval: Int

    /// Decodes the scan's entropy-coded data starting at `start` into `output` (the frame's
    /// samples, before the point transform is undone) and returns where the next marker starts.
    mutating func decode(
        _ bytes: UnsafeRawBufferPointer, from start: Int, into output: UnsafeMutableBufferPointer<UInt16>
    ) throws(JPEGLosslessError) -> Int {
        guard let output = output.baseAddress else { return start }
        var reader = EntropyReader(bytes, position: start)
        // The scan's lookups side by side: the hot loop indexes one stable pointer.
        let lookups = tables.flatMap(\.lookup)
        try lookups.withUnsafeBufferPointer { (lookups) throws(JPEGLosslessError) in
            try decodeSamples(output: output, reader: &reader, lookups: lookups.baseAddress!)
        }
        return reader.finishSegment()
    }

    private func decodeSamples(
        output: UnsafeMutablePointer<UInt16>, reader: inout EntropyReader, lookups: UnsafePointer<UInt16>
    ) throws(JPEGLosslessError) {
        let rowStride = width * componentStride
        let scanComponentCount = components.count
        let lookupSize = 1 << HuffmanTable.lookupBits
        // T.81 H.1.2.1 requires whole lines per restart interval (checked by the caller).
        let rowsPerInterval = restartInterval / width
        var nextRestartIndex = 0
        // The line in which the current restart interval (or the scan) began: it is predicted by Ra.
        var intervalFirstRow = 0
        for y in 0..<height {
            if rowsPerInterval > 0, y > 0, y % rowsPerInterval == 0 {
                try restart(&reader, expecting: nextRestartIndex)
                nextRestartIndex = (nextRestartIndex + 1) & 7
                intervalFirstRow = y
            }
            let row = output + y * rowStride
            for x in 0..<width {
                let sample = row + x * componentStride
                for index in 0..<scanComponentCount {
                    let difference = try reader.decodeDifference(
                        lookup: lookups + index * lookupSize, tables: tables, index: index)
                    let here = sample + components[index]
                    let prediction: Int32
                    if x == 0 {
                        prediction = y == intervalFirstRow ? initialPrediction : Int32(here[-rowStride])
                    } else if y == intervalFirstRow {
                        prediction = Int32(here[-componentStride])
                    } else {
                        let left = Int32(here[-componentStride])
                        let above = Int32(here[-rowStride])
                        let aboveLeft = Int32(here[-rowStride - componentStride])
                        switch predictor {
                        case 1: prediction = left
                        case 2: prediction = above
                        case 3: prediction = aboveLeft
                        case 4: prediction = left + above - aboveLeft
                        case 5: prediction = left + ((above - aboveLeft) >> 1)
                        case 6: prediction = above + ((left - aboveLeft) >> 1)
                        default: prediction = (left + above) >> 1
                        }
                    }
                    here.pointee = UInt16(truncatingIfNeeded: prediction &+ difference)
                }
            }
            if reader.hasReadPastData { throw dataEndedError(reader) }
        }
    }

    /// Expects RSTn (n = `index`) after the interval's padding bits and resets the reader there.
    private func restart(_ reader: inout EntropyReader, expecting index: Int) throws(JPEGLosslessError) {
        if reader.hasReadPastData { throw dataEndedError(reader) }
        var position = reader.finishSegment()
        let bytes = reader.bytes
        while position < bytes.count, bytes[position] == 0xFF, position + 1 < bytes.count, bytes[position + 1] == 0xFF {
            position += 1
        }
        guard position + 1 < bytes.count else { throw .truncatedPixelData }
        guard bytes[position] == 0xFF, bytes[position + 1] == 0xD0 + UInt8(index) else {
            throw .corruptPixelData(detail: "expected restart marker RST\(index) at offset \(position)")
        }
        reader.restart(at: position + 2)
    }

    /// The error for a scan whose samples needed bits beyond its data.
    private func dataEndedError(_ reader: EntropyReader) -> JPEGLosslessError {
        switch reader.stop {
        case .marker:
            let at = reader.position
            let isEndOfImage = at + 1 < reader.bytes.count && reader.bytes[at + 1] == 0xD9
            return isEndOfImage ? .truncatedPixelData : .corruptPixelData(detail: "a marker inside the scan's data at offset \(at)")
        case .endOfData, .notYet:
            return .truncatedPixelData
        }
    }
}
