/// An image as Float32 samples on the decoder's scale (0…255 or 0…65535), channels
/// interleaved (HWC): the resizer's output and the tensor encoder's input.
public struct ResampledImage: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// 1 (gray) or 3 (RGB).
    public let channels: Int
    /// width × height × channels values, row by row, clamped to 0…maximumSampleValue.
    public let values: [Float]
    /// Full intensity of the source samples: 255 or 65535.
    public let maximumSampleValue: Float

    /// Creates an image; `values.count` must equal width × height × channels (checked).
    public init(width: Int, height: Int, channels: Int, values: [Float], maximumSampleValue: Float) {
        precondition(values.count == width * height * channels, "value count mismatch")
        self.width = width
        self.height = height
        self.channels = channels
        self.values = values
        self.maximumSampleValue = maximumSampleValue
    }
}

/// Antialiased resampling with Pillow's `Image.resize` arithmetic (separable filters, weights
/// normalised per output sample, centre `(x + 0.5) × scale`), computed in Float32 without
/// Pillow's 8-bit rounding between the two passes.
///
/// Against Pillow's 8-bit output the difference is at most about one grey level (Pillow's two
/// roundings); docs/imaging.md gives the measured bound.
public struct Resizer: Sendable {
    /// The filter; Pillow's BILINEAR by default (the model's preprocessing).
    public var filter: ResampleFilter

    /// Creates a resizer.
    public init(filter: ResampleFilter = .bilinear) {
        self.filter = filter
    }

    /// A rectangle of a resized image, in its pixels: what `resize(_:width:height:keeping:)` computes.
    public struct Region: Sendable, Equatable {
        /// Left column and top row.
        public var x: Int
        public var y: Int
        /// Size in pixels (at least 1).
        public var width: Int
        public var height: Int

        /// Creates a region.
        public init(x: Int, y: Int, width: Int, height: Int) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
    }

    /// Resamples `image` to `width` × `height` (both at least 1).
    public func resize(_ image: DecodedImage, width: Int, height: Int) -> ResampledImage {
        resize(image, width: width, height: height, keeping: Region(x: 0, y: 0, width: width, height: height))
    }

    /// Resamples `image` as if to `width` × `height`, but computes only `region` of that result
    /// (a centre crop without a full-size intermediate): the values equal the same pixels of
    /// the full resize, because each output sample depends only on its own coefficients.
    ///
    /// `region` must lie inside `width` × `height` (checked).
    public func resize(_ image: DecodedImage, width: Int, height: Int, keeping region: Region) -> ResampledImage {
        precondition(width > 0 && height > 0, "target size must be positive")
        precondition(
            region.x >= 0 && region.y >= 0 && region.width > 0 && region.height > 0 && region.x + region.width <= width
                && region.y + region.height <= height, "region must lie inside the resized image")
        let source = Source(width: image.width, height: image.height, channels: image.channels, maximum: image.maximumSampleValue)
        let values: [Float]
        switch image.samples {
        case .eightBit(let samples):
            values = resample(samples, image: source, width: width, height: height, region: region)
        case .sixteenBit(let samples):
            values = resample(samples, image: source, width: width, height: height, region: region)
        }
        return ResampledImage(
            width: region.width, height: region.height, channels: image.channels, values: values,
            maximumSampleValue: image.maximumSampleValue)
    }

    /// Resamples a float image (a DICOM frame after its VOI, on 0…1) like Pillow's mode "F"
    /// resize, computing only `region` of the `width` × `height` result; `region` must lie
    /// inside it (checked).
    public func resize(_ image: ResampledImage, width: Int, height: Int, keeping region: Region) -> ResampledImage {
        precondition(width > 0 && height > 0, "target size must be positive")
        precondition(
            region.x >= 0 && region.y >= 0 && region.width > 0 && region.height > 0 && region.x + region.width <= width
                && region.y + region.height <= height, "region must lie inside the resized image")
        let source = Source(width: image.width, height: image.height, channels: image.channels, maximum: image.maximumSampleValue)
        let values = resample(image.values, image: source, width: width, height: height, region: region)
        return ResampledImage(
            width: region.width, height: region.height, channels: image.channels, values: values,
            maximumSampleValue: image.maximumSampleValue)
    }

    /// The size, channels and full intensity of what is resampled, whatever its sample type.
    private struct Source {
        var width: Int
        var height: Int
        var channels: Int
        var maximum: Float
    }

    private func resample<Sample: ResampleSample>(
        _ samples: [Sample], image: Source, width: Int, height: Int, region: Region
    ) -> [Float] {
        let channels = image.channels
        let inputRowLength = image.width * channels
        // Vertical first: it is a weighted sum of whole rows, which vectorises over contiguous
        // memory; the horizontal pass then only runs on `height` rows. The passes commute
        // exactly in real arithmetic, so this order does not change the result beyond Float32 rounding.
        var columns = [Float](repeating: 0, count: region.height * inputRowLength)
        samples.withUnsafeBufferPointer { input in
            columns.withUnsafeMutableBufferPointer { output in
                if height == image.height && region.height == height {
                    for index in 0..<input.count { output[index] = input[index].floatValue }
                } else {
                    let coefficients = ResampleCoefficients(inputSize: image.height, outputSize: height, filter: filter)
                        .slice(region.y..<region.y + region.height)
                    Self.resampleRows(input, rowLength: inputRowLength, coefficients: coefficients, into: output)
                }
            }
        }
        return horizontalPass(
            columns, inputWidth: image.width, channels: channels, width: width, region: region, maximum: image.maximum)
    }

    /// The second pass over the vertical pass's `region.height` rows of `inputWidth` pixels, then
    /// the clamp to 0…maximum.
    func horizontalPass(_ columns: [Float], inputWidth: Int, channels: Int, width: Int, region: Region, maximum: Float) -> [Float] {
        var result: [Float]
        if width == inputWidth && region.width == width {
            result = columns
        } else {
            let coefficients = ResampleCoefficients(inputSize: inputWidth, outputSize: width, filter: filter)
                .slice(region.x..<region.x + region.width)
            result = [Float](repeating: 0, count: region.height * region.width * channels)
            columns.withUnsafeBufferPointer { input in
                result.withUnsafeMutableBufferPointer { output in
                    Self.resampleColumns(
                        input, rows: region.height, inputWidth: inputWidth, channels: channels, coefficients: coefficients, into: output)
                }
            }
        }
        // Bicubic overshoots at edges; Pillow clips to the sample range, and so do we.
        result.withUnsafeMutableBufferPointer { values in
            for index in values.indices { values[index] = min(max(values[index], 0), maximum) }
        }
        return result
    }

    // The two kernels below are the only pointer code outside NativeCodecs: unaligned SIMD
    // loads need addresses, and bounds checks in the innermost loops would cost more than the
    // arithmetic. Every index is derived from ResampleCoefficients, whose taps lie inside the input.

    /// output row y = Σ weight(y, k) × input row (start(y) + k), over whole rows.
    private static func resampleRows<Sample: ResampleSample>(
        _ input: UnsafeBufferPointer<Sample>, rowLength: Int, coefficients: ResampleCoefficients,
        into output: UnsafeMutableBufferPointer<Float>
    ) {
        guard let source = input.baseAddress, let destination = output.baseAddress else { return }
        coefficients.weights.withUnsafeBufferPointer { weights in
            for row in 0..<coefficients.outputSize {
                let out = destination + row * rowLength
                for tap in 0..<coefficients.counts[row] {
                    let line = source + (coefficients.starts[row] + tap) * rowLength
                    accumulate(line, weight: weights[row * coefficients.kernelSize + tap], count: rowLength, into: out)
                }
            }
        }
    }

    /// out[i] += weight × line[i] for i < count, eight lanes at a time.
    @inline(__always)
    static func accumulate<Sample: ResampleSample>(
        _ line: UnsafePointer<Sample>, weight: Float, count: Int, into out: UnsafeMutablePointer<Float>
    ) {
        let lanes = 8
        let vectorEnd = count - count % lanes
        let vectorWeight = SIMD8<Float>(repeating: weight)
        var column = 0
        while column < vectorEnd {
            let raw = UnsafeMutableRawPointer(out + column)
            let sum = raw.loadUnaligned(as: SIMD8<Float>.self) + vectorWeight * Sample.eightFloats(at: line + column)
            raw.storeBytes(of: sum, as: SIMD8<Float>.self)
            column += lanes
        }
        while column < count {
            out[column] += weight * line[column].floatValue
            column += 1
        }
    }

    /// output (x, c) = Σ weight(x, k) × input (start(x) + k, c), row by row.
    static func resampleColumns(
        _ input: UnsafeBufferPointer<Float>, rows: Int, inputWidth: Int, channels: Int, coefficients: ResampleCoefficients,
        into output: UnsafeMutableBufferPointer<Float>
    ) {
        let outputWidth = coefficients.outputSize
        coefficients.weights.withUnsafeBufferPointer { weights in
            coefficients.starts.withUnsafeBufferPointer { starts in
                coefficients.counts.withUnsafeBufferPointer { counts in
                    var firstRow = 0
                    if channels == 1 {
                        // Four rows at once: four independent sums per tap instead of one chain of
                        // dependent additions (each sum still adds its taps in the same order).
                        let rowLength = inputWidth
                        while firstRow + 4 <= rows {
                            let inputRow = firstRow * rowLength
                            for x in 0..<outputWidth {
                                let taps = x * coefficients.kernelSize
                                let first = inputRow + starts[x]
                                var sums = (Float(0), Float(0), Float(0), Float(0))
                                for tap in 0..<counts[x] {
                                    let weight = weights[taps + tap]
                                    sums.0 += weight * input[first + tap]
                                    sums.1 += weight * input[first + rowLength + tap]
                                    sums.2 += weight * input[first + 2 * rowLength + tap]
                                    sums.3 += weight * input[first + 3 * rowLength + tap]
                                }
                                let out = firstRow * outputWidth + x
                                output[out] = sums.0
                                output[out + outputWidth] = sums.1
                                output[out + 2 * outputWidth] = sums.2
                                output[out + 3 * outputWidth] = sums.3
                            }
                            firstRow += 4
                        }
                    }
                    for row in firstRow..<rows {
                        let inputRow = row * inputWidth * channels
                        let outputRow = row * outputWidth * channels
                        for x in 0..<outputWidth {
                            let taps = x * coefficients.kernelSize
                            let first = inputRow + starts[x] * channels
                            if channels == 3 {
                                var sum = SIMD4<Float>()
                                for tap in 0..<counts[x] {
                                    let pixel = first + tap * 3
                                    sum += weights[taps + tap] * SIMD4(input[pixel], input[pixel + 1], input[pixel + 2], 0)
                                }
                                output[outputRow + x * 3] = sum[0]
                                output[outputRow + x * 3 + 1] = sum[1]
                                output[outputRow + x * 3 + 2] = sum[2]
                            } else {
                                var sum: Float = 0
                                for tap in 0..<counts[x] { sum += weights[taps + tap] * input[first + tap] }
                                output[outputRow + x] = sum
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Sample types the resizer reads, with a vector load that widens 8 samples to Float.
protocol ResampleSample {
    static func eightFloats(at pointer: UnsafePointer<Self>) -> SIMD8<Float>
    var floatValue: Float { get }
}

extension Float: ResampleSample {
    static func eightFloats(at pointer: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }

    var floatValue: Float { self }
}

extension UInt8: ResampleSample {
    var floatValue: Float { Float(self) }

    static func eightFloats(at pointer: UnsafePointer<UInt8>) -> SIMD8<Float> {
        SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<UInt8>.self)))
    }
}

extension UInt16: ResampleSample {
    var floatValue: Float { Float(self) }

    static func eightFloats(at pointer: UnsafePointer<UInt16>) -> SIMD8<Float> {
        SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<UInt16>.self)))
    }
}
