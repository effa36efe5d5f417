import JPEG2000
import Testing

@Suite("JPEG 2000 decoder")
struct JPEG2000DecoderTests {
    static let limit = 64 << 20

    static func decode(_ bytes: [UInt8], limit: Int = limit, threads: Int = 1) throws -> JPEG2000Image {
        try bytes.withUnsafeBytes { buffer in
            try JPEG2000Decoder.decode(buffer, maximumPixelCount: limit, threads: threads)
        }
    }

    @Test func everyFixtureMatchesItsReferenceBitExactly() throws {
        let fixtures = try CodecFixtures.load()
        let entries = fixtures.entries(codec: "jpeg2000")
        #expect(entries.count >= 25)
        #expect(entries.contains { $0.name.hasPrefix("htj2k-") })
        for entry in entries {
            let image = try Self.decode(try fixtures.bytes(entry.source))
            #expect(image.width == entry.width, "\(entry.name)")
            #expect(image.height == entry.height, "\(entry.name)")
            #expect(image.componentCount == entry.components, "\(entry.name)")
            #expect(image.precision == entry.precision, "\(entry.name)")
            #expect(image.isSigned == entry.isSigned, "\(entry.name)")
            let reference = try fixtures.signedReference(entry)
            let mismatch = zip(image.samples, reference).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            #expect(
                image.samples.count == reference.count && mismatch == nil,
                "\(entry.name): first mismatch at \(String(describing: mismatch))")
        }
    }

    @Test func twoThreadsDecodeTheSameSamples() throws {
        let fixtures = try CodecFixtures.load()
        for name in ["pydicom-MR2_J2KI", "opj-16bit-tiled-lossless", "htj2k-16bit-lossless"] {
            let bytes = try fixtures.bytes(try fixtures.entry(name).source)
            #expect(try Self.decode(bytes, threads: 2).samples == (try Self.decode(bytes, threads: 1)).samples, "\(name)")
        }
    }

    @Test func brokenCodestreamsThrowTheirErrorType() throws {
        let fixtures = try CodecFixtures.load()
        let broken = fixtures.manifest.broken.filter { $0.codec == "jpeg2000" }
        #expect(broken.count >= 4)
        for entry in broken {
            do {
                _ = try Self.decode(try fixtures.bytes(entry.source))
                Issue.record("\(entry.name) decoded")
            } catch let error as JPEG2000Error {
                #expect(error.errorType == entry.errorType, "\(entry.name): \(error)")
            }
        }
    }

    @Test func truncatedCodestreamsAreTypedErrors() throws {
        let fixtures = try CodecFixtures.load()
        for name in ["opj-16bit-lossless", "opj-16bit-tiled-lossless", "htj2k-16bit-lossless", "pydicom-US1_J2KI"] {
            let bytes = try fixtures.bytes(try fixtures.entry(name).source)
            for cut in stride(from: 0, to: bytes.count - 2, by: max(1, bytes.count / 61)) {
                do {
                    _ = try Self.decode(Array(bytes[..<cut]))
                    Issue.record("\(name) cut at \(cut) of \(bytes.count) decoded")
                } catch let error as JPEG2000Error {
                    #expect(["TruncatedPixelData", "CorruptPixelData"].contains(error.errorType), "\(name) cut at \(cut): \(error)")
                }
            }
        }
    }

    @Test func theLimitIsCheckedBeforeDecoding() throws {
        let fixtures = try CodecFixtures.load()
        let bytes = try fixtures.bytes(try fixtures.entry("opj-rgb-8bit-lossless").source)
        let samples = 64 * 48 * 3
        #expect(throws: JPEG2000Error.imageTooLarge(width: 64, height: 48, componentCount: 3, limit: samples - 1)) {
            try Self.decode(bytes, limit: samples - 1)
        }
        #expect(try Self.decode(bytes, limit: samples).samples.count == samples)
    }

    @Test func corruptedBytesNeverCrash() throws {
        let fixtures = try CodecFixtures.load()
        let original = try fixtures.bytes(try fixtures.entry("htj2k-8bit-lossless").source)
        var generator = SplitMix64(seed: 7)
        var failures = 0
        for _ in 0..<300 {
            var bytes = original
            bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
            // A corrupted code-block may still decode; what matters is no crash, abort or over-read.
            if (try? Self.decode(bytes)) == nil { failures += 1 }
        }
        #expect(failures > 0)
    }
}
