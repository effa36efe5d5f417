import CurlHTTP
import Inference
import LocalServices
import Retrying

/// The fixture model's arithmetic (Tests/Fixtures/triton/serve_model.py), restated in Swift so
/// a test can predict Triton's answer bit for bit.
enum ReferenceClassifier {
    static let weights: [[Double]] = [[1.0, -2.0, 0.5], [-0.25, 0.75, 1.5], [2.0, 0.125, -1.0], [-1.5, -0.5, 0.25]]
    static let biases: [Double] = [0.1, -0.2, 0.3, 0.0]
    static let channelSize = 224 * 224
    static let imageSize = 3 * channelSize

    /// The four logits of one image (`3 × 224 × 224` floats).
    static func logits(_ image: ArraySlice<Float>) -> [Float] {
        let start = image.startIndex
        let means = (0..<3).map { channel in
            image[(start + channel * channelSize)..<(start + (channel + 1) * channelSize)].reduce(0.0) { $0 + Double($1) }
                / Double(channelSize)
        }
        return zip(weights, biases).map { row, bias in
            Float(((row[0] * means[0] + row[1] * means[1]) + row[2] * means[2]) + bias)
        }
    }

    /// The logits of every image in a batch, row after row.
    static func logits(batch values: [Float]) -> [Float] {
        stride(from: 0, to: values.count, by: imageSize).flatMap { logits(values[$0..<($0 + imageSize)]) }
    }

    /// A batch of images whose values are multiples of 1/256 in [-2, 2]: every float64 sum of
    /// them is exact, so the server's summation order cannot change the result.
    static func exactImages(count: Int, seed: Int) -> [Float] {
        (0..<(count * imageSize)).map { index in Float(((index &* 7919 &+ seed * 104_729) % 1025) - 512) / 256 }
    }

    /// Arbitrary floats (not exactly summable): the answer then matches within rounding.
    static func arbitraryImages(count: Int, seed: UInt64) -> [Float] {
        var state = seed | 1
        return (0..<(count * imageSize)).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Float(state % 1_000_000) / 1_000_000 * 4.5 - 2.1
        }
    }
}

/// A client for a server started by the tests; the retry policy is short so failures are quick.
func makeClient(for server: TritonServer, retryPolicy: RetryPolicy = .standard) throws -> InferenceClient {
    InferenceClient(configuration: try InferenceConfiguration(endpoint: server.endpoint, retryPolicy: retryPolicy))
}

let classifier = ModelReference(name: TritonServer.FixtureModel.name, version: TritonServer.FixtureModel.version)
