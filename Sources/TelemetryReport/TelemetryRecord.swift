import Foundation

/// One telemetry event as SendTelemetry writes it (`docs/telemetry.md`): only the fields the
/// report draws. Study UIDs and modality are not read, so they cannot reach the page.
public struct TelemetryRecord: Sendable, Equatable, Decodable {
    /// SHA-256 of `executionName/stage/status`: duplicates share it.
    public var eventId: String
    /// ISO 8601 UTC with milliseconds (`2026-11-25T08:45:00.123Z`).
    public var timestamp: String
    /// `ValidateMetadata` … `StoreResults`, `Unknown`, or `Execution`.
    public var stage: String
    /// `succeeded` or `failed`.
    public var status: String
    /// Time inside the stage's handler (for `Execution`: end to end), ms; absent for a failed stage.
    public var elapsedMilliseconds: Double?
    /// The caught error type of a failed stage or execution.
    public var errorType: String?

    /// A record from its fields.
    public init(
        eventId: String, timestamp: String, stage: String, status: String, elapsedMilliseconds: Double? = nil, errorType: String? = nil
    ) {
        self.eventId = eventId
        self.timestamp = timestamp
        self.stage = stage
        self.status = status
        self.elapsedMilliseconds = elapsedMilliseconds
        self.errorType = errorType
    }

    /// The stage name of an execution as a whole.
    public static let executionStage = "Execution"
    /// The pipeline's stages in order (the report's series).
    public static let stages = ["ValidateMetadata", "PrepareTensors", "RunInference", "StoreResults"]

    /// The UTC hour the event belongs to (`2026-11-25T08`), from the timestamp's first 13 characters.
    public var hour: String { String(timestamp.prefix(13)) }

    /// Whether the timestamp has the shape `YYYY-MM-DDTHH…`; other records are skipped.
    var hasHour: Bool {
        let characters = Array(timestamp.utf8.prefix(13))
        guard characters.count == 13, characters[4] == UInt8(ascii: "-"), characters[10] == UInt8(ascii: "T") else { return false }
        return characters.enumerated().allSatisfy { index, byte in [4, 7, 10].contains(index) || (byte >= 48 && byte <= 57) }
    }

    // MARK: - Reading

    /// Records from newline-delimited JSON (Firehose's objects with `AppendDelimiterToRecord`,
    /// or moto's): blank lines skipped; a line that is not a telemetry event is counted in
    /// `skipped`, never echoed (it could hold anything).
    public static func parseLines(_ bytes: [UInt8], skipped: inout Int) -> [TelemetryRecord] {
        let decoder = JSONDecoder()
        var records: [TelemetryRecord] = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) where line.contains(where: { $0 > 32 }) {
            if let record = try? decoder.decode(TelemetryRecord.self, from: Data(line)), record.hasHour {
                records.append(record)
            } else {
                skipped += 1
            }
        }
        return records
    }

    /// Records from an Athena CSV export of the `events` table (`SELECT * …`): a header row of
    /// the Glue column names (lower case), every value quoted, empty for NULL.
    ///
    /// - Throws: `TelemetryReportError.missingColumn` when `eventid`, `timestamp`, `stage` or
    ///   `status` is missing; `.malformedCSV` for an unterminated quote.
    public static func parseAthenaCSV(_ text: String, skipped: inout Int) throws(TelemetryReportError) -> [TelemetryRecord] {
        let rows = try CSV.rows(text)
        guard let header = rows.first?.map({ $0.lowercased() }) else { return [] }
        func column(_ name: String) throws(TelemetryReportError) -> Int {
            guard let index = header.firstIndex(of: name) else { throw .missingColumn(name) }
            return index
        }
        let eventId = try column("eventid")
        let timestamp = try column("timestamp")
        let stage = try column("stage")
        let status = try column("status")
        let elapsed = header.firstIndex(of: "elapsedmilliseconds")
        let errorType = header.firstIndex(of: "errortype")
        var records: [TelemetryRecord] = []
        for row in rows.dropFirst() where row.count == header.count {
            let record = TelemetryRecord(
                eventId: row[eventId], timestamp: row[timestamp], stage: row[stage], status: row[status],
                elapsedMilliseconds: elapsed.flatMap { Double(row[$0]) }, errorType: errorType.flatMap { row[$0].isEmpty ? nil : row[$0] })
            if record.hasHour { records.append(record) } else { skipped += 1 }
        }
        skipped += rows.dropFirst().filter { $0.count != header.count && $0 != [""] }.count
        return records
    }

    /// One record per `eventId`, the earliest timestamp winning (as `deploy/athena` queries do:
    /// delivery is at least once).
    public static func deduplicated(_ records: [TelemetryRecord]) -> [TelemetryRecord] {
        var first: [String: TelemetryRecord] = [:]
        for record in records where first[record.eventId].map({ record.timestamp < $0.timestamp }) ?? true {
            first[record.eventId] = record
        }
        return first.values.sorted { ($0.timestamp, $0.eventId) < ($1.timestamp, $1.eventId) }
    }
}

/// RFC 4180 CSV, as Athena writes its results.
enum CSV {
    static func rows(_ text: String) throws(TelemetryReportError) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let next = iterator.next()
                    if next == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = next }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",":
                row.append(field)
                field = ""
            case "\r": break
            case "\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                line += 1
            default: field.unicodeScalars.append(scalar)
            }
        }
        if quoted { throw .malformedCSV(line: line) }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
