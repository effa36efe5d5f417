/// Header names of the Lambda Runtime API (version 2018-06-01).
public enum AmazonHeaders {
    /// The invocation's request id.
    public static let requestID = "Lambda-Runtime-Aws-Request-Id"
    /// The invocation's deadline, in milliseconds since the Unix epoch.
    public static let deadline = "Lambda-Runtime-Deadline-Ms"
    /// The ARN the caller invoked (may carry a version or alias).
    public static let invokedFunctionARN = "Lambda-Runtime-Invoked-Function-Arn"
    /// The X-Ray tracing header for this invocation.
    public static let traceID = "Lambda-Runtime-Trace-Id"
    /// Client context of a mobile SDK invocation, as JSON.
    public static let clientContext = "Lambda-Runtime-Client-Context"
    /// Cognito identity of a mobile SDK invocation, as JSON.
    public static let cognitoIdentity = "Lambda-Runtime-Cognito-Identity"
    /// The tenant of a multi-tenant function.
    public static let tenantID = "Lambda-Runtime-Aws-Tenant-Id"
    /// The category and reason of a reported error, `Function.<Reason>` or `Runtime.<Reason>`.
    public static let functionErrorType = "Lambda-Runtime-Function-Error-Type"
}

/// Paths of the Lambda Runtime API, relative to `http://$AWS_LAMBDA_RUNTIME_API`.
public enum RuntimeAPIPaths {
    /// The API version prefix.
    public static let prefix = "/2018-06-01/runtime"
    /// Long-polls for the next invocation.
    public static let next = "\(prefix)/invocation/next"
    /// Reports an initialisation failure.
    public static let initError = "\(prefix)/init/error"

    /// Reports a successful result for `requestID`.
    public static func response(requestID: String) -> String {
        "\(prefix)/invocation/\(requestID.percentEncodedPathSegment())/response"
    }

    /// Reports a failed invocation for `requestID`.
    public static func error(requestID: String) -> String {
        "\(prefix)/invocation/\(requestID.percentEncodedPathSegment())/error"
    }
}

extension String {
    /// Percent-encodes everything but RFC 3986 unreserved characters, so an id can never
    /// change the path it is placed in.
    func percentEncodedPathSegment() -> String {
        func isUnreserved(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                UInt8(ascii: "."), UInt8(ascii: "~"):
                true
            default:
                false
            }
        }
        // "." and ".." are unreserved characters but dot segments: libcurl (RFC 3986 §5.2.4)
        // would remove them and the answer would go to another path. Encoded, they are data.
        if self == "." || self == ".." { return String(repeating: "%2E", count: utf8.count) }
        // Request ids are UUIDs: the common case needs no copy at all.
        guard !utf8.allSatisfy(isUnreserved) else { return self }
        let hex = Array("0123456789ABCDEF".utf8)
        var encoded: [UInt8] = []
        encoded.reserveCapacity(utf8.count * 3)
        for byte in utf8 {
            if isUnreserved(byte) {
                encoded.append(byte)
            } else {
                encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }
}
