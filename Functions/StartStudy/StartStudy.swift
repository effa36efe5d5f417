import AWSClients
import LambdaRuntime
import PipelineModel

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The starter: reads the images bucket's sidecar events from SQS (EventBridge rule → queue →
/// this function's event source mapping) and starts one state-machine execution per study
/// submission, named after the upload (``StudySubmission/executionName``: a digest of the
/// sidecar's version id, or the event's sequencer), so a duplicated delivery names the same
/// execution, a re-upload names a new one, and no name carries the uploader's folder name. The
/// record's key derives from the submission too, so even an execution started twice for one
/// submission (Express workflows do not deduplicate names) ends in one record.
///
/// Partial batch failure: a record whose execution could not be started for a transient reason
/// (throttling, 5xx, no connection) is returned in `batchItemFailures`, so SQS redelivers only
/// that one (the event source mapping needs `ReportBatchItemFailures`); after the queue's
/// `maxReceiveCount` it lands in the dead-letter queue. A record that can never start (not a
/// sidecar event, a bucket outside the allow-list, a refused start) is logged by type and
/// dropped; a duplicate is success: Step Functions answers a start of a still-running execution
/// with the same name and input with that execution, and refuses one that has ended with
/// `ExecutionAlreadyExists` (logged as `duplicate`).
///
/// Configuration: `STATE_MACHINE_ARN` (required), `IMAGES_BUCKETS` (required allow-list).
struct StartStudy: LambdaHandler {
    let stateMachineARN: String
    let allowedBuckets: BucketAllowList
    let stepFunctions: StepFunctionsClient
    let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    init(environment: (String) -> String?) throws {
        let settings = FunctionSettings(lookup: environment, names: ["STATE_MACHINE_ARN", "IMAGES_BUCKETS"])
        guard let arn = settings.string("STATE_MACHINE_ARN"), arn.hasPrefix("arn:"), arn.contains(":stateMachine:") else {
            throw PipelineError.invalidConfiguration(variable: "STATE_MACHINE_ARN", problem: "must be a state machine ARN")
        }
        stateMachineARN = arn
        allowedBuckets = try BucketAllowList(settings, variable: "IMAGES_BUCKETS")
        stepFunctions = StepFunctionsClient(configuration: try AWSConfiguration.fromEnvironment(environment))
    }

    /// An SQS event: the messages of one batch.
    struct QueueEvent: Decodable {
        struct Record: Decodable {
            var messageId: String
            var body: String
        }
        var records: [Record]

        enum CodingKeys: String, CodingKey { case records = "Records" }
    }

    /// The partial batch response (`ReportBatchItemFailures`).
    struct BatchResponse: Encodable, Equatable {
        struct Failure: Encodable, Equatable { var itemIdentifier: String }
        var batchItemFailures: [Failure]
    }

    func handle(_ event: QueueEvent, context: LambdaContext) throws -> BatchResponse {
        var failures: [BatchResponse.Failure] = []
        var counts: [String: Int] = [:]
        for record in event.records {
            let outcome = start(record, remaining: context.remainingTime)
            counts[outcome.name, default: 0] += 1
            if outcome == .retryLater { failures.append(.init(itemIdentifier: record.messageId)) }
        }
        // Counts only: study folder names are chosen by uploaders and may carry identifiers.
        context.logger.info(
            "batch handled", metadata: counts.mapValues { "\($0)" }.reduce(into: [:]) { $0[$1.key] = .string($1.value) })
        return BatchResponse(batchItemFailures: failures)
    }

    enum Outcome: Equatable {
        case started, duplicate, notASubmission, bucketNotAllowed, refused(String), retryLater

        var name: String {
            switch self {
            case .started: "started"
            case .duplicate: "duplicate"
            case .notASubmission: "notASubmission"
            case .bucketNotAllowed: "bucketNotAllowed"
            case .refused(let code): "refused.\(code)"
            case .retryLater: "retryLater"
            }
        }
    }

    func start(_ record: QueueEvent.Record, remaining: Duration) -> Outcome {
        guard let submission = StudySubmission(eventBridgeEvent: Array(record.body.utf8)) else { return .notASubmission }
        do {
            try allowedBuckets.check(submission.bucket)
        } catch {
            return .bucketNotAllowed
        }
        guard let input = try? String(decoding: encoder.encode(submission.executionInput), as: UTF8.self) else {
            return .notASubmission
        }
        do {
            _ = try stepFunctions.startExecution(
                stateMachineARN: stateMachineARN, name: submission.executionName, input: input,
                deadline: .after(remaining - .milliseconds(500)))
            return .started
        } catch {
            if case .rejected(code: "ExecutionAlreadyExists", _, _) = error { return .duplicate }
            if error.isRetryable { return .retryLater }
            if case .rejected(let code, _, _) = error { return .refused(code) }
            return .retryLater
        }
    }
}
