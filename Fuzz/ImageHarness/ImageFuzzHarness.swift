// What FuzzJPEG and FuzzPNG share: small limits, one preparer per geometry × decode mode, and the
// oracle that a decoded image matches its header and a tensor its shape. Built only by
// scripts/fuzz.sh.
import Imaging
import TensorPreparation

/// Runs one fuzz input through a decoder and the full preprocessing path.
public enum ImageFuzzHarness {
    /// Small limits so a bomb is refused on its header and a valid image decodes in milliseconds.
    public static let limits = ImageLimits(
        maximumInputBytes: 1 << 20, maximumDimension: 2048, maximumPixels: 1 << 20, maximumDecodedBytes: 4 << 20)

    /// One preparer per geometry × decode mode; the input's length picks one, so every path is reached.
    static let preparers: [TensorPreparer] = PreprocessingConfiguration.Geometry.allCases.flatMap { geometry in
        PreprocessingConfiguration.DecodeMode.allCases.map { mode in
            let configuration = PreprocessingConfiguration(width: 32, height: 24, geometry: geometry, decodeMode: mode)
            do {
                return try TensorPreparer(configuration: configuration, limits: limits)
            } catch {
                fatalError("the harness's fixed configuration is invalid: \(error)")  // a harness bug, not a finding
            }
        }
    }

    /// Decodes `bytes` (when `header` accepts them, the decoded image must have the header's
    /// oriented width, height and channels and exactly w × h × c samples), then prepares a tensor,
    /// which must hold exactly its shape's bytes. Any mismatch stops the fuzzer (`fatalError`).
    public static func exercise(
        _ bytes: [UInt8], header: ([UInt8]) -> (width: Int, height: Int, channels: Int)?, decode: ([UInt8]) -> DecodedImage?
    ) {
        if let expected = header(bytes), let image = decode(bytes) {
            guard image.width == expected.width, image.height == expected.height, image.channels == expected.channels,
                image.samples.count == image.width * image.height * image.channels
            else { fatalError("decoded image does not match its header") }
        }
        let preparer = preparers[bytes.count % preparers.count]
        if let prepared = try? preparer.prepare(bytes) {
            let expected = preparer.configuration.shape.reduce(1, *) * prepared.tensor.elementType.byteCount
            guard prepared.tensor.bytes.count == expected else { fatalError("tensor size does not match its shape") }
        }
    }
}
