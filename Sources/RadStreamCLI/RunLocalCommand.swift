import ArgumentParser
import Foundation
import LambdaEmulator
import LocalServices

/// `radstream run-local`: the main job. Runs a folder of sample studies through the whole
/// pipeline on this machine and prints what happened to each.
struct RunLocalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run-local",
        abstract: "Run sample studies through the real state machine locally (moto + emulator + PyTriton) and report.",
        discussion: """
            FOLDER holds <study>.jpg|png + <study>.json (sidecar) pairs and optionally expected.json
            ({"<study>": "<errorType>"} for studies meant to fail). Exits 1 if any study ends otherwise.
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

    @Flag(help: "Keep moto, the emulator and Triton running after the report (Ctrl-C to stop).")
    var keepRunning = false

    struct Study {
        var name: String
        var image: [UInt8]
        var imageExtension: String
        var sidecar: [UInt8]
        var uid: String?
        var expectedError: String?
    }

    struct Outcome {
        var study: Study
        var status: String
        var errorType: String?
        var topLabel: String?
        var stageMilliseconds: [String: Double]
        var endToEndMilliseconds: Double
    }

    func run() async throws {
        let studies = try loadStudies()
        guard !studies.isEmpty else { throw ValidationError("no <study>.json + image pairs in \(folder)") }
        let functionsFolder =
            functions ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
        print("radstream run-local: \(studies.count) studies from \(folder)")
        print("starting moto, PyTriton and the emulator with the five functions…")
        let startup = ContinuousClock.now
        let pipeline = try await LocalPipeline.start(functionsFolder: functionsFolder, definitionPath: definition, concurrency: concurrency)
        print(
            "stack ready in \(Self.format(ContinuousClock.now - startup)) ms (moto \(pipeline.moto.endpoint), Triton \(pipeline.triton.endpoint))\n"
        )

        let started = ContinuousClock.now
        let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
            for study in studies {
                group.addTask { try await self.process(study, in: pipeline) }
            }
            var outcomes: [Outcome] = []
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

        if keepRunning {
            print(
                "\nthe stack stays up: S3/Kinesis/Step Functions at \(pipeline.moto.endpoint) (any credentials), buckets \(pipeline.resources.results), …; Ctrl-C to stop"
            )
            await ShutdownSignal.wait()
        }
        await pipeline.shutdown(stoppingTriton: true)
        guard outcomes.allSatisfy(\.matchesExpectation) else { throw ExitCode(1) }
    }

    private func process(_ study: Study, in pipeline: LocalPipeline) async throws -> Outcome {
        let submitted = ContinuousClock.now
        let arn = try await pipeline.submit(
            study: study.name, image: study.image, imageExtension: study.imageExtension, sidecar: study.sidecar)
        let execution = try await pipeline.wait(for: arn)
        let endToEnd = Self.milliseconds(ContinuousClock.now - submitted)
        var stages: [String: Double] = [:]
        var topLabel: String?
        var errorType: String?
        if let output = execution.output, let state = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] {
            for (key, stage) in [("study", "validate"), ("tensor", "prepare"), ("inference", "infer"), ("stored", "store")] {
                if let value = (state[key] as? [String: Any])?["elapsedMilliseconds"] as? Double { stages[stage] = value }
            }
            if let best = ((state["inference"] as? [String: Any])?["predictions"] as? [[String: Any]])?.first {
                topLabel = "\(best["label"] as? String ?? "?") \(String(format: "%.2f", best["score"] as? Double ?? 0))"
            }
        } else if let record = try? await failureRecord(for: study, in: pipeline) {
            errorType = record["errorType"] as? String
        }
        return Outcome(
            study: study, status: execution.status, errorType: errorType, topLabel: topLabel, stageMilliseconds: stages,
            endToEndMilliseconds: endToEnd)
    }

    private func failureRecord(for study: Study, in pipeline: LocalPipeline) async throws -> [String: Any] {
        for folder in [study.uid, "unvalidated"].compactMap({ $0 }) {
            if let bytes = try? await pipeline.object(
                bucket: pipeline.resources.results, key: "results/\(folder)/study-\(study.name).json"),
                let record = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
            {
                return record
            }
        }
        throw LocalServiceError("no failure record for \(study.name)")
    }

    private func copyResults(_ outcomes: [Outcome], from pipeline: LocalPipeline) async throws {
        try FileManager.default.createDirectory(atPath: resultsFolder, withIntermediateDirectories: true)
        for outcome in outcomes {
            for folder in [outcome.study.uid, "unvalidated"].compactMap({ $0 }) {
                let key = "results/\(folder)/study-\(outcome.study.name).json"
                if let bytes = try? await pipeline.object(bucket: pipeline.resources.results, key: key) {
                    try Data(bytes).write(to: URL(fileURLWithPath: "\(resultsFolder)/\(outcome.study.name).json"))
                    break
                }
            }
        }
    }

    private func printReport(_ outcomes: [Outcome], wall: Duration) {
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
        let seconds = Self.milliseconds(wall) / 1000
        let unexpected = outcomes.filter { !$0.matchesExpectation }.count
        print(
            "\n\(outcomes.count) studies in \(String(format: "%.1f", seconds)) s: "
                + "end-to-end p50 \(String(format: "%.0f", percentile(50))) ms, p95 \(String(format: "%.0f", percentile(95))) ms, "
                + "throughput \(String(format: "%.2f", Double(outcomes.count) / seconds)) studies/s; "
                + "\(outcomes.filter { $0.status == "SUCCEEDED" }.count) succeeded, "
                + "\(outcomes.filter { $0.status != "SUCCEEDED" }.count) failed (\(unexpected) unexpectedly)")
        print("results and failure records copied to \(resultsFolder)/")
    }

    private func loadStudies() throws -> [Study] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        var expected: [String: String] = [:]
        if let data = FileManager.default.contents(atPath: "\(folder)/expected.json") {
            expected = (try JSONSerialization.jsonObject(with: data) as? [String: String]) ?? [:]
        }
        return try files.filter { $0.hasSuffix(".json") && $0 != "expected.json" }.sorted().compactMap { sidecarName in
            let name = String(sidecarName.dropLast(".json".count))
            guard let imageExtension = ["jpg", "jpeg", "png"].first(where: { files.contains("\(name).\($0)") }) else { return nil }
            let sidecar = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(sidecarName)"))
            let uid = (try? JSONSerialization.jsonObject(with: sidecar) as? [String: Any])?["studyInstanceUID"] as? String
            return Study(
                name: name, image: Array(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name).\(imageExtension)"))),
                imageExtension: imageExtension, sidecar: Array(sidecar), uid: uid, expectedError: expected[name])
        }
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    static func format(_ duration: Duration) -> String { String(format: "%.0f", milliseconds(duration)) }
}

extension RunLocalCommand.Outcome {
    var matchesExpectation: Bool {
        if let expected = study.expectedError { return status != "SUCCEEDED" && errorType == expected }
        return status == "SUCCEEDED"
    }

    var summary: String {
        status == "SUCCEEDED"
            ? "succeeded, \(topLabel ?? "?"), \(String(format: "%.0f", endToEndMilliseconds)) ms"
            : "failed with \(errorType ?? "?")\(study.expectedError.map { " (expected \($0))" } ?? "")"
    }
}
