@_spi(Fuzzing) import CurlHTTP
import Foundation
import Logging
import Testing

@_spi(Fuzzing) @testable import LambdaRuntime

/// Replays the `FuzzRuntimeInvocation` seeds and every regression input (Fuzz/corpus and
/// Fuzz/regressions, docs/fuzzing.md) through the same steps as the fuzz target, without
/// sanitizers: each must become an invocation with a context or a typed `RuntimeAPIError`.
struct NextInvocationFuzzCorpusTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func inputs(_ folder: String) -> [String] {
        let path = repositoryRoot.appending(path: "Fuzz/\(folder)/runtime-invocation").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { "\(path)/\($0)" }
    }

    /// What the fuzz target does: header lines until the first empty line, then the body.
    static func response(from bytes: [UInt8]) -> HTTPResponse {
        HTTPResponse.fromRawBytes(bytes)
    }

    /// The outcome of one input: the percent-encoded answer path, or the error type.
    static func outcome(of bytes: [UInt8]) -> String {
        let invocation: PendingInvocation
        do {
            invocation = try RuntimeAPIClient.invocation(from: response(from: bytes))
        } catch {
            return "error: \(error)"
        }
        let context = LambdaContext(invocation: invocation, logger: Logger(label: "test"), environment: LambdaEnvironment { _ in nil })
        if context.remainingTime < .zero { return "error: negative remaining time" }
        return RuntimeAPIPaths.response(requestID: context.requestID)
    }

    @Test func seedsAndRegressionsGiveAnInvocationOrATypedError() throws {
        let files = Self.inputs("corpus") + Self.inputs("regressions")
        try #require(files.count >= 6, "expected the seeds and regressions under Fuzz/")
        let outcomes = try Dictionary(
            uniqueKeysWithValues: files.map {
                (
                    $0.split(separator: "/").last.map(String.init) ?? $0,
                    Self.outcome(of: Array(try Data(contentsOf: URL(fileURLWithPath: $0))))
                )
            })
        #expect(outcomes["next.txt"] == "/2018-06-01/runtime/invocation/8476a536-e9f4-11e8-9739-2dfe598c3fcd/response")
        #expect(outcomes["missing-request-id.txt"] == "error: \(RuntimeAPIError.missingRequestID)")
        #expect(outcomes["continue-then-200.txt"]?.hasSuffix("/response") == true)
        #expect(outcomes["lowercase-no-deadline.txt"] == "/2018-06-01/runtime/invocation/abc%2F..%2Fdef%3Fx%23y/response")
        #expect(outcomes["deadline-int64-min.txt"]?.hasSuffix("/response") == true)
        #expect(outcomes["request-id-dot-dot.txt"] == "/2018-06-01/runtime/invocation/%2E%2E/response")
        for (name, outcome) in outcomes where !outcome.hasPrefix("error: ") {
            let segments = outcome.split(separator: "/", omittingEmptySubsequences: false)
            #expect(segments.count == 6 && segments[4] != "." && segments[4] != "..", "\(name): \(outcome)")
        }
    }

    @Test(arguments: ["-9223372036854775808", "-9223372036854775000", "-1", "0", "9223372036854775807"])
    func anyDeadlineHeaderGivesARemainingTimeWithoutTrapping(deadline: String) throws {
        let response = HTTPResponse(
            status: 200, headers: [AmazonHeaders.requestID: "id", AmazonHeaders.deadline: deadline], body: [])
        let invocation = try RuntimeAPIClient.invocation(from: response)
        let context = LambdaContext(invocation: invocation, logger: Logger(label: "test"), environment: LambdaEnvironment { _ in nil })
        #expect(context.deadlineMilliseconds == Int64(deadline))
        if context.deadlineMilliseconds <= WallClock.nowMilliseconds() {
            #expect(context.remainingTime == .zero)
        } else {
            #expect(context.remainingTime > .seconds(86400 * 365))
        }
    }

    @Test(arguments: [".", ".."]) func dotSegmentRequestIDsAreEncoded(requestID: String) {
        let path = RuntimeAPIPaths.error(requestID: requestID)
        #expect(path == "/2018-06-01/runtime/invocation/\(String(repeating: "%2E", count: requestID.count))/error")
    }
}
