/// A named tensor as it travels on the wire: datatype, shape and its raw little-endian bytes
/// (row-major, like NumPy's C order), which is exactly the binary tensor extension's layout.
public struct InferenceTensor: Sendable, Equatable {
    /// The input or output name (`INPUT__0`).
    public var name: String
    /// The element type.
    public var datatype: TensorDataType
    /// The dimensions, batch first when the model batches (`[1, 3, 224, 224]`).
    public var shape: [Int]
    /// The elements as little-endian bytes; for `BYTES`, each element is a 4-byte little-endian
    /// length followed by its bytes.
    public var data: [UInt8]

    /// Creates a tensor from little-endian bytes; ``InferenceClient/infer(_:inputs:outputs:outputEncoding:deadline:)``
    /// checks that `data.count` is shape × element size before sending.
    public init(name: String, datatype: TensorDataType, shape: [Int], data: [UInt8]) {
        self.name = name
        self.datatype = datatype
        self.shape = shape
        self.data = data
    }

    /// Creates an `FP32` tensor from host floats.
    public init(name: String, shape: [Int], float32 values: [Float]) {
        self.init(name: name, datatype: .fp32, shape: shape, data: LittleEndianBytes.encode(values.map(\.bitPattern)))
    }

    /// The number of elements the shape describes, or `nil` for an invalid shape.
    public var elementCount: Int? { TensorShape.elementCount(shape) }

    /// The elements of an `FP32` tensor.
    ///
    /// - Throws: ``InferenceError/invalidResponse(_:)`` with `datatypeMismatch` for another datatype.
    public func float32Values() throws(InferenceError) -> [Float] {
        guard datatype == .fp32 else {
            throw .invalidResponse(.datatypeMismatch(output: name, expected: .fp32, received: datatype))
        }
        return LittleEndianBytes.decode(data, as: UInt32.self).map(Float.init(bitPattern:))
    }

    /// The elements of any numeric or `BOOL` tensor widened to `Double` (`INT64`/`UINT64`
    /// beyond 2^53 lose precision); `nil` for `BYTES`.
    public func doubleValues() -> [Double]? {
        switch datatype {
        case .bool, .uint8: data.map { Double($0) }
        case .int8: data.map { Double(Int8(bitPattern: $0)) }
        case .uint16: LittleEndianBytes.decode(data, as: UInt16.self).map { Double($0) }
        case .int16: LittleEndianBytes.decode(data, as: UInt16.self).map { Double(Int16(bitPattern: $0)) }
        case .uint32: LittleEndianBytes.decode(data, as: UInt32.self).map { Double($0) }
        case .int32: LittleEndianBytes.decode(data, as: UInt32.self).map { Double(Int32(bitPattern: $0)) }
        case .uint64: LittleEndianBytes.decode(data, as: UInt64.self).map { Double($0) }
        case .int64: LittleEndianBytes.decode(data, as: UInt64.self).map { Double(Int64(bitPattern: $0)) }
        case .fp16: LittleEndianBytes.decode(data, as: UInt16.self).map { Double(HalfPrecision.float(fromFP16: $0)) }
        case .bf16: LittleEndianBytes.decode(data, as: UInt16.self).map { Double(Float(bitPattern: UInt32($0) << 16)) }
        case .fp32: LittleEndianBytes.decode(data, as: UInt32.self).map { Double(Float(bitPattern: $0)) }
        case .fp64: LittleEndianBytes.decode(data, as: UInt64.self).map { Double(bitPattern: $0) }
        case .bytes: nil
        }
    }
}

/// Conversions between host integers and little-endian wire bytes. The copies are bulk on
/// little-endian hosts (every Lambda architecture); the byte-swapping path keeps big-endian
/// hosts correct.
enum LittleEndianBytes {
    /// The values as little-endian bytes.
    static func encode<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        let size = MemoryLayout<T>.size
        return [UInt8](unsafeUninitializedCapacity: values.count * size) { buffer, initialized in
            let destination = UnsafeMutableRawBufferPointer(buffer)
            for (index, value) in values.enumerated() {
                destination.storeBytes(of: value.littleEndian, toByteOffset: index * size, as: T.self)
            }
            initialized = values.count * size
        }
    }

    /// The values in `bytes`; a trailing partial element is ignored (callers check sizes first).
    static func decode<T: FixedWidthInteger>(_ bytes: some Collection<UInt8>, as type: T.Type) -> [T] {
        let size = MemoryLayout<T>.size
        let count = bytes.count / size
        let contiguous = bytes.withContiguousStorageIfAvailable { source in
            decode(UnsafeRawBufferPointer(source), count: count, as: T.self)
        }
        return contiguous ?? decode([UInt8](bytes), as: T.self)
    }

    private static func decode<T: FixedWidthInteger>(_ source: UnsafeRawBufferPointer, count: Int, as type: T.Type) -> [T] {
        let size = MemoryLayout<T>.size
        return (0..<count).map { T(littleEndian: source.loadUnaligned(fromByteOffset: $0 * size, as: T.self)) }
    }
}

/// IEEE 754 half precision, converted by hand: `Float16` is unavailable on some platforms the
/// package declares.
enum HalfPrecision {
    /// The `Float` an FP16 bit pattern denotes (exactly; every half is a float).
    static func float(fromFP16 bits: UInt16) -> Float {
        let sign: UInt32 = UInt32(bits & 0x8000) << 16
        let exponent = Int((bits >> 10) & 0x1F)
        let mantissa = UInt32(bits & 0x03FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa × 2^-24.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
        }
    }
}
