// Decodes one codestream with our JPEG Lossless or JPEG 2000 decoder `--runs` times and prints
// one line: wall and process-CPU milliseconds per decode (minimum and median). bench/codecs.sh
// and bench/dicom.sh run it warm (many runs) and fresh (one run per process, under
// /usr/bin/time for peak RSS).
//
//   CodecBenchmark --codec jpegLossless|jpeg2000 --file PATH [--runs N] [--threads T]
import BenchmarkSupport
import Foundation
import JPEG2000
import JPEGLossless

@main
struct CodecBenchmark {
    static func main() throws {
        let arguments = try BenchmarkArguments.parse(
            usage: "CodecBenchmark --codec jpegLossless|jpeg2000 --file PATH [--runs N] [--threads T]")
        guard let codec = arguments["codec"], let path = arguments["file"] else {
            throw BenchmarkError("--codec and --file are required")
        }
        let runs = Int(arguments["runs"] ?? "") ?? 20
        let threads = Int(arguments["threads"] ?? "") ?? 1
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var timing = RepeatedTiming()
        var checksum = 0
        for _ in 0..<runs {
            checksum &+= try timing.measure {
                try bytes.withUnsafeBytes { buffer in
                    switch codec {
                    case "jpegLossless":
                        let image = try JPEGLosslessDecoder.decode(buffer, maximumPixelCount: 1 << 28)
                        return Int(image.samples[image.samples.count / 2])
                    case "jpeg2000":
                        let image = try JPEG2000Decoder.decode(buffer, maximumPixelCount: 1 << 28, threads: threads)
                        return Int(image.samples[image.samples.count / 2])
                    default:
                        throw BenchmarkError("unknown codec \(codec)")
                    }
                }
            }
        }
        print("\(timing.summary(label: "decode")) checksum \(checksum)")
    }
}
