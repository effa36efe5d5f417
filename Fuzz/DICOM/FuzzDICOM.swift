// libFuzzer target: arbitrary bytes → DICOMFile (dataset parser, Deflated inflate) → identifying
// attributes → DICOMImage (pixel module, frame extraction, RLE/JPEG/native decode, modality and
// VOI) → TensorPreparer (the same bytes through the by-content dispatch to a 32×24 tensor); and
// the pipeline's ranged path: DICOMHeaderReader (growing reads) → DICOMStudyReader (metadata and
// the PHI policy) and DICOMFrameReader (offset tables) → TensorPreparer.prepare(header:frame:),
// which must give the whole object's tensor. Built only by scripts/fuzz.sh.
import DICOM
import DICOMStudyMetadata
import Imaging
import StudyMetadata
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
    let whole = try? preparer.prepare(bytes, frame: .middle)
    if let whole {
        let expected = preparer.configuration.shape.reduce(1, *) * whole.tensor.elementType.byteCount
        guard whole.tensor.bytes.count == expected else { fatalError("tensor size does not match its shape") }
    }
    rangedPath(bytes, whole: whole)
    return 0
}

/// What ValidateMetadata and PrepareTensors do with an object in S3, over ranges of `bytes`.
func rangedPath(_ bytes: [UInt8], whole: PreparedTensor?) {
    let read: (Range<Int>) -> [UInt8] = { Array(bytes[$0.clamped(to: 0..<bytes.count)]) }
    guard
        let header = try? DICOMHeaderReader(initialBytes: 256, maximumBytes: 1 << 20, limits: limits).read({
            DICOMHeaderReader.Chunk(bytes: read($0), objectSize: bytes.count)
        })
    else { return }
    for policy in [MetadataPolicy.PatientIdentifiers.reject, .pseudonymize(key: [UInt8](repeating: 7, count: 32))] {
        _ = try? DICOMStudyReader(policy: DICOMHeaderPolicy(patientIdentifiers: policy, siteUTCOffsetMinutes: 60))
            .metadata(of: header.file, imageKey: "images/f/x.dcm")
    }
    guard let frame = try? DICOMFrameReader().read(.middle, header: header, limits: limits, read: read),
        let alone = try? preparer.prepare(header: header.file, frame: frame)
    else { return }
    // A native frame read on its own must be the frame the whole object gives (when it gives
    // one). Encapsulated frames are only exercised: an offset that lands inside a fragment is
    // garbage either way, and the two paths may refuse or read it differently.
    if let whole, !frame.isEncapsulated, whole.tensor.bytes != alone.tensor.bytes {
        fatalError("a frame read on its own differs from the whole object's")
    }
}
