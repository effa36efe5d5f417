/// One lossless (class 0) Huffman table from a DHT segment, ready for table-driven decoding.
///
/// Codes of up to `lookupBits` bits resolve with one lookup; longer ones (rare: the long codes
/// belong to the large differences) walk the per-length `maximumCode` list of T.81 F.2.2.3.
struct HuffmanTable: Sendable {
    static let lookupBits = 9

    /// Indexed by the next `lookupBits` bits: `length << 8 | value`, or 0 when the code is longer.
    private(set) var lookup: [UInt16]
    /// For each code length 1…16 the largest code of that length, or -1 when there is none.
    private(set) var maximumCode: [Int32]
    /// For each code length, the index in `values` of its first code minus that code.
    private(set) var valueOffset: [Int32]
    /// The symbols (SSSS difference categories 0…16) in code order.
    private(set) var values: [UInt8]

    /// Builds the table from the DHT counts (`counts[l-1]` codes of length l) and symbols.
    /// - Throws: `corruptPixelData` when the counts overflow the code space (T.81 C.2) or a
    ///   symbol is not a lossless difference category (0…16).
    init(counts: [Int], values: [UInt8]) throws(JPEGLosslessError) {
        precondition(counts.count == 16 && counts.reduce(0, +) == values.count)
        if let invalid = values.first(where: { $0 > 16 }) {
            throw .corruptPixelData(detail: "a lossless Huffman table holds the category \(invalid) (at most 16)")
        }
        self.values = values
        lookup = [UInt16](repeating: 0, count: 1 << Self.lookupBits)
        maximumCode = [Int32](repeating: -1, count: 17)
        valueOffset = [Int32](repeating: 0, count: 17)
        var code: Int32 = 0
        var index: Int32 = 0
        for length in 1...16 {
            let count = Int32(counts[length - 1])
            if count > 0 {
                valueOffset[length] = index - code
                // As lenient as libjpeg: the all-ones code T.81 reserves is accepted, more is corrupt.
                guard code + count <= (Int32(1) << length) else {
                    throw .corruptPixelData(detail: "a Huffman table overflows its code space at length \(length)")
                }
                if length <= Self.lookupBits {
                    let shift = Self.lookupBits - length
                    for offset in 0..<count {
                        let entry = UInt16(length) << 8 | UInt16(values[Int(index + offset)])
                        let first = Int(code + offset) << shift
                        for slot in first..<(first + (1 << shift)) { lookup[slot] = entry }
                    }
                }
                code += count
                maximumCode[length] = code - 1
                index += count
            }
            code <<= 1
        }
    }
}
