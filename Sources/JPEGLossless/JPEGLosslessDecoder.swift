/// Decodes JPEG Lossless (ITU-T T.81 Annex H, process 14: SOF3 with Huffman coding), the
/// coding of DICOM transfer syntaxes 1.2.840.10008.1.2.4.57 and .70 (selection value 1).
///
/// Pure Swift over the caller's bytes: 2–16 bit samples, 1–4 components in interleaved or
/// separate scans, predictors 1–7, point transform, restart intervals. The frame header is
/// checked against the limit before anything image-sized is allocated, and every read is
/// bounds-checked: hostile input ends in a ``JPEGLosslessError``.
public enum JPEGLosslessDecoder {
    /// Decodes the first frame of `codestream` (SOI … EOI; bytes after EOI are ignored, so a
    /// DICOM fragment's even-length padding is fine).
    /// - Parameters:
    ///   - codestream: One JPEG Lossless image.
    ///   - maximumPixelCount: The largest width × height × components accepted; a frame header
    ///     beyond it throws `imageTooLarge` before allocation.
    /// - Throws: ``JPEGLosslessError``: `corruptPixelData`, `truncatedPixelData`,
    ///   `imageTooLarge`, or `unsupportedCoding` for other JPEG processes.
    public static func decode(
        _ codestream: UnsafeRawBufferPointer, maximumPixelCount: Int
    ) throws(JPEGLosslessError) -> JPEGLosslessImage {
        var parser = CodestreamParser(bytes: codestream, maximumSampleCount: maximumPixelCount)
        return try parser.decode()
    }
}

/// The marker-level state of one decode: tables, restart interval, frame and output.
private struct CodestreamParser {
    let bytes: UnsafeRawBufferPointer
    let maximumSampleCount: Int
    var position = 0
    var tables = [HuffmanTable?](repeating: nil, count: 4)
    var restartInterval = 0
    var frame: Frame?
    var samples: [UInt16] = []

    init(bytes: UnsafeRawBufferPointer, maximumSampleCount: Int) {
        self.bytes = bytes
        self.maximumSampleCount = maximumSampleCount
    }

    mutating func decode() throws(JPEGLosslessError) -> JPEGLosslessImage {
        guard bytes.count >= 2 else { throw bytes.isEmpty ? .truncatedPixelData : .corruptPixelData(detail: "no SOI marker") }
        guard bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw .corruptPixelData(detail: "no SOI marker") }
        position = 2
        while let marker = try nextMarker() {
            switch marker {
            case 0xC3: try readFrame(try segment())
            case 0xC4: try readHuffmanTables(try segment())
            case 0xDD: try readRestartInterval(try segment())
            case 0xDA: try decodeScan(header: try segment())
            case 0xD9: return try finishedImage()
            case 0xDC: throw .unsupportedCoding(detail: "a DNL marker (height defined after the first scan)")
            case 0xCC: throw .unsupportedCoding(detail: "arithmetic coding (DAC marker)")
            case 0xC0, 0xC1, 0xC2, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF:
                throw .unsupportedCoding(detail: "JPEG process of SOF marker 0xFF\(hex(marker)), not lossless SOF3")
            case 0xD0...0xD7: throw .corruptPixelData(detail: "a restart marker outside a scan")
            case 0xD8: throw .corruptPixelData(detail: "a second SOI marker before EOI")
            case 0x01: continue  // TEM has no segment
            default: _ = try segment()  // APPn, COM, DQT, …: not needed for lossless decoding
            }
        }
        // The buffer ended without EOI: fine once every component was decoded (some encoders
        // and DICOM fragment splits drop it), truncated otherwise.
        return try finishedImage()
    }

    /// The next marker code, skipping 0xFF fill bytes; nil at the end of the buffer.
    mutating func nextMarker() throws(JPEGLosslessError) -> UInt8? {
        guard position < bytes.count else { return nil }
        guard bytes[position] == 0xFF else {
            throw .corruptPixelData(detail: "expected a marker at offset \(position)")
        }
        while position < bytes.count, bytes[position] == 0xFF { position += 1 }
        // Only fill bytes left: the end of the data, as if EOI were missing.
        guard position < bytes.count else { return nil }
        let marker = bytes[position]
        position += 1
        guard marker != 0 else { throw .corruptPixelData(detail: "a stuffed 0xFF00 outside a scan") }
        return marker
    }

    /// The payload of the marker segment at `position` (after its 2-byte length), consumed.
    mutating func segment() throws(JPEGLosslessError) -> UnsafeRawBufferPointer {
        guard position + 2 <= bytes.count else { throw .truncatedPixelData }
        let length = Int(bytes[position]) << 8 | Int(bytes[position + 1])
        guard length >= 2 else { throw .corruptPixelData(detail: "a marker segment length of \(length)") }
        guard position + length <= bytes.count else { throw .truncatedPixelData }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[(position + 2)..<(position + length)])
        position += length
        return payload
    }

    mutating func readFrame(_ payload: UnsafeRawBufferPointer) throws(JPEGLosslessError) {
        guard frame == nil else { throw .corruptPixelData(detail: "a second frame header") }
        guard payload.count >= 6 else { throw .corruptPixelData(detail: "a short SOF3 segment") }
        let precision = Int(payload[0])
        let height = Int(payload[1]) << 8 | Int(payload[2])
        let width = Int(payload[3]) << 8 | Int(payload[4])
        let componentCount = Int(payload[5])
        guard payload.count == 6 + 3 * componentCount else {
            throw .corruptPixelData(detail: "a SOF3 length that does not match its components")
        }
        guard (2...16).contains(precision) else { throw .corruptPixelData(detail: "a sample precision of \(precision) bits (2–16)") }
        guard height > 0 else { throw .unsupportedCoding(detail: "a frame height of 0 (defined by a DNL marker)") }
        guard width > 0, componentCount > 0 else {
            throw .corruptPixelData(detail: "a frame of \(width) columns and \(componentCount) components")
        }
        guard componentCount <= 4 else { throw .unsupportedCoding(detail: "\(componentCount) components (at most 4)") }
        var identifiers: [UInt8] = []
        for index in 0..<componentCount {
            let identifier = payload[6 + 3 * index]
            let sampling = payload[7 + 3 * index]
            guard !identifiers.contains(identifier) else { throw .corruptPixelData(detail: "two components with identifier \(identifier)") }
            guard sampling == 0x11 else {
                throw .unsupportedCoding(detail: "component sampling factors \(sampling >> 4)×\(sampling & 0xF) (only 1×1)")
            }
            identifiers.append(identifier)
        }
        // Limits before allocation; multiplied in steps that cannot overflow (each factor < 2^16).
        guard width * height <= maximumSampleCount / componentCount else {
            throw .imageTooLarge(width: width, height: height, componentCount: componentCount, limit: maximumSampleCount)
        }
        samples = [UInt16](repeating: 0, count: width * height * componentCount)
        frame = Frame(
            width: width, height: height, precision: precision, componentIdentifiers: identifiers,
            pointTransforms: [Int](repeating: 0, count: componentCount),
            decoded: [Bool](repeating: false, count: componentCount))
    }

    mutating func readHuffmanTables(_ payload: UnsafeRawBufferPointer) throws(JPEGLosslessError) {
        var offset = 0
        while offset < payload.count {
            guard offset + 17 <= payload.count else { throw .corruptPixelData(detail: "a short DHT segment") }
            let tableClass = payload[offset] >> 4
            let destination = Int(payload[offset] & 0x0F)
            guard tableClass <= 1, destination <= 3 else {
                throw .corruptPixelData(detail: "a Huffman table of class \(tableClass), destination \(destination)")
            }
            let counts = (1...16).map { Int(payload[offset + $0]) }
            let total = counts.reduce(0, +)
            offset += 17
            guard total <= 256, offset + total <= payload.count else {
                throw .corruptPixelData(detail: "a DHT segment shorter than its counts")
            }
            // Class 1 (AC) tables are legal in a DHT segment but never used by a lossless scan.
            if tableClass == 0 {
                tables[destination] = try HuffmanTable(counts: counts, values: Array(payload[offset..<(offset + total)]))
            }
            offset += total
        }
    }

    mutating func readRestartInterval(_ payload: UnsafeRawBufferPointer) throws(JPEGLosslessError) {
        guard payload.count == 2 else { throw .corruptPixelData(detail: "a DRI segment of \(payload.count) bytes") }
        restartInterval = Int(payload[0]) << 8 | Int(payload[1])
    }

    mutating func decodeScan(header payload: UnsafeRawBufferPointer) throws(JPEGLosslessError) {
        guard var frame else { throw .corruptPixelData(detail: "a scan before the frame header") }
        guard let first = payload.first, (1...4).contains(Int(first)), payload.count == 4 + 2 * Int(first) else {
            throw .corruptPixelData(detail: "a malformed SOS segment")
        }
        let componentCount = Int(first)
        var components: [Int] = []
        var scanTables: [HuffmanTable] = []
        for index in 0..<componentCount {
            let identifier = payload[1 + 2 * index]
            let tableSelector = Int(payload[2 + 2 * index] >> 4)
            guard let component = frame.componentIdentifiers.firstIndex(of: identifier), !components.contains(component) else {
                throw .corruptPixelData(detail: "a scan names component \(identifier) twice or not in the frame")
            }
            guard !frame.decoded[component] else { throw .corruptPixelData(detail: "component \(identifier) is in two scans") }
            guard tableSelector <= 3, let table = tables[tableSelector] else {
                throw .corruptPixelData(detail: "a scan uses Huffman table \(tableSelector), which is not defined")
            }
            components.append(component)
            scanTables.append(table)
        }
        let predictor = Int(payload[1 + 2 * componentCount])
        let successiveApproximation = payload[3 + 2 * componentCount]
        let pointTransform = Int(successiveApproximation & 0x0F)
        guard (1...7).contains(predictor) else {
            throw .corruptPixelData(detail: "predictor \(predictor) (1–7; 0 is only for hierarchical coding)")
        }
        guard successiveApproximation >> 4 == 0, pointTransform < frame.precision else {
            throw .corruptPixelData(detail: "a point transform of \(pointTransform) for \(frame.precision)-bit samples")
        }
        guard restartInterval % frame.width == 0 else {
            throw .corruptPixelData(detail: "a restart interval of \(restartInterval) samples, not whole lines of \(frame.width)")
        }
        var scan = ScanDecoder(
            width: frame.width, height: frame.height, componentStride: frame.componentIdentifiers.count,
            components: components, tables: scanTables, predictor: predictor,
            initialPrediction: Int32(1) << (frame.precision - pointTransform - 1), restartInterval: restartInterval)
        position = try samples.withUnsafeMutableBufferPointer { (output) throws(JPEGLosslessError) -> Int in
            try scan.decode(bytes, from: position, into: output)
        }
        for component in components {
            frame.decoded[component] = true
            frame.pointTransforms[component] = pointTransform
        }
        self.frame = frame
        // Tolerate bytes between the scan's data and the next marker, as libjpeg does.
        while position < bytes.count, bytes[position] != 0xFF || position + 1 < bytes.count && bytes[position + 1] == 0 {
            position += 1
        }
    }

    /// The image once every component was decoded, with the point transforms undone.
    mutating func finishedImage() throws(JPEGLosslessError) -> JPEGLosslessImage {
        guard let frame else { throw .truncatedPixelData }
        guard frame.decoded.allSatisfy({ $0 }) else { throw .truncatedPixelData }
        let stride = frame.componentIdentifiers.count
        for (component, shift) in frame.pointTransforms.enumerated() where shift > 0 {
            for index in Swift.stride(from: component, to: samples.count, by: stride) { samples[index] <<= UInt16(shift) }
        }
        return JPEGLosslessImage(
            width: frame.width, height: frame.height, componentCount: stride, precision: frame.precision, samples: samples)
    }
}

/// What the frame header (SOF3) declared, and which components the scans have decoded.
private struct Frame {
    var width: Int
    var height: Int
    var precision: Int
    var componentIdentifiers: [UInt8]
    var pointTransforms: [Int]
    var decoded: [Bool]
}

private func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
}
