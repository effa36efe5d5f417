// Timing of one operation run many times in one process, shared by the codec and DICOM benches.
import Foundation

/// Wall-clock and process-CPU milliseconds of each run of one operation.
///
/// CPU time counts every thread of the process (OpenJPEG's workers too); on a shared machine it
/// is the figure to compare, the wall clock also measures the other tenants.
public struct RepeatedTiming: Sendable {
    /// Wall-clock milliseconds of each measured run, in order.
    public private(set) var wall: [Double] = []
    /// Process-CPU milliseconds (user + system, all threads) of each measured run, in order.
    public private(set) var cpu: [Double] = []

    /// Creates an empty record.
    public init() {}

    /// Runs `body` once, records its wall and CPU time, and returns its result.
    public mutating func measure<Result>(_ body: () throws -> Result) rethrows -> Result {
        let startWall = ProcessCPU.milliseconds(of: CLOCK_MONOTONIC)
        let startCPU = ProcessCPU.ownMilliseconds()
        let result = try body()
        cpu.append(ProcessCPU.ownMilliseconds() - startCPU)
        wall.append(ProcessCPU.milliseconds(of: CLOCK_MONOTONIC) - startWall)
        return result
    }

    /// The line bench scripts parse: `LABEL_ms min … median … cpu_ms min … median … runs N`.
    public func summary(label: String) -> String {
        label
            + String(
                format: "_ms min %.2f median %.2f cpu_ms min %.2f median %.2f runs %d", wall.min() ?? .nan,
                Statistics.percentile(wall, 50), cpu.min() ?? .nan, Statistics.percentile(cpu, 50), wall.count)
    }
}

extension ProcessCPU {
    /// CPU time of this process so far (every thread), in milliseconds.
    public static func ownMilliseconds() -> Double { milliseconds(of: CLOCK_PROCESS_CPUTIME_ID) }

    /// The reading of `clock` in milliseconds.
    static func milliseconds(of clock: clockid_t) -> Double {
        var time = timespec()
        clock_gettime(clock, &time)
        return Double(time.tv_sec) * 1000 + Double(time.tv_nsec) / 1e6
    }
}

/// A benchmark's refusal of its arguments or of what it measured.
public struct BenchmarkError: Error, CustomStringConvertible {
    /// What went wrong, for the terminal.
    public var description: String

    /// Creates an error with its message.
    public init(_ description: String) { self.description = description }
}

/// `--name value` pairs from the command line.
public enum BenchmarkArguments {
    /// The options after the executable's name as a dictionary keyed by name without `--`.
    ///
    /// - Throws: `BenchmarkError(usage)` when an option has no value or does not start with `--`.
    public static func parse(usage: String) throws -> [String: String] {
        var options = [String: String]()
        var iterator = CommandLine.arguments.dropFirst().makeIterator()
        while let key = iterator.next() {
            guard key.hasPrefix("--"), let value = iterator.next() else { throw BenchmarkError("usage: \(usage)") }
            options[String(key.dropFirst(2))] = value
        }
        return options
    }
}

/// Whole files as byte arrays, the form `TensorPreparer` and the decoders take.
public enum BenchmarkFile {
    /// The file's bytes, read into one array of its size (no growing copies, no `Data` bridge).
    ///
    /// - Throws: `BenchmarkError` when the file cannot be opened.
    public static func bytes(atPath path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw BenchmarkError("cannot open \(path)") }
        defer { fclose(file) }
        fseek(file, 0, SEEK_END)
        let size = ftell(file)
        fseek(file, 0, SEEK_SET)
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in count = fread(buffer.baseAddress, 1, size, file) }
    }
}
