// S3 round-trip benchmark: PutObject then GetObject of random objects through AWSClients,
// against the endpoint in AWS_ENDPOINT_URL (bench/s3.sh starts moto and runs boto3 beside it).
// Prints one JSON line per object size: p50/p95 round-trip latency and throughput.
//
// Usage: S3Benchmark --bucket NAME [--iterations N] [--sizes 1500000,600000]
import AWSClients
import AWSSigV4
import CurlHTTP

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

struct Options {
    var bucket = "radstream-bench"
    var iterations = 40
    var warmup = 3
    var sizes = [1_500_000, 600_000]

    init(arguments: [String]) throws(UsageError) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            guard let value = iterator.next() else { throw UsageError("\(argument) needs a value") }
            switch argument {
            case "--bucket": bucket = value
            case "--iterations": iterations = try Self.positive(value, argument)
            case "--warmup": warmup = try Self.positive(value, argument)
            case "--sizes":
                sizes = try value.split(separator: ",").map { (part) throws(UsageError) -> Int in try Self.positive(String(part), argument)
                }
            default: throw UsageError("unknown option \(argument)")
            }
        }
    }

    static func positive(_ value: String, _ name: String) throws(UsageError) -> Int {
        guard let number = Int(value), number > 0 else { throw UsageError("\(name) needs a positive integer") }
        return number
    }
}

struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

func fail(_ message: String) -> Never {
    let line = "S3Benchmark: \(message)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(1)
}

/// CreateBucket is not part of S3Client (functions never create buckets): sign it here.
func createBucket(_ bucket: String, configuration: AWSConfiguration, http: CurlHTTPClient) throws {
    let endpoint = configuration.endpoint(for: .s3)
    let signer = SigV4Signer(
        credentials: try configuration.credentialSource.current(), region: configuration.region, service: "s3", options: .s3)
    let signed = try signer.sign(
        method: "PUT", path: "/\(bucket)", headers: [("Host", endpoint.authority)], payload: .empty, date: Int(time(nil)))
    var headers = HTTPHeaders([("Host", endpoint.authority)])
    for header in signed.headers { headers.add(name: header.name, value: header.value) }
    let response = try http.perform(HTTPRequest(method: .put, url: "\(endpoint.baseURL)/\(bucket)", headers: headers))
    guard response.status == 200 || response.bodyText.contains("BucketAlreadyOwnedByYou") else {
        throw UsageError("CreateBucket \(bucket) failed: HTTP \(response.status) \(response.bodyText)")
    }
}

func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
}

func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
    let rank = Int((fraction * Double(sorted.count - 1)).rounded())
    return sorted[min(max(rank, 0), sorted.count - 1)]
}

func seconds(_ duration: Duration) -> Double {
    duration.milliseconds / 1000
}

let options: Options
do {
    options = try Options(arguments: CommandLine.arguments)
} catch {
    fail("\(error)\nusage: S3Benchmark --bucket NAME [--iterations N] [--warmup N] [--sizes BYTES,BYTES]")
}
let configuration: AWSConfiguration
do {
    configuration = try AWSConfiguration.fromEnvironment()
} catch {
    fail("\(error) (bench/s3.sh sets the variables)")
}
let http = CurlHTTPClient()
let client = S3Client(configuration: configuration, httpClient: http)
do {
    try createBucket(options.bucket, configuration: configuration, http: http)
} catch {
    fail("\(error)")
}

for size in options.sizes {
    let body = randomBytes(size)
    let key = "bench/swift-\(size).bin"
    var latencies: [Double] = []
    var total = Duration.zero
    for iteration in 0..<(options.warmup + options.iterations) {
        let started = ContinuousClock.now
        do throws(S3Error) {
            try client.putObject(bucket: options.bucket, key: key, body: body)
            let object = try client.getObject(bucket: options.bucket, key: key, maximumBytes: size)
            guard object.body == body else { fail("GetObject returned different bytes for \(size) B") }
        } catch {
            fail("\(error.errorType): \(error)")
        }
        let elapsed = ContinuousClock.now - started
        if iteration >= options.warmup {
            latencies.append(seconds(elapsed) * 1000)
            total += elapsed
        }
    }
    latencies.sort()
    let megabytes = Double(2 * size * options.iterations) / 1e6
    let line =
        #"{"client":"swift","size":\#(size),"iterations":\#(options.iterations),"#
        + #""p50_ms":\#(percentile(latencies, 0.5)),"p95_ms":\#(percentile(latencies, 0.95)),"mb_per_s":\#(megabytes / seconds(total)),"#
        + #""connections":\#(http.connectionsOpened)}"#
    print(line)
}
