// libFuzzer target: arbitrary bytes → PNGDecoder (header, whole decode) → TensorPreparer (decode,
// resize, normalise to a 32×24 tensor). Built only by scripts/fuzz.sh.
import ImageFuzzHarness
import Imaging

let decoder = PNGDecoder(limits: ImageFuzzHarness.limits)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPNG(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    ImageFuzzHarness.exercise(
        bytes,
        header: { bytes in (try? decoder.header(of: bytes)).map { ($0.width, $0.height, $0.channels) } },
        decode: { try? decoder.decode($0) })
    return 0
}
