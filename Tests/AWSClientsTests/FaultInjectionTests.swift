import AWSClients
import CurlHTTP
import Foundation
import LocalServices
import Testing

/// Retries, permanent errors, deadlines and dead peers, through a fault proxy in front of moto.
@Suite struct FaultInjectionTests {
    /// Fast retries so the suite stays quick; the real sleeper and clock.
    static let quickRetries = RetryPolicy(maximumAttempts: 5, baseDelay: .milliseconds(20), maximumDelay: .milliseconds(200))

    /// Runs `body` with the endpoint of a ``FaultProxy`` (LocalServices) in front of the shared
    /// moto server, and always stops the proxy.
    func withFaultProxy<T: Sendable>(_ plan: FaultPlan, _ body: (MotoServer, String) async throws -> T) async throws -> T {
        let server = try await BlockingIO.run { try MotoServer.shared() }
        let proxy = try await FaultProxy.start(upstream: server.endpoint, plan: plan)
        do {
            let result = try await body(server, proxy.endpoint)
            await proxy.shutdown()
            return result
        } catch {
            await proxy.shutdown()
            throw error
        }
    }

    /// A bucket on the shared moto server, and an S3 client pointed at a proxy for it.
    func withProxiedS3<T: Sendable>(
        _ plan: FaultPlan, policy: RetryPolicy = quickRetries, stallTimeout: Duration = .seconds(5),
        _ body: @escaping @Sendable (S3Client, String) throws -> T
    ) async throws -> T {
        try await withFaultProxy(plan) { server, proxy in
            let bucket = uniqueName("faults")
            try await BlockingIO.run { try server.createBucket(bucket) }
            return try await BlockingIO.run {
                let client = S3Client(
                    configuration: try server.configuration(endpoint: proxy), retryPolicy: policy, stallTimeout: stallTimeout)
                return try body(client, bucket)
            }
        }
    }

    @Test(arguments: [
        [Fault.serviceUnavailable, .serviceUnavailable],
        [Fault.throttled, .throttled, .throttled],
        [Fault.dropConnection, .dropConnection],
        [Fault.throttled, .dropConnection, .serviceUnavailable],
    ])
    func transientFailuresAreRetriedAndTheResultIsCorrect(faults: [Fault]) async throws {
        let plan = FaultPlan(sequence: faults)
        let bytes = randomBytes(600_000)
        _ = try await withProxiedS3(plan) { client, bucket in
            try client.putObject(bucket: bucket, key: "retried.bin", body: bytes)
        }
        // PUT hit the faults then succeeded; one more GET goes straight through.
        #expect(plan.entries.count == faults.count + 1)
        #expect(plan.entries.allSatisfy { $0.request.method == "PUT" })
        let readBack = try await withProxiedS3(FaultPlan(sequence: [.throttled])) { client, bucket in
            try client.putObject(bucket: bucket, key: "k", body: bytes)
            return try client.getObject(bucket: bucket, key: "k", maximumBytes: 1 << 20).body
        }
        #expect(readBack == bytes)
    }

    @Test func theProxysDroppedConnectionIsATransportErrorNotAResponse() async throws {
        let result = try await withFaultProxy(FaultPlan(sequence: [.dropConnection])) { _, proxy in
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
        let plan = FaultPlan(sequence: [.accessDenied], repeatingLast: true)
        let error = try await withProxiedS3(plan) { client, bucket in
            #expect(throws: S3Error.self) { try client.getObject(bucket: bucket, key: "k", maximumBytes: 10) }
        }
        #expect(error == .accessDenied(message: "Access Denied"))
        #expect(error?.errorType == "S3.AccessDenied")
        #expect(plan.entries.count == 1)
    }

    @Test func retriesGiveUpAfterTheLastAttemptWithTheLastError() async throws {
        let plan = FaultPlan(sequence: [.throttled], repeatingLast: true)
        let error = try await withProxiedS3(plan) { client, bucket in
            #expect(throws: S3Error.self) { try client.putObject(bucket: bucket, key: "k", body: [1]) }
        }
        #expect(error == .slowDown(message: "Please reduce your request rate."))
        #expect(plan.entries.count == Self.quickRetries.maximumAttempts)
    }

    @Test func theDeadlineStopsRetries() async throws {
        let plan = FaultPlan(sequence: [.serviceUnavailable], repeatingLast: true)
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
        // The last error is the injected 503 — or, on a machine busy enough that the proxy and
        // moto answer slower than the ≥ 100 ms the policy leaves a last retry, that attempt's own
        // timeout: the deadline bounds every attempt, so both are the deadline doing its job.
        switch lastError {
        case .other(code: "ServiceUnavailable", status: 503, message: "Service is unable to handle request (injected)"):
            break
        case .connection(let cause) where cause.isTransient && attempts >= 2:
            break
        default:
            Issue.record("unexpected last error \(String(describing: lastError))")
        }
        #expect(attempts == plan.entries.count)
        #expect(attempts >= 2 && attempts < 100)
        // Without the deadline, 100 attempts would take ~40 s; the bound is loose for a busy machine.
        #expect(elapsed < .seconds(5), "retries stopped near the 1 s deadline")
    }

    /// A peer that stops sending mid-body costs one bounded attempt, not the deadline: no byte
    /// for `stallTimeout` fails the attempt as a timeout, and each attempt gets only a share of
    /// the time left, so the policy retries. (Before: one attempt, "deadline reached".)
    @Test func aStallMidBodyIsRetriedWithinTheDeadline() async throws {
        let plan = FaultPlan([FaultRule(.stallMidBody(.seconds(10)), .firstRequests(1), service: .s3, operations: ["GetObject"])])
        let bytes = randomBytes(200_000)
        let measured = try await withProxiedS3(plan, stallTimeout: .seconds(1)) { client, bucket in
            try client.putObject(bucket: bucket, key: "stalled.bin", body: bytes)
            let started = ContinuousClock.now
            let object = try client.getObject(bucket: bucket, key: "stalled.bin", maximumBytes: 1 << 20, deadline: .after(.seconds(8)))
            return (object.body, ContinuousClock.now - started)
        }
        #expect(measured.0 == bytes)
        #expect(plan.requestCount(.s3, operation: "GetObject") == 2, "\(plan.summary)")
        #expect(plan.faultCount(.s3, operation: "GetObject") == 1)
        print("a GET stalled mid-body was retried and answered after \(measured.1)")
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
        let throttlingPlan = FaultPlan(sequence: [.throttleRecords])
        let records = (0..<9).map { KinesisRecord(data: Array("record \($0)".utf8), partitionKey: "key-\($0)") }
        let stream = uniqueName("partial")
        let (server, result) = try await withFaultProxy(throttlingPlan) { server, proxy in
            try await BlockingIO.run {
                try server.createStream(stream)
                let client = KinesisClient(configuration: try server.configuration(endpoint: proxy), retryPolicy: Self.quickRetries)
                return (server, try client.putRecords(records, streamName: stream))
            }
        }
        // First call: all 9 (4 written, 5 throttled); second: the 5 throttled ones only.
        #expect(throttlingPlan.entries.compactMap(\.request.recordCount) == [9, 5])
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

    /// libcurl resends a request unseen when a reused connection dies before any answer. A
    /// PutRecords whose answer is lost must come back to the retry policy instead, so every
    /// copy Kinesis received is an attempt the caller counts. (Before: the second call reported
    /// 1 attempt while the proxy received its PutRecords twice.)
    @Test func aLostPutRecordsAnswerIsAnAttemptOfThePolicyNotASilentResend() async throws {
        let stream = uniqueName("resend")
        // The second PutRecords, sent where the first one left a kept-alive connection, is
        // acted on by moto and its answer lost.
        let plan = FaultPlan([FaultRule(.dropResponse, .requestNumber(2), service: .kinesis, operations: ["PutRecords"])])
        let records = (0..<3).map { KinesisRecord(data: Array("record \($0)".utf8), partitionKey: "key-\($0)") }
        let (first, second) = try await withFaultProxy(plan) { server, proxy in
            try await BlockingIO.run {
                try server.createStream(stream)
                let client = KinesisClient(configuration: try server.configuration(endpoint: proxy), retryPolicy: Self.quickRetries)
                return (try client.putRecords(records, streamName: stream), try client.putRecords(records, streamName: stream))
            }
        }
        #expect(first.attempts == 1)
        #expect(second.attempts == 2, "the lost answer was a failed attempt of the policy")
        #expect(plan.requestCount(.kinesis, operation: "PutRecords") == first.attempts + second.attempts, "\(plan.summary)")
    }

    @Test func kinesisThrottlingErrorResponsesAreRetried() async throws {
        let stream = uniqueName("throttled")
        let plan = FaultPlan(sequence: [.throttled, .internalError])
        let result = try await withFaultProxy(plan) { server, proxy in
            try await BlockingIO.run {
                try server.createStream(stream)
                let client = KinesisClient(configuration: try server.configuration(endpoint: proxy), retryPolicy: Self.quickRetries)
                return try client.putRecord(KinesisRecord(data: [7], partitionKey: "p"), streamName: stream)
            }
        }
        #expect(plan.entries.filter { $0.request.operation == "PutRecord" }.count == 3)
        #expect(result.shardID.hasPrefix("shardId-"))
    }
}
