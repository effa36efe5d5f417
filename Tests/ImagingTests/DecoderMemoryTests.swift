import Foundation
import Imaging
import LocalServices
import Testing

/// libjpeg's working memory is bounded by `ImageLimits.maximumDecoderMemoryBytes`: a progressive
/// (multi-scan) JPEG keeps every DCT coefficient until its last scan, so a small file can ask for
/// hundreds of megabytes before the first row.
@Suite("Decoder memory limit")
struct DecoderMemoryTests {
    /// jdcoefct.c's whole-image buffers of the 97×61 4:2:0 progressive fixture: luma 14 × 8
    /// blocks (width rounded up to its sampling factor 2), each chroma plane 7 × 4, 128 bytes each.
    static let progressiveCoefficientBytes = (14 * 8 + 2 * 7 * 4) * 128

    @Test func progressiveCoefficientsBeyondTheLimitAreRefusedFromTheHeader() throws {
        let data = try ImagingFixtures.load().bytes("jpeg/progressive.jpg")
        let limit = Self.progressiveCoefficientBytes - 1
        let decoder = JPEGDecoder(limits: ImageLimits(maximumDecoderMemoryBytes: limit))
        #expect(throws: ImageError.imageTooLarge(width: 97, height: 61, limit: .decoderMemory(limit))) {
            try decoder.header(of: data)
        }
        #expect(throws: ImageError.imageTooLarge(width: 97, height: 61, limit: .decoderMemory(limit))) {
            try Resizer(filter: .bilinear).resize(
                jpeg: data, decoder: decoder, width: 10, height: 10, keeping: .init(x: 0, y: 0, width: 10, height: 10))
        }
        // The message names the limit.
        let error = ImageError.imageTooLarge(width: 97, height: 61, limit: .decoderMemory(limit))
        #expect(error.errorType == "ImageTooLarge")
        #expect(error.description.contains("decoder memory limit of \(limit) bytes"))
    }

    /// A 970×610 4:2:0 progressive JPEG written by Pillow: luma 122 × 78 blocks, chroma 61 × 39
    /// each, 128 bytes per block.
    static func mediumProgressive() throws -> (data: [UInt8], coefficientBytes: Int) {
        let path = FileManager.default.temporaryDirectory.appending(path: "radstream-progressive-\(UUID().uuidString).jpg").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let script = """
            import sys, numpy as np
            from PIL import Image
            pixels = (np.random.default_rng(1).random((610, 970, 3)) * 255).astype(np.uint8)
            Image.fromarray(pixels).save(sys.argv[1], quality=90, progressive=True)
            """
        let outcome = try ProcessRunner.run(try PythonToolchain.locate().python, arguments: ["-c", script, path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        return (Array(try Data(contentsOf: URL(fileURLWithPath: path))), (122 * 78 + 2 * 61 * 39) * 128)
    }

    @Test func libjpegsOwnRefusalIsTheTypedError() throws {
        // The coefficients alone fit the limit, so the header check passes; libjpeg's memory
        // manager (max_memory_to_use) also counts what it allocated before, finds no room and,
        // having no backing store, errors (JERR_NO_BACKING_STORE) through our error manager.
        let (data, coefficientBytes) = try Self.mediumProgressive()
        let limit = coefficientBytes
        let decoder = JPEGDecoder(limits: ImageLimits(maximumDecoderMemoryBytes: limit))
        #expect(try decoder.header(of: data).width == 970)
        let region = Resizer.Region(x: 0, y: 0, width: 10, height: 10)
        #expect(throws: ImageError.imageTooLarge(width: 970, height: 610, limit: .decoderMemory(limit))) {
            try Resizer(filter: .bilinear).resize(jpeg: data, decoder: decoder, width: 10, height: 10, keeping: region)
        }
        // With room for libjpeg's other buffers too, the same image decodes.
        let roomy = JPEGDecoder(limits: ImageLimits(maximumDecoderMemoryBytes: limit + (1 << 20)))
        #expect(try Resizer(filter: .bilinear).resize(jpeg: data, decoder: roomy, width: 10, height: 10, keeping: region).width == 10)
    }

    @Test func wholeImageDecodeCountsTheImageAndItsRotation() throws {
        let fixtures = try ImagingFixtures.load()
        let rotated = try fixtures.bytes("jpeg/exif-orientation-6.jpg")
        let imageBytes = 97 * 61 * 3
        // Baseline: no coefficient buffers, but the decoded image and its rotated copy.
        let tight = ImageLimits(maximumDecoderMemoryBytes: 2 * imageBytes - 1)
        #expect(throws: ImageError.imageTooLarge(width: 97, height: 61, limit: .decoderMemory(2 * imageBytes - 1))) {
            try JPEGDecoder(limits: tight).decode(rotated)
        }
        #expect(try JPEGDecoder(limits: ImageLimits(maximumDecoderMemoryBytes: 2 * imageBytes)).decode(rotated).width == 61)
        // Unrotated, the baseline file needs only its image.
        let baseline = try fixtures.bytes("jpeg/baseline.jpg")
        #expect(try JPEGDecoder(limits: ImageLimits(maximumDecoderMemoryBytes: imageBytes)).decode(baseline).width == 97)
    }

    @Test func functionMemorySizesTheLimit() {
        #expect(ImageLimits(functionMemoryMegabytes: 256).maximumDecoderMemoryBytes == 128 << 20)
        #expect(ImageLimits(functionMemoryMegabytes: 1769).maximumDecoderMemoryBytes == 1769 << 19)
        #expect(ImageLimits(functionMemoryMegabytes: nil) == ImageLimits.default)
    }
}
