// libFuzzer target: arbitrary bytes → JPEG2000Decoder (OpenJPEG through COpenJPEGShim) under a
// 4 M-sample limit, one thread, and every image it returns must be as large as it says.
// Built only by scripts/fuzz.sh.
import JPEG2000

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJPEG2000(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let buffer = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    if let image = try? JPEG2000Decoder.decode(buffer, maximumPixelCount: 4 << 20, threads: 1) {
        precondition(image.samples.count == image.width * image.height * image.componentCount)
    }
    return 0
}
