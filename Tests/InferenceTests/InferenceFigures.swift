import CurlHTTP
import Inference
import LocalServices
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Prints the figures docs/inference.md quotes (debug build unless run with `-c release`),
/// while checking every answer.
@Suite struct InferenceFigures {
    @Test func roundTripLatencyAndEncodingSizesArePrinted() async throws {
        try await BlockingIO.run { () throws in
            let server = try TritonServer.shared()
            let client = try makeClient(for: server)
            let image = ReferenceClassifier.arbitraryImages(count: 1, seed: 7)
            let input = InferenceTensor(name: "INPUT__0", shape: [1, 3, 224, 224], float32: image)
            let reference = try client.infer(classifier, inputs: [input]).output(named: "OUTPUT__0").float32Values()
            for encoding in [TensorEncoding.binary, .json] {
                var encodeTimes: [Duration] = []
                var roundTrips: [Duration] = []
                var size = 0
                for _ in 0..<50 {
                    let encodeStart = ContinuousClock.now
                    size = try InferenceWireFormat.encodeRequest(inputs: [input], outputs: nil, inputEncoding: encoding).body.count
                    encodeTimes.append(ContinuousClock.now - encodeStart)
                    let start = ContinuousClock.now
                    let output = try client.infer(classifier, inputs: [input], inputEncoding: encoding, outputEncoding: encoding)
                    roundTrips.append(ContinuousClock.now - start)
                    #expect(try output.output(named: "OUTPUT__0").float32Values() == reference)
                }
                print(
                    "inference figures [\(encoding)]: request body \(size) bytes, encode p50 \(median(encodeTimes)), round trip p50 \(median(roundTrips)) p95 \(percentile(roundTrips, 0.95)) over 50 calls (1×3×224×224 FP32)"
                )
            }
        }
    }

    private func median(_ values: [Duration]) -> Duration { percentile(values, 0.5) }

    private func percentile(_ values: [Duration], _ fraction: Double) -> Duration {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction + 0.5))]
    }
}
