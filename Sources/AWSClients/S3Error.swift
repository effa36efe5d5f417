import CurlHTTP

/// Why an S3 call failed. Every case has a stable ``errorType`` (documented in
/// docs/aws-clients.md) and says whether retrying may help; a retryable and a permanent failure
/// never share an `errorType`, so the state machine's `Retry` lists can name only transient ones.
public indirect enum S3Error: RetryableError, Equatable {
    /// `NoSuchKey` (404): the object (or that version of it) does not exist. HeadObject cannot tell
    /// a missing bucket from a missing key and reports this.
    case noSuchKey(bucket: String, key: String)
    /// `NoSuchBucket` (404).
    case noSuchBucket(bucket: String)
    /// `AccessDenied` (403): the credentials lack permission (or the object is missing and
    /// `s3:ListBucket` is not granted).
    case accessDenied(message: String)
    /// `SlowDown` (503): S3 asks for a lower request rate.
    case slowDown(message: String)
    /// `PreconditionFailed` (412): a conditional write (`If-None-Match: *`) found an existing
    /// object.
    case preconditionFailed(bucket: String, key: String)
    /// `EntityTooLarge` (400): S3 refused the body (over 5 GB for a single PutObject).
    case entityTooLarge(message: String)
    /// The object is larger than the caller's limit; the transfer was stopped at the limit.
    /// `size` is the object's size when S3 announced it.
    case objectTooLarge(size: Int?, limit: Int)
    /// The key was rejected before any request: empty, over 1024 UTF-8 bytes, a control
    /// character, or a `.`/`..` segment that URL normalisation would rewrite.
    case invalidObjectKey(reason: String)
    /// The bucket name was rejected before any request (3–63 of `a-z 0-9 . -`).
    case invalidBucketName(String)
    /// Any other S3 error response: its `<Code>` (empty when the response had no body), the
    /// HTTP status and its `<Message>`. `S3.ServiceError` when retrying may help (5xx, 429,
    /// throttling, `RequestTimeout`); `S3.RequestRejected` otherwise (a 4xx such as
    /// `InvalidArgument`, `KMS.NotFoundException`, `SignatureDoesNotMatch`, `ExpiredToken`).
    case other(code: String, status: Int, message: String)
    /// No response: connection refused, reset, timed out (`S3.ConnectionError`), or a failure
    /// that fails the same way again: TLS verification, a malformed URL (`S3.ConnectionMisconfigured`).
    case connection(HTTPClientError)
    /// The deadline left no time for a (further) attempt.
    case deadlineExceeded(attempts: Int, lastError: S3Error?)
    /// The request could not be built (a header name rejected by the signer).
    case invalidRequest(String)
    /// The credentials to sign with could not be had (``ContainerCredentialsError``).
    case credentialsUnavailable(ContainerCredentialsError)

    /// The stable name Step Functions matches on.
    public var errorType: String {
        switch self {
        case .noSuchKey: "S3.NoSuchKey"
        case .noSuchBucket: "S3.NoSuchBucket"
        case .accessDenied: "S3.AccessDenied"
        case .slowDown: "S3.SlowDown"
        case .preconditionFailed: "S3.PreconditionFailed"
        case .entityTooLarge: "S3.EntityTooLarge"
        case .objectTooLarge: "S3.ObjectTooLarge"
        case .invalidObjectKey: "S3.InvalidObjectKey"
        case .invalidBucketName: "S3.InvalidBucketName"
        case .other: isRetryable ? "S3.ServiceError" : "S3.RequestRejected"
        case .connection(let error): error.isTransient ? "S3.ConnectionError" : "S3.ConnectionMisconfigured"
        case .deadlineExceeded: "S3.DeadlineExceeded"
        case .invalidRequest: "S3.InvalidRequest"
        case .credentialsUnavailable(let error): error.errorType
        }
    }

    /// Throttling, 5xx, 429, `RequestTimeout` and transient connection failures; a deadline
    /// exceeded is retryable by a caller with fresh time (a new invocation).
    public var isRetryable: Bool {
        switch self {
        case .slowDown, .deadlineExceeded: true
        case .connection(let error): error.isTransient
        case .credentialsUnavailable(let error): error.isRetryable
        case .other(let code, let status, _):
            status >= 500 || status == 429 || S3Error.retryableCodes.contains(code)
        case .noSuchKey, .noSuchBucket, .accessDenied, .preconditionFailed, .entityTooLarge, .objectTooLarge,
            .invalidObjectKey, .invalidBucketName, .invalidRequest:
            false
        }
    }

    static let retryableCodes: Set<String> = [
        "InternalError", "ServiceUnavailable", "RequestTimeout", "Throttling", "ThrottlingException",
        "RequestLimitExceeded", "TooManyRequestsException",
    ]

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .noSuchKey(let bucket, let key): "no object s3://\(bucket)/\(key)"
        case .noSuchBucket(let bucket): "no bucket \(bucket)"
        case .accessDenied(let message): "access denied: \(message)"
        case .slowDown(let message): "S3 asked to slow down: \(message)"
        case .preconditionFailed(let bucket, let key): "s3://\(bucket)/\(key) already exists (If-None-Match)"
        case .entityTooLarge(let message): "S3 refused the body as too large: \(message)"
        case .objectTooLarge(let size, let limit):
            "object of \(size.map(String.init) ?? "more than \(limit)") bytes exceeds the limit of \(limit) bytes"
        case .invalidObjectKey(let reason): "invalid object key: \(reason)"
        case .invalidBucketName(let name): "invalid bucket name \"\(name)\""
        case .other(let code, let status, let message): "S3 error \(code.isEmpty ? "-" : code) (HTTP \(status)): \(message)"
        case .connection(let error): "S3 unreachable: \(error)"
        case .deadlineExceeded(let attempts, let lastError):
            "deadline reached after \(attempts) attempt(s)" + (lastError.map { "; last error: \($0)" } ?? "")
        case .invalidRequest(let detail): "invalid request: \(detail)"
        case .credentialsUnavailable(let error): "no credentials to sign with: \(error)"
        }
    }
}

/// The `<Code>` and `<Message>` of an S3 XML error body, found without an XML library.
public struct S3ErrorBody: Sendable, Equatable {
    /// The error code, e.g. `NoSuchKey`.
    public var code: String
    /// The human-readable message (may be empty).
    public var message: String

    /// Creates an error body.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// Finds the first `<Code>` and `<Message>` elements; `nil` when there is no `<Code>`.
    /// Entities (`&amp;` … and numeric ones) and CDATA sections are decoded.
    public static func parse(_ body: [UInt8]) -> S3ErrorBody? {
        let text = String(decoding: body, as: UTF8.self)
        guard let code = element("Code", in: text), !code.isEmpty else { return nil }
        return S3ErrorBody(code: code, message: element("Message", in: text) ?? "")
    }

    static func element(_ name: String, in text: String) -> String? {
        guard let open = text.firstRange(of: "<\(name)>"),
            let close = text[open.upperBound...].firstRange(of: "</\(name)>")
        else { return nil }
        return decodeXMLText(text[open.upperBound..<close.lowerBound])
    }

    static func decodeXMLText(_ raw: Substring) -> String {
        var raw = raw
        if raw.hasPrefix("<![CDATA["), raw.hasSuffix("]]>") {
            return String(raw.dropFirst(9).dropLast(3))
        }
        var out = ""
        while let amp = raw.firstIndex(of: "&") {
            out += raw[..<amp]
            guard let semicolon = raw[amp...].firstIndex(of: ";"), raw.distance(from: amp, to: semicolon) <= 10 else {
                out += "&"
                raw = raw[raw.index(after: amp)...]
                continue
            }
            let entity = raw[raw.index(after: amp)..<semicolon]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let scalar: Unicode.Scalar?
                if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
                    scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if entity.hasPrefix("#") {
                    scalar = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init)
                } else {
                    scalar = nil
                }
                if let scalar { out.unicodeScalars.append(scalar) } else { out += raw[amp...semicolon] }
            }
            raw = raw[raw.index(after: semicolon)...]
        }
        return out + raw
    }
}
