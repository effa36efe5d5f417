import Retrying

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Where the inference server is and how to talk to it.
public struct InferenceConfiguration: Sendable {
    /// The header carrying the shared inference credential on every request; Triton
    /// (`--http-restricted-api`) and the ALB's WAF rule check it (docs/deploy.md).
    public static let credentialHeader = "X-RadStream-Inference-Credential"

    /// `http(s)://host[:port][/prefix]` without a trailing slash (`http://127.0.0.1:8000`).
    public var endpoint: String
    /// The `Authorization` header value (`Bearer …`), or `nil` to send none. Never logged.
    public var authorization: String?
    /// Values for ``credentialHeader``, in the order to try them: the current one first, then
    /// the one a rotation replaced (tried after a 401/403, kept once it works). Empty: none is
    /// sent. Never logged.
    public var credentials: [String] = []
    /// The longest one HTTP attempt may take; a deadline shortens it further.
    public var requestTimeout: Duration
    /// The retry rule for every call.
    public var retryPolicy: RetryPolicy
    /// How many HTTP 500 answers one call retries (within `retryPolicy`) before failing with
    /// ``InferenceError/serverError(status:message:)``. Triton answers 500 for
    /// `TRITONSERVER_ERROR_INTERNAL`, which covers transient backend failures (GPU out of memory
    /// under load, a restarting backend stub) as well as a model that always fails: a few retries
    /// recover the first kind without spending the whole deadline on the second.
    public var serverErrorRetries: Int

    /// Creates a configuration.
    ///
    /// - Throws: ``InferenceError/invalidConfiguration(_:)`` unless `endpoint` is an
    ///   `http(s)://` URL without query or fragment.
    public init(
        endpoint: String, authorization: String? = nil, requestTimeout: Duration = .seconds(10),
        retryPolicy: RetryPolicy = .inference, serverErrorRetries: Int = 2
    ) throws(InferenceError) {
        var trimmed = endpoint
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        let hasScheme = trimmed.hasPrefix("http://") || trimmed.hasPrefix("https://")
        let authority = trimmed.drop { $0 != "/" }.dropFirst(2).prefix { $0 != "/" }
        guard hasScheme, !authority.isEmpty, !trimmed.contains("?"), !trimmed.contains("#"), !trimmed.contains(" ") else {
            throw .invalidConfiguration("endpoint must be http(s)://host[:port][/prefix], got \(endpoint)")
        }
        self.endpoint = trimmed
        self.authorization = authorization.flatMap { $0.isEmpty ? nil : $0 }
        self.requestTimeout = requestTimeout
        self.retryPolicy = retryPolicy
        self.serverErrorRetries = max(serverErrorRetries, 0)
    }

    /// Reads `RADSTREAM_INFERENCE_URL` (required), `RADSTREAM_INFERENCE_AUTHORIZATION`
    /// (optional header value) and `RADSTREAM_INFERENCE_TIMEOUT_MS` (optional, per attempt).
    ///
    /// - Parameter variable: Looks a variable up; the process environment by default.
    /// - Throws: ``InferenceError/invalidConfiguration(_:)`` naming the variable.
    public static func fromEnvironment(
        _ variable: (String) -> String? = { getenv($0).map { String(cString: $0) } }
    ) throws(InferenceError) -> InferenceConfiguration {
        func value(_ name: String) -> String? { variable(name).flatMap { $0.isEmpty ? nil : $0 } }
        guard let endpoint = value("RADSTREAM_INFERENCE_URL") else {
            throw .invalidConfiguration("RADSTREAM_INFERENCE_URL is not set")
        }
        var timeout = Duration.seconds(10)
        if let text = value("RADSTREAM_INFERENCE_TIMEOUT_MS") {
            guard let milliseconds = Int(text), milliseconds > 0 else {
                throw .invalidConfiguration("RADSTREAM_INFERENCE_TIMEOUT_MS must be a positive integer, got \(text)")
            }
            timeout = .milliseconds(milliseconds)
        }
        return try InferenceConfiguration(
            endpoint: endpoint, authorization: value("RADSTREAM_INFERENCE_AUTHORIZATION"), requestTimeout: timeout)
    }
}
