// libFuzzer target: arbitrary bytes → PNGDecoder (header, whole decode) → TensorPreparer (decode,
// resize, normalise to a 32×24 tensor). Every decode is also made with libpng alone, and the fast
// path (libdeflate + our unfiltering) must give the same pixels or the same error: a difference
// stops the fuzzer. Built only by scripts/fuzz.sh.
import ImageFuzzHarness
import Imaging

let decoder = PNGDecoder(limits: ImageFuzzHarness.limits)
let libpngOnly = PNGDecoder(limits: ImageFuzzHarness.limits, usesFastPath: false)

/// The decoded image or the error, so the two paths' answers compare with `==`.
func outcome(_ decoder: PNGDecoder, _ bytes: [UInt8]) -> Result<DecodedImage, ImageError> {
    do throws(ImageError) { return .success(try decoder.decode(bytes)) } catch { return .failure(error) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    ImageFuzzHarness.exercise(
        bytes,
        header: { bytes in (try? decoder.header(of: bytes)).map { ($0.width, $0.height, $0.channels) } },
        decode: { bytes in
            let result = outcome(decoder, bytes)
            guard result == outcome(libpngOnly, bytes) else { fatalError("the PNG fast path and libpng disagree") }
            return try? result.get()
        })
    return 0
}
