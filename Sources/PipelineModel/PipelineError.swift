import AWSClients
import LambdaRuntime
import StudyMetadata

/// Failures of a stage's own request handling, with the `errorType` Step Functions sees.
/// See docs/error-types.md for the table of every error type and whether it is retried.
public enum PipelineError: LambdaFunctionError, Equatable {
    /// The request names a bucket outside the function's allow-list (a confused-deputy attempt).
    case bucketNotAllowed(String)
    /// The request is well-formed JSON but not a valid request for this stage.
    case invalidRequest(String)
    /// An environment variable holds a value the function cannot use (reported at init).
    case invalidConfiguration(variable: String, problem: String)
    /// Data read back does not match its reference (size or SHA-256): never feed it on.
    case integrityCheckFailed(String)
    /// The sidecar was replaced after this execution's upload: the newer revision is another
    /// submission with its own execution (named here when the bucket is versioned), so this
    /// one stops instead of processing content it was not started for.
    case supersededRevision(newerExecution: String?)

    public var errorType: String {
        switch self {
        case .bucketNotAllowed: "BucketNotAllowed"
        case .invalidRequest: "InvalidRequest"
        case .invalidConfiguration: "InvalidConfiguration"
        case .integrityCheckFailed: "IntegrityCheckFailed"
        case .supersededRevision: "SupersededRevision"
        }
    }

    public var description: String {
        switch self {
        case .bucketNotAllowed(let bucket): "bucket \(bucket) is not in this function's allow-list"
        case .invalidRequest(let problem): "invalid request: \(problem)"
        case .invalidConfiguration(let variable, let problem): "\(variable): \(problem)"
        case .integrityCheckFailed(let problem): "integrity check failed: \(problem)"
        case .supersededRevision(let newer?): "the sidecar was replaced by a newer upload; its execution is \(newer)"
        case .supersededRevision(nil): "the sidecar was replaced by a newer upload (a new ETag)"
        }
    }
}

extension MetadataError: LambdaFunctionError {}
extension S3Error: LambdaFunctionError {}
extension KinesisError: LambdaFunctionError {}
extension AWSConfigurationError: LambdaFunctionError {}
