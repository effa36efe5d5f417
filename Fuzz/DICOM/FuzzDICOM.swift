// libFuzzer target: arbitrary bytes → DICOMFile (dataset parser, Deflated inflate) → identifying
// attributes → DICOMImage (pixel module, frame extraction, RLE/JPEG/native decode, modality and
// VOI) → TensorPreparer (the same bytes through the by-content dispatch to a 32×24 tensor).
// Built only by scripts/fuzz.sh.
import DICOM
import Imaging
import TensorPreparation

/// Small limits so a bomb is refused on its header and a valid object decodes in milliseconds.
let imageLimits = ImageLimits(maximumInputBytes: 1 << 20, maximumDimension: 2048, maximumPixels: 1 << 20, maximumDecodedBytes: 4 << 20)
let limits = DICOMLimits(
    maximumDepth: 16, maximumElementCount: 20_000, maximumInflatedBytes: 4 << 20, maximumFrameCount: 64, image: imageLimits)
let preparer: TensorPreparer = {
    do {
        return try TensorPreparer(configuration: PreprocessingConfiguration(width: 32, height: 24), limits: imageLimits)
    } catch {
        fatalError("the harness's fixed configuration is invalid: \(error)")  // a harness bug, not a finding
    }
}()
let preamble = [UInt8](repeating: 0, count: 128) + Array("DICM".utf8)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDICOM(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let raw = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    // Mutations rarely keep 128 bytes + DICM in place: add them when missing so the parser is reached.
    let bytes = DICOMFile.hasPreamble(raw) ? raw : preamble + raw
    if let file = try? DICOMFile(bytes: bytes, limits: limits) {
        _ = ConfidentialityProfile.identifyingAttributes(in: file.dataSet)
        if let image = try? DICOMImage(file: file, limits: limits) {
            let module = image.pixelModule
            for frame in [FrameSelection.first, .middle] {
                guard let rendered = try? image.render(frame) else { continue }
                guard rendered.width == module.columns, rendered.height == module.rows,
                    rendered.values.count == rendered.width * rendered.height * rendered.channels,
                    rendered.values.allSatisfy(\.isFinite)
                else { fatalError("a rendered frame does not match its pixel module or is not finite") }
            }
        }
    }
    if let prepared = try? preparer.prepare(bytes, frame: .middle) {
        let expected = preparer.configuration.shape.reduce(1, *) * prepared.tensor.elementType.byteCount
        guard prepared.tensor.bytes.count == expected else { fatalError("tensor size does not match its shape") }
    }
    return 0
}
