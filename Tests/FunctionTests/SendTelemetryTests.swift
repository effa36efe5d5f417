import AWSClients
import CurlHTTP
import Foundation
import LambdaEmulator
import LocalServices
import Testing

/// SendTelemetry, the real executable, writing to moto's Kinesis.
@Suite(.serialized)
struct SendTelemetryTests {
    static let function = "SendTelemetry"

    func readAll(_ moto: MotoServer, stream: String) async throws -> [[String: Any]] {
        let bodies = try await BlockingIO.run {
            let kinesis = KinesisClient(configuration: try moto.configuration())
            let iterator = try kinesis.getShardIterator(streamName: stream, shardID: "shardId-000000000000", type: .trimHorizon)
            return try kinesis.getRecords(shardIterator: iterator).records.map(\.data)
        }
        return try bodies.map { try jsonObject($0) }
    }

    func withStream(_ body: (LambdaEmulator, LogCollector, MotoServer, String) async throws -> Void) async throws {
        let stream = uniqueBucket("telemetry")
        try await FunctionHarness.withFunction(Self.function, environment: ["TELEMETRY_STREAM": stream]) { emulator, logs, moto in
            try await BlockingIO.run { try moto.createStream(stream) }
            try await body(emulator, logs, moto, stream)
        }
    }

    @Test func successfulExecutionSendsOneEventPerStage() async throws {
        try await withStream { emulator, logs, moto, stream in
            let state = StoreResultsTests.state()
            let result = try await FunctionHarness.invoke(
                emulator, Self.function,
                ["executionName": "exec-1", "executionStartTime": "2026-11-25T08:45:00.000Z", "state": state])
            #expect(!result.isError, "\(result.payloadText)")
            #expect(try jsonObject(result.payload)["events"] as? Int == 3)

            let events = try await readAll(moto, stream: stream)
            #expect(events.map { $0["stage"] as? String } == ["ValidateMetadata", "RunInference", "Execution"])
            #expect(events.allSatisfy { $0["status"] as? String == "succeeded" })
            #expect(events.allSatisfy { $0["studyInstanceUID"] as? String == StoreResultsTests.studyUID })
            #expect(events[1]["model"] as? String == "radstream_classifier")
            #expect(events[1]["elapsedMilliseconds"] as? Double == 12.5)
            #expect(Set(events.compactMap { $0["eventId"] as? String }).count == 3)

            let metric = try #require(await logs.firstLine(containing: "\"_aws\"", within: .seconds(5)))
            let emf = try jsonObject(Array(metric.utf8))
            #expect(emf["Stage"] as? String == "ValidateMetadata")
            #expect(emf["Duration"] as? Double == 1.5)
        }
    }

    @Test func failedExecutionReportsTheFailedStageAndItsErrorType() async throws {
        try await withStream { emulator, _, moto, stream in
            let state = StoreResultsTests.state(error: ["Error": "InferenceUnavailable", "Cause": "{}"])
            let result = try await FunctionHarness.invoke(emulator, Self.function, ["executionName": "exec-2", "state": state])
            #expect(!result.isError, "\(result.payloadText)")
            let events = try await readAll(moto, stream: stream)
            let failed = try #require(events.first { $0["status"] as? String == "failed" && $0["stage"] as? String == "RunInference" })
            #expect(failed["errorType"] as? String == "InferenceUnavailable")
            #expect(events.last?["stage"] as? String == "Execution")
            #expect(events.last?["status"] as? String == "failed")
        }
    }

    @Test func retriedDeliveryCarriesTheSameEventIDs() async throws {
        try await withStream { emulator, _, moto, stream in
            for _ in 0..<2 {
                _ = try await FunctionHarness.invoke(
                    emulator, Self.function, ["executionName": "exec-3", "state": StoreResultsTests.state()])
            }
            let events = try await readAll(moto, stream: stream)
            #expect(events.count == 6, "at least once: the retry sends again")
            #expect(Set(events.compactMap { $0["eventId"] as? String }).count == 3, "…with the same ids, for deduplication")
        }
    }

    /// A telemetry outage must not silence the EMF alarms: the metrics are printed before the
    /// Kinesis call, so a failed PutRecords (here: a stream that does not exist) still leaves them.
    @Test func metricsAreLoggedWhenKinesisFails() async throws {
        try await FunctionHarness.withFunction(Self.function, environment: ["TELEMETRY_STREAM": uniqueBucket("missing")]) {
            emulator, logs, _ in
            let result = try await FunctionHarness.invoke(
                emulator, Self.function, ["executionName": "exec-4", "state": StoreResultsTests.state()])
            #expect(result.isError, "PutRecords to a missing stream must fail: \(result.payloadText)")
            let metric = try #require(await logs.firstLine(containing: "\"_aws\"", within: .seconds(5)))
            #expect(try jsonObject(Array(metric.utf8))["Stage"] as? String == "ValidateMetadata")
        }
    }
}
