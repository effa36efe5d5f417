import AWSClients
import Digests
import LambdaRuntime
import PipelineModel

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#endif

/// Stage 5: one telemetry event per stage outcome to Kinesis (PutRecords, partitioned by study),
/// for Firehose → S3 → Athena, plus CloudWatch Embedded Metric Format lines so dashboards and
/// alarms need no extra code. Schema: docs/telemetry.md (matched by deploy/'s Glue table).
///
/// Delivery is at least once: a retried invocation sends its events again, each with the same
/// `eventId` (SHA-256 of execution, stage and status), so queries deduplicate on it.
///
/// Configuration: `TELEMETRY_STREAM` (required), `METRICS_NAMESPACE` (default `RadStream`).
struct SendTelemetry: LambdaHandler {
    let stream: String
    let namespace: String
    let kinesis: KinesisClient
    let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    init(environment: (String) -> String?) throws {
        let settings = FunctionSettings(lookup: environment, names: ["TELEMETRY_STREAM", "METRICS_NAMESPACE"])
        guard let stream = settings.string("TELEMETRY_STREAM") else {
            throw PipelineError.invalidConfiguration(variable: "TELEMETRY_STREAM", problem: "is required")
        }
        self.stream = stream
        namespace = settings.string("METRICS_NAMESPACE") ?? "RadStream"
        kinesis = KinesisClient(configuration: try AWSConfiguration.fromEnvironment(environment))
    }

    struct Delivery: Encodable {
        var stream: String
        var events: Int
        var elapsedMilliseconds: Double
    }

    func handle(_ request: TelemetryRequest, context: LambdaContext) throws -> Delivery {
        guard ExecutionName.isValid(request.executionName) else {
            throw PipelineError.invalidRequest("executionName is not one Step Functions accepts")
        }
        let events = TelemetryEvent.events(for: request, now: LogTimestamp.now())
        let partitionKey = request.state.study?.metadata.studyInstanceUID ?? request.executionName
        let records = try events.map { KinesisRecord(data: Array(try encoder.encode($0)), partitionKey: partitionKey) }
        // Metrics first: a Kinesis outage must not silence the EMF alarms too. A retried
        // invocation prints its lines again (at least once, like the Kinesis records).
        for event in events {
            StandardOutput.writeLine(EmbeddedMetric.line(for: event, namespace: namespace))
        }
        try kinesis.putRecords(records, streamName: stream, deadline: .after(context.remainingTime - .milliseconds(500)))
        return Delivery(stream: stream, events: events.count, elapsedMilliseconds: context.elapsedMilliseconds)
    }
}

/// One row of the telemetry table: a stage's outcome in one execution, or the execution's own.
struct TelemetryEvent: Encodable, Equatable {
    var schemaVersion = 1
    var eventId: String
    var timestamp: String
    var executionName: String
    var studyInstanceUID: String?
    var modality: String?
    var stage: String
    var status: String
    var elapsedMilliseconds: Double?
    var sizeBytes: Int?
    var model: String?
    var errorType: String?

    /// The events of one execution: each stage that ran (succeeded or failed), then `Execution`.
    static func events(for request: TelemetryRequest, now: LogTimestamp) -> [TelemetryEvent] {
        let state = request.state
        let summaries: [(PipelineStage, StageSummary?)] = [
            (.validateMetadata, state.study.map { StageSummary(elapsedMilliseconds: $0.elapsedMilliseconds) }),
            (.prepareTensors, state.tensor),
            (.runInference, state.inference),
            (.storeResults, state.stored),
        ]
        func event(_ stage: String, _ status: String, _ summary: StageSummary?, errorType: String? = nil) -> TelemetryEvent {
            let identity = "\(request.executionName)/\(stage)/\(status)"
            return TelemetryEvent(
                eventId: Digests.hex(Digests.sha256(Array(identity.utf8))),
                timestamp: now.iso8601,
                executionName: request.executionName,
                studyInstanceUID: state.study?.metadata.studyInstanceUID,
                modality: state.study?.metadata.modality,
                stage: stage,
                status: status,
                elapsedMilliseconds: summary?.elapsedMilliseconds,
                sizeBytes: summary?.sizeBytes,
                model: summary?.model,
                errorType: errorType
            )
        }
        var events = summaries.compactMap { stage, summary in summary.map { event(stage.rawValue, "succeeded", $0) } }
        if let failedStage = state.failedStage ?? state.error.map({ _ in "Unknown" }) {
            events.append(event(failedStage, "failed", nil, errorType: state.error?.error))
        }
        let total = request.executionStartTime.flatMap { ExecutionClock.milliseconds(since: $0, now: now) }
        events.append(
            event(
                "Execution", state.error == nil ? "succeeded" : "failed", StageSummary(elapsedMilliseconds: total),
                errorType: state.error?.error)
        )
        return events
    }
}

/// CloudWatch Embedded Metric Format: a log line CloudWatch turns into metrics.
enum EmbeddedMetric {
    static func line(for event: TelemetryEvent, namespace: String) -> String {
        let failed = event.status == "failed" ? 1 : 0
        var line = "{\"_aws\":{\"Timestamp\":\(WallClock.nowMilliseconds()),\"CloudWatchMetrics\":[{\"Namespace\":"
        JSONText.appendString(namespace, to: &line)
        line +=
            ",\"Dimensions\":[[\"Stage\"],[\"Stage\",\"Status\"]],\"Metrics\":[{\"Name\":\"Duration\",\"Unit\":\"Milliseconds\"},{\"Name\":\"Failures\",\"Unit\":\"Count\"}]}]}"
        line += ",\"Stage\":"
        JSONText.appendString(event.stage, to: &line)
        line += ",\"Status\":"
        JSONText.appendString(event.status, to: &line)
        line += ",\"Duration\":\(event.elapsedMilliseconds ?? 0),\"Failures\":\(failed),\"executionName\":"
        JSONText.appendString(event.executionName, to: &line)
        if let errorType = event.errorType {
            line += ",\"errorType\":"
            JSONText.appendString(errorType, to: &line)
        }
        return line + "}"
    }
}

/// Unbuffered lines on stdout, outside the log format (EMF must be a bare JSON object).
enum StandardOutput {
    static func writeLine(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// Milliseconds between an ISO 8601 UTC timestamp (`$$.Execution.StartTime`) and now.
enum ExecutionClock {
    static func milliseconds(since start: String, now: LogTimestamp) -> Double? {
        // Step Functions writes e.g. 2026-11-25T08:45:00.123Z; moto may omit the fraction.
        let bytes = Array(start.utf8)
        guard bytes.count >= 20, bytes[4] == 45, bytes[10] == 84 else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: bytes[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        var fraction = 0.0
        if bytes[19] == 46, let end = bytes[20...].firstIndex(where: { !(48...57).contains($0) }), end > 20 {
            fraction = Double("0." + String(decoding: bytes[20..<end], as: UTF8.self)) ?? 0
        }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let startSeconds = Double(timegm(&parts)) + fraction
        let nowSeconds = Double(now.seconds) + Double(now.milliseconds) / 1000
        return max(0, (nowSeconds - startSeconds) * 1000)
    }
}
