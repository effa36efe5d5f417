import Imaging

/// Bounds checked while parsing and before any pixel buffer is allocated, so a hostile header
/// (a length past the end, a 200-deep sequence, a bomb Rows × Columns) fails in microseconds.
public struct DICOMLimits: Sendable, Equatable {
    /// Deepest nesting of sequences accepted (the top-level dataset is depth 0).
    public var maximumDepth: Int
    /// Most data elements accepted in the whole file, nested ones included.
    public var maximumElementCount: Int
    /// Largest dataset a Deflated transfer syntax may inflate to, in bytes.
    public var maximumInflatedBytes: Int
    /// Largest frame count accepted in (0028,0008) NumberOfFrames.
    public var maximumFrameCount: Int
    /// Input size, dimensions, pixels and decoded bytes of the one frame decoded (the same
    /// limits as JPEG and PNG).
    public var image: ImageLimits

    /// Creates limits; the defaults admit any clinical object we know of (enhanced CT/MR nest
    /// about 4 deep and hold some 10⁵ elements) and stay well inside a 1 GB Lambda.
    public init(
        maximumDepth: Int = 64, maximumElementCount: Int = 1_000_000, maximumInflatedBytes: Int = 256 << 20,
        maximumFrameCount: Int = 100_000, image: ImageLimits = .default
    ) {
        self.maximumDepth = maximumDepth
        self.maximumElementCount = maximumElementCount
        self.maximumInflatedBytes = maximumInflatedBytes
        self.maximumFrameCount = maximumFrameCount
        self.image = image
    }

    /// The defaults described in docs/dicom.md.
    public static let `default` = DICOMLimits()
}
