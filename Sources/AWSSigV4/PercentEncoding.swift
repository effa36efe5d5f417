/// Percent-encoding as SigV4 and S3 define it (RFC 3986 unreserved set, upper-case hex, UTF-8).
enum PercentEncoding {
    /// `A-Z a-z 0-9 - _ . ~`: the only bytes never encoded.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
            UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "A")...UInt8(ascii: "F"),
            UInt8(ascii: "a")...UInt8(ascii: "f"):
            true
        default:
            false
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "%"))
        out.append(hexDigits[Int(byte >> 4)])
        out.append(hexDigits[Int(byte & 0x0F)])
    }

    /// Encodes every UTF-8 byte outside the unreserved set, except those in `keeping`. `%` is
    /// encoded too (this is what makes the non-S3 canonical URI a double encoding).
    static func encode(_ string: String, keeping: Set<UInt8> = []) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            if isUnreserved(byte) || keeping.contains(byte) {
                out.append(byte)
            } else {
                appendEscaped(byte, to: &out)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Encodes only what is not already valid in an encoded path: unreserved bytes, `/` and
    /// well-formed `%XX` escapes are kept as given; everything else (space, `+`, `=`, non-ASCII…)
    /// is encoded.
    static func encodeInvalidPathBytes(_ path: String) -> String {
        let bytes = Array(path.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if isUnreserved(byte) || byte == UInt8(ascii: "/") {
                out.append(byte)
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.count, isHexDigit(bytes[index + 1]),
                isHexDigit(bytes[index + 2])
            {
                out.append(contentsOf: bytes[index...index + 2])
                index += 2
            } else {
                appendEscaped(byte, to: &out)
            }
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
