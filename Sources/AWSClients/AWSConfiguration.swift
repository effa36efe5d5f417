import AWSSigV4

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The AWS services this module talks to, with the names their endpoints and signatures use.
public enum AWSService: String, Sendable, CaseIterable {
    /// Amazon S3.
    case s3
    /// Amazon Kinesis Data Streams.
    case kinesis
    /// AWS Step Functions (signing name and endpoint prefix `states`).
    case stepFunctions = "states"
    /// Amazon EventBridge (signing name `events`).
    case eventBridge = "events"
    /// Amazon SQS.
    case sqs
    /// Amazon Data Firehose.
    case firehose
    /// AWS Secrets Manager (signing name `secretsmanager`).
    case secretsManager = "secretsmanager"

    /// The name in the SigV4 credential scope.
    public var signingName: String { rawValue }

    /// The SDKs' service-specific endpoint variable (`AWS_ENDPOINT_URL_<SERVICE ID>`).
    public var endpointVariable: String {
        switch self {
        case .s3: "AWS_ENDPOINT_URL_S3"
        case .kinesis: "AWS_ENDPOINT_URL_KINESIS"
        case .stepFunctions: "AWS_ENDPOINT_URL_SFN"
        case .eventBridge: "AWS_ENDPOINT_URL_EVENTBRIDGE"
        case .sqs: "AWS_ENDPOINT_URL_SQS"
        case .firehose: "AWS_ENDPOINT_URL_FIREHOSE"
        case .secretsManager: "AWS_ENDPOINT_URL_SECRETS_MANAGER"
        }
    }

    /// The `X-Amz-Target` prefix and content type of the service's JSON protocol, for the
    /// services spoken that way (`nil` for S3's REST protocol).
    public var jsonProtocol: (targetPrefix: String, contentType: String)? {
        switch self {
        case .s3: nil
        case .kinesis: ("Kinesis_20131202", "application/x-amz-json-1.1")
        case .stepFunctions: ("AWSStepFunctions", "application/x-amz-json-1.0")
        case .eventBridge: ("AWSEvents", "application/x-amz-json-1.1")
        case .sqs: ("AmazonSQS", "application/x-amz-json-1.0")
        case .firehose: ("Firehose_20150804", "application/x-amz-json-1.1")
        case .secretsManager: ("secretsmanager", "application/x-amz-json-1.1")
        }
    }
}

/// Where requests for one service go: a scheme, a host, an optional port and path prefix.
public struct AWSEndpoint: Sendable, Equatable, CustomStringConvertible {
    /// `http` or `https`.
    public var scheme: String
    /// The host name or IP literal (IPv6 literals keep their brackets).
    public var host: String
    /// The port, or `nil` for the scheme's default.
    public var port: Int?
    /// A path prefix without a trailing slash (usually empty).
    public var pathPrefix: String

    /// Creates an endpoint from its parts.
    public init(scheme: String, host: String, port: Int? = nil, pathPrefix: String = "") {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.pathPrefix = pathPrefix
    }

    /// Parses `scheme://host[:port][/prefix]`; `nil` for anything else (no user info, query or
    /// fragment, scheme `http` or `https` only).
    public init?(url: String) {
        let schemeEnd: String.Index
        if url.hasPrefix("https://") {
            scheme = "https"
            schemeEnd = url.index(url.startIndex, offsetBy: 8)
        } else if url.hasPrefix("http://") {
            scheme = "http"
            schemeEnd = url.index(url.startIndex, offsetBy: 7)
        } else {
            return nil
        }
        let rest = url[schemeEnd...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var prefix = String(rest[authorityEnd...])
        while prefix.hasSuffix("/") { prefix.removeLast() }
        guard !authority.isEmpty, !authority.contains("@"), !prefix.contains("?"), !prefix.contains("#") else {
            return nil
        }
        // The port follows the last colon, unless that colon is inside an IPv6 literal.
        if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
            guard let port = Int(authority[authority.index(after: colon)...]), (1...65535).contains(port) else {
                return nil
            }
            host = String(authority[..<colon])
            self.port = port
        } else {
            host = String(authority)
            port = nil
        }
        guard !host.isEmpty else { return nil }
        pathPrefix = prefix
    }

    /// The `Host` header value: the host, with the port when one was given.
    public var authority: String { port.map { "\(host):\($0)" } ?? host }

    /// `scheme://authority/prefix`, without a trailing slash.
    public var baseURL: String { "\(scheme)://\(authority)\(pathPrefix)" }

    /// The base URL.
    public var description: String { baseURL }
}

/// Credentials, region and endpoints for the AWS clients, read from the environment the way
/// Lambda and the AWS SDKs provide it.
///
/// | variable | meaning |
/// | --- | --- |
/// | `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` | credentials (the token is optional) |
/// | `AWS_CONTAINER_CREDENTIALS_FULL_URI` or `_RELATIVE_URI`, `AWS_CONTAINER_AUTHORIZATION_TOKEN[_FILE]` | without the key variables: credentials fetched from that endpoint and refreshed before expiry (``ContainerCredentialProvider``) |
/// | `AWS_REGION`, else `AWS_DEFAULT_REGION` | the region |
/// | `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_KINESIS` | a service's endpoint (wins over the next) |
/// | `AWS_ENDPOINT_URL` | every service's endpoint |
/// | `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` | `true` ignores the three above |
public struct AWSConfiguration: Sendable {
    /// Where the credentials requests are signed with come from.
    public var credentialSource: AWSCredentialSource
    /// The region, e.g. `eu-west-1`; it names the AWS endpoints and the signing scope.
    public var region: String
    /// Endpoints that replace AWS's own, per service.
    public var endpointOverrides: [AWSService: AWSEndpoint]

    /// Creates a configuration from its parts.
    public init(credentialSource: AWSCredentialSource, region: String, endpointOverrides: [AWSService: AWSEndpoint] = [:]) {
        self.credentialSource = credentialSource
        self.region = region
        self.endpointOverrides = endpointOverrides
    }

    /// Creates a configuration that signs with one fixed set of credentials.
    public init(credentials: AWSCredentials, region: String, endpointOverrides: [AWSService: AWSEndpoint] = [:]) {
        self.init(credentialSource: .fixed(credentials), region: region, endpointOverrides: endpointOverrides)
    }

    /// The credentials when they are fixed (`nil` for a refreshed source).
    public var fixedCredentials: AWSCredentials? {
        if case .fixed(let credentials) = credentialSource { return credentials }
        return nil
    }

    /// Reads the configuration through `lookup` (the process environment by default); empty
    /// values count as unset.
    ///
    /// The key variables win, as in the SDKs' default chain; without `AWS_ACCESS_KEY_ID`, a
    /// container credentials URI is used, and nothing is fetched until the first request.
    ///
    /// - Throws: ``AWSConfigurationError`` when credentials or the region are missing, or an
    ///   endpoint variable is not an `http(s)://host[:port]` URL.
    public static func fromEnvironment(
        _ lookup: (String) -> String? = AWSConfiguration.processEnvironment
    ) throws(AWSConfigurationError) -> AWSConfiguration {
        func value(_ name: String) -> String? {
            guard let value = lookup(name), !value.isEmpty else { return nil }
            return value
        }
        let containerEndpoint: ContainerCredentialsEndpoint?
        do throws(ContainerCredentialsError) {
            containerEndpoint = value("AWS_ACCESS_KEY_ID") == nil ? try ContainerCredentialsEndpoint.fromEnvironment(value) : nil
        } catch {
            throw .invalidContainerCredentialsEndpoint(error.description)
        }
        let credentials: AWSCredentialSource
        if let containerEndpoint {
            credentials = .container(ContainerCredentialProvider.shared(for: containerEndpoint))
        } else {
            do {
                credentials = .fixed(try AWSCredentials.fromEnvironment(value))
            } catch {
                switch error {
                case .missingVariable(let name): throw .missingCredentials(variable: name)
                }
            }
        }
        guard let region = value("AWS_REGION") ?? value("AWS_DEFAULT_REGION") else { throw .missingRegion }

        var overrides: [AWSService: AWSEndpoint] = [:]
        if value("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")?.lowercased() != "true" {
            for service in AWSService.allCases {
                let variable = value(service.endpointVariable) != nil ? service.endpointVariable : "AWS_ENDPOINT_URL"
                guard let url = value(variable) else { continue }
                guard let endpoint = AWSEndpoint(url: url) else {
                    throw .invalidEndpointURL(variable: variable, value: url)
                }
                overrides[service] = endpoint
            }
        }
        return AWSConfiguration(credentialSource: credentials, region: region, endpointOverrides: overrides)
    }

    /// Looks a variable up in this process's environment.
    public static func processEnvironment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The endpoint for `service`: the override if one is configured, else AWS's regional one
    /// (`https://s3.<region>.amazonaws.com`, `.amazonaws.com.cn` in China regions).
    public func endpoint(for service: AWSService) -> AWSEndpoint {
        endpointOverrides[service] ?? AWSEndpoint(scheme: "https", host: "\(service.rawValue).\(region).\(dnsSuffix)")
    }

    /// Whether `service` goes to an endpoint other than AWS's own (then S3 uses path-style URLs).
    public func hasCustomEndpoint(for service: AWSService) -> Bool {
        endpointOverrides[service] != nil
    }

    var dnsSuffix: String { region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com" }

}

/// Why the AWS configuration could not be read from the environment.
public enum AWSConfigurationError: AWSClientError, Equatable {
    /// A credential variable is unset or empty.
    case missingCredentials(variable: String)
    /// Neither `AWS_REGION` nor `AWS_DEFAULT_REGION` is set.
    case missingRegion
    /// An endpoint variable does not hold an `http(s)://host[:port]` URL.
    case invalidEndpointURL(variable: String, value: String)
    /// The container credentials URI may not be used (``ContainerCredentialsEndpoint``).
    case invalidContainerCredentialsEndpoint(String)

    /// Always `AWS.InvalidConfiguration`: the function's environment is wrong.
    public var errorType: String { "AWS.InvalidConfiguration" }

    /// Never: the environment does not change between attempts.
    public var isRetryable: Bool { false }

    /// A one-line explanation naming the variable.
    public var description: String {
        switch self {
        case .missingCredentials(let variable): "environment variable \(variable) is not set or empty"
        case .missingRegion: "neither AWS_REGION nor AWS_DEFAULT_REGION is set"
        case .invalidEndpointURL(let variable, let value): "\(variable)=\(value) is not an http(s)://host[:port] URL"
        case .invalidContainerCredentialsEndpoint(let reason): reason
        }
    }
}

/// What every error of this module offers a Lambda function: a stable `errorType` for Step
/// Functions' Retry and Catch, and whether a later attempt may succeed.
public protocol AWSClientError: Error, Sendable, CustomStringConvertible {
    /// A stable name such as `S3.NoSuchKey`, documented in docs/aws-clients.md.
    var errorType: String { get }
    /// Whether retrying the same call later may succeed.
    var isRetryable: Bool { get }
}
