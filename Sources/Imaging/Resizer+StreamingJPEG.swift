extension Resizer {
    /// Decodes the JPEG `data` with `decoder` and resamples it exactly as
    /// `resize(decoder.decode(data), width:height:keeping:)` would, but row by row: each decoded
    /// row is added into the few output rows that use it, and an output row gets its horizontal
    /// pass as soon as its last input row has arrived. Neither the decoded image nor the whole
    /// vertical pass ever exists: peak memory is one decoded row, a ring of a few Float32 rows
    /// of the decoded width, and the output.
    ///
    /// The arithmetic and its order are those of the whole-image path, so results are identical.
    /// EXIF orientations other than 1 (when `decoder.appliesOrientation`) need the whole image and
    /// take that path.
    ///
    /// - Throws: `ImageError`, as `JPEGDecoder.decode`.
    public func resize(jpeg data: [UInt8], decoder: JPEGDecoder, width: Int, height: Int, keeping region: Region) throws(ImageError)
        -> ResampledImage
    {
        try resize(jpeg: .bytes(data), decoder: decoder, width: width, height: height, keeping: region)
    }

    /// As `resize(jpeg:decoder:width:height:keeping:)` for bytes, reading an arriving
    /// body as it comes: rows are decoded and resampled while the rest is still downloading, and
    /// the result is identical to that of the complete bytes.
    ///
    /// - Throws: `ImageError`, as `JPEGDecoder.decode`; `inputInterrupted` when the bytes stop
    ///   coming first.
    public func resize(jpeg data: EncodedImage, decoder: JPEGDecoder, width: Int, height: Int, keeping region: Region)
        throws(ImageError) -> ResampledImage
    {
        precondition(width > 0 && height > 0, "target size must be positive")
        precondition(
            region.x >= 0 && region.y >= 0 && region.width > 0 && region.height > 0 && region.x + region.width <= width
                && region.y + region.height <= height, "region must lie inside the resized image")
        let info = try decoder.probe(data)
        if decoder.appliesOrientation, info.orientation != 1 {
            return resize(try decoder.decode(data), width: width, height: height, keeping: region)
        }
        let channels = info.outputChannels
        let rowLength = info.outputWidth * channels
        let outputRowLength = region.width * channels
        let vertical = ResampleCoefficients(inputSize: info.outputHeight, outputSize: height, filter: filter)
            .slice(region.y..<region.y + region.height)
        let horizontal: ResampleCoefficients? =
            width == info.outputWidth && region.width == width
            ? nil
            : ResampleCoefficients(inputSize: info.outputWidth, outputSize: width, filter: filter).slice(region.x..<region.x + region.width)
        let slots = vertical.simultaneousOutputs
        var ring = [Float](repeating: 0, count: slots * rowLength)
        var result = [Float](repeating: 0, count: region.height * outputRowLength)
        var firstActive = 0
        try ring.withUnsafeMutableBufferPointer { (ringBuffer) throws(ImageError) in
            try result.withUnsafeMutableBufferPointer { (resultBuffer) throws(ImageError) in
                guard let ringStart = ringBuffer.baseAddress, let resultStart = resultBuffer.baseAddress else { return }
                /// The horizontal pass of a finished output row, then its slot is cleared for reuse.
                func finish(_ outputRow: Int) {
                    let slot = ringStart + (outputRow % slots) * rowLength
                    let out = resultStart + outputRow * outputRowLength
                    if let horizontal {
                        Self.resampleColumns(
                            UnsafeBufferPointer(start: slot, count: rowLength), rows: 1, inputWidth: info.outputWidth, channels: channels,
                            coefficients: horizontal, into: UnsafeMutableBufferPointer(start: out, count: outputRowLength))
                    } else {
                        out.update(from: slot, count: rowLength)
                    }
                    slot.update(repeating: 0, count: rowLength)
                }
                try vertical.weights.withUnsafeBufferPointer { (weights) throws(ImageError) in
                    var rowsAdded = 0
                    try NativeCodecs.decodeJPEGRows(
                        data, scaleDenominator: decoder.scale.rawValue, memoryLimit: decoder.limits.maximumDecoderMemoryBytes,
                        huffman: decoder.huffman, expected: info
                    ) { row, index in
                        guard let line = row.baseAddress else { return }
                        if index == 0 && rowsAdded > 0 {
                            // The decoder started over (decodeJPEGRows): forget the rows so far.
                            ringBuffer.update(repeating: 0)
                            resultBuffer.update(repeating: 0)
                            firstActive = 0
                        }
                        rowsAdded += 1
                        // Starts and ends never decrease: rows ending before `index` are complete,
                        // and the rows using `index` are a contiguous run from firstActive.
                        while firstActive < vertical.outputSize && vertical.starts[firstActive] + vertical.counts[firstActive] <= index {
                            finish(firstActive)
                            firstActive += 1
                        }
                        var outputRow = firstActive
                        while outputRow < vertical.outputSize && vertical.starts[outputRow] <= index {
                            let tap = index - vertical.starts[outputRow]
                            if tap < vertical.counts[outputRow] {
                                Self.accumulate(
                                    line, weight: weights[outputRow * vertical.kernelSize + tap], count: rowLength,
                                    into: ringStart + (outputRow % slots) * rowLength)
                            }
                            outputRow += 1
                        }
                    }
                }
                while firstActive < vertical.outputSize {
                    finish(firstActive)
                    firstActive += 1
                }
            }
        }
        // Bicubic overshoots at edges; Pillow clips to the sample range, and so do we.
        result.withUnsafeMutableBufferPointer { values in
            for index in values.indices { values[index] = min(max(values[index], 0), 255) }
        }
        return ResampledImage(width: region.width, height: region.height, channels: channels, values: result, maximumSampleValue: 255)
    }
}

extension ResampleCoefficients {
    /// The most output rows whose taps overlap while input rows arrive in order: a ring of this
    /// many rows holds every unfinished output row (row y and y + n never overlap).
    var simultaneousOutputs: Int {
        var most = 1
        for row in 0..<outputSize {
            let end = starts[row] + counts[row]
            var next = row + 1
            while next < outputSize && starts[next] < end { next += 1 }
            most = max(most, next - row)
        }
        return most
    }
}
