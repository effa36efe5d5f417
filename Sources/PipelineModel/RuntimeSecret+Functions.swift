import AWSClients

/// The two secrets the functions read, and the one rule per secret for turning its value into
/// what the function uses. Shared by the functions and their tests.
extension RuntimeSecret {
    /// The HMAC-SHA256 key for patient pseudonyms (at least 32 bytes), or `nil` when none is
    /// configured. `settings` must have been read with the three variables below.
    ///
    /// - `PHI_HMAC_KEY_SECRET_ARN`: the secret whose `SecretString` holds the key as hexadecimal
    ///   (what the deployed template sets). `PHI_HMAC_KEY_VERSION_STAGE` picks the version:
    ///   `AWSCURRENT` (default) or `AWSPREVIOUS`, to keep the old pseudonyms during a
    ///   rotation window (docs/SECURITY.md: a new key changes every pseudonym).
    /// - `PHI_HMAC_KEY`: the key itself as hexadecimal, for local development only.
    ///
    /// - Throws: `InvalidConfiguration` when both or a bad stage are set, ``RuntimeSecretError``
    ///   when the secret cannot be read or is not ≥ 32 bytes of hexadecimal.
    public static func pseudonymKey(_ settings: FunctionSettings, configuration: () throws -> AWSConfiguration) throws -> [UInt8]? {
        let stage = try settings.choice(
            "PHI_HMAC_KEY_VERSION_STAGE", default: SecretsManagerClient.currentStage,
            among: [SecretsManagerClient.currentStage, SecretsManagerClient.previousStage])
        let variable = "PHI_HMAC_KEY_SECRET_ARN"
        let secret = try load(arnVariable: variable, from: settings, stage: stage) {
            SecretsManagerClient(configuration: try configuration())
        }
        guard let secret else { return try settings.hexBytes("PHI_HMAC_KEY", minimumBytes: 32) }
        guard settings.string("PHI_HMAC_KEY") == nil else {
            throw PipelineError.invalidConfiguration(variable: "PHI_HMAC_KEY", problem: "must not be set together with \(variable)")
        }
        let text = String(decoding: secret.current.bytes, as: UTF8.self)
        guard let key = FunctionSettings.decodeHex(text.trimmingASCIIWhitespace()), key.count >= 32 else {
            throw RuntimeSecretError.invalidValue(variable: variable, problem: "must be at least 32 bytes of hexadecimal")
        }
        return key
    }

    /// The shortest credential accepted: shorter values are guessable, not generated.
    public static let minimumCredentialLength = 16

    /// The inference credentials to send as `X-RadStream-Inference-Credential`: the secret's
    /// `AWSCURRENT` value, then its `AWSPREVIOUS` value when one exists (tried after a 401/403
    /// during a rotation window); empty when `INFERENCE_CREDENTIAL_SECRET_ARN` (which `settings`
    /// must have been read with) is unset.
    ///
    /// - Throws: ``RuntimeSecretError`` when the secret cannot be read, or a value is not 16 to
    ///   4096 visible ASCII characters (a header value cannot hold anything else safely).
    public static func inferenceCredentials(_ settings: FunctionSettings, configuration: () throws -> AWSConfiguration) throws -> [String] {
        let variable = "INFERENCE_CREDENTIAL_SECRET_ARN"
        let secret = try load(arnVariable: variable, from: settings, includingPrevious: true) {
            SecretsManagerClient(configuration: try configuration())
        }
        guard let secret else { return [] }
        var credentials: [String] = []
        for value in [secret.current] + (secret.previous.map { [$0] } ?? []) {
            let visibleASCII = value.bytes.allSatisfy { (0x21...0x7E).contains($0) }
            guard visibleASCII, (minimumCredentialLength...4096).contains(value.bytes.count) else {
                throw RuntimeSecretError.invalidValue(
                    variable: variable, problem: "(\(value.stage)) must be \(minimumCredentialLength) to 4096 visible ASCII characters")
            }
            credentials.append(String(decoding: value.bytes, as: UTF8.self))
        }
        return credentials
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line ends (a key pasted with a newline).
    fileprivate func trimmingASCIIWhitespace() -> Substring {
        var text = self[...]
        while let first = text.utf8.first, [0x20, 0x09, 0x0A, 0x0D].contains(first) { text = text.dropFirst() }
        while let last = text.utf8.last, [0x20, 0x09, 0x0A, 0x0D].contains(last) { text = text.dropLast() }
        return text
    }
}
