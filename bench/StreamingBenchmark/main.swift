// Decode while the image downloads: PrepareTensors' read of an image (S3 GetObject + TensorPreparer,
// the calls its handler makes) through a FaultProxy that shapes moto's answers like a distant S3
// (first-byte latency, per-connection bandwidth). Per image, in rounds that alternate the four
// measurements so the machine's noise falls on all of them alike:
//   download alone   GetObject, whole body
//   decode alone     TensorPreparer.prepare(bytes), warm, on the bytes in memory
//   whole-body       GetObject, then prepare (what PrepareTensors did before)
//   streaming        GetObject read as it arrives (prepare(arriving:)), what it does now
// and each median's ratio to max(download, decode). The streamed tensor is checked to equal the
// whole-body one before anything is timed.
//
// Usage: StreamingBenchmark --images DIR [--rounds N] [--first-byte-ms MS] [--megabytes-per-second MB]
import AWSClients
import ArrivingBytes
import BenchmarkSupport
import CurlHTTP
import Foundation
import LocalServices
import TensorPreparation

@main
struct StreamingBenchmark {
    static let usage = "StreamingBenchmark --images DIR [--rounds N] [--first-byte-ms MS] [--megabytes-per-second MB]"

    static func main() async throws {
        let options = try BenchmarkArguments.parse(usage: usage)
        AllocatorTuning.keepFreedBuffersForReuse()  // as PrepareTensors does at initialisation
        guard let folder = options["images"] else { throw BenchmarkError("usage: \(usage)") }
        let rounds = Int(options["rounds"] ?? "15") ?? 15
        let firstByteMilliseconds = Int(options["first-byte-ms"] ?? "100") ?? 100
        let firstByte = Duration.milliseconds(firstByteMilliseconds)
        let megabytesPerSecond = Double(options["megabytes-per-second"] ?? "85") ?? 85
        let images = [("film-2500x3000.jpg", "image/jpeg"), ("gray16-2048x2048.png", "image/png")]

        let moto = try await BlockingIO.run { try MotoServer.shared() }
        let plan = FaultPlan([
            FaultRule(
                .shaped(firstByteLatency: firstByte, bytesPerSecond: Int(megabytesPerSecond * 1_000_000)), .always, service: .s3,
                operations: ["GetObject"])
        ])
        let proxy = try await FaultProxy.start(upstream: moto.endpoint, plan: plan)
        print(
            "Shaping: first byte after \(firstByteMilliseconds) ms, body at \(megabytesPerSecond) MB/s (FaultProxy in front of moto); \(rounds) rounds, medians in ms"
        )
        print()
        var rows: [[String]] = []
        for (name, contentType) in images {
            let bytes = try BenchmarkFile.bytes(atPath: "\(folder)/\(name)")
            let row = try await BlockingIO.run {
                try measure(
                    name: name, contentType: contentType, bytes: bytes, moto: moto, proxy: proxy.endpoint, rounds: rounds,
                    firstByteMilliseconds: Double(firstByteMilliseconds), megabytesPerSecond: megabytesPerSecond)
            }
            rows.append(row)
        }
        Table.print(
            header: [
                "image", "MB", "download", "decode", "max", "whole-body", "ratio", "streaming", "ratio", "floor", "ratio", "CPU whole",
                "CPU streaming",
            ], rows: rows)
        print()
        print("ratio: the median wall time over max(download alone, decode alone); target ≤ 1.15 (issue 14, item 3).")
        print(
            "floor: what streaming cannot beat, first byte + max(body at the bandwidth, decode alone): no byte to decode before the first.")
        let load =
            (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
        print("CPU: this process's CPU time per read (all threads: the client, the decoder, and the proxy's own event loop), median.")
        print("Load average at the end (1, 5, 15 min; 2 cores shared with other builds): \(load)")
        await proxy.shutdown()
    }

    static func measure(
        name: String, contentType: String, bytes: [UInt8], moto: MotoServer, proxy: String, rounds: Int, firstByteMilliseconds: Double,
        megabytesPerSecond: Double
    ) throws -> [String] {
        let bucket = "streaming-bench-\(UInt32.random(in: 0...UInt32.max))"
        try moto.createBucket(bucket)
        try S3Client(configuration: try moto.configuration(endpoint: moto.endpoint)).putObject(bucket: bucket, key: name, body: bytes)
        let s3 = S3Client(configuration: try moto.configuration(endpoint: proxy))
        let preparer = try TensorPreparer()
        let limit = 64 << 20
        // PrepareTensors' choice (`PrepareTensors.ImageRead`): JPEGs and PNGs are read as they arrive.
        let streams = ["image/jpeg", "image/png"].contains(contentType)

        func whole() throws -> PreparedTensor {
            try preparer.prepare(try s3.getObject(bucket: bucket, key: name, maximumBytes: limit).body)
        }
        func streamed() throws -> PreparedTensor {
            guard streams else { return try whole() }
            do {
                return try s3.getObject(bucket: bucket, key: name, maximumBytes: limit) { body in
                    Result { () throws(PreparationError) -> PreparedTensor in try preparer.prepare(arriving: body) }
                }.output
            } catch {
                throw BenchmarkError("streamed read failed: \(error)")
            }
        }
        // Correctness first, and a warm-up of every path.
        let reference = try preparer.prepare(bytes).tensor.bytes
        guard try whole().tensor.bytes == reference, try streamed().tensor.bytes == reference else {
            throw BenchmarkError("\(name): the streamed tensor differs from the whole-body one")
        }
        var download = RepeatedTiming()
        var decode = RepeatedTiming()
        var wholeBody = RepeatedTiming()
        var streaming = RepeatedTiming()
        for _ in 0..<rounds {
            _ = try download.measure { try s3.getObject(bucket: bucket, key: name, maximumBytes: limit) }
            _ = try decode.measure { try preparer.prepare(bytes) }
            _ = try wholeBody.measure { try whole() }
            _ = try streaming.measure { try streamed() }
        }
        let medians = [download, decode, wholeBody, streaming].map { Statistics.percentile($0.wall, 50) }
        let bound = max(medians[0], medians[1])
        let floor = firstByteMilliseconds + max(Double(bytes.count) / (megabytesPerSecond * 1000), medians[1])
        func format(_ value: Double) -> String { String(format: "%.1f", value) }
        return [
            name, String(format: "%.2f", Double(bytes.count) / 1e6), format(medians[0]), format(medians[1]), format(bound),
            format(medians[2]), String(format: "%.2f×", medians[2] / bound), format(medians[3]),
            String(format: "%.2f×", medians[3] / bound), format(floor), String(format: "%.2f×", floor / bound),
            format(Statistics.percentile(wholeBody.cpu, 50)), format(Statistics.percentile(streaming.cpu, 50)),
        ]
    }
}
