import PipelineCost

/// The report: one self-contained HTML page (inline SVG and CSS, no script, no network) of
/// latency per stage over time, studies per hour, outcomes by error type, cold starts and
/// cost per 1000 studies. Every chart is followed by the table of its data.
public struct ReportPage: Sendable {
    /// What was summarised.
    public var summary: TelemetrySummary
    /// Where the telemetry came from, shown in the header (`s3://bucket/prefix`, a folder).
    public var sourceDescription: String
    /// When the page was made (ISO 8601), shown in the header; passed in so a page is reproducible.
    public var generatedAt: String
    /// The states a successful execution enters (`StateMachineDefinition.happyPath`): Standard's
    /// transitions and the state machine's log records.
    public var happyPath: [StateMachineDefinition.State]
    /// The cost model's prices.
    public var costModel: CostModel

    /// A page for `summary`.
    public init(
        summary: TelemetrySummary, sourceDescription: String, generatedAt: String, happyPath: [StateMachineDefinition.State],
        costModel: CostModel = CostModel()
    ) {
        self.summary = summary
        self.sourceDescription = sourceDescription
        self.generatedAt = generatedAt
        self.happyPath = happyPath
        self.costModel = costModel
    }

    /// The HTML document.
    public func render() -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>RadStream telemetry report</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:980px;color:#111;line-height:1.4}
            h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
            table{border-collapse:collapse;margin:.6em 0;font-size:.85em}th,td{border:1px solid #bbb;padding:3px 8px;text-align:right}
            th:first-child,td:first-child{text-align:left}caption{text-align:left;font-weight:600;padding:4px 0}
            svg{max-width:100%;height:auto;display:block}.note{color:#444;font-size:.9em}
            </style></head><body>
            <h1>RadStream telemetry report</h1>

            """
        html += "<p class=\"note\">Source: \(e(sourceDescription)). Generated \(e(generatedAt)). "
        html +=
            "\(summary.recordsRead) records read, \(summary.duplicates) duplicates removed (delivery is at least once; one row per eventId). "
        html += "Hours are UTC, from each event's timestamp.</p>\n"
        guard !summary.hours.isEmpty else { return html + "<p>No telemetry events in this source.</p></body></html>\n" }
        let total = summary.succeeded + summary.failed
        html +=
            "<p>\(total) executions from \(e(summary.hours.first!)):00 to \(e(summary.hours.last!)):59 UTC: \(summary.succeeded) succeeded, \(summary.failed) failed (success rate \(percent(summary.succeeded, of: total))).</p>\n"
        html += latencySection() + throughputSection() + outcomeSection() + coldStartSection() + costSection()
        return html + "</body></html>\n"
    }

    // MARK: - Sections

    func latencySection() -> String {
        let stages = TelemetryRecord.stages.filter { stage in summary.latencies.contains { $0.stage == stage } }
        var series: [SVGChart.Series] = []
        for (index, stage) in stages.enumerated() {
            let rows = summary.latencies.filter { $0.stage == stage }
            let points = rows.compactMap { row in summary.hours.firstIndex(of: row.hour).map { (x: $0, row: row) } }
            let colour = SVGChart.palette[index % SVGChart.palette.count]
            series.append(.init(name: "\(stage) p50", points: points.map { ($0.x, $0.row.p50) }, colour: colour))
            series.append(.init(name: "\(stage) p95", points: points.map { ($0.x, $0.row.p95) }, dashed: true, colour: colour))
        }
        var html = "<h2 id=\"latency\">Latency per stage</h2>\n"
        html += SVGChart.lines(
            id: "latency-chart", title: "Latency per stage, p50 and p95, per hour",
            description: "Handler time of succeeded stage events; solid lines p50, dashed p95; one marker per stage, percentile and hour.",
            xLabels: summary.hours.map(hourLabel), xAxis: "hour (UTC)", yAxis: "milliseconds", series: series, markClass: "latency-point")
        html += "<table><caption>Latency per stage and hour (ms; succeeded events; Execution is end to end)</caption>"
        html +=
            "<tr><th scope=\"col\">hour (UTC)</th><th scope=\"col\">stage</th><th scope=\"col\">p50</th><th scope=\"col\">p95</th><th scope=\"col\">events</th></tr>"
        for row in summary.latencies.sorted(by: { ($0.hour, order($0.stage)) < ($1.hour, order($1.stage)) }) {
            html +=
                "<tr><td>\(e(hourLabel(row.hour)))</td><td>\(e(row.stage))</td><td>\(n(row.p50))</td><td>\(n(row.p95))</td><td>\(row.count)</td></tr>"
        }
        return html + "</table>\n"
    }

    func throughputSection() -> String {
        var html = "<h2 id=\"throughput\">Studies per hour</h2>\n"
        html += SVGChart.bars(
            id: "throughput-chart", title: "Executions ended per hour",
            description: "One bar per hour: executions that ended; the red part failed.",
            labels: summary.hours.map(hourLabel), values: summary.executions.map { Double($0.succeeded + $0.failed) },
            highlighted: summary.executions.map { Double($0.failed) }, highlightName: "failed", xAxis: "hour (UTC)", yAxis: "executions",
            markClass: "hour-bar")
        html +=
            "<table><caption>Executions per hour</caption><tr><th scope=\"col\">hour (UTC)</th><th scope=\"col\">succeeded</th><th scope=\"col\">failed</th></tr>"
        for row in summary.executions {
            html += "<tr><td>\(e(hourLabel(row.hour)))</td><td>\(row.succeeded)</td><td>\(row.failed)</td></tr>"
        }
        return html + "</table>\n"
    }

    func outcomeSection() -> String {
        let total = summary.succeeded + summary.failed
        let labels = ["succeeded"] + summary.failuresByErrorType.map(\.errorType)
        let counts = [summary.succeeded] + summary.failuresByErrorType.map(\.count)
        var html = "<h2 id=\"outcomes\">Success and error rate by errorType</h2>\n"
        html += SVGChart.bars(
            id: "outcome-chart", title: "Share of executions by outcome",
            description: "One bar for succeeded executions and one per errorType of failed executions, as a percentage of all executions.",
            labels: labels, values: counts.map { total > 0 ? Double($0) * 100 / Double(total) : 0 }, xAxis: "outcome",
            yAxis: "% of executions", markClass: "outcome-bar", colour: SVGChart.palette[2])
        html +=
            "<table><caption>Executions by outcome</caption><tr><th scope=\"col\">outcome</th><th scope=\"col\">executions</th><th scope=\"col\">share</th></tr>"
        for (label, count) in zip(labels, counts) {
            html += "<tr><td>\(e(label))</td><td>\(count)</td><td>\(percent(count, of: total))</td></tr>"
        }
        return html + "</table>\n"
    }

    func coldStartSection() -> String {
        var html = "<h2 id=\"cold-starts\">Cold starts</h2>\n"
        guard !summary.functions.isEmpty else {
            return html
                + "<p>Telemetry does not record cold starts; no Lambda REPORT lines were given (<code>--lambda-reports</code>), so there is nothing to draw.</p>\n"
        }
        html += SVGChart.bars(
            id: "cold-start-chart", title: "Cold starts per function",
            description: "One bar per function: invocations that started a new execution environment (REPORT lines with Init Duration).",
            labels: summary.functions.map(\.function), values: summary.functions.map { Double($0.coldStarts) }, xAxis: "function",
            yAxis: "cold starts",
            markClass: "cold-bar", colour: SVGChart.palette[1])
        html +=
            "<table><caption>Cold starts from REPORT lines</caption><tr><th scope=\"col\">function</th><th scope=\"col\">invocations</th><th scope=\"col\">cold starts</th><th scope=\"col\">Init Duration p50 ms</th><th scope=\"col\">billed mean ms</th></tr>"
        for row in summary.functions {
            html +=
                "<tr><td>\(e(row.function))</td><td>\(row.invocations)</td><td>\(row.coldStarts)</td><td>\(row.initP50.map(n) ?? "—")</td><td>\(n(row.billedMeanMilliseconds))</td></tr>"
        }
        return html + "</table>\n"
    }

    func costSection() -> String {
        let usage = summary.studyUsage(happyPath: happyPath)
        let columns = WorkflowType.allCases.flatMap { workflow in
            LambdaArchitecture.allCases.map { costModel.perThousandStudies(usage, workflow: workflow, architecture: $0) }
        }
        let items = CostModel.Item.priced(in: columns)
        var html =
            "<h2 id=\"cost\">Cost per 1000 studies</h2>\n<table><caption>Variable cost per 1000 studies, US dollars (\(e(costModel.prices.retrieved)))</caption><tr><th scope=\"col\">item</th>"
        for column in columns {
            html += "<th scope=\"col\">\(column.workflow == .standard ? "Standard" : "Express") \(column.architecture.rawValue)</th>"
        }
        html += "</tr>"
        for item in items {
            html += "<tr><td>\(e(item))</td>" + columns.map { "<td>\(dollars($0.dollars(for: item)))</td>" }.joined() + "</tr>"
        }
        html += "<tr><th scope=\"row\">total</th>" + columns.map { "<th>\(dollars($0.total))</th>" }.joined() + "</tr></table>\n"
        let priced = usage.functions.map(\.name)
        let unpriced = (TelemetryRecord.stages + TelemetrySummary.untimedFunctions).filter { !priced.contains($0) }
        html += "<p class=\"note\">Lambda priced from each stage's handler time at deploy/template.yaml's memory"
        html +=
            unpriced.isEmpty
            ? "; StartStudy and SendTelemetry from their REPORT lines."
            : "; not priced (no timing in this source): \(e(unpriced.joined(separator: ", ")))."
        html +=
            " Express duration: the measured end-to-end time, \(n(usage.expressDurationMilliseconds)) ms, at 64 MB. Standard: \(happyPath.count) transitions per study."
        let studiesPerHour = Double(summary.succeeded + summary.failed) / Double(summary.hours.count)
        html +=
            " Fixed: the on-demand Kinesis stream, $\(dollars(costModel.fixedDollarsPerHour)) per hour, \(dollars(costModel.fixedDollarsPerThousand(atStudiesPerHour: studiesPerHour))) per 1000 at this source's \(n(studiesPerHour)) studies per hour. CloudWatch Logs: the functions' platform lines and their logging budget, \(n(usage.functionLogBytes)) B per study, and the state machine's records at the template's levels (Express: \(n(usage.executionLogRecords[.express] ?? 0)) per execution). GPU nodes and storage are not included (docs/scale.md).</p>\n"
        return html
    }

    // MARK: - Formatting

    func e(_ text: String) -> String { SVGChart.escape(text) }
    func n(_ value: Double) -> String { SVGChart.format(value) }
    func hourLabel(_ hour: String) -> String { hour.replacingOccurrences(of: "T", with: " ") + "h" }
    func order(_ stage: String) -> Int { (TelemetryRecord.stages + [TelemetryRecord.executionStage]).firstIndex(of: stage) ?? 99 }
    func percent(_ part: Int, of total: Int) -> String { total > 0 ? "\(n(Double(part) * 100 / Double(total)))%" : "—" }
    func dollars(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        // Four decimals: cents per 1000 studies are the scale of interest.
        let scaled = Int64((value * 10_000).rounded())
        let fraction = String(scaled % 10_000)
        return "\(scaled / 10_000).\(String(repeating: "0", count: 4 - fraction.count))\(fraction)"
    }
}
