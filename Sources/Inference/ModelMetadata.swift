/// A model as `GET /v2/models/{name}[/versions/{version}]` describes it.
public struct ModelMetadata: Sendable, Equatable, Decodable {
    /// One input or output: name, datatype and shape (`-1` marks a variable dimension, such as
    /// the batch).
    public struct TensorDescription: Sendable, Equatable, Decodable {
        /// The tensor name (`INPUT__0`).
        public var name: String
        /// The wire name of the datatype (kept as text: metadata may name types this client
        /// does not know, which matters only if such an output is returned).
        public var datatype: String
        /// The dimensions, `-1` for variable ones.
        public var shape: [Int]

        /// Creates a description.
        public init(name: String, datatype: String, shape: [Int]) {
            self.name = name
            self.datatype = datatype
            self.shape = shape
        }

        /// The datatype, if this client knows it.
        public var knownDatatype: TensorDataType? { TensorDataType(rawValue: datatype) }
    }

    /// The model name.
    public var name: String
    /// The versions the server has; may be absent.
    public var versions: [String]?
    /// The platform or backend (`python`, `onnxruntime_onnx`, …).
    public var platform: String?
    /// The model's inputs.
    public var inputs: [TensorDescription]
    /// The model's outputs.
    public var outputs: [TensorDescription]

    /// Creates metadata (for tests and stubs).
    public init(
        name: String, versions: [String]? = nil, platform: String? = nil, inputs: [TensorDescription],
        outputs: [TensorDescription]
    ) {
        self.name = name
        self.versions = versions
        self.platform = platform
        self.inputs = inputs
        self.outputs = outputs
    }

    /// The output named `name`, if the model has it.
    public func output(named name: String) -> TensorDescription? {
        outputs.first { $0.name == name }
    }
}

/// A model name with an optional version; without one the server picks by its version policy.
public struct ModelReference: Sendable, Hashable, CustomStringConvertible {
    /// The model name as the server knows it.
    public var name: String
    /// The version (`"1"`), or `nil` for the server's choice.
    public var version: String?

    /// Creates a reference.
    public init(name: String, version: String? = nil) {
        self.name = name
        self.version = version
    }

    /// `/v2/models/{name}[/versions/{version}]`, percent-encoded.
    var path: String {
        let base = "/v2/models/\(URLPathComponent.encode(name))"
        return version.map { "\(base)/versions/\(URLPathComponent.encode($0))" } ?? base
    }

    public var description: String { version.map { "\(name) version \($0)" } ?? name }
}

/// Percent-encoding of one path segment (RFC 3986 unreserved characters stay as they are).
enum URLPathComponent {
    static func encode(_ segment: String) -> String {
        var encoded = ""
        for byte in segment.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                encoded += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]], as: UTF8.self)
            }
        }
        return encoded
    }
}
