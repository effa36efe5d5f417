import CurlHTTP
import Testing

@testable import Inference

/// How an HTTP error status becomes an `InferenceError` (and so whether it is retried).
@Suite struct StatusMappingTests {
    func error(_ status: Int, _ body: String = #"{"error":"x"}"#) -> InferenceError {
        InferenceClient.error(
            for: HTTPResponse(status: status, headers: HTTPHeaders(), body: Array(body.utf8)), model: ModelReference(name: "m"))
    }

    /// 408: the server (or a proxy) timed the request out: as transient as a 503.
    @Test(arguments: [408, 429, 502, 503, 504])
    func transientStatusesAreUnavailable(status: Int) {
        #expect(error(status) == .unavailable(status: status, detail: "x"))
        #expect(error(status).isRetryable)
    }

    /// 500 is mapped to ServerError here; `send` retries a bounded number of them first
    /// (TritonFaultTests.serverErrorsAreRetriedABoundedNumberOfTimes, against PyTriton).
    @Test func internalErrorIsAServerError() {
        #expect(error(500) == .serverError(status: 500, message: "x"))
        #expect(!error(500).isRetryable)
    }
}
