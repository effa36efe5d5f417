import AWSSigV4
import CurlHTTP
import Retrying

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The few Step Functions calls the local pipeline runner and its tests need (JSON 1.0
/// protocol): create a state machine, start an execution, describe it.
///
/// The functions themselves never call Step Functions; this is control-plane tooling.
public struct StepFunctionsClient {
    let transport: SignedTransport
    let retryPolicy: RetryPolicy

    /// Creates a client.
    public init(configuration: AWSConfiguration, httpClient: CurlHTTPClient = CurlHTTPClient(), retryPolicy: RetryPolicy = .standard) {
        self.retryPolicy = retryPolicy
        transport = SignedTransport(
            configuration: configuration, service: .stepFunctions, options: .standard, http: httpClient, requestTimeout: .seconds(30))
    }

    /// What DescribeExecution reports.
    public struct Execution: Sendable, Equatable, Decodable {
        /// `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
        public var status: String
        /// The execution's output document (JSON text) once it succeeded.
        public var output: String?
        /// The error name of a failed execution.
        public var error: String?
        /// The cause of a failed execution.
        public var cause: String?

        enum CodingKeys: String, CodingKey {
            case status, output, error, cause
        }
    }

    /// Creates a state machine and returns its ARN.
    public func createStateMachine(name: String, definition: String, roleARN: String) throws(StepFunctionsError) -> String {
        struct Response: Decodable { var stateMachineArn: String }
        let response: Response = try call("CreateStateMachine", ["name": name, "definition": definition, "roleArn": roleARN])
        return response.stateMachineArn
    }

    /// Starts an execution (the name makes it idempotent) and returns its ARN.
    public func startExecution(stateMachineARN: String, name: String, input: String) throws(StepFunctionsError) -> String {
        struct Response: Decodable { var executionArn: String }
        let response: Response = try call("StartExecution", ["stateMachineArn": stateMachineARN, "name": name, "input": input])
        return response.executionArn
    }

    /// Describes an execution.
    public func describeExecution(arn: String) throws(StepFunctionsError) -> Execution {
        try call("DescribeExecution", ["executionArn": arn])
    }

    private func call<Response: Decodable>(_ operation: String, _ request: [String: String]) throws(StepFunctionsError) -> Response {
        let body: [UInt8]
        do {
            body = Array(try JSONEncoder().encode(request))
        } catch {
            throw .invalidRequest("\(operation): \(error)")
        }
        let response = try retryPolicy.run(deadline: nil) { (_, timeLeft) throws(StepFunctionsError) -> HTTPResponse in
            let response: HTTPResponse
            do throws(SignedTransport.Failure) {
                response = try transport.send(
                    .post, path: "/",
                    headers: [("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "AWSStepFunctions.\(operation)")],
                    body: body, timeLeft: timeLeft, maximumResponseBytes: 8 << 20)
            } catch {
                switch error {
                case .signing(let error): throw .invalidRequest(error.description)
                case .http(let error): throw .connection(error)
                }
            }
            guard (200..<300).contains(response.status) else { throw StepFunctionsError(response: response) }
            return response
        }
        do {
            return try JSONDecoder().decode(Response.self, from: Data(response.body))
        } catch {
            throw .invalidResponse("\(operation): \(error)")
        }
    }
}

/// Why a Step Functions call failed.
public indirect enum StepFunctionsError: RetryableError, Equatable {
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
    /// The deadline stopped the retries.
    case deadlineExceeded(attempts: Int, lastError: StepFunctionsError?)

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
        case .rejected(let code, _, _): "StepFunctions.\(code.isEmpty ? "Rejected" : code)"
        case .unavailable: "StepFunctions.Unavailable"
        case .connection: "StepFunctions.ConnectionError"
        case .invalidResponse: "StepFunctions.InvalidResponse"
        case .invalidRequest: "StepFunctions.InvalidRequest"
        case .deadlineExceeded: "StepFunctions.DeadlineExceeded"
        }
    }

    public var isRetryable: Bool {
        switch self {
        case .unavailable, .deadlineExceeded: true
        case .connection(let error): error.isTransient
        case .rejected, .invalidResponse, .invalidRequest: false
        }
    }

    public var description: String {
        switch self {
        case .rejected(let code, let status, let message): "Step Functions refused the call (\(status) \(code)): \(message)"
        case .unavailable(let code, let status, let message): "Step Functions unavailable (\(status) \(code)): \(message)"
        case .connection(let error): "Step Functions unreachable: \(error)"
        case .invalidResponse(let detail): "unexpected Step Functions answer: \(detail)"
        case .invalidRequest(let detail): "invalid Step Functions request: \(detail)"
        case .deadlineExceeded(let attempts, _): "deadline exceeded after \(attempts) attempt(s)"
        }
    }
}
