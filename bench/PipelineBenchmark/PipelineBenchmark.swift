// The whole pipeline under load through the local stack (moto executing the state machine,
// the emulator running the five release executables, PyTriton): end-to-end latency per study,
// where the time goes, throughput and peak memory per function, and a cost model per 1000
// studies next to the seed's Python functions. See bench/pipeline.sh.
import AWSClients
import BenchmarkSupport
import CurlHTTP
import Foundation
import LambdaEmulator
import LocalServices
import PipelineCost
import Synchronization
import TelemetryReport

@main
struct PipelineBenchmark {
    struct Options {
        var samples = "build/samples"
        var studies = 200
        var concurrency = 3
        var functions = ""
        var definition = "deploy/statemachine.asl.json"
        var report = "build/pipeline-report.html"
    }

    static func main() async {
        do {
            try await run()
        } catch {
            print("\nFAILED: \(error)")
            exit(1)
        }
    }

    static func run() async throws {
        let options = try parseOptions(Array(CommandLine.arguments.dropFirst()))
        let samples = try SampleStudy.loadFolder(options.samples)
        guard !samples.isEmpty else { throw BenchmarkError("no sample studies in \(options.samples)") }
        // A burst of distinct studies cycling through the samples (each keeps its expected outcome).
        let studies = try (0..<options.studies).map { index in
            let sample = samples[index % samples.count]
            return try sample.renamed("\(sample.name)-\(String(format: "%04d", index))")
        }
        print(
            "RadStream pipeline benchmark: \(studies.count) studies from \(samples.count) samples, all submitted at once; "
                + "\(options.concurrency) execution environments per function; release executables")
        print("machine: \(ProcessInfo.processInfo.activeProcessorCount) cores; moto, PyTriton, the emulator and the functions share them\n")

        let reports = ReportCollector()
        let pipeline = try await LocalPipeline.start(
            functionsFolder: options.functions, definitionPath: options.definition, concurrency: options.concurrency,
            logSink: EmulatorLogSink(byFunction: reports.record))
        let started = ContinuousClock.now
        let outcomes: [StudyOutcome]
        do {
            outcomes = try await withThrowingTaskGroup(of: StudyOutcome.self) { group in
                for study in studies { group.addTask { try await pipeline.run(study) } }
                var outcomes: [StudyOutcome] = []
                for try await outcome in group {
                    outcomes.append(outcome)
                    if outcomes.count % 25 == 0 { print("  \(outcomes.count)/\(studies.count) studies ended") }
                }
                return outcomes
            }
        } catch {
            await pipeline.shutdown(stoppingTriton: true)
            throw error
        }
        let wall = ContinuousClock.now - started
        var cpu: [String: Int] = [:]
        for function in LocalPipeline.allFunctionNames {
            cpu[function] = await pipeline.emulator.processIdentifiers(of: function).reduce(0) { $0 + ProcessCPU.nanoseconds(of: $1) }
        }
        let stored = try await BlockingIO.run {
            try S3Client(configuration: try pipeline.moto.configuration()).listObjects(bucket: pipeline.resources.results)
        }
        let bridgeErrors = pipeline.bridgeErrors
        var skipped = 0
        let telemetry = try await pipeline.deliveredTelemetry().lake.flatMap { TelemetryRecord.parseLines($0, skipped: &skipped) }
        await pipeline.shutdown(stoppingTriton: true)

        printLoad(outcomes, wall: wall, stored: stored, bridgeErrors: bridgeErrors)
        let functions = reports.summaries(cpuNanoseconds: cpu)
        printFunctions(functions)
        printTimeSplit(outcomes, functions: functions)
        CostReport.print(
            functions: functions, studies: outcomes.count,
            happyPath: try StateMachineDefinition.happyPath(Data(contentsOf: URL(fileURLWithPath: options.definition))))
        try ReportPage.write(
            records: telemetry, reports: reports.reportLines,
            sourceDescription: "the local lake of bench/pipeline.sh (\(outcomes.count) studies)",
            definitionPath: options.definition, output: options.report)
        print("\n(e) Telemetry report: \(options.report) (radstream report; open it in a browser)")
        if !outcomes.allSatisfy(\.matchesExpectation) || stored.count != outcomes.count {
            print("\nFAILED: some studies did not end as expected (see (a))")
            exit(1)
        }
    }

    // MARK: - Reports

    static func printLoad(_ outcomes: [StudyOutcome], wall: Duration, stored: [String], bridgeErrors: [String]) {
        let seconds = wall.milliseconds / 1000
        let latencies = outcomes.map(\.endToEndMilliseconds)
        let unexpected = outcomes.filter { !$0.matchesExpectation }
        print("\n(a) Load: a burst of \(outcomes.count) studies")
        Table.print(
            header: [
                "studies", "wall s", "studies/s", "e2e p50 ms", "e2e p95 ms", "e2e max ms", "succeeded", "failed as injected", "unexpected",
            ],
            rows: [
                [
                    "\(outcomes.count)", format(seconds), format(Double(outcomes.count) / seconds),
                    format(Statistics.percentile(latencies, 50)),
                    format(Statistics.percentile(latencies, 95)), format(latencies.max() ?? .nan),
                    "\(outcomes.filter { $0.status == "SUCCEEDED" }.count)",
                    "\(outcomes.filter { $0.status != "SUCCEEDED" && $0.matchesExpectation }.count)", "\(unexpected.count)",
                ]
            ])
        print(
            "    results bucket: \(stored.count) documents for \(outcomes.count) studies (exactly one each: \(stored.count == outcomes.count && Set(stored).count == stored.count)); bridge errors: \(bridgeErrors.count)"
        )
        for outcome in unexpected.prefix(5) {
            print("    unexpected: \(outcome.study.name) \(outcome.status) \(outcome.errorType ?? "")")
        }
    }

    static func printFunctions(_ functions: [FunctionSummary]) {
        print("\n(b) Per function (REPORT lines of every invocation; CPU from the scheduler, all environments)")
        Table.print(
            header: [
                "function", "invocations", "cold starts", "init p50 ms", "duration p50 ms", "duration p95 ms", "billed mean ms",
                "CPU/invoke ms", "peak RSS MB",
            ],
            rows: functions.map { summary in
                [
                    summary.name, "\(summary.invocations)", "\(summary.initDurations.count)",
                    format(Statistics.percentile(summary.initDurations, 50)),
                    format(Statistics.percentile(summary.durations, 50)), format(Statistics.percentile(summary.durations, 95)),
                    format(summary.billedMeanMilliseconds), format(summary.cpuMillisecondsPerInvocation), "\(summary.peakMemoryMB)",
                ]
            })
    }

    static func printTimeSplit(_ outcomes: [StudyOutcome], functions: [FunctionSummary]) {
        let succeeded = outcomes.filter { $0.status == "SUCCEEDED" }
        guard !succeeded.isEmpty else { return }
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(max(values.count, 1)) }
        let endToEnd = mean(succeeded.map(\.endToEndMilliseconds))
        let stages = ["validate", "prepare", "infer", "store"]
        let inStages = mean(succeeded.map { outcome in stages.compactMap { outcome.stageMilliseconds[$0] }.reduce(0, +) })
        let step = { (name: String) in mean(succeeded.compactMap { $0.preparationSteps[name] }) }
        let s3InPreparation = step("downloadMilliseconds") + step("uploadMilliseconds")
        let computeInPreparation = step("decodeMilliseconds") + step("resizeMilliseconds") + step("encodeMilliseconds")
        let triton = mean(succeeded.compactMap { $0.stageMilliseconds["infer"] })  // RunInference's stage time (tensor fetch + Triton)
        print("\n(c) Where a successful study's time goes (means over \(succeeded.count) studies, ms)")
        Table.print(
            header: [
                "end to end", "in our handlers", "  prepare: decode+resize+encode", "  prepare: S3 get+put",
                "  infer (tensor get + Triton)", "outside the handlers",
            ],
            rows: [
                [
                    format(endToEnd), format(inStages), format(computeInPreparation), format(s3InPreparation), format(triton),
                    format(endToEnd - inStages),
                ]
            ])
        print(
            "    outside the handlers = moto's Step Functions engine (state transitions, Lambda task dispatch), the S3 → EventBridge → SQS bridge, invocation hops and polling"
        )
    }

    // MARK: - Helpers

    static func parseOptions(_ arguments: [String]) throws -> Options {
        var options = Options()
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw BenchmarkError("\(flag) needs a value") }
            switch flag {
            case "--samples": options.samples = value
            case "--studies": options.studies = Int(value) ?? options.studies
            case "--concurrency": options.concurrency = Int(value) ?? options.concurrency
            case "--functions": options.functions = URL(fileURLWithPath: value).standardizedFileURL.path  // spawned from other folders
            case "--definition": options.definition = value
            case "--report": options.report = value
            default:
                throw BenchmarkError(
                    "usage: PipelineBenchmark --functions BIN [--samples DIR] [--studies N] [--concurrency N] [--report FILE]")
            }
        }
        guard !options.functions.isEmpty else { throw BenchmarkError("--functions (the release bin folder) is required") }
        return options
    }

    static func format(_ value: Double) -> String {
        value.isNaN ? "—" : String(format: value >= 100 ? "%.0f" : "%.2f", value)
    }
}

/// What the REPORT lines and the scheduler say about one function over the run.
struct FunctionSummary {
    var name: String
    var durations: [Double] = []
    var billed: [Double] = []
    var initDurations: [Double] = []
    var peakMemoryMB = 0
    var cpuNanoseconds = 0
    /// Bytes of the function's own log lines (not the platform's START/END/REPORT).
    var applicationLogBytes = 0

    var invocations: Int { durations.count }
    var billedMeanMilliseconds: Double { billed.reduce(0, +) / Double(max(billed.count, 1)) }
    var cpuMillisecondsPerInvocation: Double { Double(cpuNanoseconds) / 1e6 / Double(max(invocations, 1)) }
    var applicationLogBytesPerInvocation: Double { Double(applicationLogBytes) / Double(max(invocations, 1)) }
}

/// Collects every function's REPORT lines from the emulator's log sink.
final class ReportCollector: Sendable {
    private let lines = Mutex<[(function: String, line: String)]>([])

    private let applicationBytes = Mutex<[String: Int]>([:])

    @Sendable func record(function: String, line: String) {
        guard EmulatorLogSink.isPlatformLine(line) else {
            applicationBytes.withLock { $0[function, default: 0] += line.utf8.count }
            return
        }
        guard line.hasPrefix("REPORT RequestId:") else { return }
        lines.withLock { $0.append((function, line)) }
    }

    /// Every REPORT line so far, attributed to its function.
    var reportLines: [LambdaReportLine] {
        lines.withLock { $0 }.compactMap { LambdaReportLine(function: $0.function, line: $0.line) }
    }

    func summaries(cpuNanoseconds: [String: Int]) -> [FunctionSummary] {
        let all = lines.withLock { $0 }
        return LocalPipeline.allFunctionNames.map { name in
            var summary = FunctionSummary(
                name: name, cpuNanoseconds: cpuNanoseconds[name] ?? 0, applicationLogBytes: applicationBytes.withLock { $0[name] ?? 0 })
            for (function, line) in all where function == name {
                if let duration = Statistics.field("Duration: ", in: line) { summary.durations.append(duration) }
                if let billed = Statistics.field("Billed Duration: ", in: line) { summary.billed.append(billed) }
                if let initDuration = Statistics.field("Init Duration: ", in: line) { summary.initDurations.append(initDuration) }
                summary.peakMemoryMB = max(summary.peakMemoryMB, Int(Statistics.field("Max Memory Used: ", in: line) ?? 0))
            }
            return summary
        }
    }
}
