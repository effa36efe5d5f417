import AWSSigV4
import Foundation
import Testing

/// AWS's own SigV4 test suite (aws-c-auth's copy, 38 cases), read from the shared test data beside
/// the repository: `../shared/testdata/sigv4` from the repository root. The tests fail, not skip,
/// when the folder is missing.
enum AWSTestSuite {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/testdata/sigv4", isDirectory: true)
    static let expectedCaseCount = 38

    /// Placeholder argument used when the folder cannot be listed, so the parameterised test
    /// records a failure instead of silently running zero times.
    static let missingMarker = "<sigv4 test suite folder missing>"

    /// Every case folder (one with a `request.txt`), sorted.
    static func allCaseNames() -> [String]? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return nil }
        return entries.filter { FileManager.default.fileExists(atPath: file($0, "request.txt").path) }.sorted()
    }

    /// Cases that have header-signing expectations. A case without `header-canonical-request.txt`
    /// (only presigned-URL `query-*` expectations) is skipped on purpose: this signer only makes
    /// `Authorization` headers. With the current data no case is skipped.
    static func headerCaseNames() -> [String] {
        guard let names = allCaseNames() else { return [missingMarker] }
        return names.filter { FileManager.default.fileExists(atPath: file($0, "header-canonical-request.txt").path) }
    }

    static func file(_ caseName: String, _ name: String) -> URL {
        directory.appendingPathComponent(caseName).appendingPathComponent(name)
    }

    static func read(_ caseName: String, _ name: String) throws -> String {
        String(decoding: try Data(contentsOf: file(caseName, name)), as: UTF8.self)
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    struct Context: Decodable {
        struct Credentials: Decodable {
            var accessKeyId: String
            var secretAccessKey: String
            var token: String?
        }
        var credentials: Credentials
        var region: String
        var service: String
        var timestamp: String
        var normalize: Bool
        var signBody: Bool
        var omitSessionToken: Bool?
    }
}

struct AWSTestSuiteTests {
    @Test func suiteFolderIsPresentAndComplete() throws {
        let all = try #require(AWSTestSuite.allCaseNames(), "missing \(AWSTestSuite.directory.path)")
        let ran = AWSTestSuite.headerCaseNames()
        #expect(all.count == AWSTestSuite.expectedCaseCount)
        #expect(ran.count == AWSTestSuite.expectedCaseCount, "skipped: \(Set(all).subtracting(ran).sorted())")
        print("AWS SigV4 suite: \(ran.count) cases run, \(all.count - ran.count) skipped (no header-* expectations)")
    }

    @Test func parsesMultiLineHeadersAndBody() throws {
        let raw = "POST /a b/?x=%E1%88%B4&y HTTP/1.1\nHost:h\nMy-Header1:value1\n  value2\n\nline1\nline2"
        let request = try RawHTTPRequest(parsing: Array(raw.utf8))
        #expect(
            request
                == RawHTTPRequest(
                    method: "POST", path: "/a b/", query: [.init(name: "x", value: "ሴ"), .init(name: "y", value: "")],
                    headers: [.init(name: "Host", value: "h"), .init(name: "My-Header1", value: "value1\n  value2")],
                    body: Array("line1\nline2".utf8)))
    }

    @Test(arguments: AWSTestSuite.headerCaseNames())
    func reproducesHeaderSigning(caseName: String) throws {
        guard caseName != AWSTestSuite.missingMarker else {
            Issue.record("AWS SigV4 test suite not found at \(AWSTestSuite.directory.path)")
            return
        }
        let context = try AWSTestSuite.decoder.decode(
            AWSTestSuite.Context.self, from: Data(contentsOf: AWSTestSuite.file(caseName, "context.json")))
        let request = try RawHTTPRequest(parsing: Array(try Data(contentsOf: AWSTestSuite.file(caseName, "request.txt"))))
        let date = try #require(ISO8601DateFormatter().date(from: context.timestamp))

        let signer = SigV4Signer(
            credentials: AWSCredentials(
                accessKeyID: context.credentials.accessKeyId,
                secretAccessKey: context.credentials.secretAccessKey,
                sessionToken: context.credentials.token),
            region: context.region,
            service: context.service,
            options: .init(
                normalizePath: context.normalize,
                signedBodyHeader: context.signBody,
                omitSessionTokenFromSignature: context.omitSessionToken ?? false))
        let result = try signer.sign(
            method: request.method,
            path: request.path,
            query: request.query.map { ($0.name, $0.value) },
            headers: request.headers.map { ($0.name, $0.value) },
            payload: .bytes(request.body),
            date: Int(date.timeIntervalSince1970))

        #expect(result.canonicalRequest == (try AWSTestSuite.read(caseName, "header-canonical-request.txt")))
        #expect(result.stringToSign == (try AWSTestSuite.read(caseName, "header-string-to-sign.txt")))
        #expect(result.signature == (try AWSTestSuite.read(caseName, "header-signature.txt")))

        // The signed request must carry exactly the Authorization line AWS expects.
        let signedRequest = try AWSTestSuite.read(caseName, "header-signed-request.txt")
        let expectedAuthorization = signedRequest.split(separator: "\n")
            .first { $0.hasPrefix("Authorization:") }
            .map { String($0.dropFirst("Authorization:".count)) }
        #expect(result.header("Authorization") == expectedAuthorization)
        #expect(result.header("X-Amz-Security-Token") == context.credentials.token)
    }
}
