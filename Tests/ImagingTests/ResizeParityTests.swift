import Imaging
import Testing

/// Swift decode + resize against Pillow's `Image.resize((224, 224), …)` on the 0–255 scale,
/// before normalisation. The bound for the default BILINEAR (docs/imaging.md): max ≤ 1.5 grey
/// levels, mean ≤ 0.5. BICUBIC gets max ≤ 2.5: Pillow clips and rounds its intermediate 8-bit
/// image between the passes, which matters where the negative lobes overshoot.
@Suite("Resize parity with Pillow")
struct ResizeParityTests {
    static let images = ["film-2500x3000.jpg", "photo-1200x900.jpg", "wide-gray-640x200.png", "upscale-150x100.png", "odd-rgb-333x517.png"]

    @Test(arguments: images)
    func bilinearResizeMatchesPillow(_ name: String) throws {
        try compare(name, filter: .bilinear, reference: \.reference, maximum: 1.5)
    }

    @Test(arguments: images)
    func bicubicResizeMatchesPillow(_ name: String) throws {
        try compare(name, filter: .bicubic, reference: \.bicubicReference, maximum: 2.5)
    }

    private func compare(_ name: String, filter: ResampleFilter, reference: KeyPath<ImagingFixtures.Entry, String?>, maximum: Double) throws
    {
        let fixtures = try ImagingFixtures.load()
        let entry = try fixtures.entry(name, in: \.resize)
        let image = try ImageDecoder().decode(try fixtures.bytes(try #require(entry.source)))
        let resized = Resizer(filter: filter).resize(image, width: 224, height: 224)
        #expect(resized.channels == entry.channels)
        let expected = try fixtures.referenceSamples(try #require(entry[keyPath: reference]), bitDepth: 8).floats
        let difference = SampleDifference(resized.values, expected)
        print("resize parity \(filter) \(name): \(difference) (Pillow decode+resize \(entry.pillowMilliseconds ?? 0) ms)")
        #expect(difference.maximum <= maximum, "\(name): \(difference)")
        #expect(difference.mean <= 0.5, "\(name): \(difference)")
    }
}
