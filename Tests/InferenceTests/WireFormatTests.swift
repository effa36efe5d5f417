import Inference
import Testing

/// The response parser on canned bytes: every malformed answer becomes a typed error.
@Suite struct WireFormatTests {
    static let metadata = ModelMetadata(
        name: "m", inputs: [.init(name: "INPUT__0", datatype: "FP32", shape: [-1, 3])],
        outputs: [.init(name: "OUTPUT__0", datatype: "FP32", shape: [-1, 4]), .init(name: "IDS", datatype: "INT64", shape: [-1])])

    /// A binary response: JSON header, then `binary`; returns body and header length.
    func response(_ json: String, binary: [UInt8]) -> (body: [UInt8], headerLength: String) {
        (Array(json.utf8) + binary, String(json.utf8.count))
    }

    func floats(_ values: [Float]) -> [UInt8] {
        InferenceTensor(name: "x", shape: [values.count], float32: values).data
    }

    func parse(_ json: String, binary: [UInt8], headerLength: String? = nil, requested: [String]? = nil) throws(InferenceError)
        -> InferenceResult
    {
        let (body, length) = response(json, binary: binary)
        return try InferenceWireFormat.decodeResponse(
            body: body, headerLength: headerLength ?? length, requestedOutputs: requested, metadata: Self.metadata)
    }

    @Test func wellFormedBinaryResponseIsParsed() throws {
        let json =
            #"{"model_name":"m","model_version":"1","outputs":[{"name":"OUTPUT__0","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":16}},{"name":"IDS","datatype":"INT64","shape":[2],"parameters":{"binary_data_size":16}}]}"#
        let ids: [UInt8] = [1, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
        let result = try parse(json, binary: floats([1.5, -2, 0.25, 3]) + ids)
        #expect(result.modelVersion == "1")
        #expect(try result.output(named: "OUTPUT__0").float32Values() == [1.5, -2, 0.25, 3])
        #expect(try result.output(named: "IDS").doubleValues() == [1, -1])
    }

    @Test func jsonDataOutputsAreAccepted() throws {
        let json =
            #"{"model_name":"m","outputs":[{"name":"OUTPUT__0","datatype":"FP32","shape":[1,4],"data":[0.100743867456913,-0.5,2,3]},{"name":"IDS","datatype":"INT64","shape":[1],"data":[9007199254740993]}]}"#
        let result = try InferenceWireFormat.decodeResponse(body: Array(json.utf8), headerLength: nil, metadata: Self.metadata)
        #expect(try result.output(named: "OUTPUT__0").float32Values() == [Float(0.100743867456913), -0.5, 2, 3])
        #expect(
            try result.output(named: "IDS").data
                == InferenceTensor(name: "", datatype: .int64, shape: [1], data: [1, 0, 0, 0, 0, 0, 0x20, 0]).data)
    }

    @Test func shapeThatDisagreesWithTheBinarySizeIsRejected() {
        let json = #"{"outputs":[{"name":"OUTPUT__0","datatype":"FP32","shape":[2,4],"parameters":{"binary_data_size":16}}]}"#
        #expect(
            throws: InferenceError.invalidResponse(
                .binarySizeMismatch(output: "OUTPUT__0", shape: [2, 4], datatype: .fp32, declaredBytes: 16))
        ) {
            try parse(json, binary: floats([1, 2, 3, 4]))
        }
    }

    @Test func shapeThatDisagreesWithTheMetadataIsRejected() {
        let json = #"{"outputs":[{"name":"OUTPUT__0","datatype":"FP32","shape":[1,2],"parameters":{"binary_data_size":8}}]}"#
        #expect(throws: InferenceError.invalidResponse(.invalidShape(output: "OUTPUT__0", shape: [1, 2]))) {
            try parse(json, binary: floats([1, 2]))
        }
        let negative = #"{"outputs":[{"name":"OUTPUT__0","datatype":"FP32","shape":[-1,4],"parameters":{"binary_data_size":16}}]}"#
        #expect(throws: InferenceError.invalidResponse(.invalidShape(output: "OUTPUT__0", shape: [-1, 4]))) {
            try parse(negative, binary: floats([1, 2, 3, 4]))
        }
    }

    @Test func datatypeThatDisagreesWithTheMetadataIsRejected() {
        let json = #"{"outputs":[{"name":"OUTPUT__0","datatype":"FP64","shape":[1,4],"parameters":{"binary_data_size":32}}]}"#
        #expect(throws: InferenceError.invalidResponse(.datatypeMismatch(output: "OUTPUT__0", expected: .fp32, received: .fp64))) {
            try parse(json, binary: Array(repeating: 0, count: 32))
        }
    }

    @Test func unknownDatatypeIsRejected() {
        let json = #"{"outputs":[{"name":"OUTPUT__0","datatype":"FP8","shape":[1,4],"parameters":{"binary_data_size":4}}]}"#
        #expect(throws: InferenceError.invalidResponse(.unknownDatatype(output: "OUTPUT__0", datatype: "FP8"))) {
            try parse(json, binary: [0, 0, 0, 0])
        }
    }

    @Test func truncatedBinarySectionIsRejected() {
        let json = #"{"outputs":[{"name":"OUTPUT__0","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":16}}]}"#
        #expect(throws: InferenceError.invalidResponse(.truncatedBinaryData(output: "OUTPUT__0", neededBytes: 16, availableBytes: 12))) {
            try parse(json, binary: Array(floats([1, 2, 3, 4]).prefix(12)))
        }
    }

    @Test func secondOutputCutShortIsRejected() {
        let json =
            #"{"outputs":[{"name":"OUTPUT__0","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":16}},{"name":"IDS","datatype":"INT64","shape":[1],"parameters":{"binary_data_size":8}}]}"#
        #expect(throws: InferenceError.invalidResponse(.truncatedBinaryData(output: "IDS", neededBytes: 8, availableBytes: 3))) {
            try parse(json, binary: floats([1, 2, 3, 4]) + [1, 2, 3])
        }
    }

    @Test(arguments: ["100000", "-1", "0", "twelve", ""])
    func headerLengthOutsideTheBodyIsRejected(declared: String) {
        let json = #"{"outputs":[]}"#
        #expect(throws: InferenceError.invalidResponse(.headerLengthOutOfRange(declared: declared, bodyBytes: json.utf8.count + 4))) {
            try parse(json, binary: [0, 0, 0, 0], headerLength: declared)
        }
    }

    @Test func headerLengthThatSplitsTheJSONIsMalformed() {
        let json = #"{"outputs":[{"name":"OUTPUT__0","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":16}}]}"#
        let error = #expect(throws: InferenceError.self) { try parse(json, binary: floats([1, 2, 3, 4]), headerLength: "20") }
        #expect(error?.errorType == "Inference.InvalidResponse")
        guard case .invalidResponse(.malformedHeader)? = error else {
            Issue.record("expected malformedHeader, got \(String(describing: error))")
            return
        }
    }

    @Test func trailingBytesAreRejected() {
        let json = #"{"outputs":[{"name":"OUTPUT__0","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":16}}]}"#
        #expect(throws: InferenceError.invalidResponse(.trailingBytes(count: 2))) {
            try parse(json, binary: floats([1, 2, 3, 4]) + [9, 9])
        }
    }

    @Test func unknownAndMissingOutputNamesAreRejected() {
        let json = #"{"outputs":[{"name":"SCORES","datatype":"FP32","shape":[1],"parameters":{"binary_data_size":4}}]}"#
        #expect(throws: InferenceError.invalidResponse(.unknownOutput("SCORES"))) { try parse(json, binary: floats([1])) }
        let only = #"{"outputs":[{"name":"IDS","datatype":"INT64","shape":[1],"parameters":{"binary_data_size":8}}]}"#
        #expect(throws: InferenceError.invalidResponse(.missingOutput("OUTPUT__0"))) {
            try parse(only, binary: Array(repeating: 0, count: 8), requested: ["OUTPUT__0", "IDS"])
        }
        let twice =
            #"{"outputs":[{"name":"IDS","datatype":"INT64","shape":[0],"data":[]},{"name":"IDS","datatype":"INT64","shape":[0],"data":[]}]}"#
        #expect(throws: InferenceError.invalidResponse(.duplicateOutput("IDS"))) { try parse(twice, binary: []) }
    }

    @Test func jsonDataOfTheWrongCountOrKindIsRejected() {
        let json = #"{"outputs":[{"name":"OUTPUT__0","datatype":"FP32","shape":[1,4],"data":[1,2,3]}]}"#
        #expect(throws: InferenceError.invalidResponse(.dataCountMismatch(output: "OUTPUT__0", expected: 4, received: 3))) {
            try InferenceWireFormat.decodeResponse(body: Array(json.utf8), headerLength: nil, metadata: Self.metadata)
        }
        let strings = #"{"outputs":[{"name":"IDS","datatype":"INT64","shape":[1],"data":["7"]}]}"#
        let error = #expect(throws: InferenceError.self) {
            try InferenceWireFormat.decodeResponse(body: Array(strings.utf8), headerLength: nil, metadata: Self.metadata)
        }
        #expect(error?.errorType == "Inference.InvalidResponse")
        let none = #"{"outputs":[{"name":"IDS","datatype":"INT64","shape":[1]}]}"#
        #expect(throws: InferenceError.invalidResponse(.missingData(output: "IDS"))) {
            try InferenceWireFormat.decodeResponse(body: Array(none.utf8), headerLength: nil, metadata: Self.metadata)
        }
    }

    @Test(arguments: ["", "not json", "{}", #"{"outputs":{}}"#, #"{"outputs":[{"name":1}]}"#])
    func undecodableHeaderIsMalformed(text: String) {
        let error = #expect(throws: InferenceError.self) {
            try InferenceWireFormat.decodeResponse(body: Array(text.utf8), headerLength: nil, metadata: Self.metadata)
        }
        guard case .invalidResponse(.malformedHeader)? = error else {
            Issue.record("expected malformedHeader, got \(String(describing: error))")
            return
        }
    }

    @Test func requestCarriesTheHeaderLengthAndRawBytes() throws {
        let input = InferenceTensor(name: "INPUT__0", shape: [1, 2], float32: [1, -2])
        let encoded = try InferenceWireFormat.encodeRequest(inputs: [input], outputs: ["OUTPUT__0"])
        let length = try #require(encoded.headerLength)
        let header = String(decoding: encoded.body[..<length], as: UTF8.self)
        #expect(header.contains(#""binary_data_size":8"#))
        #expect(header.contains(#""binary_data":true"#))
        #expect(Array(encoded.body[length...]) == [0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0])
        let all = try InferenceWireFormat.encodeRequest(inputs: [input], outputs: nil)
        #expect(String(decoding: all.body[..<all.headerLength!], as: UTF8.self).contains(#""binary_data_output":true"#))
        let json = try InferenceWireFormat.encodeRequest(inputs: [input], outputs: nil, inputEncoding: .json, outputEncoding: .json)
        #expect(json.headerLength == nil)
        #expect(String(decoding: json.body, as: UTF8.self).contains(#""data":[1,-2]"#))
    }

    @Test func halfPrecisionOutputsConvertExactly() {
        let tensor = InferenceTensor(name: "h", datatype: .fp16, shape: [4], data: [0x00, 0x3C, 0x00, 0xC0, 0x01, 0x00, 0x00, 0x7C])
        #expect(tensor.doubleValues() == [1, -2, 0x1p-24, .infinity])
    }

    @Test func errorTypesAndRetryability() {
        #expect(InferenceError.unavailable(status: 503, detail: "").errorType == "Inference.Unavailable")
        #expect(InferenceError.unavailable(status: nil, detail: "").isRetryable)
        #expect(InferenceError.modelNotReady(model: "m", version: nil).isRetryable)
        #expect(!InferenceError.rejected(status: 400, message: "").isRetryable)
        #expect(!InferenceError.invalidResponse(.trailingBytes(count: 1)).isRetryable)
        #expect(InferenceError.deadlineExceeded(attempts: 1, lastError: nil).errorType == "Inference.DeadlineExceeded")
    }

    @Test func classificationRanksAndNamesClasses() {
        let top = Classification(labels: ["a", "b"], appliesSoftmax: false, topK: 3).predictions(forScores: [0.5, 2, 2])
        #expect(top.map(\.index) == [1, 2, 0])
        #expect(top.map(\.label) == ["b", "class_2", "a"])
        let probabilities = Classification.softmax([1000, 1000])
        #expect(probabilities == [0.5, 0.5])
    }

    @Test func configurationComesFromTheEnvironment() throws {
        let variables = ["RADSTREAM_INFERENCE_URL": "http://127.0.0.1:8000/", "RADSTREAM_INFERENCE_AUTHORIZATION": "Bearer t"]
        let configuration = try InferenceConfiguration.fromEnvironment { variables[$0] }
        #expect(configuration.endpoint == "http://127.0.0.1:8000")
        #expect(configuration.authorization == "Bearer t")
        #expect(throws: InferenceError.self) { try InferenceConfiguration.fromEnvironment { _ in nil } }
        #expect(throws: InferenceError.self) { try InferenceConfiguration(endpoint: "triton:8000") }
    }
}
