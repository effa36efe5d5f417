import ArgumentParser
import Foundation
import LambdaEmulator
import LocalServices
import TelemetryReport

/// `radstream run-local`: the main job. Runs a folder of sample studies through the whole
/// pipeline on this machine and prints what happened to each.
struct RunLocalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-local",
        abstract: "Run sample studies through the real state machine locally (moto + emulator + PyTriton) and report.",
        discussion: """
            FOLDER holds studies: <study>.jpg|jpeg|png with its sidecar <study>.json, or a DICOM object <study>.dcm
            alone, and optionally expected.json ({"<study>": "<errorType>"} for studies meant to fail). Exits 1 if any
            study ends otherwise. A DICOM object is uploaded as images/<study>/image.dcm and is its own submission:
            ValidateMetadata reads its header, PrepareTensors decodes its pixels.

            Each study is uploaded as the pipeline expects it in S3: the sidecar as images/<study>/image.json, and the
            image where the sidecar's image.key says. That key must name a file directly in the study's folder,
            images/<study>/<file> (ValidateMetadata refuses an image outside its sidecar's folder); a study meant to
            succeed whose key is elsewhere is refused before the stack starts. An image without a sidecar gets a
            generated one (modality OT, body part UNKNOWN, UIDs under 2.25 from the image's SHA-256, acquired at the
            file's modification time), so a folder of plain images runs as it is.

            Results and failure records are copied to --results-folder; --keep-running leaves the stack up.
            """
    )

    @Argument(help: "Folder of sample studies.")
    var folder: String

    @Option(help: "Where the function executables are (default: beside radstream).")
    var functions: String?

    @Option(help: "The state machine definition.")
    var definition = "deploy/statemachine.asl.json"

    @Option(help: "Where to copy every result and failure record.")
    var resultsFolder = "build/local-results"

    @Option(help: "Execution environments per function (Lambda's scaling out).")
    var concurrency = 3

    @Option(help: "Where to write the telemetry report (HTML; radstream report).")
    var report = "build/local-report.html"

    @Flag(help: "Keep moto, the emulator and Triton running after the report (Ctrl-C to stop).")
    var keepRunning = false

    func run() async throws {
        let studies: [SampleStudy]
        do {
            studies = try SampleStudy.loadFolder(folder)
        } catch let error as SampleStudy.FolderError {
            throw ValidationError(error.description)
        }
        guard !studies.isEmpty else {
            throw ValidationError("no .jpg, .jpeg or .png images (with or without <study>.json sidecars) and no .dcm objects in \(folder)")
        }
        let functionsFolder =
            functions ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
        print("radstream run-local: \(studies.count) studies from \(folder)")
        let generated = studies.filter(\.sidecarGenerated).map(\.name)
        if !generated.isEmpty {
            print(
                "generated sidecars for \(generated.count) image(s) without <study>.json (modality OT, body part UNKNOWN): "
                    + generated.joined(separator: ", "))
        }
        print("starting moto, PyTriton and the emulator with the six functions…")
        let startup = ContinuousClock.now
        let pipeline = try await LocalPipeline.start(functionsFolder: functionsFolder, definitionPath: definition, concurrency: concurrency)
        print(
            "stack ready in \(Self.format(ContinuousClock.now - startup)) ms (moto \(pipeline.moto.endpoint), Triton \(pipeline.triton.endpoint))\n"
        )

        let started = ContinuousClock.now
        let outcomes = try await withThrowingTaskGroup(of: StudyOutcome.self) { group in
            for study in studies {
                group.addTask { try await pipeline.run(study) }
            }
            var outcomes: [StudyOutcome] = []
            for try await outcome in group {
                outcomes.append(outcome)
                let mark = outcome.matchesExpectation ? "✔" : "✘"
                print("[\(outcomes.count)/\(studies.count)] \(mark) \(outcome.study.name): \(outcome.summary)")
            }
            return outcomes.sorted { $0.study.name < $1.study.name }
        }
        let wall = ContinuousClock.now - started
        try await copyResults(outcomes, from: pipeline)
        printReport(outcomes, wall: wall)
        try await reportTelemetryLake(of: pipeline)

        if keepRunning {
            print(
                "\nthe stack stays up: S3/Kinesis/Step Functions at \(pipeline.moto.endpoint) (any credentials), buckets \(pipeline.resources.results), …; Ctrl-C to stop"
            )
            await ShutdownSignal.wait()
        }
        await pipeline.shutdown(stoppingTriton: true)
        guard outcomes.allSatisfy(\.matchesExpectation) else { throw ExitCode(1) }
    }

    private func copyResults(_ outcomes: [StudyOutcome], from pipeline: LocalPipeline) async throws {
        try FileManager.default.createDirectory(atPath: resultsFolder, withIntermediateDirectories: true)
        for outcome in outcomes {
            let key = "results/\(outcome.executionName).json"
            if let bytes = try? await pipeline.object(bucket: pipeline.resources.results, key: key) {
                try Data(bytes).write(to: URL(fileURLWithPath: "\(resultsFolder)/\(outcome.study.name).json"))
            }
        }
    }

    /// Waits (briefly) until Firehose has delivered every telemetry event to the lake bucket,
    /// then renders the lake and the emulator's REPORT lines as `radstream report` would.
    private func reportTelemetryLake(of pipeline: LocalPipeline) async throws {
        let (lake, sent) = try await pipeline.deliveredTelemetry()
        print(
            "telemetry: \(sent) events in Kinesis, \(lake.count) delivered by Firehose to s3://\(pipeline.resources.telemetryLake)/telemetry/"
                + " (moto cannot run the SQS → StartStudy event source mapping or Kinesis → Firehose; both are bridged locally: README)")
        var skipped = 0
        let records = lake.flatMap { TelemetryRecord.parseLines($0, skipped: &skipped) }
        let reports = pipeline.functionLogs.flatMap { function, log in
            log.lines(containing: "REPORT RequestId:").compactMap { LambdaReportLine(function: function, line: $0) }
        }
        let summary = try ReportPage.write(
            records: records, reports: reports, sourceDescription: "s3://\(pipeline.resources.telemetryLake)/telemetry/ (local lake)",
            definitionPath: definition, output: report)
        print("report: \(summary.succeeded + summary.failed) executions, \(reports.count) REPORT lines → \(report)")
    }

    private func printReport(_ outcomes: [StudyOutcome], wall: Duration) {
        let header = ["study", "status", "top label / errorType", "validate ms", "prepare ms", "infer ms", "store ms", "end-to-end ms"]
        let rows = outcomes.map { outcome -> [String] in
            let stage = { (name: String) in outcome.stageMilliseconds[name].map { String(format: "%.1f", $0) } ?? "—" }
            return [
                outcome.study.name, outcome.status, outcome.topLabel ?? outcome.errorType ?? "—", stage("validate"), stage("prepare"),
                stage("infer"), stage("store"), String(format: "%.0f", outcome.endToEndMilliseconds),
            ]
        }
        print("")
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for row in [header] + rows {
            print(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
        let latencies = outcomes.map(\.endToEndMilliseconds).sorted()
        func percentile(_ p: Double) -> Double {
            latencies[min(latencies.count - 1, Int((p / 100 * Double(latencies.count - 1)).rounded()))]
        }
        let seconds = wall.milliseconds / 1000
        let unexpected = outcomes.filter { !$0.matchesExpectation }.count
        print(
            "\n\(outcomes.count) studies in \(String(format: "%.1f", seconds)) s: "
                + "end-to-end p50 \(String(format: "%.0f", percentile(50))) ms, p95 \(String(format: "%.0f", percentile(95))) ms, "
                + "throughput \(String(format: "%.2f", Double(outcomes.count) / seconds)) studies/s; "
                + "\(outcomes.filter { $0.status == "SUCCEEDED" }.count) succeeded, "
                + "\(outcomes.filter { $0.status != "SUCCEEDED" }.count) failed (\(unexpected) unexpectedly)")
        print("results and failure records copied to \(resultsFolder)/")
    }

    static func format(_ duration: Duration) -> String { String(format: "%.0f", duration.milliseconds) }
}

extension StudyOutcome {
    var summary: String {
        status == "SUCCEEDED"
            ? "succeeded, \(topLabel ?? "?"), \(String(format: "%.0f", endToEndMilliseconds)) ms"
            : "failed with \(errorType ?? "?")\(study.expectedError.map { " (expected \($0))" } ?? "")"
    }
}
