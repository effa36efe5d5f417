/// YBR_FULL → RGB exactly as pydicom 3's `convert_color_space` (ITU-R BT.601 full range, JFIF):
/// float32 arithmetic, + 0.5, clipped to 0…255, truncated.
enum ColorConversion {
    static func convertYBRFullToRGB(_ values: inout [Int32]) {
        let greenFromBlue = Float(-0.114 * 1.772 / 0.587)
        let greenFromRed = Float(-0.299 * 1.402 / 0.587)
        for pixel in stride(from: 0, to: values.count - 2, by: 3) {
            let luma = Float(values[pixel])
            let blue = Float(values[pixel + 1]) - 128
            let red = Float(values[pixel + 2]) - 128
            let rgb = (luma + 1.402 * red, luma + greenFromBlue * blue + greenFromRed * red, luma + 1.772 * blue)
            values[pixel] = Int32(min(max(rgb.0 + 0.5, 0), 255))
            values[pixel + 1] = Int32(min(max(rgb.1 + 0.5, 0), 255))
            values[pixel + 2] = Int32(min(max(rgb.2 + 0.5, 0), 255))
        }
    }
}
