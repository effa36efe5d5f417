import AWSClients
import ArrivingBytes
import CurlHTTP
import Foundation
import LocalServices
import Testing

/// `S3Client.getObject(…readingAsItArrives:)` against moto through a fault proxy: the reader sees
/// the object's exact bytes as they arrive; a transfer cut mid-body is the retryable S3 error (the
/// reader is woken, never handed a short body as complete) and a retry reads it whole; a reader
/// that fails stops the transfer and is not retried; an oversized object never reaches a reader.
/// No assertion depends on timing.
@Suite struct StreamingGetTests {
    static let quickRetries = RetryPolicy(maximumAttempts: 4, baseDelay: .milliseconds(20), maximumDelay: .milliseconds(100))

    /// What a reader that copies the body as it arrives saw, and how it ended.
    struct Copy: Sendable, Equatable {
        var bytes: [UInt8]
        var waits: Int
    }

    struct ReaderGaveUp: Error, Equatable {}

    /// Reads the body piece by piece as it arrives, as a decoder's source does.
    static let copyAsItArrives: @Sendable (ArrivingBytes) -> Result<Copy, ReaderGaveUp> = { body in
        var copy = Copy(bytes: [], waits: 0)
        while true {
            switch body.wait(beyond: copy.bytes.count) {
            case .bytes(let count):
                copy.waits += 1
                body.withArrivedBytes(from: copy.bytes.count, count: count) { copy.bytes += $0 }
            case .end: return .success(copy)
            case .interrupted: return .failure(ReaderGaveUp())
            }
        }
    }

    func withProxiedS3<T: Sendable>(
        _ plan: FaultPlan, policy: RetryPolicy = quickRetries, _ body: @escaping @Sendable (S3Client, MotoServer, String) throws -> T
    ) async throws -> T {
        let server = try await BlockingIO.run { try MotoServer.shared() }
        let proxy = try await FaultProxy.start(upstream: server.endpoint, plan: plan)
        do {
            let result = try await BlockingIO.run {
                let bucket = uniqueName("streaming")
                try server.createBucket(bucket)
                let client = S3Client(configuration: try server.configuration(endpoint: proxy.endpoint), retryPolicy: policy)
                return try body(client, server, bucket)
            }
            await proxy.shutdown()
            return result
        } catch {
            await proxy.shutdown()
            throw error
        }
    }

    /// moto's own client, past the proxy, to put fixtures without faults.
    static func direct(_ server: MotoServer) throws -> S3Client {
        S3Client(configuration: try server.configuration(endpoint: server.endpoint))
    }

    @Test(arguments: [0, 1, 300_000, 3_000_000])
    func theReaderSeesTheObjectsBytesAndETag(size: Int) async throws {
        let plan = FaultPlan([
            FaultRule(.shaped(firstByteLatency: .milliseconds(5), bytesPerSecond: 30_000_000), .always, operations: ["GetObject"])
        ])
        let bytes = randomBytes(size)
        let (streamed, put) = try await withProxiedS3(plan) { client, server, bucket in
            let put = try Self.direct(server).putObject(bucket: bucket, key: "o.bin", body: bytes)
            let streamed = try client.getObject(
                bucket: bucket, key: "o.bin", maximumBytes: 4 << 20, readingAsItArrives: Self.copyAsItArrives)
            return (streamed, put)
        }
        #expect(streamed.output.bytes == bytes)
        #expect(streamed.metadata.eTag == put.eTag)
        #expect(streamed.metadata.contentLength == size)
        // Paced over ~100 ms in 64 KiB writes: the reader read it in more than one piece (how many
        // depends on how often this busy machine lets it run).
        if size == 3_000_000 { #expect(streamed.output.waits > 1, "the body arrived in pieces") }
    }

    @Test func aTransferCutMidBodyIsTheRetryableS3ErrorNotAShortBody() async throws {
        let plan = FaultPlan([FaultRule(.stallMidBody(.zero), .always, operations: ["GetObject"])])
        let bytes = randomBytes(1_000_000)
        let failure = try await withProxiedS3(plan, policy: .none) { client, server, bucket in
            try Self.direct(server).putObject(bucket: bucket, key: "cut.bin", body: bytes)
            return Result { () throws(StreamedGetError<ReaderGaveUp>) in
                try client.getObject(bucket: bucket, key: "cut.bin", maximumBytes: 2 << 20, readingAsItArrives: Self.copyAsItArrives)
            }
        }
        guard case .failure(.s3(let error)) = failure else {
            Issue.record("expected the S3 error, got \(failure)")
            return
        }
        #expect(error.errorType == "S3.ConnectionError", "\(error)")
        #expect(error.isRetryable)
    }

    @Test func aRetryAfterACutReadsTheWholeObjectAgain() async throws {
        let plan = FaultPlan([FaultRule(.stallMidBody(.zero), .firstRequests(1), operations: ["GetObject"])])
        let bytes = randomBytes(1_000_000)
        let streamed = try await withProxiedS3(plan) { client, server, bucket in
            try Self.direct(server).putObject(bucket: bucket, key: "retried.bin", body: bytes)
            return try client.getObject(bucket: bucket, key: "retried.bin", maximumBytes: 2 << 20, readingAsItArrives: Self.copyAsItArrives)
        }
        #expect(streamed.output.bytes == bytes, "the retry's reader started from the first byte on a fresh body")
        #expect(plan.requestCount(.s3, operation: "GetObject") == 2, "\(plan.summary)")
    }

    @Test func aFailingReaderStopsTheTransferAndIsNotRetried() async throws {
        // 6 MB at 3 MB/s would take 2 s; the reader gives up after its first 64 KiB. (Small enough
        // not to keep the shared moto busy for the suites that run beside this one.)
        let plan = FaultPlan([FaultRule(.shaped(firstByteLatency: .zero, bytesPerSecond: 3_000_000), .always, operations: ["GetObject"])])
        let bytes = randomBytes(6 << 20)
        let failure = try await withProxiedS3(plan) { client, server, bucket in
            try Self.direct(server).putObject(bucket: bucket, key: "big.bin", body: bytes)
            return Result { () throws(StreamedGetError<ReaderGaveUp>) in
                try client.getObject(bucket: bucket, key: "big.bin", maximumBytes: 8 << 20) { (body) -> Result<Copy, ReaderGaveUp> in
                    guard case .bytes = body.wait(beyond: 64 << 10) else { return .failure(ReaderGaveUp()) }
                    return .failure(ReaderGaveUp())
                }
            }
        }
        guard case .failure(.reader(let error)) = failure else {
            Issue.record("expected the reader's error, got \(failure)")
            return
        }
        #expect(error == ReaderGaveUp())
        #expect(plan.requestCount(.s3, operation: "GetObject") == 1, "a reader's failure is not retried: \(plan.summary)")
        // The proxy's writer ends once the client has hung up; give it a moment to record that.
        var shaped = plan.shapedBodies
        for _ in 0..<100 where shaped.isEmpty {
            try await Task.sleep(for: .milliseconds(50))
            shaped = plan.shapedBodies
        }
        let sent = try #require(shaped.first)
        #expect(sent.sent < sent.total, "the transfer stopped early: \(sent.sent) of \(sent.total) bytes sent")
    }

    @Test func anObjectAboveTheLimitNeverReachesAReader() async throws {
        let plan = FaultPlan()
        let failure = try await withProxiedS3(plan) { client, server, bucket in
            try Self.direct(server).putObject(bucket: bucket, key: "large.bin", body: randomBytes(100_000))
            return Result { () throws(StreamedGetError<ReaderGaveUp>) in
                try client.getObject(bucket: bucket, key: "large.bin", maximumBytes: 50_000) { (_) -> Result<Copy, ReaderGaveUp> in
                    Issue.record("the reader started")
                    return .failure(ReaderGaveUp())
                }
            }
        }
        guard case .failure(.s3(let error)) = failure else {
            Issue.record("expected the S3 error, got \(failure)")
            return
        }
        #expect(error.errorType == "S3.ObjectTooLarge", "\(error)")
    }

    @Test func aMissingObjectIsNoSuchKey() async throws {
        let failure = try await withProxiedS3(FaultPlan()) { client, _, bucket in
            Result { () throws(StreamedGetError<ReaderGaveUp>) in
                try client.getObject(bucket: bucket, key: "absent.bin", maximumBytes: 1 << 20, readingAsItArrives: Self.copyAsItArrives)
            }
        }
        guard case .failure(.s3(.noSuchKey)) = failure else {
            Issue.record("expected NoSuchKey, got \(failure)")
            return
        }
    }
}
