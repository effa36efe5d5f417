/// Reads the entropy-coded segment of a scan bit by bit: removes the stuffed zero after each
/// 0xFF (T.81 F.1.2.3) and stops at the first marker or at the end of the buffer.
///
/// Past that point it supplies zero bits, as libjpeg does, but counts them: a decoder that
/// consumed any (`hasReadPastData`) decoded samples the codestream does not hold.
struct EntropyReader {
    /// Why the reader stopped taking bytes from the buffer.
    enum Stop: Equatable {
        case notYet
        /// A marker (0xFF followed by neither 0x00 nor 0xFF) begins at `position`.
        case marker
        /// The buffer ended.
        case endOfData
    }

    let bytes: UnsafeRawBufferPointer
    /// The next byte not yet taken into `bits`.
    private(set) var position: Int
    private(set) var stop = Stop.notYet
    /// The buffered bits, right-aligned; only the low `bitCount` bits are meaningful.
    private var bits: UInt64 = 0
    private var bitCount = 0
    /// How many of the low buffered bits are zeros supplied after the data stopped.
    private var paddingBitCount = 0

    init(_ bytes: UnsafeRawBufferPointer, position: Int) {
        self.bytes = bytes
        self.position = position
    }

    /// True once a decode consumed a zero bit supplied past the marker or the end of the buffer.
    var hasReadPastData: Bool { bitCount < paddingBitCount }

    /// Makes at least 57 bits available, with padding zeros once the data has stopped.
    @inline(__always)
    private mutating func refill() {
        // The common case in one load: the next eight bytes hold no 0xFF (no stuffing, no
        // marker), so the loop below would take the first `count` of them as they are.
        if stop == .notYet, position <= bytes.count - 8 {
            let word = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
            if !Self.holdsFF(word) {
                let count = (64 - bitCount) &>> 3  // 1…8: the bytes that bring bitCount above 56
                bits = (bits &<< (8 * count - 8)) &<< 8 | word &>> (64 - 8 * count)
                bitCount += 8 * count
                position += count
                return
            }
        }
        while bitCount <= 56 {
            if stop == .notYet {
                guard position < bytes.count else {
                    stop = .endOfData
                    continue
                }
                let byte = bytes[position]
                if byte == 0xFF {
                    guard position + 1 < bytes.count else {
                        stop = .endOfData
                        continue
                    }
                    if bytes[position + 1] != 0 {
                        // A marker, or 0xFF fill bytes before one: the scan's data ends here.
                        stop = .marker
                        continue
                    }
                    position += 2
                } else {
                    position += 1
                }
                bits = bits &<< 8 | UInt64(byte)
            } else {
                bits = bits &<< 8
                paddingBitCount += 8
            }
            bitCount += 8
        }
    }

    /// Whether any byte of `word` is 0xFF (exact per byte: no carries between bytes).
    @inline(__always)
    private static func holdsFF(_ word: UInt64) -> Bool {
        let inverted = ~word
        let low7 = UInt64(0x7F7F_7F7F_7F7F_7F7F)
        // A byte of `inverted` is zero exactly when its bit 7 stays clear here.
        let nonZero = ((inverted & low7) &+ low7) | inverted
        return nonZero & ~low7 != ~low7
    }

    /// Decodes one Huffman-coded difference category, then its extra bits: the signed
    /// difference of T.81 H.1.2.2 (category 16 has no extra bits and means 32768).
    /// `lookup` is `tables[index].lookup`, by pointer; the table itself is needed only for long codes.
    /// - Throws: `corruptPixelData` for a bit pattern that is no code of the table.
    @inline(__always)
    mutating func decodeDifference(
        lookup: UnsafePointer<Int32>, tables: borrowing [HuffmanTable], index: Int
    ) throws(JPEGLosslessError) -> Int32 {
        // From here bitCount ≥ 32 and a difference takes at most 16 + 15 bits, so every shift
        // below is by 1…63 bits: the masking shifts (&>>) are exact and need no overshift check.
        if bitCount < 32 { refill() }
        let peek = Int(truncatingIfNeeded: bits &>> (bitCount - HuffmanTable.lookupBits)) & (1 << HuffmanTable.lookupBits - 1)
        let entry = lookup[peek]
        if entry & HuffmanTable.resolved != 0 {
            bitCount -= Int(entry & 0x1F)
            return entry &>> 8
        }
        let category: Int
        if entry != 0 {
            bitCount -= Int(entry & 0x1F)
            category = Int(entry &>> 8)
        } else {
            // Out of line and by value, so the hot loop's reader can stay in registers.
            let code = try Self.longCode(bits: bits, bitCount: bitCount, table: tables[index])
            bitCount -= code.length
            category = code.category
        }
        switch category {
        case 0:
            return 0
        case 16:
            return 32768
        default:
            let extra = Int32(truncatingIfNeeded: bits &>> (bitCount - category)) & (Int32(1) &<< category - 1)
            bitCount -= category
            return HuffmanTable.difference(extra: extra, category: category)
        }
    }

    /// The code longer than the lookup at the top of the `bitCount` buffered `bits` (T.81 F.2.2.3
    /// DECODE, from length `lookupBits + 1`): its length and symbol.
    @inline(never)
    private static func longCode(
        bits: UInt64, bitCount: Int, table: borrowing HuffmanTable
    ) throws(JPEGLosslessError) -> (length: Int, category: Int) {
        for length in (HuffmanTable.lookupBits + 1)...16 {
            let code = Int32(truncatingIfNeeded: bits &>> (bitCount - length)) & (Int32(1) &<< length - 1)
            if code <= table.maximumCode[length] {
                let index = Int(table.valueOffset[length] + code)
                guard table.values.indices.contains(index) else { break }
                return (length, Int(table.values[index]))
            }
        }
        throw .corruptPixelData(detail: "a Huffman code matches no entry of its table")
    }

    /// Drops the buffered bits (the 1-bit padding before a marker) and returns the position of
    /// the bytes after them: a restart or the next marker is expected there.
    mutating func finishSegment() -> Int {
        bits = 0
        bitCount = 0
        paddingBitCount = 0
        return position
    }

    /// Starts reading again at `position` (after a restart marker).
    mutating func restart(at position: Int) {
        self.position = position
        stop = .notYet
        bits = 0
        bitCount = 0
        paddingBitCount = 0
    }
}
