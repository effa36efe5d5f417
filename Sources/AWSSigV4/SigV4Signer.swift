/// The body hash that ends the canonical request.
public enum SigV4Payload: Sendable, Equatable {
    /// The body itself; the signer hashes it with SHA-256.
    case bytes([UInt8])
    /// A hash computed elsewhere (64 lower-case hex digits), or a literal S3 accepts in its place
    /// such as `UNSIGNED-PAYLOAD` or `STREAMING-…`.
    case precomputedHash(String)

    /// An empty body.
    public static let empty = SigV4Payload.bytes([])
    /// `UNSIGNED-PAYLOAD`: S3 over HTTPS without hashing the body.
    public static let unsigned = SigV4Payload.precomputedHash("UNSIGNED-PAYLOAD")
}

/// Why a request could not be signed.
public enum SigV4Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// A precomputed payload hash is neither 64 lower-case hex digits nor an upper-case literal
    /// such as `UNSIGNED-PAYLOAD`.
    case invalidPayloadHash(String)
    /// A header name is empty or contains a character outside the RFC 9110 token set.
    case invalidHeaderName(String)
    /// No `Host` header was given; SigV4 requires it to be signed.
    case missingHostHeader

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .invalidPayloadHash(let hash): "invalid payload hash \"\(hash)\""
        case .invalidHeaderName(let name): "invalid header name \"\(name)\""
        case .missingHostHeader: "the request has no Host header"
        }
    }
}

/// Every intermediate step of one signature, and the headers to add to the request.
public struct SigningResult: Sendable {
    /// The canonical request (method, URI, query, headers, signed header list, payload hash).
    public let canonicalRequest: String
    /// `AWS4-HMAC-SHA256`, the timestamp, the credential scope and the canonical request's hash.
    public let stringToSign: String
    /// The hex HMAC-SHA256 of the string to sign under the derived signing key.
    public let signature: String
    /// `;`-separated lower-case names of the signed headers.
    public let signedHeaders: String
    /// `date/region/service/aws4_request`.
    public let credentialScope: String
    /// The payload hash used in the canonical request.
    public let payloadHash: String
    /// The `X-Amz-Date` value.
    public let amzDate: String
    /// The `Authorization` header value.
    public let authorization: String
    /// Headers to add to the request, in this order: `X-Amz-Date`, `X-Amz-Security-Token` (when
    /// the credentials have a session token), `x-amz-content-sha256` (when the signer adds it),
    /// `Authorization`. Any header of the same name the caller passed must be replaced.
    public let headers: [(name: String, value: String)]

    /// The value of the added header named `name` (case-insensitive), if any.
    public func header(_ name: String) -> String? {
        let wanted = SigV4Signer.lowercasedASCII(name)
        return headers.first { SigV4Signer.lowercasedASCII($0.name) == wanted }?.value
    }
}

/// Signs HTTP requests with AWS Signature Version 4 (`AWS4-HMAC-SHA256`, `Authorization` header).
public struct SigV4Signer: Sendable {
    /// How the canonical request is formed for a particular service.
    public struct Options: Sendable, Equatable {
        /// Remove `.`/`..` segments and duplicate slashes, then percent-encode each segment again
        /// (double encoding). Every service but S3 does this; S3 signs the path as given.
        public var normalizePath: Bool
        /// Add and sign `x-amz-content-sha256` carrying the payload hash (S3 requires it).
        public var signedBodyHeader: Bool
        /// Add `X-Amz-Security-Token` after signing instead of signing it (a few services,
        /// e.g. IoT, want this); the default signs it.
        public var omitSessionTokenFromSignature: Bool

        /// Creates options; the defaults suit every service but S3.
        public init(normalizePath: Bool = true, signedBodyHeader: Bool = false, omitSessionTokenFromSignature: Bool = false) {
            self.normalizePath = normalizePath
            self.signedBodyHeader = signedBodyHeader
            self.omitSessionTokenFromSignature = omitSessionTokenFromSignature
        }

        /// Normalised, double-encoded path; no body header (Kinesis, STS, Lambda, …).
        public static let standard = Options()
        /// S3: path as given, single encoding, `x-amz-content-sha256` signed.
        public static let s3 = Options(normalizePath: false, signedBodyHeader: true)
    }

    /// The credentials the signature is made with.
    public var credentials: AWSCredentials
    /// The region of the credential scope, e.g. `us-east-1`.
    public var region: String
    /// The signing name of the service, e.g. `s3` or `kinesis`.
    public var service: String
    /// Canonicalisation options.
    public var options: Options

    /// Creates a signer for one region and service.
    public init(credentials: AWSCredentials, region: String, service: String, options: Options = .standard) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
    }

    /// Headers that proxies or clients may change in transit; never signed (same list as botocore).
    static let unsignedHeaderNames: Set<String> = [
        "authorization", "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
    ]

    /// Signs a request.
    ///
    /// - Parameters:
    ///   - method: The HTTP method, e.g. `GET`.
    ///   - path: The request path exactly as it goes on the wire, already percent-encoded
    ///     (e.g. `"/" + bucket + "/" + SigV4Signer.encodeS3Key(key)`); an empty path means `/`.
    ///   - query: Decoded query parameters in any order; the signer encodes and sorts them. The
    ///     request's query string must encode them the same way (see ``encodeQueryComponent(_:)``).
    ///   - headers: Request headers in order; must include `Host`. Repeated names are joined with
    ///     `,` in the given order. `Authorization`, `User-Agent` and other hop-by-hop headers are
    ///     not signed; `X-Amz-Date` (and the headers the signer adds) are replaced.
    ///   - payload: The body, or its precomputed hash.
    ///   - secondsSinceEpoch: The signing time.
    /// - Returns: The intermediate strings and the headers to add.
    /// - Throws: ``SigV4Error`` for an invalid header name, a missing `Host` or a malformed hash.
    public func sign(
        method: String,
        path: String,
        query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)],
        payload: SigV4Payload,
        date secondsSinceEpoch: Int
    ) throws(SigV4Error) -> SigningResult {
        let timestamp = SigV4Timestamp(secondsSinceEpoch: secondsSinceEpoch)
        let payloadHash = try Self.hash(of: payload)
        let token = credentials.sessionToken

        var replaced: Set<String> = ["x-amz-date"]
        if token != nil { replaced.insert("x-amz-security-token") }
        if options.signedBodyHeader { replaced.insert("x-amz-content-sha256") }

        // Lower-cased name -> canonical values in order of appearance.
        var values: [String: [String]] = [:]
        for header in headers {
            guard Self.isToken(header.name) else { throw .invalidHeaderName(header.name) }
            let name = Self.lowercasedASCII(header.name)
            if Self.unsignedHeaderNames.contains(name) || replaced.contains(name) { continue }
            values[name, default: []].append(Self.trimAll(header.value))
        }
        guard values["host"] != nil else { throw .missingHostHeader }

        var added: [(name: String, value: String)] = [("X-Amz-Date", timestamp.amzDate)]
        values["x-amz-date"] = [timestamp.amzDate]
        if let token {
            added.append(("X-Amz-Security-Token", token))
            if !options.omitSessionTokenFromSignature { values["x-amz-security-token"] = [Self.trimAll(token)] }
        }
        if options.signedBodyHeader {
            added.append(("x-amz-content-sha256", payloadHash))
            values["x-amz-content-sha256"] = [payloadHash]
        }

        let names = values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var canonicalHeaders = ""
        for name in names {
            canonicalHeaders += name + ":" + values[name]!.joined(separator: ",") + "\n"
        }
        let signedHeaders = names.joined(separator: ";")

        let canonicalRequest = [
            Self.uppercasedASCII(method),
            canonicalURI(path),
            Self.canonicalQueryString(query),
            canonicalHeaders,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")

        let credentialScope = "\(timestamp.dateStamp)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256",
            timestamp.amzDate,
            credentialScope,
            hexEncoded(Digest.sha256(canonicalRequest)),
        ].joined(separator: "\n")

        let signingKey = Self.signingKey(
            secretAccessKey: credentials.secretAccessKey, dateStamp: timestamp.dateStamp, region: region,
            service: service)
        let signature = hexEncoded(Digest.hmacSHA256(key: signingKey, stringToSign))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(credentialScope), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
        added.append(("Authorization", authorization))

        return SigningResult(
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signature: signature,
            signedHeaders: signedHeaders,
            credentialScope: credentialScope,
            payloadHash: payloadHash,
            amzDate: timestamp.amzDate,
            authorization: authorization,
            headers: added
        )
    }

    /// The canonical URI for `path` under this signer's ``Options/normalizePath`` setting.
    public func canonicalURI(_ path: String) -> String {
        if path.isEmpty { return "/" }
        guard options.normalizePath else { return PercentEncoding.encodeInvalidPathBytes(path) }
        // Remove dot segments and empty segments (RFC 3986 5.2.4 plus AWS's slash collapsing),
        // then encode each remaining segment again.
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        let encoded = segments.map { PercentEncoding.encode(String($0)) }.joined(separator: "/")
        let leading = path.hasPrefix("/") ? "/" : ""
        let trailing = path.hasSuffix("/") && !segments.isEmpty ? "/" : ""
        let result = leading + encoded + trailing
        return result.isEmpty ? "/" : result
    }

    /// Percent-encodes an S3 object key for the URL path: every UTF-8 byte except
    /// `A-Z a-z 0-9 - _ . ~` and `/` becomes `%XX` (so a space is `%20`, `+` is `%2B`, `=` is
    /// `%3D`). The result has no leading slash; prepend `/` or `/bucket/` yourself.
    public static func encodeS3Key(_ key: String) -> String {
        PercentEncoding.encode(key, keeping: [UInt8(ascii: "/")])
    }

    /// Percent-encodes a query parameter name or value the way the canonical query string does
    /// (RFC 3986: space `%20`, `+` `%2B`, `=` `%3D`, `/` `%2F`), for building the request URL.
    public static func encodeQueryComponent(_ component: String) -> String {
        PercentEncoding.encode(component)
    }

    /// `name=value` pairs, encoded, sorted by encoded name then encoded value, joined with `&`.
    static func canonicalQueryString(_ query: [(name: String, value: String)]) -> String {
        query
            .map { (name: PercentEncoding.encode($0.name), value: PercentEncoding.encode($0.value)) }
            .sorted {
                $0.name == $1.name
                    ? $0.value.utf8.lexicographicallyPrecedes($1.value.utf8)
                    : $0.name.utf8.lexicographicallyPrecedes($1.name.utf8)
            }
            .map { $0.name + "=" + $0.value }
            .joined(separator: "&")
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    static func signingKey(secretAccessKey: String, dateStamp: String, region: String, service: String) -> [UInt8] {
        let dateKey = Digest.hmacSHA256(key: Array(("AWS4" + secretAccessKey).utf8), dateStamp)
        let regionKey = Digest.hmacSHA256(key: dateKey, region)
        let serviceKey = Digest.hmacSHA256(key: regionKey, service)
        return Digest.hmacSHA256(key: serviceKey, "aws4_request")
    }

    static func hash(of payload: SigV4Payload) throws(SigV4Error) -> String {
        switch payload {
        case .bytes(let bytes):
            return hexEncoded(Digest.sha256(bytes))
        case .precomputedHash(let hash):
            let utf8 = Array(hash.utf8)
            let isHex =
                utf8.count == 64
                && utf8.allSatisfy {
                    ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f"))
                }
            let isLiteral =
                !utf8.isEmpty
                && utf8.allSatisfy {
                    ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                        || $0 == UInt8(ascii: "-")
                }
            guard isHex || isLiteral else { throw .invalidPayloadHash(hash) }
            return hash
        }
    }

    /// Trims leading and trailing whitespace and collapses inner runs (including folded line
    /// breaks and tabs) to one space.
    static func trimAll(_ value: String) -> String {
        var out: [UInt8] = []
        var pendingSpace = false
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                pendingSpace = !out.isEmpty
            default:
                if pendingSpace { out.append(UInt8(ascii: " ")) }
                pendingSpace = false
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func isToken(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { byte in
                PercentEncoding.isUnreserved(byte) || "!#$%&'*+^`|".utf8.contains(byte)
            }
    }

    static func lowercasedASCII(_ string: String) -> String {
        String(decoding: string.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    static func uppercasedASCII(_ string: String) -> String {
        String(decoding: string.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
    }
}
