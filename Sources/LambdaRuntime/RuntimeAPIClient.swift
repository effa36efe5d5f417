import CurlHTTP
import Logging

/// An invocation received from `/next` that has not been answered yet.
///
/// Non-copyable, and consumed by ``RuntimeAPIClient/sendResponse(_:for:)`` or
/// ``RuntimeAPIClient/sendError(_:for:)``: answering twice, or not at all, does not compile.
public struct PendingInvocation: ~Copyable {
    /// The request id from `Lambda-Runtime-Aws-Request-Id`.
    public let requestID: String
    /// The event payload.
    public let payload: [UInt8]
    /// The headers of the `/next` response, from which the context is built.
    public let headers: HTTPHeaders
}

/// Why the Runtime API could not be used.
public enum RuntimeAPIError: Error, Equatable, CustomStringConvertible {
    /// `AWS_LAMBDA_RUNTIME_API` is not set: the process is not running under Lambda.
    case notConfigured
    /// The Runtime API could not be reached.
    case unreachable(HTTPClientError)
    /// The Runtime API answered 500: the execution environment is beyond recovery.
    case environmentFailed(endpoint: String, body: String)
    /// The Runtime API answered with an unexpected status.
    case unexpectedStatus(endpoint: String, status: Int, body: String)
    /// `/next` answered without a request id.
    case missingRequestID

    /// Whether the process must exit (everything except a rejected answer to one invocation).
    public var isFatal: Bool {
        switch self {
        case .unexpectedStatus(_, let status, _): status >= 500
        default: true
        }
    }

    public var description: String {
        switch self {
        case .notConfigured:
            "AWS_LAMBDA_RUNTIME_API is not set; run this executable under Lambda or `radstream emulate`"
        case .unreachable(let error): "the Runtime API is unreachable: \(error)"
        case .environmentFailed(let endpoint, let body): "the Runtime API failed on \(endpoint) (500): \(body)"
        case .unexpectedStatus(let endpoint, let status, let body): "the Runtime API answered \(status) on \(endpoint): \(body)"
        case .missingRequestID: "the Runtime API sent an invocation without \(AmazonHeaders.requestID)"
        }
    }
}

/// The Runtime API's four calls over one keep-alive connection.
public final class RuntimeAPIClient {
    private let http: CurlHTTPClient
    private let baseURL: String

    /// The largest event accepted from `/next`: Lambda's 6 MB synchronous limit plus headroom.
    public static let maximumEventBytes = 7 << 20

    /// Creates a client for the Runtime API at `host:port`.
    public init(runtimeAPI: String) {
        http = CurlHTTPClient(configuration: .init(connectTimeout: .seconds(1), maximumResponseBytes: Self.maximumEventBytes))
        baseURL = "http://\(runtimeAPI)"
    }

    /// Waits, without a timeout, for the next invocation.
    public func nextInvocation() throws(RuntimeAPIError) -> PendingInvocation {
        let response = try exchange(.get, RuntimeAPIPaths.next, body: [], headers: [:], timeout: nil)
        return try Self.invocation(from: response)
    }

    /// Checks a `/next` response (status 200, a non-empty request id) and turns it into the
    /// invocation to answer. Everything in it comes from the network and is untrusted.
    @_spi(Fuzzing) public static func invocation(from response: HTTPResponse) throws(RuntimeAPIError) -> PendingInvocation {
        guard response.status == 200 else {
            throw .unexpectedStatus(endpoint: RuntimeAPIPaths.next, status: response.status, body: response.bodyText)
        }
        guard let requestID = response.headers[AmazonHeaders.requestID], !requestID.isEmpty else {
            throw .missingRequestID
        }
        return PendingInvocation(requestID: requestID, payload: response.body, headers: response.headers)
    }

    /// Sends the invocation's result.
    public func sendResponse(_ payload: [UInt8], for invocation: consuming PendingInvocation) throws(RuntimeAPIError) {
        try post(RuntimeAPIPaths.response(requestID: invocation.requestID), body: payload, headers: [:])
    }

    /// Reports the invocation's failure.
    public func sendError(_ report: LambdaErrorReport, for invocation: consuming PendingInvocation) throws(RuntimeAPIError) {
        try post(RuntimeAPIPaths.error(requestID: invocation.requestID), body: report.jsonBody, headers: Self.errorHeaders(report))
    }

    /// Reports a failure during initialisation; the process should exit afterwards.
    public func sendInitializationError(_ report: LambdaErrorReport) throws(RuntimeAPIError) {
        try post(RuntimeAPIPaths.initError, body: report.jsonBody, headers: Self.errorHeaders(report))
    }

    private static func errorHeaders(_ report: LambdaErrorReport) -> HTTPHeaders {
        [AmazonHeaders.functionErrorType: report.headerValue, "Content-Type": "application/json"]
    }

    private func post(_ path: String, body: [UInt8], headers: HTTPHeaders) throws(RuntimeAPIError) {
        let response = try exchange(.post, path, body: body, headers: headers, timeout: .seconds(30))
        guard response.status == 202 else {
            throw .unexpectedStatus(endpoint: path, status: response.status, body: response.bodyText)
        }
    }

    private func exchange(
        _ method: HTTPMethod,
        _ path: String,
        body: [UInt8],
        headers: HTTPHeaders,
        timeout: Duration?
    ) throws(RuntimeAPIError) -> HTTPResponse {
        let request = HTTPRequest(method: method, url: baseURL + path, headers: headers, body: body, timeout: timeout)
        let response: HTTPResponse
        do {
            response = try http.perform(request)
        } catch {
            throw .unreachable(error)
        }
        if response.status == 500 {
            throw .environmentFailed(endpoint: path, body: response.bodyText)
        }
        return response
    }
}

extension LambdaContext {
    /// Builds the context from a `/next` response's headers, as the runtime loop does; the
    /// fuzz targets call it to reach the same code.
    @_spi(Fuzzing) public init(invocation: borrowing PendingInvocation, logger: Logger, environment: LambdaEnvironment) {
        let headers = invocation.headers
        self.init(
            requestID: invocation.requestID,
            deadlineMilliseconds: headers[AmazonHeaders.deadline].flatMap { Int64($0) } ?? WallClock.nowMilliseconds(),
            invokedFunctionARN: headers[AmazonHeaders.invokedFunctionARN] ?? "",
            traceID: headers[AmazonHeaders.traceID],
            clientContext: headers[AmazonHeaders.clientContext],
            cognitoIdentity: headers[AmazonHeaders.cognitoIdentity],
            tenantID: headers[AmazonHeaders.tenantID],
            logger: logger,
            environment: environment
        )
    }
}
