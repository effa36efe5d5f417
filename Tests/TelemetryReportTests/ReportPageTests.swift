import Foundation
import PipelineCost
import Testing

@testable import TelemetryReport

/// The page as a browser sees it: rendered by headless Chromium (Debian's `chromium`), its DOM
/// dumped and its marks counted against the fixture's hours, stages and outcomes.
@Suite struct ReportPageTests {
    let fixture = TelemetryFixture()

    func page(records: [TelemetryRecord], reports: [LambdaReportLine]) -> ReportPage {
        ReportPage(
            summary: TelemetrySummary(records: records, reports: reports), sourceDescription: "fixture lake",
            generatedAt: "2026-12-01T12:00:00Z",
            happyPath: TelemetryFixture.happyPath)
    }

    func fixtureRecords() -> [TelemetryRecord] {
        var skipped = 0
        return TelemetryRecord.parseLines(Array(fixture.events().lines.joined(separator: "\n").utf8), skipped: &skipped)
    }

    /// Runs headless Chromium on `file`; a missing browser is an error (scripts/setup.sh installs it).
    func chromium(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // --no-sandbox: the tests may run as root in a container, where Chromium's sandbox cannot start.
        process.arguments = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "chromium failed; install it with scripts/setup.sh")
        return String(decoding: data, as: UTF8.self)
    }

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func chromiumDrawsOneMarkPerHourStageAndOutcome() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let html = folder.appendingPathComponent("report.html")
        let reports = LambdaReportLine.parseFile(fixture.reportLines())
        try Data(page(records: fixtureRecords(), reports: reports).render().utf8).write(to: html)

        let dom = try chromium(["--dump-dom", html.absoluteString])
        // 3 hours × 4 stages × (p50, p95).
        #expect(count("class=\"latency-point\"", in: dom) == fixture.hours * 4 * 2)
        // One bar per hour; every hour has failures, so one failed part each.
        #expect(count("class=\"hour-bar\"", in: dom) == fixture.hours)
        #expect(count("class=\"hour-bar-highlight\"", in: dom) == fixture.hours)
        // succeeded + two errorTypes.
        #expect(count("class=\"outcome-bar\"", in: dom) == 3)
        // One bar per function with REPORT lines.
        #expect(count("class=\"cold-bar\"", in: dom) == 3)
        // Accessible: each chart titled and described, axes labelled, tables follow.
        #expect(count("role=\"img\"", in: dom) == 4)
        #expect(count("class=\"axis-label\"", in: dom) == 8)
        #expect(count("<table>", in: dom) == 5)
        // The study UIDs in the fixture never reach the page.
        #expect(!dom.contains("1.2.3."))

        let screenshot = folder.appendingPathComponent("report.png")
        _ = try chromium(["--screenshot=\(screenshot.path)", "--window-size=1000,2600", html.absoluteString])
        let png = try Data(contentsOf: screenshot)
        #expect(png.starts(with: [0x89, 0x50, 0x4e, 0x47]))
        // Keep the last screenshot for a person to look at (build/ is ignored by git).
        if let keep = ProcessInfo.processInfo.environment["RADSTREAM_REPORT_SCREENSHOT"] { try? png.write(to: URL(fileURLWithPath: keep)) }
    }

    @Test func pointsSitHigherForSlowerHours() {
        // The fixture's latencies grow with the hour: each stage's p50 marker must sit higher
        // (smaller y) hour after hour, so the chart is drawn from the values, not the count.
        let html = page(records: fixtureRecords(), reports: []).render()
        let marker = "class=\"latency-point\" data-series=\"PrepareTensors p50\""
        let ys = html.components(separatedBy: marker).dropFirst().compactMap { part -> Double? in
            guard let range = part.range(of: "cy=\"") else { return nil }
            return Double(part[range.upperBound...].prefix { $0 != "\"" })
        }
        #expect(ys.count == fixture.hours)
        #expect(ys == ys.sorted(by: >))
    }

    @Test func textFromTelemetryIsEscaped() {
        let records = [
            TelemetryRecord(
                eventId: "a", timestamp: "2026-11-25T08:00:00.000Z", stage: "Execution", status: "failed", errorType: "<script>x</script>")
        ]
        let html = page(records: records, reports: []).render()
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;x&lt;/script&gt;"))
        #expect(html.contains("no Lambda REPORT lines were given"))
    }

    @Test func anEmptySourceSaysSo() {
        #expect(page(records: [], reports: []).render().contains("No telemetry events in this source."))
    }
}
