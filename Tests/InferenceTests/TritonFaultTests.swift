import CurlHTTP
import Inference
import LocalServices
import Retrying
import Synchronization
import Testing

/// A server of its own that the tests stop and restart; serialized so the steps run in order.
@Suite(.serialized) struct TritonFaultTests {
    @Test func stoppedServerIsUnavailableAfterTheRetryBudgetAndARestartRecovers() async throws {
        try await BlockingIO.run { () throws in
            let server = try TritonServer()
            print("PyTriton start-up (spawn → fixture model ready): \(server.lastStartupDuration)")
            let sleeps = WaitCounter()
            let client = try makeClient(for: server, retryPolicy: sleeps.policy(maximumAttempts: 4, baseDelay: .milliseconds(50)))
            let image = ReferenceClassifier.exactImages(count: 1, seed: 9)
            let input = InferenceTensor(name: "INPUT__0", shape: [1, 3, 224, 224], float32: image)
            #expect(
                try client.infer(classifier, inputs: [input]).output(named: "OUTPUT__0").float32Values()
                    == ReferenceClassifier.logits(batch: image))

            server.stop()
            let started = ContinuousClock.now
            let error = #expect(throws: InferenceError.self) {
                try client.infer(classifier, inputs: [input], deadline: .now + .seconds(3))
            }
            let elapsed = ContinuousClock.now - started
            guard case .unavailable(nil, _)? = error else {
                Issue.record("expected Inference.Unavailable without a status, got \(String(describing: error))")
                return
            }
            #expect(error?.isRetryable == true)
            #expect(sleeps.count == 3)  // four attempts, three waits
            #expect(elapsed < .seconds(3))

            // A deadline shorter than the backoff ends the call with DeadlineExceeded instead.
            let slow = RetryPolicy(maximumAttempts: 10, baseDelay: .seconds(2), random: { 0.99 })
            let hurried = try makeClient(for: server, retryPolicy: slow)
            let deadlineError = #expect(throws: InferenceError.self) {
                try hurried.isServerReady(deadline: .now + .milliseconds(300))
            }
            #expect(deadlineError?.errorType == "Inference.DeadlineExceeded")
            if case .deadlineExceeded(let attempts, let last)? = deadlineError {
                #expect(attempts == 1)
                #expect(last?.errorType == "Inference.Unavailable")
            }

            try server.start()
            print("PyTriton restart: \(server.lastStartupDuration)")
            // The same client (same keep-alive handle, cached metadata) succeeds on the next call.
            #expect(
                try client.infer(classifier, inputs: [input]).output(named: "OUTPUT__0").float32Values()
                    == ReferenceClassifier.logits(batch: image))
            server.stop()
        }
    }

    /// Triton answers 500 when the model raises (TRITONSERVER_ERROR_INTERNAL): a backend that
    /// fails for a moment recovers within the call; one that keeps failing ends after the bound.
    @Test func serverErrorsAreRetriedABoundedNumberOfTimes() async throws {
        try await BlockingIO.run { () throws in
            let server = try TritonServer()
            let waits = WaitCounter()
            let client = try makeClient(for: server, retryPolicy: waits.policy(maximumAttempts: 10, baseDelay: .milliseconds(20)))
            let image = ReferenceClassifier.exactImages(count: 1, seed: 4)
            let input = InferenceTensor(name: "INPUT__0", shape: [1, 3, 224, 224], float32: image)
            _ = try client.metadata(for: classifier)

            try server.failNextInferences(2)
            #expect(
                try client.infer(classifier, inputs: [input]).output(named: "OUTPUT__0").float32Values()
                    == ReferenceClassifier.logits(batch: image))
            #expect(waits.count == 2)  // two 500s, two waits, then the answer

            waits.reset()
            try server.failNextInferences(100)
            let error = #expect(throws: InferenceError.self) { try client.infer(classifier, inputs: [input]) }
            guard case .serverError(500, _)? = error else {
                Issue.record("expected Inference.ServerError with status 500, got \(String(describing: error))")
                return
            }
            #expect(waits.count == 2)  // the default bound: two retries, three 500s
            try server.failNextInferences(0)
            server.stop()
        }
    }

    /// With no version pinned, a model updated on the server (here: one more output) no longer
    /// matches the metadata a warm client cached; the client fetches it again and succeeds.
    @Test func updatedModelBehindAnUnpinnedReferenceIsFetchedAgain() async throws {
        try await BlockingIO.run { () throws in
            let server = try TritonServer()
            let client = try makeClient(for: server)
            let unpinned = ModelReference(name: TritonServer.FixtureModel.name)
            let image = ReferenceClassifier.exactImages(count: 1, seed: 6)
            let input = InferenceTensor(name: "INPUT__0", shape: [1, 3, 224, 224], float32: image)
            let expected = ReferenceClassifier.logits(batch: image)
            #expect(try client.infer(unpinned, inputs: [input]).output(named: "OUTPUT__0").float32Values() == expected)
            #expect(try client.metadata(for: unpinned).outputs.first?.shape == [-1, 4])

            server.stop()
            try server.setModelOutputs(5)
            try server.start()
            let output = try client.infer(unpinned, inputs: [input]).output(named: "OUTPUT__0")
            #expect(output.shape == [1, 5])
            #expect(Array(try output.float32Values().prefix(4)) == expected)
            #expect(try client.metadata(for: unpinned).outputs.first?.shape == [-1, 5])
            server.stop()
        }
    }
}

/// Counts the waits of a retry policy that really sleeps: one wait before each retry.
final class WaitCounter: Sendable {
    private let waits = Mutex(0)

    var count: Int { waits.withLock { $0 } }

    func reset() { waits.withLock { $0 = 0 } }

    func policy(maximumAttempts: Int, baseDelay: Duration) -> RetryPolicy {
        RetryPolicy(
            maximumAttempts: maximumAttempts, baseDelay: baseDelay,
            sleep: { [self] duration in
                waits.withLock { $0 += 1 }
                RetryPolicy.blockingSleep(duration)
            })
    }
}
