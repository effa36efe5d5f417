/// An AWS access key pair, optionally with the session token of temporary credentials.
public struct AWSCredentials: Sendable, Equatable {
    /// The access key ID (`AKIA…` for long-term keys, `ASIA…` for temporary ones).
    public var accessKeyID: String
    /// The secret access key. It only ever enters the signing key derivation.
    public var secretAccessKey: String
    /// The session token of temporary credentials; `nil` for long-term keys.
    public var sessionToken: String?

    /// Creates credentials from their parts.
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }

    /// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, if present and non-empty,
    /// `AWS_SESSION_TOKEN` through `lookup` (for example a wrapper around `getenv`, or the
    /// environment a Lambda function was started with).
    ///
    /// - Throws: ``AWSCredentialsError/missingVariable(_:)`` when the key ID or the secret is
    ///   absent or empty.
    public static func fromEnvironment(
        _ lookup: (String) -> String?
    ) throws(AWSCredentialsError) -> AWSCredentials {
        func required(_ name: String) throws(AWSCredentialsError) -> String {
            guard let value = lookup(name), !value.isEmpty else { throw .missingVariable(name) }
            return value
        }
        let accessKeyID = try required("AWS_ACCESS_KEY_ID")
        let secretAccessKey = try required("AWS_SECRET_ACCESS_KEY")
        let token = lookup("AWS_SESSION_TOKEN")
        return AWSCredentials(
            accessKeyID: accessKeyID,
            secretAccessKey: secretAccessKey,
            sessionToken: (token?.isEmpty ?? true) ? nil : token
        )
    }
}

/// Why credentials could not be read from the environment.
public enum AWSCredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The named environment variable is not set or is empty.
    case missingVariable(String)

    /// A one-line explanation naming the variable.
    public var description: String {
        switch self {
        case .missingVariable(let name): "environment variable \(name) is not set or empty"
        }
    }
}
