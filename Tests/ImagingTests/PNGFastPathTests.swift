import Foundation
import Testing

@testable import Imaging

/// The fast path (libdeflate + our unfiltering) against libpng: the same pixels for every file
/// it takes, the same typed error for every file it declines (libpng then decides), and which
/// files it takes at all.
@Suite("PNG fast path")
struct PNGFastPathTests {
    static let libpng = PNGDecoder(usesFastPath: false)

    /// The decoded image or the error, so both paths' answers compare with `==`.
    static func outcome(_ decoder: PNGDecoder, _ bytes: [UInt8]) -> Result<DecodedImage, ImageError> {
        do throws(ImageError) { return .success(try decoder.decode(bytes)) } catch { return .failure(error) }
    }

    /// Whether the fast path itself decodes `bytes` (rather than leaving them to libpng).
    static func takesFastPath(_ bytes: [UInt8]) -> Bool {
        PNGFastPath.decode(bytes, memoryLimit: .max) != nil
    }

    @Test func fastPathEqualsLibpngOnEveryPngSuiteFile() throws {
        let names = ImagingFixtures.pngSuiteFileNames
        try #require(names.count == 175, "expected the PngSuite images in \(ImagingFixtures.pngSuiteFolder.path)")
        var taken: [String] = []
        var inScope: [String] = []
        for name in names {
            let bytes = [UInt8](try Data(contentsOf: ImagingFixtures.pngSuiteFolder.appending(path: name)))
            #expect(Self.outcome(PNGDecoder(), bytes) == Self.outcome(Self.libpng, bytes), "\(name)")
            if Self.takesFastPath(bytes) { taken.append(name) }
            // The scope read straight from IHDR (bit depth, colour type, interlace at bytes 24, 25, 28).
            if !name.hasPrefix("x"), [8, 16].contains(bytes[24]), [0, 2, 4, 6].contains(bytes[25]), bytes[28] == 0 {
                inScope.append(name)
            }
        }
        #expect(taken == inScope)
        #expect(taken.count > 50, "only \(taken.count) PngSuite files took the fast path")
    }

    @Test func fastPathEqualsLibpngOnTheFuzzCorpus() throws {
        let inputs = HostileImageTests.fuzzInputs("png")
        try #require(inputs.count >= 20)
        let fast = PNGDecoder(limits: HostileImageTests.fuzzLimits)
        let reference = PNGDecoder(limits: HostileImageTests.fuzzLimits, usesFastPath: false)
        for (name, bytes) in inputs {
            #expect(Self.outcome(fast, bytes) == Self.outcome(reference, bytes), "\(name)")
        }
    }

    // MARK: - Constructed images: every filter, every colour type in scope

    /// `height` rows of `rowBytes` pseudo-random bytes, each after its filter type (row index
    /// modulo 5, so all five filters follow each other, including on the first row).
    static func filteredRows(rowBytes: Int, height: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<height).flatMap { row -> [UInt8] in
            [UInt8(row % 5)]
                + (0..<rowBytes).map { _ in
                    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    return UInt8(truncatingIfNeeded: state >> 56)
                }
        }
    }

    static let scope: [(colorType: Int, bitDepth: Int)] = [(0, 8), (0, 16), (2, 8), (2, 16), (4, 8), (4, 16), (6, 8), (6, 16)]

    @Test(arguments: scope)
    func everyFilterOfEveryPixelSizeMatchesLibpng(colorType: Int, bitDepth: Int) throws {
        let channels = [0: 1, 2: 3, 4: 2, 6: 4][colorType]!
        // 37 pixels: rows of 37…296 bytes, so the 16-byte Up loop always has a tail.
        let (width, height) = (37, 11)
        let rows = Self.filteredRows(rowBytes: width * channels * bitDepth / 8, height: height, seed: UInt64(colorType * 100 + bitDepth))
        let bytes = PNGBytes.png(width: width, height: height, bitDepth: bitDepth, colorType: colorType, stream: PNGBytes.storedZlib(rows))
        let reference = try Self.libpng.decode(bytes)
        let fast = try #require(PNGFastPath.decode(bytes, memoryLimit: .max), "the fast path declined an image in its scope")
        #expect(fast == reference)
        #expect(try PNGDecoder().decode(bytes) == reference)
    }

    @Test func ancillaryChunksAroundIDATTakeTheFastPath() throws {
        let rows = Self.filteredRows(rowBytes: 20, height: 4, seed: 7)
        var bytes = PNGBytes.png(
            width: 10, height: 4, bitDepth: 16, colorType: 0, stream: PNGBytes.storedZlib(rows),
            beforeIEND: PNGBytes.chunk("IDAT", []) + PNGBytes.chunk("tEXt", Array("Comment\0after".utf8)))
        bytes.insert(contentsOf: PNGBytes.chunk("gAMA", PNGBytes.bigEndian(45_455)), at: 33)  // after IHDR
        #expect(Self.takesFastPath(bytes))
        #expect(try PNGDecoder().decode(bytes) == (try Self.libpng.decode(bytes)))
    }

    // MARK: - Damaged files: declined by the fast path, the same typed error from both paths

    /// A valid 9×5 16-bit gray image's parts, to damage one at a time.
    static let rows = filteredRows(rowBytes: 18, height: 5, seed: 42)

    static func grayImage(rows: [UInt8] = rows, stream: [UInt8]? = nil, beforeIEND: [UInt8] = []) -> [UInt8] {
        PNGBytes.png(width: 9, height: 5, bitDepth: 16, colorType: 0, stream: stream ?? PNGBytes.storedZlib(rows), beforeIEND: beforeIEND)
    }

    static let damaged: [(name: String, bytes: [UInt8], errorType: String)] = {
        let valid = grayImage()
        let stream = PNGBytes.storedZlib(rows)
        var badCRC = valid
        // The first IDAT chunk starts after the signature and IHDR (33 bytes); its CRC follows
        // its length, type and data (a third of the stream, rounded up).
        badCRC[33 + 8 + (stream.count + 2) / 3] ^= 0xFF
        var badFilter = rows
        badFilter[19] = 5  // the second row's filter type
        var badAdler = stream
        badAdler[badAdler.count - 1] ^= 1
        let dataAfterStream = stream + [0, 0, 0, 0]
        let split = stream.count / 2
        let separatedIDAT =
            PNGBytes.signature + PNGBytes.ihdr(width: 9, height: 5, bitDepth: 16, colorType: 0)
            + PNGBytes.chunk("IDAT", Array(stream[..<split])) + PNGBytes.chunk("tEXt", Array("a\0b".utf8))
            + PNGBytes.chunk("IDAT", Array(stream[split...])) + PNGBytes.chunk("IEND", [])
        return [
            ("IDAT CRC mismatch", badCRC, "CorruptImage"),
            ("zlib stream cut short (chunks intact)", grayImage(stream: Array(stream.dropLast(30))), "CorruptImage"),
            ("inflates to a row more than IHDR says", grayImage(rows: rows + rows[..<19]), "CorruptImage"),
            ("inflates to a row less than IHDR says", grayImage(rows: Array(rows.dropLast(19))), "CorruptImage"),
            ("filter type 5", grayImage(rows: badFilter), "CorruptImage"),
            ("Adler-32 mismatch", grayImage(stream: badAdler), "CorruptImage"),
            ("bytes after the zlib stream", grayImage(stream: dataAfterStream), "CorruptImage"),
            ("IDAT chunks not contiguous", separatedIDAT, "CorruptImage"),
            ("unknown critical chunk after IDAT", grayImage(beforeIEND: PNGBytes.chunk("CRIT", [1])), "CorruptImage"),
            ("file cut inside IDAT", Array(valid.prefix(60)), "TruncatedImage"),
        ]
    }()

    @Test(arguments: damaged.indices)
    func damagedFileIsDeclinedAndFailsAsInLibpng(_ index: Int) {
        let (name, bytes, errorType) = Self.damaged[index]
        #expect(!Self.takesFastPath(bytes), "\(name): the fast path decoded it")
        let fast = Self.outcome(PNGDecoder(), bytes)
        #expect(fast == Self.outcome(Self.libpng, bytes), "\(name)")
        guard case .failure(let error) = fast else {
            Issue.record("\(name): decoded")
            return
        }
        #expect(error.errorType == errorType, "\(name): \(error)")
    }

    @Test func theUndamagedImageOfTheDamagedCasesTakesTheFastPath() throws {
        // Every damaged case above is this image with one thing changed.
        let bytes = Self.grayImage()
        #expect(Self.takesFastPath(bytes))
        #expect(try PNGDecoder().decode(bytes) == (try Self.libpng.decode(bytes)))
    }

    @Test func smallZlibWindowIsLeftToLibpngWhenTheImageOutgrowsIt() {
        // CINFO 0 (a 256-byte window) is fine for 5 rows of 19 bytes, not for 30 rows.
        func withSmallWindow(_ stream: [UInt8]) -> [UInt8] { [0x08, 0x1D] + stream.dropFirst(2) }
        let small = Self.filteredRows(rowBytes: 18, height: 5, seed: 1)
        let large = Self.filteredRows(rowBytes: 18, height: 30, seed: 1)
        #expect(PNGFastPath.windowAdmitsEveryDistance(withSmallWindow(PNGBytes.storedZlib(small))[...], inflatedBytes: small.count))
        #expect(!PNGFastPath.windowAdmitsEveryDistance(withSmallWindow(PNGBytes.storedZlib(large))[...], inflatedBytes: large.count))
        let bytes = PNGBytes.png(width: 9, height: 30, bitDepth: 16, colorType: 0, stream: withSmallWindow(PNGBytes.storedZlib(large)))
        #expect(!Self.takesFastPath(bytes))
        #expect(Self.outcome(PNGDecoder(), bytes) == Self.outcome(Self.libpng, bytes))
    }

    @Test func fastPathStaysWithinTheDecoderMemoryLimit() throws {
        let bytes = Self.grayImage()
        // 9 × 5 × 2 output bytes + 5 × 19 inflated bytes + 3 IDAT chunks' data copied into one stream.
        let needed = 90 + 95 + PNGBytes.storedZlib(Self.rows).count
        #expect(PNGFastPath.decode(bytes, memoryLimit: needed) != nil)
        #expect(PNGFastPath.decode(bytes, memoryLimit: needed - 1) == nil)
        // Below it, libpng (row by row) still decodes the image.
        let limits = ImageLimits(maximumDecoderMemoryBytes: needed - 1)
        #expect(try PNGDecoder(limits: limits).decode(bytes) == (try Self.libpng.decode(bytes)))
    }
}
