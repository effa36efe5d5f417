import Imaging
import Testing

@Suite("Resizer")
struct ResizerTests {
    @Test(arguments: [ResampleFilter.bilinear, .bicubic])
    func constantImageStaysConstant(_ filter: ResampleFilter) {
        let image = DecodedImage(width: 37, height: 23, channels: 3, samples: .eightBit([UInt8](repeating: 77, count: 37 * 23 * 3)))
        for (width, height) in [(5, 4), (224, 224), (37, 9), (100, 23)] {
            let resized = Resizer(filter: filter).resize(image, width: width, height: height)
            #expect(resized.values.allSatisfy { abs($0 - 77) < 1e-3 }, "\(width)×\(height)")
        }
    }

    @Test func halvingWithBilinearAveragesTheTriangleFootprint() {
        // Pillow's arithmetic for 4 → 2 (scale 2, support 2): output 0 has centre 1, taps 0…2 at
        // distances (−0.5, 0.5, 1.5)/2 → weights (0.75, 0.75, 0.25), normalised (3/7, 3/7, 1/7);
        // output 1 has centre 3, taps 1…3 → (1/7, 3/7, 3/7).
        let image = DecodedImage(width: 4, height: 1, channels: 1, samples: .eightBit([0, 70, 140, 210]))
        let resized = Resizer().resize(image, width: 2, height: 1)
        #expect(abs(resized.values[0] - 50) < 1e-4)  // (0·3 + 70·3 + 140·1) / 7
        #expect(abs(resized.values[1] - 160) < 1e-4)  // (70·1 + 140·3 + 210·3) / 7
    }

    @Test func sixteenBitSamplesKeepTheirScale() {
        let image = DecodedImage(width: 2, height: 2, channels: 1, samples: .sixteenBit([0, 65535, 65535, 0]))
        let resized = Resizer().resize(image, width: 1, height: 1)
        #expect(resized.maximumSampleValue == 65535)
        #expect(abs(resized.values[0] - 32767.5) < 0.01)
    }

    @Test func sameSizeIsTheIdentity() {
        let samples: [UInt8] = (0..<30).map { UInt8($0 * 7) }
        let image = DecodedImage(width: 5, height: 2, channels: 3, samples: .eightBit(samples))
        #expect(Resizer().resize(image, width: 5, height: 2).values == samples.map(Float.init))
    }
}
