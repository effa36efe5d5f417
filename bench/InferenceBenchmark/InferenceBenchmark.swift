// Inference benchmark: starts PyTriton with the fixture model (LocalServices.TritonServer),
// then times InferenceClient round trips of one 1×3×224×224 FP32 tensor with binary and with
// JSON tensor encoding, checking every answer. Prints start-up time, body sizes, encode time
// and round-trip p50/p95 per encoding.
//
// Usage: InferenceBenchmark [--iterations N] [--warmup N] [--starts N]
import CurlHTTP
import Inference
import LocalServices

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

struct Options {
    var iterations = 50
    var warmup = 5
    var starts = 3

    init(arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            guard let text = iterator.next(), let value = Int(text), value > 0 else { usage("\(argument) needs a positive integer") }
            switch argument {
            case "--iterations": iterations = value
            case "--warmup": warmup = value
            case "--starts": starts = value
            default: usage("unknown option \(argument)")
            }
        }
    }
}

func usage(_ message: String) -> Never {
    printError("error: \(message)\nusage: InferenceBenchmark [--iterations N] [--warmup N] [--starts N]")
    exit(2)
}

/// Writes a line to standard error (fd 2: the C `stderr` global is not concurrency-safe).
func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

func percentile(_ values: [Duration], _ fraction: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction + 0.5))].milliseconds
}

func run(_ options: Options) throws {
    var startups: [Duration] = []
    let server = try TritonServer()
    startups.append(server.lastStartupDuration)
    for _ in 1..<options.starts {
        server.stop()
        try server.start()
        startups.append(server.lastStartupDuration)
    }
    print(
        "PyTriton start-up (spawn → model ready), \(options.starts) starts: p50 \(String(format3(percentile(startups, 0.5) / 1000))) s, "
            + "max \(String(format3(percentile(startups, 1) / 1000))) s")

    let client = InferenceClient(configuration: try InferenceConfiguration(endpoint: server.endpoint))
    let model = ModelReference(name: TritonServer.FixtureModel.name, version: TritonServer.FixtureModel.version)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    let image = (0..<(3 * 224 * 224)).map { _ -> Float in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Float(state % 1_000_000) / 1_000_000 * 4.5 - 2.1
    }
    let input = InferenceTensor(name: TritonServer.FixtureModel.input, shape: [1, 3, 224, 224], float32: image)
    let reference = try client.infer(model, inputs: [input]).output(named: TritonServer.FixtureModel.output).float32Values()

    print("encoding | request bytes | encode p50 ms | round trip p50 ms | p95 ms")
    for (name, encoding) in [("binary", TensorEncoding.binary), ("JSON", .json)] {
        var encodes: [Duration] = []
        var trips: [Duration] = []
        var size = 0
        for iteration in 0..<(options.warmup + options.iterations) {
            let encodeStart = ContinuousClock.now
            size = try InferenceWireFormat.encodeRequest(inputs: [input], outputs: nil, inputEncoding: encoding).body.count
            let encoded = ContinuousClock.now - encodeStart
            let start = ContinuousClock.now
            let result = try client.infer(model, inputs: [input], inputEncoding: encoding, outputEncoding: encoding)
            let trip = ContinuousClock.now - start
            guard try result.output(named: TritonServer.FixtureModel.output).float32Values() == reference else {
                throw LocalServiceError("\(name): the answer differs from the first one")
            }
            if iteration >= options.warmup {
                encodes.append(encoded)
                trips.append(trip)
            }
        }
        print(
            "\(name) | \(size) | \(format3(percentile(encodes, 0.5))) | \(format3(percentile(trips, 0.5))) | \(format3(percentile(trips, 0.95)))"
        )
    }
    server.stop()
}

func format3(_ value: Double) -> String {
    let scaled = (value * 1000).rounded()
    let whole = Int(scaled) / 1000
    let fraction = abs(Int(scaled) % 1000)
    return "\(whole).\(String(repeating: "0", count: 3 - String(fraction).count))\(fraction)"
}

do {
    try run(Options(arguments: CommandLine.arguments))
} catch {
    printError("error: \(error)")
    exit(1)
}
