// libFuzzer target: arbitrary bytes → JPEGDecoder (header, whole decode) → TensorPreparer (the
// row-streaming JPEG path to a 32×24 tensor). Built only by scripts/fuzz.sh.
import ImageFuzzHarness
import Imaging

let decoder = JPEGDecoder(limits: ImageFuzzHarness.limits)

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
        decode: { try? decoder.decode($0) })
    return 0
}
