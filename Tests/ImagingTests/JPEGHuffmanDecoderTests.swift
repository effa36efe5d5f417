import ArrivingBytes
import CImageCodecs
import Foundation
import Imaging
import LocalServices
import Testing

/// RadStream's Huffman decoder (`JPEGDecoder.HuffmanDecoding.fast`, Sources/CImageCodecs/
/// jpeg_huffman.c) must give exactly what libjpeg-turbo's own gives: the same pixels for every
/// fixture, and the same pixels or the same error for damaged data. Pillow's pixels for the
/// fixtures (JPEGDecoderTests) are the independent check; this pins the two decoders together.
@Suite("JPEG Huffman decoder")
struct JPEGHuffmanDecoderTests {
    static let fixtureNames = [
        "baseline", "progressive", "grayscale", "subsampling-420", "subsampling-422", "subsampling-444", "cmyk",
        "restart-markers", "progressive-restart-rows",
    ]

    static func outcome(_ data: [UInt8], _ huffman: JPEGDecoder.HuffmanDecoding, scale: JPEGDecoder.Scale = .full) -> Result<
        DecodedImage, ImageError
    > {
        Result { () throws(ImageError) in try JPEGDecoder(scale: scale, huffman: huffman).decode(data) }
    }

    @Test(arguments: fixtureNames, JPEGDecoder.Scale.allCases)
    func fixturesDecodeAsWithLibjpeg(_ name: String, _ scale: JPEGDecoder.Scale) throws {
        let data = try ImagingFixtures.load().bytes("jpeg/\(name).jpg")
        let fast = Self.outcome(data, .fast, scale: scale)
        #expect(fast == Self.outcome(data, .libjpeg, scale: scale))
        #expect((try? fast.get()) != nil, "\(name) must decode")
    }

    /// Damage of every kind the decoder reads differently: cut short, flipped bytes (bad codes),
    /// a 0xFF (a marker or a stuffed byte), a restart marker where none belongs, and fill bytes.
    @Test(arguments: ["baseline", "grayscale", "subsampling-420", "cmyk", "restart-markers"])
    func damagedDataEndsAsWithLibjpeg(_ name: String) throws {
        let original = try ImagingFixtures.load().bytes("jpeg/\(name).jpg")
        let entropyStart = try #require(Self.entropyStart(original))
        var random = SplitMix64(seed: UInt64(name.utf8.reduce(0) { $0 &* 31 &+ UInt64($1) }))
        var failures = 0
        var decoded = 0
        for mutation in 0..<400 {
            var data = original
            let position = entropyStart + Int(random.next() % UInt64(data.count - entropyStart))
            switch mutation % 5 {
            case 0: data.removeLast(Int(random.next() % UInt64(data.count - entropyStart)) + 1)
            case 1: data[position] ^= UInt8(truncatingIfNeeded: random.next() % 255 + 1)
            case 2: data[position] = 0xFF
            case 3: data.insert(contentsOf: [0xFF, 0xD0 + UInt8(random.next() % 8)], at: position)
            default: data.insert(contentsOf: [0xFF, 0xFF], at: position)
            }
            let fast = Self.outcome(data, .fast)
            let libjpeg = Self.outcome(data, .libjpeg)
            if fast != libjpeg {
                failures += 1
                if failures <= 3 { Issue.record("\(name), mutation \(mutation): fast \(Self.describe(fast)), libjpeg \(Self.describe(libjpeg))") }
            }
            if case .success = libjpeg { decoded += 1 }
        }
        #expect(failures == 0)
        // Both kinds of outcome were compared, not only errors.
        #expect(decoded > 0 && decoded < 400, "\(decoded) of 400 damaged files decoded")
    }

    /// Fill bytes inside the data make the fast decoder hand over to libjpeg's after rows were
    /// delivered: the row-by-row resize (bytes and an arriving body) starts over and ends as
    /// libjpeg's own decoder would have it.
    @Test func rowsStartOverWhenLibjpegTakesOver() throws {
        let original = try ImagingFixtures.load().bytes("jpeg/baseline.jpg")
        // The last stuffed 0xFF (0xFF 0x00) of the data, preceded by a fill byte.
        let entropyStart = try #require(Self.entropyStart(original))
        let stuffed = try #require(
            (entropyStart..<original.count - 1).last { original[$0] == 0xFF && original[$0 + 1] == 0x00 },
            "the fixture's data has no stuffed 0xFF")
        #expect(stuffed > entropyStart + (original.count - entropyStart) / 3, "the hand-over must come after the first rows")
        var data = original
        data.insert(0xFF, at: stuffed)
        #expect(Self.fastStatus(data) == RSC_DECODE_AGAIN, "the fast decoder must hand this over")

        let region = Resizer.Region(x: 0, y: 0, width: 40, height: 30)
        let libjpeg = JPEGDecoder(huffman: .libjpeg)
        let expected = try Resizer().resize(jpeg: data, decoder: libjpeg, width: 40, height: 30, keeping: region)
        #expect(try Resizer().resize(jpeg: data, decoder: JPEGDecoder(), width: 40, height: 30, keeping: region) == expected)
        let arriving = ArrivingBytes(complete: data)
        #expect(try Resizer().resize(jpeg: .arriving(arriving), decoder: JPEGDecoder(), width: 40, height: 30, keeping: region) == expected)
        #expect(try JPEGDecoder().decode(data) == libjpeg.decode(data))
    }

    /// FuzzJPEG's finding (Fuzz/regressions/jpeg, docs/fuzzing.md): a file cut short right after
    /// a bad Huffman code. Reading further ahead, the fast decoder met the end of the input
    /// first (TruncatedImage) where libjpeg reports the code (CorruptImage); the end of the input
    /// now hands the decode over to libjpeg.
    @Test func theEndOfACutShortInputIsLibjpegsToReport() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try [UInt8](Data(contentsOf: root.appending(path: "Fuzz/regressions/jpeg/cut-short-after-bad-code.jpg")))
        #expect(Self.fastStatus(data) == RSC_DECODE_AGAIN)
        let libjpeg = Self.outcome(data, .libjpeg)
        #expect(Self.outcome(data, .fast) == libjpeg)
        guard case .failure(.corruptImage(let detail)) = libjpeg, detail.contains("Huffman") else {
            Issue.record("libjpeg reports \(Self.describe(libjpeg)), not the bad code")
            return
        }
    }

    // MARK: Helpers

    /// The first byte after the first SOS segment.
    static func entropyStart(_ data: [UInt8]) -> Int? {
        guard let sos = (0..<data.count - 3).first(where: { data[$0] == 0xFF && data[$0 + 1] == 0xDA }) else { return nil }
        return sos + 2 + (Int(data[sos + 2]) << 8 | Int(data[sos + 3]))
    }

    /// What one call with the fast decoder alone returns (no hand-over).
    static func fastStatus(_ data: [UInt8]) -> rsc_status {
        data.withUnsafeBufferPointer { buffer in
            var input = rsc_input(data: buffer.baseAddress, size: buffer.count, source: nil, source_context: nil)
            var info = rsc_jpeg_info()
            var message = rsc_message()
            guard rsc_jpeg_probe(&input, 1, &info, &message) == RSC_OK else { return RSC_CORRUPT }
            var pixels = [UInt8](repeating: 0, count: Int(info.output_width) * Int(info.output_height) * Int(info.output_channels))
            return pixels.withUnsafeMutableBufferPointer { out in
                rsc_jpeg_decode(&input, 1, 64 << 20, RSC_JPEG_HUFFMAN_FAST, out.baseAddress, out.count, &info, &message)
            }
        }
    }

    static func describe(_ outcome: Result<DecodedImage, ImageError>) -> String {
        switch outcome {
        case .success(let image): "\(image.width)×\(image.height) image"
        case .failure(let error): "\(error)"
        }
    }
}
