import Foundation
import Imaging
import Testing

/// `Resizer.resize(jpeg:…)` (row by row, no decoded image held) must equal decode + resize.
@Suite("Streaming JPEG resize")
struct StreamingResizeTests {
    static let cases: [(String, Int, Int, Resizer.Region?, JPEGDecoder.Scale)] = [
        ("film-1200x1500.jpg", 224, 224, nil, .full),
        ("photo-640x480.jpg", 224, 224, nil, .full),
        ("photo-640x480.jpg", 299, 224, Resizer.Region(x: 37, y: 0, width: 224, height: 224), .full),
        ("square-1024.jpg", 224, 224, nil, .half),
        ("photo-640x480.jpg", 640, 480, nil, .full),  // identity size
        ("photo-640x480.jpg", 901, 707, nil, .full),  // upscale: more output rows share an input row
        ("rotated-300x200.jpg", 100, 150, nil, .full),  // EXIF 6: the whole-image fallback
    ]

    @Test(arguments: cases)
    func streamingEqualsWholeImage(_ name: String, _ width: Int, _ height: Int, _ region: Resizer.Region?, _ scale: JPEGDecoder.Scale)
        throws
    {
        let fixtures = try PreparationFixtures.load()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixtures.path(name))))
        let decoder = JPEGDecoder(scale: scale)
        let kept = region ?? Resizer.Region(x: 0, y: 0, width: width, height: height)
        let streamed = try Resizer().resize(jpeg: bytes, decoder: decoder, width: width, height: height, keeping: kept)
        let whole = Resizer().resize(try decoder.decode(bytes), width: width, height: height, keeping: kept)
        #expect(streamed == whole)
    }

    @Test func truncatedJPEGIsStillATypedError() throws {
        let fixtures = try PreparationFixtures.load()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: fixtures.path("photo-640x480.jpg"))))
        #expect(throws: ImageError.truncatedImage) {
            _ = try Resizer().resize(
                jpeg: Array(bytes.prefix(bytes.count / 2)), decoder: JPEGDecoder(), width: 224, height: 224,
                keeping: Resizer.Region(x: 0, y: 0, width: 224, height: 224))
        }
    }
}
