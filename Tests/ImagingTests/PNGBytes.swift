/// PNG files assembled byte by byte for the tests: chunks with their CRC, and zlib streams of
/// stored (uncompressed) deflate blocks, so a test controls every inflated byte — filter types,
/// row count, trailing data — without an encoder.
enum PNGBytes {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }

    /// Length, type, data and CRC-32 of type + data.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }

    static func ihdr(width: Int, height: Int, bitDepth: Int, colorType: Int, interlace: Int = 0) -> [UInt8] {
        chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [UInt8(bitDepth), UInt8(colorType), 0, 0, UInt8(interlace)])
    }

    /// A zlib stream (32 KiB window, no dictionary) of stored blocks holding `data`, then its Adler-32.
    static func storedZlib(_ data: [UInt8]) -> [UInt8] {
        var stream: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65_535, data.count - offset)
            let isFinal: UInt8 = offset + count == data.count ? 1 : 0
            let complement = ~UInt16(count)
            stream += [isFinal, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(complement & 0xFF), UInt8(complement >> 8)]
            stream += data[offset..<(offset + count)]
            offset += count
        } while offset < data.count
        return stream + bigEndian(adler32(data))
    }

    /// A whole file: IHDR, `stream` cut into `idatChunks` IDAT chunks, `beforeIEND` chunks, IEND.
    static func png(
        width: Int, height: Int, bitDepth: Int, colorType: Int, stream: [UInt8], idatChunks: Int = 3, beforeIEND: [UInt8] = []
    ) -> [UInt8] {
        let size = (stream.count + idatChunks - 1) / idatChunks
        let idat = stride(from: 0, to: stream.count, by: size).flatMap { chunk("IDAT", Array(stream[$0..<min($0 + size, stream.count)])) }
        return signature + ihdr(width: width, height: height, bitDepth: bitDepth, colorType: colorType) + idat + beforeIEND
            + chunk("IEND", [])
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }
}
