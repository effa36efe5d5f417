#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The value of interest transformation (PS3.3 C.11.2) from modality values to 0…1.
enum VOITransform: Sendable {
    /// VOI LUT Function (0028,1056): how a window maps values.
    enum Function: String, Sendable {
        case linear = "LINEAR"
        case linearExact = "LINEAR_EXACT"
        case sigmoid = "SIGMOID"
    }

    /// The first VOI LUT of the VOI LUT Sequence; output / (2^bits − 1).
    case lookupTable(LookupTable)
    /// A window (C.11.2.1.2 for LINEAR and SIGMOID, C.11.2.1.3 for LINEAR_EXACT).
    case window(center: Double, width: Double, function: Function)
    /// A window given by the model configuration: 0 at center − width/2, 1 at center + width/2.
    case configuredWindow(center: Double, width: Double)
    /// The frame's own range: lowest → 0, highest → 1; a constant frame → 0.
    case minMax(lowest: Double, highest: Double)

    /// Maps one modality value to 0…1.
    @inline(__always)
    func apply(_ value: Double) -> Double {
        switch self {
        case .lookupTable(let table):
            return Double(table.entry(for: value)) / table.maximumEntry
        case .window(let center, let width, .linear):
            let lower = center - 0.5 - (width - 1) / 2
            let upper = center - 0.5 + (width - 1) / 2
            if value <= lower { return 0 }
            if value > upper { return 1 }
            return (value - (center - 0.5)) / (width - 1) + 0.5
        case .window(let center, let width, .linearExact):
            if value <= center - width / 2 { return 0 }
            if value > center + width / 2 { return 1 }
            return (value - center) / width + 0.5
        case .window(let center, let width, .sigmoid):
            return 1 / (1 + exp(-4 * (value - center) / width))
        case .configuredWindow(let center, let width):
            return min(max((value - (center - width / 2)) / width, 0), 1)
        case .minMax(let lowest, let highest):
            return highest > lowest ? (value - lowest) / (highest - lowest) : 0
        }
    }
}
