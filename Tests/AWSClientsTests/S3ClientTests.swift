import AWSClients
import CurlHTTP
import LocalServices
import Testing

/// S3Client against a real moto server on loopback.
@Suite struct S3ClientTests {
    /// Runs `body` with a client for the shared moto server and a fresh bucket, on a thread of its own.
    func withBucket<T: Sendable>(_ body: @escaping @Sendable (S3Client, String) throws -> T) async throws -> T {
        try await BlockingIO.run {
            let server = try MotoServer.shared()
            let bucket = uniqueName("s3test")
            try server.createBucket(bucket)
            let client = S3Client(configuration: try server.configuration(endpoint: server.endpoint))
            return try body(client, bucket)
        }
    }

    @Test(arguments: [0, 1, 600_000, 1_500_000, 20 << 20])
    func binaryObjectRoundTripsExactly(size: Int) async throws {
        try await withBucket { client, bucket in
            let bytes = randomBytes(size)
            let put = try client.putObject(bucket: bucket, key: "objects/\(size).bin", body: bytes)
            #expect(put.eTag != nil)
            let object = try client.getObject(bucket: bucket, key: "objects/\(size).bin", maximumBytes: 32 << 20)
            #expect(object.body.count == size)
            #expect(object.body == bytes)
            #expect(object.metadata.contentLength == size)
        }
    }

    @Test(arguments: [
        "with space.bin", "ünïcødé/画像 ✓.png", "a+b=c.bin", "deep/nested/path/to/x", "plus+and%percent&amp?q#h", "~tilde*(star)",
    ])
    func keysNeedingEncodingRoundTrip(key: String) async throws {
        try await withBucket { client, bucket in
            let bytes = Array(key.utf8)
            try client.putObject(bucket: bucket, key: key, body: bytes, options: PutObjectOptions(contentType: "text/plain"))
            let object = try client.getObject(bucket: bucket, key: key, maximumBytes: 1 << 20)
            #expect(object.body == bytes)
            #expect(object.metadata.contentType == "text/plain")
            // A sibling key that differs only in encoding-sensitive characters must stay separate.
            #expect(throws: S3Error.noSuchKey(bucket: bucket, key: key + " ")) {
                try client.getObject(bucket: bucket, key: key + " ", maximumBytes: 1 << 20)
            }
        }
    }

    @Test func serverSideEncryptionHeadersAreStoredAndReported() async throws {
        try await withBucket { client, bucket in
            let aes = try client.putObject(
                bucket: bucket, key: "sse/aes", body: [1, 2, 3], options: PutObjectOptions(serverSideEncryption: .s3Managed))
            #expect(aes.serverSideEncryption == "AES256")
            let aesHead = try client.headObject(bucket: bucket, key: "sse/aes")
            #expect(aesHead.serverSideEncryption == "AES256")
            #expect(aesHead.contentLength == 3)

            let keyID = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
            try client.putObject(
                bucket: bucket, key: "sse/kms", body: [4], options: PutObjectOptions(serverSideEncryption: .kms(keyID: keyID)))
            let kmsHead = try client.headObject(bucket: bucket, key: "sse/kms")
            #expect(kmsHead.serverSideEncryption == "aws:kms")
            #expect(kmsHead.kmsKeyID == keyID)
        }
    }

    @Test func secondWriteOnceIsAPreconditionFailure() async throws {
        try await withBucket { client, bucket in
            let options = PutObjectOptions(writeOnce: true)
            try client.putObject(bucket: bucket, key: "once", body: [1], options: options)
            let error = #expect(throws: S3Error.self) {
                try client.putObject(bucket: bucket, key: "once", body: [2], options: options)
            }
            #expect(error == .preconditionFailed(bucket: bucket, key: "once"))
            #expect(error?.errorType == "S3.PreconditionFailed")
            #expect(error?.isRetryable == false)
            #expect(try client.getObject(bucket: bucket, key: "once", maximumBytes: 10).body == [1])
            // Without the condition the overwrite succeeds.
            try client.putObject(bucket: bucket, key: "once", body: [3])
            #expect(try client.getObject(bucket: bucket, key: "once", maximumBytes: 10).body == [3])
        }
    }

    @Test func missingKeyAndMissingBucketAreTyped() async throws {
        try await withBucket { client, bucket in
            #expect(throws: S3Error.noSuchKey(bucket: bucket, key: "absent")) {
                try client.getObject(bucket: bucket, key: "absent", maximumBytes: 100)
            }
            #expect(throws: S3Error.noSuchBucket(bucket: "no-such-bucket-here")) {
                try client.getObject(bucket: "no-such-bucket-here", key: "k", maximumBytes: 100)
            }
            #expect(throws: S3Error.noSuchBucket(bucket: "no-such-bucket-here")) {
                try client.putObject(bucket: "no-such-bucket-here", key: "k", body: [1])
            }
            #expect(throws: S3Error.noSuchKey(bucket: bucket, key: "absent")) {
                try client.headObject(bucket: bucket, key: "absent")
            }
        }
    }

    @Test func getObjectRefusesObjectsAboveTheLimit() async throws {
        try await withBucket { client, bucket in
            let bytes = randomBytes(1_500_000)
            try client.putObject(bucket: bucket, key: "big", body: bytes)
            let error = #expect(throws: S3Error.self) {
                try client.getObject(bucket: bucket, key: "big", maximumBytes: 1_000_000)
            }
            guard case .objectTooLarge(_, let limit) = error else {
                Issue.record("expected objectTooLarge, got \(String(describing: error))")
                return
            }
            #expect(limit == 1_000_000)
            #expect(error?.errorType == "S3.ObjectTooLarge")
            // Small objects over a tiny limit are refused by Content-Length, with the size.
            try client.putObject(bucket: bucket, key: "small", body: [1, 2, 3, 4, 5])
            #expect(throws: S3Error.objectTooLarge(size: 5, limit: 4)) {
                try client.getObject(bucket: bucket, key: "small", maximumBytes: 4)
            }
            #expect(try client.getObject(bucket: bucket, key: "big", maximumBytes: 1_500_000).body == bytes)
        }
    }

    @Test func rangedGetReturnsOnlyTheRange() async throws {
        try await withBucket { client, bucket in
            let bytes = randomBytes(10_000)
            try client.putObject(bucket: bucket, key: "ranged", body: bytes)
            let middle = try client.getObject(bucket: bucket, key: "ranged", maximumBytes: 1000, range: .closed(100...599))
            #expect(middle.body == Array(bytes[100...599]))
            #expect(middle.metadata.contentRange == "bytes 100-599/10000")
            let tail = try client.getObject(bucket: bucket, key: "ranged", maximumBytes: 1000, range: .suffix(10))
            #expect(tail.body == Array(bytes[9990...]))
        }
    }

    @Test func invalidKeysAreRejectedBeforeAnyRequest() throws {
        // An endpoint nothing listens on: a request would fail with a connection error instead.
        let configuration = AWSConfiguration(
            credentials: .init(accessKeyID: "a", secretAccessKey: "b"), region: "us-east-1",
            endpointOverrides: [.s3: AWSEndpoint(url: "http://127.0.0.1:9")!])
        let client = S3Client(configuration: configuration, retryPolicy: .none)
        for key in ["", String(repeating: "k", count: 1025), "tab\there", "nul\u{0}", "del\u{7F}", "c1\u{85}", "a/../b", "./a"] {
            let error = #expect(throws: S3Error.self) { try client.putObject(bucket: "bucket", key: key, body: []) }
            #expect(error?.errorType == "S3.InvalidObjectKey", "key \(key.debugDescription)")
        }
        // 1024 bytes of UTF-8 (512 two-byte characters) is the largest valid key.
        #expect(throws: Never.self) { try S3Client.validate(key: String(repeating: "é", count: 512)) }
        #expect(throws: S3Error.self) { try S3Client.validate(key: String(repeating: "é", count: 513)) }
        #expect(throws: S3Error.invalidBucketName("Upper")) { try client.headObject(bucket: "Upper", key: "k") }
    }
}
