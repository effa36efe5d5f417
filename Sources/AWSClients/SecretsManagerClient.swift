import CurlHTTP
import Retrying

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Reads secrets from AWS Secrets Manager (`GetSecretValue`, JSON 1.1 protocol) over the same
/// signed transport, retry policy and typed errors as every other control-plane call.
///
/// Functions read their secrets once, at initialisation (`RuntimeSecret` in PipelineModel), and
/// keep them for the execution environment's life: one call per cold start, none per invocation.
public struct SecretsManagerClient {
    let client: JSONProtocolClient

    /// Creates a client.
    public init(configuration: AWSConfiguration, httpClient: CurlHTTPClient = CurlHTTPClient(), retryPolicy: RetryPolicy = .standard) {
        client = JSONProtocolClient(
            service: .secretsManager, configuration: configuration, httpClient: httpClient, retryPolicy: retryPolicy)
    }

    /// The version stage every rotation moves: the value in use now.
    public static let currentStage = "AWSCURRENT"
    /// The stage rotation gives the value it replaced, for the rotation window.
    public static let previousStage = "AWSPREVIOUS"

    /// Reads one version of a secret.
    ///
    /// - Parameters:
    ///   - secretID: The secret's ARN (or name).
    ///   - stage: The version stage, ``currentStage`` by default.
    /// - Throws: `.rejected(code: "ResourceNotFoundException", …)` for a secret (or a stage) that
    ///   does not exist, `AccessDeniedException` when the role may not read it, `DecryptionFailure`
    ///   when its KMS key is not usable; throttling and 5xx are retried until `deadline`.
    public func secretValue(
        id secretID: String, stage: String = SecretsManagerClient.currentStage, deadline: Deadline? = nil
    ) throws(SecretsManagerError) -> SecretValue {
        struct Response: Decodable {
            var arn: String
            var versionID: String
            var secretString: String?
            var secretBinary: String?

            enum CodingKeys: String, CodingKey {
                case arn = "ARN"
                case versionID = "VersionId"
                case secretString = "SecretString"
                case secretBinary = "SecretBinary"
            }
        }
        let response = try client.call(
            "GetSecretValue", ["SecretId": secretID, "VersionStage": stage], as: Response.self, deadline: deadline)
        let bytes: [UInt8]
        if let text = response.secretString {
            bytes = Array(text.utf8)
        } else if let encoded = response.secretBinary, let decoded = Data(base64Encoded: encoded) {
            bytes = Array(decoded)
        } else {
            // Never describe the value: only that its shape was wrong.
            throw .invalidResponse("GetSecretValue: neither SecretString nor base64 SecretBinary")
        }
        return SecretValue(arn: response.arn, versionID: response.versionID, stage: stage, bytes: bytes)
    }
}

/// One version of a secret. Its description, debug description and mirror show the ARN, the
/// version and the stage, never the value nor its length, so an accidental `print` or log
/// interpolation cannot leak it.
public struct SecretValue: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret's full ARN.
    public let arn: String
    /// The version's id (a UUID chosen by Secrets Manager or the rotation function).
    public let versionID: String
    /// The stage it was read at (`AWSCURRENT`, `AWSPREVIOUS`).
    public let stage: String
    /// The value: `SecretString`'s UTF-8 bytes, or `SecretBinary` decoded.
    public let bytes: [UInt8]

    /// Creates a value (for callers that hold a secret from elsewhere, e.g. local development).
    public init(arn: String, versionID: String, stage: String, bytes: [UInt8]) {
        self.arn = arn
        self.versionID = versionID
        self.stage = stage
        self.bytes = bytes
    }

    /// `secret <arn> version <id> (<stage>)`: never the value.
    public var description: String { "secret \(arn) version \(versionID) (\(stage))" }
    /// As ``description``.
    public var debugDescription: String { description }
    /// Reflection (`dump`, `Mirror`) shows the identifiers only.
    public var customMirror: Mirror { Mirror(self, children: ["arn": arn, "versionID": versionID, "stage": stage]) }
}

/// Why a Secrets Manager call failed (the JSON protocol's errors: `errorType` `AWS.<Code>`).
public typealias SecretsManagerError = JSONProtocolError
