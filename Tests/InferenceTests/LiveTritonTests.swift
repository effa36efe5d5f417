import CurlHTTP
import Inference
import LocalServices
import Testing

/// InferenceClient against a real Triton (PyTriton, CPU) serving the deterministic fixture model.
/// A missing PyTriton environment fails these tests with a message saying what to run.
@Suite struct LiveTritonTests {
    /// Runs `body` with a client for the shared server, on a thread of its own.
    func withClient<T: Sendable>(_ body: @escaping @Sendable (InferenceClient, TritonServer) throws -> T) async throws -> T {
        try await BlockingIO.run { () throws in
            let server = try TritonServer.shared()
            return try body(try makeClient(for: server), server)
        }
    }

    @Test func serverAndModelReportReady() async throws {
        try await withClient { client, _ throws in
            #expect(try client.isServerReady())
            #expect(try client.isModelReady(classifier))
            #expect(try client.isModelReady(ModelReference(name: TritonServer.FixtureModel.name)))
            #expect(try client.isModelReady(ModelReference(name: "no_such_model")) == false)
            #expect(try client.isModelReady(ModelReference(name: TritonServer.FixtureModel.name, version: "7")) == false)
        }
    }

    @Test func metadataIsLearnedFromTheServer() async throws {
        try await withClient { client, _ throws in
            let metadata = try client.metadata(for: classifier)
            #expect(metadata.name == "radstream_classifier")
            #expect(metadata.versions == ["1"])
            #expect(metadata.inputs == [.init(name: "INPUT__0", datatype: "FP32", shape: [-1, 3, 224, 224])])
            #expect(metadata.outputs == [.init(name: "OUTPUT__0", datatype: "FP32", shape: [-1, 4])])
            #expect(try client.metadata(for: classifier) == metadata)  // served from the cache
            #expect(throws: InferenceError.modelNotFound(model: "no_such_model", version: nil)) {
                try client.metadata(for: ModelReference(name: "no_such_model"))
            }
        }
    }

    @Test func batchOfOneMatchesTheReferenceExactly() async throws {
        try await withClient { client, _ throws in
            let image = ReferenceClassifier.exactImages(count: 1, seed: 1)
            let input = InferenceTensor(name: "INPUT__0", shape: [1, 3, 224, 224], float32: image)
            let result = try client.infer(classifier, inputs: [input], outputs: ["OUTPUT__0"])
            #expect(result.modelName == "radstream_classifier")
            #expect(result.modelVersion == "1")
            let output = try result.output(named: "OUTPUT__0")
            #expect(output.shape == [1, 4])
            #expect(output.datatype == .fp32)
            let expected = ReferenceClassifier.logits(batch: image)
            #expect(try output.float32Values() == expected)
            #expect(expected.allSatisfy { $0 != 0 })  // the check is not vacuous
        }
    }

    @Test(arguments: [TensorEncoding.binary, .json])
    func everyEncodingGivesTheSameAnswer(encoding: TensorEncoding) async throws {
        try await withClient { client, _ throws in
            let image = ReferenceClassifier.exactImages(count: 1, seed: 2)
            let input = InferenceTensor(name: "INPUT__0", shape: [1, 3, 224, 224], float32: image)
            // All outputs (nil) and the given encoding both ways.
            let result = try client.infer(classifier, inputs: [input], inputEncoding: encoding, outputEncoding: encoding)
            #expect(try result.output(named: "OUTPUT__0").float32Values() == ReferenceClassifier.logits(batch: image))
        }
    }

    @Test func arbitraryFloatTensorRoundTripsThroughTheBinaryEncoding() async throws {
        try await withClient { client, _ throws in
            let image = ReferenceClassifier.arbitraryImages(count: 1, seed: 42)
            let input = InferenceTensor(name: "INPUT__0", shape: [1, 3, 224, 224], float32: image)
            // The bytes after the JSON header are the tensor, little-endian, unchanged.
            let encoded = try InferenceWireFormat.encodeRequest(inputs: [input], outputs: nil)
            let headerLength = try #require(encoded.headerLength)
            #expect(encoded.body.count == headerLength + 3 * 224 * 224 * 4)
            let decoded = InferenceTensor(name: "x", datatype: .fp32, shape: [1, 3, 224, 224], data: Array(encoded.body[headerLength...]))
            #expect(try decoded.float32Values().map(\.bitPattern) == image.map(\.bitPattern))
            // And the server read the same floats: its answer agrees with the reference.
            let output = try client.infer(classifier, inputs: [input]).output(named: "OUTPUT__0").float32Values()
            for (got, want) in zip(output, ReferenceClassifier.logits(batch: image)) {
                #expect(abs(got - want) <= 1e-5 * max(1, abs(want)))
            }
        }
    }

    @Test func batchOfThreeGivesOneRowPerImage() async throws {
        try await withClient { client, _ throws in
            let images = ReferenceClassifier.exactImages(count: 3, seed: 3)
            let input = InferenceTensor(name: "INPUT__0", shape: [3, 3, 224, 224], float32: images)
            let output = try client.infer(classifier, inputs: [input]).output(named: "OUTPUT__0")
            #expect(output.shape == [3, 4])
            #expect(try output.float32Values() == ReferenceClassifier.logits(batch: images))
        }
    }

    @Test func topKWithSoftmaxRanksTheServersLogits() async throws {
        try await withClient { client, _ throws in
            let image = ReferenceClassifier.exactImages(count: 1, seed: 4)
            let input = InferenceTensor(name: "INPUT__0", shape: [1, 3, 224, 224], float32: image)
            let output = try client.infer(classifier, inputs: [input]).output(named: "OUTPUT__0")
            let labels = ["normal", "nodule", "effusion", "pneumothorax"]
            let predictions = try Classification(labels: labels, appliesSoftmax: true, topK: 2).predictions(for: output)
            let logits = ReferenceClassifier.logits(batch: image).map(Double.init)
            let probabilities = Classification.softmax(logits)
            let order = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] }
            #expect(predictions.count == 1)
            #expect(predictions[0].map(\.index) == Array(order.prefix(2)))
            #expect(predictions[0].map(\.label) == order.prefix(2).map { labels[$0] })
            for (prediction, index) in zip(predictions[0], order) {
                #expect(abs(prediction.score - probabilities[index]) < 1e-12)
            }
        }
    }

    @Test func wrongInputShapeIsRejected() async throws {
        try await withClient { client, _ throws in
            let input = InferenceTensor(name: "INPUT__0", shape: [1, 3, 224, 223], float32: Array(repeating: 0, count: 3 * 224 * 223))
            let error = #expect(throws: InferenceError.self) { try client.infer(classifier, inputs: [input]) }
            #expect(error?.errorType == "Inference.Rejected")
            #expect(error?.isRetryable == false)
            guard case .rejected(let status, let message)? = error else { return }
            #expect(status == 400)
            #expect(message.contains("unexpected shape"))
        }
    }

    @Test func wrongInputNameAndDatatypeAreRejected() async throws {
        try await withClient { client, _ throws in
            let named = InferenceTensor(name: "PIXELS", shape: [1, 3, 224, 224], float32: Array(repeating: 0, count: 3 * 224 * 224))
            #expect(throws: InferenceError.self) { try client.infer(classifier, inputs: [named]) }
            let wide = InferenceTensor(
                name: "INPUT__0", datatype: .fp64, shape: [1, 3, 224, 224], data: Array(repeating: 0, count: 3 * 224 * 224 * 8))
            let error = #expect(throws: InferenceError.self) { try client.infer(classifier, inputs: [wide]) }
            #expect(error?.errorType == "Inference.Rejected")
        }
    }

    @Test func inconsistentInputIsRefusedBeforeSending() async throws {
        try await withClient { client, _ throws in
            let short = InferenceTensor(name: "INPUT__0", datatype: .fp32, shape: [1, 3, 224, 224], data: [0, 0, 0, 0])
            let error = #expect(throws: InferenceError.self) { try client.infer(classifier, inputs: [short]) }
            #expect(error?.errorType == "Inference.InvalidInput")
        }
    }

    @Test func unknownModelIsNotFound() async throws {
        try await withClient { client, _ throws in
            let input = InferenceTensor(name: "INPUT__0", shape: [1, 3, 224, 224], float32: Array(repeating: 0, count: 3 * 224 * 224))
            #expect(throws: InferenceError.modelNotFound(model: "no_such_model", version: "1")) {
                try client.infer(ModelReference(name: "no_such_model", version: "1"), inputs: [input])
            }
        }
    }
}
