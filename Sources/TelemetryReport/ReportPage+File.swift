import Foundation
import PipelineCost

extension ReportPage {
    /// Summarises `records` and `reports`, renders the page and writes it to `output`
    /// (creating its folder). The states a successful execution enters come from `definitionPath`.
    /// Returns the summary drawn.
    ///
    /// - Throws: `StateMachineDefinition.ReadError`, or a file error writing `output`.
    @discardableResult
    public static func write(
        records: [TelemetryRecord], reports: [LambdaReportLine], sourceDescription: String, definitionPath: String, output: String
    ) throws -> TelemetrySummary {
        let happyPath = try StateMachineDefinition.happyPath((try? Data(contentsOf: URL(fileURLWithPath: definitionPath))) ?? Data())
        let summary = TelemetrySummary(records: records, reports: reports)
        let page = ReportPage(
            summary: summary, sourceDescription: sourceDescription, generatedAt: Date().ISO8601Format(), happyPath: happyPath)
        let url = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(page.render().utf8).write(to: url)
        return summary
    }
}
