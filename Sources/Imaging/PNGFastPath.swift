/// Decodes the common PNGs without libpng: libdeflate inflates the concatenated IDAT data in one
/// call into a buffer of exactly the image's size, and `PNGUnfilter` reverses the row filters.
///
/// It never reports an error: it returns pixels only for a file it has checked as strictly as
/// libpng would, and `nil` for anything else — out of scope, damaged, or merely unusual — so
/// that libpng decodes it and decides every error (docs/imaging.md, "The PNG fast path").
///
/// Scope: non-interlaced, 8 or 16 bits, gray, gray + alpha, RGB or RGBA. The output is libpng's
/// (`PNGDecoder`): alpha dropped, 16-bit samples in host byte order, no gamma, sBIT or tRNS
/// applied. The caller has already run libpng over every chunk before the first IDAT
/// (`PNGDecoder`'s probe: IHDR validation, ancillary chunk rules) and checked the limits.
enum PNGFastPath {
    /// libpng's `PNG_USER_CHUNK_MALLOC_MAX` (Debian's build): a longer chunk is an error there.
    static let chunkLengthLimit = 8_000_000

    /// The IHDR fields the fast path reads.
    struct Header: Equatable {
        var width: Int
        var height: Int
        var bitDepth: Int
        var colorType: Int

        /// Samples per pixel in the file: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA.
        var fileChannels: Int {
            switch colorType {
            case 4: 2
            case 2: 3
            case 6: 4
            default: 1
            }
        }
        /// Channels of the decoded image: alpha dropped.
        var outputChannels: Int { colorType & 2 != 0 ? 3 : 1 }
        var bytesPerSample: Int { bitDepth / 8 }
        var bytesPerPixel: Int { fileChannels * bytesPerSample }
        var rowBytes: Int { width * bytesPerPixel }
        /// The inflated size: each row is its filter type byte and its samples.
        var filteredBytes: Int { height * (rowBytes + 1) }

        /// libpng's `png_check_chunk_length` for IDAT (libpng 1.6.39): the image's filtered size
        /// plus deflate's worst-case overhead, at least `chunkLengthLimit`, at most 2³¹ − 1.
        var idatChunkLengthLimit: Int {
            let rowFactor = rowBytes + 1
            var limit = height > Int(UInt32.max) / rowFactor ? Int(Int32.max) : height * rowFactor
            limit += 6 + 5 * (limit / min(rowFactor, 32566) + 1)
            return max(min(limit, Int(Int32.max)), PNGFastPath.chunkLengthLimit)
        }
    }

    /// The decoded image, or `nil` when libpng must decide (see the type's summary).
    /// `memoryLimit` bounds the fast path's own buffers: the IDAT data (when it spans several
    /// chunks), the inflated rows and the output; above it libpng's row-by-row decode is used.
    ///
    /// An `inflation` made while the file arrived (``inflate(arriving:limits:)``: the same
    /// inflated rows, unfiltered and copied by the same code) is the result when it covers exactly
    /// this file's IDAT data; every check on the complete file is the same.
    static func decode(_ data: [UInt8], memoryLimit: Int, inflation: Inflation? = nil) -> DecodedImage? {
        guard let layout = ChunkLayout(data) else { return nil }
        let header = layout.header
        guard windowAdmitsEveryDistance(data[layout.idat[0]], inflatedBytes: header.filteredBytes) else { return nil }
        if let inflation, inflation.idat == layout.idat, inflation.header == header { return inflation.image }
        let compressedCopy = layout.idat.count > 1 ? layout.idatByteCount : 0
        let outputBytes = header.width * header.height * header.outputChannels * header.bytesPerSample
        guard compressedCopy + header.filteredBytes + outputBytes <= memoryLimit else { return nil }
        var stream = data[layout.idat[0]]
        if layout.idat.count > 1 {
            var concatenated: [UInt8] = []
            concatenated.reserveCapacity(layout.idatByteCount)
            for range in layout.idat { concatenated += data[range] }
            stream = concatenated[...]
        }
        guard var raw = NativeCodecs.inflateZlib(stream, count: header.filteredBytes) else { return nil }

        let pixelCount = header.width * header.height
        let samplesPerRow = header.width * header.outputChannels
        var complete = false
        let samples: DecodedImage.Samples
        if header.bitDepth == 8 {
            let pixels = [UInt8](unsafeUninitializedCapacity: pixelCount * header.outputChannels) { output, initialized in
                complete = PNGUnfilter.unfilterRows(
                    &raw, rowCount: header.height, rowBytes: header.rowBytes, bytesPerPixel: header.bytesPerPixel
                ) { index, row in
                    copySamples(row, into: output.baseAddress! + index * samplesPerRow, header: header)
                }
                initialized = complete ? output.count : 0
            }
            samples = .eightBit(pixels)
        } else {
            let pixels = [UInt16](unsafeUninitializedCapacity: pixelCount * header.outputChannels) { output, initialized in
                complete = PNGUnfilter.unfilterRows(
                    &raw, rowCount: header.height, rowBytes: header.rowBytes, bytesPerPixel: header.bytesPerPixel
                ) { index, row in
                    copySamples(row, into: output.baseAddress! + index * samplesPerRow, header: header)
                }
                initialized = complete ? output.count : 0
            }
            samples = .sixteenBit(pixels)
        }
        guard complete else { return nil }
        return DecodedImage(width: header.width, height: header.height, channels: header.outputChannels, samples: samples)
    }

    /// zlib, which libpng inflates with, honours the window size in the stream's header (CINFO)
    /// and refuses a distance beyond it; libdeflate always allows 32 KiB. The two agree when the
    /// window is 32 KiB or holds the whole output (no valid distance reaches past the start).
    static func windowAdmitsEveryDistance(_ stream: ArraySlice<UInt8>, inflatedBytes: Int) -> Bool {
        guard let method = stream.first else { return false }
        let windowBits = Int(method >> 4) + 8
        return windowBits == 15 || (windowBits < 15 && inflatedBytes <= 1 << windowBits)
    }

    /// Copies one unfiltered row's samples, dropping alpha, into 8-bit output.
    static func copySamples(_ row: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt8>, header: Header) {
        let kept = header.outputChannels
        if kept == header.fileChannels {
            output.initialize(from: row.baseAddress!, count: row.count)
            return
        }
        for pixel in 0..<header.width {
            for channel in 0..<kept { output[pixel * kept + channel] = row[pixel * header.fileChannels + channel] }
        }
    }

    /// Copies one unfiltered row's big-endian samples, dropping alpha, into host-order output.
    static func copySamples(_ row: UnsafeBufferPointer<UInt8>, into output: UnsafeMutablePointer<UInt16>, header: Header) {
        let kept = header.outputChannels
        let stored = header.fileChannels
        let bytes = UnsafeRawPointer(row.baseAddress!)
        if kept == stored {
            let count = header.width * kept
            var i = 0
            #if _endian(little)
                // Eight samples at a time: each lane holds a sample's two bytes swapped.
                let destination = UnsafeMutableRawPointer(output)
                while i + 8 <= count {
                    let swapped = bytes.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<UInt16>.self)
                    destination.storeBytes(of: swapped &<< 8 | swapped &>> 8, toByteOffset: 2 * i, as: SIMD8<UInt16>.self)
                    i += 8
                }
            #endif
            while i < count {
                output[i] = UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                i += 1
            }
            return
        }
        for pixel in 0..<header.width {
            for channel in 0..<kept {
                output[pixel * kept + channel] = UInt16(
                    bigEndian: bytes.loadUnaligned(fromByteOffset: 2 * (pixel * stored + channel), as: UInt16.self))
            }
        }
    }
}

extension PNGFastPath {
    /// Where a file's IDAT data lies, once every chunk up to IEND has passed libpng's checks:
    /// CRC, chunk type letters, length within the file and within libpng's limits, IHDR first
    /// and in scope, IDAT chunks contiguous, no critical chunk but PLTE before IDAT and none
    /// after it, an empty IEND. Anything else is `nil`.
    struct ChunkLayout {
        var header: Header
        /// Byte ranges in the file of the non-empty IDAT chunks' data, in order.
        var idat: [Range<Int>]
        var idatByteCount: Int { idat.reduce(0) { $0 + $1.count } }

        static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

        init?(_ data: [UInt8]) {
            guard data.count >= 8, data[0..<8].elementsEqual(Self.signature) else { return nil }
            func bigEndian(_ offset: Int) -> Int { data[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
            var header: Header?
            var idat: [Range<Int>] = []
            var inIDAT = false
            var afterIDAT = false
            var offset = 8
            while true {
                guard data.count - offset >= 12 else { return nil }
                let length = bigEndian(offset)
                guard length <= Int(Int32.max), data.count - offset - 12 >= length else { return nil }
                let type = data[(offset + 4)..<(offset + 8)]
                let body = (offset + 8)..<(offset + 8 + length)
                guard type.allSatisfy({ (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }),
                    NativeCodecs.crc32(data[(offset + 4)..<body.upperBound]) == UInt32(bigEndian(body.upperBound))
                else { return nil }
                let name = String(decoding: type, as: UTF8.self)
                let isCritical = type.first! & 0x20 == 0
                switch name {
                case _ where header == nil:
                    guard name == "IHDR", length == 13, let parsed = Header(ihdr: data[body]) else { return nil }
                    header = parsed
                case "IDAT":
                    guard !afterIDAT, let header, length <= header.idatChunkLengthLimit else { return nil }
                    inIDAT = true
                    if length > 0 { idat.append(body) }
                case "IEND":
                    guard inIDAT || afterIDAT, length == 0, let header, !idat.isEmpty else { return nil }
                    self.header = header
                    self.idat = idat
                    return
                default:
                    // PLTE is a suggested palette here (gray, RGB): libpng checked it before IDAT.
                    guard length <= PNGFastPath.chunkLengthLimit, !isCritical || (name == "PLTE" && !inIDAT && !afterIDAT)
                    else { return nil }
                    if inIDAT {
                        inIDAT = false
                        afterIDAT = true
                    }
                }
                offset = body.upperBound + 4
            }
        }
    }
}

extension PNGFastPath.Header {
    /// The IHDR fields, when the fast path decodes that kind of image (see `PNGFastPath`).
    init?(ihdr: ArraySlice<UInt8>) {
        let bytes = Array(ihdr)
        func bigEndian(_ offset: Int) -> Int { bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) } }
        self.init(width: bigEndian(0), height: bigEndian(4), bitDepth: Int(bytes[8]), colorType: Int(bytes[9]))
        let compression = bytes[10]
        let filterMethod = bytes[11]
        let interlace = bytes[12]
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max),
            bitDepth == 8 || bitDepth == 16, [0, 2, 4, 6].contains(colorType),
            compression == 0, filterMethod == 0, interlace == 0
        else { return nil }
    }
}
