/// A decoded JPEG Lossless frame: every component at full resolution, samples as stored.
public struct JPEGLosslessImage: Sendable {
    /// Samples per line (the frame header's X).
    public let width: Int
    /// Lines (the frame header's Y).
    public let height: Int
    /// Components (1 for grayscale, 3 for colour; at most 4).
    public let componentCount: Int
    /// Sample precision P in bits, 2–16.
    public let precision: Int
    /// `width × height × componentCount` samples, row-major with components interleaved
    /// (`samples[(y × width + x) × componentCount + c]`). A point transform Pt is undone: values
    /// are the decoded ones shifted left by Pt, as T.81 H.1.2.1 and pydicom return them.
    public let samples: [UInt16]
}
