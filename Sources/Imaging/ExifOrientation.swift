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
        var output: [Sample] = []
        output.reserveCapacity(input.count)
        for y in 0..<outHeight {
            for x in 0..<outWidth {
                // The stored pixel that lands at upright (x, y).
                let (sx, sy): (Int, Int) =
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
                let from = (sy * width + sx) * channels
                output.append(contentsOf: input[from..<(from + channels)])
            }
        }
        return (outWidth, outHeight, output)
    }
}
