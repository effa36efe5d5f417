// libFuzzer target: arbitrary bytes → JPEGLosslessDecoder under a 4 M-sample limit, and every
// image it returns must be as large as it says. Built only by scripts/fuzz.sh.
import JPEGLossless

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJPEGLossless(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let buffer = UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size)
    if let image = try? JPEGLosslessDecoder.decode(buffer, maximumPixelCount: 4 << 20) {
        precondition(image.samples.count == image.width * image.height * image.componentCount)
    }
    return 0
}
