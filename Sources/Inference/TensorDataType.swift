/// The tensor datatypes of the KServe v2 protocol, with their wire names.
public enum TensorDataType: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    case bool = "BOOL"
    case uint8 = "UINT8"
    case uint16 = "UINT16"
    case uint32 = "UINT32"
    case uint64 = "UINT64"
    case int8 = "INT8"
    case int16 = "INT16"
    case int32 = "INT32"
    case int64 = "INT64"
    case fp16 = "FP16"
    case bf16 = "BF16"
    case fp32 = "FP32"
    case fp64 = "FP64"
    /// Variable-length byte strings, each prefixed by its 4-byte little-endian length.
    case bytes = "BYTES"

    /// Bytes per element on the wire, or `nil` for `BYTES` (variable length).
    public var elementSize: Int? {
        switch self {
        case .bool, .uint8, .int8: 1
        case .uint16, .int16, .fp16, .bf16: 2
        case .uint32, .int32, .fp32: 4
        case .uint64, .int64, .fp64: 8
        case .bytes: nil
        }
    }

    /// Whether JSON `data` holds numbers of this type (not booleans or strings).
    var isNumeric: Bool { self != .bool && self != .bytes }
}

/// Shape arithmetic shared by requests and responses.
enum TensorShape {
    /// The number of elements, or `nil` if a dimension is negative or the product overflows `Int`.
    static func elementCount(_ shape: [Int]) -> Int? {
        var count = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            count = product
        }
        return count
    }

    /// The byte size of a fixed-size tensor, or `nil` on a bad shape, overflow or `BYTES`.
    static func byteCount(_ shape: [Int], _ datatype: TensorDataType) -> Int? {
        guard let count = elementCount(shape), let size = datatype.elementSize else { return nil }
        let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
        return overflow ? nil : bytes
    }
}
