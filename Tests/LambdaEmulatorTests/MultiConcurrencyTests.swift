import CurlHTTP
import Foundation
import LambdaEmulator
import Testing

/// Lambda Managed Instances: one execution environment (one `bootstrap` process) handling
/// several invocations at once, driven through the emulator as Lambda would drive it.
@Suite(.serialized)
struct MultiConcurrencyTests {
    /// The fixture as a Lambda Managed Instances function with two runtime workers.
    func multiConcurrentFixture(timeout: Duration = .seconds(5)) -> FunctionConfiguration {
        var configuration = fixture(timeout: timeout)
        configuration.maximumConcurrency = 2
        return configuration
    }

    func invokeAll(_ emulator: LambdaEmulator, _ payloads: [String]) async throws -> [InvocationResult] {
        try await withThrowingTaskGroup(of: (Int, InvocationResult).self) { group in
            for (index, payload) in payloads.enumerated() {
                group.addTask { (index, try await emulator.invoke("fixture", payload: Array(payload.utf8))) }
            }
            var results: [InvocationResult?] = Array(repeating: nil, count: payloads.count)
            for try await (index, result) in group { results[index] = result }
            return results.compactMap { $0 }
        }
    }

    @Test func twoSlowInvocationsOverlapInOneProcessWithTheirOwnIDsLogsAndTraces() async throws {
        try await withEmulator([multiConcurrentFixture()]) { emulator, logs in
            let slow = #"{"action":"overlap","milliseconds":800}"#
            let results = try await invokeAll(emulator, [slow, slow])
            #expect(results.allSatisfy { !$0.isError }, "\(results.map(\.payloadText))")
            let first = try jsonObject(results[0].payload)
            let second = try jsonObject(results[1].payload)

            // Both ran at the same time: each began before the other ended.
            let (firstStart, firstEnd) = try (
                #require(first["startedAtMilliseconds"] as? Int), #require(first["finishedAtMilliseconds"] as? Int)
            )
            let (secondStart, secondEnd) = try (
                #require(second["startedAtMilliseconds"] as? Int), #require(second["finishedAtMilliseconds"] as? Int)
            )
            #expect(
                firstStart < secondEnd && secondStart < firstEnd,
                "[\(firstStart), \(firstEnd)] and [\(secondStart), \(secondEnd)] do not overlap")

            // In one process, which is still the one serving the function.
            #expect(await emulator.processIdentifiers(of: "fixture").count == 1)

            // Each with its own request id and trace id, from its context; the process-global
            // variable is never set, since it could hold only one of them.
            let ids = try [#require(first["requestID"] as? String), #require(second["requestID"] as? String)]
            #expect(Set(ids).count == 2)
            #expect(ids == results.map(\.requestID))
            let traces = try [#require(first["traceID"] as? String), #require(second["traceID"] as? String)]
            #expect(Set(traces).count == 2 && traces.allSatisfy { $0.hasPrefix("Root=1-") })
            #expect(first["traceEnvironment"] == nil && second["traceEnvironment"] == nil)

            // Each worker's lines carry its own invocation's request id, although they interleave.
            for id in ids {
                #expect(await logs.firstLine(containing: "\t\(id)\tINFO\toverlap ends", within: .seconds(2)) != nil)
                #expect(logs.lines(containing: "\t\(id)\tINFO\toverlap begins").count == 1)
            }
            #expect(logs.lines(containing: "INFO\toverlap").count == 4)
            #expect(logs.lines(containing: "serving 2 invocations at once").count == 1)
        }
    }

    @Test func handlerPastItsDeadlineIsAnsweredAsTimedOutWhileTheOtherCompletes() async throws {
        try await withEmulator([multiConcurrentFixture(timeout: .seconds(1))]) { emulator, logs in
            let results = try await invokeAll(
                emulator, [#"{"action":"spin","milliseconds":20000}"#, #"{"action":"overlap","milliseconds":300}"#])
            let timedOut = results[0]
            #expect(timedOut.isError)
            #expect(try jsonObject(timedOut.payload)["errorType"] as? String == "Sandbox.Timedout")
            #expect(!results[1].isError, "the other invocation goes on: \(results[1].payloadText)")
            let pid = await emulator.processIdentifiers(of: "fixture")
            #expect(pid.count == 1, "the timeout did not end the environment")

            // The spinning handler saw its deadline and gave its worker back: two invocations at
            // once are served again, by the same process.
            let again = try await invokeAll(emulator, [#"{"action":"overlap","milliseconds":100}"#, #"{"action":"echo"}"#])
            #expect(again.allSatisfy { !$0.isError && !$0.isThrottled }, "\(again.map(\.payloadText))")
            #expect(await emulator.processIdentifiers(of: "fixture") == pid)
            // Whichever saw the deadline first answered: the handler through its context (the
            // runtime's Sandbox.Timedout) or the emulator's timer (which also logs "Task timed
            // out"); never both, and never the late result.
            #expect(logs.lines(containing: "\(timedOut.requestID) Task timed out").count <= 1)
        }
    }

    /// The honest limit of worker threads (docs/runtime-and-emulator.md, "One worker crashing"):
    /// a crash in one handler ends the process, and the other invocation in flight with it.
    @Test func oneWorkerCrashingEndsTheOtherInvocationInFlightToo() async throws {
        try await withEmulator([multiConcurrentFixture()]) { emulator, _ in
            _ = try await emulator.invoke("fixture", payload: Array(#"{"action":"echo"}"#.utf8))
            let slow = Task { try await emulator.invoke("fixture", payload: Array(#"{"action":"overlap","milliseconds":1500}"#.utf8)) }
            try await Task.sleep(for: .milliseconds(300))
            let crashed = try await emulator.invoke("fixture", payload: Array(#"{"action":"crash"}"#.utf8))
            let bystander = try await slow.value
            for result in [crashed, bystander] {
                #expect(result.isError)
                #expect(try jsonObject(result.payload)["errorType"] as? String == "Runtime.ExitError")
            }
            // A new environment serves the next invocations.
            #expect(!(try await emulator.invoke("fixture", payload: Array(#"{"action":"echo"}"#.utf8))).isError)
        }
    }

    @Test func invocationsBeyondTheLimitAreRejectedWith429() async throws {
        try await withEmulator([multiConcurrentFixture()]) { emulator, _ in
            // Warm the environment, so that the two slow invocations are in flight at once.
            _ = try await emulator.invoke("fixture", payload: Array(#"{"action":"echo"}"#.utf8))
            let slow = Task { try await invokeAll(emulator, Array(repeating: #"{"action":"overlap","milliseconds":1000}"#, count: 2)) }
            try await Task.sleep(for: .milliseconds(300))
            let rejected = try await invokeOverHTTP(emulator.invokeURL(for: "fixture"), body: #"{"action":"echo"}"#)
            #expect(rejected.status == 429)
            #expect(rejected.headers["X-Amzn-ErrorType"] == "TooManyRequestsException")
            let finished = try await slow.value
            #expect(finished.allSatisfy { !$0.isError })
            let accepted = try await invokeOverHTTP(emulator.invokeURL(for: "fixture"), body: #"{"action":"echo"}"#)
            #expect(accepted.status == 200, "a worker is free again")
        }
    }
}
