import CurlHTTP
import Retrying

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A blocking KServe v2 (Open Inference Protocol) client for Triton over one keep-alive libcurl
/// handle: readiness, model metadata (cached per client) and inference with the binary tensor
/// data extension.
///
/// Every call retries unavailable servers (connection refused or reset, 503, 429, 408, 502, 504),
/// models still loading, and a bounded number of 500s
/// (``InferenceConfiguration/serverErrorRetries``) with ``RetryPolicy``, and never runs past its
/// deadline. Cached metadata that an answer contradicts is fetched again (see ``infer(_:inputs:outputs:inputEncoding:outputEncoding:deadline:)``).
/// Like ``CurlHTTPClient`` it serves one thread at a time: create one per execution environment.
public final class InferenceClient {
    /// The configuration every call uses.
    public let configuration: InferenceConfiguration
    private let http: CurlHTTPClient
    private var metadataCache: [ModelReference: ModelMetadata] = [:]
    /// Which of `configuration.credentials` is sent: moves to the next after a 401/403 (rotation).
    private var credentialIndex = 0

    /// Creates a client; pass `httpClient` to share one connection cache with other clients.
    public init(configuration: InferenceConfiguration, httpClient: CurlHTTPClient = CurlHTTPClient()) {
        self.configuration = configuration
        self.http = httpClient
    }

    /// Whether the server is ready for inference (`GET /v2/health/ready` answered 200).
    ///
    /// A not-ready answer (400, 503, …) returns `false` at once; only failures to get any
    /// answer are retried.
    /// - Throws: ``InferenceError/unavailable(status:detail:)`` when no answer came within the
    ///   retry budget, ``InferenceError/unauthorized(status:message:)``, or a deadline error.
    public func isServerReady(deadline: ContinuousClock.Instant? = nil) throws(InferenceError) -> Bool {
        try isReady(path: "/v2/health/ready", deadline: deadline)
    }

    /// Whether the model (version) is loaded and ready
    /// (`GET /v2/models/{name}[/versions/{version}]/ready` answered 200).
    ///
    /// - Throws: as ``isServerReady(deadline:)``.
    public func isModelReady(_ model: ModelReference, deadline: ContinuousClock.Instant? = nil) throws(InferenceError) -> Bool {
        try isReady(path: "\(model.path)/ready", deadline: deadline)
    }

    /// The model's metadata, fetched once per client and model reference, then cached until an
    /// inference answer contradicts it (a model updated behind an unversioned reference).
    ///
    /// - Throws: ``InferenceError/modelNotFound(model:version:)``, ``InferenceError/invalidResponse(_:)``
    ///   for undecodable metadata, and the transport errors of every call.
    public func metadata(for model: ModelReference, deadline: ContinuousClock.Instant? = nil) throws(InferenceError) -> ModelMetadata {
        if let cached = metadataCache[model] { return cached }
        return try fetchMetadata(for: model, deadline: deadline)
    }

    private func fetchMetadata(for model: ModelReference, deadline: ContinuousClock.Instant?) throws(InferenceError) -> ModelMetadata {
        let response = try send(.get, path: model.path, model: model, deadline: deadline)
        let metadata: ModelMetadata
        do {
            metadata = try JSONDecoder().decode(ModelMetadata.self, from: Data(response.body))
        } catch {
            throw .invalidResponse(.malformedHeader(detail: "model metadata: \(DecodingProblem.summary(of: error))"))
        }
        metadataCache[model] = metadata
        return metadata
    }

    /// Forgets cached metadata (all models, or one), e.g. after a model was redeployed.
    public func forgetMetadata(for model: ModelReference? = nil) {
        if let model { metadataCache[model] = nil } else { metadataCache.removeAll() }
    }

    /// Runs one inference (`POST /v2/models/{name}[/versions/{version}]/infer`).
    ///
    /// The model's metadata is fetched first if it is not cached; the response's outputs are
    /// checked against it (names, datatypes, fixed dimensions) and against their own byte sizes.
    /// When an answer contradicts *cached* metadata (an output's datatype, shape or name), the
    /// model may have been updated since (with no version pinned, Triton serves the latest):
    /// the cache entry is dropped, the metadata fetched again and, if it changed, the inference
    /// sent once more and checked against the fresh metadata. Unchanged metadata means the
    /// answer itself is wrong, and its error is thrown.
    ///
    /// - Parameters:
    ///   - model: The model (and version) to run.
    ///   - inputs: The input tensors; each one's bytes must match its shape and datatype.
    ///   - outputs: The outputs to return, or `nil` for all.
    ///   - inputEncoding: `.binary` (default) sends raw tensor bytes after the JSON header.
    ///   - outputEncoding: `.binary` (default) asks for raw output bytes; JSON answers are
    ///     accepted either way.
    ///   - deadline: No attempt starts after it; each attempt's timeout is cut to the time left.
    /// - Throws: ``InferenceError``: `rejected` for a request the server refuses (wrong shape),
    ///   `unavailable` after the retry budget, `invalidResponse` for a malformed answer, …
    public func infer(
        _ model: ModelReference, inputs: [InferenceTensor], outputs: [String]? = nil,
        inputEncoding: TensorEncoding = .binary, outputEncoding: TensorEncoding = .binary,
        deadline: ContinuousClock.Instant? = nil
    ) throws(InferenceError) -> InferenceResult {
        let request = try InferenceWireFormat.encodeRequest(
            inputs: inputs, outputs: outputs, inputEncoding: inputEncoding, outputEncoding: outputEncoding)
        let cached = metadataCache[model]
        let metadata: ModelMetadata
        if let cached { metadata = cached } else { metadata = try fetchMetadata(for: model, deadline: deadline) }
        var headers = HTTPHeaders()
        if let headerLength = request.headerLength {
            headers.add(name: InferenceHeaders.headerContentLength, value: String(headerLength))
            headers.add(name: "Content-Type", value: "application/octet-stream")
        } else {
            headers.add(name: "Content-Type", value: "application/json")
        }
        func run(checkedAgainst metadata: ModelMetadata) throws(InferenceError) -> InferenceResult {
            let response = try send(
                .post, path: "\(model.path)/infer", headers: headers, body: request.body, model: model, deadline: deadline)
            return try InferenceWireFormat.decodeResponse(
                body: response.body, headerLength: response.headers[InferenceHeaders.headerContentLength], requestedOutputs: outputs,
                metadata: metadata)
        }
        do {
            return try run(checkedAgainst: metadata)
        } catch {
            guard cached != nil, error.contradictsMetadata else { throw error }
            metadataCache[model] = nil
            let fresh = try fetchMetadata(for: model, deadline: deadline)
            guard fresh != metadata else { throw error }
            return try run(checkedAgainst: fresh)
        }
    }

    // MARK: - Transport

    private func isReady(path: String, deadline: ContinuousClock.Instant?) throws(InferenceError) -> Bool {
        let response = try configuration.retryPolicy.run(deadline: deadline.map(Deadline.init)) { _, timeLeft throws(InferenceError) in
            try perform(.get, path: path, headers: HTTPHeaders(), body: [], timeLeft: timeLeft)
        }
        switch response.status {
        case 200: return true
        case 401, 403: throw .unauthorized(status: response.status, message: Self.errorMessage(response))
        default: return false
        }
    }

    /// One call with retries; returns a 200 response, or throws the status mapped to an error.
    private func send(
        _ method: HTTPMethod, path: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], model: ModelReference,
        deadline: ContinuousClock.Instant?
    ) throws(InferenceError) -> HTTPResponse {
        do {
            return try sendWithCredential(method, path: path, headers: headers, body: body, model: model, deadline: deadline)
        } catch .unauthorized(let status, let message) {
            // During a credential rotation the server may still expect the other value: try the
            // next one once, and keep it if it is accepted.
            guard configuration.credentials.count > 1 else { throw .unauthorized(status: status, message: message) }
            credentialIndex = (credentialIndex + 1) % configuration.credentials.count
            return try sendWithCredential(method, path: path, headers: headers, body: body, model: model, deadline: deadline)
        }
    }

    private func sendWithCredential(
        _ method: HTTPMethod, path: String, headers: HTTPHeaders, body: [UInt8], model: ModelReference,
        deadline: ContinuousClock.Instant?
    ) throws(InferenceError) -> HTTPResponse {
        var serverErrors = 0
        do throws(InferenceError) {
            return try configuration.retryPolicy.run(deadline: deadline.map(Deadline.init)) { _, timeLeft throws(InferenceError) in
                let response = try perform(method, path: path, headers: headers, body: body, timeLeft: timeLeft)
                guard response.status == 200 else {
                    let error = Self.error(for: response, model: model)
                    // A bounded number of 500s are retried as unavailable; the next one is final.
                    if case .serverError(500, let message) = error, serverErrors < configuration.serverErrorRetries {
                        serverErrors += 1
                        throw .unavailable(status: 500, detail: message)
                    }
                    throw error
                }
                return response
            }
        } catch {
            guard case .modelNotFound = error else { throw error }
            // A server that is starting (a pod scaled up or restarted) answers "unknown model"
            // until its models are loaded; with Triton's strict readiness (the default) its
            // /v2/health/ready stays false until then. Unknown to a ready server: permanent.
            // Unknown to a server still loading: transient, so the state machine retries it.
            if let ready = try? isServerReady(deadline: deadline), !ready {
                throw .modelNotReady(model: model.name, version: model.version)
            }
            throw error
        }
    }

    private func perform(
        _ method: HTTPMethod, path: String, headers: HTTPHeaders, body: [UInt8], timeLeft: Duration?
    ) throws(InferenceError) -> HTTPResponse {
        var headers = headers
        if let authorization = configuration.authorization { headers.add(name: "Authorization", value: authorization) }
        if configuration.credentials.indices.contains(credentialIndex) {
            headers.add(name: InferenceConfiguration.credentialHeader, value: configuration.credentials[credentialIndex])
        }
        let timeout = timeLeft.map { min($0, configuration.requestTimeout) } ?? configuration.requestTimeout
        let request = HTTPRequest(method: method, url: configuration.endpoint + path, headers: headers, body: body, timeout: timeout)
        do {
            return try http.perform(request)
        } catch {
            if error.isTransient { throw .unavailable(status: nil, detail: error.description) }
            throw .connectionFailed(error)
        }
    }

    /// Maps an error status to its typed error (Triton's `{"error": "…"}` body gives the message).
    static func error(for response: HTTPResponse, model: ModelReference) -> InferenceError {
        let message = errorMessage(response)
        switch response.status {
        // 408: the server (or a proxy in front of it) gave up waiting, e.g. a request that
        // timed out in Triton's queue under load: as transient as a 503.
        case 408, 429, 502, 503, 504:
            return .unavailable(status: response.status, detail: message)
        case 401, 403:
            return .unauthorized(status: response.status, message: message)
        case 404:
            return .modelNotFound(model: model.name, version: model.version)
        case 400..<500:
            let lowered = message.lowercased()
            if lowered.contains("unknown model") { return .modelNotFound(model: model.name, version: model.version) }
            if lowered.contains("not ready") || lowered.contains("not at ready state") {
                return .modelNotReady(model: model.name, version: model.version)
            }
            return .rejected(status: response.status, message: message)
        default:
            return .serverError(status: response.status, message: message)
        }
    }

    /// The `error` field of a JSON error body, else the body's start; at most 512 characters.
    static func errorMessage(_ response: HTTPResponse) -> String {
        struct ErrorBody: Decodable { var error: String }
        let text = (try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body)))?.error ?? response.bodyText
        return text.count > 512 ? String(text.prefix(512)) + "…" : text
    }
}
