import AWSSigV4
import CurlHTTP
import Retrying

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Control-plane calls to a service spoken in AWS's JSON protocol (Step Functions, EventBridge,
/// SQS, Firehose): `POST /` with `X-Amz-Target: <prefix>.<Operation>` and a JSON body.
///
/// StartStudy uses it (through ``StepFunctionsClient``) and so do the local pipeline runner and
/// its tests; the data-plane clients, ``S3Client`` and ``KinesisClient``, have typed operations
/// and limits of their own.
public struct JSONProtocolClient {
    let transport: SignedTransport
    let retryPolicy: RetryPolicy
    let service: AWSService
    let targetPrefix: String
    let contentType: String

    /// Creates a client for `service`, which must speak the JSON protocol (not S3).
    public init(
        service: AWSService, configuration: AWSConfiguration, httpClient: CurlHTTPClient = CurlHTTPClient(),
        retryPolicy: RetryPolicy = .standard, requestTimeout: Duration = .seconds(30), stallTimeout: Duration = .seconds(5)
    ) {
        // S3 has no JSON protocol; callers pass a constant, so this is a programming error.
        guard let wire = service.jsonProtocol else { preconditionFailure("\(service) does not speak the AWS JSON protocol") }
        self.service = service
        self.retryPolicy = retryPolicy
        targetPrefix = wire.targetPrefix
        contentType = wire.contentType
        transport = SignedTransport(
            configuration: configuration, service: service, options: .standard, http: httpClient, requestTimeout: requestTimeout,
            stallTimeout: stallTimeout)
    }

    /// Calls `operation` with `request` encoded as JSON and decodes the answer. Throttling and
    /// server errors are retried by the retry policy before they are thrown.
    public func call<Request: Encodable, Response: Decodable>(
        _ operation: String, _ request: Request, as response: Response.Type = Response.self, deadline: Deadline? = nil
    ) throws(JSONProtocolError) -> Response {
        let body: [UInt8]
        do {
            body = Array(try JSONEncoder().encode(request))
        } catch {
            throw .invalidRequest("\(operation): \(error)")
        }
        let answer = try retryPolicy.run(deadline: deadline) { (_, timeLeft) throws(JSONProtocolError) -> HTTPResponse in
            let answer: HTTPResponse
            do throws(SignedTransport.Failure) {
                answer = try post(operation, body: body, timeLeft: timeLeft, maximumResponseBytes: 8 << 20)
            } catch {
                switch error {
                case .signing(let error): throw .invalidRequest(error.description)
                case .http(let error): throw .connection(error)
                case .credentials(let error): throw .credentialsUnavailable(error)
                }
            }
            guard (200..<300).contains(answer.status) else { throw JSONProtocolError(response: answer) }
            return answer
        }
        do {
            // Some operations answer with an empty body instead of `{}`.
            return try JSONDecoder().decode(Response.self, from: answer.body.isEmpty ? Data("{}".utf8) : Data(answer.body))
        } catch {
            throw .invalidResponse("\(operation): \(error)")
        }
    }

    /// One attempt of `operation`: `POST /` with the service's `X-Amz-Target` and content type,
    /// signed; the answer whatever its status. The one wire path of every JSON-protocol client
    /// (``KinesisClient`` maps its answers to its own typed errors). `freshConnection`: see
    /// ``SignedTransport/send(_:host:path:query:headers:body:timeLeft:maximumResponseBytes:freshConnection:)``.
    func post(
        _ operation: String, body: [UInt8], timeLeft: Duration?, maximumResponseBytes: Int, freshConnection: Bool = false
    ) throws(SignedTransport.Failure) -> HTTPResponse {
        try transport.send(
            .post, path: "/",
            headers: [("Content-Type", contentType), ("X-Amz-Target", "\(targetPrefix).\(operation)")],
            body: body, timeLeft: timeLeft, maximumResponseBytes: maximumResponseBytes, freshConnection: freshConnection)
    }
}

/// An operation's answer that carries nothing the caller needs.
public struct EmptyResponse: Decodable, Sendable {}

/// Why a JSON-protocol control-plane call failed.
public indirect enum JSONProtocolError: RetryableError, Equatable {
    /// The service refused the call (`code` is its error name, e.g. `ExecutionAlreadyExists`).
    case rejected(code: String, status: Int, message: String)
    /// Throttled or a server error; retried before it is thrown.
    case unavailable(code: String, status: Int, message: String)
    /// No response.
    case connection(HTTPClientError)
    /// The answer was not the expected JSON.
    case invalidResponse(String)
    /// The request could not be signed or encoded.
    case invalidRequest(String)
    /// The credentials to sign with could not be had (``ContainerCredentialsError``).
    case credentialsUnavailable(ContainerCredentialsError)
    /// The deadline stopped the retries.
    case deadlineExceeded(attempts: Int, lastError: JSONProtocolError?)

    init(response: HTTPResponse) {
        let (code, message) = SignedTransport.jsonProtocolError(in: response)
        let throttled = response.status == 429 || response.status >= 500 || code == "ThrottlingException"
        self =
            throttled
            ? .unavailable(code: code, status: response.status, message: message)
            : .rejected(code: code, status: response.status, message: message)
    }

    public var errorType: String {
        switch self {
        case .rejected(let code, _, _): "AWS.\(code.isEmpty ? "Rejected" : code)"
        case .unavailable: "AWS.Unavailable"
        case .connection: "AWS.ConnectionError"
        case .invalidResponse: "AWS.InvalidResponse"
        case .invalidRequest: "AWS.InvalidRequest"
        case .credentialsUnavailable(let error): error.errorType
        case .deadlineExceeded: "AWS.DeadlineExceeded"
        }
    }

    public var isRetryable: Bool {
        switch self {
        case .unavailable, .deadlineExceeded: true
        case .connection(let error): error.isTransient
        case .credentialsUnavailable(let error): error.isRetryable
        case .rejected, .invalidResponse, .invalidRequest: false
        }
    }

    public var description: String {
        switch self {
        case .rejected(let code, let status, let message): "the service refused the call (\(status) \(code)): \(message)"
        case .unavailable(let code, let status, let message): "the service is unavailable (\(status) \(code)): \(message)"
        case .connection(let error): "the service is unreachable: \(error)"
        case .invalidResponse(let detail): "unexpected answer: \(detail)"
        case .invalidRequest(let detail): "invalid request: \(detail)"
        case .credentialsUnavailable(let error): "no credentials to sign with: \(error)"
        case .deadlineExceeded(let attempts, _): "deadline exceeded after \(attempts) attempt(s)"
        }
    }
}
