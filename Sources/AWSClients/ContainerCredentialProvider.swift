import AWSSigV4
import CurlHTTP
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Temporary credentials served over HTTP by the execution environment, refreshed before they
/// expire: the SDKs' container credential provider
/// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html).
///
/// Lambda gives SnapStart functions their execution role this way, through
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` and `AWS_CONTAINER_AUTHORIZATION_TOKEN` instead of the
/// key variables (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html); ECS
/// (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`) and EKS Pod Identity
/// (`AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`) too. A long-lived environment, such as a Lambda
/// Managed Instances one, outlives one set of temporary credentials; this provider fetches a
/// set, keeps it, and fetches again once less than ``refreshWindow`` is left.
///
/// Shared by every worker of a multi-concurrency environment: the cache is behind a lock, and
/// one worker refreshes while the others wait for its answer rather than fetch too. A failed
/// refresh while the cached set is still valid keeps using it.
public final class ContainerCredentialProvider: Sendable {
    /// Where and how credentials are fetched.
    public let endpoint: ContainerCredentialsEndpoint
    /// How long before expiry a set is replaced.
    public let refreshWindow: Duration
    private let clock: @Sendable () -> Date
    private let cache = Mutex<CachedCredentials?>(nil)

    struct CachedCredentials {
        var credentials: AWSCredentials
        var expiration: Date?
    }

    /// The process's provider for `endpoint`, created on first use: every client configured
    /// from the environment (one per worker of a multi-concurrency environment) shares its
    /// cache, so the endpoint is asked once per refresh, not once per worker.
    public static func shared(for endpoint: ContainerCredentialsEndpoint) -> ContainerCredentialProvider {
        registry.withLock { providers in
            if let existing = providers[endpoint] { return existing }
            let provider = ContainerCredentialProvider(endpoint: endpoint)
            providers[endpoint] = provider
            return provider
        }
    }

    private static let registry = Mutex<[ContainerCredentialsEndpoint: ContainerCredentialProvider]>([:])

    /// Creates a provider; nothing is fetched until ``credentials()`` is first called.
    ///
    /// - Parameters:
    ///   - refreshWindow: 5 minutes by default (our choice: well above one request's duration,
    ///     and a small share of the hour or more that role credentials last).
    ///   - clock: the current time; tests move it.
    public init(
        endpoint: ContainerCredentialsEndpoint, refreshWindow: Duration = .seconds(300),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.endpoint = endpoint
        self.refreshWindow = refreshWindow
        self.clock = clock
    }

    /// The current credentials: the cached set, or a fresh one when the cache is empty or
    /// within ``refreshWindow`` of its expiry.
    ///
    /// - Throws: ``ContainerCredentialsError`` when no valid set can be had.
    public func credentials() throws(ContainerCredentialsError) -> AWSCredentials {
        try cache.withLock { (cached: inout CachedCredentials?) throws(ContainerCredentialsError) -> AWSCredentials in
            let now = clock()
            if let current = cached, !needsRefresh(current, at: now) {
                return current.credentials
            }
            do throws(ContainerCredentialsError) {
                let fresh = try fetch()
                cached = fresh
                return fresh.credentials
            } catch {
                // Refreshing early leaves time to fail: an unexpired set still signs.
                if let current = cached, let expiration = current.expiration, expiration > now {
                    return current.credentials
                }
                throw error
            }
        }
    }

    private func needsRefresh(_ cached: CachedCredentials, at now: Date) -> Bool {
        guard let expiration = cached.expiration else { return false }
        return expiration.timeIntervalSince(now) <= Double(refreshWindow.components.seconds)
    }

    private func fetch() throws(ContainerCredentialsError) -> CachedCredentials {
        var headers = HTTPHeaders()
        if let authorization = try endpoint.authorization() {
            headers.add(name: "Authorization", value: authorization)
        }
        let response: HTTPResponse
        do {
            // A fetch is rare (about once an hour): a handle of its own keeps the provider
            // independent of the workers' clients.
            let client = CurlHTTPClient(configuration: .init(connectTimeout: .seconds(1), maximumResponseBytes: 64 << 10))
            response = try client.perform(HTTPRequest(method: .get, url: endpoint.url, headers: headers, timeout: .seconds(5)))
        } catch {
            throw .unreachable(error)
        }
        guard response.status == 200 else { throw .status(response.status) }
        return try Self.parse(response.body)
    }

    /// The document the endpoint answers: `AccessKeyId`, `SecretAccessKey`, `Token`,
    /// `Expiration` (ISO 8601). The message of a failure never includes a value.
    static func parse(_ body: [UInt8]) throws(ContainerCredentialsError) -> CachedCredentials {
        struct Document: Decodable {
            var accessKeyID: String?
            var secretAccessKey: String?
            var token: String?
            var expiration: String?

            enum CodingKeys: String, CodingKey {
                case accessKeyID = "AccessKeyId"
                case secretAccessKey = "SecretAccessKey"
                case token = "Token"
                case expiration = "Expiration"
            }
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(body))
        } catch {
            throw .invalidDocument("not a JSON object of strings")
        }
        guard let keyID = document.accessKeyID, !keyID.isEmpty, let secret = document.secretAccessKey, !secret.isEmpty else {
            throw .invalidDocument("AccessKeyId or SecretAccessKey is missing")
        }
        var expiration: Date?
        if let text = document.expiration {
            guard let date = try? Date(text, strategy: .iso8601) else { throw .invalidDocument("Expiration is not an ISO 8601 time") }
            expiration = date
        }
        let token = document.token.flatMap { $0.isEmpty ? nil : $0 }
        return CachedCredentials(
            credentials: AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token), expiration: expiration)
    }
}

/// The container credentials endpoint named by the environment, and its authorization.
public struct ContainerCredentialsEndpoint: Sendable, Hashable {
    /// The URL fetched with `GET`.
    public var url: String
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN`: the `Authorization` value.
    public var authorizationToken: String?
    /// `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`: a file holding it, read at every fetch (the
    /// agent rotates it); wins over the token.
    public var authorizationTokenFile: String?

    /// Creates an endpoint from its parts; ``fromEnvironment(_:)`` checks a URI from the environment.
    public init(url: String, authorizationToken: String? = nil, authorizationTokenFile: String? = nil) {
        self.url = url
        self.authorizationToken = authorizationToken
        self.authorizationTokenFile = authorizationTokenFile
    }

    /// ECS's fixed host for `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`.
    public static let relativeURIHost = "169.254.170.2"
    /// Hosts an `http` full URI may name: loopback, ECS's and EKS Pod Identity's link-local
    /// agents (the SDK reference's list); any host is allowed over `https`.
    static let plainHTTPHosts: Set<String> = ["localhost", "127.0.0.1", "[::1]", "169.254.170.2", "169.254.170.23", "[fd00:ec2::23]"]

    /// Reads the endpoint from `lookup`: `nil` when neither URI variable is set.
    ///
    /// - Throws: ``ContainerCredentialsError/endpointRejected(_:)`` for a full URI that is not
    ///   `https`, nor `http` to one of the allowed hosts (credentials must not leave the machine
    ///   in clear text).
    public static func fromEnvironment(_ lookup: (String) -> String?) throws(ContainerCredentialsError) -> ContainerCredentialsEndpoint? {
        func value(_ name: String) -> String? { lookup(name).flatMap { $0.isEmpty ? nil : $0 } }
        let url: String
        if let relative = value("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            url = "http://\(relativeURIHost)\(relative.hasPrefix("/") ? "" : "/")\(relative)"
        } else if let full = value("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            guard let endpoint = AWSEndpoint(url: full.split(separator: "?", maxSplits: 1).first.map(String.init) ?? full) else {
                throw .endpointRejected("AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http(s) URL")
            }
            guard endpoint.scheme == "https" || plainHTTPHosts.contains(endpoint.host.lowercased()) else {
                throw .endpointRejected("AWS_CONTAINER_CREDENTIALS_FULL_URI over http must name a loopback or container agent host")
            }
            url = full
        } else {
            return nil
        }
        return ContainerCredentialsEndpoint(
            url: url, authorizationToken: value("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
            authorizationTokenFile: value("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"))
    }

    /// The `Authorization` value for the next fetch.
    func authorization() throws(ContainerCredentialsError) -> String? {
        guard let path = authorizationTokenFile else { return authorizationToken }
        guard let data = FileManager.default.contents(atPath: path) else { throw .tokenFileUnreadable(path: path) }
        // The agent's file may end with a newline; the header value must not.
        return String(String(decoding: data, as: UTF8.self).filter { !$0.isWhitespace })
    }
}

/// Why the container credentials endpoint gave no usable credentials.
public enum ContainerCredentialsError: AWSClientError, Equatable {
    /// The URI variable names an endpoint credentials must not be fetched from.
    case endpointRejected(String)
    /// The token file cannot be read.
    case tokenFileUnreadable(path: String)
    /// The endpoint could not be reached.
    case unreachable(HTTPClientError)
    /// The endpoint answered with a status other than 200.
    case status(Int)
    /// The answer is not a credentials document.
    case invalidDocument(String)

    /// `AWS.InvalidConfiguration` for the environment's own mistakes, else
    /// `AWS.CredentialsUnavailable`.
    public var errorType: String {
        switch self {
        case .endpointRejected, .tokenFileUnreadable: "AWS.InvalidConfiguration"
        case .unreachable, .status, .invalidDocument: "AWS.CredentialsUnavailable"
        }
    }

    /// A transient connection failure, 429 or 5xx may pass.
    public var isRetryable: Bool {
        switch self {
        case .unreachable(let error): error.isTransient
        case .status(let status): status == 429 || status >= 500
        case .endpointRejected, .tokenFileUnreadable, .invalidDocument: false
        }
    }

    public var description: String {
        switch self {
        case .endpointRejected(let reason): reason
        case .tokenFileUnreadable(let path): "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(path) cannot be read"
        case .unreachable(let error): "the container credentials endpoint is unreachable: \(error)"
        case .status(let status): "the container credentials endpoint answered \(status)"
        case .invalidDocument(let detail): "the container credentials endpoint's answer is invalid: \(detail)"
        }
    }
}

/// Where a client's signing credentials come from.
public enum AWSCredentialSource: Sendable {
    /// One set for the process's lifetime (the key variables Lambda sets, or a test's keys).
    case fixed(AWSCredentials)
    /// A container credentials endpoint, refreshed before expiry.
    case container(ContainerCredentialProvider)

    /// The credentials to sign the next request with.
    public func current() throws(ContainerCredentialsError) -> AWSCredentials {
        switch self {
        case .fixed(let credentials): credentials
        case .container(let provider): try provider.credentials()
        }
    }
}
