/// The EXIF Orientation tag: how the stored pixels must be transformed to stand upright.
///
/// Cases follow the EXIF numbering; `applied(to:)` matches Pillow's `ImageOps.exif_transpose`.
public enum ExifOrientation: Int, Sendable, CaseIterable {
    case up = 1
    case mirrored = 2
    case rotated180 = 3
    case flippedVertically = 4
    case transposed = 5
    case rotatedClockwise = 6
    case transverse = 7
    case rotatedCounterclockwise = 8

    /// Whether the upright image swaps width and height.
    public var swapsDimensions: Bool { rawValue >= 5 }

    /// Returns `image` transformed upright.
    public func applied(to image: DecodedImage) -> DecodedImage {
        if self == .up { return image }
        switch image.samples {
        case .eightBit(let values):
            let (width, height, out) = transform(values, width: image.width, height: image.height, channels: image.channels)
            return DecodedImage(width: width, height: height, channels: image.channels, samples: .eightBit(out))
        case .sixteenBit(let values):
            let (width, height, out) = transform(values, width: image.width, height: image.height, channels: image.channels)
            return DecodedImage(width: width, height: height, channels: image.channels, samples: .sixteenBit(out))
        }
    }

    private func transform<Sample>(_ input: [Sample], width: Int, height: Int, channels: Int) -> (Int, Int, [Sample]) {
        let outWidth = swapsDimensions ? height : width
        let outHeight = swapsDimensions ? width : height
        var output = input
        var to = 0
        for y in 0..<outHeight {
            // Along an upright row the stored pixel moves by a constant step.
            let first = storedIndex(x: 0, y: y, width: width, height: height)
            let step = outWidth > 1 ? storedIndex(x: 1, y: y, width: width, height: height) - first : 0
            var from = first * channels
            let stride = step * channels
            for _ in 0..<outWidth {
                for channel in 0..<channels { output[to + channel] = input[from + channel] }
                to += channels
                from += stride
            }
        }
        return (outWidth, outHeight, output)
    }

    /// The stored pixel (as y × width + x) that lands at upright (x, y).
    private func storedIndex(x: Int, y: Int, width: Int, height: Int) -> Int {
        let (storedX, storedY): (Int, Int) =
            switch self {
            case .up: (x, y)
            case .mirrored: (width - 1 - x, y)
            case .rotated180: (width - 1 - x, height - 1 - y)
            case .flippedVertically: (x, height - 1 - y)
            case .transposed: (y, x)
            case .rotatedClockwise: (y, height - 1 - x)
            case .transverse: (width - 1 - y, height - 1 - x)
            case .rotatedCounterclockwise: (width - 1 - y, x)
            }
        return storedY * width + storedX
    }
}
