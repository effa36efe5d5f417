import CurlHTTP
import Foundation
import HTTPTypes
import Hummingbird
import LocalServices
import LoopbackHTTP
import NIOCore
import Testing

/// The libcurl client against a real HTTP server (Hummingbird) on loopback.
@Suite(.serialized)
struct CurlHTTPClientTests {
    /// Echoes method, headers and body back; `/slow` waits; `/large` sends 2 MB.
    static func withServer(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.on("/echo", method: .get, use: echo)
        router.on("/echo", method: .post, use: echo)
        router.on("/echo", method: .put, use: echo)
        router.on("/echo", method: .delete, use: echo)
        router.on("/echo", method: .head, use: echo)
        router.get("/slow") { _, _ -> String in
            try await Task.sleep(for: .seconds(2))
            return "late"
        }
        router.get("/large") { _, _ -> Response in
            Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: 0x41, count: 2 << 20)))
        }
        try await LoopbackHTTPServer.serving({ onServerRunning in
            Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), onServerRunning: onServerRunning)
        }) { server in
            try await body("http://127.0.0.1:\(server.port)")
        }
    }

    @Sendable static func echo(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 32 << 20)
        var headers: HTTPFields = [:]
        headers[HTTPField.Name("X-Method")!] = request.method.rawValue
        headers[HTTPField.Name("X-Saw-Expect")!] = request.headers[.expect] ?? "none"
        headers[HTTPField.Name("X-Saw-Content-Type")!] = request.headers[.contentType] ?? "none"
        headers[HTTPField.Name("X-Saw-Custom")!] = request.headers[HTTPField.Name("X-Custom")!] ?? "none"
        headers[HTTPField.Name("X-Saw-Names")!] = request.headers.map(\.name.canonicalName).sorted().joined(separator: ",")
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    func perform(_ request: CurlHTTP.HTTPRequest, on client: CurlHTTPClient = CurlHTTPClient(), limit: Int? = nil) async throws
        -> CurlHTTP.HTTPResponse
    {
        nonisolated(unsafe) let client = client
        return try await BlockingIO.run { try client.perform(request, maximumResponseBytes: limit) }
    }

    @Test func binaryBodyRoundTripsWithEveryMethod() async throws {
        try await Self.withServer { base in
            let payload = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            for method in [CurlHTTP.HTTPMethod.post, .put, .delete] {
                let response = try await perform(
                    CurlHTTP.HTTPRequest(method: method, url: "\(base)/echo", headers: ["X-Custom": "v 1"], body: payload))
                #expect(response.status == 200)
                #expect(response.headers["x-method"] == method.rawValue)
                #expect(response.headers["X-Saw-Custom"] == "v 1")
                #expect(response.body == payload)
            }
        }
    }

    @Test func neitherExpectNorADefaultContentTypeIsSent() async throws {
        try await Self.withServer { base in
            let response = try await perform(
                CurlHTTP.HTTPRequest(method: .post, url: "\(base)/echo", body: Array(repeating: 1, count: 200_000)))
            #expect(response.headers["X-Saw-Expect"] == "none")
            #expect(response.headers["X-Saw-Content-Type"] == "none")
            let typed = try await perform(
                CurlHTTP.HTTPRequest(
                    method: .post, url: "\(base)/echo", headers: ["Content-Type": "application/json"], body: Array("{}".utf8)))
            #expect(typed.headers["X-Saw-Content-Type"] == "application/json")
        }
    }

    /// The documented contract of `HTTPRequest.headers`: only Host and Content-Length are added
    /// (libcurl's own `Accept: */*` used to go out too). The server sees Host as the request's
    /// authority, not as a field, so the fields listed here are the rest.
    @Test func theClientAddsOnlyHostAndContentLength() async throws {
        try await Self.withServer { base in
            let posted = try await perform(
                CurlHTTP.HTTPRequest(method: .post, url: "\(base)/echo", headers: ["X-Custom": "v"], body: Array("{}".utf8)))
            #expect(posted.headers["X-Saw-Names"] == "content-length,x-custom")
            let fetched = try await perform(CurlHTTP.HTTPRequest(method: .get, url: "\(base)/echo"))
            #expect(fetched.headers["X-Saw-Names"] == "")
            let accepting = try await perform(
                CurlHTTP.HTTPRequest(method: .get, url: "\(base)/echo", headers: ["Accept": "application/json"]))
            #expect(accepting.headers["X-Saw-Names"] == "accept")
        }
    }

    @Test func headRequestHasNoBody() async throws {
        try await Self.withServer { base in
            let response = try await perform(CurlHTTP.HTTPRequest(method: .head, url: "\(base)/echo"))
            #expect(response.status == 200)
            #expect(response.headers["X-Method"] == "HEAD")
            #expect(response.body.isEmpty)
        }
    }

    @Test func consecutiveRequestsReuseOneConnection() async throws {
        try await Self.withServer { base in
            let client = CurlHTTPClient()
            for _ in 0..<5 {
                let response = try await perform(CurlHTTP.HTTPRequest(method: .post, url: "\(base)/echo", body: [1, 2, 3]), on: client)
                #expect(response.body == [1, 2, 3])
            }
            #expect(client.connectionsOpened == 1)
        }
    }

    @Test func totalTimeoutIsEnforced() async throws {
        try await Self.withServer { base in
            let started = ContinuousClock.now
            let error = await #expect(throws: HTTPClientError.self) {
                try await perform(CurlHTTP.HTTPRequest(method: .get, url: "\(base)/slow", timeout: .milliseconds(200)))
            }
            #expect(ContinuousClock.now - started < .seconds(1.5))
            guard case .timedOut = error else {
                Issue.record("expected a timeout, got \(String(describing: error))")
                return
            }
            #expect(error?.isTransient == true)
        }
    }

    @Test func responseLargerThanTheLimitIsAbortedWithATypedError() async throws {
        try await Self.withServer { base in
            let error = await #expect(throws: HTTPClientError.self) {
                try await perform(CurlHTTP.HTTPRequest(method: .get, url: "\(base)/large"), limit: 1 << 20)
            }
            #expect(error == .responseTooLarge(limit: 1 << 20))
            let whole = try await perform(CurlHTTP.HTTPRequest(method: .get, url: "\(base)/large"), limit: 4 << 20)
            #expect(whole.body.count == 2 << 20)
        }
    }

    @Test func refusedConnectionIsCouldNotConnect() async throws {
        // Bind and close a socket to find a port nobody listens on.
        let port = try LoopbackPort.unused()
        let error = await #expect(throws: HTTPClientError.self) {
            try await perform(CurlHTTP.HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/"))
        }
        guard case .couldNotConnect = error else {
            Issue.record("expected couldNotConnect, got \(String(describing: error))")
            return
        }
    }

    @Test func unsupportedSchemeIsRejectedBeforeAnyIO() async throws {
        let error = await #expect(throws: HTTPClientError.self) {
            try await perform(CurlHTTP.HTTPRequest(method: .get, url: "file:///etc/passwd"))
        }
        #expect(error == .invalidURL("file:///etc/passwd"))
    }

    @Test func certificateBundleHonoursSSLCertFile() {
        #expect(CertificateBundle.locate(environment: ["SSL_CERT_FILE": "/custom/ca.pem"]) == "/custom/ca.pem")
        let found = CertificateBundle.locate(environment: [:])
        #expect(found.map { CertificateBundle.wellKnownPaths.contains($0) } ?? true)
    }
}
