import Digests

/// The hashing SigV4 needs, named as the signer uses it; the work is `Digests`' (libcrypto).
enum Digest {
    /// The SHA-256 digest of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        Digests.sha256(bytes)
    }

    /// The SHA-256 digest of the UTF-8 bytes of `string`.
    static func sha256(_ string: String) -> [UInt8] {
        Digests.sha256(Array(string.utf8))
    }

    /// HMAC-SHA256 of `data` under `key`.
    static func hmacSHA256(key: [UInt8], data: [UInt8]) -> [UInt8] {
        Digests.hmacSHA256(key: key, message: data)
    }

    /// HMAC-SHA256 of the UTF-8 bytes of `string` under `key`.
    static func hmacSHA256(key: [UInt8], _ string: String) -> [UInt8] {
        Digests.hmacSHA256(key: key, message: Array(string.utf8))
    }
}

/// Lower-case hexadecimal encoding, as SigV4 uses for hashes and signatures.
func hexEncoded(_ bytes: [UInt8]) -> String {
    Digests.hex(bytes)
}
