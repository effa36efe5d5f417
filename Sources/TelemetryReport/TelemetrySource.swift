import AWSClients
import Foundation

/// Where the report reads telemetry from, and the reading itself.
public enum TelemetrySource: Sendable, Equatable {
    /// A folder of Firehose objects (gzip or plain newline-delimited JSON), read recursively:
    /// `aws s3 sync s3://<telemetry bucket>/telemetry/ DIR`, or the local lake's objects.
    case lakeFolder(String)
    /// Objects under a prefix of a telemetry bucket, read through the project's S3 client with
    /// the environment's configuration (`AWS_REGION`, credentials, `AWS_ENDPOINT_URL_S3`).
    case bucket(name: String, prefix: String)
    /// An Athena CSV export of `SELECT * FROM events …` (the console's "Download results").
    case athenaCSV(String)

    /// The largest lake object or CSV export read, after decompression: Firehose's buffer is
    /// 64 MB, so one object holds at most that.
    public static let objectLimit = 256 << 20

    /// `s3://bucket/prefix` as a bucket source; nil for anything else.
    public static func bucket(url: String) -> TelemetrySource? {
        guard url.hasPrefix("s3://") else { return nil }
        let path = url.dropFirst(5)
        let bucket = path.prefix { $0 != "/" }
        guard !bucket.isEmpty else { return nil }
        return .bucket(name: String(bucket), prefix: String(path.dropFirst(bucket.count + 1)))
    }

    /// What was read: the telemetry records (not yet deduplicated) and how many lines were not
    /// telemetry events.
    public struct Contents: Sendable, Equatable {
        /// Every record read, duplicates included.
        public var records: [TelemetryRecord]
        /// Lines or rows that did not parse as a telemetry event.
        public var skipped: Int
    }

    /// Reads every record. Blocks the calling thread (files, or S3 through libcurl). The
    /// bucket source uses `s3Configuration`, or the environment's when nil.
    ///
    /// - Throws: `TelemetryReportError` for unreadable locations, corrupt gzip, oversize
    ///   objects or a malformed CSV; `AWSConfigurationError` and `S3Error` from the bucket source.
    public func read(s3Configuration: AWSConfiguration? = nil) throws -> Contents {
        var skipped = 0
        switch self {
        case .lakeFolder(let folder):
            let root = URL(fileURLWithPath: folder)
            guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
                throw TelemetryReportError.unreadable(folder)
            }
            var records: [TelemetryRecord] = []
            for case let file as URL in walker where (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
                let bytes = try Self.contents(of: file)
                records += TelemetryRecord.parseLines(try Self.inflated(bytes, name: file.lastPathComponent), skipped: &skipped)
            }
            return Contents(records: records, skipped: skipped)
        case .bucket(let name, let prefix):
            let s3 = S3Client(configuration: try s3Configuration ?? AWSConfiguration.fromEnvironment())
            var records: [TelemetryRecord] = []
            for key in try s3.listObjects(bucket: name, prefix: prefix) {
                let body = try s3.getObject(bucket: name, key: key, maximumBytes: Self.objectLimit).body
                records += TelemetryRecord.parseLines(try Self.inflated(body, name: key), skipped: &skipped)
            }
            return Contents(records: records, skipped: skipped)
        case .athenaCSV(let path):
            let bytes = try Self.contents(of: URL(fileURLWithPath: path))
            let records = try TelemetryRecord.parseAthenaCSV(String(decoding: bytes, as: UTF8.self), skipped: &skipped)
            return Contents(records: records, skipped: skipped)
        }
    }

    static func inflated(_ bytes: [UInt8], name: String) throws(TelemetryReportError) -> [UInt8] {
        Gzip.isCompressed(bytes) ? try Gzip.decompress(bytes, name: name, limit: objectLimit) : bytes
    }

    static func contents(of file: URL) throws(TelemetryReportError) -> [UInt8] {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
            let data = FileManager.default.contents(atPath: file.path)
        else { throw .unreadable(file.path) }
        if let size = attributes[.size] as? Int, size > objectLimit { throw .tooLarge(object: file.lastPathComponent, limit: objectLimit) }
        return Array(data)
    }
}
