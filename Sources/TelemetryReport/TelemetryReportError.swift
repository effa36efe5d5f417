/// Why telemetry could not be read or a report not written. Thrown by the `radstream report`
/// command and by `run-local`/`bench/pipeline.sh` when they write their report.
public enum TelemetryReportError: Error, Equatable, CustomStringConvertible {
    /// A lake object is not valid gzip (or inflates past `limit` bytes).
    case corruptGzip(object: String)
    /// A decompressed object or CSV export exceeds the reader's limit.
    case tooLarge(object: String, limit: Int)
    /// An Athena CSV export lacks a column the report needs.
    case missingColumn(String)
    /// The CSV export is malformed (an unterminated quote) at `line`.
    case malformedCSV(line: Int)
    /// A source location could not be read (folder, file, `s3://bucket/prefix`).
    case unreadable(String)

    public var description: String {
        switch self {
        case .corruptGzip(let object): "\(object) is not a valid gzip stream"
        case .tooLarge(let object, let limit): "\(object) is larger than \(limit) bytes"
        case .missingColumn(let name): "the CSV export has no \(name) column"
        case .malformedCSV(let line): "the CSV export is malformed at line \(line)"
        case .unreadable(let location): "cannot read \(location)"
        }
    }
}
