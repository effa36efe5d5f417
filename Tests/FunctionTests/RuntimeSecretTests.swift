import AWSClients
import AWSSigV4
import CurlHTTP
import Digests
import Foundation
import LambdaEmulator
import LocalServices
import Testing

/// Secrets read at initialisation from moto's Secrets Manager: ValidateMetadata's HMAC key and
/// RunInference's inference credential (checked by a real Triton with `--http-restricted-api`),
/// rotation (AWSPREVIOUS), and the typed init errors. Every secret value carries a canary that no
/// log line or answer may contain.
@Suite(.serialized)
struct RuntimeSecretTests {
    /// Hex keys whose text is the canary: no log line or output may contain any 16 of its digits.
    static let keyCanary = "ca7a2b" + String(repeating: "d00d", count: 14) + "5eed"
    static let rotatedKey = "0dd" + String(repeating: "beef", count: 15) + "c0f"

    static func pseudonym(key hex: String, mrn: String) -> String {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        // The sidecar carries the identifier as patientID: its domain (docs/metadata.md), NUL, value.
        return Digests.hex(Digests.hmacSHA256(key: bytes, message: Array("radstream.patient-pseudonym.v2.patientID\0\(mrn)".utf8)))
    }

    static func sidecarEvent() -> [String: Any] {
        ["bucket": "images", "sidecar": ValidateMetadataTests.sidecar(extra: ["patientID": ValidateMetadataTests.canaryMRN])]
    }

    /// Every 16-character window of `secret`: a log line holding a fragment leaks it too.
    static func fragments(of secret: String) -> [String] {
        let characters = Array(secret)
        return stride(from: 0, through: characters.count - 16, by: 8).map { String(characters[$0..<($0 + 16)]) }
    }

    static func expectNoLeak(of secret: String, in texts: [String], _ place: String) {
        for fragment in fragments(of: secret) {
            #expect(!texts.contains { $0.contains(fragment) }, "\(place) carries a fragment of the secret")
        }
    }

    @Test func pseudonymKeyComesFromSecretsManagerAndIsNeverLogged() async throws {
        let moto = try await BlockingIO.run { try MotoServer.shared() }
        let arn = try await BlockingIO.run { try MotoSecrets(moto).create(name: "phi-key-\(UUID().uuidString)", value: Self.keyCanary) }
        let environment = ["PHI_POLICY": "pseudonymize", "PHI_HMAC_KEY_SECRET_ARN": arn, "IMAGES_BUCKETS": "images"]
        try await FunctionHarness.withFunction(ValidateMetadataTests.function, environment: environment) { emulator, logs, _ in
            let result = try await FunctionHarness.invoke(emulator, ValidateMetadataTests.function, Self.sidecarEvent())
            #expect(!result.isError, "\(result.payloadText)")
            let metadata = try #require(try jsonObject(result.payload)["metadata"] as? [String: Any])
            #expect(metadata["patientPseudonym"] as? String == Self.pseudonym(key: Self.keyCanary, mrn: ValidateMetadataTests.canaryMRN))
            _ = await logs.firstLine(containing: "sidecar valid", within: .seconds(5))
            #expect(!logs.allLines.isEmpty)
            Self.expectNoLeak(of: Self.keyCanary, in: logs.allLines + [result.payloadText], "ValidateMetadata")
        }
    }

    @Test func rotationChangesEveryPseudonymAndThePreviousKeyCanBePinned() async throws {
        let moto = try await BlockingIO.run { try MotoServer.shared() }
        let arn = try await BlockingIO.run {
            let secrets = try MotoSecrets(moto)
            let arn = try secrets.create(name: "phi-key-\(UUID().uuidString)", value: Self.keyCanary)
            try secrets.rotate(arn, to: Self.rotatedKey)
            return arn
        }
        let mrn = ValidateMetadataTests.canaryMRN
        for (stage, key) in [("AWSCURRENT", Self.rotatedKey), ("AWSPREVIOUS", Self.keyCanary)] {
            let environment = [
                "PHI_POLICY": "pseudonymize", "PHI_HMAC_KEY_SECRET_ARN": arn, "PHI_HMAC_KEY_VERSION_STAGE": stage,
                "IMAGES_BUCKETS": "images",
            ]
            try await FunctionHarness.withFunction(ValidateMetadataTests.function, environment: environment) { emulator, logs, _ in
                let result = try await FunctionHarness.invoke(emulator, ValidateMetadataTests.function, Self.sidecarEvent())
                let metadata = try #require(try jsonObject(result.payload)["metadata"] as? [String: Any], "\(result.payloadText)")
                #expect(metadata["patientPseudonym"] as? String == Self.pseudonym(key: key, mrn: mrn), "\(stage)")
                Self.expectNoLeak(of: Self.keyCanary, in: logs.allLines, stage)
                Self.expectNoLeak(of: Self.rotatedKey, in: logs.allLines, stage)
            }
        }
        #expect(Self.pseudonym(key: Self.keyCanary, mrn: mrn) != Self.pseudonym(key: Self.rotatedKey, mrn: mrn))
    }

    @Test func wrongARNAndUnusableValuesAreTypedInitErrors() async throws {
        let moto = try await BlockingIO.run { try MotoServer.shared() }
        let notHex = "CANARY-not-hex-" + String(repeating: "z", count: 60)
        let (shortARN, notHexARN) = try await BlockingIO.run {
            let secrets = try MotoSecrets(moto)
            return (
                try secrets.create(name: "short-\(UUID().uuidString)", value: "abcdef"),
                try secrets.create(name: "nothex-\(UUID().uuidString)", value: notHex)
            )
        }
        let missing = "arn:aws:secretsmanager:us-east-1:123456789012:secret:does-not-exist-AbCdEf"
        let cases: [(String, [String: String], String)] = [
            (ValidateMetadataTests.function, ["PHI_HMAC_KEY_SECRET_ARN": missing], "Secret.NotFound"),
            (ValidateMetadataTests.function, ["PHI_HMAC_KEY_SECRET_ARN": shortARN], "Secret.InvalidValue"),
            (ValidateMetadataTests.function, ["PHI_HMAC_KEY_SECRET_ARN": notHexARN], "Secret.InvalidValue"),
            (
                ValidateMetadataTests.function, ["PHI_HMAC_KEY_SECRET_ARN": shortARN, "PHI_HMAC_KEY": Self.rotatedKey],
                "InvalidConfiguration"
            ),
            (ValidateMetadataTests.function, [:], "InvalidConfiguration"),
        ]
        for (function, variables, errorType) in cases {
            let environment = variables.merging(["PHI_POLICY": "pseudonymize", "IMAGES_BUCKETS": "images"]) { old, _ in old }
            try await FunctionHarness.withFunction(function, environment: environment) { emulator, logs, _ in
                let result = try await FunctionHarness.invoke(emulator, function, Self.sidecarEvent())
                #expect(result.isError)
                let error = try jsonObject(result.payload)
                #expect(error["errorType"] as? String == errorType, "\(variables.keys.sorted()): \(result.payloadText)")
                #expect(!result.payloadText.contains("CANARY") && logs.lines(containing: "CANARY").isEmpty)
                #expect(!result.payloadText.contains("abcdef"), "the message never quotes the value")
            }
        }
    }

    @Test func aRoleWithoutPermissionGetsSecretAccessDenied() async throws {
        // A moto of our own: enforcing IAM is server-wide.
        let moto = try await BlockingIO.run { try MotoServer() }
        defer { moto.stop() }
        let (arn, credentials) = try await BlockingIO.run {
            try moto.enforceAuthentication(afterActions: 3)
            let arn = try MotoSecrets(moto).create(name: "phi-key", value: Self.keyCanary)
            return (arn, try moto.createUserWithoutPolicies("validate-metadata"))
        }
        var environment = moto.awsEnvironment
        environment["AWS_ACCESS_KEY_ID"] = credentials.accessKeyID
        environment["AWS_SECRET_ACCESS_KEY"] = credentials.secretAccessKey
        environment["AWS_SESSION_TOKEN"] = nil
        environment.merge(["PHI_POLICY": "pseudonymize", "PHI_HMAC_KEY_SECRET_ARN": arn, "IMAGES_BUCKETS": "images"]) { _, new in new }
        let logs = LogCollector()
        let emulator = try await LambdaEmulator.start(
            functions: [
                FunctionConfiguration(
                    name: ValidateMetadataTests.function, executablePath: FunctionHarness.executable(ValidateMetadataTests.function),
                    environment: environment, timeout: .seconds(10))
            ], logSink: logs.sink())
        let result = try await FunctionHarness.invoke(emulator, ValidateMetadataTests.function, Self.sidecarEvent())
        await emulator.shutdown()
        #expect(try jsonObject(result.payload)["errorType"] as? String == "Secret.AccessDenied", "\(result.payloadText)")
        Self.expectNoLeak(of: Self.keyCanary, in: logs.allLines + [result.payloadText], "access denied")
    }

    // MARK: RunInference

    static let credentialCanary = "CANARY-credential-7f3a91c2e4b8d605"

    func runInference(credentialARN: String, triton: TritonServer, bucket: String) -> [String: String] {
        [
            "RADSTREAM_INFERENCE_URL": triton.endpoint, "MODEL_NAME": TritonServer.FixtureModel.name,
            "MODEL_LABELS": RunInferenceTests.labels.joined(separator: ","), "MODEL_TOP_K": "4", "TENSORS_BUCKETS": bucket,
            "INFERENCE_CREDENTIAL_SECRET_ARN": credentialARN,
        ]
    }

    @Test func inferenceCredentialIsSentToATritonThatRequiresIt() async throws {
        let triton = try await BlockingIO.run { try TritonServer(credential: Self.credentialCanary) }
        defer { triton.stop() }
        let moto = try await BlockingIO.run { try MotoServer.shared() }
        let bucket = uniqueBucket("tensors")
        let (right, wrong, rotating) = try await BlockingIO.run {
            let secrets = try MotoSecrets(moto)
            return (
                try secrets.create(name: "cred-\(UUID().uuidString)", value: Self.credentialCanary),
                try secrets.create(name: "cred-\(UUID().uuidString)", value: "CANARY-wrong-credential-0000"),
                try secrets.create(name: "cred-\(UUID().uuidString)", value: Self.credentialCanary)
            )
        }
        // Rotated on the Lambda side first: AWSCURRENT is new, Triton still expects AWSPREVIOUS.
        try await BlockingIO.run { try MotoSecrets(moto).rotate(rotating, to: "CANARY-rotated-credential-1111") }
        let inference = RunInferenceTests()
        for (arn, expected) in [(right, nil), (rotating, nil), (wrong, "Inference.Unauthorized")] as [(String, String?)] {
            try await FunctionHarness.withFunction(
                RunInferenceTests.function, environment: runInference(credentialARN: arn, triton: triton, bucket: bucket)
            ) { emulator, logs, moto in
                try await inference.upload(RunInferenceTests.bytes, to: bucket, key: "tensors/s/t.bin", moto: moto)
                let result = try await FunctionHarness.invoke(
                    emulator, RunInferenceTests.function, inference.reference(bucket: bucket, key: "tensors/s/t.bin"))
                if let expected {
                    #expect(try jsonObject(result.payload)["errorType"] as? String == expected, "\(result.payloadText)")
                } else {
                    #expect(!result.isError, "\(result.payloadText)")
                    #expect(try jsonObject(result.payload)["predictions"] as? [[String: Any]] != nil)
                }
                _ = await logs.firstLine(containing: "END", within: .seconds(5))
                #expect(logs.lines(containing: "CANARY").isEmpty, "no log line carries a credential")
                #expect(!result.payloadText.contains("CANARY"))
            }
        }
        #expect(!triton.logTail(lines: 10_000).contains(Self.credentialCanary), "nor does the server's own log")
    }
}

/// Secrets in moto's Secrets Manager, through the project's own JSON-protocol client.
struct MotoSecrets {
    let client: JSONProtocolClient

    init(_ moto: MotoServer) throws {
        client = JSONProtocolClient(service: .secretsManager, configuration: try moto.configuration())
    }

    /// Creates a secret holding `value` (`AWSCURRENT`) and returns its ARN.
    func create(name: String, value: String) throws -> String {
        struct Answer: Decodable {
            var arn: String
            enum CodingKeys: String, CodingKey { case arn = "ARN" }
        }
        return try client.call("CreateSecret", ["Name": name, "SecretString": value], as: Answer.self).arn
    }

    /// Stores a new value: it becomes `AWSCURRENT`, the old one `AWSPREVIOUS`, as a rotation does.
    func rotate(_ arn: String, to value: String) throws {
        let _: EmptyResponse = try client.call("PutSecretValue", ["SecretId": arn, "SecretString": value])
    }
}
