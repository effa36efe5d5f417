import AWSClients
import LambdaRuntime
import PipelineModel
import StudyMetadata

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Stage 4: stores the submission's one record — its result, or its failure record — in the
/// results bucket under ``RecordKey`` (`results/<submission id>.json`), write-once and encrypted.
///
/// Write-once (`If-None-Match: *`) makes every attempt safe: a retried attempt whose first PUT
/// landed unseen, a failure record attempted after a result landed, and a second execution of
/// the same submission all find the first record, read it, and return it (`created: false`)
/// with its outcome, so the state machine ends the execution as the bucket says and telemetry
/// reports what the bucket holds.
///
/// Configuration: `RESULTS_BUCKET` (required), `RESULTS_PREFIX` (default `results/`),
/// `RESULTS_KMS_KEY_ID` (SSE-KMS with this key; default SSE-S3 AES256).
struct StoreResults: LambdaHandler {
    let bucket: String
    let prefix: String
    let encryption: ServerSideEncryption
    let s3: S3Client
    let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The largest record read back: records are a few KiB.
    static let maximumRecordBytes = 1 << 20

    init(environment: (String) -> String?) throws {
        let settings = FunctionSettings(lookup: environment, names: ["RESULTS_BUCKET", "RESULTS_PREFIX", "RESULTS_KMS_KEY_ID"])
        guard let bucket = try settings.bucketName("RESULTS_BUCKET") else {
            throw PipelineError.invalidConfiguration(variable: "RESULTS_BUCKET", problem: "is required")
        }
        self.bucket = bucket
        prefix = try settings.keyPrefix("RESULTS_PREFIX", default: "results/")
        encryption = try settings.kmsKeyID("RESULTS_KMS_KEY_ID").map { .kms(keyID: $0) } ?? .s3Managed
        s3 = S3Client(configuration: try AWSConfiguration.fromEnvironment(environment))
    }

    func handle(_ request: StoreResultsRequest, context: LambdaContext) throws -> StoredResult {
        guard ExecutionName.isValid(request.executionName) else {
            throw PipelineError.invalidRequest("executionName is not one Step Functions accepts")
        }
        let key = RecordKey.key(prefix: prefix, state: request.state, executionName: request.executionName)
        let record = StudyRecord(executionName: request.executionName, state: request.state)
        let document = Array(try encoder.encode(record))
        let deadline = Deadline.after(context.remainingTime - .milliseconds(500))
        var stored = record
        var size = document.count
        let created: Bool
        do {
            try s3.putObject(
                bucket: bucket,
                key: key,
                body: document,
                options: PutObjectOptions(contentType: "application/json", serverSideEncryption: encryption, writeOnce: true),
                deadline: deadline
            )
            created = true
        } catch {
            // The submission already has its record (an earlier attempt of this execution, or
            // another execution of the same submission, wrote it): that one stays, and it is
            // what this execution reports.
            guard case .preconditionFailed = error else { throw error }
            let existing = try s3.getObject(bucket: bucket, key: key, maximumBytes: Self.maximumRecordBytes, deadline: deadline)
            guard let decoded = try? JSONDecoder().decode(StudyRecord.self, from: Data(existing.body)) else {
                throw PipelineError.integrityCheckFailed("the stored record is not a record document")
            }
            stored = decoded
            size = existing.body.count
            created = false
        }
        context.logger.info(
            created ? "stored" : "kept the record already stored",
            metadata: ["outcome": "\(stored.outcome)", "attempted": "\(record.outcome)"])
        var reported = stored.state
        reported.stored = StageSummary(elapsedMilliseconds: context.elapsedMilliseconds, sizeBytes: size)
        return StoredResult(
            bucket: bucket, key: key, created: created, sizeBytes: size, elapsedMilliseconds: context.elapsedMilliseconds,
            outcome: stored.outcome, record: reported)
    }
}
