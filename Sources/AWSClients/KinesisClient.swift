import AWSSigV4
import CurlHTTP
import Retrying

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One record to write.
public struct KinesisRecord: Sendable, Equatable {
    /// The payload (sent base64-encoded).
    public var data: [UInt8]
    /// Chooses the shard; 1 to 256 characters.
    public var partitionKey: String
    /// Overrides the partition key's hash, as a decimal 128-bit number.
    public var explicitHashKey: String?

    /// Creates a record.
    public init(data: [UInt8], partitionKey: String, explicitHashKey: String? = nil) {
        self.data = data
        self.partitionKey = partitionKey
        self.explicitHashKey = explicitHashKey
    }
}

/// Where a written record landed.
public struct PutRecordResult: Sendable, Equatable {
    /// The shard, e.g. `shardId-000000000000`.
    public var shardID: String
    /// The record's sequence number within the shard.
    public var sequenceNumber: String
}

/// What PutRecords returns when every record was written.
public struct PutRecordsResult: Sendable, Equatable {
    /// One result per record, in the caller's order.
    public var records: [PutRecordResult]
    /// The attempts it took (1 when nothing was retried).
    public var attempts: Int
}

/// Where a shard iterator starts reading.
public enum ShardIteratorType: Sendable, Equatable {
    /// The oldest record still in the shard.
    case trimHorizon
    /// Just after the newest record.
    case latest
    /// At a sequence number.
    case atSequenceNumber(String)
    /// Just after a sequence number.
    case afterSequenceNumber(String)
}

/// One record read from a shard.
public struct ReceivedRecord: Sendable, Equatable {
    /// The payload, decoded from base64.
    public var data: [UInt8]
    /// The partition key it was written with.
    public var partitionKey: String
    /// Its sequence number.
    public var sequenceNumber: String
}

/// What GetRecords returns.
public struct GetRecordsResult: Sendable, Equatable {
    /// The records, oldest first.
    public var records: [ReceivedRecord]
    /// The iterator for the next call; `nil` once a closed shard is exhausted.
    public var nextShardIterator: String?
    /// How far behind the shard's tip the response is, in milliseconds.
    public var millisBehindLatest: Int?
}

/// A blocking Kinesis Data Streams client over the JSON 1.1 protocol
/// (`X-Amz-Target: Kinesis_20131202.<Operation>`), signed with SigV4 and retried under a
/// ``RetryPolicy``.
///
/// PutRecords checks Kinesis's limits before sending (``maximumRecordsPerRequest``,
/// ``maximumRequestBytes``, ``maximumRecordBytes``, partition keys of 1–256 characters) and
/// resends only the records that failed, as long as their error codes are retryable. One client
/// serves one thread at a time.
public struct KinesisClient {
    /// Records per PutRecords call.
    public static let maximumRecordsPerRequest = 500
    /// Data plus partition keys per PutRecords call: 5 MiB.
    public static let maximumRequestBytes = 5 << 20
    /// Data plus partition key per record: 1 MiB.
    public static let maximumRecordBytes = 1 << 20
    /// Characters per partition key.
    public static let partitionKeyLengths = 1...256

    let wire: JSONProtocolClient
    let retryPolicy: RetryPolicy

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - requestTimeout: The longest a single attempt may take (a deadline's share shortens it).
    ///   - stallTimeout: How long an attempt may go without a byte moving before it fails as a
    ///     timeout and is retried (whole seconds).
    public init(
        configuration: AWSConfiguration,
        httpClient: CurlHTTPClient = CurlHTTPClient(),
        retryPolicy: RetryPolicy = .standard,
        requestTimeout: Duration = .seconds(10),
        stallTimeout: Duration = .seconds(5)
    ) {
        self.retryPolicy = retryPolicy
        // Retries stay here: PutRecords resends only its failed records between attempts.
        wire = JSONProtocolClient(
            service: .kinesis, configuration: configuration, httpClient: httpClient, retryPolicy: .none, requestTimeout: requestTimeout,
            stallTimeout: stallTimeout)
    }

    // MARK: - Writing

    /// Writes one record.
    ///
    /// - Throws: ``KinesisError``: `.limitViolation` before sending, `.resourceNotFound`,
    ///   `.provisionedThroughputExceeded` once retries are spent, …
    @discardableResult
    public func putRecord(_ record: KinesisRecord, streamName: String, deadline: Deadline? = nil) throws(KinesisError)
        -> PutRecordResult
    {
        try Self.checkLimits([record])
        let request = PutRecordRequest(
            streamName: streamName, data: Data(record.data), partitionKey: record.partitionKey,
            explicitHashKey: record.explicitHashKey)
        let response = try retryPolicy.run(deadline: deadline) { (_, timeLeft) throws(KinesisError) -> PutRecordResponse in
            try call("PutRecord", request, timeLeft: timeLeft)
        }
        return PutRecordResult(shardID: response.shardID, sequenceNumber: response.sequenceNumber)
    }

    /// Writes up to 500 records in one call, resending only failed records under the retry policy.
    ///
    /// - Returns: The shard and sequence number of every record, in the caller's order.
    /// - Throws: ``KinesisError``: `.limitViolation` before sending, `.partialFailure` listing the
    ///   records still failing when retries end (or failing with a non-retryable code), …
    @discardableResult
    public func putRecords(_ records: [KinesisRecord], streamName: String, deadline: Deadline? = nil) throws(KinesisError)
        -> PutRecordsResult
    {
        try Self.checkLimits(records)
        var results = [PutRecordResult?](repeating: nil, count: records.count)
        var pending = Array(records.indices)
        var attempts = 0
        try retryPolicy.run(deadline: deadline) { (attempt, timeLeft) throws(KinesisError) -> Void in
            attempts = attempt
            let request = PutRecordsRequest(
                streamName: streamName,
                records: pending.map {
                    PutRecordsRequest.Entry(
                        data: Data(records[$0].data), partitionKey: records[$0].partitionKey,
                        explicitHashKey: records[$0].explicitHashKey)
                })
            let response: PutRecordsResponse = try call("PutRecords", request, timeLeft: timeLeft)
            guard response.records.count == pending.count else {
                throw .invalidResponse("PutRecords answered \(response.records.count) results for \(pending.count) records")
            }
            var failed: [FailedRecord] = []
            for (index, entry) in zip(pending, response.records) {
                if let shardID = entry.shardID, let sequenceNumber = entry.sequenceNumber, entry.errorCode == nil {
                    results[index] = PutRecordResult(shardID: shardID, sequenceNumber: sequenceNumber)
                } else {
                    failed.append(
                        FailedRecord(
                            index: index, errorCode: entry.errorCode ?? "Unknown", errorMessage: entry.errorMessage ?? ""))
                }
            }
            pending = failed.map(\.index)
            if !failed.isEmpty { throw .partialFailure(failed: failed, total: records.count) }
        }
        return PutRecordsResult(records: results.compactMap { $0 }, attempts: attempts)
    }

    /// Throws if `records` break a PutRecords limit.
    public static func checkLimits(_ records: [KinesisRecord]) throws(KinesisError) {
        guard (1...maximumRecordsPerRequest).contains(records.count) else {
            throw .limitViolation(.recordCount(records.count))
        }
        var total = 0
        for (index, record) in records.enumerated() {
            let length = record.partitionKey.unicodeScalars.count
            guard partitionKeyLengths.contains(length) else {
                throw .limitViolation(.partitionKeyLength(index: index, length: length))
            }
            let bytes = record.data.count + record.partitionKey.utf8.count
            guard bytes <= maximumRecordBytes else { throw .limitViolation(.recordBytes(index: index, bytes: bytes)) }
            total += bytes
        }
        guard total <= maximumRequestBytes else { throw .limitViolation(.requestBytes(total)) }
    }

    // MARK: - Reading

    /// Returns an iterator for reading one shard.
    public func getShardIterator(
        streamName: String, shardID: String, type: ShardIteratorType, deadline: Deadline? = nil
    ) throws(KinesisError) -> String {
        var request = GetShardIteratorRequest(streamName: streamName, shardID: shardID, shardIteratorType: "")
        switch type {
        case .trimHorizon: request.shardIteratorType = "TRIM_HORIZON"
        case .latest: request.shardIteratorType = "LATEST"
        case .atSequenceNumber(let number):
            request.shardIteratorType = "AT_SEQUENCE_NUMBER"
            request.startingSequenceNumber = number
        case .afterSequenceNumber(let number):
            request.shardIteratorType = "AFTER_SEQUENCE_NUMBER"
            request.startingSequenceNumber = number
        }
        let response: GetShardIteratorResponse = try retryPolicy.run(deadline: deadline) {
            (_, timeLeft) throws(KinesisError) -> GetShardIteratorResponse in
            try call("GetShardIterator", request, timeLeft: timeLeft)
        }
        return response.shardIterator
    }

    /// Reads up to `limit` (1–10000) records from a shard iterator.
    public func getRecords(shardIterator: String, limit: Int? = nil, deadline: Deadline? = nil) throws(KinesisError)
        -> GetRecordsResult
    {
        let request = GetRecordsRequest(shardIterator: shardIterator, limit: limit)
        let response: GetRecordsResponse = try retryPolicy.run(deadline: deadline) {
            (_, timeLeft) throws(KinesisError) -> GetRecordsResponse in
            try call("GetRecords", request, timeLeft: timeLeft, maximumResponseBytes: 16 << 20)
        }
        return GetRecordsResult(
            records: response.records.map {
                ReceivedRecord(data: Array($0.data), partitionKey: $0.partitionKey, sequenceNumber: $0.sequenceNumber)
            },
            nextShardIterator: response.nextShardIterator,
            millisBehindLatest: response.millisBehindLatest)
    }

    /// Sends any Kinesis operation with a raw JSON body, under the retry policy, and returns the
    /// raw JSON answer: for control-plane calls this client does not wrap (CreateStream, …).
    ///
    /// - Throws: ``KinesisError`` mapped from the error response, or a connection error.
    public func invoke(_ operation: String, json: [UInt8], deadline: Deadline? = nil) throws(KinesisError) -> [UInt8] {
        try retryPolicy.run(deadline: deadline) { (_, timeLeft) throws(KinesisError) -> [UInt8] in
            try send(operation, body: json, timeLeft: timeLeft, maximumResponseBytes: 16 << 20).body
        }
    }

    // MARK: - Wire

    /// Operations that append: a copy libcurl resent unseen on a reused connection would be a
    /// duplicate record the retry policy never counted, so they go on a new connection and
    /// every resend is an attempt of the policy (docs/aws-clients.md, "Silent resends").
    static let unrepeatableOperations: Set<String> = ["PutRecord", "PutRecords"]

    func call<Request: Encodable, Response: Decodable>(
        _ operation: String, _ request: Request, timeLeft: Duration?, maximumResponseBytes: Int = 1 << 20
    ) throws(KinesisError) -> Response {
        let body: [UInt8]
        do {
            body = Array(try WireKey.encoder().encode(request))
        } catch {
            throw .invalidRequest("could not encode \(operation): \(error)")
        }
        let response = try send(operation, body: body, timeLeft: timeLeft, maximumResponseBytes: maximumResponseBytes)
        do {
            return try WireKey.decoder().decode(Response.self, from: Data(response.body))
        } catch {
            throw .invalidResponse("\(operation): \(error)")
        }
    }

    func send(_ operation: String, body: [UInt8], timeLeft: Duration?, maximumResponseBytes: Int) throws(KinesisError)
        -> HTTPResponse
    {
        let response: HTTPResponse
        do throws(SignedTransport.Failure) {
            response = try wire.post(
                operation, body: body, timeLeft: timeLeft, maximumResponseBytes: maximumResponseBytes,
                freshConnection: Self.unrepeatableOperations.contains(operation))
        } catch {
            switch error {
            case .signing(let error): throw .invalidRequest(error.description)
            case .http(let error): throw .connection(error)
            case .credentials(let error): throw .credentialsUnavailable(error)
            }
        }
        guard (200..<300).contains(response.status) else { throw Self.error(for: response) }
        return response
    }

    /// Maps a JSON error response (`{"__type": "…#Code", "message": "…"}`) to a ``KinesisError``.
    static func error(for response: HTTPResponse) -> KinesisError {
        let (code, message) = SignedTransport.jsonProtocolError(in: response)
        switch code {
        case "ResourceNotFoundException": return .resourceNotFound(message: message)
        case "ProvisionedThroughputExceededException": return .provisionedThroughputExceeded(message: message)
        case "LimitExceededException": return .limitExceeded(message: message)
        case "AccessDeniedException": return .accessDenied(message: message)
        case "ExpiredIteratorException": return .expiredIterator(message: message)
        case "" where response.status == 403: return .accessDenied(message: message)
        default: return .other(code: code, status: response.status, message: message)
        }
    }
}

// Wire shapes, coded through `WireKey`.

private struct PutRecordResponse: Decodable {
    var shardID: String
    var sequenceNumber: String
}

private struct PutRecordRequest: Encodable {
    var streamName: String
    var data: Data
    var partitionKey: String
    var explicitHashKey: String?
}

private struct PutRecordsRequest: Encodable {
    struct Entry: Encodable {
        var data: Data
        var partitionKey: String
        var explicitHashKey: String?
    }
    var streamName: String
    var records: [Entry]
}

private struct PutRecordsResponse: Decodable {
    struct Entry: Decodable {
        var shardID: String?
        var sequenceNumber: String?
        var errorCode: String?
        var errorMessage: String?
    }
    var failedRecordCount: Int?
    var records: [Entry]
}

private struct GetShardIteratorRequest: Encodable {
    var streamName: String
    var shardID: String
    var shardIteratorType: String
    var startingSequenceNumber: String?
}

private struct GetShardIteratorResponse: Decodable {
    var shardIterator: String
}

private struct GetRecordsRequest: Encodable {
    var shardIterator: String
    var limit: Int?
}

private struct GetRecordsResponse: Decodable {
    struct Record: Decodable {
        var data: Data
        var partitionKey: String
        var sequenceNumber: String
    }
    var records: [Record]
    var nextShardIterator: String?
    var millisBehindLatest: Int?
}

/// Maps Swift property names to the protocol's member names and back: the first letter is
/// upper-case on the wire and a trailing `ID` is spelled `Id` (`shardID` ↔ `ShardId`).
struct WireKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }

    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .custom { path in
            var name = path.last?.stringValue ?? ""
            if name.hasSuffix("ID") { name = String(name.dropLast(2)) + "Id" }
            return WireKey(stringValue: name.prefix(1).uppercased() + name.dropFirst())
        }
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .custom { path in
            var name = path.last?.stringValue ?? ""
            if name.hasSuffix("Id") { name = String(name.dropLast(2)) + "ID" }
            return WireKey(stringValue: name.prefix(1).lowercased() + name.dropFirst())
        }
        return decoder
    }
}
