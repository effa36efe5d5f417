/// Why an HTTP exchange produced no response. Every case is a transport failure: an HTTP
/// error status is a response, not an error, and callers map it themselves.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The URL could not be parsed or uses an unsupported scheme.
    case invalidURL(String)
    /// No connection could be made (refused, unreachable, DNS failure).
    case couldNotConnect(detail: String)
    /// The connect or total timeout elapsed.
    case timedOut(detail: String)
    /// The connection broke or the peer sent something that is not HTTP.
    case connectionFailed(detail: String)
    /// The response body exceeded the caller's limit; the transfer was aborted.
    case responseTooLarge(limit: Int)
    /// TLS could not be established or the peer certificate was not trusted.
    case tls(detail: String)
    /// libcurl failed in a way none of the above describes.
    case transfer(code: Int, detail: String)

    /// Whether retrying the same request may succeed (connection-level failures and timeouts).
    public var isTransient: Bool {
        switch self {
        case .couldNotConnect, .timedOut, .connectionFailed: true
        case .invalidURL, .responseTooLarge, .tls, .transfer: false
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let url): "invalid URL: \(url)"
        case .couldNotConnect(let detail): "could not connect: \(detail)"
        case .timedOut(let detail): "timed out: \(detail)"
        case .connectionFailed(let detail): "connection failed: \(detail)"
        case .responseTooLarge(let limit): "response larger than \(limit) bytes"
        case .tls(let detail): "TLS failure: \(detail)"
        case .transfer(let code, let detail): "transfer failed (curl \(code)): \(detail)"
        }
    }
}
