// libFuzzer target: arbitrary bytes → JPEGDecoder (header, whole decode) → TensorPreparer (the
// row-streaming JPEG path to a 32×24 tensor). Oracle, besides the harness's: RadStream's Huffman
// decoder gives exactly what libjpeg-turbo's own gives, pixels or error. Built only by
// scripts/fuzz.sh.
import ImageFuzzHarness
import Imaging

let decoder = JPEGDecoder(limits: ImageFuzzHarness.limits)
let libjpegDecoder = JPEGDecoder(limits: ImageFuzzHarness.limits, huffman: .libjpeg)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJPEG(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    ImageFuzzHarness.exercise(
        bytes,
        header: { bytes in
            guard let header = try? decoder.header(of: bytes) else { return nil }
            // EXIF orientations 5–8 transpose the image.
            let swapped = header.orientation >= 5 && header.orientation <= 8
            return swapped ? (header.height, header.width, header.channels) : (header.width, header.height, header.channels)
        },
        decode: { bytes in
            let fast = Result { () throws(ImageError) in try decoder.decode(bytes) }
            guard fast == Result(catching: { () throws(ImageError) in try libjpegDecoder.decode(bytes) }) else {
                fatalError("the fast Huffman decoder and libjpeg's disagree")
            }
            return try? fast.get()
        })
    return 0
}
