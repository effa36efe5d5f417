import CurlHTTP
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Testing

/// What the proxy does with one request.
enum Fault: Sendable {
    /// Answers with this status and body, without forwarding.
    case respond(status: Int, body: String)
    /// Starts a response and closes the connection before the body.
    case dropConnection
    /// Forwards a Kinesis PutRecords carrying only every other record, and reports the rest as
    /// throttled, like a hot shard does.
    case throttleEveryOtherRecord

    static let serviceUnavailable = Fault.respond(
        status: 503, body: "<Error><Code>ServiceUnavailable</Code><Message>Please reduce your request rate.</Message></Error>")
    static let slowDown = Fault.respond(
        status: 503, body: "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>")
    static let accessDenied = Fault.respond(
        status: 403, body: "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>")
}

/// The faults to inject, in order, then forwarding; and what the proxy saw.
final class FaultPlan: @unchecked Sendable {
    private let lock = NSLock()
    private var faults: [Fault]
    private let repeatLast: Bool
    private var seen: [String] = []
    private var putRecordsCounts: [Int] = []

    /// `faults` apply to the first requests; with `repeatLast`, the last one applies forever.
    init(_ faults: [Fault], repeatLast: Bool = false) {
        self.faults = faults
        self.repeatLast = repeatLast
    }

    /// The next fault, or `nil` to forward; records the request.
    func next(for request: String) -> Fault? {
        lock.withLock {
            seen.append(request)
            guard let first = faults.first else { return nil }
            if faults.count > 1 || !repeatLast { faults.removeFirst() }
            return first
        }
    }

    func recordPutRecords(count: Int) { lock.withLock { putRecordsCounts.append(count) } }

    var requests: [String] { lock.withLock { seen } }
    var putRecordsSizes: [Int] { lock.withLock { putRecordsCounts } }
}

/// A loopback HTTP proxy (Hummingbird) in front of moto that injects ``Fault``s.
enum FaultProxy {
    struct DroppedConnection: Error {}

    /// Runs `body` with the proxy's base URL; the proxy forwards to `upstream`.
    static func run<T: Sendable>(
        upstream: String, plan: FaultPlan, _ body: @Sendable (String) async throws -> T
    ) async throws -> T {
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            try await handle(request, upstream: upstream, plan: plan)
        }
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { portContinuation.yield($0.localAddress?.port ?? 0) }
        )
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await application.runService(gracefulShutdownSignals: [])
                return nil
            }
            var iterator = portStream.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let result = try await body("http://127.0.0.1:\(port)")
            group.cancelAll()
            return result
        }
    }

    static func handle(_ request: Request, upstream: String, plan: FaultPlan) async throws -> Response {
        var request = request
        let target = request.head.path ?? "/"
        let amzTarget = request.headers[HTTPField.Name("X-Amz-Target")!]
        let requestBody = Array(buffer: try await request.collectBody(upTo: 64 << 20))
        switch plan.next(for: "\(request.method.rawValue) \(target)\(amzTarget.map { " \($0)" } ?? "")") {
        case .respond(let status, let body):
            return Response(status: .init(code: status), body: .init(byteBuffer: ByteBuffer(string: body)))
        case .dropConnection:
            return Response(status: .ok, body: ResponseBody { _ in throw DroppedConnection() })
        case .throttleEveryOtherRecord:
            return try await throttleEveryOtherRecord(request, body: requestBody, upstream: upstream, target: target, plan: plan)
        case nil:
            if amzTarget == "Kinesis_20131202.PutRecords" { plan.recordPutRecords(count: recordCount(requestBody)) }
            return try await forward(request, body: requestBody, upstream: upstream, target: target)
        }
    }

    /// Sends the request on to moto with our libcurl client, on a thread of its own.
    static func forwardRaw(_ request: Request, body: [UInt8], upstream: String, target: String) async throws -> CurlHTTP.HTTPResponse {
        let parsedMethod = CurlHTTP.HTTPMethod(rawValue: request.method.rawValue)
        let method = try #require(parsedMethod)
        var headers = CurlHTTP.HTTPHeaders()
        for field in request.headers where !hopByHop.contains(field.name.canonicalName) {
            headers.add(name: field.name.rawName, value: field.value)
        }
        let forwarded = CurlHTTP.HTTPRequest(method: method, url: upstream + target, headers: headers, body: body)
        return try await BlockingIO.run { try CurlHTTPClient().perform(forwarded) }
    }

    static func forward(_ request: Request, body: [UInt8], upstream: String, target: String) async throws -> Response {
        let answer = try await forwardRaw(request, body: body, upstream: upstream, target: target)
        var fields = HTTPFields()
        for field in answer.headers where !hopByHop.contains(field.name.lowercased()) {
            if let name = HTTPField.Name(field.name) { fields.append(HTTPField(name: name, value: field.value)) }
        }
        return Response(status: .init(code: answer.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }

    static let hopByHop: Set<String> = ["content-length", "connection", "transfer-encoding", "expect", "keep-alive"]

    static func recordCount(_ body: [UInt8]) -> Int {
        let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        return (object?["Records"] as? [Any])?.count ?? 0
    }

    static func throttleEveryOtherRecord(
        _ request: Request, body: [UInt8], upstream: String, target: String, plan: FaultPlan
    ) async throws -> Response {
        let parsed = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]
        var object = try #require(parsed)
        let records = try #require(object["Records"] as? [Any])
        object["Records"] = records.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        plan.recordPutRecords(count: records.count)
        let passed = try await forwardRaw(
            request, body: Array(try JSONSerialization.data(withJSONObject: object)), upstream: upstream, target: target)
        let parsedAnswer = try JSONSerialization.jsonObject(with: Data(passed.body)) as? [String: Any]
        let answer = try #require(parsedAnswer)
        var written = try #require(answer["Records"] as? [Any]).makeIterator()
        let throttled: [String: Any] = [
            "ErrorCode": "ProvisionedThroughputExceededException", "ErrorMessage": "Rate exceeded for shard",
        ]
        let merged: [Any] = records.indices.map { $0 % 2 == 1 ? (written.next() ?? throttled) : throttled }
        let combined: [String: Any] = ["FailedRecordCount": (records.count + 1) / 2, "Records": merged]
        return Response(
            status: .ok, headers: [.contentType: "application/x-amz-json-1.1"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: combined))))
    }
}
