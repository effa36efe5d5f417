#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The wire names of the binary tensor data extension.
public enum InferenceHeaders {
    /// The byte length of the JSON header that starts a request or response body; the binary
    /// tensor sections follow it. Absent means the whole body is JSON.
    public static let headerContentLength = "Inference-Header-Content-Length"
}

/// How tensors travel in a request or response.
public enum TensorEncoding: Sendable, Equatable {
    /// Raw little-endian bytes after the JSON header (Triton's binary tensor data extension):
    /// compact and free of number formatting.
    case binary
    /// JSON `data` arrays, the plain KServe v2 form (every server speaks it; larger and slower).
    case json
}

/// What one inference returned: the model that answered and its outputs, in response order.
public struct InferenceResult: Sendable, Equatable {
    /// The model name the server reports.
    public var modelName: String
    /// The version that answered, if reported.
    public var modelVersion: String?
    /// The request id echoed back, if any.
    public var id: String?
    /// The outputs, validated against their shapes and datatypes.
    public var outputs: [InferenceTensor]

    /// Creates a result.
    public init(modelName: String, modelVersion: String?, id: String?, outputs: [InferenceTensor]) {
        self.modelName = modelName
        self.modelVersion = modelVersion
        self.id = id
        self.outputs = outputs
    }

    /// The output named `name`.
    ///
    /// - Throws: ``InferenceError/invalidResponse(_:)`` with `missingOutput` if it is absent.
    public func output(named name: String) throws(InferenceError) -> InferenceTensor {
        guard let output = outputs.first(where: { $0.name == name }) else { throw .invalidResponse(.missingOutput(name)) }
        return output
    }
}

/// Builds request bodies and parses response bodies of `POST …/infer` (KServe v2 with Triton's
/// binary tensor data extension). Pure functions over bytes: the parser is tested with canned
/// responses as well as against a real server.
public enum InferenceWireFormat {
    /// A request body and the value for `Inference-Header-Content-Length` (`nil` for pure JSON).
    public struct EncodedRequest: Sendable {
        /// JSON header, then each binary input's bytes in input order.
        public var body: [UInt8]
        /// The JSON header's length in bytes, when binary sections follow it.
        public var headerLength: Int?
    }

    /// Encodes an inference request.
    ///
    /// - Parameters:
    ///   - inputs: The input tensors; each one's byte count must equal shape × element size.
    ///   - outputs: The outputs to return, or `nil` for all of them.
    ///   - inputEncoding: `.binary` appends raw bytes; `.json` writes `data` arrays.
    ///   - outputEncoding: Asks the server for binary or JSON outputs.
    /// - Throws: ``InferenceError/invalidInput(_:)`` for empty or repeated names, a bad shape, a
    ///   byte count that does not match, or `BYTES` in JSON.
    public static func encodeRequest(
        inputs: [InferenceTensor], outputs: [String]?, inputEncoding: TensorEncoding = .binary,
        outputEncoding: TensorEncoding = .binary
    ) throws(InferenceError) -> EncodedRequest {
        var seen = Set<String>()
        var headerInputs: [RequestHeader.Input] = []
        for input in inputs {
            guard !input.name.isEmpty, seen.insert(input.name).inserted else {
                throw .invalidInput("input names must be non-empty and unique (\(input.name.isEmpty ? "empty" : input.name))")
            }
            guard TensorShape.elementCount(input.shape) != nil else {
                throw .invalidInput("input \(input.name) has invalid shape \(input.shape)")
            }
            if let expected = TensorShape.byteCount(input.shape, input.datatype), expected != input.data.count {
                throw .invalidInput(
                    "input \(input.name) has \(input.data.count) bytes; shape \(input.shape) of \(input.datatype.rawValue) needs \(expected)"
                )
            }
            var described = RequestHeader.Input(name: input.name, datatype: input.datatype.rawValue, shape: input.shape)
            switch inputEncoding {
            case .binary:
                described.parameters = RequestHeader.Parameters(binaryDataSize: input.data.count)
            case .json:
                guard input.datatype != .bytes, input.datatype != .fp16, input.datatype != .bf16 else {
                    throw .invalidInput("input \(input.name): \(input.datatype.rawValue) cannot be sent as JSON by this client")
                }
                described.data = JSONTensorData(input)
            }
            headerInputs.append(described)
        }
        var header = RequestHeader(inputs: headerInputs)
        let wantsBinary = outputEncoding == .binary
        if let outputs {
            header.outputs = outputs.map {
                RequestHeader.Output(name: $0, parameters: wantsBinary ? RequestHeader.Parameters(binaryData: true) : nil)
            }
        } else if wantsBinary {
            header.parameters = RequestHeader.Parameters(binaryDataOutput: true)
        }
        let headerBytes: [UInt8]
        do {
            headerBytes = Array(try JSONEncoder().encode(header))
        } catch {
            throw .invalidInput("the request header could not be encoded: \(error)")
        }
        guard inputEncoding == .binary, !inputs.isEmpty else { return EncodedRequest(body: headerBytes, headerLength: nil) }
        var body = headerBytes
        body.reserveCapacity(headerBytes.count + inputs.reduce(0) { $0 + $1.data.count })
        for input in inputs { body.append(contentsOf: input.data) }
        return EncodedRequest(body: body, headerLength: headerBytes.count)
    }

    /// Parses and validates an inference response body.
    ///
    /// - Parameters:
    ///   - body: The whole response body.
    ///   - headerLength: The response's `Inference-Header-Content-Length` value, if any.
    ///   - requestedOutputs: The outputs the request named (`nil`: any the model has).
    ///   - metadata: The model's metadata, when known: output names and datatypes are checked
    ///     against it, and fixed dimensions against its shapes.
    /// - Throws: ``InferenceError/invalidResponse(_:)`` naming the first problem found.
    public static func decodeResponse(
        body: [UInt8], headerLength: String?, requestedOutputs: [String]? = nil, metadata: ModelMetadata? = nil
    ) throws(InferenceError) -> InferenceResult {
        let jsonEnd: Int
        if let headerLength {
            guard let length = Int(headerLength), length > 0, length <= body.count else {
                throw .invalidResponse(.headerLengthOutOfRange(declared: headerLength, bodyBytes: body.count))
            }
            jsonEnd = length
        } else {
            jsonEnd = body.count
        }
        let header: ResponseHeader
        do {
            header = try JSONDecoder().decode(ResponseHeader.self, from: Data(body[..<jsonEnd]))
        } catch {
            throw .invalidResponse(.malformedHeader(detail: DecodingProblem.summary(of: error)))
        }

        var cursor = jsonEnd
        var names = Set<String>()
        var outputs: [InferenceTensor] = []
        outputs.reserveCapacity(header.outputs.count)
        for output in header.outputs {
            guard names.insert(output.name).inserted else { throw .invalidResponse(.duplicateOutput(output.name)) }
            let described = metadata?.output(named: output.name)
            if let requestedOutputs {
                guard requestedOutputs.contains(output.name) else { throw .invalidResponse(.unknownOutput(output.name)) }
            } else if metadata != nil, described == nil {
                throw .invalidResponse(.unknownOutput(output.name))
            }
            guard let datatype = TensorDataType(rawValue: output.datatype) else {
                throw .invalidResponse(.unknownDatatype(output: output.name, datatype: output.datatype))
            }
            if let expected = described?.knownDatatype, expected != datatype {
                throw .invalidResponse(.datatypeMismatch(output: output.name, expected: expected, received: datatype))
            }
            // A fixed-size tensor whose byte size overflows `Int` cannot be in any body; without
            // this check its declared size was never compared and a tiny slice passed for it.
            guard let count = TensorShape.elementCount(output.shape), shape(output.shape, fits: described?.shape),
                datatype.elementSize == nil || TensorShape.byteCount(output.shape, datatype) != nil
            else {
                throw .invalidResponse(.invalidShape(output: output.name, shape: output.shape))
            }
            let data: [UInt8]
            if let size = output.parameters?.binaryDataSize {
                if let expected = TensorShape.byteCount(output.shape, datatype), expected != size {
                    throw .invalidResponse(
                        .binarySizeMismatch(output: output.name, shape: output.shape, datatype: datatype, declaredBytes: size))
                }
                guard size >= 0, size <= body.count - cursor else {
                    throw .invalidResponse(
                        .truncatedBinaryData(output: output.name, neededBytes: size, availableBytes: body.count - cursor))
                }
                data = Array(body[cursor..<(cursor + size)])
                cursor += size
            } else if let values = output.data {
                data = try values.bytes(as: datatype, output: output.name, expectedCount: count)
            } else {
                throw .invalidResponse(.missingData(output: output.name))
            }
            outputs.append(InferenceTensor(name: output.name, datatype: datatype, shape: output.shape, data: data))
        }
        if cursor != body.count { throw .invalidResponse(.trailingBytes(count: body.count - cursor)) }
        for name in requestedOutputs ?? [] where !names.contains(name) {
            throw .invalidResponse(.missingOutput(name))
        }
        return InferenceResult(modelName: header.modelName ?? "", modelVersion: header.modelVersion, id: header.id, outputs: outputs)
    }

    /// Whether `shape` matches the metadata's: same rank, and equal wherever the metadata's
    /// dimension is fixed (not `-1`). Without metadata any valid shape fits.
    static func shape(_ shape: [Int], fits described: [Int]?) -> Bool {
        guard let described else { return true }
        guard described.count == shape.count else { return false }
        return zip(shape, described).allSatisfy { $1 < 0 || $0 == $1 }
    }
}

// MARK: - JSON shapes

/// The JSON header of a request.
struct RequestHeader: Encodable {
    struct Parameters: Encodable {
        var binaryDataSize: Int?
        var binaryData: Bool?
        var binaryDataOutput: Bool?

        enum CodingKeys: String, CodingKey {
            case binaryDataSize = "binary_data_size"
            case binaryData = "binary_data"
            case binaryDataOutput = "binary_data_output"
        }
    }

    struct Input: Encodable {
        var name: String
        var datatype: String
        var shape: [Int]
        var parameters: Parameters?
        var data: JSONTensorData?
    }

    struct Output: Encodable {
        var name: String
        var parameters: Parameters?
    }

    var inputs: [Input]
    var outputs: [Output]?
    var parameters: Parameters?
}

/// The JSON header of a response (unknown fields are ignored).
struct ResponseHeader: Decodable {
    struct Parameters: Decodable {
        var binaryDataSize: Int?

        enum CodingKeys: String, CodingKey {
            case binaryDataSize = "binary_data_size"
        }
    }

    struct Output: Decodable {
        var name: String
        var datatype: String
        var shape: [Int]
        var parameters: Parameters?
        var data: JSONTensorData?
    }

    var modelName: String?
    var modelVersion: String?
    var id: String?
    var outputs: [Output]

    enum CodingKeys: String, CodingKey {
        case modelName = "model_name"
        case modelVersion = "model_version"
        case id
        case outputs
    }
}

/// A flat JSON `data` array: integers are kept exact (INT64 beyond 2^53), everything else
/// numeric is a double.
enum JSONTensorData: Codable, Equatable {
    case integers([Int64])
    case unsignedIntegers([UInt64])
    case floats([Float])
    case doubles([Double])
    case booleans([Bool])
    case strings([String])

    init(_ tensor: InferenceTensor) {
        switch tensor.datatype {
        case .fp32: self = .floats((try? tensor.float32Values()) ?? [])
        case .fp64, .fp16, .bf16: self = .doubles(tensor.doubleValues() ?? [])
        case .uint64: self = .unsignedIntegers(LittleEndianBytes.decode(tensor.data, as: UInt64.self))
        case .bool: self = .booleans(tensor.data.map { $0 != 0 })
        case .bytes: self = .strings([])
        default: self = .integers((tensor.doubleValues() ?? []).map { Int64($0) })
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let values = try? container.decode([Int64].self) {
            self = .integers(values)
        } else if let values = try? container.decode([UInt64].self) {
            self = .unsignedIntegers(values)
        } else if let values = try? container.decode([Double].self) {
            self = .doubles(values)
        } else if let values = try? container.decode([Bool].self) {
            self = .booleans(values)
        } else {
            self = .strings(try container.decode([String].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .integers(let values): try container.encode(values)
        case .unsignedIntegers(let values): try container.encode(values)
        case .floats(let values): try container.encode(values)
        case .doubles(let values): try container.encode(values)
        case .booleans(let values): try container.encode(values)
        case .strings(let values): try container.encode(values)
        }
    }

    private var count: Int {
        switch self {
        case .integers(let values): values.count
        case .unsignedIntegers(let values): values.count
        case .floats(let values): values.count
        case .doubles(let values): values.count
        case .booleans(let values): values.count
        case .strings(let values): values.count
        }
    }

    /// The values as little-endian bytes of `datatype`, checked against the shape's count.
    func bytes(as datatype: TensorDataType, output: String, expectedCount: Int) throws(InferenceError) -> [UInt8] {
        guard count == expectedCount else {
            throw .invalidResponse(.dataCountMismatch(output: output, expected: expectedCount, received: count))
        }
        let numbers: [Double]?
        switch self {
        case .integers(let values): numbers = values.map { Double($0) }
        case .unsignedIntegers(let values): numbers = values.map { Double($0) }
        case .floats(let values): numbers = values.map { Double($0) }
        case .doubles(let values): numbers = values
        case .booleans, .strings: numbers = nil
        }
        func mismatch() -> InferenceError {
            .invalidResponse(.malformedHeader(detail: "output \(output): JSON data does not hold \(datatype.rawValue) values"))
        }
        switch (datatype, self) {
        case (.bool, .booleans(let values)): return values.map { $0 ? 1 : 0 }
        case (.bytes, .strings(let values)):
            var bytes: [UInt8] = []
            for value in values {
                bytes += LittleEndianBytes.encode([UInt32(value.utf8.count)])
                bytes += Array(value.utf8)
            }
            return bytes
        case (.int64, .integers(let values)): return LittleEndianBytes.encode(values)
        case (.uint64, .unsignedIntegers(let values)): return LittleEndianBytes.encode(values)
        case (.uint64, .integers(let values)) where values.allSatisfy({ $0 >= 0 }):
            return LittleEndianBytes.encode(values.map { UInt64($0) })
        default:
            guard let numbers, datatype.isNumeric else { throw mismatch() }
            return try Self.pack(numbers, as: datatype, mismatch: mismatch)
        }
    }

    private static func pack(
        _ numbers: [Double], as datatype: TensorDataType, mismatch: () -> InferenceError
    ) throws(InferenceError) -> [UInt8] {
        func integers<T: FixedWidthInteger>(_ type: T.Type) throws(InferenceError) -> [UInt8] {
            var values: [T] = []
            values.reserveCapacity(numbers.count)
            for number in numbers {
                guard let value = T(exactly: number) else { throw mismatch() }
                values.append(value)
            }
            return LittleEndianBytes.encode(values)
        }
        switch datatype {
        case .fp32: return LittleEndianBytes.encode(numbers.map { Float($0).bitPattern })
        case .fp64: return LittleEndianBytes.encode(numbers.map(\.bitPattern))
        case .uint8: return try integers(UInt8.self)
        case .int8: return try integers(Int8.self)
        case .uint16: return try integers(UInt16.self)
        case .int16: return try integers(Int16.self)
        case .uint32: return try integers(UInt32.self)
        case .int32: return try integers(Int32.self)
        case .uint64: return try integers(UInt64.self)
        case .int64: return try integers(Int64.self)
        case .fp16, .bf16, .bool, .bytes: throw mismatch()
        }
    }
}

/// A short, data-free description of a JSON decoding failure.
enum DecodingProblem {
    static func summary(of error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        switch error {
        case .keyNotFound(let key, let context): return "missing \(path(context.codingPath + [key]))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "wrong type at \(path(context.codingPath))"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "not JSON" : "bad value at \(path(context.codingPath))"
        @unknown default: return "undecodable"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.isEmpty ? "top level" : keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}
