import AWSClients
import CurlHTTP
import Foundation
import LocalServices
import PipelineCost
import Testing

@testable import TelemetryReport

@Suite struct TelemetryReportTests {
    let fixture = TelemetryFixture()

    func records() -> [TelemetryRecord] {
        var skipped = 0
        return TelemetryRecord.parseLines(Array(fixture.events().lines.joined(separator: "\n").utf8), skipped: &skipped)
    }

    func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("telemetry-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs a tool; a missing tool is an error, not a skip.
    @discardableResult
    func run(_ tool: String, _ arguments: [String], input: Data? = nil) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let output = Pipe()
        let inputPipe = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        if input != nil { process.standardInput = inputPipe }
        try process.run()
        if let input {
            inputPipe.fileHandleForWriting.write(input)
            try inputPipe.fileHandleForWriting.close()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure(
                "\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus) (is it installed? scripts/setup.sh)")
        }
        return data
    }

    struct TestFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: - Summary

    @Test func summaryCountsHoursStagesOutcomesAndDuplicates() {
        let (lines, expected) = fixture.events()
        let summary = TelemetrySummary(records: records(), reports: LambdaReportLine.parseFile(fixture.reportLines()))
        #expect(summary.hours == ["2026-11-25T08", "2026-11-25T09", "2026-11-25T10"])
        #expect(summary.recordsRead == lines.count)
        #expect(summary.duplicates == expected.duplicates)
        #expect(summary.succeeded == expected.succeeded)
        #expect(summary.failed == expected.failedByType.values.reduce(0, +))
        #expect(summary.failuresByErrorType.map(\.errorType) == ["ImageCorrupt", "Inference.Timeout"])
        #expect(summary.failuresByErrorType.map(\.count) == [6, 3])
        // 4 stages + Execution in each of 3 hours.
        #expect(summary.latencies.count == 15)
        // Hour 08, PrepareTensors succeeded for index 1,2,3,4,6,7,8,9: base 11…19 minus 10 and 15.
        let prepare = summary.latencies.first { $0.stage == "PrepareTensors" && $0.hour == "2026-11-25T08" }
        #expect(prepare?.count == 8)
        // Sorted 11,12,13,14,16,17,18,19: nearest rank round(0.5 × 7) = 4 → 16; round(0.95 × 7) = 7 → 19.
        #expect(prepare?.p50 == 16)
        #expect(prepare?.p95 == 19)
        #expect(summary.functions.map(\.coldStarts) == [2, 2, 2])
        #expect(summary.functions.first?.initP50 == 8)
    }

    @Test func costUsesStageTimesAndTheUntimedFunctionsReportLines() {
        let summary = TelemetrySummary(records: records(), reports: LambdaReportLine.parseFile(fixture.reportLines()))
        let usage = summary.studyUsage(happyPath: TelemetryFixture.happyPath)
        // Four telemetry stages, plus StartStudy and SendTelemetry from REPORT lines (PrepareTensors'
        // REPORT lines do not replace its telemetry timing).
        #expect(
            usage.functions.map(\.name) == [
                "ValidateMetadata", "PrepareTensors", "RunInference", "StoreResults", "SendTelemetry", "StartStudy",
            ])
        // 30 REPORT lines over 30 executions; billed mean (2 × 20 + 28 × 13) / 30.
        let starter = usage.functions.first { $0.name == "StartStudy" }
        #expect(starter?.invocationsPerStudy == 1)
        #expect(abs((starter?.billedMilliseconds ?? 0) - (40.0 + 28 * 13) / 30) < 1e-9)
        #expect(usage.functions.first { $0.name == "PrepareTensors" }?.memoryMB == 1024)
        let express = CostModel().perThousandStudies(usage, workflow: .express, architecture: .x86)
        let standard = CostModel().perThousandStudies(usage, workflow: .standard, architecture: .x86)
        #expect(standard.total - express.total > 0.14)  // 6 transitions ($0.15) against ~$0.0013
        #expect(usage.standardTransitions == 6 && usage.executionLogRecords == [.standard: 0, .express: 0])
    }

    @Test func reportLinesParseDurationsAndColdStarts() {
        let cold = LambdaReportLine(
            function: "F",
            line:
                "REPORT RequestId: a\tDuration: 1.25 ms\tBilled Duration: 9 ms\tMemory Size: 256 MB\tMax Memory Used: 9 MB\tInit Duration: 7.50 ms"
        )
        #expect(cold?.durationMilliseconds == 1.25)
        #expect(cold?.billedMilliseconds == 9)
        #expect(cold?.memoryMB == 256)
        #expect(cold?.initMilliseconds == 7.5)
        #expect(LambdaReportLine(function: "F", line: "START RequestId: a Version: $LATEST") == nil)
        #expect(LambdaReportLine.parseFile("no tab here\nF\tREPORT RequestId: b\tDuration: 2.00 ms\tBilled Duration: 2 ms").count == 1)
    }

    // MARK: - Sources

    @Test func lakeFolderReadsGzipAndPlainObjectsAlike() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = fixture.events().lines
        let half = lines.count / 2
        let first = Data((lines[..<half].joined(separator: "\n") + "\nnot telemetry\n").utf8)
        // Firehose's GZIP objects, made by the system's gzip (the reference implementation).
        try run("gzip", ["-c"], input: first).write(to: folder.appendingPathComponent("radstream-1-2026-11-25.gz"))
        let day = folder.appendingPathComponent("2026/11/25/09")
        try FileManager.default.createDirectory(at: day, withIntermediateDirectories: true)
        try Data((lines[half...].joined(separator: "\n") + "\n").utf8).write(to: day.appendingPathComponent("radstream-2"))
        let contents = try TelemetrySource.lakeFolder(folder.path).read()
        #expect(contents.skipped == 1)
        #expect(Set(contents.records.map(\.eventId)) == Set(records().map(\.eventId)))
        #expect(TelemetrySummary(records: contents.records) == TelemetrySummary(records: records()))
    }

    @Test func corruptTruncatedAndOversizeGzipAreTypedErrors() throws {
        let text = Data(String(repeating: "{}\n", count: 50_000).utf8)
        let compressed = Array(try run("gzip", ["-c"], input: text))
        #expect(try Gzip.decompress(compressed, name: "ok", limit: 1 << 20) == Array(text))
        // Two members, as concatenated objects are.
        #expect(try Gzip.decompress(compressed + compressed, name: "two", limit: 1 << 20).count == 2 * text.count)
        #expect(throws: TelemetryReportError.corruptGzip(object: "cut")) {
            try Gzip.decompress(Array(compressed.prefix(compressed.count / 2)), name: "cut", limit: 1 << 20)
        }
        var damaged = compressed
        damaged[12] ^= 0xff
        #expect(throws: TelemetryReportError.self) { try Gzip.decompress(damaged, name: "damaged", limit: 1 << 20) }
        #expect(throws: TelemetryReportError.tooLarge(object: "bomb", limit: 1000)) {
            try Gzip.decompress(compressed, name: "bomb", limit: 1000)
        }
    }

    @Test func athenaCSVExportSummarisesLikeTheLake() throws {
        // Athena's CSV: header of Glue column names, every value quoted, NULL empty — written by
        // Python's csv module (QUOTE_ALL) from the same JSON lines.
        let script = """
            import csv, json, sys
            columns = ["schemaversion", "eventid", "timestamp", "executionname", "studyinstanceuid", "modality", "stage", "status",
                       "elapsedmilliseconds", "sizebytes", "model", "errortype", "dt"]
            names = {c.lower(): c for c in ["schemaVersion", "eventId", "timestamp", "executionName", "studyInstanceUID", "modality",
                                            "stage", "status", "elapsedMilliseconds", "sizeBytes", "model", "errorType"]}
            writer = csv.writer(sys.stdout, quoting=csv.QUOTE_ALL, lineterminator="\\n")
            writer.writerow(columns)
            for line in sys.stdin:
                event = json.loads(line)
                writer.writerow(["" if event.get(names.get(c, c)) is None else event.get(names.get(c, c)) for c in columns[:-1]] + [event["timestamp"][:10]])
            """
        let python = ProcessInfo.processInfo.environment["RADSTREAM_PYTHON"] ?? "python3"
        let csv = try run(python, ["-c", script], input: Data(fixture.events().lines.joined(separator: "\n").utf8))
        var skipped = 0
        let fromCSV = try TelemetryRecord.parseAthenaCSV(String(decoding: csv, as: UTF8.self), skipped: &skipped)
        #expect(skipped == 0)
        #expect(TelemetrySummary(records: fromCSV) == TelemetrySummary(records: records()))
        #expect(throws: TelemetryReportError.missingColumn("stage")) {
            try TelemetryRecord.parseAthenaCSV("\"eventid\",\"timestamp\",\"status\"\n", skipped: &skipped)
        }
        #expect(throws: TelemetryReportError.malformedCSV(line: 2)) {
            try TelemetryRecord.parseAthenaCSV("\"eventid\"\n\"open", skipped: &skipped)
        }
    }

    @Test func bucketPrefixIsReadThroughTheS3Client() async throws {
        let server = try await BlockingIO.run { try MotoServer.shared() }
        let bucket = "telemetry-report-\(UUID().uuidString.prefix(8).lowercased())"
        let lines = fixture.events().lines
        let contents = try await BlockingIO.run { () throws -> TelemetrySource.Contents in
            try server.createBucket(bucket)
            let s3 = S3Client(configuration: try server.configuration())
            let gzipped = try run("gzip", ["-c"], input: Data(lines.joined(separator: "\n").utf8))
            try s3.putObject(bucket: bucket, key: "telemetry/dt=2026-11-25/a.gz", body: Array(gzipped))
            try s3.putObject(bucket: bucket, key: "other/ignored.json", body: Array("{}".utf8))
            return try TelemetrySource.bucket(url: "s3://\(bucket)/telemetry/")!.read(s3Configuration: try server.configuration())
        }
        #expect(contents.records.count == lines.count)
        #expect(TelemetrySource.bucket(url: "s3://b/p/q") == .bucket(name: "b", prefix: "p/q"))
        #expect(TelemetrySource.bucket(url: "https://b") == nil)
    }
}
