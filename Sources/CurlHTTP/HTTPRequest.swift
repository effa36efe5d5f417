/// The HTTP methods the suite uses.
public enum HTTPMethod: String, Sendable {
    case get = "GET"
    case head = "HEAD"
    case put = "PUT"
    case post = "POST"
    case delete = "DELETE"
}

/// One HTTP request: method, absolute URL, headers and an in-memory body.
public struct HTTPRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The absolute URL, already percent-encoded (`http://127.0.0.1:9001/path?query`).
    public var url: String
    /// Header fields sent as given; the client adds only `Host` and, with a body,
    /// `Content-Length` (it removes libcurl's defaults: `Accept: */*`, `Expect: 100-continue`
    /// and a form `Content-Type`).
    public var headers: HTTPHeaders
    /// The request body; libcurl reads it in place, without a copy.
    public var body: [UInt8]
    /// Upper bound for the whole exchange, or `nil` to wait indefinitely
    /// (the Runtime API's long-polling `/next` must never time out).
    public var timeout: Duration?
    /// Abort when no byte moves in either direction for this long, in whole seconds (rounded
    /// up; libcurl's low-speed limit of 1 byte/s), and probe the connection with TCP keepalive
    /// at the same interval; `nil` for neither. A peer that stops answering mid-body then fails
    /// the attempt with ``HTTPClientError/timedOut(detail:)`` long before ``timeout``, leaving
    /// time for a retry. Leave it `nil` for a long poll that legitimately waits in silence.
    public var stallTimeout: Duration?
    /// Send on a new connection rather than a kept-alive one. libcurl silently resends a
    /// request whose reused connection died before any byte of an answer arrived ("Connection
    /// died, retrying a fresh connect", up to 5 times), outside the caller's retry policy and
    /// unseen by it; the server may have acted on the first copy. On a new connection it never
    /// does, so a request that must not be repeated unseen (a non-idempotent POST) sets this.
    /// Costs a TCP (and TLS) handshake.
    public var freshConnection: Bool

    /// Creates a request.
    public init(
        method: HTTPMethod,
        url: String,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        timeout: Duration? = .seconds(30),
        stallTimeout: Duration? = nil,
        freshConnection: Bool = false
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.stallTimeout = stallTimeout
        self.freshConnection = freshConnection
    }
}

/// A complete HTTP response.
public struct HTTPResponse: Sendable {
    /// The status code of the final response (after any `100 Continue`).
    public var status: Int
    /// The final response's header fields, in order.
    public var headers: HTTPHeaders
    /// The response body.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body decoded as UTF-8, for messages and logs.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

extension HTTPResponse {
    /// A 200 response built from raw bytes the way libcurl hands a response over: header lines
    /// (each with its CRLF) fed to ``HTTPHeaders/receive(rawLine:)`` until the first empty line
    /// that is not followed by another status line (a `100 Continue` head), then the body.
    /// For fuzz targets and the tests that replay their corpora.
    @_spi(Fuzzing) public static func fromRawBytes(_ bytes: [UInt8]) -> HTTPResponse {
        var headers = HTTPHeaders()
        var lineStart = 0
        var bodyStart = bytes.count
        bytes.withUnsafeBufferPointer { input in
            for index in input.indices where input[index] == UInt8(ascii: "\n") {
                let line = UnsafeBufferPointer(rebasing: input[lineStart...index])
                lineStart = index + 1
                if line.allSatisfy({ $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }),
                    !input[lineStart...].starts(with: "HTTP/".utf8)
                {
                    bodyStart = lineStart
                    break
                }
                headers.receive(rawLine: line)
            }
            if bodyStart == input.count, lineStart < input.count {
                headers.receive(rawLine: UnsafeBufferPointer(rebasing: input[lineStart...]))
            }
        }
        return HTTPResponse(status: 200, headers: headers, body: Array(bytes[bodyStart...]))
    }
}
