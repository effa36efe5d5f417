import JPEGLossless
import LocalServices
import Testing

@Suite("JPEG Lossless decoder")
struct JPEGLosslessDecoderTests {
    static let limit = 64 << 20

    static func decode(_ bytes: [UInt8], limit: Int = limit) throws -> JPEGLosslessImage {
        try bytes.withUnsafeBytes { buffer in
            try JPEGLosslessDecoder.decode(buffer, maximumPixelCount: limit)
        }
    }

    @Test func everyFixtureMatchesItsReferenceBitExactly() throws {
        let fixtures = try CodecFixtures.load()
        let entries = fixtures.entries(codec: "jpegLossless")
        #expect(entries.count >= 35)
        #expect(entries.contains { $0.name == "pydicom-JPEG-LL" })
        for entry in entries {
            let image = try Self.decode(try fixtures.bytes(entry.source))
            CodecFixtures.expectMatch(
                entry, width: image.width, height: image.height, componentCount: image.componentCount, precision: image.precision,
                samples: image.samples, reference: try fixtures.unsignedReference(entry))
        }
    }

    @Test func brokenStreamsThrowTheirErrorType() throws {
        let fixtures = try CodecFixtures.load()
        let broken = fixtures.manifest.broken.filter { $0.codec == "jpegLossless" }
        #expect(broken.count >= 10)
        for entry in broken {
            let bytes = try fixtures.bytes(entry.source)
            do {
                _ = try Self.decode(bytes)
                Issue.record("\(entry.name) decoded")
            } catch let error as JPEGLosslessError {
                #expect(error.errorType == entry.errorType, "\(entry.name): \(error)")
            }
        }
    }

    @Test func everyTruncationIsATypedError() throws {
        let fixtures = try CodecFixtures.load()
        for name in ["pydicom-JPEG-LL", "own-12bit-p5-restart-rows", "own-rgb-16bit-separate-scans-p6", "own-16bit-category16"] {
            let bytes = try fixtures.bytes(try fixtures.entry(name).source)
            // Without EOI (and a fragment's padding after it) the image is complete: only cuts
            // into the scan data must fail.
            let endOfImage = try #require(bytes.indices.last { bytes[$0] == 0xFF && $0 + 1 < bytes.count && bytes[$0 + 1] == 0xD9 })
            let cuts = Array(stride(from: 0, to: endOfImage, by: max(1, endOfImage / 997))) + Array(max(0, endOfImage - 64)..<endOfImage)
            for cut in cuts {
                do {
                    _ = try Self.decode(Array(bytes[..<cut]))
                    Issue.record("\(name) cut at \(cut) of \(bytes.count) decoded")
                } catch let error as JPEGLosslessError {
                    #expect(error == .truncatedPixelData || error.errorType == "CorruptPixelData", "\(name) cut at \(cut): \(error)")
                }
            }
            #expect(try Self.decode(Array(bytes[..<endOfImage])).samples == (try Self.decode(bytes)).samples)
        }
    }

    @Test func fragmentPaddingAfterEndOfImageIsIgnored() throws {
        let fixtures = try CodecFixtures.load()
        let entry = try fixtures.entry("turbo-12bit-p3")
        let padded = try fixtures.bytes(entry.source) + [0]
        #expect(try Self.decode(padded).samples == (try fixtures.unsignedReference(entry)))
    }

    @Test func theLimitIsCheckedBeforeDecoding() throws {
        let fixtures = try CodecFixtures.load()
        let entry = try fixtures.entry("turbo-rgb-8bit-p4")
        let samples = 52 * 45 * 3
        #expect(throws: JPEGLosslessError.imageTooLarge(width: 52, height: 45, componentCount: 3, limit: samples - 1)) {
            try Self.decode(try fixtures.bytes(entry.source), limit: samples - 1)
        }
        #expect(try Self.decode(try fixtures.bytes(entry.source), limit: samples).samples.count == samples)
    }

    @Test func corruptedBytesNeverCrash() throws {
        let fixtures = try CodecFixtures.load()
        let original = try fixtures.bytes(try fixtures.entry("own-4-components-p2-restart").source)
        var generator = SplitMix64(seed: 11)
        var failures = 0
        for _ in 0..<2000 {
            var bytes = original
            for _ in 0..<Int(generator.next() % 4 + 1) {
                bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            do { _ = try Self.decode(bytes) } catch { failures += 1 }
        }
        // Most corruptions are detected (a flipped sample bit may still decode).
        #expect(failures > 100)
    }
}
