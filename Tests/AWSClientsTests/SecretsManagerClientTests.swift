import AWSClients
import CurlHTTP
import Foundation
import LocalServices
import Testing

/// SecretsManagerClient against a real moto server on loopback.
@Suite struct SecretsManagerClientTests {
    static let canary = "CANARY-secret-value-51f0c2"

    func withClient<T: Sendable>(_ body: @escaping @Sendable (SecretsManagerClient, JSONProtocolClient) throws -> T) async throws -> T {
        try await BlockingIO.run {
            let configuration = try MotoServer.shared().configuration()
            return try body(
                SecretsManagerClient(configuration: configuration),
                JSONProtocolClient(service: .secretsManager, configuration: configuration))
        }
    }

    struct Created: Decodable {
        var arn: String
        var versionID: String
        enum CodingKeys: String, CodingKey {
            case arn = "ARN"
            case versionID = "VersionId"
        }
    }

    @Test func currentAndPreviousVersionsAreReadByStage() async throws {
        try await withClient { client, admin in
            let created: Created = try admin.call(
                "CreateSecret", ["Name": "string-\(UUID().uuidString)", "SecretString": "first-\(Self.canary)"])
            let first = try client.secretValue(id: created.arn)
            #expect(first.bytes == Array("first-\(Self.canary)".utf8))
            #expect(first.arn == created.arn && first.versionID == created.versionID && first.stage == "AWSCURRENT")

            let rotated: Created = try admin.call("PutSecretValue", ["SecretId": created.arn, "SecretString": "second-\(Self.canary)"])
            #expect(try client.secretValue(id: created.arn).bytes == Array("second-\(Self.canary)".utf8))
            let previous = try client.secretValue(id: created.arn, stage: SecretsManagerClient.previousStage)
            #expect(previous.bytes == first.bytes && previous.versionID == created.versionID)
            #expect(rotated.versionID != created.versionID)
        }
    }

    @Test func binarySecretsAreDecoded() async throws {
        try await withClient { client, admin in
            let bytes: [UInt8] = [0, 1, 2, 0xFE, 0xFF]
            let created: Created = try admin.call(
                "CreateSecret", ["Name": "binary-\(UUID().uuidString)", "SecretBinary": Data(bytes).base64EncodedString()])
            #expect(try client.secretValue(id: created.arn).bytes == bytes)
        }
    }

    @Test func missingSecretsAndStagesAreResourceNotFound() async throws {
        try await withClient { client, admin in
            let missing = #expect(throws: SecretsManagerError.self) {
                try client.secretValue(id: "arn:aws:secretsmanager:us-east-1:123456789012:secret:nothing-here-AbCdEf")
            }
            #expect(missing?.errorType == "AWS.ResourceNotFoundException")
            #expect(missing?.isRetryable == false)
            let created: Created = try admin.call(
                "CreateSecret", ["Name": "never-rotated-\(UUID().uuidString)", "SecretString": Self.canary])
            let noPrevious = #expect(throws: SecretsManagerError.self) {
                try client.secretValue(id: created.arn, stage: SecretsManagerClient.previousStage)
            }
            #expect(noPrevious?.errorType == "AWS.ResourceNotFoundException")
        }
    }

    @Test func theValueIsInNoDescriptionOrMirror() async throws {
        let value = SecretValue(
            arn: "arn:aws:secretsmanager:us-east-1:1:secret:s", versionID: "v", stage: "AWSCURRENT", bytes: Array(Self.canary.utf8))
        var dumped = ""
        dump(value, to: &dumped)
        for text in ["\(value)", String(reflecting: value), dumped, "\(Mirror(reflecting: value).children.map { "\($0)" })"] {
            #expect(!text.contains(Self.canary) && !text.contains("\(Self.canary.utf8.count)"), "\(text)")
            #expect(text.contains("arn:aws:secretsmanager"))
        }
    }
}
