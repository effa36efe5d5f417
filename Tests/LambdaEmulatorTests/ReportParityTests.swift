import CurlHTTP
import Foundation
import LambdaEmulator
import Testing

/// The emulator's REPORT lines and payload limits match Lambda's.
@Suite(.serialized)
struct ReportParityTests {
    static let echo = Array(#"{"action":"echo"}"#.utf8)

    @Test func aTimedOutInvocationReportsTheTimeoutAndItsMemory() async throws {
        try await withEmulator([fixture(timeout: .seconds(1))]) { emulator, logs in
            _ = try await emulator.invoke("fixture", payload: Self.echo)  // initialise: no Init Duration below
            let timedOut = try await emulator.invoke("fixture", payload: Array(#"{"action":"sleep","milliseconds":5000}"#.utf8))
            #expect(timedOut.functionErrorType == "Sandbox.Timedout")
            let report = try #require(timedOut.report)
            #expect(report.duration == .seconds(1), "Lambda caps Duration at the timeout")
            #expect(report.billedDurationMilliseconds == 1000)
            #expect(report.maxMemoryUsedMB > 0, "read before the process was killed")
            let line = try #require(logs.lines(containing: "REPORT RequestId: \(timedOut.requestID)").first)
            #expect(line.contains("\tDuration: 1000.00 ms\tBilled Duration: 1000 ms\t"))
        }
    }

    @Test func aRuntimeExitErrorGetsEndAndReport() async throws {
        try await withEmulator([fixture()]) { emulator, logs in
            _ = try await emulator.invoke("fixture", payload: Self.echo)
            let crashed = try await emulator.invoke("fixture", payload: Array(#"{"action":"exit"}"#.utf8))
            #expect(crashed.functionErrorType == "Runtime.ExitError")
            let report = try #require(crashed.report, "the invocation reached the runtime")
            #expect(report.maxMemoryUsedMB > 0, "the kernel's account of the exited process")
            #expect(logs.lines(containing: "END RequestId: \(crashed.requestID)").count == 1)
            #expect(logs.lines(containing: "REPORT RequestId: \(crashed.requestID)").count == 1)
        }
    }

    /// Lambda accepts a response of 6 MiB + 100 bytes (6291556) and refuses one byte more.
    /// (A generous timeout: the debug fixture encodes 6 MB of JSON slowly on a loaded machine.)
    @Test func theResponseLimitIsLambdas() async throws {
        try await withEmulator([fixture(timeout: .seconds(60))]) { emulator, _ in
            func echo(padding: Int) async throws -> InvocationResult {
                try await emulator.invoke("fixture", payload: Array(#"{"action":"echo","bytes":\#(padding)}"#.utf8))
            }
            let overhead = try await echo(padding: 100).payload.count - 100
            let largest = try await echo(padding: LambdaLimits.maximumResponseBytes - overhead)
            #expect(!largest.isError, "\(largest.payloadText.prefix(200))")
            #expect(largest.payload.count == 6_291_556)
            let over = try await echo(padding: LambdaLimits.maximumResponseBytes - overhead + 1)
            #expect(over.functionErrorType == "Function.ResponseSizeTooLarge")
        }
    }

    /// An `Event` invocation is refused over Lambda's asynchronous quota (1 MiB), not at 6 MiB.
    @Test func anEventPayloadOverTheAsynchronousQuotaIsRefused() async throws {
        try await withEmulator([fixture()]) { emulator, _ in
            func post(bodyBytes: Int) async throws -> HTTPResponse {
                let prefix = #"{"action":"echo","message":""#
                let body = prefix + String(repeating: "x", count: bodyBytes - prefix.utf8.count - 2) + #""}"#
                return try await invokeOverHTTP(emulator.invokeURL(for: "fixture"), body: body, headers: ["X-Amz-Invocation-Type": "Event"])
            }
            let largest = try await post(bodyBytes: 1_048_576)
            #expect(largest.status == 202)
            let over = try await post(bodyBytes: 1_048_577)
            #expect(over.status == 413)
            #expect(over.headers["X-Amzn-ErrorType"] == "RequestTooLargeException")
        }
    }
}
