import AWSClients
import CurlHTTP
import LocalServices
import Testing

/// A retryable and a permanent AWS failure never share an `errorType`: the state machine's
/// `Retry` lists name only transient types, so a permanent one is caught at once instead of
/// costing every retry of every stage.
@Suite struct ErrorClassificationTests {
    @Test func aPermanentS3RefusalFromMotoIsRequestRejected() async throws {
        let error = try await BlockingIO.run { () -> S3Error? in
            let server = try MotoServer.shared()
            let bucket = uniqueName("s3class")
            try server.createBucket(bucket)
            let client = S3Client(configuration: try server.configuration(endpoint: server.endpoint))
            try client.putObject(bucket: bucket, key: "k", body: [1])
            do throws(S3Error) {
                _ = try client.getObject(bucket: bucket, key: "k", maximumBytes: 10, versionID: "no-such-version")
                return nil
            } catch {
                return error
            }
        }
        let refused = try #require(error)
        #expect(refused.errorType == "S3.RequestRejected", "\(refused)")
        #expect(!refused.isRetryable)
    }

    @Test(arguments: [
        ("InvalidArgument", 400, "S3.RequestRejected"), ("KMS.NotFoundException", 400, "S3.RequestRejected"),
        ("SignatureDoesNotMatch", 403, "S3.RequestRejected"), ("ExpiredToken", 400, "S3.RequestRejected"),
        ("KMS.DisabledException", 400, "S3.RequestRejected"), ("", 400, "S3.RequestRejected"),
        ("InternalError", 500, "S3.ServiceError"), ("ServiceUnavailable", 503, "S3.ServiceError"),
        ("RequestTimeout", 400, "S3.ServiceError"), ("", 502, "S3.ServiceError"), ("TooManyRequestsException", 429, "S3.ServiceError"),
    ])
    func s3ErrorsAreTypedByWhetherARetryCanHelp(code: String, status: Int, errorType: String) {
        let error = S3Error.other(code: code, status: status, message: "m")
        #expect(error.errorType == errorType)
        #expect(error.isRetryable == (errorType == "S3.ServiceError"))
    }

    @Test(arguments: [
        ("ValidationException", 400, "Kinesis.RequestRejected"), ("KMSDisabledException", 400, "Kinesis.RequestRejected"),
        ("KMSNotFoundException", 400, "Kinesis.RequestRejected"), ("InvalidArgumentException", 400, "Kinesis.RequestRejected"),
        ("InternalFailure", 500, "Kinesis.ServiceError"), ("KMSThrottlingException", 400, "Kinesis.ServiceError"),
        ("ServiceUnavailable", 503, "Kinesis.ServiceError"),
    ])
    func kinesisErrorsAreTypedByWhetherARetryCanHelp(code: String, status: Int, errorType: String) {
        let error = KinesisError.other(code: code, status: status, message: "m")
        #expect(error.errorType == errorType)
        #expect(error.isRetryable == (errorType == "Kinesis.ServiceError"))
    }

    @Test func partialFailuresAreTypedByTheFailedRecordsCodes() {
        let throttled = FailedRecord(index: 0, errorCode: "ProvisionedThroughputExceededException", errorMessage: "")
        let internalFailure = FailedRecord(index: 1, errorCode: "InternalFailure", errorMessage: "")
        let disabledKey = FailedRecord(index: 2, errorCode: "KMSDisabledException", errorMessage: "")
        let transient = KinesisError.partialFailure(failed: [throttled, internalFailure], total: 3)
        #expect(transient.errorType == "Kinesis.PartialFailure" && transient.isRetryable)
        let permanent = KinesisError.partialFailure(failed: [throttled, disabledKey], total: 3)
        #expect(permanent.errorType == "Kinesis.RecordsRejected" && !permanent.isRetryable)
    }

    @Test func connectionFailuresThatRepeatAreTypedApart() {
        #expect(S3Error.connection(.couldNotConnect(detail: "refused")).errorType == "S3.ConnectionError")
        #expect(S3Error.connection(.timedOut(detail: "t")).errorType == "S3.ConnectionError")
        #expect(S3Error.connection(.tls(detail: "certificate")).errorType == "S3.ConnectionMisconfigured")
        #expect(S3Error.connection(.invalidURL("u")).errorType == "S3.ConnectionMisconfigured")
        #expect(KinesisError.connection(.connectionFailed(detail: "reset")).errorType == "Kinesis.ConnectionError")
        #expect(KinesisError.connection(.tls(detail: "certificate")).errorType == "Kinesis.ConnectionMisconfigured")
    }
}
