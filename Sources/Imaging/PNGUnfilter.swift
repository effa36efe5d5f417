/// Reverses PNG's per-row filters (PNG specification §9: None, Sub, Up, Average, Paeth) in place.
///
/// Each filter adds a prediction from the byte `bytesPerPixel` to the left (a), the byte above
/// (b) and the byte above-left (c) to the stored byte, modulo 256; the first row predicts from a
/// row of zeros. Up has no dependency along the row and runs on 16 bytes at a time. Sub, Average
/// and Paeth depend on the pixel just reconstructed, so they run pixel by pixel; for 2-, 4- and
/// 8-byte pixels (16-bit gray, 8-bit RGBA and 16-bit gray + alpha, 16-bit RGBA) that pixel stays
/// in registers (an `InlineArray` of the pixel's size) instead of being read back from the row
/// just written, which would put a store-to-load forwarding delay on every step of the chain.
enum PNGUnfilter {
    /// Unfilters `rowCount` rows of `1 + rowBytes` bytes (the filter type, then the row) in
    /// `raw`, top to bottom, handing each reconstructed row (`rowBytes` bytes, valid only during
    /// the call) and its index to `body` as soon as it is complete.
    ///
    /// With `rows`, only those rows, whose rows above must have been unfiltered already (a file
    /// unfiltered in batches as its rows are inflated).
    ///
    /// - Returns: `false` at the first filter type above 4 (the rows before it were handed on).
    static func unfilterRows(
        _ raw: inout [UInt8], rowCount: Int, rowBytes: Int, bytesPerPixel: Int, rows: Range<Int>? = nil,
        row body: (Int, UnsafeBufferPointer<UInt8>) -> Void
    ) -> Bool {
        precondition(raw.count == rowCount * (rowBytes + 1) && bytesPerPixel >= 1 && bytesPerPixel <= rowBytes)
        let zeros = [UInt8](repeating: 0, count: rowBytes)
        return zeros.withUnsafeBufferPointer { zeroRow in
            raw.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress, let zero = zeroRow.baseAddress else { return false }
                let stride = rowBytes + 1
                for index in rows ?? 0..<rowCount {
                    let row = base + index * stride + 1
                    let above = index == 0 ? zero : UnsafePointer(row - stride)
                    let filter = row[-1]
                    switch (filter, bytesPerPixel) {
                    case (0, _): break
                    case (2, _): up(row, above: above, count: rowBytes)
                    case (1...4, 2): unfilterInLanes(InlineArray<2, Int>.self, filter, row, above: above, count: rowBytes)
                    case (1...4, 4): unfilterInLanes(InlineArray<4, Int>.self, filter, row, above: above, count: rowBytes)
                    case (1...4, 8): unfilterInLanes(InlineArray<8, Int>.self, filter, row, above: above, count: rowBytes)
                    case (1, _): sub(row, count: rowBytes, bytesPerPixel: bytesPerPixel)
                    case (3, _): average(row, above: above, count: rowBytes, bytesPerPixel: bytesPerPixel)
                    case (4, _): paeth(row, above: above, count: rowBytes, bytesPerPixel: bytesPerPixel)
                    default: return false
                    }
                    body(index, UnsafeBufferPointer(start: row, count: rowBytes))
                }
                return true
            }
        }
    }

    /// Sub (1), Average (3) or Paeth (4) on pixels of `width` bytes, one pixel per step, the
    /// reconstructed pixel to the left (a) and the one above-left (c) kept in registers.
    private static func unfilterInLanes<let width: Int>(
        _: InlineArray<width, Int>.Type, _ filter: UInt8, _ row: UnsafeMutablePointer<UInt8>, above: UnsafePointer<UInt8>,
        count: Int
    ) {
        var a = InlineArray<width, Int>(repeating: 0)
        var c = InlineArray<width, Int>(repeating: 0)
        var offset = 0
        while offset < count {
            for lane in 0..<width {
                let b = Int(above[offset + lane])
                let prediction =
                    switch filter {
                    case 1: a[lane]
                    case 3: (a[lane] + b) >> 1
                    default: paethPredictor(a[lane], b, c[lane])
                    }
                a[lane] = (Int(row[offset + lane]) + prediction) & 0xFF
                c[lane] = b
                row[offset + lane] = UInt8(truncatingIfNeeded: a[lane])
            }
            offset += width
        }
    }

    /// The nearest of a, b, c to p = a + b − c, ties in that order (libpng's order). Written as
    /// two selects, which compile to conditional moves: on noisy rows the choice is random, and
    /// a branch would be mispredicted half the time.
    @inline(__always)
    private static func paethPredictor(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let distanceA = abs(b - c)
        let distanceB = abs(a - c)
        let distanceC = abs(a + b - 2 * c)
        let nearerOfAB = distanceB < distanceA ? b : a
        let distanceAB = min(distanceA, distanceB)
        return distanceC < distanceAB ? c : nearerOfAB
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
            let prediction = paethPredictor(Int(row[i - bytesPerPixel]), Int(above[i]), Int(above[i - bytesPerPixel]))
            row[i] &+= UInt8(truncatingIfNeeded: prediction)
        }
    }
}
