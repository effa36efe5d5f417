#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Exponential backoff with full jitter for inference calls, bounded by attempts and a deadline.
///
/// The same rule as `AWSClients.RetryPolicy` (docs/aws-clients.md), restated here so that
/// `Inference` depends on `CurlHTTP` only: before attempt *n + 1* it waits
/// `random() × min(maximumDelay, baseDelay × 2^(n-1))`; no attempt starts at or after the
/// deadline and no wait ends past it. Only errors whose `isRetryable` is true are retried,
/// except ``InferenceError/deadlineExceeded(attempts:lastError:)``, which ends the call.
public struct InferenceRetryPolicy: Sendable {
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
    /// The current instant; deadlines are compared against it.
    public var now: @Sendable () -> ContinuousClock.Instant

    /// Creates a policy; the defaults (4 attempts, 100 ms doubling to at most 2 s) suit a Lambda
    /// function whose whole run is bounded by its timeout.
    public init(
        maximumAttempts: Int = 4,
        baseDelay: Duration = .milliseconds(100),
        maximumDelay: Duration = .seconds(2),
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Duration) -> Void = InferenceRetryPolicy.blockingSleep,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.maximumAttempts = max(1, maximumAttempts)
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.random = random
        self.sleep = sleep
        self.now = now
    }

    /// The default policy.
    public static let standard = InferenceRetryPolicy()

    /// A policy that makes exactly one attempt.
    public static let none = InferenceRetryPolicy(maximumAttempts: 1)

    /// The wait after failed attempt `attempt` (1-based), before jitter.
    public func backoffCeiling(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        return min(baseDelay * (1 << exponent), maximumDelay)
    }

    /// Runs `operation` until it succeeds, fails with a final error, runs out of attempts or
    /// would pass `deadline`.
    ///
    /// - Parameters:
    ///   - deadline: No attempt starts at or after it and no wait ends past it; `nil` for none.
    ///   - operation: One attempt; receives the attempt number (from 1) and the time left
    ///     (`nil` without a deadline), which must bound its request.
    /// - Throws: The last attempt's error, or ``InferenceError/deadlineExceeded(attempts:lastError:)``.
    public func run<T>(
        deadline: ContinuousClock.Instant?,
        _ operation: (_ attempt: Int, _ timeLeft: Duration?) throws(InferenceError) -> T
    ) throws(InferenceError) -> T {
        var attempt = 0
        var lastError: InferenceError?
        while true {
            let timeLeft = deadline.map { $0 - now() }
            if let timeLeft, timeLeft <= .zero {
                throw .deadlineExceeded(attempts: attempt, lastError: lastError)
            }
            attempt += 1
            do {
                return try operation(attempt, timeLeft)
            } catch {
                if case .deadlineExceeded = error { throw error }
                guard error.isRetryable, attempt < maximumAttempts else { throw error }
                let wait = backoffCeiling(afterAttempt: attempt) * min(max(random(), 0), 1)
                if let deadline, now() + wait >= deadline {
                    throw .deadlineExceeded(attempts: attempt, lastError: error)
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
