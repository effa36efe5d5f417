import COpenSSLCrypto

/// SHA-256 and HMAC-SHA256 over OpenSSL's libcrypto (already linked for TLS), so no function
/// carries a second crypto library. Unsafe pointers stay in this file.
public enum Digests {
    /// The SHA-256 digest of `bytes` (32 bytes).
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                _ = SHA256(input.baseAddress ?? emptyInput, input.count, output.baseAddress)
            }
        }
        return digest
    }

    /// The HMAC-SHA256 of `message` under `key` (32 bytes).
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var code = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var length: UInt32 = 0
        key.withUnsafeBufferPointer { keyBytes in
            message.withUnsafeBufferPointer { messageBytes in
                code.withUnsafeMutableBufferPointer { output in
                    _ = HMAC(
                        EVP_sha256(), keyBytes.baseAddress ?? emptyInput, Int32(keyBytes.count),
                        messageBytes.baseAddress ?? emptyInput, messageBytes.count, output.baseAddress, &length)
                }
            }
        }
        return code
    }

    /// Lower-case hexadecimal text of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// libcrypto wants a valid pointer even for zero bytes.
    private static var emptyInput: UnsafePointer<UInt8> { ("" as StaticString).utf8Start }
}
