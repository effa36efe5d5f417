/// Reverses PNG's per-row filters (PNG specification §9: None, Sub, Up, Average, Paeth) in place.
///
/// Each filter adds a prediction from the byte `bytesPerPixel` to the left (a), the byte above
/// (b) and the byte above-left (c) to the stored byte, modulo 256; the first row predicts from a
/// row of zeros. Up has no dependency along the row and runs on 16 bytes at a time; Sub, Average
/// and Paeth depend on the byte just reconstructed one pixel to the left, so they run byte by byte
/// (their `bytesPerPixel` chains are independent, which the processor overlaps).
enum PNGUnfilter {
    /// Unfilters `rowCount` rows of `1 + rowBytes` bytes (the filter type, then the row) in
    /// `raw`, top to bottom, handing each reconstructed row (`rowBytes` bytes, valid only during
    /// the call) and its index to `body` as soon as it is complete.
    ///
    /// - Returns: `false` at the first filter type above 4 (the rows before it were handed on).
    static func unfilterRows(
        _ raw: inout [UInt8], rowCount: Int, rowBytes: Int, bytesPerPixel: Int,
        row body: (Int, UnsafeBufferPointer<UInt8>) -> Void
    ) -> Bool {
        precondition(raw.count == rowCount * (rowBytes + 1) && bytesPerPixel >= 1 && bytesPerPixel <= rowBytes)
        let zeros = [UInt8](repeating: 0, count: rowBytes)
        return zeros.withUnsafeBufferPointer { zeroRow in
            raw.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress, let zero = zeroRow.baseAddress else { return false }
                let stride = rowBytes + 1
                for index in 0..<rowCount {
                    let row = base + index * stride + 1
                    let above = index == 0 ? zero : UnsafePointer(row - stride)
                    switch row[-1] {
                    case 0: break
                    case 1: sub(row, count: rowBytes, bytesPerPixel: bytesPerPixel)
                    case 2: up(row, above: above, count: rowBytes)
                    case 3: average(row, above: above, count: rowBytes, bytesPerPixel: bytesPerPixel)
                    case 4: paeth(row, above: above, count: rowBytes, bytesPerPixel: bytesPerPixel)
                    default: return false
                    }
                    body(index, UnsafeBufferPointer(start: row, count: rowBytes))
                }
                return true
            }
        }
    }

    private static func sub(_ row: UnsafeMutablePointer<UInt8>, count: Int, bytesPerPixel: Int) {
        for i in bytesPerPixel..<count { row[i] &+= row[i - bytesPerPixel] }
    }

    private static func up(_ row: UnsafeMutablePointer<UInt8>, above: UnsafePointer<UInt8>, count: Int) {
        var i = 0
        let rowBytes = UnsafeMutableRawPointer(row)
        let aboveBytes = UnsafeRawPointer(above)
        while i + 16 <= count {
            let sum =
                rowBytes.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                &+ aboveBytes.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
            rowBytes.storeBytes(of: sum, toByteOffset: i, as: SIMD16<UInt8>.self)
            i += 16
        }
        while i < count {
            row[i] &+= above[i]
            i += 1
        }
    }

    private static func average(_ row: UnsafeMutablePointer<UInt8>, above: UnsafePointer<UInt8>, count: Int, bytesPerPixel: Int) {
        for i in 0..<bytesPerPixel { row[i] &+= above[i] >> 1 }
        for i in bytesPerPixel..<count {
            row[i] &+= UInt8(truncatingIfNeeded: (UInt16(row[i - bytesPerPixel]) + UInt16(above[i])) >> 1)
        }
    }

    private static func paeth(_ row: UnsafeMutablePointer<UInt8>, above: UnsafePointer<UInt8>, count: Int, bytesPerPixel: Int) {
        // Left of the first pixel a = c = 0, so the predictor is b.
        for i in 0..<bytesPerPixel { row[i] &+= above[i] }
        for i in bytesPerPixel..<count {
            let a = Int(row[i - bytesPerPixel])
            let b = Int(above[i])
            let c = Int(above[i - bytesPerPixel])
            // p = a + b − c; the nearest of a, b, c to p wins, ties in that order (libpng's order).
            let distanceA = abs(b - c)
            let distanceB = abs(a - c)
            let distanceC = abs(a + b - 2 * c)
            let prediction = distanceA <= distanceB && distanceA <= distanceC ? a : (distanceB <= distanceC ? b : c)
            row[i] &+= UInt8(truncatingIfNeeded: prediction)
        }
    }
}
