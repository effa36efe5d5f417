/// The antialiasing filters of Pillow's `ImagingResample`, widened by the reduction factor
/// when downscaling.
public enum ResampleFilter: Sendable, Equatable {
    /// Triangle filter, support 1 (Pillow `BILINEAR`, torchvision `antialias=True` bilinear).
    case bilinear
    /// Keys cubic with a = -0.5, support 2 (Pillow `BICUBIC`).
    case bicubic

    var support: Double {
        switch self {
        case .bilinear: 1
        case .bicubic: 2
        }
    }

    func weight(_ value: Double) -> Double {
        let x = abs(value)
        switch self {
        case .bilinear:
            return x < 1 ? 1 - x : 0
        case .bicubic:
            let a = -0.5
            if x < 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
            if x < 2 { return (((x - 5) * x + 8) * x - 4) * a }
            return 0
        }
    }
}

/// One axis of a resampling: for each output index, the first input index, the number of
/// taps and their normalised weights; the same arithmetic as Pillow's `precompute_coeffs`.
struct ResampleCoefficients: Sendable {
    let outputSize: Int
    /// Row stride of `weights`: the largest possible number of taps.
    let kernelSize: Int
    let starts: [Int]
    let counts: [Int]
    let weights: [Float]

    private init(outputSize: Int, kernelSize: Int, starts: [Int], counts: [Int], weights: [Float]) {
        self.outputSize = outputSize
        self.kernelSize = kernelSize
        self.starts = starts
        self.counts = counts
        self.weights = weights
    }

    /// The coefficients of the output indices in `range` only, renumbered from 0.
    func slice(_ range: Range<Int>) -> ResampleCoefficients {
        if range == 0..<outputSize { return self }
        return ResampleCoefficients(
            outputSize: range.count, kernelSize: kernelSize, starts: Array(starts[range]), counts: Array(counts[range]),
            weights: Array(weights[range.lowerBound * kernelSize..<range.upperBound * kernelSize]))
    }

    init(inputSize: Int, outputSize: Int, filter: ResampleFilter) {
        let scale = Double(inputSize) / Double(outputSize)
        let filterScale = max(scale, 1)
        let support = filter.support * filterScale
        let kernelSize = Int(support.rounded(.up)) * 2 + 1
        var starts = [Int](repeating: 0, count: outputSize)
        var counts = [Int](repeating: 0, count: outputSize)
        var weights = [Float](repeating: 0, count: outputSize * kernelSize)
        var taps = [Double](repeating: 0, count: kernelSize)
        for index in 0..<outputSize {
            let center = (Double(index) + 0.5) * scale
            // Pillow rounds with a C cast (truncation toward zero) after adding 0.5.
            let first = max(Int(center - support + 0.5), 0)
            let end = min(Int(center + support + 0.5), inputSize)
            let count = max(end - first, 0)
            var total = 0.0
            for tap in 0..<count {
                let weight = filter.weight((Double(tap + first) - center + 0.5) / filterScale)
                taps[tap] = weight
                total += weight
            }
            for tap in 0..<count {
                weights[index * kernelSize + tap] = Float(total != 0 ? taps[tap] / total : taps[tap])
            }
            starts[index] = first
            counts[index] = count
        }
        self.outputSize = outputSize
        self.kernelSize = kernelSize
        self.starts = starts
        self.counts = counts
        self.weights = weights
    }
}
