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
    ///
    /// `output` must hold `width × height × componentStride` samples and every index in
    /// `components` must be below `componentStride` (the caller allocates it from the checked frame
    /// header): the sample loops write and read through its pointer without further checks.
    mutating func decode(
        _ bytes: UnsafeRawBufferPointer, from start: Int, into output: UnsafeMutableBufferPointer<UInt16>
    ) throws(JPEGLosslessError) -> Int {
        guard let output = output.baseAddress else { return start }
        var reader = EntropyReader(bytes, position: start)
        // The scan's lookups side by side: the hot loop indexes one stable pointer.
        let lookups = tables.flatMap(\.lookup)
        try lookups.withUnsafeBufferPointer { (lookups) throws(JPEGLosslessError) in
            if components.count == 1 {
                // One component per scan (every grayscale image): a loop per predictor.
                let lookup = lookups.baseAddress!
                switch predictor {
                case 1: try decodeComponent(output, reader: &reader, lookup: lookup) { left, _, _ in left }
                case 2: try decodeComponent(output, reader: &reader, lookup: lookup) { _, above, _ in above }
                case 3: try decodeComponent(output, reader: &reader, lookup: lookup) { _, _, aboveLeft in aboveLeft }
                case 4: try decodeComponent(output, reader: &reader, lookup: lookup) { $0 + $1 - $2 }
                case 5: try decodeComponent(output, reader: &reader, lookup: lookup) { $0 + (($1 - $2) >> 1) }
                case 6: try decodeComponent(output, reader: &reader, lookup: lookup) { $1 + (($0 - $2) >> 1) }
                default: try decodeComponent(output, reader: &reader, lookup: lookup) { left, above, _ in (left + above) >> 1 }
                }
            } else {
                try decodeSamples(output: output, reader: &reader, lookups: lookups.baseAddress!)
            }
        }
        return reader.finishSegment()
    }

    /// The samples of a one-component scan, with `predict(Ra, Rb, Rc)` as the scan's predictor
    /// (the rules for the first line and column as in `decodeSamples`, whose result this equals).
    /// The reader is copied into a local for the loop so that its bit buffer stays in registers.
    @inline(__always)
    private func decodeComponent(
        _ output: UnsafeMutablePointer<UInt16>, reader: inout EntropyReader, lookup: UnsafePointer<Int32>,
        predict: (_ left: Int32, _ above: Int32, _ aboveLeft: Int32) -> Int32
    ) throws(JPEGLosslessError) {
        var local = reader
        let stride = componentStride
        let rowStride = width * stride
        for y in 0..<height {
            local = try self.reader(local, startingLine: y)
            let row = output + y * rowStride + components[0]
            let isFirstLine = y == firstLineOfInterval(containing: y)
            let first = try local.decodeDifference(lookup: lookup, tables: tables, index: 0)
            // Ra of the next sample: the sample just decoded, kept in a register.
            var left = Int32(UInt16(truncatingIfNeeded: (isFirstLine ? initialPrediction : Int32(row[-rowStride])) &+ first))
            row[0] = UInt16(truncatingIfNeeded: left)
            if isFirstLine {
                for x in 1..<width {
                    let difference = try local.decodeDifference(lookup: lookup, tables: tables, index: 0)
                    left = Int32(UInt16(truncatingIfNeeded: left &+ difference))
                    row[x * stride] = UInt16(truncatingIfNeeded: left)
                }
            } else {
                for x in 1..<width {
                    let difference = try local.decodeDifference(lookup: lookup, tables: tables, index: 0)
                    let prediction = predict(left, Int32(row[x * stride - rowStride]), Int32(row[(x - 1) * stride - rowStride]))
                    left = Int32(UInt16(truncatingIfNeeded: prediction &+ difference))
                    row[x * stride] = UInt16(truncatingIfNeeded: left)
                }
            }
            if local.hasReadPastData { throw dataEndedError(local) }
        }
        reader = local
    }

    /// The general loop: any number of components in the scan, interleaved.
    private func decodeSamples(
        output: UnsafeMutablePointer<UInt16>, reader: inout EntropyReader, lookups: UnsafePointer<Int32>
    ) throws(JPEGLosslessError) {
        let rowStride = width * componentStride
        let scanComponentCount = components.count
        let lookupSize = 1 << HuffmanTable.lookupBits
        for y in 0..<height {
            reader = try self.reader(reader, startingLine: y)
            // The line in which the current restart interval (or the scan) began: it is predicted by Ra.
            let intervalFirstRow = firstLineOfInterval(containing: y)
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

    /// Lines per restart interval; 0 without restarts. T.81 H.1.2.1 requires whole lines per
    /// interval (checked by the caller).
    private var linesPerInterval: Int { restartInterval / width }

    /// The first line of the restart interval (or of the scan) that holds line `y`.
    private func firstLineOfInterval(containing y: Int) -> Int {
        linesPerInterval > 0 ? y - y % linesPerInterval : 0
    }

    /// `reader` ready for line `y`: restarted after RSTn when a restart interval begins there
    /// (the k-th restart of the scan is RST((k − 1) mod 8)), else unchanged.
    private func reader(_ reader: EntropyReader, startingLine y: Int) throws(JPEGLosslessError) -> EntropyReader {
        guard linesPerInterval > 0, y > 0, y % linesPerInterval == 0 else { return reader }
        return try restarted(reader, expecting: (y / linesPerInterval - 1) & 7)
    }

    /// Expects RSTn (n = `index`) after the interval's padding bits: the reader restarted there.
    /// (By value, so that a loop's reader never has its address taken.)
    private func restarted(_ reader: EntropyReader, expecting index: Int) throws(JPEGLosslessError) -> EntropyReader {
        if reader.hasReadPastData { throw dataEndedError(reader) }
        var reader = reader
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
        return reader
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
