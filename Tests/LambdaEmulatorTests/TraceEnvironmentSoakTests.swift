import LambdaEmulator
import Testing

/// A warm function must not grow per invocation: every invocation carries a new trace id, which
/// the runtime exports as `_X_AMZN_TRACE_ID` (glibc's `setenv` kept each one, ~141 bytes).
@Suite(.serialized)
struct TraceEnvironmentSoakTests {
    static let warmUpInvocations = 2000
    static let measuredInvocations = 20000
    /// Allocator noise stays well below this; the old export grew ~2.8 MB over 20k invocations.
    static let allowedGrowthBytes = 1 << 20

    /// The fixture's usual 3 s timeout measures the test process, not the function, over 22,000
    /// invocations: the emulator's handlers run on Swift Testing's cooperative threads, which the
    /// other suites' synchronous work can hold for seconds under the first phase's load (one CI
    /// run had an echo "time out" that way, and the restarted process failed the pid check).
    /// This test is about memory, so a stall may only make it slower.
    static let timeout = Duration.seconds(60)

    @Test func uniqueTraceIDsDoNotGrowAWarmFunction() async throws {
        try await withEmulator([fixture(timeout: Self.timeout)]) { emulator, _ in
            let payload = Array(#"{"action":"echo"}"#.utf8)
            for _ in 0..<Self.warmUpInvocations {
                let result = try await emulator.invoke("fixture", payload: payload)
                try #require(!result.isError)
            }
            let pid = try #require(await emulator.processIdentifier(of: "fixture"))
            let before = try #require(ProcessMemory.residentBytes(of: pid))
            var traceIDs = Set<String>()
            for _ in 0..<Self.measuredInvocations {
                let result = try await emulator.invoke("fixture", payload: payload)
                try #require(!result.isError)
                let traceID = try #require(try jsonObject(result.payload)["traceEnvironment"] as? String)
                traceIDs.insert(traceID)
            }
            let after = try #require(ProcessMemory.residentBytes(of: pid))
            #expect(await emulator.processIdentifier(of: "fixture") == pid, "one warm environment throughout")
            #expect(traceIDs.count == Self.measuredInvocations, "every invocation exported its own trace id")
            #expect(
                after - before < Self.allowedGrowthBytes, "VmRSS \(before) → \(after) bytes over \(Self.measuredInvocations) invocations")
        }
    }
}
