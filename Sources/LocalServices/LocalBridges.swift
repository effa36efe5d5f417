import AWSClients
import CurlHTTP
import Foundation
import LambdaEmulator
import Synchronization

/// The SQS → StartStudy link: Lambda's event source mapping, which moto cannot run (its Lambda
/// needs Docker).
///
/// Everything else is stock moto, configured as deploy/template.yaml does: the images bucket
/// sends its events to EventBridge, and a rule matching `Object Created` for sidecars and DICOM
/// objects (`images/<study>/<file>.json`, `.dcm`; suffixes, as moto's rules do not take the
/// template's wildcards) targets an SQS queue. The bridge receives up to ten messages
/// at a time, invokes the StartStudy function (through the emulator) with them as an SQS event,
/// and deletes every message except those StartStudy reports in `batchItemFailures`, which SQS
/// delivers again after the visibility timeout — what `ReportBatchItemFailures` does in AWS.
public final class StudyEventBridge: Sendable {
    /// What the bridge has done so far.
    public struct Counts: Sendable, Equatable {
        /// Messages handed to StartStudy.
        public var delivered = 0
        /// Messages StartStudy asked to have delivered again.
        public var redelivered = 0
    }

    let moto: MotoServer
    let emulator: LambdaEmulator
    let queueURL: String
    private let counts = Mutex(Counts())

    /// Configures bucket notifications, the queue and the rule for `imagesBucket`; messages go
    /// to the emulator's `StartStudy` function.
    public init(moto: MotoServer, imagesBucket: String, emulator: LambdaEmulator) throws {
        self.moto = moto
        self.emulator = emulator
        try moto.enableEventBridgeNotifications(bucket: imagesBucket)
        let configuration = try moto.configuration()
        let sqs = JSONProtocolClient(service: .sqs, configuration: configuration)
        struct QueueURL: Decodable { var QueueUrl: String }
        struct Attributes: Decodable { var Attributes: [String: String] }
        struct CreateQueue: Encodable {
            var QueueName: String
            var Attributes = ["VisibilityTimeout": "5"]
        }
        queueURL = try sqs.call("CreateQueue", CreateQueue(QueueName: "study-events-\(imagesBucket)"), as: QueueURL.self).QueueUrl
        struct AttributesRequest: Encodable {
            var QueueUrl: String
            var AttributeNames = ["QueueArn"]
        }
        let queueARN =
            try sqs.call("GetQueueAttributes", AttributesRequest(QueueUrl: queueURL), as: Attributes.self)
            .Attributes["QueueArn"] ?? ""

        let pattern: [String: Any] = [
            "source": ["aws.s3"], "detail-type": ["Object Created"],
            "detail": ["bucket": ["name": [imagesBucket]], "object": ["key": [["suffix": ".json"], ["suffix": ".dcm"]]]],
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

    /// Receives up to ten queued events, hands them to StartStudy, and deletes the handled
    /// ones. Returns how many messages it received.
    @discardableResult
    public func pump() async throws -> Int {
        let moto = self.moto
        let queueURL = self.queueURL
        struct Message: Decodable {
            var MessageId: String
            var ReceiptHandle: String
            var Body: String
        }
        let messages = try await BlockingIO.run { () throws -> [Message] in
            struct Receive: Encodable {
                var QueueUrl: String
                var MaxNumberOfMessages = 10
                var WaitTimeSeconds = 0
            }
            struct Messages: Decodable { var Messages: [Message]? }
            return try JSONProtocolClient(service: .sqs, configuration: try moto.configuration())
                .call("ReceiveMessage", Receive(QueueUrl: queueURL), as: Messages.self).Messages ?? []
        }
        guard !messages.isEmpty else { return 0 }
        // The SQS event Lambda's event source mapping delivers.
        let records: [[String: Any]] = messages.map {
            [
                "messageId": $0.MessageId, "receiptHandle": $0.ReceiptHandle, "body": $0.Body, "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:study-events", "awsRegion": "us-east-1",
                "attributes": [:] as [String: String], "messageAttributes": [:] as [String: String],
            ]
        }
        let payload = Array(try JSONSerialization.data(withJSONObject: ["Records": records]))
        let result = try await emulator.invoke(LocalPipeline.starterFunctionName, payload: payload)
        var retry: Set<String> = Set(messages.map(\.MessageId))  // an invocation error: SQS redelivers the whole batch
        if !result.isError, let answer = try? JSONSerialization.jsonObject(with: Data(result.payload)) as? [String: Any] {
            let failures = (answer["batchItemFailures"] as? [[String: Any]]) ?? []
            retry = Set(failures.compactMap { $0["itemIdentifier"] as? String })
        }
        let handled = messages.filter { !retry.contains($0.MessageId) }
        counts.withLock {
            $0.delivered += messages.count
            $0.redelivered += retry.count
        }
        guard !handled.isEmpty else { return messages.count }
        try await BlockingIO.run {
            struct Entry: Encodable {
                var Id: String
                var ReceiptHandle: String
            }
            struct DeleteBatch: Encodable {
                var QueueUrl: String
                var Entries: [Entry]
            }
            let entries = handled.enumerated().map { Entry(Id: "m\($0.offset)", ReceiptHandle: $0.element.ReceiptHandle) }
            _ = try JSONProtocolClient(service: .sqs, configuration: try moto.configuration())
                .call("DeleteMessageBatch", DeleteBatch(QueueUrl: queueURL, Entries: entries), as: EmptyResponse.self)
        }
        return messages.count
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
