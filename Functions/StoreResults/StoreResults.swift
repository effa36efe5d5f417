import AWSClients
import LambdaRuntime
import PipelineModel
import StudyMetadata

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Stage 4: stores the execution's one result, or its failure record, in the results bucket
/// under `results/<studyInstanceUID>/<executionName>.json`, write-once and encrypted.
///
/// Idempotent: the key depends only on the study and the execution, and the write is
/// `If-None-Match: *`, so a retried or duplicated execution finds the first document and
/// returns it (`created: false`) instead of writing a second, different one.
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

    init(environment: (String) -> String?) throws {
        let settings = FunctionSettings(lookup: environment, names: ["RESULTS_BUCKET", "RESULTS_PREFIX", "RESULTS_KMS_KEY_ID"])
        guard let bucket = settings.string("RESULTS_BUCKET") else {
            throw PipelineError.invalidConfiguration(variable: "RESULTS_BUCKET", problem: "is required")
        }
        self.bucket = bucket
        prefix = settings.string("RESULTS_PREFIX") ?? "results/"
        encryption = settings.string("RESULTS_KMS_KEY_ID").map { .kms(keyID: $0) } ?? .s3Managed
        s3 = S3Client(configuration: try AWSConfiguration.fromEnvironment(environment))
    }

    func handle(_ request: StoreResultsRequest, context: LambdaContext) throws -> StoredResult {
        guard ExecutionName.isValid(request.executionName) else {
            throw PipelineError.invalidRequest("executionName must be 1–80 of A–Z a–z 0–9 - _")
        }
        let study = request.state.study?.metadata.studyInstanceUID ?? "unvalidated"
        let key = "\(prefix)\(study)/\(request.executionName).json"
        let document = Array(try encoder.encode(ResultDocument(request: request)))
        let deadline = Deadline.after(context.remainingTime - .milliseconds(500))
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
            // An earlier attempt of this execution stored its document: that one stays the result.
            guard case .preconditionFailed = error else { throw error }
            created = false
        }
        let size = created ? document.count : try s3.headObject(bucket: bucket, key: key, deadline: deadline).contentLength ?? 0
        context.logger.info(
            created ? "stored" : "already stored by an earlier attempt; kept it",
            metadata: ["outcome": "\(request.state.error == nil ? "result" : "failure")"])
        return StoredResult(bucket: bucket, key: key, created: created, sizeBytes: size, elapsedMilliseconds: context.elapsedMilliseconds)
    }
}

/// What is stored: the execution, its outcome, and the state (a failure record when caught).
struct ResultDocument: Encodable {
    var schemaVersion = 1
    var executionName: String
    var outcome: String
    var errorType: String?
    var failedStage: String?
    var state: PipelineState

    init(request: StoreResultsRequest) {
        executionName = request.executionName
        outcome = request.state.error == nil ? "succeeded" : "failed"
        errorType = request.state.error?.error
        failedStage = request.state.failedStage
        state = request.state
    }
}
