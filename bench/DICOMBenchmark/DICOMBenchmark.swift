// The warm half of bench/dicom.sh: prepares one DICOM file's tensor with TensorPreparer, the
// way PrepareTensors does (read the object's bytes → parse → decode the frame → modality/VOI →
// resize to 224×224 → normalise → FP32 NCHW), `--runs` times in this process after one unmeasured
// run, and prints one line: wall and process-CPU milliseconds per preparation (minimum and
// median), the median of each step PreparedTensor reports, and a checksum of the tensors.
// The fresh half is bench/PrepareOnce, one process per preparation.
//
//   DICOMBenchmark --file PATH [--runs N]
import BenchmarkSupport
import Foundation
import Imaging
import TensorPreparation

@main
struct DICOMBenchmark {
    static func main() throws {
        let arguments = try BenchmarkArguments.parse(usage: "DICOMBenchmark --file PATH [--runs N]")
        guard let path = arguments["file"] else { throw BenchmarkError("--file is required") }
        let runs = Int(arguments["runs"] ?? "") ?? 15
        AllocatorTuning.keepFreedBuffersForReuse()  // as PrepareTensors does at initialisation
        let preparer = try TensorPreparer()
        // The first run faults in the code and the allocator's arenas; a warm function has done so.
        _ = try preparer.prepare(BenchmarkFile.bytes(atPath: path))
        var timing = RepeatedTiming()
        var steps: [PreparationTimings] = []
        var checksum = 0.0
        for _ in 0..<runs {
            let prepared = try timing.measure { try preparer.prepare(BenchmarkFile.bytes(atPath: path)) }
            steps.append(prepared.timings)
            checksum += prepared.tensor.bytes.withUnsafeBytes { Double($0.load(fromByteOffset: $0.count / 2 & ~3, as: Float.self)) }
        }
        func median(_ step: (PreparationTimings) -> Double) -> Double { Statistics.percentile(steps.map(step), 50) }
        print(
            timing.summary(label: "prepare")
                + String(
                    format: " steps_ms decode %.2f resize %.2f encode %.2f checksum %.4f", median { $0.decodeMilliseconds },
                    median { $0.resizeMilliseconds }, median { $0.encodeMilliseconds }, checksum))
    }
}
