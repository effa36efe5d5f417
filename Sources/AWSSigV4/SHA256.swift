import COpenSSLCrypto

/// SHA-256 and HMAC-SHA256 over OpenSSL's libcrypto one-shot functions. This is the only file in
/// the module that touches unsafe pointers.
enum Digest {
    /// Length in bytes of a SHA-256 digest.
    static let sha256Length = 32

    /// The SHA-256 digest of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: sha256Length)
        withNonNullPointer(bytes) { data, count in
            digest.withUnsafeMutableBufferPointer { out in
                _ = SHA256(data, count, out.baseAddress!)
            }
        }
        return digest
    }

    /// The SHA-256 digest of the UTF-8 bytes of `string`.
    static func sha256(_ string: String) -> [UInt8] {
        sha256(Array(string.utf8))
    }

    /// HMAC-SHA256 of `data` under `key`.
    static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: sha256Length)
        var length: UInt32 = 0
        withNonNullPointer(key) { keyPointer, keyCount in
            withNonNullPointer(data) { dataPointer, dataCount in
                digest.withUnsafeMutableBufferPointer { out in
                    let result = HMAC(
                        EVP_sha256(), keyPointer, Int32(keyCount), dataPointer, dataCount, out.baseAddress!, &length)
                    precondition(result != nil && length == UInt32(sha256Length), "HMAC-SHA256 failed in libcrypto")
                }
            }
        }
        return digest
    }

    /// HMAC-SHA256 of the UTF-8 bytes of `string` under `key`.
    static func hmacSHA256(key: [UInt8], _ string: String) -> [UInt8] {
        hmacSHA256(key: key, data: Array(string.utf8))
    }

    /// Calls `body` with a pointer that is never null, even for an empty array (libcrypto rejects
    /// a null key or data pointer in some versions even when the length is zero).
    private static func withNonNullPointer<R>(
        _ bytes: [UInt8], _ body: (UnsafePointer<UInt8>, Int) -> R
    ) -> R {
        if bytes.isEmpty {
            var placeholder: UInt8 = 0
            return withUnsafePointer(to: &placeholder) { body($0, 0) }
        }
        return bytes.withUnsafeBufferPointer { body($0.baseAddress!, $0.count) }
    }
}

/// Lower-case hexadecimal encoding, as SigV4 uses for hashes and signatures.
func hexEncoded(_ bytes: [UInt8]) -> String {
    let digits: [UInt8] = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count * 2)
    for byte in bytes {
        out.append(digits[Int(byte >> 4)])
        out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
}
