/// The Modality LUT or rescale (PS3.3 C.11.1): stored value → modality value, kept as Float32.
enum ModalityTransform: Sendable {
    /// The Modality LUT Sequence's first LUT (inputs outside it clamp to its first/last entry).
    case lookupTable(LookupTable)
    /// RescaleSlope × stored + RescaleIntercept, in Double, then rounded to Float32.
    case rescale(slope: Double, intercept: Double)

    /// The modality value of every stored value, in one pass that also folds their `range`.
    /// The values are written in place (not appended one by one as by `Array.map`); the case is
    /// chosen once, so each loop is one formula.
    func values(of stored: [Int32], range: inout ModalityRange) -> [Float] {
        switch self {
        case .lookupTable(let table): Self.map(stored, range: &range) { Float(table.entry(for: Double($0))) }
        case .rescale(let slope, let intercept): Self.map(stored, range: &range) { Float(Double($0) * slope + intercept) }
        }
    }

    @inline(__always)
    private static func map(_ stored: [Int32], range: inout ModalityRange, _ modality: (Int32) -> Float) -> [Float] {
        [Float](unsafeUninitializedCapacity: stored.count) { output, initialized in
            stored.withUnsafeBufferPointer { input in
                for index in input.indices {
                    let value = modality(input[index])
                    output[index] = value
                    range.include(value)
                }
            }
            initialized = stored.count
        }
    }
}

/// The lowest and highest modality value of a frame and how many are not finite (a slope or LUT
/// can overflow Float32: such a frame has no meaningful intensities).
struct ModalityRange: Sendable {
    var lowest = Float.infinity
    var highest = -Float.infinity
    var nonFiniteCount = 0

    /// Folds in the next value. The order matters only between +0 and −0 (`min` keeps the first
    /// of equal values, `max` the last), so every path folds a frame in its sample order.
    @inline(__always)
    mutating func include(_ value: Float) {
        lowest = min(lowest, value)
        highest = max(highest, value)
        nonFiniteCount += value.isFinite ? 0 : 1
    }
}
