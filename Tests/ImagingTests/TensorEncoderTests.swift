import Imaging
import Testing

@Suite("Tensor encoding")
struct TensorEncoderTests {
    let rgb = ResampledImage(width: 2, height: 1, channels: 3, values: [255, 0, 51, 0, 255, 102], maximumSampleValue: 255)

    func normalised(_ value: Float, channel: Int) -> Float {
        (value - TensorEncoder.imageNetMean[channel]) / TensorEncoder.imageNetStandardDeviation[channel]
    }

    @Test func nchwIsPlanarWithImageNetNormalisation() {
        let tensor = TensorEncoder().encode(rgb)
        #expect(tensor.shape == [1, 3, 1, 2])
        #expect(tensor.elementType == .float32)
        #expect(tensor.bytes.count == 6 * 4)
        let expected: [Float] = [
            normalised(1, channel: 0), normalised(0, channel: 0),
            normalised(0, channel: 1), normalised(1, channel: 1),
            normalised(0.2, channel: 2), normalised(0.4, channel: 2),
        ]
        for (value, wanted) in zip(tensor.floatValues(), expected) { #expect(abs(value - wanted) < 1e-5) }
    }

    @Test func nhwcIsInterleaved() {
        let values = TensorEncoder(layout: .nhwc).encode(rgb).floatValues()
        #expect(abs(values[0] - normalised(1, channel: 0)) < 1e-5)
        #expect(abs(values[1] - normalised(0, channel: 1)) < 1e-5)
        #expect(abs(values[5] - normalised(0.4, channel: 2)) < 1e-5)
    }

    @Test func grayIsReplicatedAndSixteenBitUsesTheFullRange() {
        let gray = ResampledImage(width: 1, height: 1, channels: 1, values: [65535], maximumSampleValue: 65535)
        let tensor = TensorEncoder(mean: [0, 0, 0], standardDeviation: [1, 1, 1]).encode(gray)
        #expect(tensor.shape == [1, 3, 1, 1])
        #expect(tensor.floatValues() == [1, 1, 1])
    }

    @Test func float16IsHalfTheSizeAndClose() {
        let full = TensorEncoder().encode(rgb)
        let half = TensorEncoder(elementType: .float16).encode(rgb)
        #expect(half.bytes.count == full.bytes.count / 2)
        for (a, b) in zip(half.floatValues(), full.floatValues()) { #expect(abs(a - b) < 2e-3) }
    }

    @Test func float32BytesAreLittleEndian() {
        let one = ResampledImage(width: 1, height: 1, channels: 1, values: [255], maximumSampleValue: 255)
        let tensor = TensorEncoder(mean: [0, 0, 0], standardDeviation: [1, 1, 1]).encode(one)
        #expect(Array(tensor.bytes[0..<4]) == [0x00, 0x00, 0x80, 0x3F])  // 1.0f
    }
}
