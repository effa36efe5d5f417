/// Finds one frame's fragments in encapsulated pixel data (PS3.5 A.4): through the Extended
/// Offset Table (7FE0,0001) or the Basic Offset Table when present, else one fragment per
/// frame when the counts agree, else at fragments that start a codestream (JPEG SOI, JPEG
/// 2000 SOC).
enum EncapsulatedFrames {
    /// The compressed bytes of frame `index`: a slice of the file for a one-fragment frame, the
    /// fragments joined otherwise.
    ///
    /// - Throws: `DICOMError.corrupt` when the tables and fragments disagree.
    static func frame(_ index: Int, of element: DataElement, in dataSet: DataSet, frameCount: Int) throws(DICOMError) -> ArraySlice<UInt8> {
        guard let fragments = element.fragments, fragments.count > 1 else {
            throw .corrupt(detail: "encapsulated pixel data without fragments")
        }
        let bytes = dataSet.bytes
        let items = fragments.dropFirst()
        let frameItems: ArraySlice<Range<Int>>
        if let offsets = try offsets(basicTable: fragments[0], in: dataSet) {
            guard offsets.count == frameCount else {
                throw .corrupt(detail: "the offset table lists \(offsets.count) frames, Number of Frames is \(frameCount)")
            }
            // Offsets count from the first byte of the first fragment's item tag.
            let origin = items[items.startIndex].lowerBound - 8
            let start = offsets[index]
            let end = index + 1 < offsets.count ? offsets[index + 1] : UInt64.max
            frameItems = items.filter { UInt64($0.lowerBound - 8 - origin) >= start && UInt64($0.lowerBound - 8 - origin) < end }[...]
        } else if frameCount == 1 {
            frameItems = items
        } else if items.count == frameCount {
            frameItems = items[items.startIndex + index...items.startIndex + index]
        } else {
            let starts = items.indices.filter { Self.startsCodestream(bytes[items[$0]]) }
            guard starts.count == frameCount, starts.first == items.startIndex else {
                throw .corrupt(detail: "\(items.count) fragments cannot be split into \(frameCount) frames without an offset table")
            }
            let end = index + 1 < starts.count ? starts[index + 1] : items.endIndex
            frameItems = items[starts[index]..<end]
        }
        guard let first = frameItems.first else { throw .corrupt(detail: "frame \(index) has no fragments") }
        if frameItems.count == 1 { return bytes[first] }
        var joined: [UInt8] = []
        joined.reserveCapacity(frameItems.reduce(0) { $0 + $1.count })
        for item in frameItems { joined.append(contentsOf: bytes[item]) }
        return joined[...]
    }

    /// The Extended Offset Table's 64-bit offsets, else the Basic Offset Table's 32-bit ones;
    /// nil when both are empty.
    private static func offsets(basicTable: Range<Int>, in dataSet: DataSet) throws(DICOMError) -> [UInt64]? {
        let bytes = dataSet.bytes
        if let extended = dataSet.value(.extendedOffsetTable), !extended.isEmpty {
            guard extended.count % 8 == 0 else { throw .corrupt(detail: "the Extended Offset Table is not a list of 64-bit offsets") }
            return stride(from: extended.startIndex, to: extended.endIndex, by: 8).map { start in
                (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[start + $1]) << (8 * UInt64($1)) }
            }
        }
        guard !basicTable.isEmpty else { return nil }
        guard basicTable.count % 4 == 0 else { throw .corrupt(detail: "the Basic Offset Table is not a list of 32-bit offsets") }
        return stride(from: basicTable.lowerBound, to: basicTable.upperBound, by: 4).map { start in
            (0..<4).reduce(UInt64(0)) { $0 | UInt64(bytes[start + $1]) << (8 * UInt64($1)) }
        }
    }

    /// Whether a fragment begins a JPEG (SOI) or JPEG 2000 (SOC + SIZ) codestream.
    private static func startsCodestream(_ fragment: ArraySlice<UInt8>) -> Bool {
        fragment.starts(with: [0xFF, 0xD8]) || fragment.starts(with: [0xFF, 0x4F, 0xFF, 0x51])
    }
}
