/// Reads one frame of a multi-frame object through ranged reads, after its header
/// (``DICOMHeaderReader``): a 500 MB cine or enhanced CT costs its header and one frame, not the
/// object.
///
/// Native pixel data: frame *k* is `frameBytes` at `valueOffset + k × frameBytes` (byte-aligned
/// samples; 1-bit frames are not). Encapsulated: the Extended Offset Table (in the header) or the
/// Basic Offset Table (read after the header) gives where frame *k*'s fragments start and where
/// the next frame's do (the last frame runs to the Sequence Delimitation Item); the fragments in
/// between are joined. Without either table (or for one frame) the layout gives no frame's place:
/// ``read(_:header:limits:read:)`` answers `nil` and the caller reads the whole object.
public struct DICOMFrameReader: Sendable {
    /// One frame's bytes, read on its own, for ``DICOMImage/init(header:frame:limits:)``.
    public struct Frame: Sendable, Equatable {
        /// Its 0-based index in the object.
        public var index: Int
        /// Its bytes: the native samples, or the encapsulated codestream (fragments joined).
        public var bytes: [UInt8]
        /// Whether ``bytes`` is a codestream.
        public var isEncapsulated: Bool

        /// Creates a frame.
        public init(index: Int, bytes: [UInt8], isEncapsulated: Bool) {
            self.index = index
            self.bytes = bytes
            self.isEncapsulated = isEncapsulated
        }
    }

    /// Creates a reader.
    public init() {}

    /// Reads the selected frame, or answers `nil` when the object must be read whole: a single
    /// frame, 1-bit samples, encapsulated frames without an offset table, a Deflated object, or
    /// an object whose size the store did not report.
    ///
    /// - Parameter read: Reads exactly the given range of the object (its errors are rethrown).
    /// - Throws: `DICOMError`: `.corrupt` for tables that disagree with Number of Frames or point
    ///   outside the object, `.truncated` for short pixel data, `.imageTooLarge` for a frame
    ///   larger than the input limit; or `read`'s error.
    public func read(
        _ selection: FrameSelection, header: DICOMHeaderReader.Header, limits: DICOMLimits = .default,
        read: (Range<Int>) throws -> [UInt8]
    ) throws -> Frame? {
        guard let element = header.file.pixelDataElement, let objectSize = header.objectSize else { return nil }
        let module = try PixelModule(header.file.dataSet, limits: limits)
        guard module.numberOfFrames > 1 else { return nil }
        let index = try selection.index(among: module.numberOfFrames)
        let maximumBytes = limits.image.maximumInputBytes

        /// The object's bytes in `range`: from the header's read when it holds them.
        func bytes(_ range: Range<Int>) throws -> [UInt8] {
            guard range.upperBound <= objectSize else {
                throw DICOMError.truncated(detail: "pixel data at \(range) passes the object's end at \(objectSize)")
            }
            guard range.count <= maximumBytes else {
                throw DICOMError.imageTooLarge(detail: "a frame of \(range.count) bytes, more than the input limit of \(maximumBytes)")
            }
            if range.upperBound <= header.bytes.count { return Array(header.bytes[range]) }
            let read = try read(range)
            guard read.count == range.count else {
                throw DICOMError.truncated(detail: "a read of \(range.count) bytes at \(range.lowerBound) returned \(read.count)")
            }
            return read
        }

        if let length = element.valueLength {
            guard header.file.transferSyntax.pixelEncoding == .native, module.bitsAllocated % 8 == 0 else { return nil }
            let frameBytes = module.samplesPerFrame * module.bitsAllocated / 8
            guard length >= module.numberOfFrames * frameBytes else {
                throw DICOMError.truncated(detail: "Pixel Data has \(length) bytes, \(module.numberOfFrames) frames need \(module.numberOfFrames * frameBytes)")
            }
            let start = element.valueOffset + index * frameBytes
            return Frame(index: index, bytes: try bytes(start..<(start + frameBytes)), isEncapsulated: false)
        }

        // Encapsulated: the Basic Offset Table item first, then the fragments.
        let tableItem = try bytes(element.valueOffset..<(element.valueOffset + 8))
        guard Self.uint16(tableItem, 0) == 0xFFFE, Self.uint16(tableItem, 2) == 0xE000 else {
            throw DICOMError.corrupt(detail: "encapsulated Pixel Data does not start with the Basic Offset Table item")
        }
        let tableLength = Self.uint32(tableItem, 4)
        let firstFragment = element.valueOffset + 8 + tableLength
        var offsets: [Int] = []
        if let extended = header.file.dataSet.value(.extendedOffsetTable), !extended.isEmpty {
            guard extended.count % 8 == 0 else { throw DICOMError.corrupt(detail: "the Extended Offset Table is not a list of 64-bit offsets") }
            let table = Array(extended)
            offsets = stride(from: 0, to: table.count, by: 8).map { Self.uint32(table, $0) | Self.uint32(table, $0 + 4) << 32 }
        } else if tableLength > 0 {
            guard tableLength % 4 == 0 else { throw DICOMError.corrupt(detail: "the Basic Offset Table is not a list of 32-bit offsets") }
            let table = try bytes((element.valueOffset + 8)..<firstFragment)
            offsets = stride(from: 0, to: table.count, by: 4).map { Self.uint32(table, $0) }
        } else {
            return nil
        }
        guard offsets.count == module.numberOfFrames else {
            throw DICOMError.corrupt(detail: "the offset table lists \(offsets.count) frames, Number of Frames is \(module.numberOfFrames)")
        }
        let start = firstFragment + offsets[index]
        let end = index + 1 < offsets.count ? firstFragment + offsets[index + 1] : objectSize
        guard start < end, end <= objectSize else {
            throw DICOMError.corrupt(detail: "the offset table puts frame \(index) at \(start)..<\(end) of a \(objectSize)-byte object")
        }
        return Frame(index: index, bytes: try Self.fragments(in: try bytes(start..<end)), isEncapsulated: true)
    }

    /// The values of the items in `items` joined, up to a Sequence Delimitation Item or the end.
    static func fragments(in items: [UInt8]) throws(DICOMError) -> [UInt8] {
        var joined: [UInt8] = []
        var cursor = 0
        while cursor + 8 <= items.count {
            let group = uint16(items, cursor)
            let element = uint16(items, cursor + 2)
            if group == 0xFFFE, element == 0xE0DD { break }
            guard group == 0xFFFE, element == 0xE000 else {
                throw .corrupt(detail: "\(DICOMTag(UInt16(group), UInt16(element))) where a frame's fragment item belongs")
            }
            let length = uint32(items, cursor + 4)
            guard length <= items.count - cursor - 8 else { throw .truncated(detail: "a fragment's item passes the frame's end") }
            joined += items[(cursor + 8)..<(cursor + 8 + length)]
            cursor += 8 + length
        }
        guard !joined.isEmpty else { throw .corrupt(detail: "a frame without fragments") }
        return joined
    }

    private static func uint16(_ bytes: [UInt8], _ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
    private static func uint32(_ bytes: [UInt8], _ at: Int) -> Int { uint16(bytes, at) | uint16(bytes, at + 2) << 16 }
}
