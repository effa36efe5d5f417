import AWSClients
import CurlHTTP
import Foundation
import LocalServices
import Testing

/// Retries, permanent errors, deadlines and dead peers, through a fault proxy in front of moto.
@Suite struct FaultInjectionTests {
    /// Fast retries so the suite stays quick; the real sleeper and clock.
    static let quickRetries = RetryPolicy(maximumAttempts: 5, baseDelay: .milliseconds(20), maximumDelay: .milliseconds(200))

    /// A bucket on the shared moto server, and an S3 client pointed at a proxy for it.
    func withProxiedS3<T: Sendable>(
        _ plan: FaultPlan, policy: RetryPolicy = quickRetries,
        _ body: @escaping @Sendable (S3Client, String) throws -> T
    ) async throws -> T {
        let server = try await BlockingIO.run { try MotoServer.shared() }
        let bucket = uniqueName("faults")
        try await BlockingIO.run { try server.createBucket(bucket) }
        return try await FaultProxy.run(upstream: server.endpoint, plan: plan) { proxy in
            try await BlockingIO.run {
                let client = S3Client(configuration: try server.configuration(endpoint: proxy), retryPolicy: policy)
                return try body(client, bucket)
            }
        }
    }

    @Test(arguments: [
        [Fault.serviceUnavailable, .serviceUnavailable],
        [Fault.slowDown, .slowDown, .slowDown],
        [Fault.dropConnection, .dropConnection],
        [Fault.slowDown, .dropConnection, .serviceUnavailable],
    ])
    func transientFailuresAreRetriedAndTheResultIsCorrect(faults: [Fault]) async throws {
        let plan = FaultPlan(faults)
        let bytes = randomBytes(600_000)
        _ = try await withProxiedS3(plan) { client, bucket in
            try client.putObject(bucket: bucket, key: "retried.bin", body: bytes)
        }
        // PUT hit the faults then succeeded; one more GET goes straight through.
        #expect(plan.requests.count == faults.count + 1)
        #expect(plan.requests.allSatisfy { $0.hasPrefix("PUT /") })
        let readBack = try await withProxiedS3(FaultPlan([.slowDown])) { client, bucket in
            try client.putObject(bucket: bucket, key: "k", body: bytes)
            return try client.getObject(bucket: bucket, key: "k", maximumBytes: 1 << 20).body
        }
        #expect(readBack == bytes)
    }

    @Test func theProxysDroppedConnectionIsATransportErrorNotAResponse() async throws {
        let server = try await BlockingIO.run { try MotoServer.shared() }
        let result = try await FaultProxy.run(upstream: server.endpoint, plan: FaultPlan([.dropConnection])) { proxy in
            try await BlockingIO.run { () -> Result<Int, HTTPClientError> in
                do throws(HTTPClientError) {
                    return .success(try CurlHTTPClient().perform(HTTPRequest(method: .get, url: "\(proxy)/any")).status)
                } catch {
                    return .failure(error)
                }
            }
        }
        guard case .failure(let error) = result else {
            Issue.record("expected a transport error, got \(result)")
            return
        }
        #expect(error.isTransient)
    }

    @Test func permanentAccessDeniedIsNotRetried() async throws {
        let plan = FaultPlan([.accessDenied], repeatLast: true)
        let error = try await withProxiedS3(plan) { client, bucket in
            #expect(throws: S3Error.self) { try client.getObject(bucket: bucket, key: "k", maximumBytes: 10) }
        }
        #expect(error == .accessDenied(message: "Access Denied"))
        #expect(error?.errorType == "S3.AccessDenied")
        #expect(plan.requests.count == 1)
    }

    @Test func retriesGiveUpAfterTheLastAttemptWithTheLastError() async throws {
        let plan = FaultPlan([.slowDown], repeatLast: true)
        let error = try await withProxiedS3(plan) { client, bucket in
            #expect(throws: S3Error.self) { try client.putObject(bucket: bucket, key: "k", body: [1]) }
        }
        #expect(error == .slowDown(message: "Please reduce your request rate."))
        #expect(plan.requests.count == Self.quickRetries.maximumAttempts)
    }

    @Test func theDeadlineStopsRetries() async throws {
        let plan = FaultPlan([.serviceUnavailable], repeatLast: true)
        let policy = RetryPolicy(maximumAttempts: 100, baseDelay: .milliseconds(100), maximumDelay: .milliseconds(400))
        let measured = try await withProxiedS3(plan, policy: policy) { client, bucket in
            let started = ContinuousClock.now
            let error = #expect(throws: S3Error.self) {
                try client.getObject(bucket: bucket, key: "k", maximumBytes: 10, deadline: .after(.seconds(1)))
            }
            return (error, ContinuousClock.now - started)
        }
        let (error, elapsed) = measured
        guard case .deadlineExceeded(let attempts, let lastError) = error else {
            Issue.record("expected deadlineExceeded, got \(String(describing: error))")
            return
        }
        #expect(lastError == .other(code: "ServiceUnavailable", status: 503, message: "Please reduce your request rate."))
        #expect(attempts == plan.requests.count)
        #expect(attempts >= 2 && attempts < 100)
        // Without the deadline, 100 attempts would take ~40 s; the bound is loose for a busy machine.
        #expect(elapsed < .seconds(5), "retries stopped near the 1 s deadline")
    }

    @Test func aStoppedServerIsATypedConnectionError() async throws {
        try await BlockingIO.run {
            let server = try MotoServer()  // a private server: this test kills it
            let bucket = uniqueName("stopped")
            try server.createBucket(bucket)
            let client = S3Client(configuration: try server.configuration(endpoint: server.endpoint), retryPolicy: Self.quickRetries)
            try client.putObject(bucket: bucket, key: "before", body: [1, 2, 3])
            #expect(try client.getObject(bucket: bucket, key: "before", maximumBytes: 10).body == [1, 2, 3])
            server.stop()
            let error = #expect(throws: S3Error.self) { try client.getObject(bucket: bucket, key: "before", maximumBytes: 10) }
            guard case .connection(let cause) = error else {
                Issue.record("expected a connection error, got \(String(describing: error))")
                return
            }
            #expect(cause.isTransient)
            #expect(error?.errorType == "S3.ConnectionError")
            #expect(error?.isRetryable == true)
        }
    }

    @Test func throttledRecordsAloneAreResent() async throws {
        let server = try await BlockingIO.run { try MotoServer.shared() }
        let stream = uniqueName("partial")
        try await BlockingIO.run {
            try server.createStream(stream)
        }
        let throttlingPlan = FaultPlan([.throttleEveryOtherRecord])
        let records = (0..<9).map { KinesisRecord(data: Array("record \($0)".utf8), partitionKey: "key-\($0)") }
        let result = try await FaultProxy.run(upstream: server.endpoint, plan: throttlingPlan) { proxy in
            try await BlockingIO.run {
                let client = KinesisClient(configuration: try server.configuration(endpoint: proxy), retryPolicy: Self.quickRetries)
                return try client.putRecords(records, streamName: stream)
            }
        }
        // First call: all 9 (4 written, 5 throttled); second: the 5 throttled ones only.
        #expect(throttlingPlan.putRecordsSizes == [9, 5])
        #expect(result.attempts == 2)
        #expect(result.records.count == 9)
        let received = try await BlockingIO.run {
            let client = KinesisClient(configuration: try server.configuration(endpoint: server.endpoint))
            let iterator = try client.getShardIterator(streamName: stream, shardID: result.records[0].shardID, type: .trimHorizon)
            return try client.getRecords(shardIterator: iterator).records
        }
        #expect(received.count == 9)
        #expect(Set(received.map(\.data)) == Set(records.map(\.data)))
        // The odd records landed first, then the retried even ones; each result names its own record.
        let bySequence = Dictionary(uniqueKeysWithValues: received.map { ($0.sequenceNumber, $0.data) })
        #expect(result.records.map { bySequence[$0.sequenceNumber] } == records.map(\.data))
    }

    @Test func kinesisThrottlingErrorResponsesAreRetried() async throws {
        let server = try await BlockingIO.run { try MotoServer.shared() }
        let stream = uniqueName("throttled")
        let throttled = Fault.respond(
            status: 400,
            body: #"{"__type":"ProvisionedThroughputExceededException","message":"Rate exceeded for shard shardId-000000000000"}"#)
        let plan = FaultPlan([throttled, .respond(status: 500, body: #"{"__type":"InternalFailure"}"#)])
        let result = try await FaultProxy.run(upstream: server.endpoint, plan: FaultPlan([])) { direct in
            try await BlockingIO.run {
                try server.createStream(stream)
            }
            return try await FaultProxy.run(upstream: server.endpoint, plan: plan) { proxy in
                try await BlockingIO.run {
                    let client = KinesisClient(configuration: try server.configuration(endpoint: proxy), retryPolicy: Self.quickRetries)
                    return try client.putRecord(KinesisRecord(data: [7], partitionKey: "p"), streamName: stream)
                }
            }
        }
        #expect(plan.requests.count == 3)
        #expect(result.shardID.hasPrefix("shardId-"))
    }
}
