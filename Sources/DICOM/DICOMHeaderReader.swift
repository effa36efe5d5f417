/// Reads a DICOM object's header — everything before Pixel Data (7FE0,0010) — from the start of
/// the object through ranged reads that grow until the header is complete, so a 50 MB CT costs
/// one small read, not the object.
///
/// The first read asks for ``initialBytes``; each further read asks for the next bytes up to four
/// times the total so far, never past ``maximumBytes`` nor past the object's end. Deflated
/// objects compress the header with the pixels, so they are read until the inflated dataset
/// reaches Pixel Data, within the same bound.
public struct DICOMHeaderReader: Sendable {
    /// The first read's size.
    public var initialBytes: Int
    /// The most bytes read for a header: a header beyond it is `.tooComplex`.
    public var maximumBytes: Int
    /// The parser's limits.
    public var limits: DICOMLimits

    /// Creates a reader; defaults: 64 KiB first, 16 MiB at most (an enhanced multi-frame header
    /// with per-frame functional groups for a thousand frames is a few MB).
    public init(initialBytes: Int = 64 << 10, maximumBytes: Int = 16 << 20, limits: DICOMLimits = .default) {
        self.initialBytes = max(initialBytes, 256)
        self.maximumBytes = max(maximumBytes, self.initialBytes)
        self.limits = limits
    }

    /// One read's answer: the bytes of the requested range that exist, and the object's size
    /// when the store reported it.
    public struct Chunk: Sendable {
        /// The bytes read, from the requested offset.
        public var bytes: [UInt8]
        /// The whole object's size, if known.
        public var objectSize: Int?

        /// Creates a chunk.
        public init(bytes: [UInt8], objectSize: Int?) {
            self.bytes = bytes
            self.objectSize = objectSize
        }
    }

    /// A header read from the start of an object.
    public struct Header: Sendable {
        /// The parsed header (``DICOMFile/pixelDataElement`` says where the pixels start).
        public var file: DICOMFile
        /// The bytes read: the header, and whatever followed it in the last read.
        public var bytes: [UInt8]
        /// The object's size, when the store reported it.
        public var objectSize: Int?
    }

    /// The header, and the bytes read for it.
    ///
    /// - Parameter read: Reads the bytes in the given range (or fewer, at the object's end);
    ///   its errors are rethrown unchanged.
    /// - Throws: `DICOMError` (`.notDICOM` as soon as the first bytes say so; `.truncated` when
    ///   the object ends before Pixel Data; `.tooComplex` past ``maximumBytes``), or `read`'s error.
    public func read(_ read: (Range<Int>) throws -> Chunk) throws -> Header {
        var bytes: [UInt8] = []
        var objectSize: Int?
        var wanted = initialBytes
        while true {
            let upper = min(wanted, objectSize ?? wanted)
            if upper > bytes.count {
                let chunk = try read(bytes.count..<upper)
                objectSize = chunk.objectSize ?? objectSize
                // A short read is the object's end.
                if chunk.bytes.count < upper - bytes.count { objectSize = bytes.count + chunk.bytes.count }
                bytes += chunk.bytes.prefix(upper - bytes.count)
            }
            let parsed = Result { () throws(DICOMError) in try DICOMFile(header: bytes, limits: limits) }
            switch parsed {
            case .success(let file):
                return Header(file: file, bytes: bytes, objectSize: objectSize)
            case .failure(.truncated(let detail)):
                if let objectSize, bytes.count >= objectSize {
                    throw DICOMError.truncated(detail: "the object ends before Pixel Data (7FE0,0010): \(detail)")
                }
                guard bytes.count < maximumBytes else {
                    throw DICOMError.tooComplex(detail: "no Pixel Data (7FE0,0010) within the first \(maximumBytes) bytes")
                }
            case .failure(let error):
                throw error
            }
            wanted = min(bytes.count * 4, maximumBytes)
        }
    }
}
