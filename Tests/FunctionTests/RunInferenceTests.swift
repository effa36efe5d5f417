import AWSClients
import CurlHTTP
import Digests
import Foundation
import Inference
import LambdaEmulator
import LocalServices
import Testing

/// RunInference, the real executable, between moto's S3 and a real Triton (PyTriton on CPU).
@Suite(.serialized)
struct RunInferenceTests {
    static let function = "RunInference"
    static let shape = [1, 3, 224, 224]
    static let labels = ["normal", "effusion", "nodule", "pneumothorax"]

    /// A deterministic tensor with structure in every channel.
    static let values: [Float] = (0..<(3 * 224 * 224)).map { index in
        let channel = index / (224 * 224)
        return Float((index % 224) + channel * 50) / 300 - 0.5
    }

    static var bytes: [UInt8] { values.withUnsafeBytes { Array($0) } }

    func environment(triton: String, bucket: String) -> [String: String] {
        [
            "RADSTREAM_INFERENCE_URL": triton, "MODEL_NAME": TritonServer.FixtureModel.name,
            "MODEL_LABELS": Self.labels.joined(separator: ","),
            "MODEL_TOP_K": "4", "TENSORS_BUCKETS": bucket,
        ]
    }

    func reference(bucket: String, key: String, bytes: [UInt8] = RunInferenceTests.bytes) -> [String: Any] {
        [
            "bucket": bucket, "key": key, "sha256": Digests.hex(Digests.sha256(bytes)), "shape": Self.shape, "dataType": "float32",
            "layout": "NCHW", "sourceWidth": 2500, "sourceHeight": 3000, "sizeBytes": bytes.count,
            "timings": [
                "downloadMilliseconds": 1, "decodeMilliseconds": 1, "resizeMilliseconds": 1, "encodeMilliseconds": 1,
                "uploadMilliseconds": 1,
            ],
        ]
    }

    func upload(_ bytes: [UInt8], to bucket: String, key: String, moto: MotoServer) async throws {
        try await BlockingIO.run {
            try moto.createBucket(bucket)
            try S3Client(configuration: try moto.configuration()).putObject(bucket: bucket, key: key, body: bytes)
        }
    }

    @Test func predictionsMatchTheModelServedByTriton() async throws {
        let triton = try await BlockingIO.run { try TritonServer.shared() }
        let bucket = uniqueBucket("tensors")
        try await FunctionHarness.withFunction(Self.function, environment: environment(triton: triton.endpoint, bucket: bucket)) {
            emulator, _, moto in
            try await upload(Self.bytes, to: bucket, key: "tensors/s/t.bin", moto: moto)
            let result = try await FunctionHarness.invoke(emulator, Self.function, reference(bucket: bucket, key: "tensors/s/t.bin"))
            #expect(!result.isError, "\(result.payloadText)")
            let outcome = try jsonObject(result.payload)
            #expect(outcome["model"] as? String == TritonServer.FixtureModel.name)
            let predictions = try #require(outcome["predictions"] as? [[String: Any]])

            // The same tensor straight to Triton with the library: the function must agree exactly.
            let expected = try await BlockingIO.run {
                let client = InferenceClient(configuration: try InferenceConfiguration(endpoint: triton.endpoint))
                let answer = try client.infer(
                    ModelReference(name: TritonServer.FixtureModel.name),
                    inputs: [InferenceTensor(name: TritonServer.FixtureModel.input, shape: Self.shape, float32: Self.values)])
                let classification = Classification(labels: Self.labels, appliesSoftmax: true, topK: 4)
                return try classification.predictions(for: answer.output(named: TritonServer.FixtureModel.output))[0]
            }
            #expect(predictions.map { $0["label"] as? String } == expected.map(\.label))
            let scores = predictions.compactMap { $0["score"] as? Double }
            #expect(scores.count == expected.count)
            #expect(zip(scores, expected.map(\.score)).allSatisfy { abs($0 - $1) < 1e-12 }, "equal up to JSON's last digit")
            let total = predictions.compactMap { $0["score"] as? Double }.reduce(0, +)
            #expect(abs(total - 1) < 1e-9, "softmax over all four classes")
        }
    }

    @Test func tamperedTensorIsRefused() async throws {
        let triton = try await BlockingIO.run { try TritonServer.shared() }
        let bucket = uniqueBucket("tensors")
        try await FunctionHarness.withFunction(Self.function, environment: environment(triton: triton.endpoint, bucket: bucket)) {
            emulator, _, moto in
            var tampered = Self.bytes
            tampered[100] ^= 0xFF
            try await upload(tampered, to: bucket, key: "tensors/s/t.bin", moto: moto)
            let result = try await FunctionHarness.invoke(emulator, Self.function, reference(bucket: bucket, key: "tensors/s/t.bin"))
            #expect(try jsonObject(result.payload)["errorType"] as? String == "IntegrityCheckFailed")

            var wrongShape = reference(bucket: bucket, key: "tensors/s/t.bin")
            wrongShape["shape"] = [Int.max, 2]
            let overflow = try await FunctionHarness.invoke(emulator, Self.function, wrongShape)
            #expect(try jsonObject(overflow.payload)["errorType"] as? String == "IntegrityCheckFailed", "a hostile shape never traps")
        }
    }

    @Test func tritonDownEndsInATypedRetryableErrorBeforeTheTimeout() async throws {
        let port = try LoopbackPort.unused()
        let bucket = uniqueBucket("tensors")
        let environment = environment(triton: "http://127.0.0.1:\(port)", bucket: bucket)
        try await FunctionHarness.withFunction(Self.function, environment: environment, timeout: .seconds(4)) { emulator, _, moto in
            try await upload(Self.bytes, to: bucket, key: "tensors/s/t.bin", moto: moto)
            let result = try await FunctionHarness.invoke(emulator, Self.function, reference(bucket: bucket, key: "tensors/s/t.bin"))
            let errorType = try jsonObject(result.payload)["errorType"] as? String
            #expect(
                errorType == "Inference.Unavailable" || errorType == "Inference.DeadlineExceeded", "got \(String(describing: errorType))")
            #expect(result.functionErrorType != "Sandbox.Timedout", "the function stops retrying before Lambda kills it")
        }
    }

    @Test func tensorOutsideTheAllowListIsRefused() async throws {
        let triton = try await BlockingIO.run { try TritonServer.shared() }
        try await FunctionHarness.withFunction(Self.function, environment: environment(triton: triton.endpoint, bucket: "tensors-ok")) {
            emulator, _, _ in
            let result = try await FunctionHarness.invoke(emulator, Self.function, reference(bucket: "elsewhere", key: "k.bin"))
            #expect(try jsonObject(result.payload)["errorType"] as? String == "BucketNotAllowed")
        }
    }
}
