import Testing

@testable import LambdaRuntime

/// The settings the runtime reads from Lambda's variables.
struct LambdaEnvironmentTests {
    @Test(
        arguments: [
            (nil, 1), ("1", 1), ("2", 2), ("64", 64), ("0", 1), ("-3", 1), ("many", 1), ("", 1),
        ] as [(String?, Int)])
    func maximumConcurrencyIsAPositiveWorkerCount(value: String?, workers: Int) {
        let environment = LambdaEnvironment { $0 == "AWS_LAMBDA_MAX_CONCURRENCY" ? value : nil }
        #expect(environment.maximumConcurrency == workers)
    }

    @Test func deadlineCheckThrowsTheTimeoutOnlyOncePassed() throws {
        func context(deadline: Int64) -> LambdaContext {
            LambdaContext(
                requestID: "r", deadlineMilliseconds: deadline, invokedFunctionARN: "", logger: .init(label: "test"),
                environment: LambdaEnvironment { _ in nil })
        }
        let now = WallClock.nowMilliseconds()
        #expect(throws: Never.self) { try context(deadline: now + 60_000).checkDeadline() }
        let late = context(deadline: now - 1)
        #expect(late.isPastDeadline)
        #expect(throws: LambdaRuntimeError.deadlineExceeded(requestID: "r")) { try late.checkDeadline() }
        #expect(LambdaRuntimeError.deadlineExceeded(requestID: "r").errorType == "Sandbox.Timedout")
        #expect(LambdaRuntimeError.deadlineExceeded(requestID: "r").report.headerValue == "Runtime.Timedout")
    }
}
