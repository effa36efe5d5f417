import AWSClients
import CurlHTTP
import LocalServices
import Testing

/// KinesisClient against a real moto server on loopback.
@Suite struct KinesisClientTests {
    func withStream<T: Sendable>(_ body: @escaping @Sendable (KinesisClient, String) throws -> T) async throws -> T {
        try await BlockingIO.run {
            let server = try MotoServer.shared()
            let client = KinesisClient(configuration: try server.configuration(endpoint: server.endpoint))
            let stream = uniqueName("telemetry")
            try server.createStream(stream)
            return try body(client, stream)
        }
    }

    @Test func putRecordsCanBeReadBackInOrder() async throws {
        try await withStream { client, stream in
            let records = (0..<120).map { index in
                KinesisRecord(data: randomBytes(index * 37 % 900), partitionKey: "study-\(index % 7)")
            }
            let result = try client.putRecords(records, streamName: stream)
            #expect(result.records.count == records.count)
            #expect(result.attempts == 1)
            let shardID = try #require(result.records.first?.shardID)
            var iterator = try client.getShardIterator(streamName: stream, shardID: shardID, type: .trimHorizon)
            var received: [ReceivedRecord] = []
            for _ in 0..<10 where received.count < records.count {
                let page = try client.getRecords(shardIterator: iterator, limit: 50)
                received += page.records
                guard let next = page.nextShardIterator else { break }
                iterator = next
            }
            #expect(received.map(\.data) == records.map(\.data))
            #expect(received.map(\.partitionKey) == records.map(\.partitionKey))
            #expect(received.map(\.sequenceNumber) == result.records.map(\.sequenceNumber))
        }
    }

    @Test func putRecordWritesOneRecordAndIteratorsCanStartAfterIt() async throws {
        try await withStream { client, stream in
            let first = try client.putRecord(KinesisRecord(data: Array("first".utf8), partitionKey: "p"), streamName: stream)
            try client.putRecord(KinesisRecord(data: Array("second".utf8), partitionKey: "p"), streamName: stream)
            let iterator = try client.getShardIterator(
                streamName: stream, shardID: first.shardID, type: .afterSequenceNumber(first.sequenceNumber))
            let page = try client.getRecords(shardIterator: iterator)
            #expect(page.records.map(\.data) == [Array("second".utf8)])
        }
    }

    @Test func missingStreamIsResourceNotFound() async throws {
        try await BlockingIO.run {
            let server = try MotoServer.shared()
            let client = KinesisClient(configuration: try server.configuration(endpoint: server.endpoint))
            let error = #expect(throws: KinesisError.self) {
                try client.putRecords([KinesisRecord(data: [1], partitionKey: "k")], streamName: "no-such-stream")
            }
            guard case .resourceNotFound = error else {
                Issue.record("expected resourceNotFound, got \(String(describing: error))")
                return
            }
            #expect(error?.errorType == "Kinesis.ResourceNotFound")
            #expect(error?.isRetryable == false)
        }
    }
}

/// Kinesis limits are checked before anything is sent.
@Suite struct KinesisLimitTests {
    @Test func recordCountMustBeOneToFiveHundred() {
        #expect(throws: KinesisError.limitViolation(.recordCount(0))) { try KinesisClient.checkLimits([]) }
        let many = Array(repeating: KinesisRecord(data: [1], partitionKey: "k"), count: 501)
        #expect(throws: KinesisError.limitViolation(.recordCount(501))) { try KinesisClient.checkLimits(many) }
        #expect(throws: Never.self) { try KinesisClient.checkLimits(Array(many.prefix(500))) }
    }

    @Test func recordSizeCountsDataAndPartitionKey() {
        let exact = KinesisRecord(data: [UInt8](repeating: 0, count: (1 << 20) - 3), partitionKey: "abc")
        #expect(throws: Never.self) { try KinesisClient.checkLimits([exact]) }
        let over = KinesisRecord(data: [UInt8](repeating: 0, count: (1 << 20) - 2), partitionKey: "abc")
        #expect(throws: KinesisError.limitViolation(.recordBytes(index: 0, bytes: (1 << 20) + 1))) {
            try KinesisClient.checkLimits([over])
        }
    }

    @Test func requestSizeIsAtMostFiveMebibytes() {
        let record = KinesisRecord(data: [UInt8](repeating: 0, count: (1 << 20) - 1), partitionKey: "k")
        #expect(throws: Never.self) { try KinesisClient.checkLimits(Array(repeating: record, count: 5)) }
        let extra = KinesisRecord(data: [1], partitionKey: "k")
        #expect(throws: KinesisError.limitViolation(.requestBytes((5 << 20) + 2))) {
            try KinesisClient.checkLimits(Array(repeating: record, count: 5) + [extra])
        }
    }

    @Test func partitionKeyIsOneToTwoHundredFiftySixCharacters() {
        #expect(throws: KinesisError.limitViolation(.partitionKeyLength(index: 1, length: 0))) {
            try KinesisClient.checkLimits([KinesisRecord(data: [], partitionKey: "a"), KinesisRecord(data: [], partitionKey: "")])
        }
        #expect(throws: Never.self) {
            try KinesisClient.checkLimits([KinesisRecord(data: [], partitionKey: String(repeating: "ü", count: 256))])
        }
        #expect(throws: KinesisError.limitViolation(.partitionKeyLength(index: 0, length: 257))) {
            try KinesisClient.checkLimits([KinesisRecord(data: [], partitionKey: String(repeating: "k", count: 257))])
        }
    }

    @Test func limitViolationsAreNeverSent() throws {
        let configuration = AWSConfiguration(
            credentials: .init(accessKeyID: "a", secretAccessKey: "b"), region: "us-east-1",
            endpointOverrides: [.kinesis: AWSEndpoint(url: "http://127.0.0.1:9")!])
        let client = KinesisClient(configuration: configuration, retryPolicy: .none)
        let error = #expect(throws: KinesisError.self) {
            try client.putRecord(KinesisRecord(data: [], partitionKey: ""), streamName: "s")
        }
        #expect(error?.errorType == "Kinesis.LimitViolation")
        #expect(error?.isRetryable == false)
    }
}
