import CurlHTTP
import Foundation
import HTTPTypes
import Hummingbird
import LambdaEmulator
import Logging
import LoopbackHTTP
import NIOCore

/// A loopback HTTP proxy in front of moto that forwards every request unchanged, except those
/// its ``FaultPlan`` picks: those get an error answer, a dropped connection, a late or stalled
/// answer or a partial PutRecords failure (``Fault``). The plan counts every request and every fault per
/// service and operation, so a test can assert that retries happened.
///
/// Nothing is faked: every request that is not failed is served by moto itself, with
/// LambdaEmulator's ``UpstreamForwarder``. Point a client's `AWS_ENDPOINT_URL` at ``endpoint``
/// (``LocalPipeline`` does it for the functions when given a plan).
public final class FaultProxy: Sendable {
    /// `http://127.0.0.1:<port>`.
    public let endpoint: String
    /// Where requests go: moto's endpoint.
    public let upstream: String
    /// The plan, and the record of what the proxy did.
    public let plan: FaultPlan
    private let server: LoopbackHTTPServer

    private init(endpoint: String, upstream: String, plan: FaultPlan, server: LoopbackHTTPServer) {
        self.endpoint = endpoint
        self.upstream = upstream
        self.plan = plan
        self.server = server
    }

    /// Starts the proxy on a free loopback port.
    ///
    /// - Parameters:
    ///   - upstream: the server to forward to (`http://127.0.0.1:<moto>`).
    ///   - plan: the faults to inject.
    /// - Throws: ``LocalServiceError`` when it cannot listen.
    public static func start(upstream: String, plan: FaultPlan) async throws -> FaultProxy {
        let responder = CallbackResponder<FaultProxyContext> { request, context in
            try await handle(request, context: context, upstream: upstream, plan: plan)
        }
        let server = try await LoopbackHTTPServer.start { onServerRunning in
            Application(
                responder: responder,
                configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
                onServerRunning: onServerRunning,
                logger: Logger(label: "radstream.fault-proxy") { _ in SwiftLogNoOpLogHandler() }
            )
        }
        return FaultProxy(endpoint: "http://127.0.0.1:\(server.port)", upstream: upstream, plan: plan, server: server)
    }

    /// Stops listening, lets the answers in progress end (``LoopbackHTTPServer``), and waits
    /// until the server has ended.
    public func shutdown() async {
        await server.shutdown()
    }

    static let amzTarget = HTTPField.Name("X-Amz-Target")!

    static func handle(_ request: Request, context: FaultProxyContext, upstream: String, plan: FaultPlan) async throws -> Response {
        var request = request
        let uri = request.uri.description
        let body = Array(buffer: try await request.collectBody(upTo: 64 << 20))
        let target = request.headers[amzTarget]
        let proxied = ProxiedRequest(
            method: request.method.rawValue, uri: uri, amzTarget: target,
            recordCount: target == "Kinesis_20131202.PutRecords" ? recordCount(body) : nil)
        let arrival = ContinuousClock.now
        let fault = plan.fault(for: proxied)
        if let answer = fault?.errorAnswer(for: proxied.service) {
            return Response(
                status: .init(code: answer.status), headers: [.contentType: answer.contentType],
                body: .init(byteBuffer: ByteBuffer(string: answer.body)))
        }
        func forward(body: [UInt8]) async throws -> CurlHTTP.HTTPResponse {
            try await UpstreamForwarder.send(method: request.method, uri: uri, headers: request.headers, body: body, upstream: upstream)
        }
        do {
            switch fault {
            case .dropConnection:
                return drop(context)
            case .dropResponse:
                _ = try await forward(body: body)
                return drop(context)
            case .delay(let duration):
                try? await Task.sleep(for: duration)
                return UpstreamForwarder.response(from: try await forward(body: body))
            case .stallMidBody(let duration):
                return stall(try await forward(body: body), for: duration)
            case .throttleRecords:
                return try await throttleRecords(body: body, forward: forward)
            case .shaped(let latency, let bytesPerSecond):
                let answer = try await forward(body: body)
                try? await Task.sleep(until: arrival + latency, clock: .continuous)
                return shape(answer, bytesPerSecond: bytesPerSecond, plan: plan)
            case .internalError, .throttled, .serviceUnavailable, .accessDenied, nil:
                return UpstreamForwarder.response(from: try await forward(body: body))
            }
        } catch {
            // moto did not answer: so does the proxy.
            return drop(context)
        }
    }

    /// Closes the client's connection without an answer. Should the close not have reached
    /// the socket before Hummingbird writes the response, its body fails, which aborts the
    /// connection after the status line: either way the client gets no usable answer, and sees
    /// the close at once (no child process holds a copy of the socket: ``ProcessSpawning``).
    static func drop(_ context: FaultProxyContext) -> Response {
        context.channel.close(mode: .all, promise: nil)
        return Response(status: .internalServerError, body: ResponseBody { _ in throw DroppedConnection() })
    }

    struct DroppedConnection: Error {}

    /// `answer` with its announced length but only the first half of its body, then silence
    /// for `duration`, then an aborted connection.
    static func stall(_ answer: CurlHTTP.HTTPResponse, for duration: Duration) -> Response {
        var response = UpstreamForwarder.response(from: answer)
        let bytes = answer.body
        response.body = ResponseBody(contentLength: bytes.count) { writer in
            try await writer.write(ByteBuffer(bytes: bytes[..<(bytes.count / 2)]))
            try await Task.sleep(for: duration)
            throw DroppedConnection()
        }
        return response
    }

    /// `answer` with its body paced to `bytesPerSecond`: each 64 KiB write waits until the
    /// bytes before it would have passed at that rate since the first one (no drift from sleeps
    /// that overshoot). What was sent is recorded in the plan, also when the client hangs up.
    static func shape(_ answer: CurlHTTP.HTTPResponse, bytesPerSecond: Int, plan: FaultPlan) -> Response {
        var response = UpstreamForwarder.response(from: answer)
        let bytes = answer.body
        response.body = ResponseBody(contentLength: bytes.count) { writer in
            let start = ContinuousClock.now
            var sent = 0
            defer { plan.recordShapedBody(sent: sent, total: bytes.count) }
            while sent < bytes.count {
                // 64 KiB: the proxy shares the machine's cores with the client it stands in S3's
                // place for, so fewer, larger writes; at 85 MB/s one is 0.8 ms of the body.
                let end = min(sent + (64 << 10), bytes.count)
                let due = start + .seconds(Double(sent) / Double(max(bytesPerSecond, 1)))
                try await Task.sleep(until: due, clock: .continuous)
                try await writer.write(ByteBuffer(bytes: bytes[sent..<end]))
                sent = end
            }
        }
        return response
    }

    /// How many records a PutRecords body carries (0 when it is not one).
    static func recordCount(_ body: [UInt8]) -> Int {
        let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        return (object?["Records"] as? [Any])?.count ?? 0
    }

    /// Forwards the odd-position records and merges moto's answer with throttled entries for
    /// the even positions, keeping the caller's order.
    static func throttleRecords(
        body: [UInt8], forward: ([UInt8]) async throws -> CurlHTTP.HTTPResponse
    ) async throws -> Response {
        guard var object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
            let records = object["Records"] as? [Any]
        else { throw LocalServiceError("PutRecords without Records") }
        let passing = records.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        var written: [Any] = []
        if !passing.isEmpty {
            object["Records"] = passing
            let answer = try await forward(Array(try JSONSerialization.data(withJSONObject: object)))
            guard answer.status == 200 else { return UpstreamForwarder.response(from: answer) }
            let parsed = try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]
            written = parsed?["Records"] as? [Any] ?? []
        }
        var results = written.makeIterator()
        let throttled: [String: Any] = [
            "ErrorCode": "ProvisionedThroughputExceededException",
            "ErrorMessage": "Rate exceeded for shard shardId-000000000000 (injected)",
        ]
        let merged: [Any] = records.indices.map { $0 % 2 == 1 ? (results.next() ?? throttled) : throttled }
        let failed = merged.filter { ($0 as? [String: Any])?["ErrorCode"] != nil }.count
        let combined: [String: Any] = ["FailedRecordCount": failed, "Records": merged]
        return Response(
            status: .ok, headers: [.contentType: "application/x-amz-json-1.1"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: combined))))
    }
}

/// Hummingbird's basic context plus the connection, so the proxy can drop it.
struct FaultProxyContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
