import Foundation
import Imaging
import Testing

@Suite("PngSuite")
struct PngSuiteTests {
    @Test func pngSuiteFolderIsPresent() {
        #expect(
            ImagingFixtures.pngSuiteFileNames.count == 175,
            "expected the 175 PngSuite images in \(ImagingFixtures.pngSuiteFolder.path)")
    }

    @Test(arguments: ImagingFixtures.pngSuiteFileNames)
    func pngSuiteFileDecodesExactlyOrFailsTyped(_ name: String) throws {
        let data = [UInt8](try Data(contentsOf: ImagingFixtures.pngSuiteFolder.appending(path: name)))
        if name.hasPrefix("x") {
            do {
                let image = try ImageDecoder().decode(data)
                Issue.record("\(name) is corrupt but decoded to \(image.width)×\(image.height)")
            } catch {
                #expect(
                    ["CorruptImage", "TruncatedImage", "UnsupportedFormat", "UnsupportedImage"].contains(error.errorType),
                    "\(name): \(error)")
            }
            return
        }
        let fixtures = try ImagingFixtures.load()
        let entry = try fixtures.entry(name, in: \.pngsuite)
        let image = try ImageDecoder().decode(data)
        #expect(image.width == entry.width)
        #expect(image.height == entry.height)
        #expect(image.channels == entry.channels)
        #expect(image.bitDepth == entry.bitDepth)
        let expected = try fixtures.referenceSamples(try #require(entry.reference), bitDepth: try #require(entry.bitDepth))
        #expect(image.samples == expected, "\(name) differs from its \(entry.referenceDecoder ?? "?") reference")
    }

    @Test func sixteenBitPrecisionIsKept() throws {
        let data = [UInt8](try Data(contentsOf: ImagingFixtures.pngSuiteFolder.appending(path: "basn0g16.png")))
        let image = try PNGDecoder().decode(data)
        guard case .sixteenBit(let samples) = image.samples else {
            Issue.record("16-bit gray decoded to \(image.bitDepth) bits")
            return
        }
        // Values that differ only in the low byte prove nothing was reduced to 8 bits.
        #expect(Set(samples.map { $0 & 0xFF }).count > 1)
    }

    @Test func headerIsReadWithoutDecoding() throws {
        let data = [UInt8](try Data(contentsOf: ImagingFixtures.pngSuiteFolder.appending(path: "basi3p08.png")))
        let header = try ImageDecoder().header(of: data)
        #expect(header == ImageHeader(format: .png, width: 32, height: 32, channels: 3, bitDepth: 8, orientation: 1))
    }
}
