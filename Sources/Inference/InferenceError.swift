import CurlHTTP
import Retrying

/// Why an inference call failed. Every case has a stable ``errorType`` (documented in
/// docs/inference.md) that the RunInference function reports to Step Functions, and says whether
/// retrying may help.
public indirect enum InferenceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not take the request now: connection refused, reset or timed out, or
    /// HTTP 503 / 429 / 408 / 502 / 504, or a 500 that is still within
    /// ``InferenceConfiguration/serverErrorRetries``. `status` is `nil` when no response arrived.
    case unavailable(status: Int?, detail: String)
    /// The model (or that version) is known but not loaded: readiness said no, or the server
    /// answered an inference with "not ready".
    case modelNotReady(model: String, version: String?)
    /// The server does not know the model (404, or "unknown model").
    case modelNotFound(model: String, version: String?)
    /// The server refused the request as invalid (400): wrong input name, shape or datatype.
    /// `message` is Triton's `error` text.
    case rejected(status: Int, message: String)
    /// 401 or 403: the authorization header is missing or wrong.
    case unauthorized(status: Int, message: String)
    /// Any other HTTP error status: a 500 after ``InferenceConfiguration/serverErrorRetries``
    /// retries of it (a model that keeps failing), 501, …
    case serverError(status: Int, message: String)
    /// The response broke the protocol; nothing in it can be trusted.
    case invalidResponse(InvalidResponse)
    /// The request was refused before sending: an input's bytes do not match its shape and
    /// datatype, or a name is empty.
    case invalidInput(String)
    /// The connection failed in a way retrying cannot fix (TLS, malformed URL, response over
    /// the size limit).
    case connectionFailed(HTTPClientError)
    /// The deadline left no time for a first or further attempt.
    case deadlineExceeded(attempts: Int, lastError: InferenceError?)
    /// The configuration (environment) is unusable.
    case invalidConfiguration(String)

    /// The stable name Step Functions matches on.
    public var errorType: String {
        switch self {
        case .unavailable: "Inference.Unavailable"
        case .modelNotReady: "Inference.ModelNotReady"
        case .modelNotFound: "Inference.ModelNotFound"
        case .rejected: "Inference.Rejected"
        case .unauthorized: "Inference.Unauthorized"
        case .serverError: "Inference.ServerError"
        case .invalidResponse: "Inference.InvalidResponse"
        case .invalidInput: "Inference.InvalidInput"
        case .connectionFailed: "Inference.ConnectionError"
        case .deadlineExceeded: "Inference.DeadlineExceeded"
        case .invalidConfiguration: "Inference.InvalidConfiguration"
        }
    }

    /// Unavailable servers and models still loading may recover; a deadline exceeded is
    /// retryable by a caller with fresh time (a new invocation). Everything else is final.
    public var isRetryable: Bool {
        switch self {
        case .unavailable, .modelNotReady, .deadlineExceeded: true
        case .modelNotFound, .rejected, .unauthorized, .serverError, .invalidResponse, .invalidInput, .connectionFailed,
            .invalidConfiguration:
            false
        }
    }

    /// A one-line explanation; never contains tensor data or credentials.
    public var description: String {
        switch self {
        case .unavailable(let status?, let detail): "inference server unavailable (HTTP \(status)): \(detail)"
        case .unavailable(nil, let detail): "inference server unavailable: \(detail)"
        case .modelNotReady(let model, let version): "model \(Self.name(model, version)) is not ready"
        case .modelNotFound(let model, let version): "model \(Self.name(model, version)) is unknown to the server"
        case .rejected(let status, let message): "request rejected (HTTP \(status)): \(message)"
        case .unauthorized(let status, let message): "not authorized (HTTP \(status)): \(message)"
        case .serverError(let status, let message): "server error (HTTP \(status)): \(message)"
        case .invalidResponse(let problem): "invalid inference response: \(problem)"
        case .invalidInput(let reason): "invalid input: \(reason)"
        case .connectionFailed(let error): "connection failed: \(error)"
        case .deadlineExceeded(let attempts, let lastError?):
            "deadline exceeded after \(attempts) attempt(s); last error: \(lastError)"
        case .deadlineExceeded(let attempts, nil): "deadline exceeded after \(attempts) attempt(s)"
        case .invalidConfiguration(let reason): "invalid inference configuration: \(reason)"
        }
    }

    private static func name(_ model: String, _ version: String?) -> String {
        version.map { "\(model) version \($0)" } ?? model
    }
}

/// How a response broke the KServe v2 protocol or Triton's binary tensor extension.
public enum InvalidResponse: Sendable, Equatable, CustomStringConvertible {
    /// The JSON header could not be decoded; `detail` names the problem, never the data.
    case malformedHeader(detail: String)
    /// `Inference-Header-Content-Length` is not a number or points past the body.
    case headerLengthOutOfRange(declared: String, bodyBytes: Int)
    /// An output's datatype is not one of the protocol's (`FP32`, `INT64`, …).
    case unknownDatatype(output: String, datatype: String)
    /// The model metadata announced another datatype for this output.
    case datatypeMismatch(output: String, expected: TensorDataType, received: TensorDataType)
    /// A dimension is negative, or the element count overflows.
    case invalidShape(output: String, shape: [Int])
    /// `binary_data_size` differs from shape × datatype size.
    case binarySizeMismatch(output: String, shape: [Int], datatype: TensorDataType, declaredBytes: Int)
    /// The binary section ends before this output's bytes do.
    case truncatedBinaryData(output: String, neededBytes: Int, availableBytes: Int)
    /// Bytes remain after the last output's binary section.
    case trailingBytes(count: Int)
    /// A JSON `data` array holds a different number of elements than the shape says, or values
    /// of the wrong kind.
    case dataCountMismatch(output: String, expected: Int, received: Int)
    /// An output carries neither `binary_data_size` nor `data`.
    case missingData(output: String)
    /// The server returned an output the request did not ask for and the model does not have.
    case unknownOutput(String)
    /// A requested output is absent from the response.
    case missingOutput(String)
    /// Two outputs share one name.
    case duplicateOutput(String)
    /// A score is NaN or infinite: the model failed, and ranking or softmax would be meaningless.
    case nonFiniteOutput(String)

    public var description: String {
        switch self {
        case .malformedHeader(let detail): "malformed JSON header: \(detail)"
        case .headerLengthOutOfRange(let declared, let bodyBytes):
            "Inference-Header-Content-Length \(declared) does not fit a body of \(bodyBytes) bytes"
        case .unknownDatatype(let output, let datatype): "output \(output) has unknown datatype \(datatype)"
        case .datatypeMismatch(let output, let expected, let received):
            "output \(output) is \(received.rawValue), the model metadata says \(expected.rawValue)"
        case .invalidShape(let output, let shape): "output \(output) has invalid shape \(shape)"
        case .binarySizeMismatch(let output, let shape, let datatype, let declaredBytes):
            "output \(output): binary_data_size \(declaredBytes) does not match shape \(shape) of \(datatype.rawValue)"
        case .truncatedBinaryData(let output, let neededBytes, let availableBytes):
            "output \(output) needs \(neededBytes) bytes but only \(availableBytes) remain"
        case .trailingBytes(let count): "\(count) bytes after the last binary output"
        case .dataCountMismatch(let output, let expected, let received):
            "output \(output) has \(received) data values, its shape needs \(expected)"
        case .missingData(let output): "output \(output) has neither binary data nor data"
        case .unknownOutput(let name): "unexpected output \(name)"
        case .missingOutput(let name): "requested output \(name) is missing"
        case .duplicateOutput(let name): "output \(name) appears twice"
        case .nonFiniteOutput(let name): "output \(name) holds a NaN or infinite score"
        }
    }
}

extension InferenceError: RetryableFailure {}

extension InferenceError {
    /// Whether an answer disagrees with the model metadata it was checked against (an output's
    /// datatype, fixed dimensions or name): what stale metadata looks like after a model update.
    var contradictsMetadata: Bool {
        switch self {
        case .invalidResponse(.datatypeMismatch), .invalidResponse(.invalidShape), .invalidResponse(.unknownOutput): true
        default: false
        }
    }
}
