/// A lookup table as PS3.3 C.11.1.1.1 (Modality), C.11.2.1.1 (VOI) and C.7.6.3.1.5 (Palette
/// Color) define it: a descriptor (entries, first value mapped, bits per entry) and its data.
struct LookupTable: Sendable, Equatable {
    /// The input value mapped to the first entry.
    let firstMapped: Int
    /// The entries, in 16-bit words (8-bit tables widened).
    let entries: [UInt16]
    /// Bits per entry (descriptor's third value): the output range is 0…2^bits − 1.
    let bitsPerEntry: Int

    /// Reads a table from `descriptorTag` and `dataTag` of `dataSet`.
    ///
    /// The descriptor's first value 0 means 65536 entries; its second is signed when the
    /// stored values are (`firstMappedIsSigned`), whatever VR an implicit-VR file implies.
    ///
    /// - Throws: `DICOMError.corrupt` for a malformed descriptor or data shorter than the entries.
    init(descriptor descriptorTag: DICOMTag, data dataTag: DICOMTag, in dataSet: DataSet, firstMappedIsSigned: Bool)
        throws(DICOMError)
    {
        let descriptor = dataSet.uint16Words(descriptorTag)
        guard descriptor.count == 3 else { throw .corrupt(detail: "the LUT descriptor \(descriptorTag) does not have 3 values") }
        let count = descriptor[0] == 0 ? 65_536 : Int(descriptor[0])
        let first = Int(descriptor[1])
        firstMapped = firstMappedIsSigned && first >= 0x8000 ? first - 0x10000 : first
        bitsPerEntry = Int(descriptor[2])
        guard (1...16).contains(bitsPerEntry) else {
            throw .corrupt(detail: "the LUT descriptor \(descriptorTag) gives \(bitsPerEntry) bits per entry")
        }
        guard let data = dataSet.value(dataTag) else { throw .corrupt(detail: "the LUT data \(dataTag) is missing") }
        if data.count >= 2 * count {
            let words = dataSet.uint16Words(dataTag)
            entries = Array(words.prefix(count))
        } else if data.count == count, bitsPerEntry <= 8 {
            entries = data.map { UInt16($0) }
        } else {
            throw .corrupt(detail: "the LUT data \(dataTag) has \(data.count) bytes for \(count) entries")
        }
    }

    /// The entry for `value`: inputs below the first mapped value take the first entry, those
    /// past the last take the last; fractional inputs are truncated (as pydicom indexes).
    @inline(__always)
    func entry(for value: Double) -> UInt16 {
        let offset = value - Double(firstMapped)
        if offset <= 0 { return entries[0] }
        if offset >= Double(entries.count - 1) { return entries[entries.count - 1] }
        return entries[Int(offset)]
    }

    /// 2^bits − 1: the largest entry the descriptor allows.
    var maximumEntry: Double { Double((1 << bitsPerEntry) - 1) }
}
