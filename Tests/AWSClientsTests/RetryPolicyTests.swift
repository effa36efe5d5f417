import AWSClients
import CurlHTTP
import Foundation
import Testing

/// A clock that only moves when the policy sleeps, and records every sleep.
final class FakeTime: @unchecked Sendable {
    private let lock = NSLock()
    private var offset: Duration = .zero
    private var recorded: [Duration] = []
    let origin = ContinuousClock.now

    var now: ContinuousClock.Instant { lock.withLock { origin + offset } }
    var sleeps: [Duration] { lock.withLock { recorded } }

    func sleep(_ duration: Duration) {
        lock.withLock {
            recorded.append(duration)
            offset += duration
        }
    }

    func advance(_ duration: Duration) { lock.withLock { offset += duration } }

    func policy(attempts: Int = 5, random: Double = 0.5) -> RetryPolicy {
        RetryPolicy(
            maximumAttempts: attempts, baseDelay: .milliseconds(100), maximumDelay: .seconds(1),
            random: { random }, sleep: { [self] in self.sleep($0) }, now: { [self] in self.now })
    }
}

@Suite struct RetryPolicyTests {
    let slowDown = S3Error.slowDown(message: "reduce your rate")

    @Test func backoffDoublesUpToTheCapAndIsScaledByTheRandomSource() {
        let time = FakeTime()
        let policy = time.policy(random: 0.25)
        #expect(
            (1...6).map(policy.backoffCeiling(afterAttempt:)) == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1),
            ])
        #expect(policy.delay(afterAttempt: 3) == .milliseconds(100))
        #expect(time.policy(random: 0).delay(afterAttempt: 5) == .zero)
    }

    @Test func retryableErrorsAreRetriedWithJitteredBackoffUntilSuccess() throws {
        let time = FakeTime()
        var attempts = 0
        let value = try time.policy(random: 0.5).run(deadline: nil) { (attempt, timeLeft) throws(S3Error) -> String in
            attempts = attempt
            #expect(timeLeft == nil)
            if attempt < 4 { throw slowDown }
            return "done"
        }
        #expect(value == "done")
        #expect(attempts == 4)
        #expect(time.sleeps == [.milliseconds(50), .milliseconds(100), .milliseconds(200)])
    }

    @Test func attemptsAreBounded() {
        let time = FakeTime()
        var attempts = 0
        #expect(throws: slowDown) {
            try time.policy(attempts: 3).run(deadline: nil) { (attempt, _) throws(S3Error) -> Void in
                attempts = attempt
                throw slowDown
            }
        }
        #expect(attempts == 3)
        #expect(time.sleeps.count == 2)
    }

    @Test(arguments: [
        S3Error.noSuchKey(bucket: "b", key: "k"), .accessDenied(message: ""), .preconditionFailed(bucket: "b", key: "k"),
        .other(code: "InvalidArgument", status: 400, message: ""), .connection(.tls(detail: "bad certificate")),
    ])
    func nonRetryableErrorsAreThrownAtOnce(error: S3Error) {
        let time = FakeTime()
        var attempts = 0
        #expect(throws: error) {
            try time.policy().run(deadline: nil) { (attempt, _) throws(S3Error) -> Void in
                attempts = attempt
                throw error
            }
        }
        #expect(attempts == 1)
        #expect(time.sleeps.isEmpty)
    }

    @Test(arguments: [
        S3Error.slowDown(message: ""), .other(code: "InternalError", status: 500, message: ""),
        .other(code: "", status: 503, message: ""), .other(code: "", status: 429, message: ""),
        .connection(.couldNotConnect(detail: "refused")), .connection(.connectionFailed(detail: "reset")),
        .connection(.timedOut(detail: "slow")),
    ])
    func throttlingServerAndConnectionErrorsAreRetryable(error: S3Error) {
        #expect(error.isRetryable)
    }

    @Test func kinesisThrottlingIsRetryableAndPartialFailuresOnlyWhenEveryRecordIs() {
        #expect(KinesisError.provisionedThroughputExceeded(message: "").isRetryable)
        #expect(KinesisError.limitExceeded(message: "").isRetryable)
        #expect(!KinesisError.resourceNotFound(message: "").isRetryable)
        let throttled = FailedRecord(index: 0, errorCode: "ProvisionedThroughputExceededException", errorMessage: "")
        let internalFailure = FailedRecord(index: 1, errorCode: "InternalFailure", errorMessage: "")
        let denied = FailedRecord(index: 2, errorCode: "KMSAccessDeniedException", errorMessage: "")
        #expect(KinesisError.partialFailure(failed: [throttled, internalFailure], total: 3).isRetryable)
        #expect(!KinesisError.partialFailure(failed: [throttled, denied], total: 3).isRetryable)
    }

    @Test func noSleepEndsPastTheDeadline() {
        let time = FakeTime()
        let deadline = Deadline(time.now + .milliseconds(250))
        var attempts = 0
        let error = #expect(throws: S3Error.self) {
            try time.policy(attempts: 10, random: 1).run(deadline: deadline) { (attempt, timeLeft) throws(S3Error) -> Void in
                attempts = attempt
                let left = timeLeft ?? .zero
                #expect(left > .zero && left <= .milliseconds(250))
                time.advance(.milliseconds(10))  // the request itself takes time
                throw slowDown
            }
        }
        // 10 ms + 100 ms sleep + 10 ms + 200 ms would end at 320 ms > 250 ms: stop after attempt 2.
        #expect(attempts == 2)
        #expect(time.sleeps == [.milliseconds(100)])
        #expect(error == .deadlineExceeded(attempts: 2, lastError: slowDown))
        #expect(error?.errorType == "S3.DeadlineExceeded")
    }

    /// A retry left with less than `minimumRetryTime` would only time out and replace the
    /// informative failure (a 503, SlowDown) with a timeout: it is not started.
    @Test func noRetryStartsWithTooLittleTimeLeft() {
        let time = FakeTime()
        let deadline = Deadline(time.now + .milliseconds(180))
        var attempts = 0
        let error = #expect(throws: S3Error.self) {
            try time.policy(attempts: 10, random: 0.5).run(deadline: deadline) { (attempt, _) throws(S3Error) -> Void in
                attempts = attempt
                time.advance(.milliseconds(10))
                throw slowDown
            }
        }
        // After attempt 1 (10 ms) and a 50 ms wait, 120 ms would be left: enough (≥ 100 ms). After
        // attempt 2 (70 ms) and a 100 ms wait, 10 ms would be left: no third attempt.
        #expect(attempts == 2)
        #expect(time.sleeps == [.milliseconds(50)])
        #expect(error == .deadlineExceeded(attempts: 2, lastError: slowDown))
    }

    /// A peer that stops answering makes each attempt run to its timeout: with the whole time
    /// left as the timeout, the first attempt spent the deadline ("deadline reached after 1
    /// attempt"); with an even share, the policy gets all its attempts.
    @Test func eachAttemptGetsAShareOfTheTimeLeftSoAStallLeavesRetries() {
        let time = FakeTime()
        let deadline = Deadline(time.now + .seconds(20))
        var timeouts: [Duration] = []
        let timedOut = S3Error.connection(.timedOut(detail: "stalled"))
        let error = #expect(throws: S3Error.self) {
            try time.policy(attempts: 4, random: 0).run(deadline: deadline) { (_, timeLeft) throws(S3Error) -> Void in
                let timeout = timeLeft ?? .zero
                timeouts.append(timeout)
                time.advance(timeout)  // the attempt stalls until its timeout
                throw timedOut
            }
        }
        #expect(timeouts == [.seconds(5), .seconds(5), .seconds(5), .seconds(5)])
        #expect(error == timedOut, "the last allowed attempt failed, not the deadline")
        let policy = time.policy(attempts: 4)
        #expect(policy.attemptTimeout(timeLeft: .seconds(2), attempt: 1) == .seconds(1), "at least minimumAttemptTime")
        #expect(policy.attemptTimeout(timeLeft: .milliseconds(300), attempt: 1) == .milliseconds(300), "never past the deadline")
        #expect(policy.attemptTimeout(timeLeft: .seconds(9), attempt: 4) == .seconds(9), "the last attempt gets all of it")
    }

    @Test func anExpiredDeadlineMakesNoAttempt() {
        let time = FakeTime()
        var attempts = 0
        #expect(throws: S3Error.deadlineExceeded(attempts: 0, lastError: nil)) {
            try time.policy().run(deadline: Deadline(time.now)) { (attempt, _) throws(S3Error) -> Void in
                attempts = attempt
            }
        }
        #expect(attempts == 0)
    }

    @Test func realSleeperSleeps() {
        let started = ContinuousClock.now
        RetryPolicy.blockingSleep(.milliseconds(30))
        #expect(ContinuousClock.now - started >= .milliseconds(30))
    }
}

@Suite struct EndpointResolutionTests {
    let base = ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "eu-west-1"]

    func configuration(_ extra: [String: String]) throws -> AWSConfiguration {
        let environment = base.merging(extra) { $1 }
        return try AWSConfiguration.fromEnvironment { environment[$0] }
    }

    @Test func awsEndpointsAreRegional() throws {
        let configuration = try configuration([:])
        #expect(configuration.endpoint(for: .s3).baseURL == "https://s3.eu-west-1.amazonaws.com")
        #expect(configuration.endpoint(for: .kinesis).baseURL == "https://kinesis.eu-west-1.amazonaws.com")
        #expect(!configuration.hasCustomEndpoint(for: .s3))
        #expect(try #require(configuration.fixedCredentials).sessionToken == nil)
        let china = try self.configuration(["AWS_REGION": "cn-north-1"])
        #expect(china.endpoint(for: .s3).baseURL == "https://s3.cn-north-1.amazonaws.com.cn")
    }

    @Test func regionFallsBackToDefaultRegion() throws {
        let environment = ["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b", "AWS_DEFAULT_REGION": "us-west-2", "AWS_REGION": ""]
        #expect(try AWSConfiguration.fromEnvironment { environment[$0] }.region == "us-west-2")
        #expect(throws: AWSConfigurationError.missingRegion) {
            try AWSConfiguration.fromEnvironment { ["AWS_ACCESS_KEY_ID": "a", "AWS_SECRET_ACCESS_KEY": "b"][$0] }
        }
        #expect(throws: AWSConfigurationError.missingCredentials(variable: "AWS_SECRET_ACCESS_KEY")) {
            try AWSConfiguration.fromEnvironment { ["AWS_ACCESS_KEY_ID": "a", "AWS_REGION": "x"][$0] }
        }
    }

    @Test func serviceSpecificEndpointWinsOverTheGeneralOne() throws {
        let configuration = try configuration([
            "AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_ENDPOINT_URL_S3": "http://localhost:4566/",
            "AWS_SESSION_TOKEN": "token",
        ])
        #expect(configuration.endpoint(for: .s3) == AWSEndpoint(scheme: "http", host: "localhost", port: 4566))
        #expect(configuration.endpoint(for: .kinesis).baseURL == "http://127.0.0.1:5000")
        #expect(configuration.hasCustomEndpoint(for: .kinesis))
        #expect(try #require(configuration.fixedCredentials).sessionToken == "token")
        let kinesisOnly = try self.configuration(["AWS_ENDPOINT_URL_KINESIS": "https://[::1]:8443/prefix"])
        #expect(kinesisOnly.endpoint(for: .kinesis) == AWSEndpoint(scheme: "https", host: "[::1]", port: 8443, pathPrefix: "/prefix"))
        #expect(!kinesisOnly.hasCustomEndpoint(for: .s3))
        let ignored = try self.configuration(["AWS_ENDPOINT_URL": "http://127.0.0.1:5000", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"])
        #expect(!ignored.hasCustomEndpoint(for: .s3))
    }

    @Test(arguments: ["ftp://host", "http://", "http://user@host", "http://host:0", "http://host:99999", "localhost:5000", "http://h/p?q"])
    func malformedEndpointsAreRejected(url: String) {
        #expect(throws: AWSConfigurationError.invalidEndpointURL(variable: "AWS_ENDPOINT_URL", value: url)) {
            try configuration(["AWS_ENDPOINT_URL": url])
        }
    }
}

@Suite struct S3ErrorBodyTests {
    @Test func codeAndMessageAreFoundAndUnescaped() {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Error><Code>NoSuchKey</Code><Message>The key &quot;a&amp;b&lt;c&gt;&apos;&#233;&#x4E2D;&quot; does not exist</Message><Key>a&amp;b</Key></Error>
            """
        #expect(S3ErrorBody.parse(Array(xml.utf8)) == S3ErrorBody(code: "NoSuchKey", message: "The key \"a&b<c>'é中\" does not exist"))
    }

    @Test func cdataUnknownEntitiesAndMissingMessageAreHandled() {
        #expect(S3ErrorBody.parse(Array("<Error><Code>SlowDown</Code></Error>".utf8)) == S3ErrorBody(code: "SlowDown", message: ""))
        #expect(
            S3ErrorBody.parse(Array("<Error><Code><![CDATA[X&Y]]></Code><Message>&bogus; & fine</Message></Error>".utf8))
                == S3ErrorBody(code: "X&Y", message: "&bogus; & fine"))
    }

    @Test(arguments: ["", "not xml", "<Error><Message>m</Message></Error>", "<Error><Code></Code></Error>", "<Code>unterminated"])
    func bodiesWithoutACodeAreNil(body: String) {
        #expect(S3ErrorBody.parse(Array(body.utf8)) == nil)
    }

    @Test func everyErrorHasADistinctErrorType() {
        let errors: [S3Error] = [
            .noSuchKey(bucket: "b", key: "k"), .noSuchBucket(bucket: "b"), .accessDenied(message: ""), .slowDown(message: ""),
            .preconditionFailed(bucket: "b", key: "k"), .entityTooLarge(message: ""), .objectTooLarge(size: nil, limit: 1),
            .invalidObjectKey(reason: ""), .invalidBucketName(""), .other(code: "X", status: 400, message: ""),
            .connection(.couldNotConnect(detail: "")), .deadlineExceeded(attempts: 1, lastError: nil), .invalidRequest(""),
        ]
        #expect(Set(errors.map(\.errorType)).count == errors.count)
        #expect(errors.allSatisfy { $0.errorType.hasPrefix("S3.") })
    }
}
