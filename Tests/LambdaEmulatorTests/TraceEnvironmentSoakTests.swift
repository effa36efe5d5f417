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

    @Test func uniqueTraceIDsDoNotGrowAWarmFunction() async throws {
        try await withEmulator([fixture()]) { emulator, _ in
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
