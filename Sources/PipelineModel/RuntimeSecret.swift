import AWSClients
import LambdaRuntime

/// A secret a function reads from AWS Secrets Manager once, at initialisation: the environment
/// holds only the secret's ARN, never its value (which `lambda:GetFunctionConfiguration` would
/// show to anyone allowed it). The value lives in the execution environment's memory for its
/// life; a rotated secret reaches a function when Lambda starts new environments.
///
/// Nothing here logs or describes a value: errors name the variable and the ARN only.
public struct RuntimeSecret: Sendable {
    /// The version read at the configured stage (`AWSCURRENT` unless the function says otherwise).
    public let current: SecretValue
    /// `AWSPREVIOUS`, when asked for and one exists: the value a rotation replaced.
    public let previous: SecretValue?

    /// Creates a secret from values already read.
    public init(current: SecretValue, previous: SecretValue? = nil) {
        self.current = current
        self.previous = previous
    }

    /// Reads the secret whose ARN is in `variable`, or returns `nil` when the variable is unset.
    ///
    /// - Parameters:
    ///   - stage: The version stage to use as ``current`` (`AWSCURRENT`, or `AWSPREVIOUS` to pin
    ///     the previous value during a rotation window).
    ///   - includingPrevious: Also read `AWSPREVIOUS` into ``previous``; a secret never rotated
    ///     has none, which is not an error.
    ///   - client: Makes the Secrets Manager client (called only when the variable is set).
    /// - Throws: ``RuntimeSecretError`` naming `variable`.
    public static func load(
        arnVariable variable: String, from settings: FunctionSettings, stage: String = SecretsManagerClient.currentStage,
        includingPrevious: Bool = false, client: () throws -> SecretsManagerClient
    ) throws -> RuntimeSecret? {
        guard let arn = settings.string(variable) else { return nil }
        let secrets = try client()
        let current = try read(arn, stage: stage, from: secrets, for: variable)
        var previous: SecretValue?
        if includingPrevious, stage != SecretsManagerClient.previousStage {
            do {
                previous = try read(arn, stage: SecretsManagerClient.previousStage, from: secrets, for: variable)
            } catch {
                // A secret never rotated has no previous version: not an error.
                guard case .unreadable(_, _, _, .rejected(code: "ResourceNotFoundException", _, _)) = error else { throw error }
            }
        }
        return RuntimeSecret(current: current, previous: previous)
    }

    /// One `GetSecretValue`; initialisation has Lambda's 10 s budget and the retries stay well
    /// inside it.
    private static func read(
        _ arn: String, stage: String, from secrets: SecretsManagerClient, for variable: String
    ) throws(RuntimeSecretError) -> SecretValue {
        do {
            return try secrets.secretValue(id: arn, stage: stage, deadline: .after(.seconds(5)))
        } catch {
            throw .unreadable(variable: variable, secret: arn, stage: stage, error)
        }
    }
}

/// Why a function could not read or use a secret at initialisation. Never carries the value.
public enum RuntimeSecretError: LambdaFunctionError, Equatable {
    /// Secrets Manager refused or failed `GetSecretValue`.
    case unreadable(variable: String, secret: String, stage: String, SecretsManagerError)
    /// The value is not usable (wrong format or too short); `problem` never quotes it.
    case invalidValue(variable: String, problem: String)

    /// `Secret.NotFound` (no such secret or stage: a wrong ARN), `Secret.AccessDenied` (the role
    /// or the KMS key policy refuses it; any 403), `Secret.Unavailable` (throttled, 5xx or unreachable
    /// after retries), `Secret.Unreadable` (any other refusal), `Secret.InvalidValue`.
    public var errorType: String {
        switch self {
        case .unreadable(_, _, _, let error):
            switch error {
            case .rejected(code: "ResourceNotFoundException", _, _): "Secret.NotFound"
            case .rejected(code: "AccessDeniedException", _, _), .rejected(code: "DecryptionFailure", _, _), .rejected(_, status: 403, _):
                "Secret.AccessDenied"
            case _ where error.isRetryable: "Secret.Unavailable"
            default: "Secret.Unreadable"
            }
        case .invalidValue: "Secret.InvalidValue"
        }
    }

    public var description: String {
        switch self {
        case .unreadable(let variable, let secret, let stage, let error):
            "\(variable): cannot read \(secret) (\(stage)): \(error.description)"
        case .invalidValue(let variable, let problem): "\(variable): the secret's value \(problem)"
        }
    }
}
