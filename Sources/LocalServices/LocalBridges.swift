import AWSClients
import CurlHTTP
import Foundation
import Synchronization

/// The S3 → EventBridge → Step Functions link, bridged locally because moto's EventBridge
/// delivers to SQS but never starts a Step Functions execution.
///
/// Everything up to the queue is stock moto, configured as the deployment template does: the
/// images bucket sends its events to EventBridge, and a rule matching `Object Created` for
/// sidecars (`images/<study>/<file>.json`) targets an SQS queue. The bridge then does what the
/// rule's Step Functions target would: it starts the state machine with
/// `{"bucket", "sidecarKey"}`, naming the execution `study-<study>` so a duplicated event
/// delivery (EventBridge is at-least-once) is refused as `ExecutionAlreadyExists` instead of
/// starting a second execution.
public final class StudyEventBridge: Sendable {
    /// What the bridge has done so far.
    public struct Counts: Sendable, Equatable {
        /// Executions started.
        public var started = 0
        /// Events for a study whose execution already existed (duplicated deliveries).
        public var duplicates = 0
        /// Events that could not name a study (not `images/<study>/<file>.json`).
        public var ignored = 0
    }

    let moto: MotoServer
    let queueURL: String
    let stateMachineARN: String
    private let counts = Mutex(Counts())

    /// Configures bucket notifications, the queue and the rule, for `imagesBucket`.
    public init(moto: MotoServer, imagesBucket: String, stateMachineARN: String) throws {
        self.moto = moto
        self.stateMachineARN = stateMachineARN
        try moto.enableEventBridgeNotifications(bucket: imagesBucket)
        let configuration = try moto.configuration()
        let sqs = JSONProtocolClient(service: .sqs, configuration: configuration)
        struct QueueURL: Decodable { var QueueUrl: String }
        struct Attributes: Decodable { var Attributes: [String: String] }
        let queueName = "study-events-\(imagesBucket)"
        queueURL = try sqs.call("CreateQueue", ["QueueName": queueName], as: QueueURL.self).QueueUrl
        struct AttributesRequest: Encodable {
            var QueueUrl: String
            var AttributeNames = ["QueueArn"]
        }
        let queueARN =
            try sqs.call("GetQueueAttributes", AttributesRequest(QueueUrl: queueURL), as: Attributes.self)
            .Attributes["QueueArn"] ?? ""

        let pattern: [String: Any] = [
            "source": ["aws.s3"], "detail-type": ["Object Created"],
            "detail": [
                "bucket": ["name": [imagesBucket]],
                "object": ["key": [["suffix": ".json"]]],
            ],
        ]
        let patternText = String(decoding: try JSONSerialization.data(withJSONObject: pattern), as: UTF8.self)
        let events = JSONProtocolClient(service: .eventBridge, configuration: configuration)
        let rule = "radstream-sidecar-\(imagesBucket)"
        _ = try events.call("PutRule", ["Name": rule, "EventPattern": patternText, "State": "ENABLED"], as: EmptyResponse.self)
        struct Target: Encodable {
            var Id: String
            var Arn: String
        }
        struct TargetsRequest: Encodable {
            var Rule: String
            var Targets: [Target]
        }
        _ = try events.call(
            "PutTargets", TargetsRequest(Rule: rule, Targets: [Target(Id: "study-queue", Arn: queueARN)]), as: EmptyResponse.self)
    }

    /// What the bridge has done so far.
    public var current: Counts { counts.withLock { $0 } }

    /// Receives the queued events once and starts an execution for each sidecar event.
    /// Returns how many messages it handled. Blocks the calling thread.
    @discardableResult
    public func pump() throws -> Int {
        let configuration = try moto.configuration()
        let sqs = JSONProtocolClient(service: .sqs, configuration: configuration)
        let stepFunctions = StepFunctionsClient(configuration: configuration)
        struct Receive: Encodable {
            var QueueUrl: String
            var MaxNumberOfMessages = 10
            var WaitTimeSeconds = 0
        }
        struct Message: Decodable {
            var ReceiptHandle: String
            var Body: String
        }
        struct Messages: Decodable { var Messages: [Message]? }
        let messages = try sqs.call("ReceiveMessage", Receive(QueueUrl: queueURL), as: Messages.self).Messages ?? []
        var handled: [Message] = []
        defer {
            // Deleted only once handled (a failed start leaves the message for the next pump),
            // ten at a time.
            if !handled.isEmpty {
                struct Entry: Encodable {
                    var Id: String
                    var ReceiptHandle: String
                }
                struct DeleteBatch: Encodable {
                    var QueueUrl: String
                    var Entries: [Entry]
                }
                let entries = handled.enumerated().map { Entry(Id: "m\($0.offset)", ReceiptHandle: $0.element.ReceiptHandle) }
                _ = try? sqs.call("DeleteMessageBatch", DeleteBatch(QueueUrl: queueURL, Entries: entries), as: EmptyResponse.self)
            }
        }
        for message in messages {
            switch StudyObjectEvent(eventBridgeBody: Array(message.Body.utf8)) {
            case .some(let event):
                do {
                    _ = try stepFunctions.startExecution(
                        stateMachineARN: stateMachineARN, name: event.executionName, input: event.executionInput)
                    counts.withLock { $0.started += 1 }
                } catch {
                    guard case .rejected(code: "ExecutionAlreadyExists", _, _) = error else { throw error }
                    counts.withLock { $0.duplicates += 1 }
                }
            case .none:
                counts.withLock { $0.ignored += 1 }
            }
            handled.append(message)
        }
        return messages.count
    }
}

/// A sidecar's `Object Created` event, as the state machine's start needs it.
struct StudyObjectEvent: Equatable {
    var bucket: String
    var sidecarKey: String
    var study: String

    /// `study-<study>`: one execution per study folder.
    var executionName: String { "study-\(study)" }

    /// The ValidateMetadata request the execution starts with.
    var executionInput: String {
        let document = ["bucket": bucket, "sidecarKey": sidecarKey]
        return String(decoding: (try? JSONSerialization.data(withJSONObject: document, options: .sortedKeys)) ?? Data(), as: UTF8.self)
    }

    /// Reads an EventBridge S3 event; `nil` unless it names `images/<study>/<file>.json` with
    /// a study usable in an execution name (letters, digits, `-`, `_`; at most 60 characters).
    init?(eventBridgeBody: [UInt8]) {
        guard let event = try? JSONSerialization.jsonObject(with: Data(eventBridgeBody)) as? [String: Any],
            let detail = event["detail"] as? [String: Any],
            let bucket = (detail["bucket"] as? [String: Any])?["name"] as? String,
            let key = (detail["object"] as? [String: Any])?["key"] as? String
        else { return nil }
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "images", parts[2].hasSuffix(".json"), (1...60).contains(parts[1].utf8.count),
            parts[1].utf8.allSatisfy({ $0 == 45 || $0 == 95 || (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) }
            )
        else { return nil }
        self.bucket = bucket
        sidecarKey = key
        study = String(parts[1])
    }
}

/// The Kinesis → Firehose link, bridged locally because moto's Firehose does not read a
/// Kinesis source: the bridge reads the telemetry stream and forwards every record to a
/// Firehose delivery stream (PutRecordBatch), which moto writes to the telemetry bucket under
/// its default `telemetry/YYYY/MM/DD/HH/` layout (the deployment template's Firehose writes
/// `telemetry/dt=YYYY-MM-DD/` for the Glue table's partition projection; moto ignores prefix
/// expressions, so the local lake keeps the default).
public final class TelemetryFirehoseBridge: Sendable {
    let moto: MotoServer
    let streamName: String
    let deliveryStream: String
    private let iterator: Mutex<String?>
    private let forwarded = Mutex(0)

    /// Creates the delivery stream into `bucket` and starts reading `streamName` from its oldest record.
    public init(moto: MotoServer, streamName: String, bucket: String) throws {
        self.moto = moto
        self.streamName = streamName
        deliveryStream = "telemetry-lake-\(streamName)"
        let configuration = try moto.configuration()
        struct Destination: Encodable {
            var RoleARN = "arn:aws:iam::123456789012:role/radstream-firehose"
            var BucketARN: String
            var Prefix = "telemetry/"
            var ErrorOutputPrefix = "telemetry-errors/"
        }
        struct CreateRequest: Encodable {
            var DeliveryStreamName: String
            var DeliveryStreamType = "DirectPut"
            var ExtendedS3DestinationConfiguration: Destination
        }
        _ = try JSONProtocolClient(service: .firehose, configuration: configuration).call(
            "CreateDeliveryStream",
            CreateRequest(
                DeliveryStreamName: deliveryStream, ExtendedS3DestinationConfiguration: Destination(BucketARN: "arn:aws:s3:::\(bucket)")),
            as: EmptyResponse.self)
        let kinesis = KinesisClient(configuration: configuration)
        iterator = Mutex(try kinesis.getShardIterator(streamName: streamName, shardID: "shardId-000000000000", type: .trimHorizon))
    }

    /// Records forwarded so far.
    public var forwardedRecords: Int { forwarded.withLock { $0 } }

    /// Forwards every record written since the last pump; returns how many. Blocks the
    /// calling thread. Each record becomes one newline-terminated JSON line in the lake.
    @discardableResult
    public func pump() throws -> Int {
        guard let current = iterator.withLock({ $0 }) else { return 0 }
        let configuration = try moto.configuration()
        let batch = try KinesisClient(configuration: configuration).getRecords(shardIterator: current, limit: 500)
        if !batch.records.isEmpty {
            struct Record: Encodable { var Data: Foundation.Data }
            struct BatchRequest: Encodable {
                var DeliveryStreamName: String
                var Records: [Record]
            }
            struct BatchResponse: Decodable { var FailedPutCount: Int }
            let records = batch.records.map { Record(Data: Foundation.Data($0.data + ($0.data.last == 10 ? [] : [10]))) }
            let answer = try JSONProtocolClient(service: .firehose, configuration: configuration).call(
                "PutRecordBatch", BatchRequest(DeliveryStreamName: deliveryStream, Records: records), as: BatchResponse.self)
            guard answer.FailedPutCount == 0 else {
                throw LocalServiceError("Firehose refused \(answer.FailedPutCount) of \(records.count) telemetry records")
            }
            forwarded.withLock { $0 += records.count }
        }
        iterator.withLock { $0 = batch.nextShardIterator }
        return batch.records.count
    }
}
