// Cold-start and warm-overhead figures for the Runtime API loop, side by side with Python's
// awslambdaric, measured through the same emulator in one run. See bench/runtime.sh.
import BenchmarkSupport
import CurlHTTP
import Foundation
import LambdaEmulator

@main
struct RuntimeBenchmark {
    struct Options {
        var swiftBootstrap = ""
        var swiftStaticBootstrap = ""
        var python = ""
        var handlerFolder = ""
        var coldRuns = 20
        var warmInvocations = 2000
        /// Folder of the five packaged (static) function executables, for table (c).
        var packagedFolder: String?
        /// Invocations of the soak run (`--soak N`): only the static fixture is measured.
        var soakInvocations: Int?
    }

    static func main() async throws {
        let options = try parseOptions(Array(CommandLine.arguments.dropFirst()))
        if let invocations = options.soakInvocations {
            try await soak(FunctionConfiguration(name: "swift", executablePath: options.swiftStaticBootstrap), invocations: invocations)
            return
        }
        print("RadStream runtime benchmark: \(options.coldRuns) cold starts and \(options.warmInvocations) warm invocations per function")
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; all functions measured in this one run\n")

        // The first row is the reference for every ratio: the static binary is what ships.
        let candidates: [(label: String, configuration: FunctionConfiguration, event: String)] = [
            (
                "Swift no-op, static (shipped)", FunctionConfiguration(name: "swift", executablePath: options.swiftStaticBootstrap),
                #"{"action":"noop"}"#
            ),
            (
                "Swift no-op, dynamic (dev build)", FunctionConfiguration(name: "swift", executablePath: options.swiftBootstrap),
                #"{"action":"noop"}"#
            ),
            ("Python no-op (awslambdaric)", python(options, handler: "handler.noop"), "{}"),
            ("Python no-op + numpy, PIL", python(options, handler: "heavy_imports.noop"), "{}"),
        ]

        var coldRows: [[String]] = []
        var coldMedians: [Double] = []
        for candidate in candidates {
            var initDurations: [Double] = []
            var firstInvokeDurations: [Double] = []
            var memory = 0
            for _ in 0..<options.coldRuns {
                let emulator = try await LambdaEmulator.start(functions: [candidate.configuration], logSink: .discard)
                let result = try await emulator.invoke(candidate.configuration.name, payload: Array(candidate.event.utf8))
                await emulator.shutdown()
                guard let report = result.report, let initDuration = report.initDuration, !result.isError else {
                    throw BenchmarkError.invocationFailed(candidate.label, result.payloadText)
                }
                initDurations.append(initDuration.milliseconds)
                firstInvokeDurations.append(report.duration.milliseconds)
                memory = max(memory, report.maxMemoryUsedMB)
            }
            let median = Statistics.percentile(initDurations, 50)
            coldMedians.append(median)
            coldRows.append([
                candidate.label, format(median), format(Statistics.percentile(initDurations, 90)),
                format(Statistics.percentile(firstInvokeDurations, 50)), "\(memory)",
            ])
        }
        print("(a) Cold start: exec → first GET /next (= REPORT Init Duration), ms")
        Table.print(header: ["function", "init p50", "init p90", "1st invoke p50", "max MB"], rows: coldRows)
        print(
            "    ratio to static Swift, init p50: Python \(format(coldMedians[2] / coldMedians[0]))×, Python+numpy+PIL \(format(coldMedians[3] / coldMedians[0]))×, dynamic Swift \(format(coldMedians[1] / coldMedians[0]))×\n"
        )

        var warmRows: [[String]] = []
        var warmDurations: [Double] = []
        var warmCPU: [Double] = []
        for candidate in [candidates[0], candidates[2]] {
            let warm = try await measureWarm(candidate.configuration, event: candidate.event, invocations: options.warmInvocations)
            warmDurations.append(warm.reportDurationMedian)
            warmCPU.append(warm.cpuMicrosecondsPerInvocation)
            warmRows.append([
                candidate.label, format(warm.cpuMicrosecondsPerInvocation),
                format(warm.userMicrosecondsPerInvocation), format(warm.systemMicrosecondsPerInvocation),
                format(warm.reportDurationMedian * 1000), format(warm.reportDurationP99 * 1000),
                format(warm.roundTripMedian * 1000), format(warm.invocationsPerSecond), "\(warm.maxMemoryMB)",
            ])
        }
        print("(b) Warm invocations of a no-op handler through the emulator's invoke endpoint")
        print("    CPU/invocation = the function process's own CPU time (schedstat, all threads) per invocation")
        print("    REPORT Duration = event delivered on /next → answer received (includes the emulator's HTTP hops)")
        Table.print(
            header: [
                "function", "CPU µs/invoke", "user µs", "kernel µs", "Duration p50 µs", "Duration p99 µs", "invoke RTT p50 µs",
                "invocations/s", "max MB",
            ],
            rows: warmRows
        )
        print(
            "    ratio Python/static Swift, CPU per invocation: \(format(warmCPU[1] / warmCPU[0]))×   Duration p50: \(format(warmDurations[1] / warmDurations[0]))×"
        )
        if let folder = options.packagedFolder {
            try await measurePackaged(folder: folder, coldRuns: options.coldRuns)
        }
    }

    /// Settings each real function needs to initialise; nothing here is contacted, because the
    /// event (`{}`) fails validation before any AWS call. Init Duration is what counts.
    static let functionSettings: [String: [String: String]] = [
        "StartStudy": ["IMAGES_BUCKETS": "images", "STATE_MACHINE_ARN": "arn:aws:states:us-east-1:123456789012:stateMachine:bench"],
        "ValidateMetadata": ["IMAGES_BUCKETS": "images"],
        "PrepareTensors": ["IMAGES_BUCKETS": "images", "TENSORS_BUCKET": "tensors"],
        "RunInference": ["TENSORS_BUCKETS": "tensors", "RADSTREAM_INFERENCE_URL": "http://127.0.0.1:9", "MODEL_NAME": "model"],
        "StoreResults": ["RESULTS_BUCKET": "results"],
        "SendTelemetry": ["TELEMETRY_STREAM": "telemetry"],
    ]

    /// (c) Cold start of each shipped function: the static executable, a rejected `{}` event.
    static func measurePackaged(folder: String, coldRuns: Int) async throws {
        let aws = [
            "AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "benchmark", "AWS_SECRET_ACCESS_KEY": "benchmark",
            "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
        ]
        var rows: [[String]] = []
        for (function, settings) in functionSettings.sorted(by: { $0.key < $1.key }) {
            let configuration = FunctionConfiguration(
                name: function, executablePath: "\(folder)/\(function)", environment: aws.merging(settings) { _, new in new })
            var initDurations: [Double] = []
            var memory = 0
            for _ in 0..<coldRuns {
                let emulator = try await LambdaEmulator.start(functions: [configuration], logSink: .discard)
                let result = try await emulator.invoke(function, payload: Array("{}".utf8))
                await emulator.shutdown()
                guard let report = result.report, let initDuration = report.initDuration, result.isError else {
                    throw BenchmarkError.invocationFailed(function, "expected a typed error after a cold start: \(result.payloadText)")
                }
                initDurations.append(initDuration.milliseconds)
                memory = max(memory, report.maxMemoryUsedMB)
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: configuration.executablePath)[.size] as? Int) ?? 0
            rows.append([
                function, format(Statistics.percentile(initDurations, 50)), format(Statistics.percentile(initDurations, 90)),
                "\(memory)", String(format: "%.1f", Double(size) / 1_000_000),
            ])
        }
        print("\n(c) Shipped functions (static, stripped): cold start under the emulator, \(coldRuns) runs each")
        Table.print(header: ["function", "init p50 ms", "init p90 ms", "max MB", "executable MB"], rows: rows)
    }

    struct WarmFigures {
        var reportDurationMedian: Double
        var reportDurationP99: Double
        var roundTripMedian: Double
        var invocationsPerSecond: Double
        /// CPU time the function process itself spent per invocation (all its threads).
        var cpuMicrosecondsPerInvocation: Double
        /// The same split into user and kernel time (clock-tick resolution, averaged).
        var userMicrosecondsPerInvocation: Double
        var systemMicrosecondsPerInvocation: Double
        var maxMemoryMB: Int
    }

    static func measureWarm(_ configuration: FunctionConfiguration, event: String, invocations: Int) async throws -> WarmFigures {
        let logs = LogCollector()
        let emulator = try await LambdaEmulator.start(functions: [configuration], logSink: logs.sink())
        let url = emulator.invokeURL(for: configuration.name)
        let payload = Array(event.utf8)
        _ = try await emulator.invoke(configuration.name, payload: payload)  // initialise
        guard let pid = await emulator.processIdentifier(of: configuration.name) else {
            throw BenchmarkError.invocationFailed(configuration.name, "no process after the first invocation")
        }
        let cpuBefore = ProcessCPU.nanoseconds(of: pid)
        let ticksBefore = ProcessCPU.userAndSystemTicks(of: pid)
        let (roundTrips, elapsed) = try await BlockingIO.run {
            let client = CurlHTTPClient()
            var roundTrips: [Double] = []
            roundTrips.reserveCapacity(invocations)
            let clock = ContinuousClock()
            let started = clock.now
            for _ in 0..<invocations {
                let before = clock.now
                let response = try client.perform(HTTPRequest(method: .post, url: url, body: payload))
                guard response.status == 200, response.headers["X-Amz-Function-Error"] == nil else {
                    throw BenchmarkError.invocationFailed(configuration.name, response.bodyText)
                }
                roundTrips.append((clock.now - before).milliseconds)
            }
            return (roundTrips, (clock.now - started).milliseconds)
        }
        let cpuPerInvocation = Double(ProcessCPU.nanoseconds(of: pid) - cpuBefore) / Double(invocations) / 1000
        let ticksAfter = ProcessCPU.userAndSystemTicks(of: pid)
        let microsecondsPerTick = 1_000_000 / Double(sysconf(Int32(_SC_CLK_TCK)))
        let userShare = Double(ticksAfter.user - ticksBefore.user) * microsecondsPerTick / Double(invocations)
        let systemShare = Double(ticksAfter.system - ticksBefore.system) * microsecondsPerTick / Double(invocations)
        await emulator.shutdown()
        let reports = logs.lines(containing: "REPORT RequestId:").dropFirst()
        let durations = reports.compactMap { Statistics.field("Duration: ", in: $0) }
        let memory = logs.lines(containing: "REPORT RequestId:").compactMap { Statistics.field("Max Memory Used: ", in: $0) }.max() ?? 0
        return WarmFigures(
            reportDurationMedian: Statistics.percentile(durations, 50),
            reportDurationP99: Statistics.percentile(durations, 99),
            roundTripMedian: Statistics.percentile(roundTrips, 50),
            invocationsPerSecond: Double(invocations) / (elapsed / 1000),
            cpuMicrosecondsPerInvocation: cpuPerInvocation,
            userMicrosecondsPerInvocation: userShare,
            systemMicrosecondsPerInvocation: systemShare,
            maxMemoryMB: Int(memory)
        )
    }

    /// Soak: one warm environment of `configuration` over `invocations` invocations, each with
    /// the emulator's new unique trace id, printing the function process's VmRSS as it goes.
    /// A runtime that keeps anything per invocation shows it here as a rising line.
    static func soak(_ configuration: FunctionConfiguration, invocations: Int) async throws {
        let emulator = try await LambdaEmulator.start(functions: [configuration], logSink: .discard)
        let payload = Array(#"{"action":"echo"}"#.utf8)
        let warmUp = 1000
        for _ in 0..<warmUp {
            let result = try await emulator.invoke(configuration.name, payload: payload)
            guard !result.isError else { throw BenchmarkError.invocationFailed(configuration.name, result.payloadText) }
        }
        guard let pid = await emulator.processIdentifier(of: configuration.name), let start = ProcessMemory.residentBytes(of: pid) else {
            throw BenchmarkError.invocationFailed(configuration.name, "no process after the warm-up")
        }
        print("Runtime soak: \(invocations) invocations of \(configuration.executablePath), one warm environment, a unique trace id each")
        print("    VmRSS after \(warmUp) warm-up invocations: \(megabytes(start)) MB")
        let clock = ContinuousClock()
        let started = clock.now
        let step = max(invocations / 4, 1)
        for index in 1...invocations {
            let result = try await emulator.invoke(configuration.name, payload: payload)
            guard !result.isError else { throw BenchmarkError.invocationFailed(configuration.name, result.payloadText) }
            if index % step == 0 || index == invocations {
                let resident = ProcessMemory.residentBytes(of: pid) ?? 0
                print("    VmRSS after \(index) invocations: \(megabytes(resident)) MB")
            }
        }
        let elapsed = clock.now - started
        guard await emulator.processIdentifier(of: configuration.name) == pid, let end = ProcessMemory.residentBytes(of: pid) else {
            throw BenchmarkError.invocationFailed(configuration.name, "the environment was replaced during the soak")
        }
        await emulator.shutdown()
        let perInvocation = Double(end - start) / Double(invocations)
        print(
            "    start \(megabytes(start)) MB → end \(megabytes(end)) MB: \(String(format: "%+.2f", perInvocation)) bytes/invocation, \(format(Double(invocations) / (elapsed.milliseconds / 1000))) invocations/s"
        )
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f", Double(bytes) / 1_000_000)
    }

    static func python(_ options: Options, handler: String) -> FunctionConfiguration {
        FunctionConfiguration(
            name: "python",
            executablePath: options.python,
            arguments: ["-m", "awslambdaric", handler],
            environment: ["PYTHONPATH": options.handlerFolder, "PYTHONDONTWRITEBYTECODE": "1"],
            timeout: .seconds(30),
            taskRoot: options.handlerFolder
        )
    }

    static func parseOptions(_ arguments: [String]) throws -> Options {
        var options = Options()
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw BenchmarkError.usage }
            switch flag {
            case "--swift-bootstrap": options.swiftBootstrap = value
            case "--swift-static-bootstrap": options.swiftStaticBootstrap = value
            case "--python": options.python = value
            case "--handlers": options.handlerFolder = value
            case "--cold-runs": options.coldRuns = Int(value) ?? options.coldRuns
            case "--warm-invocations": options.warmInvocations = Int(value) ?? options.warmInvocations
            case "--packaged": options.packagedFolder = value
            case "--soak": options.soakInvocations = Int(value)
            default: throw BenchmarkError.usage
            }
        }
        if options.soakInvocations != nil {
            guard !options.swiftStaticBootstrap.isEmpty, options.soakInvocations ?? 0 > 0 else { throw BenchmarkError.usage }
            return options
        }
        guard !options.swiftBootstrap.isEmpty, !options.swiftStaticBootstrap.isEmpty, !options.python.isEmpty,
            !options.handlerFolder.isEmpty
        else {
            throw BenchmarkError.usage
        }
        return options
    }

    static func format(_ value: Double) -> String {
        String(format: value >= 100 ? "%.0f" : "%.2f", value)
    }
}

enum BenchmarkError: Error, CustomStringConvertible {
    case usage
    case invocationFailed(String, String)

    var description: String {
        switch self {
        case .usage:
            "usage: RuntimeBenchmark --swift-bootstrap PATH --swift-static-bootstrap PATH --python PATH --handlers DIR [--cold-runs N] [--warm-invocations N]\n       RuntimeBenchmark --swift-static-bootstrap PATH --soak N"
        case .invocationFailed(let function, let body):
            "\(function) failed: \(body)"
        }
    }
}
