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
                bits = bits << 8 | UInt64(byte)
            } else {
                bits <<= 8
                paddingBitCount += 8
            }
            bitCount += 8
        }
    }

    /// Decodes one Huffman-coded difference category, then its extra bits: the signed
    /// difference of T.81 H.1.2.2 (category 16 has no extra bits and means 32768).
    /// `lookup` is the table's `HuffmanTable.lookup`; `tables[index]` is needed only for long codes.
    /// - Throws: `corruptPixelData` for a bit pattern that is no code of the table.
    @inline(__always)
    mutating func decodeDifference(
        lookup: UnsafePointer<UInt16>, tables: borrowing [HuffmanTable], index: Int
    ) throws(JPEGLosslessError) -> Int32 {
        if bitCount < 32 { refill() }
        let peek = Int(truncatingIfNeeded: bits >> UInt64(bitCount - HuffmanTable.lookupBits)) & (1 << HuffmanTable.lookupBits - 1)
        let entry = lookup[peek]
        let category: Int
        if entry != 0 {
            bitCount -= Int(entry >> 8)
            category = Int(entry & 0xFF)
        } else {
            category = try decodeLongCode(tables[index])
        }
        switch category {
        case 0:
            return 0
        case 16:
            return 32768
        default:
            let raw = Int32(truncatingIfNeeded: bits >> UInt64(bitCount - category)) & (Int32(1) << category - 1)
            bitCount -= category
            // T.81 F.2.2.1 EXTEND: a leading 0 bit means a negative difference.
            return raw < Int32(1) << (category - 1) ? raw - (Int32(1) << category) + 1 : raw
        }
    }

    /// The codes longer than the lookup (T.81 F.2.2.3 DECODE, from length `lookupBits + 1`).
    private mutating func decodeLongCode(_ table: borrowing HuffmanTable) throws(JPEGLosslessError) -> Int {
        for length in (HuffmanTable.lookupBits + 1)...16 {
            let code = Int32(truncatingIfNeeded: bits >> UInt64(bitCount - length)) & (Int32(1) << length - 1)
            if code <= table.maximumCode[length] {
                let index = Int(table.valueOffset[length] + code)
                guard table.values.indices.contains(index) else { break }
                bitCount -= length
                return Int(table.values[index])
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
