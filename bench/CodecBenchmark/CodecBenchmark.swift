// Decodes one codestream with our JPEG Lossless or JPEG 2000 decoder `--runs` times and prints
// one line: wall and process-CPU milliseconds per decode (minimum and median). bench/codecs.sh
// runs it warm (many runs) and fresh (one run per process, under /usr/bin/time for peak RSS).
//
//   CodecBenchmark --codec jpegLossless|jpeg2000 --file PATH [--runs N] [--threads T]
import BenchmarkSupport
import Foundation
import JPEG2000
import JPEGLossless

@main
struct CodecBenchmark {
    static func main() throws {
        var arguments = [String: String]()
        var iterator = CommandLine.arguments.dropFirst().makeIterator()
        while let key = iterator.next() {
            guard key.hasPrefix("--"), let value = iterator.next() else {
                throw BenchmarkError("usage: CodecBenchmark --codec jpegLossless|jpeg2000 --file PATH [--runs N] [--threads T]")
            }
            arguments[String(key.dropFirst(2))] = value
        }
        guard let codec = arguments["codec"], let path = arguments["file"] else {
            throw BenchmarkError("--codec and --file are required")
        }
        let runs = Int(arguments["runs"] ?? "") ?? 20
        let threads = Int(arguments["threads"] ?? "") ?? 1
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var wall: [Double] = []
        var cpu: [Double] = []
        var checksum = 0
        for _ in 0..<runs {
            let startWall = ContinuousClock.now
            let startCPU = processCPUMilliseconds()
            checksum &+= try bytes.withUnsafeBytes { buffer in
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
            cpu.append(processCPUMilliseconds() - startCPU)
            let elapsed = ContinuousClock.now - startWall
            wall.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        let line = String(
            format: "decode_ms min %.2f median %.2f cpu_ms min %.2f median %.2f runs %d checksum %d",
            wall.min() ?? .nan, Statistics.percentile(wall, 50), cpu.min() ?? .nan, Statistics.percentile(cpu, 50), runs,
            checksum)
        print(line)
    }

    /// CPU time of the whole process (every thread), so OpenJPEG's workers count too.
    static func processCPUMilliseconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
    }
}
