import Imaging
import Testing

@Suite("Broken and hostile inputs")
struct BrokenInputTests {
    @Test(arguments: [
        "truncated.jpg", "empty.jpg", "text.jpg", "bomb.jpg", "bomb-65535.jpg", "bomb.png", "bomb-2147483647.png", "bad-crc.png",
        "bad-zlib.png", "truncated.png",
    ])
    func brokenInputBecomesTypedError(_ name: String) throws {
        let fixtures = try ImagingFixtures.load()
        let entry = try fixtures.entry(name, in: \.broken)
        let data = try fixtures.bytes(try #require(entry.source))
        do {
            let image = try ImageDecoder().decode(data)
            Issue.record("\(name) decoded to \(image.width)×\(image.height)")
        } catch {
            #expect(error.errorType == entry.errorType, "\(name): \(error)")
        }
    }

    @Test func pngCRCMismatchIsCorruptImage() throws {
        let fixtures = try ImagingFixtures.load()
        // Only the stored IDAT CRC is wrong; the zlib data inside is intact.
        #expect(throws: ImageError.corruptImage(detail: "IDAT: CRC error")) {
            try PNGDecoder().decode(try fixtures.bytes("broken/bad-crc.png"))
        }
    }

    @Test(arguments: ["bomb.jpg", "bomb-65535.jpg", "bomb.png", "bomb-2147483647.png"])
    func bombIsRejectedFromItsHeaderQuickly(_ name: String) throws {
        let fixtures = try ImagingFixtures.load()
        let data = try fixtures.bytes("broken/\(name)")
        var caught: ImageError?
        let elapsed = ContinuousClock().measure {
            do throws(ImageError) { _ = try ImageDecoder().decode(data) } catch { caught = error }
        }
        guard case .imageTooLarge(let width, let height, .dimension(_)) = caught else {
            Issue.record("\(name): expected imageTooLarge by dimension, got \(String(describing: caught))")
            return
        }
        #expect(width >= 60_000 && height >= 60_000)
        // Decoding even one row of 60000 pixels would take far longer; a debug build probes in well under this.
        #expect(elapsed < .milliseconds(50), "\(name) took \(elapsed)")
    }

    @Test func limitsAreConfigurable() throws {
        let fixtures = try ImagingFixtures.load()
        let data = try fixtures.bytes("jpeg/baseline.jpg")
        let decoder = ImageDecoder(limits: ImageLimits(maximumPixels: 97 * 61 - 1))
        #expect(throws: ImageError.imageTooLarge(width: 97, height: 61, limit: .pixels(97 * 61 - 1))) {
            try decoder.decode(data)
        }
        #expect(throws: ImageError.inputTooLarge(bytes: data.count, limit: 10)) {
            try ImageDecoder(limits: ImageLimits(maximumInputBytes: 10)).decode(data)
        }
        let bytesLimit = ImageLimits(maximumDecodedBytes: 97 * 61 * 3 - 1)
        #expect(throws: ImageError.imageTooLarge(width: 97, height: 61, limit: .decodedBytes(97 * 61 * 3 - 1))) {
            try ImageDecoder(limits: bytesLimit).decode(data)
        }
    }

    @Test func truncatedJPEGIsNotGreyFilled() throws {
        let fixtures = try ImagingFixtures.load()
        let data = try fixtures.bytes("jpeg/progressive.jpg")
        for cut in [data.count / 3, data.count / 2, data.count - 3] {
            #expect(throws: ImageError.truncatedImage) { try JPEGDecoder().decode(Array(data[..<cut])) }
        }
    }

    @Test func damagedEntropyDataIsCorrupt() throws {
        let fixtures = try ImagingFixtures.load()
        var data = try fixtures.bytes("jpeg/baseline.jpg")
        // Overwrite part of the scan with a marker-like byte run: libjpeg would otherwise warn and fill.
        let scanStart = data.count / 2
        for index in scanStart..<(scanStart + 8) { data[index] = index % 2 == 0 ? 0xFF : 0xD3 }
        do {
            _ = try JPEGDecoder().decode(data)
            Issue.record("damaged scan decoded")
        } catch {
            #expect(["CorruptImage", "TruncatedImage"].contains(error.errorType), "\(error)")
        }
    }

    @Test func formatIsSniffedByMagicBytes() throws {
        #expect(try ImageFormat(sniffing: [0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(try ImageFormat(sniffing: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == .png)
        #expect(throws: ImageError.emptyInput) { try ImageFormat(sniffing: []) }
        #expect(throws: ImageError.unsupportedFormat) { try ImageFormat(sniffing: Array("GIF89a".utf8)) }
        #expect(throws: ImageError.unsupportedFormat) { try ImageFormat(sniffing: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0D, 0x0A]) }
    }

    @Test func errorTypesAreStable() {
        let expected: [(ImageError, String)] = [
            (.emptyInput, "EmptyInput"), (.unsupportedFormat, "UnsupportedFormat"),
            (.unsupportedImage(detail: "x"), "UnsupportedImage"), (.corruptImage(detail: "x"), "CorruptImage"),
            (.truncatedImage, "TruncatedImage"), (.imageTooLarge(width: 1, height: 1, limit: .pixels(0)), "ImageTooLarge"),
            (.inputTooLarge(bytes: 2, limit: 1), "InputTooLarge"), (.decoderOutOfMemory, "DecoderOutOfMemory"),
        ]
        for (error, type) in expected { #expect(error.errorType == type) }
    }
}
