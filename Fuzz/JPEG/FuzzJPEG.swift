// libFuzzer target: arbitrary bytes → JPEGDecoder (header, whole decode) → TensorPreparer (the
// row-streaming JPEG path to a 32×24 tensor). Built only by scripts/fuzz.sh.
import Imaging
import TensorPreparation

/// Small limits so a bomb is refused on its header and a valid image decodes in milliseconds.
let limits = ImageLimits(maximumInputBytes: 1 << 20, maximumDimension: 2048, maximumPixels: 1 << 20, maximumDecodedBytes: 4 << 20)

/// One preparer per geometry × decode mode; the input's length picks one, so every path is reached.
let preparers: [TensorPreparer] = PreprocessingConfiguration.Geometry.allCases.flatMap { geometry in
    PreprocessingConfiguration.DecodeMode.allCases.map { mode in
        let configuration = PreprocessingConfiguration(width: 32, height: 24, geometry: geometry, decodeMode: mode)
        do {
            return try TensorPreparer(configuration: configuration, limits: limits)
        } catch {
            fatalError("the harness's fixed configuration is invalid: \(error)")  // a harness bug, not a finding
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJPEG(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let decoder = JPEGDecoder(limits: limits)
    if let header = try? decoder.header(of: bytes) {
        // The oracle: what decodes must match its header and hold exactly w × h × c samples.
        if let image = try? decoder.decode(bytes) {
            let swapped = header.orientation >= 5 && header.orientation <= 8
            let (width, height) = swapped ? (header.height, header.width) : (header.width, header.height)
            guard image.width == width, image.height == height, image.channels == header.channels,
                image.samples.count == image.width * image.height * image.channels
            else { fatalError("decoded image does not match its header") }
        }
    }
    let preparer = preparers[bytes.count % preparers.count]
    if let prepared = try? preparer.prepare(bytes) {
        let expected = preparer.configuration.shape.reduce(1, *) * prepared.tensor.elementType.byteCount
        guard prepared.tensor.bytes.count == expected else { fatalError("tensor size does not match its shape") }
    }
    return 0
}
