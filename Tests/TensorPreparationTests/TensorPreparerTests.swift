import Foundation
import Imaging
import TensorPreparation
import Testing

/// Geometry, intensity, channels and encoding on images built in memory, where the expected
/// values follow from the arithmetic alone.
@Suite("Tensor preparation")
struct TensorPreparerTests {
    /// A gray 8-bit image whose value depends on x only (or on x and y with `value`).
    static func gray(width: Int, height: Int, _ value: (Int, Int) -> UInt8) -> DecodedImage {
        var samples: [UInt8] = []
        for y in 0..<height { for x in 0..<width { samples.append(value(x, y)) } }
        return DecodedImage(width: width, height: height, channels: 1, samples: .eightBit(samples))
    }

    /// Plain intensities: mean 0, std 1, one channel.
    static func plain(_ configure: (inout PreprocessingConfiguration) -> Void) throws -> TensorPreparer {
        var configuration = PreprocessingConfiguration(channels: 1, mean: [0], standardDeviation: [1])
        configure(&configuration)
        return try TensorPreparer(configuration: configuration)
    }

    @Test func stretchResizesToTheTargetIgnoringAspect() throws {
        let image = Self.gray(width: 400, height: 100) { x, _ in UInt8(x * 255 / 399) }
        let preparer = try Self.plain {
            $0.width = 50; $0.height = 50
        }
        let tensor = preparer.tensor(from: image)
        #expect(tensor.shape == [1, 1, 50, 50])
        let expected = Resizer().resize(image, width: 50, height: 50).values.map { $0 / 255 }
        #expect(Difference(tensor.floatValues(), expected).maximum < 1e-6)
    }

    @Test func centerCropEqualsTheCentreOfTheFullResize() throws {
        let image = Self.gray(width: 400, height: 200) { x, y in UInt8((x * 7 + y * 3) % 256) }
        let preparer = try Self.plain {
            $0.width = 100; $0.height = 100; $0.geometry = .centerCrop
        }
        let tensor = preparer.tensor(from: image)
        #expect(tensor.shape == [1, 1, 100, 100])
        // torchvision: shorter side 200 → 100, so 400×200 → 200×100, then columns 50..<150.
        let full = Resizer().resize(image, width: 200, height: 100)
        var expected: [Float] = []
        for y in 0..<100 { for x in 50..<150 { expected.append(full.values[y * 200 + x] / 255) } }
        let values = tensor.floatValues()
        #expect(Difference(values, expected).maximum < 1e-6, "\(values.prefix(6)) vs \(expected.prefix(6))")
    }

    @Test func letterboxFitsAndPads() throws {
        let image = Self.gray(width: 200, height: 100) { _, _ in 255 }
        let preparer = try Self.plain {
            $0.width = 100; $0.height = 100; $0.geometry = .letterbox; $0.padValue = 0.25
        }
        let values = preparer.tensor(from: image).floatValues()
        // 200×100 fits as 100×50, centred: rows 25..<75 are the image, the rest padding.
        for y in [0, 24, 75, 99] { #expect(values[y * 100 + 50] == 0.25, "row \(y)") }
        for y in [25, 50, 74] { #expect(abs(values[y * 100 + 50] - 1) < 1e-6, "row \(y)") }
    }

    @Test func windowMapsRawSixteenBitSamplesAndClamps() throws {
        let samples: [UInt16] = [500, 1000, 1200, 1400, 60000, 1100]
        let image = DecodedImage(width: 6, height: 1, channels: 1, samples: .sixteenBit(samples))
        let preparer = try Self.plain {
            $0.width = 6; $0.height = 1; $0.intensity = .window(center: 1200, width: 400)
        }
        let values = preparer.tensor(from: image).floatValues()
        let expected: [Float] = [0, 0, 0.5, 1, 1, 0.25]
        #expect(Difference(values, expected).maximum < 1e-6, "\(values)")
    }

    @Test func fullRangeMapsSixteenBitOverTheWholeRange() throws {
        let image = DecodedImage(width: 3, height: 1, channels: 1, samples: .sixteenBit([0, 32768, 65535]))
        let values = try Self.plain {
            $0.width = 3; $0.height = 1
        }.tensor(from: image).floatValues()
        #expect(Difference(values, [0, 32768 / 65535, 1]).maximum < 1e-6)
    }

    @Test func minMaxStretchesEachImage() throws {
        let image = Self.gray(width: 5, height: 1) { x, _ in UInt8(50 + 25 * x) }
        let values = try Self.plain {
            $0.width = 5; $0.height = 1; $0.intensity = .minMax
        }.tensor(from: image).floatValues()
        #expect(Difference(values, [0, 0.25, 0.5, 0.75, 1]).maximum < 1e-6)
        let flat = Self.gray(width: 5, height: 1) { _, _ in 77 }
        #expect(
            try Self.plain {
                $0.width = 5; $0.height = 1; $0.intensity = .minMax
            }.tensor(from: flat).floatValues() == [0, 0, 0, 0, 0])
    }

    @Test func grayIsReplicatedAndNormalisedPerChannel() throws {
        let image = Self.gray(width: 2, height: 2) { _, _ in 255 }
        var configuration = PreprocessingConfiguration()
        configuration.width = 2
        configuration.height = 2
        let tensor = try TensorPreparer(configuration: configuration).tensor(from: image)
        #expect(tensor.shape == [1, 3, 2, 2])
        let values = tensor.floatValues()
        let mean = TensorEncoder.imageNetMean
        let standardDeviation = TensorEncoder.imageNetStandardDeviation
        for channel in 0..<3 {
            #expect(abs(values[channel * 4] - (1 - mean[channel]) / standardDeviation[channel]) < 1e-5)
        }
    }

    @Test func rgbBecomesLumaForOneChannel() throws {
        let image = DecodedImage(width: 1, height: 1, channels: 3, samples: .eightBit([255, 0, 0]))
        let values = try Self.plain {
            $0.width = 1; $0.height = 1
        }.tensor(from: image).floatValues()
        #expect(abs(values[0] - 0.299) < 1e-5)
    }

    @Test func nhwcAndNoBatchDimensionShapeTheTensor() throws {
        let image = DecodedImage(width: 2, height: 1, channels: 3, samples: .eightBit([255, 0, 0, 0, 255, 0]))
        var configuration = PreprocessingConfiguration(
            mean: [0, 0, 0], standardDeviation: [1, 1, 1], layout: .nhwc, batchDimension: false)
        configuration.width = 2
        configuration.height = 1
        let tensor = try TensorPreparer(configuration: configuration).tensor(from: image)
        #expect(tensor.shape == [1, 2, 3])
        #expect(tensor.floatValues() == [1, 0, 0, 0, 1, 0])
    }

    @Test func float16HoldsTheFloat32ValuesRounded() throws {
        let image = Self.gray(width: 300, height: 240) { x, y in UInt8((x * 13 + y * 5) % 256) }
        let single = try TensorPreparer().tensor(from: image)
        let half = try TensorPreparer(configuration: PreprocessingConfiguration(dataType: .float16)).tensor(from: image)
        #expect(half.elementType == .float16 && half.shape == single.shape && half.bytes.count == single.bytes.count / 2)
        let exact = single.floatValues()
        let rounded = half.floatValues()
        for index in exact.indices {
            #expect(rounded[index] == Float(Float16(exact[index])))
        }
        // binary16 keeps 11 significant bits: relative error at most 2⁻¹¹ in the normal range.
        #expect(zip(exact, rounded).allSatisfy { abs($0 - $1) <= abs($0) / 2048 + 1e-7 })
    }

    @Test func fastModeKeepsTheDecodeAtLeastTwiceTheTarget() throws {
        let bytes = try syntheticJPEG()
        let fast = try TensorPreparer(configuration: PreprocessingConfiguration(decodeMode: .fast)).prepare(bytes)
        #expect(fast.decodeScaleDenominator == 2)  // 1024×1024: 1/2 is 512 ≥ 448, 1/4 is 256.
        #expect(fast.sourceWidth == 1024 && fast.sourceHeight == 1024)
        let accurate = try TensorPreparer().prepare(bytes)
        #expect(accurate.decodeScaleDenominator == 1)
        let difference = Difference(
            greyLevels(fast.tensor.floatValues(), height: 224, width: 224),
            greyLevels(accurate.tensor.floatValues(), height: 224, width: 224))
        #expect(difference.maximum < 4, "\(difference)")
    }

    @Test func corruptBytesAreTypedErrors() throws {
        let preparer = try TensorPreparer()
        #expect(throws: PreparationError.image(.emptyInput)) { _ = try preparer.prepare([]) }
        #expect(throws: PreparationError.image(.unsupportedFormat)) { _ = try preparer.prepare(Array("hello".utf8)) }
        let bytes = try syntheticJPEG()
        #expect(throws: PreparationError.image(.truncatedImage)) { _ = try preparer.prepare(Array(bytes.prefix(bytes.count / 2))) }
    }

    /// A 1024×1024 JPEG from the fixture script's film generator.
    func syntheticJPEG() throws -> [UInt8] {
        let fixtures = try PreparationFixtures.load()
        let path = fixtures.path("square-1024.jpg")
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

/// The allocator setting PrepareTensors applies at initialisation takes on this glibc system.
@Suite struct AllocatorTuningTests {
    @Test func glibcAcceptsTheSettings() {
        #expect(AllocatorTuning.keepFreedBuffersForReuse())
    }
}
