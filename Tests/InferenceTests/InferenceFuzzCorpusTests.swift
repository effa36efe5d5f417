import Foundation
import Testing

@testable import Inference

/// Replays the `FuzzInferenceResponse` seeds and regression inputs (Fuzz/corpus, Fuzz/regressions;
/// docs/fuzzing.md) without sanitizers, and pins the findings: every input ends in a validated
/// result whose outputs hold exactly shape × element size bytes, or in `Inference.InvalidResponse`.
struct InferenceFuzzCorpusTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let metadata = ModelMetadata(
        name: "radstream_classifier", inputs: [.init(name: "INPUT__0", datatype: "FP32", shape: [-1, 3, 224, 224])],
        outputs: [.init(name: "OUTPUT__0", datatype: "FP32", shape: [-1, 4])])

    static func files() -> [URL] {
        ["corpus", "regressions"].flatMap { folder in
            let url = repositoryRoot.appending(path: "Fuzz/\(folder)/inference-response")
            return ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted().map { url.appending(path: $0) }
        }
    }

    /// The fuzz target's framing: mode byte, header-length line, body. Returns an outcome name.
    static func outcome(of input: [UInt8]) -> String {
        guard let mode = input.first else { return "empty" }
        let rest = input.dropFirst()
        let newline = rest.firstIndex(of: UInt8(ascii: "\n")) ?? rest.endIndex
        let headerLine = String(decoding: rest[..<newline], as: UTF8.self)
        let body = Array(rest[min(newline + 1, rest.endIndex)...])
        if mode & 4 != 0 {
            guard let metadata = try? JSONDecoder().decode(ModelMetadata.self, from: Data(body)) else { return "metadata not decodable" }
            return "metadata \(metadata.name) with \(metadata.outputs.count) output(s)"
        }
        do {
            let result = try InferenceWireFormat.decodeResponse(
                body: body, headerLength: headerLine.isEmpty ? nil : headerLine,
                requestedOutputs: mode & 2 != 0 ? ["OUTPUT__0"] : nil, metadata: mode & 1 != 0 ? metadata : nil)
            for output in result.outputs {
                if let size = output.datatype.elementSize, output.elementCount.map({ $0 * size }) != output.data.count {
                    return "inconsistent output \(output.name)"
                }
                if output.shape.count == 2, output.datatype != .bytes {
                    _ = try Classification(topK: 2).predictions(for: output)
                }
            }
            return "ok \(result.outputs.map(\.name).joined(separator: ","))"
        } catch {
            return error.errorType
        }
    }

    @Test func seedsAndRegressionsGiveAValidatedResultOrATypedError() throws {
        let files = Self.files()
        try #require(files.count >= 9, "expected the seeds and regressions under Fuzz/")
        var outcomes: [String: String] = [:]
        for file in files { outcomes[file.lastPathComponent] = Self.outcome(of: Array(try Data(contentsOf: file))) }
        #expect(outcomes["binary-fp32.bin"] == "ok OUTPUT__0")
        #expect(outcomes["json-fp32.bin"] == "ok OUTPUT__0")
        #expect(outcomes["mixed-types.bin"] == "ok A,B,C,D")
        #expect(outcomes["model-metadata.bin"] == "metadata radstream_classifier with 1 output(s)")
        #expect(outcomes["truncated-binary.bin"] == "Inference.InvalidResponse")
        #expect(outcomes["header-length-too-large.bin"] == "Inference.InvalidResponse")
        #expect(outcomes["byte-count-overflow.bin"] == "Inference.InvalidResponse")
        #expect(outcomes["empty-rows-int-max.bin"] == "Inference.InvalidResponse")
        #expect(Set(outcomes.values).allSatisfy { $0.hasPrefix("ok ") || $0.hasPrefix("metadata ") || $0 == "Inference.InvalidResponse" })
    }

    @Test(arguments: [TensorDataType.fp32, .int64, .bool])
    func shapeWhoseByteSizeOverflowsIsRejected(datatype: TensorDataType) {
        // 2^61 elements: the count fits in Int, the byte count of 4- and 8-byte types does not.
        let dimension = 1 << 61
        let json =
            #"{"outputs":[{"name":"X","datatype":"\#(datatype.rawValue)","shape":[1,\#(dimension)],"parameters":{"binary_data_size":8}}]}"#
        let body = Array(json.utf8) + Array(repeating: 0, count: 8)
        let expected: InferenceError =
            datatype == .bool
            ? .invalidResponse(.binarySizeMismatch(output: "X", shape: [1, dimension], datatype: .bool, declaredBytes: 8))
            : .invalidResponse(.invalidShape(output: "X", shape: [1, dimension]))
        #expect(throws: expected) {
            try InferenceWireFormat.decodeResponse(body: body, headerLength: String(json.utf8.count))
        }
    }

    @Test func classificationRefusesOutputsItCannotRank() throws {
        let classification = Classification(topK: 3)
        let emptyRows = InferenceTensor(name: "OUT", datatype: .fp32, shape: [Int.max, 0], data: [])
        #expect(throws: InferenceError.invalidResponse(.invalidShape(output: "OUT", shape: [Int.max, 0]))) {
            try classification.predictions(for: emptyRows)
        }
        // Built by hand, not by the parser: four values for a shape that claims 2^61.
        let short = InferenceTensor(name: "OUT", shape: [1, 1 << 61], float32: [1, 2, 3, 4])
        #expect(throws: InferenceError.invalidResponse(.invalidShape(output: "OUT", shape: [1, 1 << 61]))) {
            try classification.predictions(for: short)
        }
        let valid = InferenceTensor(name: "OUT", shape: [2, 2], float32: [0, 1, 3, 2])
        #expect(try classification.predictions(for: valid).map { $0.map(\.index) } == [[1, 0], [0, 1]])
    }

    /// An inf logit makes softmax all-NaN and a NaN breaks the ranking (and JSON encoding of
    /// the outcome): the answer is an invalid response, with or without softmax.
    @Test(arguments: [Float.infinity, -Float.infinity, Float.nan])
    func nonFiniteScoresAreAnInvalidResponse(_ score: Float) {
        let output = InferenceTensor(name: "OUT", shape: [1, 3], float32: [0.5, score, 1])
        for softmax in [true, false] {
            #expect(throws: InferenceError.invalidResponse(.nonFiniteOutput("OUT"))) {
                try Classification(appliesSoftmax: softmax, topK: 3).predictions(for: output)
            }
        }
    }
}
