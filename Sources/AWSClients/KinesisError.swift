import CurlHTTP

/// One record PutRecords could not write, after retries.
public struct FailedRecord: Sendable, Equatable {
    /// The record's index in the caller's array.
    public var index: Int
    /// Kinesis's `ErrorCode`, e.g. `ProvisionedThroughputExceededException` or `InternalFailure`.
    public var errorCode: String
    /// Kinesis's `ErrorMessage`.
    public var errorMessage: String

    /// Creates a failure.
    public init(index: Int, errorCode: String, errorMessage: String) {
        self.index = index
        self.errorCode = errorCode
        self.errorMessage = errorMessage
    }

    /// Throttling and internal failures may succeed when sent again.
    public var isRetryable: Bool {
        KinesisError.retryableCodes.contains(errorCode)
    }
}

/// A limit Kinesis enforces, checked before a request is sent.
public enum KinesisLimitViolation: Sendable, Equatable {
    /// PutRecords takes 1 to 500 records.
    case recordCount(Int)
    /// One call carries at most 5 MiB of data plus partition keys.
    case requestBytes(Int)
    /// One record's data plus partition key exceeds 1 MiB.
    case recordBytes(index: Int, bytes: Int)
    /// A partition key must be 1 to 256 Unicode characters.
    case partitionKeyLength(index: Int, length: Int)
}

/// Why a Kinesis call failed. Every case has a stable ``errorType`` (documented in
/// docs/aws-clients.md) and says whether retrying may help; a retryable and a permanent failure
/// never share an `errorType`, so the state machine's `Retry` lists can name only transient ones.
public indirect enum KinesisError: RetryableError, Equatable {
    /// `ResourceNotFoundException`: no such stream (or shard).
    case resourceNotFound(message: String)
    /// `ProvisionedThroughputExceededException`: the shard's write or read rate is exceeded.
    case provisionedThroughputExceeded(message: String)
    /// `LimitExceededException`: too many control-plane calls or open iterators.
    case limitExceeded(message: String)
    /// `AccessDeniedException` (or a 403): the credentials lack permission.
    case accessDenied(message: String)
    /// `ExpiredIteratorException`: the shard iterator is older than 5 minutes.
    case expiredIterator(message: String)
    /// A request broke a limit and was not sent.
    case limitViolation(KinesisLimitViolation)
    /// PutRecords still had failed records when retries ended: `Kinesis.PartialFailure` when
    /// every failed record's code is transient (throttling, `InternalFailure`),
    /// `Kinesis.RecordsRejected` when any is not (e.g. `KMSDisabledException`), since sending
    /// them again fails the same way.
    case partialFailure(failed: [FailedRecord], total: Int)
    /// Any other error response: its `__type` (without namespace), status and message.
    /// `Kinesis.ServiceError` when retrying may help (5xx, 429, throttling codes);
    /// `Kinesis.RequestRejected` otherwise (`ValidationException`, `KMSDisabledException`, …).
    case other(code: String, status: Int, message: String)
    /// The response was not the JSON the operation returns.
    case invalidResponse(String)
    /// No response: connection refused, reset, timed out (`Kinesis.ConnectionError`), or a
    /// failure that fails the same way again: TLS verification, a malformed URL
    /// (`Kinesis.ConnectionMisconfigured`).
    case connection(HTTPClientError)
    /// The deadline left no time for a (further) attempt.
    case deadlineExceeded(attempts: Int, lastError: KinesisError?)
    /// The request could not be built or encoded.
    case invalidRequest(String)
    /// The credentials to sign with could not be had (``ContainerCredentialsError``).
    case credentialsUnavailable(ContainerCredentialsError)

    static let retryableCodes: Set<String> = [
        "ProvisionedThroughputExceededException", "LimitExceededException", "InternalFailure",
        "ServiceUnavailable", "ThrottlingException", "KMSThrottlingException",
    ]

    /// The stable name Step Functions matches on.
    public var errorType: String {
        switch self {
        case .resourceNotFound: "Kinesis.ResourceNotFound"
        case .provisionedThroughputExceeded: "Kinesis.ProvisionedThroughputExceeded"
        case .limitExceeded: "Kinesis.LimitExceeded"
        case .accessDenied: "Kinesis.AccessDenied"
        case .expiredIterator: "Kinesis.ExpiredIterator"
        case .limitViolation: "Kinesis.LimitViolation"
        case .partialFailure: isRetryable ? "Kinesis.PartialFailure" : "Kinesis.RecordsRejected"
        case .other: isRetryable ? "Kinesis.ServiceError" : "Kinesis.RequestRejected"
        case .invalidResponse: "Kinesis.InvalidResponse"
        case .connection(let error): error.isTransient ? "Kinesis.ConnectionError" : "Kinesis.ConnectionMisconfigured"
        case .deadlineExceeded: "Kinesis.DeadlineExceeded"
        case .invalidRequest: "Kinesis.InvalidRequest"
        case .credentialsUnavailable(let error): error.errorType
        }
    }

    /// Throttling, 5xx, 429, transient connection failures, and partial failures whose every
    /// failed record has a retryable code.
    public var isRetryable: Bool {
        switch self {
        case .provisionedThroughputExceeded, .limitExceeded, .deadlineExceeded: true
        case .partialFailure(let failed, _): failed.allSatisfy(\.isRetryable)
        case .connection(let error): error.isTransient
        case .credentialsUnavailable(let error): error.isRetryable
        case .other(let code, let status, _): status >= 500 || status == 429 || Self.retryableCodes.contains(code)
        case .resourceNotFound, .accessDenied, .expiredIterator, .limitViolation, .invalidResponse, .invalidRequest:
            false
        }
    }

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .resourceNotFound(let message): "Kinesis resource not found: \(message)"
        case .provisionedThroughputExceeded(let message): "Kinesis throughput exceeded: \(message)"
        case .limitExceeded(let message): "Kinesis limit exceeded: \(message)"
        case .accessDenied(let message): "Kinesis access denied: \(message)"
        case .expiredIterator(let message): "Kinesis shard iterator expired: \(message)"
        case .limitViolation(let violation):
            switch violation {
            case .recordCount(let count): "PutRecords takes 1 to 500 records, got \(count)"
            case .requestBytes(let bytes): "PutRecords carries at most 5 MiB, got \(bytes) bytes"
            case .recordBytes(let index, let bytes): "record \(index) is \(bytes) bytes; the limit is 1 MiB"
            case .partitionKeyLength(let index, let length): "record \(index) has a partition key of \(length) characters; 1 to 256 allowed"
            }
        case .partialFailure(let failed, let total):
            "\(failed.count) of \(total) records failed" + (failed.first.map { ", first: \($0.errorCode)" } ?? "")
        case .other(let code, let status, let message): "Kinesis error \(code.isEmpty ? "-" : code) (HTTP \(status)): \(message)"
        case .invalidResponse(let detail): "unexpected Kinesis response: \(detail)"
        case .connection(let error): "Kinesis unreachable: \(error)"
        case .deadlineExceeded(let attempts, let lastError):
            "deadline reached after \(attempts) attempt(s)" + (lastError.map { "; last error: \($0)" } ?? "")
        case .invalidRequest(let detail): "invalid request: \(detail)"
        case .credentialsUnavailable(let error): "no credentials to sign with: \(error)"
        }
    }
}
