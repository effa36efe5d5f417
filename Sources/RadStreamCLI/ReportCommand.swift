import ArgumentParser
import Foundation
import TelemetryReport

/// `radstream report`: telemetry → one self-contained HTML page (docs/telemetry.md, "The report").
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Turn telemetry into one self-contained HTML page: latency, throughput, outcomes, cold starts, cost.",
        discussion: """
            Give exactly one source: --lake DIR (Firehose objects, gzip or plain, e.g. from
            `aws s3 sync s3://<bucket>/telemetry/ DIR`), --s3 s3://<bucket>/<prefix> (read with the
            environment's AWS configuration), or --athena-csv FILE (an export of SELECT * FROM events).
            Cold starts need Lambda REPORT lines: --lambda-reports FILE, one `<function><TAB><REPORT line>` per line.
            """
    )

    @Option(help: "A folder of Firehose telemetry objects.")
    var lake: String?

    @Option(help: "s3://bucket/prefix of a telemetry bucket.")
    var s3: String?

    @Option(help: "An Athena CSV export of the events table.")
    var athenaCSV: String?

    @Option(help: "Lambda REPORT lines (function<TAB>line) for cold starts and the two functions telemetry does not time.")
    var lambdaReports: String?

    @Option(help: "The state machine definition (Standard's transitions per study).")
    var definition = "deploy/statemachine.asl.json"

    @Option(help: "Where to write the page.")
    var output = "build/report.html"

    func validate() throws {
        guard [lake, s3, athenaCSV].compactMap({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --lake, --s3, --athena-csv")
        }
        if let s3, TelemetrySource.bucket(url: s3) == nil { throw ValidationError("--s3 takes s3://bucket/prefix") }
    }

    func run() throws {
        let source: TelemetrySource
        if let lake {
            source = .lakeFolder(lake)
        } else if let s3, let bucket = TelemetrySource.bucket(url: s3) {
            source = bucket
        } else {
            source = .athenaCSV(athenaCSV ?? "")
        }
        let contents = try source.read()
        var reports: [LambdaReportLine] = []
        if let lambdaReports {
            guard let text = try? String(contentsOfFile: lambdaReports, encoding: .utf8) else {
                throw ValidationError("cannot read \(lambdaReports)")
            }
            reports = LambdaReportLine.parseFile(text)
        }
        let summary = try ReportPage.write(
            records: contents.records, reports: reports, sourceDescription: lake ?? s3 ?? athenaCSV ?? "", definitionPath: definition,
            output: output)
        print(
            "report: \(summary.succeeded + summary.failed) executions over \(summary.hours.count) hours from \(contents.records.count) records (\(summary.duplicates) duplicates, \(contents.skipped) lines not telemetry) → \(output)"
        )
    }
}
