import CurlHTTP
import HTTPTypes
import Hummingbird
import NIOCore

/// Forwards requests to another server, unchanged but for connection-level headers.
///
/// This is how the local stack runs Step Functions for real: moto executes the state machine
/// and calls Lambda's Invoke API at `MOTO_PORT`, which is the emulator's port; the emulator
/// runs the function and passes every other AWS request back to moto. The same two steps
/// (``send(method:uri:headers:body:upstream:timeout:)`` then ``response(from:)``) serve
/// LocalServices' fault proxy, which forwards to moto too.
public enum UpstreamForwarder {
    /// Hop-by-hop and framing headers that belong to one connection, not to the message.
    public static let connectionHeaders: Set<String> = [
        "connection", "keep-alive", "transfer-encoding", "content-length", "host", "expect", "te", "upgrade",
    ]

    static func addRoutes(to router: Router<BasicRequestContext>, upstream: String) {
        let methods: [HTTPTypes.HTTPRequest.Method] = [.get, .head, .put, .post, .delete]
        for method in methods {
            for path in ["/", "**"] {
                router.on(RouterPath(stringLiteral: path), method: method) { request, _ -> Response in
                    try await forward(request, upstream: upstream)
                }
            }
        }
    }

    static func forward(_ request: Request, upstream: String) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 64 << 20)
        do {
            let answer = try await send(
                method: request.method, uri: request.uri.description, headers: request.headers, body: Array(buffer: body),
                upstream: upstream)
            return response(from: answer)
        } catch {
            return InvokeRouter.apiError(status: .badGateway, type: "ServiceException", message: "upstream \(upstream): \(error)")
        }
    }

    /// Sends one request to `upstream` + `uri` with a new libcurl handle on a blocking thread,
    /// leaving out ``connectionHeaders``.
    ///
    /// - Parameters:
    ///   - uri: the path and query, as received (`/bucket/key?x-id=PutObject`).
    ///   - upstream: `http://host:port`, without a trailing slash.
    ///   - timeout: the longest the whole exchange may take.
    /// - Throws: `HTTPClientError` when the upstream does not answer (refused, reset, timed
    ///   out), or a method libcurl's client does not send (only GET, HEAD, PUT, POST, DELETE).
    public static func send(
        method: HTTPTypes.HTTPRequest.Method, uri: String, headers: HTTPFields, body: [UInt8], upstream: String,
        timeout: Duration = .seconds(60)
    ) async throws -> CurlHTTP.HTTPResponse {
        guard let curlMethod = CurlHTTP.HTTPMethod(rawValue: method.rawValue) else {
            throw HTTPClientError.invalidURL("\(method.rawValue) \(upstream)\(uri): method not supported")
        }
        var outgoingHeaders = HTTPHeaders()
        for field in headers where !connectionHeaders.contains(field.name.canonicalName) {
            outgoingHeaders.add(name: field.name.rawName, value: field.value)
        }
        let outgoing = CurlHTTP.HTTPRequest(method: curlMethod, url: upstream + uri, headers: outgoingHeaders, body: body, timeout: timeout)
        return try await BlockingIO.run { try CurlHTTPClient().perform(outgoing, maximumResponseBytes: 64 << 20) }
    }

    /// A response carrying `answer`'s status, headers (but ``connectionHeaders``) and body.
    public static func response(from answer: CurlHTTP.HTTPResponse) -> Response {
        var fields = HTTPFields()
        for field in answer.headers where !connectionHeaders.contains(field.name.lowercased()) {
            if let name = HTTPField.Name(field.name) { fields.append(HTTPField(name: name, value: field.value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
