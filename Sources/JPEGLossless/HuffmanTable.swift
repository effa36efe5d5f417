/// One lossless (class 0) Huffman table from a DHT segment, ready for table-driven decoding.
///
/// Codes of up to `lookupBits` bits resolve with one lookup — with their extra bits too when
/// code and extra bits fit in `lookupBits` (most differences of a smooth image) — and longer ones
/// (rare: the long codes belong to the large differences) walk the per-length `maximumCode`
/// list of T.81 F.2.2.3.
struct HuffmanTable: Sendable {
    /// 2^11 four-byte entries (8 KiB per table) stay in the L1 cache.
    static let lookupBits = 11
    /// Set in an entry that holds the whole difference.
    static let resolved: Int32 = 0x20

    /// Indexed by the next `lookupBits` bits: 0 when the code is longer; otherwise the bits to
    /// consume in bits 0–4, and either `resolved` with the signed difference from bit 8 (code
    /// and extra bits), or the category (SSSS) from bit 8 (the code only; its extra bits follow).
    private(set) var lookup: [Int32]
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
        lookup = [Int32](repeating: 0, count: 1 << Self.lookupBits)
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
                        let category = Int(values[Int(index + offset)])
                        let first = Int(code + offset) << shift
                        for slot in first..<(first + (1 << shift)) {
                            // The bits after the code within this slot's index.
                            let following = Int32(slot & (1 << shift - 1))
                            if category == 0 || category == 16 {
                                lookup[slot] = (category == 0 ? 0 : 32768) << 8 | Self.resolved | Int32(length)
                            } else if category <= shift {
                                let extra = following >> (shift - category)
                                lookup[slot] =
                                    Self.difference(extra: extra, category: category) << 8 | Self.resolved | Int32(length + category)
                            } else {
                                lookup[slot] = Int32(category) << 8 | Int32(length)
                            }
                        }
                    }
                }
                code += count
                maximumCode[length] = code - 1
                index += count
            }
            code <<= 1
        }
    }

    /// The difference that category `category` (1…15) and its `extra` bits code: T.81 F.2.2.1
    /// EXTEND, where a leading 0 bit means a negative difference.
    @inline(__always)
    static func difference(extra: Int32, category: Int) -> Int32 {
        extra < Int32(1) &<< (category - 1) ? extra - (Int32(1) &<< category) + 1 : extra
    }
}
