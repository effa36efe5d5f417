// Small helpers shared by the benchmarks in bench/: percentiles, tables, process CPU time.
import Foundation

/// Percentiles and REPORT-line fields.
public enum Statistics {
    /// The nearest-rank percentile (`percent` in 0…100); NaN for no values.
    public static func percentile(_ values: [Double], _ percent: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = Int((percent / 100 * Double(sorted.count - 1)).rounded())
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    /// The number after `label` in a REPORT line ("Duration: 0.12 ms").
    public static func field(_ label: String, in line: String) -> Double? {
        guard let range = line.range(of: "\t" + label) ?? line.range(of: label) else { return nil }
        return Double(line[range.upperBound...].prefix { $0.isNumber || $0 == "." })
    }
}

/// CPU time of a process from the scheduler's own accounting (nanosecond resolution).
public enum ProcessCPU {
    /// utime and stime from /proc/<pid>/stat, in clock ticks.
    public static func userAndSystemTicks(of pid: Int32) -> (user: Int, system: Int) {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = text.lastIndex(of: ")")
        else { return (0, 0) }
        // Fields after the command name: state is field 3, utime 14, stime 15.
        let fields = text[text.index(after: end)...].split(separator: " ")
        guard fields.count > 12 else { return (0, 0) }
        return (Int(fields[11]) ?? 0, Int(fields[12]) ?? 0)
    }

    /// CPU time of every thread of `pid` (schedstat), in nanoseconds; 0 once it has exited.
    public static func nanoseconds(of pid: Int32) -> Int {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.reduce(0) { total, task in
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8)) ?? ""
            return total + (text.split(separator: " ").first.flatMap { Int($0) } ?? 0)
        }
    }
}

/// Right-aligned text tables for benchmark output.
public enum Table {
    /// Prints `rows` under `header`, the first column left-aligned.
    public static func print(header: [String], rows: [[String]]) {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "    "
                + cells.enumerated().map { index, cell in
                    index == 0
                        ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[index] - cell.count) + cell
                }.joined(separator: "  ")
        }
        Swift.print(line(header))
        for row in rows { Swift.print(line(row)) }
    }
}

