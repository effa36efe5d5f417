import AWSSigV4
import CurlHTTP
import Retrying

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The few Step Functions calls RadStream needs (JSON 1.0 protocol): StartStudy starts
/// executions; the local pipeline runner and its tests also create state machines and
/// describe executions.
public struct StepFunctionsClient {
    let client: JSONProtocolClient

    /// Creates a client.
    public init(configuration: AWSConfiguration, httpClient: CurlHTTPClient = CurlHTTPClient(), retryPolicy: RetryPolicy = .standard) {
        client = JSONProtocolClient(service: .stepFunctions, configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
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
        let response = try client.call(
            "CreateStateMachine", ["name": name, "definition": definition, "roleArn": roleARN], as: Response.self)
        return response.stateMachineArn
    }

    /// Starts an execution (the name makes it idempotent) and returns its ARN.
    ///
    /// - Throws: `.rejected(code: "ExecutionAlreadyExists", …)` when an execution of that name
    ///   exists with another input or has ended; throttling is retried until `deadline`.
    public func startExecution(
        stateMachineARN: String, name: String, input: String, deadline: Deadline? = nil
    ) throws(StepFunctionsError) -> String {
        struct Response: Decodable { var executionArn: String }
        let response = try client.call(
            "StartExecution", ["stateMachineArn": stateMachineARN, "name": name, "input": input], as: Response.self, deadline: deadline)
        return response.executionArn
    }

    /// Describes an execution.
    public func describeExecution(arn: String) throws(StepFunctionsError) -> Execution {
        try client.call("DescribeExecution", ["executionArn": arn])
    }
}

/// Why a Step Functions call failed.
public typealias StepFunctionsError = JSONProtocolError
