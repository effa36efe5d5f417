// PrepareTensors as a Lambda Managed Instances function: throughput of one execution
// environment with one runtime worker vs two (AWS_LAMBDA_MAX_CONCURRENCY=2), and the memory one
// more concurrent invocation costs, against moto's S3 on this machine. See
// bench/managed-instances.sh.
import AWSClients
import BenchmarkSupport
import CurlHTTP
import Foundation
import LambdaEmulator
import LocalServices

@main
struct ManagedInstancesBenchmark {
    struct Options {
        var function = ""
        var image = ""
        var invocations = 60
        var rounds = 3
    }

    /// One closed-loop round: `concurrency` callers, each invoking back to back.
    struct Round {
        var concurrency: Int
        var wall: Duration
        var latencies: [Double]
        var throughput: Double { Double(latencies.count) / (wall.milliseconds / 1000) }
    }

    static func main() async throws {
        let options = try parseOptions(Array(CommandLine.arguments.dropFirst()))
        guard let image = FileManager.default.contents(atPath: options.image).map(Array.init) else {
            throw BenchmarkError("cannot read \(options.image)")
        }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print(
            "PrepareTensors per execution environment, 1 vs 2 concurrent invocations (Lambda Managed Instances); "
                + "\(options.invocations) invocations per round, \(options.rounds) rounds each, alternating")
        print("executable: \(options.function)")
        print("image: \(URL(fileURLWithPath: options.image).lastPathComponent), \(image.count) bytes")
        print("machine: \(cores) cores, shared by moto (S3), the emulator and the function\n")

        let moto = try await BlockingIO.run { try MotoServer() }
        defer { moto.stop() }
        let (images, tensors, key) = ("mi-images", "mi-tensors", "images/bench/film.jpg")
        try await BlockingIO.run {
            try moto.createBucket(images)
            try moto.createBucket(tensors)
            _ = try S3Client(configuration: try moto.configuration()).putObject(bucket: images, key: key, body: image)
        }
        let environment = moto.awsEnvironment.merging(["TENSORS_BUCKET": tensors, "IMAGES_BUCKETS": images]) { _, new in new }
        let functions = [1, 2].map { concurrency in
            var configuration = FunctionConfiguration(
                name: "prepare-c\(concurrency)", executablePath: options.function, environment: environment,
                timeout: .seconds(30), memorySizeMB: 2048)
            configuration.maximumConcurrency = concurrency
            return configuration
        }
        let emulator = try await LambdaEmulator.start(functions: functions, logSink: EmulatorLogSink { _ in })
        defer { Task { await emulator.shutdown() } }
        let event = try JSONSerialization.data(withJSONObject: [
            "imageBucket": images,
            "metadata": [
                "studyInstanceUID": "1.2.826.0.1.3680043.8.498.7", "seriesInstanceUID": "1.2.3", "sopInstanceUID": "1.2.3.4",
                "modality": "DX", "bodyPart": "CHEST", "acquisitionDateTime": "2026-11-25T08:45:00.000Z",
                "image": ["key": key, "contentType": "image/jpeg"],
            ],
        ])

        // Warm both environments (initialisation, connections, allocator), then settle.
        var settled: [Int: Int] = [:]
        for concurrency in [1, 2] {
            _ = try await round(emulator, concurrency: concurrency, invocations: 2 * concurrency, event: Array(event))
            settled[concurrency] = try await residentBytes(emulator, "prepare-c\(concurrency)")
        }

        var rounds: [Int: [Round]] = [1: [], 2: []]
        for index in 0..<options.rounds {
            // Alternate the order: a noisy neighbour then hurts both sides alike.
            for concurrency in index % 2 == 0 ? [1, 2] : [2, 1] {
                let measured = try await round(emulator, concurrency: concurrency, invocations: options.invocations, event: Array(event))
                rounds[concurrency, default: []].append(measured)
                print(
                    "  round \(index + 1), concurrency \(concurrency): \(String(format: "%.1f", measured.throughput)) invocations/s")
            }
        }

        var peaks: [Int: Int] = [:]
        for concurrency in [1, 2] {
            peaks[concurrency] = try await peakResidentBytes(emulator, "prepare-c\(concurrency)")
        }
        print("")
        func median(_ values: [Double]) -> Double { Statistics.percentile(values, 50) }
        func mebibytes(_ bytes: Int?) -> String { String(format: "%.1f", Double(bytes ?? 0) / 1_048_576) }
        var rows: [[String]] = []
        for concurrency in [1, 2] {
            let measured = rounds[concurrency] ?? []
            let latencies = measured.flatMap(\.latencies)
            rows.append([
                "\(concurrency)", String(format: "%.1f", median(measured.map(\.throughput))),
                String(format: "%.0f", median(latencies)), String(format: "%.0f", Statistics.percentile(latencies, 95)),
                mebibytes(settled[concurrency]), mebibytes(peaks[concurrency]),
            ])
        }
        Table.print(
            header: ["concurrency", "invocations/s (median round)", "p50 ms", "p95 ms", "RSS after warm-up MiB", "peak RSS MiB"],
            rows: rows)
        let one = median((rounds[1] ?? []).map(\.throughput))
        let two = median((rounds[2] ?? []).map(\.throughput))
        print("")
        print(String(format: "throughput, concurrency 2 / concurrency 1: %.2fx (same run, same machine)", two / one))
        print(
            "memory per extra concurrent invocation: \(mebibytes((peaks[2] ?? 0) - (peaks[1] ?? 0))) MiB of peak RSS, "
                + "\(mebibytes((settled[2] ?? 0) - (settled[1] ?? 0))) MiB after warm-up (the second worker's thread, handler, libcurl handle and buffers)"
        )
    }

    static func round(_ emulator: LambdaEmulator, concurrency: Int, invocations: Int, event: [UInt8]) async throws -> Round {
        let started = ContinuousClock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for caller in 0..<concurrency {
                let share = invocations / concurrency + (caller < invocations % concurrency ? 1 : 0)
                group.addTask {
                    var latencies: [Double] = []
                    for _ in 0..<share {
                        let start = ContinuousClock.now
                        let result = try await emulator.invoke("prepare-c\(concurrency)", payload: event)
                        guard !result.isError else { throw BenchmarkError("PrepareTensors failed: \(result.payloadText)") }
                        latencies.append((ContinuousClock.now - start).milliseconds)
                    }
                    return latencies
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all
        }
        return Round(concurrency: concurrency, wall: ContinuousClock.now - started, latencies: latencies)
    }

    static func residentBytes(_ emulator: LambdaEmulator, _ function: String) async throws -> Int {
        guard let pid = await emulator.processIdentifier(of: function), let bytes = ProcessMemory.residentBytes(of: pid) else {
            throw BenchmarkError("\(function) has no running process")
        }
        return bytes
    }

    static func peakResidentBytes(_ emulator: LambdaEmulator, _ function: String) async throws -> Int {
        guard let pid = await emulator.processIdentifier(of: function), let bytes = ProcessMemory.peakResidentBytes(of: pid) else {
            throw BenchmarkError("\(function) has no running process")
        }
        return bytes
    }

    static func parseOptions(_ arguments: [String]) throws -> Options {
        var options = Options()
        var remaining = arguments[...]
        while let name = remaining.popFirst() {
            guard let value = remaining.popFirst() else { throw BenchmarkError("\(name) needs a value") }
            switch name {
            case "--function": options.function = URL(fileURLWithPath: value).standardizedFileURL.path
            case "--image": options.image = value
            case "--invocations": options.invocations = try positive(value, name)
            case "--rounds": options.rounds = try positive(value, name)
            default: throw BenchmarkError("unknown option \(name)")
            }
        }
        guard !options.function.isEmpty, !options.image.isEmpty else { throw BenchmarkError("--function and --image are required") }
        return options
    }

    static func positive(_ value: String, _ name: String) throws -> Int {
        guard let number = Int(value), number > 0 else { throw BenchmarkError("\(name) must be a positive integer") }
        return number
    }
}
