import AWSSigV4
import CurlHTTP
import Retrying

/// A byte range of an object, sent as the `Range` header.
public enum ByteRange: Sendable, Equatable {
    /// Bytes `lowerBound` through `upperBound`, both included.
    case closed(ClosedRange<Int>)
    /// Every byte from an offset to the end.
    case from(Int)
    /// The last `n` bytes.
    case suffix(Int)

    var headerValue: String {
        switch self {
        case .closed(let range): "bytes=\(range.lowerBound)-\(range.upperBound)"
        case .from(let offset): "bytes=\(offset)-"
        case .suffix(let count): "bytes=-\(count)"
        }
    }
}

/// Server-side encryption for PutObject (`x-amz-server-side-encryption`).
public enum ServerSideEncryption: Sendable, Equatable {
    /// `AES256`: keys managed by S3 (SSE-S3).
    case s3Managed
    /// `aws:kms`, with a key id or ARN, or the account's default `aws/s3` key when `nil`.
    case kms(keyID: String?)
}

/// What S3 reports about an object (from GetObject or HeadObject response headers).
public struct ObjectMetadata: Sendable, Equatable {
    /// The size of the returned representation (`Content-Length`), if sent.
    public var contentLength: Int?
    /// `Content-Type`.
    public var contentType: String?
    /// `ETag`, with its quotes.
    public var eTag: String?
    /// `x-amz-version-id`, when the bucket is versioned.
    public var versionID: String?
    /// `x-amz-server-side-encryption`: `AES256` or `aws:kms`.
    public var serverSideEncryption: String?
    /// `x-amz-server-side-encryption-aws-kms-key-id`.
    public var kmsKeyID: String?
    /// `Last-Modified`, as sent (an HTTP date).
    public var lastModified: String?
    /// `Content-Range` of a ranged GetObject.
    public var contentRange: String?

    /// The whole object's size from `Content-Range` (`bytes 0-65535/1048576`), when a ranged
    /// GetObject reported it.
    public var completeLength: Int? {
        guard let contentRange, let slash = contentRange.lastIndex(of: "/") else { return nil }
        return Int(contentRange[contentRange.index(after: slash)...])
    }

    init(headers: HTTPHeaders) {
        contentLength = headers["Content-Length"].flatMap { Int($0) }
        contentType = headers["Content-Type"]
        eTag = headers["ETag"]
        versionID = headers["x-amz-version-id"]
        serverSideEncryption = headers["x-amz-server-side-encryption"]
        kmsKeyID = headers["x-amz-server-side-encryption-aws-kms-key-id"]
        lastModified = headers["Last-Modified"]
        contentRange = headers["Content-Range"]
    }
}

/// An object's bytes and metadata.
public struct S3Object: Sendable {
    /// The body (the requested range only, for a ranged GetObject).
    public var body: [UInt8]
    /// The response's metadata.
    public var metadata: ObjectMetadata
}

/// Options for PutObject.
public struct PutObjectOptions: Sendable, Equatable {
    /// `Content-Type`; S3 stores `binary/octet-stream` when `nil`.
    public var contentType: String?
    /// Server-side encryption, or `nil` for the bucket's default.
    public var serverSideEncryption: ServerSideEncryption?
    /// Sends `If-None-Match: *`: the write fails with ``S3Error/preconditionFailed(bucket:key:)``
    /// when the key exists. A retried write whose first attempt succeeded unseen also reports it.
    public var writeOnce: Bool

    /// Creates options.
    public init(contentType: String? = nil, serverSideEncryption: ServerSideEncryption? = nil, writeOnce: Bool = false) {
        self.contentType = contentType
        self.serverSideEncryption = serverSideEncryption
        self.writeOnce = writeOnce
    }
}

/// What PutObject returns.
public struct PutObjectResult: Sendable, Equatable {
    /// The new object's `ETag`, with its quotes.
    public var eTag: String?
    /// The new version's id, when the bucket is versioned.
    public var versionID: String?
    /// The encryption S3 applied.
    public var serverSideEncryption: String?
}

/// A blocking S3 client for GetObject, PutObject and HeadObject, signed with SigV4 and retried
/// under a ``RetryPolicy``.
///
/// Addressing is virtual-hosted on AWS (`https://bucket.s3.region.amazonaws.com/key`; path-style
/// for bucket names with dots, which would break the TLS wildcard) and path-style on a custom
/// endpoint (`http://127.0.0.1:5000/bucket/key`). One client serves one thread at a time, like
/// the ``CurlHTTPClient`` it uses; share that HTTP client with a ``KinesisClient`` to keep one
/// connection cache.
public struct S3Client {
    /// The largest key S3 accepts, in UTF-8 bytes.
    public static let maximumKeyBytes = 1024
    /// The smallest response cap: room for an XML error body.
    static let errorBodyAllowance = 8 << 10

    let configuration: AWSConfiguration
    let transport: SignedTransport
    let retryPolicy: RetryPolicy
    /// Directory buckets' session credentials, shared by copies of this client.
    let expressSessions = S3ExpressSessions()

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - requestTimeout: The longest a single attempt may take (a deadline's share shortens it).
    ///   - stallTimeout: How long an attempt may go without a byte moving before it fails as a
    ///     timeout and is retried (whole seconds).
    public init(
        configuration: AWSConfiguration,
        httpClient: CurlHTTPClient = CurlHTTPClient(),
        retryPolicy: RetryPolicy = .standard,
        requestTimeout: Duration = .seconds(30),
        stallTimeout: Duration = .seconds(5)
    ) {
        self.configuration = configuration
        self.retryPolicy = retryPolicy
        transport = SignedTransport(
            configuration: configuration, service: .s3, options: .s3, http: httpClient, requestTimeout: requestTimeout,
            stallTimeout: stallTimeout)
    }

    /// Reads an object, or a range of it, refusing more than `maximumBytes`.
    ///
    /// The limit is enforced while receiving: the transfer is cut off once the body passes
    /// `max(maximumBytes, 8 KiB)` (the floor lets small XML error bodies through), and a
    /// `Content-Length` or body above `maximumBytes` is refused.
    ///
    /// - Throws: ``S3Error``: `.objectTooLarge` past the limit, `.noSuchKey`, `.noSuchBucket`,
    ///   `.accessDenied`, `.invalidObjectKey` before any request, `.deadlineExceeded`, …
    public func getObject(
        bucket: String,
        key: String,
        maximumBytes: Int,
        range: ByteRange? = nil,
        versionID: String? = nil,
        deadline: Deadline? = nil
    ) throws(S3Error) -> S3Object {
        let location = try locate(bucket: bucket, key: key)
        var headers: [(name: String, value: String)] = []
        if let range { headers.append(("Range", range.headerValue)) }
        let query = versionID.map { [(name: "versionId", value: $0)] } ?? []
        let response = try send(.get, location, query: query, headers: headers, deadline: deadline, maximumBytes: maximumBytes)
        let metadata = ObjectMetadata(headers: response.headers)
        if let length = metadata.contentLength, length > maximumBytes {
            throw .objectTooLarge(size: length, limit: maximumBytes)
        }
        guard response.body.count <= maximumBytes else {
            throw .objectTooLarge(size: metadata.contentLength, limit: maximumBytes)
        }
        return S3Object(body: response.body, metadata: metadata)
    }

    /// Writes an object.
    ///
    /// - Throws: ``S3Error``: `.preconditionFailed` for a write-once conflict, `.noSuchBucket`,
    ///   `.accessDenied`, `.entityTooLarge`, `.invalidObjectKey` before any request, …
    @discardableResult
    public func putObject(
        bucket: String,
        key: String,
        body: [UInt8],
        options: PutObjectOptions = PutObjectOptions(),
        deadline: Deadline? = nil
    ) throws(S3Error) -> PutObjectResult {
        let location = try locate(bucket: bucket, key: key)
        var headers: [(name: String, value: String)] = []
        if let contentType = options.contentType { headers.append(("Content-Type", contentType)) }
        switch options.serverSideEncryption {
        case .s3Managed:
            headers.append(("x-amz-server-side-encryption", "AES256"))
        case .kms(let keyID):
            headers.append(("x-amz-server-side-encryption", "aws:kms"))
            if let keyID { headers.append(("x-amz-server-side-encryption-aws-kms-key-id", keyID)) }
        case nil:
            break
        }
        if options.writeOnce { headers.append(("If-None-Match", "*")) }
        let response = try send(.put, location, headers: headers, body: body, deadline: deadline, maximumBytes: 0)
        return PutObjectResult(
            eTag: response.headers["ETag"],
            versionID: response.headers["x-amz-version-id"],
            serverSideEncryption: response.headers["x-amz-server-side-encryption"])
    }

    /// Reads an object's metadata without its body.
    ///
    /// - Throws: ``S3Error``: `.noSuchKey` for a missing key *or bucket* (a HEAD response has no
    ///   body to tell them apart), `.accessDenied`, …
    public func headObject(
        bucket: String,
        key: String,
        versionID: String? = nil,
        deadline: Deadline? = nil
    ) throws(S3Error) -> ObjectMetadata {
        let location = try locate(bucket: bucket, key: key)
        let query = versionID.map { [(name: "versionId", value: $0)] } ?? []
        let response = try send(.head, location, query: query, deadline: deadline, maximumBytes: 0)
        return ObjectMetadata(headers: response.headers)
    }

    /// Lists the keys under `prefix`, every page (ListObjectsV2), in S3's (UTF-8 binary) order.
    ///
    /// - Throws: ``S3Error``: `.noSuchBucket`, `.accessDenied`, `.invalidResponse`, …
    public func listObjects(bucket: String, prefix: String = "", deadline: Deadline? = nil) throws(S3Error) -> [String] {
        let location = try locate(bucket: bucket)
        var keys: [String] = []
        var continuation: String?
        repeat {
            var query: [(name: String, value: String)] = [("list-type", "2"), ("prefix", prefix)]
            if let continuation { query.append(("continuation-token", continuation)) }
            let page = String(
                decoding: try send(.get, location, query: query, deadline: deadline, maximumBytes: 8 << 20).body, as: UTF8.self)
            var rest = page[...]
            while let open = rest.firstRange(of: "<Key>"), let close = rest[open.upperBound...].firstRange(of: "</Key>") {
                keys.append(S3ErrorBody.decodeXMLText(rest[open.upperBound..<close.lowerBound]))
                rest = rest[close.upperBound...]
            }
            continuation =
                S3ErrorBody.element("IsTruncated", in: page) == "true" ? S3ErrorBody.element("NextContinuationToken", in: page) : nil
        } while continuation != nil
        return keys
    }

    // MARK: - Requests

    /// Where one object lives on the wire.
    struct Location {
        var bucket: String
        var key: String
        var host: String?
        var path: String
        /// Set for a directory bucket (S3 Express One Zone): requests are signed with its session.
        var directory: DirectoryBucket?
    }

    /// Validates the names and builds the object's virtual-hosted or path-style location.
    func locate(bucket: String, key: String) throws(S3Error) -> Location {
        try Self.validate(bucket: bucket)
        try Self.validate(key: key)
        return location(bucket: bucket, key: key, objectPath: "/" + SigV4Signer.encodeS3Key(key))
    }

    /// Validates the name and builds the bucket's own location (ListObjectsV2).
    func locate(bucket: String) throws(S3Error) -> Location {
        try Self.validate(bucket: bucket)
        return location(bucket: bucket, key: "", objectPath: "")
    }

    /// Path-style on a custom endpoint and for names with dots (they would break the TLS
    /// wildcard), virtual-hosted otherwise; `objectPath` is empty or `/<encoded key>`.
    /// A directory bucket (`…--x-s3`) is virtual-hosted at its Zonal endpoint.
    private func location(bucket: String, key: String, objectPath: String) -> Location {
        let directory = DirectoryBucket(bucket)
        if configuration.hasCustomEndpoint(for: .s3) || bucket.contains(".") {
            return Location(bucket: bucket, key: key, host: nil, path: "/\(bucket)\(objectPath)", directory: directory)
        }
        let host =
            directory?.host(region: configuration.region, dnsSuffix: configuration.dnsSuffix)
            ?? "\(bucket).s3.\(configuration.region).\(configuration.dnsSuffix)"
        return Location(bucket: bucket, key: key, host: host, path: objectPath.isEmpty ? "/" : objectPath, directory: directory)
    }

    /// The session a directory bucket's requests are signed with (CreateSession, cached).
    private func expressSession(for location: Location, timeLeft: Duration?) throws(S3Error) -> S3ExpressSessions.Session {
        try expressSessions.session(for: location.bucket) { () throws(S3Error) -> S3ExpressSessions.Session in
            var root = location
            root.path = location.host == nil ? "/\(location.bucket)" : "/"
            let response: HTTPResponse
            do throws(SignedTransport.Failure) {
                let identity = SignedTransport.SigningIdentity(credentials: try currentCredentials(), serviceName: "s3express")
                response = try transport.send(
                    .get, host: root.host, path: root.path, query: [(name: "session", value: "")],
                    headers: [(name: "x-amz-create-session-mode", value: "ReadWrite")], timeLeft: timeLeft,
                    maximumResponseBytes: Self.errorBodyAllowance, signingAs: identity)
            } catch {
                throw Self.error(for: error, maximumBytes: Self.errorBodyAllowance)
            }
            guard (200..<300).contains(response.status) else { throw Self.error(for: response, location: root) }
            guard let session = S3ExpressSessions.parse(response.body) else {
                throw .other(code: "InvalidCreateSessionResponse", status: response.status, message: "the answer to CreateSession holds no credentials")
            }
            return session
        }
    }

    /// The configuration's credentials now (a container source may have refreshed them).
    private func currentCredentials() throws(SignedTransport.Failure) -> AWSCredentials {
        do throws(ContainerCredentialsError) {
            return try transport.credentials.current()
        } catch {
            throw .credentials(error)
        }
    }

    /// Rejects keys S3 refuses or that would be rewritten on the way: empty, over 1024 UTF-8
    /// bytes, control characters, `.`/`..` segments (URL normalisation removes them).
    public static func validate(key: String) throws(S3Error) {
        guard !key.isEmpty else { throw .invalidObjectKey(reason: "the key is empty") }
        let length = key.utf8.count
        guard length <= maximumKeyBytes else {
            throw .invalidObjectKey(reason: "the key is \(length) UTF-8 bytes; the limit is \(maximumKeyBytes)")
        }
        if let scalar = key.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            throw .invalidObjectKey(reason: "the key contains the control character U+\(String(scalar.value, radix: 16, uppercase: true))")
        }
        if key.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == "." || $0 == ".." }) {
            throw .invalidObjectKey(reason: "the key has a \".\" or \"..\" segment")
        }
    }

    /// Rejects bucket names that cannot be valid: 3–63 characters of `a-z 0-9 . -`.
    public static func validate(bucket: String) throws(S3Error) {
        let bytes = bucket.utf8
        let allowed = bytes.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
        guard (3...63).contains(bytes.count), allowed else { throw .invalidBucketName(bucket) }
    }

    func send(
        _ method: HTTPMethod,
        _ location: Location,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        deadline: Deadline?,
        maximumBytes: Int
    ) throws(S3Error) -> HTTPResponse {
        try retryPolicy.run(deadline: deadline) { (_, timeLeft) throws(S3Error) -> HTTPResponse in
            try sendOnce(method, location, query: query, headers: headers, body: body, timeLeft: timeLeft, maximumBytes: maximumBytes)
        }
    }

    /// One attempt of ``send(_:_:query:headers:body:deadline:maximumBytes:)``: a 2xx response,
    /// or the ``S3Error`` of the failure. With a `receiver`, an accepted body goes to it as it
    /// arrives.
    func sendOnce(
        _ method: HTTPMethod,
        _ location: Location,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [],
        body: [UInt8] = [],
        timeLeft: Duration?,
        maximumBytes: Int,
        receiver: HTTPBodyReceiver? = nil
    ) throws(S3Error) -> HTTPResponse {
        // A directory bucket's data requests carry its session: signed with the session's
        // key pair as `s3express`, the token in x-amz-s3session-token.
        var headers = headers
        var identity: SignedTransport.SigningIdentity?
        if location.directory != nil {
            let session = try expressSession(for: location, timeLeft: timeLeft)
            identity = SignedTransport.SigningIdentity(
                credentials: AWSCredentials(accessKeyID: session.accessKeyID, secretAccessKey: session.secretAccessKey),
                serviceName: "s3express")
            headers.append((name: "x-amz-s3session-token", value: session.sessionToken))
        }
        let response: HTTPResponse
        do throws(SignedTransport.Failure) {
            // Error bodies are small XML documents; let them through even under a tiny limit.
            response = try transport.send(
                method, host: location.host, path: location.path, query: query, headers: headers, body: body,
                timeLeft: timeLeft, maximumResponseBytes: max(maximumBytes, Self.errorBodyAllowance), signingAs: identity,
                receiver: receiver)
        } catch {
            throw Self.error(for: error, maximumBytes: maximumBytes)
        }
        guard (200..<300).contains(response.status) else {
            let error = Self.error(for: response, location: location)
            // A session S3 no longer honours (expired early, revoked) is created anew next time.
            if location.directory != nil, response.status == 403 { expressSessions.invalidate(location.bucket) }
            throw error
        }
        return response
    }

    /// The ``S3Error`` of a request that got no usable response.
    static func error(for failure: SignedTransport.Failure, maximumBytes: Int) -> S3Error {
        switch failure {
        case .signing(let error): .invalidRequest(error.description)
        case .http(.responseTooLarge): .objectTooLarge(size: nil, limit: maximumBytes)
        case .http(let error): .connection(error)
        case .credentials(let error): .credentialsUnavailable(error)
        }
    }

    /// Maps an error response to an ``S3Error``, from its XML body or, for HEAD, its status.
    static func error(for response: HTTPResponse, location: Location) -> S3Error {
        let parsed = S3ErrorBody.parse(response.body)
        let code = parsed?.code ?? response.headers["x-amz-error-code"] ?? ""
        let message = parsed?.message ?? response.headers["x-amz-error-message"] ?? ""
        switch (code, response.status) {
        case ("NoSuchKey", _), ("", 404): return .noSuchKey(bucket: location.bucket, key: location.key)
        case ("NoSuchBucket", _): return .noSuchBucket(bucket: location.bucket)
        case ("AccessDenied", _), ("", 403): return .accessDenied(message: message)
        case ("SlowDown", _): return .slowDown(message: message)
        case ("PreconditionFailed", _), ("", 412): return .preconditionFailed(bucket: location.bucket, key: location.key)
        case ("EntityTooLarge", _): return .entityTooLarge(message: message)
        default: return .other(code: code, status: response.status, message: message)
        }
    }
}
