import Foundation
import Imaging
import Testing

/// A PNG whose zlib stream inflates enormously, and a replay of the `FuzzJPEG`/`FuzzPNG` seeds
/// and regression inputs (Fuzz/corpus, Fuzz/regressions; docs/fuzzing.md) without sanitizers.
@Suite("Hostile images and the fuzz corpus")
struct HostileImageTests {
    /// A valid 8-bit grey PNG of `width` × `height` zeros: a zlib stream of fixed-Huffman
    /// length-258 matches (13 bits per 258 bytes), so 400 MB of pixels fit in about 2.5 MB.
    static func zeroFilledPNG(width: Int, height: Int) -> [UInt8] {
        var deflate = BitWriter()
        deflate.write(0b1, count: 1)  // BFINAL
        deflate.write(0b01, count: 2)  // BTYPE fixed Huffman
        let total = height * (width + 1)  // a filter byte (0) per row, then the zero samples
        deflate.writeHuffman(0b0011_0000, count: 8)  // literal 0
        var remaining = total - 1
        while remaining >= 258 {
            deflate.writeHuffman(0b1100_0101, count: 8)  // length code 285: 258 bytes
            deflate.writeHuffman(0b00000, count: 5)  // distance code 0: 1 byte back
            remaining -= 258
        }
        for _ in 0..<remaining { deflate.writeHuffman(0b0011_0000, count: 8) }
        deflate.writeHuffman(0b000_0000, count: 7)  // end of block
        let adler = UInt32(1) | UInt32(total % 65521) << 16  // Adler-32 of zeros: a = 1, b = n mod 65521
        let zlib = [0x78, 0x01] + deflate.finished + PNGBytes.bigEndian(adler)
        var ihdr = PNGBytes.bigEndian(UInt32(width)) + PNGBytes.bigEndian(UInt32(height))
        ihdr += [8, 0, 0, 0, 0]
        return PNGBytes.signature + PNGBytes.chunk("IHDR", ihdr) + PNGBytes.chunk("IDAT", zlib) + PNGBytes.chunk("IEND", [])
    }

    @Test func zlibBombIsRefusedFromItsHeaderBeforeInflating() throws {
        let bomb = Self.zeroFilledPNG(width: 20_000, height: 20_000)
        #expect(bomb.count < 3_000_000)
        var caught: ImageError?
        let elapsed = ContinuousClock().measure {
            do throws(ImageError) { _ = try ImageDecoder().decode(bomb) } catch { caught = error }
        }
        #expect(caught == .imageTooLarge(width: 20_000, height: 20_000, limit: .dimension(16_384)))
        // Inflating 400 MB alone takes seconds; the header check takes microseconds.
        #expect(elapsed < .milliseconds(50), "took \(elapsed)")

        // Limits wide enough for the sides still refuse the 400 MB buffer before it exists.
        let wide = ImageLimits(maximumDimension: 20_000, maximumPixels: 400_000_000)
        let start = ContinuousClock.now
        #expect(throws: ImageError.imageTooLarge(width: 20_000, height: 20_000, limit: .decodedBytes(256 << 20))) {
            try ImageDecoder(limits: wide).decode(bomb)
        }
        #expect(ContinuousClock.now - start < .milliseconds(50))
    }

    @Test func inflatedImageWithinTheLimitsDecodesToExactlyItsHeaderSize() throws {
        // The same construction inside the limits: the output is the header's size, no more.
        let image = try PNGDecoder().decode(Self.zeroFilledPNG(width: 3000, height: 2000))
        #expect(image.width == 3000 && image.height == 2000 && image.channels == 1)
        #expect(image.samples == .eightBit(Array(repeating: 0, count: 3000 * 2000)))
    }

    // MARK: - Fuzz corpus replay

    /// The fuzz targets' limits (Fuzz/JPEG/FuzzJPEG.swift).
    static let fuzzLimits = ImageLimits(
        maximumInputBytes: 1 << 20, maximumDimension: 2048, maximumPixels: 1 << 20, maximumDecodedBytes: 4 << 20)

    static func fuzzInputs(_ target: String) -> [(name: String, bytes: [UInt8])] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return ["corpus", "regressions"].flatMap { folder in
            let url = root.appending(path: "Fuzz/\(folder)/\(target)")
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
            return names.compactMap { name in (try? Data(contentsOf: url.appending(path: name))).map { (name, Array($0)) } }
        }
    }

    /// "W×H×C" for a decoded image whose samples fill it exactly, else the error type.
    static func outcome(_ decode: () throws(ImageError) -> DecodedImage) -> String {
        do {
            let image = try decode()
            guard image.samples.count == image.width * image.height * image.channels else { return "inconsistent" }
            return "\(image.width)×\(image.height)×\(image.channels)"
        } catch {
            return error.errorType
        }
    }

    @Test func jpegSeedsAndRegressionsDecodeOrFailTyped() throws {
        let inputs = Self.fuzzInputs("jpeg")
        try #require(inputs.count >= 10, "expected the seeds under Fuzz/corpus/jpeg")
        let decoder = JPEGDecoder(limits: Self.fuzzLimits)
        var outcomes: [String: String] = [:]
        for (name, bytes) in inputs { outcomes[name] = Self.outcome { () throws(ImageError) in try decoder.decode(bytes) } }
        #expect(outcomes["gray-16x16.jpg"] == "16×16×1")
        #expect(outcomes["rgb-420-17x9.jpg"] == "17×9×3")
        #expect(outcomes["rgb-422-progressive-24x16.jpg"] == "24×16×3")
        #expect(outcomes["cmyk-adobe-8x8.jpg"] == "8×8×3")
        #expect(outcomes["exif-orientation-6-12x8.jpg"] == "8×12×1")
        #expect(outcomes["truncated-gray.jpg"] == "TruncatedImage")
        #expect(outcomes["bomb-60000x60000.jpg"] == "ImageTooLarge")
        let allowed: Set<String> = ["TruncatedImage", "CorruptImage", "ImageTooLarge", "UnsupportedImage", "EmptyInput"]
        for (name, outcome) in outcomes {
            #expect(outcome.contains("×") || allowed.contains(outcome), "\(name): \(outcome)")
        }
    }

    @Test func pngSeedsAndRegressionsDecodeOrFailTyped() throws {
        let inputs = Self.fuzzInputs("png")
        try #require(inputs.count >= 20, "expected the PngSuite seeds under Fuzz/corpus/png")
        let decoder = PNGDecoder(limits: Self.fuzzLimits)
        for (name, bytes) in inputs {
            let outcome = Self.outcome { () throws(ImageError) in try decoder.decode(bytes) }
            if name == "regression-splt-length-1.9gb.png" {
                // An sPLT whose length field says 1.9 GB: skipped (libpng's chunk cap), then the
                // missing bytes end the read. Its allocation is checked by scripts/fuzz.sh, which
                // replays Fuzz/regressions under a 512 MB per-allocation limit.
                #expect(outcome == "TruncatedImage", "\(name): \(outcome)")
            } else if name.hasPrefix("regression-") {
                #expect(["CorruptImage", "TruncatedImage", "ImageTooLarge", "UnsupportedFormat"].contains(outcome), "\(name): \(outcome)")
            } else if name.hasPrefix("x") {
                // PngSuite's deliberately corrupt files (docs/imaging.md lists the mapping).
                #expect(outcome == "CorruptImage" || outcome == "UnsupportedFormat", "\(name): \(outcome)")
            } else if name.hasPrefix("s") {
                // sNN…: size NN×NN, palette (expanded to RGB).
                let side = Int(name.dropFirst().prefix(2)) ?? 0
                #expect(outcome == "\(side)×\(side)×3", "\(name): \(outcome)")
            } else {
                #expect(outcome == "32×32×1" || outcome == "32×32×3", "\(name): \(outcome)")
            }
        }
    }
}

private struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var current: UInt8 = 0
    private var used = 0

    /// Writes `count` bits of `value`, least significant first (deflate's header fields).
    mutating func write(_ value: UInt32, count: Int) {
        for bit in 0..<count { push(UInt8((value >> bit) & 1)) }
    }

    /// Writes a Huffman code most significant bit first, as deflate stores codes.
    mutating func writeHuffman(_ code: UInt32, count: Int) {
        for bit in stride(from: count - 1, through: 0, by: -1) { push(UInt8((code >> bit) & 1)) }
    }

    private mutating func push(_ bit: UInt8) {
        current |= bit << used
        used += 1
        if used == 8 {
            bytes.append(current)
            current = 0
            used = 0
        }
    }

    var finished: [UInt8] { used == 0 ? bytes : bytes + [current] }
}
