import ArrivingBytes
import CurlHTTP
import Retrying

/// What ``S3Client/getObject(bucket:key:maximumBytes:versionID:deadline:readingAsItArrives:)``
/// returns: the reader's output and the response's metadata (ETag, version), from one response.
public struct StreamedObject<Output: Sendable>: Sendable {
    /// What the reader made of the body.
    public var output: Output
    /// The metadata of the response whose body the reader read.
    public var metadata: ObjectMetadata
    /// When that response's last byte arrived (the reader may have finished before or after).
    public var transferEnded: ContinuousClock.Instant
}

/// Why a GetObject read while it arrives failed: the transfer (an ``S3Error``, retried by the
/// client when retryable) or the reader, on a body that arrived as announced (never retried).
public enum StreamedGetError<ReaderFailure: Error & Sendable>: RetryableFailure, Sendable {
    /// The request or its transfer failed; the reader's outcome, if any, was discarded.
    case s3(S3Error)
    /// The reader failed on the body (a corrupt image); the transfer was stopped.
    case reader(ReaderFailure)

    /// Only S3 failures are retried: a reader fails the same way on the same bytes.
    public var isRetryable: Bool {
        switch self {
        case .s3(let error): error.isRetryable
        case .reader: false
        }
    }

    public static func deadlineExceeded(attempts: Int, lastError: StreamedGetError?) -> StreamedGetError {
        guard case .s3(let error) = lastError else { return .s3(.deadlineExceeded(attempts: attempts, lastError: nil)) }
        return .s3(.deadlineExceeded(attempts: attempts, lastError: error))
    }
}

extension S3Client {
    /// Reads an object while it downloads: `read` runs on a thread of its own over the body as it
    /// arrives (``ArrivingBytes``), and the call returns once both the transfer and the reader
    /// have ended.
    ///
    /// The same guarantees as ``getObject(bucket:key:maximumBytes:range:versionID:deadline:)``:
    /// a `Content-Length` above `maximumBytes` is refused before the body's first byte (and
    /// before anything is allocated for it); the body lives in one buffer of its announced
    /// length, and a body that overruns it or ends short is a transfer failure
    /// (`S3.ConnectionError`, retried), never a short body handed to the reader as complete. The
    /// reader sees ``ArrivingBytes/Availability/end`` only after the whole announced body has
    /// arrived and libcurl has finished the transfer; if the transfer fails first it sees
    /// ``ArrivingBytes/Availability/interrupted``. Its result counts only if the whole body
    /// arrived: a transfer failure wins over whatever the reader returned.
    ///
    /// Retries (``RetryPolicy``, the client's): a retryable transfer failure or error answer
    /// starts the whole GET and read again, on a fresh body, within `deadline`. A reader that
    /// fails abandons the body, which stops the transfer at its next bytes; that failure is
    /// thrown as it is (`.reader`), without a retry. No thread outlives the call: the reader is
    /// always woken (the body ends) and joined.
    ///
    /// - Parameter read: Reads the body (blocking as it waits for bytes) and returns its output or
    ///   its own failure; it must return once the body has ended.
    /// - Throws: ``StreamedGetError``: `.s3` (`.objectTooLarge` past the limit, `.noSuchKey`,
    ///   `.connection`, `.deadlineExceeded`, …) or `.reader`.
    public func getObject<Output: Sendable, ReaderFailure: Error & Sendable>(
        bucket: String,
        key: String,
        maximumBytes: Int,
        versionID: String? = nil,
        deadline: Deadline? = nil,
        readingAsItArrives read: @escaping @Sendable (ArrivingBytes) -> Result<Output, ReaderFailure>
    ) throws(StreamedGetError<ReaderFailure>) -> StreamedObject<Output> {
        let location: Location
        do throws(S3Error) { location = try locate(bucket: bucket, key: key) } catch { throw .s3(error) }
        let query = versionID.map { [(name: "versionId", value: $0)] } ?? []
        return try retryPolicy.run(deadline: deadline) {
            (_, timeLeft) throws(StreamedGetError<ReaderFailure>) -> StreamedObject<Output> in
            let attempt = StreamingAttempt(maximumBytes: maximumBytes, read: read)
            let outcome: Result<HTTPResponse, S3Error>
            do throws(S3Error) {
                outcome = .success(
                    try sendOnce(.get, location, query: query, timeLeft: timeLeft, maximumBytes: maximumBytes, receiver: attempt.receiver))
            } catch {
                outcome = .failure(error)
            }
            return try attempt.finish(outcome, transferEnded: .now)
        }
    }
}

/// One attempt of a streamed GetObject: the body it receives, the reader thread started on the
/// body's first byte, and how the two ended.
private final class StreamingAttempt<Output: Sendable, ReaderFailure: Error & Sendable> {
    let maximumBytes: Int
    let read: @Sendable (ArrivingBytes) -> Result<Output, ReaderFailure>
    /// Started when a 2xx response's body begins.
    var reader: ArrivingBytesReader<Output, ReaderFailure>?
    /// A `Content-Length` above the limit, refused before the body.
    var refusedLength: Int?

    init(maximumBytes: Int, read: @escaping @Sendable (ArrivingBytes) -> Result<Output, ReaderFailure>) {
        self.maximumBytes = maximumBytes
        self.read = read
    }

    /// Receives a 2xx body into a fresh ``ArrivingBytes`` of its announced length, with the reader
    /// started on it; error answers are buffered for ``S3Client/error(for:location:)``.
    var receiver: HTTPBodyReceiver {
        HTTPBodyReceiver(
            start: { [self] status, headers in
                guard (200..<300).contains(status) else { return false }
                let announced = headers["Content-Length"].flatMap { Int($0) }
                if let announced, announced > maximumBytes {
                    refusedLength = announced
                    return true  // and refuse its first bytes: the transfer stops there
                }
                reader = ArrivingBytesReader(ArrivingBytes(announcedLength: announced, limit: maximumBytes), read: read)
                return true
            },
            receive: { [self] bytes in
                guard let reader else { return false }
                return reader.body.append(bytes)
            })
    }

    /// Ends the body as the transfer ended, joins the reader, and decides the attempt's outcome.
    func finish(_ transfer: Result<HTTPResponse, S3Error>, transferEnded: ContinuousClock.Instant) throws(StreamedGetError<ReaderFailure>)
        -> StreamedObject<Output>
    {
        if let refusedLength { throw .s3(.objectTooLarge(size: refusedLength, limit: maximumBytes)) }
        switch transfer {
        case .failure(let error):
            guard let reader else { throw .s3(error) }
            reader.body.fail()
            let result = reader.join()
            // The reader gave up before the transfer failed: the transfer failed because of it.
            if reader.body.currentState == .abandoned, case .failure(let failure) = result { throw .reader(failure) }
            if reader.body.overran {
                throw .s3(
                    .connection(.connectionFailed(detail: "the body is longer than its Content-Length of \(reader.body.capacity) bytes")))
            }
            throw .s3(error)
        case .success(let response):
            // A 2xx without a body never started the reader.
            let reader = self.reader ?? ArrivingBytesReader(ArrivingBytes(complete: []), read: read)
            reader.body.finish()
            let result = reader.join()
            if reader.body.currentState == .failed {
                throw .s3(
                    .connection(
                        .connectionFailed(
                            detail: "the body ended after \(reader.body.arrivedCount) of its \(reader.body.capacity) announced bytes")))
            }
            switch result {
            case .success(let output):
                return StreamedObject(output: output, metadata: ObjectMetadata(headers: response.headers), transferEnded: transferEnded)
            case .failure(let failure): throw .reader(failure)
            }
        }
    }
}
