/// One data element: its tag, VR and where its value lies in the file's bytes.
///
/// Values are never copied out of the file: `valueRange` indexes `DataSet.bytes`, which every
/// nested dataset shares (copy-on-write, so sharing costs nothing).
public struct DataElement: Sendable {
    /// The tag.
    public let tag: DICOMTag
    /// The explicit VR, or for implicit-VR files the dictionary's (`.UN` for tags not interpreted).
    public let vr: ValueRepresentation
    /// The value's bytes in `DataSet.bytes` (for a sequence: its items, delimiters included).
    public let valueRange: Range<Int>
    /// The items of a sequence (SQ, or undefined-length UN), in order; empty otherwise.
    public let items: [DataSet]
    /// The item values of encapsulated pixel data (the Basic Offset Table first); nil for native.
    public let fragments: [Range<Int>]?
}

/// A parsed dataset: its public elements in file order, over the file's bytes.
///
/// Private elements (odd groups) are skipped safely (their lengths and nested items are checked)
/// and only counted: nothing here keeps a private value.
public struct DataSet: Sendable {
    /// The bytes every `valueRange` indexes (the inflated dataset for Deflated files).
    public let bytes: [UInt8]
    /// Elements in file order.
    public let elements: [DataElement]
    /// How many private elements were skipped at this level.
    public let privateElementCount: Int
    private let index: [DICOMTag: Int]

    init(bytes: [UInt8], elements: [DataElement], privateElementCount: Int) {
        self.bytes = bytes
        self.elements = elements
        self.privateElementCount = privateElementCount
        var index: [DICOMTag: Int] = [:]
        index.reserveCapacity(elements.count)
        // The first occurrence wins, as for pydicom: a repeated tag is a writer's bug.
        for (position, element) in elements.enumerated() where index[element.tag] == nil { index[element.tag] = position }
        self.index = index
    }

    /// The element with `tag`, if present.
    public subscript(tag: DICOMTag) -> DataElement? {
        index[tag].map { elements[$0] }
    }

    /// Whether `tag` is present with a non-empty value (or, for a sequence, at least one item).
    public func hasValue(_ tag: DICOMTag) -> Bool {
        guard let element = self[tag] else { return false }
        return element.vr == .SQ ? !element.items.isEmpty : !element.valueRange.isEmpty
    }

    /// The value's bytes, without a copy.
    public func value(_ tag: DICOMTag) -> ArraySlice<UInt8>? {
        self[tag].map { bytes[$0.valueRange] }
    }

    /// The values of a text element split at backslashes, trimmed of padding spaces and NULs.
    public func strings(_ tag: DICOMTag) -> [String] {
        guard let element = self[tag], !element.valueRange.isEmpty else { return [] }
        let text = String(decoding: bytes[element.valueRange], as: UTF8.self)
        return text.split(separator: "\\", omittingEmptySubsequences: false).map(Self.trimmingPadding)
    }

    /// `text` without leading/trailing spaces and NULs (PS3.5 6.2 padding).
    private static func trimmingPadding(_ text: Substring) -> String {
        let isPadding: (Character) -> Bool = { $0 == " " || $0 == "\0" }
        guard let first = text.firstIndex(where: { !isPadding($0) }), let last = text.lastIndex(where: { !isPadding($0) }) else {
            return ""
        }
        return String(text[first...last])
    }

    /// The first value of a text element; nil when absent or empty.
    public func string(_ tag: DICOMTag) -> String? {
        strings(tag).first.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The values of a numeric element: DS/IS text, or US/SS/UL/SL/FL/FD binary (little endian).
    ///
    /// - Throws: `DICOMError.corrupt` when the value does not parse as its VR says.
    public func numbers(_ tag: DICOMTag) throws(DICOMError) -> [Double] {
        guard let element = self[tag], !element.valueRange.isEmpty else { return [] }
        let range = element.valueRange
        // A known attribute written as UN (explicit VR, unknown to the writer) has its dictionary VR.
        let vr = element.vr == .UN ? ValueRepresentation.implicit(for: tag) : element.vr
        switch vr {
        case .DS, .IS:
            var values: [Double] = []
            for text in strings(tag) {
                guard let value = Double(text), value.isFinite else { throw .corrupt(detail: "\(tag) is not a \(vr) number") }
                values.append(value)
            }
            return values
        case .US, .OW: return words(range, size: 2).map { Double($0) }
        case .SS: return words(range, size: 2).map { Double(Int16(truncatingIfNeeded: $0)) }
        case .UL: return words(range, size: 4).map { Double($0) }
        case .SL: return words(range, size: 4).map { Double(Int32(truncatingIfNeeded: $0)) }
        case .FL: return words(range, size: 4).map { Double(Float(bitPattern: UInt32(truncatingIfNeeded: $0))) }
        case .FD: return words(range, size: 8).map { Double(bitPattern: $0) }
        default: throw .corrupt(detail: "\(tag) has VR \(vr), not a number")
        }
    }

    /// The first value of a numeric element as an integer; nil when absent or empty.
    ///
    /// - Throws: `DICOMError.corrupt` when it does not parse or is not a whole number in range.
    public func integer(_ tag: DICOMTag) throws(DICOMError) -> Int? {
        guard let value = try numbers(tag).first else { return nil }
        guard value == value.rounded(), abs(value) < 1e15 else { throw .corrupt(detail: "\(tag) is not a whole number") }
        return Int(value)
    }

    /// The first value of a numeric element; nil when absent or empty.
    ///
    /// - Throws: `DICOMError.corrupt` when it does not parse.
    public func number(_ tag: DICOMTag) throws(DICOMError) -> Double? {
        try numbers(tag).first
    }

    /// The value's little-endian 16-bit words (a trailing odd byte is ignored).
    func uint16Words(_ tag: DICOMTag) -> [UInt16] {
        guard let element = self[tag] else { return [] }
        return words(element.valueRange, size: 2).map { UInt16(truncatingIfNeeded: $0) }
    }

    /// Little-endian unsigned words of `size` bytes over `range` (a trailing partial word is ignored).
    private func words(_ range: Range<Int>, size: Int) -> [UInt64] {
        stride(from: range.lowerBound, to: range.upperBound - size + 1, by: size).map { start in
            var value: UInt64 = 0
            for byte in 0..<size { value |= UInt64(bytes[start + byte]) << (8 * byte) }
            return value
        }
    }
}
