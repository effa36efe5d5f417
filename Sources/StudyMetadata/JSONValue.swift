#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Any JSON document, kept as parsed, so the validator can see every field (including the ones
/// it does not know) and report each problem with its JSON path.
public enum JSONValue: Sendable, Equatable, Codable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// Parses `bytes`, refusing documents nested deeper than `maximumDepth` before the decoder
    /// (which recurses) ever sees them.
    public static func parse(_ bytes: [UInt8], maximumDepth: Int) -> JSONValue? {
        guard nestingDepth(of: bytes) <= maximumDepth else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// The deepest nesting of arrays and objects, counted outside string literals.
    static func nestingDepth(of bytes: [UInt8]) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    /// The JSON path (`$.image.key`) of the first object member whose name repeats an earlier
    /// member of the same object, or `nil`. `bytes` must already have parsed as JSON.
    ///
    /// JSONDecoder keeps the first of two equal names, many other parsers the last: a sidecar
    /// with both would mean one thing here and another to the next reader, so callers refuse it.
    /// Names are compared after unescaping (`"a"` equals `"\u0061"`) with `String` equality, the
    /// equality the decoder's dictionary uses. The path names members as ``MemberReference``
    /// does: a name outside the schema appears only as its digest.
    static func firstDuplicateKeyPath(in bytes: [UInt8]) -> String? {
        struct Container {
            var isObject: Bool
            var path: String
            var names: Set<String> = []
            var expectsName: Bool
            var lastName = ""
            var index = 0
        }
        var stack: [Container] = []
        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let path: String
                if let parent = stack.last {
                    path =
                        parent.isObject
                        ? "\(parent.path).\(MemberReference.segment(parent.lastName))" : "\(parent.path)[\(parent.index)]"
                } else {
                    path = "$"
                }
                let isObject = byte == UInt8(ascii: "{")
                stack.append(Container(isObject: isObject, path: path, expectsName: isObject))
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
            case UInt8(ascii: ","):
                if stack.last?.isObject == true {
                    stack[stack.count - 1].expectsName = true
                } else if !stack.isEmpty {
                    stack[stack.count - 1].index += 1
                }
            case UInt8(ascii: "\""):
                let (text, end) = unescapedString(in: bytes, from: position + 1)
                position = end
                if stack.last?.isObject == true, stack[stack.count - 1].expectsName {
                    stack[stack.count - 1].expectsName = false
                    stack[stack.count - 1].lastName = text
                    guard stack[stack.count - 1].names.insert(text).inserted else {
                        return "\(stack[stack.count - 1].path).\(MemberReference.segment(text))"
                    }
                }
            default:
                break
            }
            position += 1
        }
        return nil
    }

    /// Decodes the string literal whose content starts at `start`; returns it and the index of
    /// its closing quote. Escapes are JSON's; a surrogate pair becomes one scalar.
    private static func unescapedString(in bytes: [UInt8], from start: Int) -> (String, Int) {
        var utf8: [UInt8] = []
        var position = start
        func hexValue(at offset: Int) -> UInt32? {
            guard offset + 4 <= bytes.count else { return nil }
            return UInt32(String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self), radix: 16)
        }
        while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
            guard bytes[position] == UInt8(ascii: "\\"), position + 1 < bytes.count else {
                utf8.append(bytes[position])
                position += 1
                continue
            }
            let escaped = bytes[position + 1]
            position += 2
            switch escaped {
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hexValue(at: position) else { continue }
                position += 4
                if (0xD800..<0xDC00).contains(scalar), position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"),
                    bytes[position + 1] == UInt8(ascii: "u"), let low = hexValue(at: position + 2), (0xDC00..<0xE000).contains(low)
                {
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    position += 6
                }
                utf8.append(contentsOf: String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
            default: utf8.append(escaped)  // \" \\ \/
            }
        }
        return (String(decoding: utf8, as: UTF8.self), position)
    }

    /// A short name of the value's JSON type, for messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
