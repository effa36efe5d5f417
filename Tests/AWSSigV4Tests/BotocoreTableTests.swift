import AWSSigV4
import Foundation
import Testing

/// S3, Kinesis and Lambda style requests whose expected signatures come from botocore
/// (`scripts/generate-sigv4-expectations.py` writes `Fixtures/botocore-signatures.json`).
struct BotocoreCase: Decodable, Sendable, CustomTestStringConvertible {
    struct Expected: Decodable, Sendable {
        var canonicalRequest: String
        var stringToSign: String
        var signature: String
        var authorization: String
        var xAmzDate: String
        var xAmzContentSha256: String?
    }

    var name: String
    var signer: String
    var service: String
    var region: String
    var accessKeyId: String
    var secretAccessKey: String
    var sessionToken: String?
    var method: String
    var path: String
    var query: [[String]]
    var headers: [[String]]
    var body: String
    var payload: String
    var timestamp: Int
    var bucket: String?
    var key: String?
    var expected: Expected

    var testDescription: String { name }

    struct Document: Decodable {
        var botocoreVersion: String
        var cases: [BotocoreCase]
    }

    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/botocore-signatures.json")
    static let expectedCount = 14

    static func load() throws -> [BotocoreCase] {
        try Self.decoder.decode(Document.self, from: Data(contentsOf: fixture)).cases
    }

    static let all: [BotocoreCase] = (try? load()) ?? []

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}

struct BotocoreTableTests {
    @Test func fixtureHasEveryEntry() throws {
        let cases = try BotocoreCase.load()
        #expect(cases.count == BotocoreCase.expectedCount)
        #expect(Set(cases.map(\.name)).count == cases.count)
    }

    @Test(arguments: BotocoreCase.all)
    func matchesBotocore(entry: BotocoreCase) throws {
        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: entry.accessKeyId, secretAccessKey: entry.secretAccessKey,
                sessionToken: entry.sessionToken),
            region: entry.region,
            service: entry.service,
            options: entry.signer == "s3" ? .s3 : .standard)

        if entry.signer == "s3", let bucket = entry.bucket, let key = entry.key {
            // The path botocore signed is the one our key encoder produces.
            #expect(entry.path == "/" + (bucket.isEmpty ? "" : bucket + "/") + SigV4Signer.encodeS3Key(key))
        }

        let payload: SigV4Payload =
            switch entry.payload {
            case "unsigned": .unsigned
            default: .bytes(Array(entry.body.utf8))
            }
        let result = try signer.sign(
            method: entry.method,
            path: entry.path,
            query: entry.query.map { ($0[0], $0[1]) },
            headers: entry.headers.map { ($0[0], $0[1]) },
            payload: payload,
            date: entry.timestamp)

        #expect(result.canonicalRequest == entry.expected.canonicalRequest)
        #expect(result.stringToSign == entry.expected.stringToSign)
        #expect(result.signature == entry.expected.signature)
        #expect(result.authorization == entry.expected.authorization)
        #expect(result.header("Authorization") == entry.expected.authorization)
        #expect(result.header("X-Amz-Date") == entry.expected.xAmzDate)
        #expect(result.header("x-amz-content-sha256") == entry.expected.xAmzContentSha256)
        #expect(result.header("X-Amz-Security-Token") == entry.sessionToken)
    }
}
