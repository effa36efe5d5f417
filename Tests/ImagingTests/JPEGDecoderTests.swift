import Imaging
import Testing

@Suite("JPEG decoding")
struct JPEGDecoderTests {
    static let cases = [
        "baseline", "progressive", "grayscale", "subsampling-420", "subsampling-422", "subsampling-444", "cmyk",
        "restart-markers", "progressive-restart-rows",
    ]

    @Test(arguments: cases + (1...8).map { "exif-orientation-\($0)" })
    func jpegMatchesPillow(_ name: String) throws {
        let fixtures = try ImagingFixtures.load()
        let entry = try fixtures.entry(name, in: \.jpeg)
        let image = try JPEGDecoder().decode(try fixtures.bytes(try #require(entry.source)))
        #expect(image.width == entry.width)
        #expect(image.height == entry.height)
        #expect(image.channels == entry.channels)
        let expected = try fixtures.referenceSamples(try #require(entry.reference), bitDepth: 8)
        let difference = SampleDifference(image.samples.floats, expected.floats)
        #expect(difference.maximum == 0, "\(name): \(difference)")
    }

    @Test func orientationCanBeIgnored() throws {
        let fixtures = try ImagingFixtures.load()
        let data = try fixtures.bytes("jpeg/exif-orientation-6.jpg")
        let stored = try JPEGDecoder(appliesOrientation: false).decode(data)
        let upright = try JPEGDecoder().decode(data)
        #expect(try JPEGDecoder().header(of: data).orientation == 6)
        #expect((stored.width, stored.height) == (97, 61))
        #expect((upright.width, upright.height) == (61, 97))
    }

    @Test(arguments: JPEGDecoder.Scale.allCases)
    func dctScalingShrinksTheOutput(_ scale: JPEGDecoder.Scale) throws {
        let fixtures = try ImagingFixtures.load()
        let image = try JPEGDecoder(scale: scale).decode(try fixtures.bytes("jpeg/baseline.jpg"))
        let divisor = scale.rawValue
        #expect(image.width == (97 + divisor - 1) / divisor)
        #expect(image.height == (61 + divisor - 1) / divisor)
    }
}
