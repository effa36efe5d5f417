/// One Lambda `REPORT` line (CloudWatch Logs, or the emulator's), attributed to its function:
/// the only place cold starts are visible (telemetry does not record them).
public struct LambdaReportLine: Sendable, Equatable {
    /// The function that wrote the line.
    public var function: String
    /// `Duration:`, ms.
    public var durationMilliseconds: Double
    /// `Billed Duration:`, ms.
    public var billedMilliseconds: Double
    /// `Memory Size:`, MB.
    public var memoryMB: Int
    /// `Init Duration:`, ms: present only on a cold start.
    public var initMilliseconds: Double?

    /// Parses `REPORT RequestId: … Duration: 1.2 ms …`; nil for any other line.
    public init?(function: String, line: String) {
        guard line.hasPrefix("REPORT RequestId:"), let duration = Self.field("Duration: ", in: line),
            let billed = Self.field("Billed Duration: ", in: line)
        else { return nil }
        self.function = function
        durationMilliseconds = duration
        billedMilliseconds = billed
        memoryMB = Int(Self.field("Memory Size: ", in: line) ?? 0)
        initMilliseconds = Self.field("Init Duration: ", in: line)
    }

    /// Lines of a text file, each `<function>\t<REPORT line>` (what `run-local` writes, and
    /// what `aws logs filter-log-events --filter-pattern REPORT` gives once the log group's
    /// function name is put in front); other lines are ignored.
    public static func parseFile(_ text: String) -> [LambdaReportLine] {
        text.split(separator: "\n").compactMap { (line: Substring) -> LambdaReportLine? in
            guard let tab = line.firstIndex(of: "\t") else { return nil }
            return LambdaReportLine(function: String(line[..<tab]), line: String(line[line.index(after: tab)...]))
        }
    }

    /// The number after `label` in one of the line's tab-separated fields ("Duration: " does
    /// not match the field "Billed Duration: …").
    static func field(_ label: String, in line: String) -> Double? {
        guard let match = line.split(separator: "\t").map({ $0.drop { $0 == " " } }).first(where: { $0.hasPrefix(label) }) else {
            return nil
        }
        return Double(match.dropFirst(label.count).prefix { $0.isNumber || $0 == "." })
    }
}
