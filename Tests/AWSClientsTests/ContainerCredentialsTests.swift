import AWSClients
import CurlHTTP
import Foundation
import HTTPTypes
import Hummingbird
import LocalServices
import LoopbackHTTP
import NIOCore
import Synchronization
import Testing

/// ContainerCredentialProvider against a credentials endpoint on loopback, and S3Client signing
/// with what it hands out against moto.
///
/// No AWS tool serves the container credentials protocol locally (moto has no such endpoint), so
/// the endpoint is a Hummingbird route answering the documented document
/// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html):
/// `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`; it requires the `Authorization` value.
@Suite(.serialized)
struct ContainerCredentialsTests {
    static let token = "container-token"
    static let issuedAt = Date(timeIntervalSince1970: 1_900_000_000)

    /// What the endpoint does and has seen.
    final class Endpoint: Sendable {
        /// Requests answered, and how many of them carried the right token.
        let requests = Mutex<(all: Int, authorized: Int)>((0, 0))
        /// Status to answer from the next request on (200 serves credentials).
        let status = Mutex(200)
    }

    /// A time source the test moves.
    final class TestClock: Sendable {
        let now = Mutex(ContainerCredentialsTests.issuedAt)
        func advance(to date: Date) { now.withLock { $0 = date } }
        func read() -> Date { now.withLock { $0 } }
    }

    /// Serves `/credentials`: set number n has key id `ASIAFAKE<n>` and expires an hour after issuedAt + n hours.
    static func withEndpoint(_ body: @Sendable (String, Endpoint) async throws -> Void) async throws {
        let endpoint = Endpoint()
        let router = Router()
        router.get("/credentials") { request, _ -> Response in
            let authorized = request.headers[.authorization] == token
            let number = endpoint.requests.withLock { counts in
                counts.all += 1
                if authorized { counts.authorized += 1 }
                return counts.all
            }
            guard authorized else { return Response(status: .forbidden) }
            let status = endpoint.status.withLock { $0 }
            guard status == 200 else { return Response(status: .init(code: status)) }
            let expiration = issuedAt.addingTimeInterval(Double(number) * 3600).formatted(.iso8601)
            let document =
                #"{"AccessKeyId":"ASIAFAKE\#(number)","SecretAccessKey":"secret\#(number)","Token":"session\#(number)","Expiration":"\#(expiration)"}"#
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: document)))
        }
        try await LoopbackHTTPServer.serving({ onServerRunning in
            Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), onServerRunning: onServerRunning)
        }) { server in
            try await body("http://127.0.0.1:\(server.port)/credentials", endpoint)
        }
    }

    static func provider(_ url: String, clock: TestClock) -> ContainerCredentialProvider {
        ContainerCredentialProvider(
            endpoint: ContainerCredentialsEndpoint(url: url, authorizationToken: token), clock: { clock.read() })
    }

    @Test func credentialsAreCachedAndRefreshedBeforeTheyExpire() async throws {
        try await Self.withEndpoint { url, endpoint in
            let clock = TestClock()
            let provider = Self.provider(url, clock: clock)
            let first = try await BlockingIO.run { try provider.credentials() }
            #expect(first.accessKeyID == "ASIAFAKE1" && first.sessionToken == "session1")
            // 50 minutes later the set (expiring at issuedAt + 1 h) is still used as it is.
            clock.advance(to: Self.issuedAt.addingTimeInterval(50 * 60))
            #expect(try await BlockingIO.run { try provider.credentials() } == first)
            #expect(endpoint.requests.withLock { $0.all } == 1)
            // 56 minutes: inside the 5-minute window, a new set is fetched before expiry.
            clock.advance(to: Self.issuedAt.addingTimeInterval(56 * 60))
            let second = try await BlockingIO.run { try provider.credentials() }
            #expect(second.accessKeyID == "ASIAFAKE2" && second.secretAccessKey == "secret2")
            #expect(endpoint.requests.withLock { $0 } == (2, 2), "every fetch carried the authorization token")
        }
    }

    @Test func failedRefreshKeepsTheUnexpiredSetThenFails() async throws {
        try await Self.withEndpoint { url, endpoint in
            let clock = TestClock()
            let provider = Self.provider(url, clock: clock)
            let first = try await BlockingIO.run { try provider.credentials() }
            endpoint.status.withLock { $0 = 503 }
            clock.advance(to: Self.issuedAt.addingTimeInterval(58 * 60))
            #expect(try await BlockingIO.run { try provider.credentials() } == first, "still valid for two minutes")
            clock.advance(to: Self.issuedAt.addingTimeInterval(61 * 60))
            let error = await #expect(throws: ContainerCredentialsError.status(503)) {
                try await BlockingIO.run { try provider.credentials() }
            }
            #expect(error?.isRetryable == true)
        }
    }

    @Test func s3ClientSignsWithTheEndpointsCredentialsWhenNoKeyVariablesAreSet() async throws {
        try await Self.withEndpoint { url, endpoint in
            try await BlockingIO.run {
                let moto = try MotoServer.shared()
                let variables = [
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI": url, "AWS_CONTAINER_AUTHORIZATION_TOKEN": Self.token,
                    "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": moto.endpoint,
                ]
                let configuration = try AWSConfiguration.fromEnvironment { variables[$0] }
                guard case .container = configuration.credentialSource else {
                    Issue.record("expected the container credentials source")
                    return
                }
                #expect(configuration.fixedCredentials == nil)
                let bucket = uniqueName("containercredentials")
                try moto.createBucket(bucket)
                try S3Client(configuration: configuration).putObject(bucket: bucket, key: "a.bin", body: [1, 2, 3])
                // A second worker configures its own client from the same environment.
                let secondWorker = S3Client(configuration: try AWSConfiguration.fromEnvironment { variables[$0] })
                #expect(try secondWorker.getObject(bucket: bucket, key: "a.bin", maximumBytes: 16).body == [1, 2, 3])
            }
            #expect(endpoint.requests.withLock { $0 } == (1, 1), "one fetch, shared by both workers' clients, signed both requests")
        }
    }

    @Test func keyVariablesWinAndPlainHTTPLeavesOnlyForLocalAgents() throws {
        let keys = ["AWS_ACCESS_KEY_ID": "AKIA", "AWS_SECRET_ACCESS_KEY": "s", "AWS_REGION": "eu-west-1"]
        let both = keys.merging(["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/c"]) { _, new in new }
        #expect(try AWSConfiguration.fromEnvironment { both[$0] }.fixedCredentials?.accessKeyID == "AKIA")

        let remote = ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://credentials.example.com/c", "AWS_REGION": "eu-west-1"]
        let error = #expect(throws: AWSConfigurationError.self) { try AWSConfiguration.fromEnvironment { remote[$0] } }
        #expect(error?.errorType == "AWS.InvalidConfiguration")
        let tls = ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "https://credentials.example.com/c", "AWS_REGION": "eu-west-1"]
        #expect(throws: Never.self) { try AWSConfiguration.fromEnvironment { tls[$0] } }
        let relative = try #require(
            try ContainerCredentialsEndpoint.fromEnvironment { $0 == "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" ? "/v2/creds" : nil })
        #expect(relative.url == "http://169.254.170.2/v2/creds")
    }

    @Test func tokenFileIsReadAtEveryFetch() async throws {
        let file = FileManager.default.temporaryDirectory.appending(path: "container-token-\(UInt32.random(in: 0...UInt32.max))").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try await Self.withEndpoint { url, endpoint in
            try Data("wrong\n".utf8).write(to: URL(fileURLWithPath: file))
            let provider = ContainerCredentialProvider(
                endpoint: ContainerCredentialsEndpoint(url: url, authorizationToken: "ignored", authorizationTokenFile: file))
            await #expect(throws: ContainerCredentialsError.status(403)) { try await BlockingIO.run { try provider.credentials() } }
            try Data("\(Self.token)\n".utf8).write(to: URL(fileURLWithPath: file))
            #expect(try await BlockingIO.run { try provider.credentials() }.accessKeyID == "ASIAFAKE2")
            #expect(endpoint.requests.withLock { $0 } == (2, 1))
        }
    }
}
