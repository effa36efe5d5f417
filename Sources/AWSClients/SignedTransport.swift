import AWSSigV4
import CurlHTTP

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Signs and sends one request over a shared ``CurlHTTPClient``; the clients build on it.
struct SignedTransport {
    let http: CurlHTTPClient
    let credentials: AWSCredentialSource
    let region: String
    let service: AWSService
    let signingOptions: SigV4Signer.Options
    let endpoint: AWSEndpoint
    let requestTimeout: Duration
    /// How long an attempt may go without a byte moving before it fails as a timeout (and is
    /// retried): AWS answers in well under this, so silence means a stalled peer.
    let stallTimeout: Duration

    /// A transport for `service` as `configuration` describes it (credentials, region, endpoint).
    init(
        configuration: AWSConfiguration, service: AWSService, options: SigV4Signer.Options, http: CurlHTTPClient,
        requestTimeout: Duration, stallTimeout: Duration = .seconds(5)
    ) {
        self.http = http
        credentials = configuration.credentialSource
        region = configuration.region
        self.service = service
        signingOptions = options
        endpoint = configuration.endpoint(for: service)
        self.requestTimeout = requestTimeout
        self.stallTimeout = stallTimeout
    }

    /// The error code and message of an AWS JSON-protocol error response (Kinesis, Step
    /// Functions): `{"__type": "…#Code", "message": "…"}`, or the `x-amzn-ErrorType` header.
    static func jsonProtocolError(in response: HTTPResponse) -> (code: String, message: String) {
        struct Body: Decodable {
            var type: String?
            var message: String?
            var capitalizedMessage: String?

            enum CodingKeys: String, CodingKey {
                case type = "__type"
                case message
                case capitalizedMessage = "Message"
            }
        }
        let body = try? JSONDecoder().decode(Body.self, from: Data(response.body))
        var code = body?.type ?? response.headers["x-amzn-ErrorType"] ?? ""
        if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
        if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
        return (code, body?.message ?? body?.capitalizedMessage ?? "")
    }

    /// Why a request produced no response.
    /// Who signs a request when it is not the configuration's credentials under the service's
    /// own name: an S3 Express session (its key pair, signing name `s3express`).
    struct SigningIdentity {
        var credentials: AWSCredentials
        var serviceName: String
    }

    enum Failure: Error {
        case http(HTTPClientError)
        case signing(SigV4Error)
        case credentials(ContainerCredentialsError)
    }

    /// Sends a request to `host` (the endpoint's authority unless a virtual host is given).
    ///
    /// - Parameters:
    ///   - path: The encoded path after the endpoint's prefix, starting with `/`.
    ///   - timeLeft: This attempt's share of the deadline (``RetryPolicy/attemptTimeout(timeLeft:attempt:)``);
    ///     the request timeout never exceeds it.
    ///   - freshConnection: for a request libcurl must not resend unseen on a reused connection
    ///     (``HTTPRequest/freshConnection``): one that is neither idempotent nor write-once.
    ///   - receiver: takes a response's body as it arrives instead of the returned response
    ///     (``CurlHTTPClient/perform(_:maximumResponseBytes:receiver:)``).
    func send(
        _ method: HTTPMethod,
        host: String? = nil,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        timeLeft: Duration?,
        maximumResponseBytes: Int? = nil,
        freshConnection: Bool = false,
        signingAs identity: SigningIdentity? = nil,
        receiver: HTTPBodyReceiver? = nil
    ) throws(Failure) -> HTTPResponse {
        let authority = host ?? endpoint.authority
        let fullPath = endpoint.pathPrefix + path
        var signed: [(name: String, value: String)] = [("Host", authority)]
        signed += headers
        // Per request: a refreshed source may have replaced the credentials since the last one.
        let signer: SigV4Signer
        do throws(ContainerCredentialsError) {
            let signingCredentials: AWSCredentials
            if let identity { signingCredentials = identity.credentials } else { signingCredentials = try credentials.current() }
            signer = SigV4Signer(
                credentials: signingCredentials, region: region, service: identity?.serviceName ?? service.signingName,
                options: signingOptions)
        } catch {
            throw .credentials(error)
        }
        let result: SigningResult
        do {
            result = try signer.sign(
                method: method.rawValue, path: fullPath, query: query, headers: signed, payload: .bytes(body),
                date: Int(time(nil)))
        } catch {
            throw .signing(error)
        }
        var httpHeaders = HTTPHeaders()
        for header in signed + result.headers {
            httpHeaders.add(name: header.name, value: header.value)
        }
        var url = "\(endpoint.scheme)://\(authority)\(fullPath)"
        if !query.isEmpty {
            url +=
                "?"
                + query.map {
                    SigV4Signer.encodeQueryComponent($0.name) + "=" + SigV4Signer.encodeQueryComponent($0.value)
                }.joined(separator: "&")
        }
        let timeout = timeLeft.map { min($0, requestTimeout) } ?? requestTimeout
        let request = HTTPRequest(
            method: method, url: url, headers: httpHeaders, body: body, timeout: timeout, stallTimeout: min(stallTimeout, timeout),
            freshConnection: freshConnection)
        do {
            return try http.perform(request, maximumResponseBytes: maximumResponseBytes, receiver: receiver)
        } catch {
            throw .http(error)
        }
    }
}
