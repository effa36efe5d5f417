import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Where the emulator writes what Lambda would send to CloudWatch Logs: the function's own
/// output and the platform's `START`/`END`/`REPORT` lines.
public struct EmulatorLogSink: Sendable {
    private let write: @Sendable (_ function: String, _ line: String) -> Void
    private var function = ""

    /// A sink that calls `write` with each complete line (without the newline).
    public init(_ write: @escaping @Sendable (String) -> Void) {
        self.write = { _, line in write(line) }
    }

    /// A sink that also learns which function wrote each line, as CloudWatch keeps one log
    /// group per function (tools that aggregate REPORT lines per function use it).
    public init(byFunction write: @escaping @Sendable (_ function: String, _ line: String) -> Void) {
        self.write = write
    }

    /// This sink, with every line attributed to `function`.
    func attributed(to function: String) -> EmulatorLogSink {
        var sink = self
        sink.function = function
        return sink
    }

    /// Writes lines to standard output.
    public static let standardOutput = EmulatorLogSink { line in
        // One unbuffered write per line: visible at once when stdout is a file or a pipe.
        let text = line + "\n"
        _ = text.withCString { Glibc.write(STDOUT_FILENO, $0, strlen($0)) }
    }

    /// Discards every line.
    public static let discard = EmulatorLogSink { _ in }

    /// Whether `line` is one the emulator writes as Lambda's platform would (`START`, `END`,
    /// `REPORT`, a timeout's "Task timed out after") rather than the function's own output.
    public static func isPlatformLine(_ line: String) -> Bool {
        line.hasPrefix("START RequestId: ") || line.hasPrefix("END RequestId: ") || line.hasPrefix("REPORT RequestId: ")
            || line.contains(" Task timed out after ")
    }

    func emit(_ line: String) {
        write(function, line)
    }

    /// Writes `line` attributed to `function` (a sink forwarding another's lines keeps theirs).
    func emit(_ line: String, from function: String) {
        write(function.isEmpty ? self.function : function, line)
    }
}

/// Keeps every line written to it, for tests and tools that inspect logs afterwards.
public final class LogCollector: Sendable {
    private let lines = Mutex<[String]>([])

    /// Creates an empty collector.
    public init() {}

    /// A sink that appends to this collector and, optionally, to `forwardTo`.
    public func sink(forwardingTo other: EmulatorLogSink? = nil) -> EmulatorLogSink {
        EmulatorLogSink(byFunction: { function, line in
            self.lines.withLock { $0.append(line) }
            other?.emit(line, from: function)
        })
    }

    /// Every line so far.
    public var allLines: [String] {
        lines.withLock { $0 }
    }

    /// Lines containing `text`.
    public func lines(containing text: String) -> [String] {
        allLines.filter { $0.contains(text) }
    }

    /// Waits until a line containing `text` arrives (function output travels through a pipe,
    /// so it can trail the invocation's result), or returns `nil` after `timeout`.
    public func firstLine(containing text: String, within timeout: Duration) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let line = lines(containing: text).first { return line }
            guard ContinuousClock.now < deadline else { return nil }
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
