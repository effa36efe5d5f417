/// Parses data elements over a byte buffer (PS3.5 7.1–7.5): explicit or implicit VR, little
/// endian, defined and undefined lengths, sequences and items at any depth up to the limit.
///
/// Every length is checked against the bytes that remain before it is used, so nothing reads
/// past the buffer and nothing is allocated from a length alone.
struct DataSetParser {
    let bytes: [UInt8]
    let limits: DICOMLimits
    /// Elements parsed so far in the whole file, nested and private ones included.
    private(set) var elementCount = 0

    private static let undefinedLength = UInt32.max

    init(bytes: [UInt8], limits: DICOMLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// Where a run of elements ends.
    enum Stop {
        /// At `end` exactly (a defined length or the end of the file).
        case at(Int)
        /// At an item delimitation item (an undefined-length item).
        case itemDelimiter
        /// Before the first element outside `group` (the File Meta Information).
        case groupEnd(UInt16)
        /// Before (7FE0,0010) Pixel Data, or at the end of the bytes (a header read).
        case pixelData
    }

    /// Parses elements from `cursor` until `stop`; `cursor` ends after the last byte consumed.
    mutating func parseElements(
        from cursor: inout Int, until stop: Stop, explicitVR: Bool, depth: Int
    ) throws(DICOMError) -> DataSet {
        guard depth <= limits.maximumDepth else {
            throw .tooComplex(detail: "sequences nest deeper than \(limits.maximumDepth) levels")
        }
        let end: Int
        switch stop {
        case .at(let position): end = position
        case .itemDelimiter, .groupEnd, .pixelData: end = bytes.count
        }
        var elements: [DataElement] = []
        var privateCount = 0
        while cursor < end {
            guard end - cursor >= 8 else { throw .truncated(detail: "an element header at offset \(cursor) is cut short") }
            let tag = DICOMTag(readUInt16(cursor), readUInt16(cursor + 2))
            if case .groupEnd(let group) = stop, tag.group != group { break }
            if case .pixelData = stop, tag >= .pixelData { break }
            if tag == .itemDelimitation {
                guard case .itemDelimiter = stop else { throw .corrupt(detail: "an item delimiter at offset \(cursor) outside an item") }
                cursor += 8
                return DataSet(bytes: bytes, elements: elements, privateElementCount: privateCount)
            }
            let element = try parseElement(at: &cursor, end: end, tag: tag, explicitVR: explicitVR, depth: depth)
            if tag.isPrivate { privateCount += 1 } else { elements.append(element) }
        }
        if case .itemDelimiter = stop { throw .truncated(detail: "an undefined-length item has no delimiter") }
        return DataSet(bytes: bytes, elements: elements, privateElementCount: privateCount)
    }

    private mutating func parseElement(
        at cursor: inout Int, end: Int, tag: DICOMTag, explicitVR: Bool, depth: Int
    ) throws(DICOMError) -> DataElement {
        elementCount += 1
        guard elementCount <= limits.maximumElementCount else {
            throw .tooComplex(detail: "more than \(limits.maximumElementCount) elements")
        }
        if tag.group == 0xFFFE { throw .corrupt(detail: "\(tag) at offset \(cursor) where an element belongs") }
        let vr: ValueRepresentation
        let length: UInt32
        if explicitVR {
            guard let explicit = ValueRepresentation(bytes[cursor + 4], bytes[cursor + 5]) else {
                throw .corrupt(detail: "\(tag) at offset \(cursor) has no valid VR")
            }
            vr = explicit
            if vr.hasLongLength {
                guard end - cursor >= 12 else { throw .truncated(detail: "the header of \(tag) is cut short") }
                length = readUInt32(cursor + 8)
                cursor += 12
            } else {
                length = UInt32(readUInt16(cursor + 6))
                cursor += 8
            }
        } else {
            vr = ValueRepresentation.implicit(for: tag)
            length = readUInt32(cursor + 4)
            cursor += 8
        }
        let start = cursor
        if length == Self.undefinedLength {
            if tag == .pixelData {
                let fragments = try parseFragments(at: &cursor, end: end)
                return DataElement(tag: tag, vr: vr, valueRange: start..<cursor, items: [], fragments: fragments)
            }
            // PS3.5 6.2.2: an undefined-length UN holds a sequence in implicit VR little endian.
            guard vr == .SQ || vr == .UN else { throw .corrupt(detail: "\(tag) (\(vr)) has an undefined length") }
            let items = try parseItems(at: &cursor, until: nil, end: end, explicitVR: vr == .SQ && explicitVR, depth: depth)
            return DataElement(tag: tag, vr: .SQ, valueRange: start..<cursor, items: items, fragments: nil)
        }
        guard Int(length) <= end - cursor else {
            throw .truncated(detail: "\(tag) has a length of \(length) bytes, past the end at offset \(end)")
        }
        cursor += Int(length)
        if vr == .SQ {
            var itemCursor = start
            let items = try parseItems(at: &itemCursor, until: cursor, end: cursor, explicitVR: explicitVR, depth: depth)
            return DataElement(tag: tag, vr: vr, valueRange: start..<cursor, items: items, fragments: nil)
        }
        return DataElement(tag: tag, vr: vr, valueRange: start..<cursor, items: [], fragments: nil)
    }

    /// The items of a sequence, up to `definedEnd` or, for an undefined length, its delimiter.
    private mutating func parseItems(
        at cursor: inout Int, until definedEnd: Int?, end: Int, explicitVR: Bool, depth: Int
    ) throws(DICOMError) -> [DataSet] {
        var items: [DataSet] = []
        while true {
            if let definedEnd, cursor == definedEnd { return items }
            guard end - cursor >= 8 else { throw .truncated(detail: "a sequence is cut short at offset \(cursor)") }
            let tag = DICOMTag(readUInt16(cursor), readUInt16(cursor + 2))
            let length = readUInt32(cursor + 4)
            cursor += 8
            if tag == .sequenceDelimitation {
                guard definedEnd == nil else { throw .corrupt(detail: "a sequence delimiter inside a defined-length sequence") }
                return items
            }
            guard tag == .item else { throw .corrupt(detail: "\(tag) at offset \(cursor - 8) where a sequence item belongs") }
            if length == Self.undefinedLength {
                items.append(try parseElements(from: &cursor, until: .itemDelimiter, explicitVR: explicitVR, depth: depth + 1))
            } else {
                guard Int(length) <= end - cursor else {
                    throw .truncated(detail: "an item has a length of \(length) bytes, past the end at offset \(end)")
                }
                let itemEnd = cursor + Int(length)
                items.append(try parseElements(from: &cursor, until: .at(itemEnd), explicitVR: explicitVR, depth: depth + 1))
                guard cursor == itemEnd else { throw .corrupt(detail: "an item's elements overrun its length") }
            }
        }
    }

    /// The item values of encapsulated pixel data (PS3.5 A.4), the Basic Offset Table first.
    private func parseFragments(at cursor: inout Int, end: Int) throws(DICOMError) -> [Range<Int>] {
        var fragments: [Range<Int>] = []
        while true {
            guard end - cursor >= 8 else { throw .truncated(detail: "the encapsulated pixel data is cut short at offset \(cursor)") }
            let tag = DICOMTag(readUInt16(cursor), readUInt16(cursor + 2))
            let length = readUInt32(cursor + 4)
            cursor += 8
            if tag == .sequenceDelimitation { break }
            guard tag == .item else { throw .corrupt(detail: "\(tag) at offset \(cursor - 8) among pixel data fragments") }
            guard length != Self.undefinedLength, Int(length) <= end - cursor else {
                throw .truncated(detail: "a pixel data fragment has a length of \(length) bytes, past the end at offset \(end)")
            }
            fragments.append(cursor..<cursor + Int(length))
            cursor += Int(length)
        }
        guard !fragments.isEmpty else { throw .corrupt(detail: "encapsulated pixel data without a Basic Offset Table item") }
        return fragments
    }

    func readUInt16(_ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    func readUInt32(_ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
