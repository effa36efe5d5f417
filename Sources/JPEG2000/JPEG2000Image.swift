/// A decoded JPEG 2000 image: every component at full resolution, samples as reconstructed.
public struct JPEG2000Image: Sendable {
    /// Columns of the image area (SIZ Xsiz − XOsiz).
    public let width: Int
    /// Rows of the image area (SIZ Ysiz − YOsiz).
    public let height: Int
    /// Components (1 for grayscale, 3 for colour).
    public let componentCount: Int
    /// Bits per sample (the same for every component).
    public let precision: Int
    /// True when samples are signed (SIZ Ssiz bit 7).
    public let isSigned: Bool
    /// `width × height × componentCount` samples, row-major with components interleaved
    /// (`samples[(y × width + x) × componentCount + c]`); no colour transform is undone beyond
    /// the codestream's own (MCT), as pydicom returns them.
    public let samples: [Int32]
}
