import CCurl
import CCurlShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A blocking HTTP/1.1 client over one reused libcurl easy handle.
///
/// The handle keeps its connection cache across requests, so consecutive requests to the same
/// host reuse one keep-alive connection (the Runtime API loop makes two requests per invocation
/// on it). Request bodies are handed to libcurl in place, without a copy. TLS verification is
/// always on, with the CA bundle located at run time (``CertificateBundle``).
///
/// One instance serves one thread at a time: it owns a C handle and is deliberately not
/// `Sendable`. Create one per execution environment and keep it for the process's lifetime.
public final class CurlHTTPClient {
    /// Settings that apply to every request made through one client.
    public struct Configuration: Sendable {
        /// The longest wait for a TCP (and TLS) connection to be established.
        public var connectTimeout: Duration
        /// The default cap on a response body; larger responses fail with
        /// ``HTTPClientError/responseTooLarge(limit:)`` before they are buffered.
        public var maximumResponseBytes: Int
        /// The CA bundle for HTTPS; `nil` looks it up on first HTTPS use.
        public var certificateBundlePath: String?

        /// Creates a configuration; the defaults suit loopback and in-region AWS endpoints.
        public init(
            connectTimeout: Duration = .seconds(3),
            maximumResponseBytes: Int = 64 << 20,
            certificateBundlePath: String? = nil
        ) {
            self.connectTimeout = connectTimeout
            self.maximumResponseBytes = maximumResponseBytes
            self.certificateBundlePath = certificateBundlePath
        }
    }

    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let configuration: Configuration
    private var resolvedCertificateBundle: String??

    /// How many TCP connections this client has opened so far; a count that stays put across
    /// requests shows that keep-alive works.
    public private(set) var connectionsOpened = 0

    /// Creates a client with its own libcurl handle.
    public init(configuration: Configuration = Configuration()) {
        _ = CurlGlobal.initialized
        guard let handle = curl_easy_init() else {
            // curl_easy_init fails only when memory is exhausted; nothing sensible can continue.
            preconditionFailure("curl_easy_init failed: out of memory")
        }
        self.handle = handle
        self.configuration = configuration
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Performs one request and returns the complete response.
    ///
    /// - Parameter maximumResponseBytes: a cap for this request, overriding the configuration's.
    /// - Throws: ``HTTPClientError`` for transport failures; HTTP error statuses are returned.
    public func perform(_ request: HTTPRequest, maximumResponseBytes: Int? = nil) throws(HTTPClientError) -> HTTPResponse {
        try perform(request, maximumResponseBytes: maximumResponseBytes, receiver: nil)
    }

    /// Performs one request, handing the body of a response that `receiver` accepts to it as it
    /// arrives (the returned response's body is then empty); other responses (an error answer)
    /// are buffered as usual.
    ///
    /// - Parameter maximumResponseBytes: the cap on a buffered body; an announced
    ///   `Content-Length` above it fails before any byte of the body, received or buffered.
    /// - Throws: ``HTTPClientError`` for transport failures, as ``perform(_:maximumResponseBytes:)``;
    ///   `.transfer` (curl's write error) when the receiver stopped the transfer.
    public func perform(_ request: HTTPRequest, maximumResponseBytes: Int? = nil, receiver: HTTPBodyReceiver?) throws(HTTPClientError)
        -> HTTPResponse
    {
        let transfer = TransferState(limit: maximumResponseBytes ?? configuration.maximumResponseBytes, handle: handle, receiver: receiver)
        let headerList = makeHeaderList(for: request)
        defer { curl_slist_free_all(headerList) }

        curl_easy_reset(handle)  // keeps the connection cache; clears every per-request option
        errorBuffer[0] = 0
        try configureCommonOptions(for: request, headerList: headerList)
        // An announced Content-Length over the cap fails before any byte of the body arrives;
        // the write callback still enforces the cap for chunked or unannounced bodies.
        radstream_curl_set_offset(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(transfer.limit))

        let unmanagedTransfer = Unmanaged.passRetained(transfer)
        defer { unmanagedTransfer.release() }
        let context = unmanagedTransfer.toOpaque()
        radstream_curl_set_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteBody)
        radstream_curl_set_pointer(handle, CURLOPT_WRITEDATA, context)
        radstream_curl_set_data_callback(handle, CURLOPT_HEADERFUNCTION, curlWriteHeader)
        radstream_curl_set_pointer(handle, CURLOPT_HEADERDATA, context)

        let code: CURLcode = request.body.withUnsafeBytes { body in
            configureMethod(request.method, body: body)
            return curl_easy_perform(handle)
        }
        guard code == CURLE_OK else {
            throw mapError(code, transfer: transfer, url: request.url)
        }
        var status = 0
        radstream_curl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        // A response without a body never reached the write callback: its receiver starts now.
        if let receiver, transfer.receiving == nil {
            transfer.receiving = receiver.start(status, transfer.headers)
        }
        var newConnections = 0
        radstream_curl_get_long(handle, CURLINFO_NUM_CONNECTS, &newConnections)
        connectionsOpened += newConnections
        return HTTPResponse(status: status, headers: transfer.headers, body: transfer.body)
    }

    // MARK: - Options

    private func configureCommonOptions(for request: HTTPRequest, headerList: UnsafeMutablePointer<curl_slist>?) throws(HTTPClientError) {
        let isHTTPS = request.url.utf8.starts(with: "https://".utf8)
        guard isHTTPS || request.url.utf8.starts(with: "http://".utf8) else {
            throw .invalidURL(request.url)
        }
        let urlCode = request.url.withCString { radstream_curl_set_string(handle, CURLOPT_URL, $0) }
        guard urlCode == CURLE_OK else { throw .invalidURL(request.url) }

        radstream_curl_set_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        radstream_curl_set_long(handle, CURLOPT_NOSIGNAL, 1)
        radstream_curl_set_long(handle, CURLOPT_TCP_NODELAY, 1)
        radstream_curl_set_long(handle, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1)
        radstream_curl_set_long(handle, CURLOPT_CONNECTTIMEOUT_MS, configuration.connectTimeout.wholeMilliseconds)
        radstream_curl_set_long(handle, CURLOPT_TIMEOUT_MS, request.timeout?.wholeMilliseconds ?? 0)
        if let stallTimeout = request.stallTimeout {
            let seconds = max((stallTimeout.wholeMilliseconds + 999) / 1000, 1)
            radstream_curl_set_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1)
            radstream_curl_set_long(handle, CURLOPT_LOW_SPEED_TIME, seconds)
            // Applies to connections this request opens: a kept-alive connection whose host
            // vanished is reset by the kernel instead of swallowing the next request.
            radstream_curl_set_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
            radstream_curl_set_long(handle, CURLOPT_TCP_KEEPIDLE, seconds)
            radstream_curl_set_long(handle, CURLOPT_TCP_KEEPINTVL, seconds)
        }
        if request.freshConnection {
            // libcurl resends only on a reused connection (Curl_retry_request checks reuse).
            radstream_curl_set_long(handle, CURLOPT_FRESH_CONNECT, 1)
        }
        radstream_curl_set_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        radstream_curl_set_list(handle, CURLOPT_HTTPHEADER, headerList)
        if isHTTPS {
            radstream_curl_set_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
            radstream_curl_set_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
            if let bundle = certificateBundle() {
                _ = bundle.withCString { radstream_curl_set_string(handle, CURLOPT_CAINFO, $0) }
            }
        }
    }

    private func configureMethod(_ method: HTTPMethod, body: UnsafeRawBufferPointer) {
        switch method {
        case .get:
            radstream_curl_set_long(handle, CURLOPT_HTTPGET, 1)
        case .head:
            radstream_curl_set_long(handle, CURLOPT_NOBODY, 1)
        case .post, .put, .delete:
            // POSTFIELDS sends the caller's buffer in place; CUSTOMREQUEST only renames the verb.
            radstream_curl_set_long(handle, CURLOPT_POST, 1)
            radstream_curl_set_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            radstream_curl_set_pointer(handle, CURLOPT_POSTFIELDS, body.baseAddress ?? CurlGlobal.emptyBody)
            if method != .post {
                radstream_curl_set_string(handle, CURLOPT_CUSTOMREQUEST, method.rawValue)
            }
        }
    }

    private func makeHeaderList(for request: HTTPRequest) -> UnsafeMutablePointer<curl_slist>? {
        var list: UnsafeMutablePointer<curl_slist>?
        func append(_ line: String) {
            list = line.withCString { curl_slist_append(list, $0) }
        }
        for field in request.headers {
            // "Name;" is libcurl's way to send a header with an empty value.
            append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        append("Expect:")  // never wait for 100-continue: one round trip per request
        if request.headers["Accept"] == nil {
            append("Accept:")  // drop libcurl's default `Accept: */*`: send only what the caller set
        }
        if request.method != .get, request.method != .head, request.headers["Content-Type"] == nil {
            append("Content-Type:")  // drop libcurl's default form-urlencoded type
        }
        return list
    }

    private func certificateBundle() -> String? {
        if let resolved = resolvedCertificateBundle { return resolved }
        let bundle = configuration.certificateBundlePath ?? CertificateBundle.locate()
        resolvedCertificateBundle = .some(bundle)
        return bundle
    }

    private func mapError(_ code: CURLcode, transfer: TransferState, url: String) -> HTTPClientError {
        if transfer.exceededLimit || code == CURLE_FILESIZE_EXCEEDED { return .responseTooLarge(limit: transfer.limit) }
        if transfer.receiverStopped {
            return .transfer(code: Int(CURLE_WRITE_ERROR.rawValue), detail: "the body's receiver stopped the transfer")
        }
        let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(url)
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .couldNotConnect(detail: detail)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(detail: detail)
        case CURLE_GOT_NOTHING, CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE,
            CURLE_WEIRD_SERVER_REPLY:
            return .connectionFailed(detail: detail)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR:
            return .tls(detail: detail)
        default:
            return .transfer(code: Int(code.rawValue), detail: detail)
        }
    }
}

/// Where a response body goes while it arrives, instead of into ``HTTPResponse/body``: both
/// closures run on the thread that called ``CurlHTTPClient/perform(_:maximumResponseBytes:receiver:)``,
/// inside the transfer, so they must return promptly (hand the bytes over, never wait for a reader).
public struct HTTPBodyReceiver {
    /// Called once per response with its status and headers, before the first byte of its body
    /// (after the transfer, for a response without one): `true` receives the body here, `false`
    /// buffers it in the response as usual (an error answer).
    public var start: (_ status: Int, _ headers: HTTPHeaders) -> Bool
    /// Receives the next bytes of an accepted body; `false` stops the transfer.
    public var receive: (UnsafeRawBufferPointer) -> Bool

    /// Creates a receiver.
    public init(start: @escaping (_ status: Int, _ headers: HTTPHeaders) -> Bool, receive: @escaping (UnsafeRawBufferPointer) -> Bool) {
        self.start = start
        self.receive = receive
    }
}

/// What one transfer received; passed to libcurl's callbacks as an opaque pointer.
private final class TransferState {
    let limit: Int
    let handle: UnsafeMutableRawPointer
    let receiver: HTTPBodyReceiver?
    var body: [UInt8] = []
    var headers = HTTPHeaders()
    var exceededLimit = false
    /// Whether the receiver took the body (`nil`: not asked yet).
    var receiving: Bool?
    var receiverStopped = false

    init(limit: Int, handle: UnsafeMutableRawPointer, receiver: HTTPBodyReceiver?) {
        self.limit = limit
        self.handle = handle
        self.receiver = receiver
    }
}

private let curlWriteBody: radstream_curl_data_callback = { data, size, count, context in
    let length = size * count
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
    if let receiver = transfer.receiver {
        if transfer.receiving == nil {
            var status = 0
            radstream_curl_get_long(transfer.handle, CURLINFO_RESPONSE_CODE, &status)
            transfer.receiving = receiver.start(status, transfer.headers)
        }
        if transfer.receiving == true {
            guard receiver.receive(UnsafeRawBufferPointer(start: data, count: length)) else {
                transfer.receiverStopped = true
                return 0  // makes libcurl abort with CURLE_WRITE_ERROR
            }
            return length
        }
    }
    guard transfer.body.count + length <= transfer.limit else {
        transfer.exceededLimit = true
        return 0  // makes libcurl abort with CURLE_WRITE_ERROR
    }
    data.withMemoryRebound(to: UInt8.self, capacity: length) {
        transfer.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

private let curlWriteHeader: radstream_curl_data_callback = { data, size, count, context in
    let length = size * count
    guard let data, let context else { return 0 }
    let transfer = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
    data.withMemoryRebound(to: UInt8.self, capacity: length) {
        transfer.receiveHeaderLine(UnsafeBufferPointer(start: $0, count: length))
    }
    return length
}

extension TransferState {
    func receiveHeaderLine(_ line: UnsafeBufferPointer<UInt8>) {
        headers.receive(rawLine: line)
    }
}

extension HTTPHeaders {
    /// Parses one raw response header line as libcurl delivers it (CRLF included): a status
    /// line starts the field list over (100 Continue or a redirect preceded it), a line without
    /// a colon is ignored, anything else becomes one field with its value trimmed.
    ///
    /// Works on bytes: no `Character` iteration on the hot path. Exposed to the fuzz targets
    /// (`Fuzz/RuntimeInvocation`) so they reach the exact parser the client uses.
    @_spi(Fuzzing) public mutating func receive(rawLine line: UnsafeBufferPointer<UInt8>) {
        if line.starts(with: "HTTP/".utf8) {
            self = HTTPHeaders()
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = UnsafeBufferPointer(rebasing: line[..<colon])
        let value = UnsafeBufferPointer(rebasing: line[(colon + 1)...]).trimmingHTTPWhitespace()
        add(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self))
    }
}

/// Process-wide libcurl initialisation, done once before the first handle.
private enum CurlGlobal {
    static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    /// A valid pointer for empty bodies: libcurl reads zero bytes from it.
    static var emptyBody: UnsafeRawPointer { UnsafeRawPointer(("" as StaticString).utf8Start) }
}

extension UnsafeBufferPointer<UInt8> {
    /// The bytes without leading and trailing spaces, tabs, CR and LF.
    func trimmingHTTPWhitespace() -> UnsafeBufferPointer<UInt8> {
        func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }
        guard let first = firstIndex(where: { !isWhitespace($0) }), let last = lastIndex(where: { !isWhitespace($0) }) else {
            return UnsafeBufferPointer(start: baseAddress, count: 0)
        }
        return UnsafeBufferPointer(rebasing: self[first...last])
    }
}
