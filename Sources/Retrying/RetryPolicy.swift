#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A point in time after which no request may be sent and no retry may wait.
///
/// In a function: `Deadline.after(context.remainingTime - .milliseconds(500))`, keeping a margin
/// to report the result.
public struct Deadline: Sendable, Comparable {
    /// The instant on the continuous (monotonic) clock.
    public var instant: ContinuousClock.Instant

    /// Creates a deadline at `instant`.
    public init(_ instant: ContinuousClock.Instant) {
        self.instant = instant
    }

    /// A deadline `duration` from now.
    public static func after(_ duration: Duration) -> Deadline {
        Deadline(.now + duration)
    }

    /// Orders deadlines by instant.
    public static func < (lhs: Deadline, rhs: Deadline) -> Bool { lhs.instant < rhs.instant }
}

/// An error the ``RetryPolicy`` can classify and that can report an exhausted deadline.
public protocol RetryableFailure: Error {
    /// Whether the same call may succeed if tried again (5xx, throttling, refused connections).
    var isRetryable: Bool { get }

    /// The error to throw when the deadline leaves no time for a first or further attempt.
    ///
    /// - Parameters:
    ///   - attempts: The attempts already made.
    ///   - lastError: The failure of the last attempt, if there was one.
    static func deadlineExceeded(attempts: Int, lastError: Self?) -> Self
}

/// The one retry rule for every remote call (AWS, Triton): exponential backoff with full jitter, retrying only
/// retryable failures (5xx, throttling, transient connection errors), bounded by an attempt count
/// and by the caller's deadline.
///
/// The wait before attempt *n + 1* is `random() × min(maximumDelay, baseDelay × 2^(n-1))`
/// ("full jitter"). No attempt starts at or after the deadline and no wait ends past it. Each
/// attempt is given a share of the time left as its timeout (``attemptTimeout(timeLeft:attempt:)``):
/// one peer that stops answering mid-body must not spend the whole deadline on a single attempt
/// and leave the policy no retry. The random source, the sleeper and the clock are injectable so
/// tests are deterministic.
public struct RetryPolicy: Sendable {
    /// The most attempts per call, the first included (`1` disables retries).
    public var maximumAttempts: Int
    /// The backoff cap before jitter for the first retry; it doubles per retry.
    public var baseDelay: Duration
    /// The largest backoff before jitter.
    public var maximumDelay: Duration
    /// Returns a number in `[0, 1)` that scales each backoff.
    public var random: @Sendable () -> Double
    /// Blocks the calling thread for the given duration.
    public var sleep: @Sendable (Duration) -> Void
    /// Returns the current instant; deadlines are compared against it.
    public var now: @Sendable () -> ContinuousClock.Instant
    /// The least time a retry must have before the deadline to be worth starting: a retry left
    /// with a few milliseconds would only time out and hide the informative failure before it.
    public var minimumRetryTime: Duration
    /// The least time an attempt is given while the deadline allows it: an even share of a short
    /// deadline would cut off ordinary requests.
    public var minimumAttemptTime: Duration

    /// Creates a policy; the defaults (4 attempts, 100 ms doubling to at most 5 s) suit a Lambda
    /// function whose whole run is bounded by its timeout.
    public init(
        maximumAttempts: Int = 4,
        baseDelay: Duration = .milliseconds(100),
        maximumDelay: Duration = .seconds(5),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) -> Void = RetryPolicy.blockingSleep,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now },
        minimumRetryTime: Duration = .milliseconds(100),
        minimumAttemptTime: Duration = .seconds(1)
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.random = random
        self.sleep = sleep
        self.now = now
        self.minimumRetryTime = minimumRetryTime
        self.minimumAttemptTime = minimumAttemptTime
    }

    /// The default policy.
    public static let standard = RetryPolicy()

    /// A policy that makes exactly one attempt.
    public static let none = RetryPolicy(maximumAttempts: 1)

    /// The policy for inference calls: waits at most 2 s between attempts, so a Triton that is
    /// scaling up is retried often within a function's deadline.
    public static let inference = RetryPolicy(maximumDelay: .seconds(2))

    /// The wait after failed attempt `attempt` (1-based), before jitter is applied.
    public func backoffCeiling(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let ceiling = baseDelay * (1 << exponent)
        return min(ceiling, maximumDelay)
    }

    /// The jittered wait after failed attempt `attempt` (1-based).
    public func delay(afterAttempt attempt: Int) -> Duration {
        let fraction = min(max(random(), 0), 1)
        return backoffCeiling(afterAttempt: attempt) * fraction
    }

    /// The time attempt `attempt` (1-based) may take when `timeLeft` remains before the deadline:
    /// an even share among the attempts still allowed (`timeLeft / (maximumAttempts − attempt + 1)`),
    /// at least ``minimumAttemptTime``, never more than `timeLeft`. The last attempt gets all of it.
    public func attemptTimeout(timeLeft: Duration, attempt: Int) -> Duration {
        let attemptsLeft = max(maximumAttempts - attempt + 1, 1)
        return min(max(timeLeft / attemptsLeft, minimumAttemptTime), timeLeft)
    }

    /// Runs `operation` until it succeeds, fails with a non-retryable error, runs out of attempts
    /// or would pass `deadline`.
    ///
    /// - Parameters:
    ///   - deadline: No attempt starts at or after it, no wait ends past it, and no retry starts
    ///     with less than ``minimumRetryTime`` before it; `nil` for none.
    ///   - operation: One attempt; receives the attempt number (from 1) and the time this attempt
    ///     may take (``attemptTimeout(timeLeft:attempt:)``; `nil` without a deadline), which it
    ///     must use to bound its request.
    /// - Throws: The last attempt's error, or `E.deadlineExceeded` when the deadline stopped the
    ///   retries.
    public func run<T, E: RetryableFailure>(
        deadline: Deadline?,
        _ operation: (_ attempt: Int, _ timeLeft: Duration?) throws(E) -> T
    ) throws(E) -> T {
        var attempt = 0
        var lastError: E?
        while true {
            let timeLeft = deadline.map { $0.instant - now() }
            if let timeLeft, timeLeft <= .zero {
                throw E.deadlineExceeded(attempts: attempt, lastError: lastError)
            }
            attempt += 1
            do {
                return try operation(attempt, timeLeft.map { attemptTimeout(timeLeft: $0, attempt: attempt) })
            } catch {
                guard error.isRetryable, attempt < maximumAttempts else { throw error }
                let wait = delay(afterAttempt: attempt)
                if let deadline, now() + wait + minimumRetryTime > deadline.instant {
                    throw E.deadlineExceeded(attempts: attempt, lastError: error)
                }
                sleep(wait)
                lastError = error
            }
        }
    }

    /// Sleeps the calling thread (functions are synchronous; async code must not call this).
    public static func blockingSleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        guard seconds > 0 || attoseconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1, errno == EINTR {
            request = remaining
        }
    }
}
