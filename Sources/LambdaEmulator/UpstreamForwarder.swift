import CurlHTTP
import HTTPTypes
import Hummingbird
import NIOCore

/// Forwards every request the Invoke API does not serve to another server, unchanged.
///
/// This is how the local stack runs Step Functions for real: moto executes the state machine
/// and calls Lambda's Invoke API at `MOTO_PORT`, which is the emulator's port; the emulator
/// runs the function and passes every other AWS request back to moto.
enum UpstreamForwarder {
    /// Hop-by-hop and framing headers that belong to one connection, not to the message.
    static let connectionHeaders: Set<String> = [
        "connection", "keep-alive", "transfer-encoding", "content-length", "host", "expect", "te", "upgrade",
    ]

    static func addRoutes(to router: Router<BasicRequestContext>, upstream: String) {
        let methods: [(HTTPRequest.Method, CurlHTTP.HTTPMethod)] = [
            (.get, .get), (.head, .head), (.put, .put), (.post, .post), (.delete, .delete),
        ]
        for (method, curlMethod) in methods {
            for path in ["/", "**"] {
                router.on(RouterPath(stringLiteral: path), method: method) { request, _ -> Response in
                    try await forward(request, method: curlMethod, upstream: upstream)
                }
            }
        }
    }

    static func forward(_ request: Request, method: CurlHTTP.HTTPMethod, upstream: String) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 64 << 20)
        var headers = HTTPHeaders()
        for field in request.headers where !connectionHeaders.contains(field.name.canonicalName) {
            headers.add(name: field.name.rawName, value: field.value)
        }
        let outgoing = CurlHTTP.HTTPRequest(
            method: method, url: upstream + request.uri.description, headers: headers, body: Array(buffer: body), timeout: .seconds(60))
        let answer: CurlHTTP.HTTPResponse
        do {
            answer = try await BlockingIO.run { try CurlHTTPClient().perform(outgoing, maximumResponseBytes: 64 << 20) }
        } catch {
            return InvokeRouter.apiError(status: .badGateway, type: "ServiceException", message: "upstream \(upstream): \(error)")
        }
        var fields = HTTPFields()
        for field in answer.headers where !connectionHeaders.contains(field.name.lowercased()) {
            if let name = HTTPField.Name(field.name) { fields.append(HTTPField(name: name, value: field.value)) }
        }
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
