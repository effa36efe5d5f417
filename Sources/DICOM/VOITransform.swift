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

    /// Maps every modality value in `values` to 0…1 in place, then to 1 − y when `inverts`
    /// (MONOCHROME1). The case is chosen once per frame, so each loop is one formula.
    func apply(to values: UnsafeMutableBufferPointer<Float>, inverts: Bool) {
        switch self {
        case .lookupTable(let table):
            Self.map(values, inverts: inverts) { Double(table.entry(for: $0)) / table.maximumEntry }
        case .window(let center, let width, .linear):
            let lower = center - 0.5 - (width - 1) / 2
            let upper = center - 0.5 + (width - 1) / 2
            Self.map(values, inverts: inverts) { value in
                if value <= lower { return 0 }
                if value > upper { return 1 }
                return (value - (center - 0.5)) / (width - 1) + 0.5
            }
        case .window(let center, let width, .linearExact):
            Self.map(values, inverts: inverts) { value in
                if value <= center - width / 2 { return 0 }
                if value > center + width / 2 { return 1 }
                return (value - center) / width + 0.5
            }
        case .window(let center, let width, .sigmoid):
            Self.map(values, inverts: inverts) { 1 / (1 + exp(-4 * ($0 - center) / width)) }
        case .configuredWindow(let center, let width):
            Self.map(values, inverts: inverts) { min(max(($0 - (center - width / 2)) / width, 0), 1) }
        case .minMax(let lowest, let highest):
            Self.map(values, inverts: inverts) { highest > lowest ? ($0 - lowest) / (highest - lowest) : 0 }
        }
    }

    /// One pass of `intensity` over the buffer, in Double as every formula above is defined.
    @inline(__always)
    private static func map(_ values: UnsafeMutableBufferPointer<Float>, inverts: Bool, _ intensity: (Double) -> Double) {
        for index in values.indices {
            let value = intensity(Double(values[index]))
            values[index] = Float(inverts ? 1 - value : value)
        }
    }
}
