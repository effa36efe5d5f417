extension Resizer {
    /// Decodes the JPEG `data` with `decoder` and resamples it exactly as
    /// `resize(decoder.decode(data), width:height:keeping:)` would, but row by row: each decoded
    /// row is added into the output rows that use it as it arrives, so the decoded image never
    /// exists in memory (peak: one row plus `region.height` × decoded width × channels Float32).
    ///
    /// The arithmetic and its order are those of the whole-image path, so results are identical.
    /// EXIF orientations other than 1 (when `decoder.appliesOrientation`) need the whole image and
    /// take that path.
    ///
    /// - Throws: `ImageError`, as `JPEGDecoder.decode`.
    public func resize(jpeg data: [UInt8], decoder: JPEGDecoder, width: Int, height: Int, keeping region: Region) throws(ImageError)
        -> ResampledImage
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
        let coefficients = ResampleCoefficients(inputSize: info.outputHeight, outputSize: height, filter: filter)
            .slice(region.y..<region.y + region.height)
        var columns = [Float](repeating: 0, count: region.height * rowLength)
        var firstActive = 0
        try columns.withUnsafeMutableBufferPointer { (output) throws(ImageError) in
            guard let destination = output.baseAddress else { return }
            try coefficients.weights.withUnsafeBufferPointer { (weights) throws(ImageError) in
                try NativeCodecs.decodeJPEGRows(data, scaleDenominator: decoder.scale.rawValue, expected: info) { row, index in
                    guard let line = row.baseAddress else { return }
                    // Output rows whose taps end before this row are complete; starts and ends
                    // never decrease, so the rows using `index` are a contiguous run from firstActive.
                    while firstActive < coefficients.outputSize
                        && coefficients.starts[firstActive] + coefficients.counts[firstActive] <= index
                    {
                        firstActive += 1
                    }
                    var outputRow = firstActive
                    while outputRow < coefficients.outputSize && coefficients.starts[outputRow] <= index {
                        let tap = index - coefficients.starts[outputRow]
                        if tap < coefficients.counts[outputRow] {
                            Self.accumulate(
                                line, weight: weights[outputRow * coefficients.kernelSize + tap], count: rowLength,
                                into: destination + outputRow * rowLength)
                        }
                        outputRow += 1
                    }
                }
            }
        }
        let values = horizontalPass(columns, inputWidth: info.outputWidth, channels: channels, width: width, region: region, maximum: 255)
        return ResampledImage(width: region.width, height: region.height, channels: channels, values: values, maximumSampleValue: 255)
    }
}
