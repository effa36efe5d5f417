import DICOM
import TensorPreparation
import Testing

/// One frame of a multi-frame object through ranged reads gives exactly the tensor the whole
/// object gives, reads far less than the object, and declines layouts it cannot place.
@Suite struct DICOMFrameReaderTests {
    /// Serves exact ranges of `bytes` and totals what was read.
    final class Object: @unchecked Sendable {
        let bytes: [UInt8]
        var bytesRead = 0
        init(_ bytes: [UInt8]) { self.bytes = bytes }

        func chunk(_ range: Range<Int>) -> DICOMHeaderReader.Chunk {
            DICOMHeaderReader.Chunk(bytes: read(range.clamped(to: 0..<bytes.count)), objectSize: bytes.count)
        }

        func read(_ range: Range<Int>) -> [UInt8] {
            bytesRead += range.count
            return Array(bytes[range])
        }
    }

    @Test func everyFrameOfEveryMultiFrameFixtureMatchesTheWholeObject() throws {
        var ranged: [String] = []
        var declined: [String] = []
        for entry in try DICOMParityTests.decodable {
            let bytes = try DICOMFixtures.bytes(entry)
            guard let frames = try? DICOMImage(bytes: bytes).pixelModule.numberOfFrames, frames > 1 else { continue }
            for selection in [FrameSelection.first, .middle, .index(frames - 1)] {
                let object = Object(bytes)
                let header = try DICOMHeaderReader(initialBytes: 512).read(object.chunk)
                guard let frame = try DICOMFrameReader().read(selection, header: header, read: object.read) else {
                    declined.append(entry.name)
                    break
                }
                let whole = try TensorPreparer().prepare(bytes, frame: selection).tensor.bytes
                let alone = try TensorPreparer().prepare(header: header.file, frame: frame).tensor.bytes
                #expect(alone == whole, "\(entry.name) frame \(selection)")
                if selection == .first { ranged.append(entry.name) }
            }
        }
        // Native frames, RLE and JPEG frames through the Basic and the Extended Offset Table.
        for name in ["gen-frames16-expl", "gen-enhanced-impl", "gen-jpegframes-bot", "gen-jpegframes-eot"] {
            #expect(ranged.contains(name), "\(name) was not read frame by frame (ranged: \(ranged), declined: \(declined))")
        }
        // No offset table to place frames, or 1-bit frames that start mid-byte: read whole.
        #expect(declined.contains("gen-jpegframes-nobot") && declined.contains("gen-bits1-expl"), "\(declined)")
    }

    @Test func aLargeCineCostsItsHeaderAndOneFrame() throws {
        // 200 frames of 256 × 256 × 16 bits: 26 MB of native pixel data.
        let rows: UInt16 = 256
        let frameBytes = Int(rows) * Int(rows) * 2
        let pixels = (0..<(200 * frameBytes)).map { UInt8(truncatingIfNeeded: $0 / 7) }
        let object = Object(Part10.file(Part10.image(rows: rows, columns: rows, frames: "200", pixels: pixels)))
        let header = try DICOMHeaderReader(initialBytes: 1024).read(object.chunk)
        let frame = try #require(try DICOMFrameReader().read(.middle, header: header, read: object.read))
        #expect(frame.index == 100 && frame.bytes.count == frameBytes)
        #expect(object.bytesRead < 1024 + frameBytes + 64, "read \(object.bytesRead) of \(object.bytes.count)")
        let whole = try TensorPreparer().prepare(object.bytes, frame: .middle).tensor.bytes
        #expect(try TensorPreparer().prepare(header: header.file, frame: frame).tensor.bytes == whole)
    }

    @Test func tablesThatPointOutsideTheObjectAreTypedErrors() throws {
        // A Basic Offset Table whose second offset lies past the object's end.
        let fragment = [UInt8](repeating: 0xAB, count: 16)
        let item = Part10.uint16(0xFFFE) + Part10.uint16(0xE000) + Part10.uint32(UInt32(fragment.count)) + fragment
        let table = Part10.uint32(0) + Part10.uint32(0x7FFF_0000)
        var pixelData = Part10.uint16(0x7FE0) + Part10.uint16(0x0010) + Array("OB".utf8) + [0, 0] + Part10.uint32(0xFFFF_FFFF)
        pixelData += Part10.uint16(0xFFFE) + Part10.uint16(0xE000) + Part10.uint32(UInt32(table.count)) + table
        pixelData += item + item + Part10.uint16(0xFFFE) + Part10.uint16(0xE0DD) + Part10.uint32(0)
        var module = Part10.image(rows: 2, columns: 4, frames: "2", pixels: [])
        module.removeLast(12)  // the empty native Pixel Data element Part10.image appends
        let object = Object(Part10.file(module + pixelData, transferSyntax: "1.2.840.10008.1.2.4.70"))
        let header = try DICOMHeaderReader(initialBytes: 256).read(object.chunk)
        let error = #expect(throws: DICOMError.self) { try DICOMFrameReader().read(.first, header: header, read: object.read) }
        #expect(error?.errorType == "CorruptDICOM")
    }
}
