import CurlHTTP
import Foundation
import LambdaEmulator
import Testing

/// A function built on LambdaRuntime, driven through the emulator exactly as Lambda would.
@Suite(.serialized)
struct FixtureFunctionTests {
    @Test func eventRoundTripsThroughTheInvokeAPI() async throws {
        try await withEmulator([fixture()]) { emulator, logs in
            let response = try await invokeOverHTTP(emulator.invokeURL(for: "fixture"), body: #"{"action":"echo"}"#)
            #expect(response.status == 200)
            #expect(response.headers["X-Amz-Function-Error"] == nil)
            #expect(response.headers["X-Amz-Executed-Version"] == "$LATEST")
            let result = try jsonObject(response.body)
            #expect(result["action"] as? String == "echo")
            #expect(result["functionName"] as? String == "fixture")
            #expect(result["memorySizeMB"] as? Int == 256)
            #expect((result["invokedFunctionARN"] as? String)?.hasSuffix(":function:fixture") == true)
            let remaining = try #require(result["remainingMilliseconds"] as? Int)
            #expect(remaining > 2000 && remaining <= 3000)
            let requestID = try #require(result["requestID"] as? String)
            #expect(response.headers["X-Amzn-RequestId"] == requestID)
            #expect(logs.lines(containing: "START RequestId: \(requestID) Version: $LATEST").count == 1)
            #expect(logs.lines(containing: "END RequestId: \(requestID)").count == 1)
            let report = try #require(logs.lines(containing: "REPORT RequestId: \(requestID)").first)
            #expect(report.contains("Memory Size: 256 MB"))
            #expect(report.contains("Init Duration: "))
            // Tools that count the function's own log bytes tell these three apart from its lines.
            #expect(logs.lines(containing: requestID).filter(EmulatorLogSink.isPlatformLine).count == 3)
            #expect(!EmulatorLogSink.isPlatformLine(#"{"level":"INFO","message":"START RequestId: \#(requestID)"}"#))
        }
    }

    @Test func traceHeaderIsExportedForTheInvocationOnly() async throws {
        try await withEmulator([fixture()]) { emulator, _ in
            let result = try jsonObject(try await emulator.invoke("fixture", payload: Array(#"{"action":"echo"}"#.utf8)).payload)
            let traceID = try #require(result["traceID"] as? String)
            #expect(traceID.hasPrefix("Root=1-"))
            #expect(result["traceEnvironment"] as? String == traceID)
        }
    }

    @Test func secondInvocationReusesTheEnvironment() async throws {
        try await withEmulator([fixture()]) { emulator, logs in
            let first = try await emulator.invoke("fixture", payload: Array(#"{"action":"echo"}"#.utf8))
            let second = try await emulator.invoke("fixture", payload: Array(#"{"action":"echo"}"#.utf8))
            #expect(first.report?.initDuration != nil)
            #expect(second.report?.initDuration == nil)
            #expect(!second.isError)
            let reports = logs.lines(containing: "REPORT RequestId:")
            #expect(reports.count == 2)
            #expect(reports.filter { $0.contains("Init Duration") }.count == 1)
            let memory = try #require(second.report?.maxMemoryUsedMB)
            #expect(memory > 0 && memory < 128)
        }
    }

    @Test(arguments: ["ImageTooLarge", "InferenceUnavailable", "CorruptImage"])
    func typedErrorReachesTheCaller(errorType: String) async throws {
        try await withEmulator([fixture()]) { emulator, _ in
            let response = try await invokeOverHTTP(
                emulator.invokeURL(for: "fixture"),
                body: #"{"action":"fail","errorType":"\#(errorType)"}"#
            )
            #expect(response.status == 200)
            #expect(response.headers["X-Amz-Function-Error"] == "Unhandled")
            let body = try jsonObject(response.body)
            #expect(body["errorType"] as? String == errorType)
            #expect(body["errorMessage"] as? String == "fixture failure of type \(errorType)")
            #expect(body["stackTrace"] as? [String] == [])
            let direct = try await emulator.invoke("fixture", payload: Array(#"{"action":"fail","errorType":"\#(errorType)"}"#.utf8))
            #expect(direct.functionErrorType == "Function.\(errorType)")
        }
    }

    @Test func undecodableEventIsARuntimeError() async throws {
        try await withEmulator([fixture()]) { emulator, _ in
            for payload in ["not json", #"{"nothing":"here"}"#, #"{"action":42}"#] {
                let result = try await emulator.invoke("fixture", payload: Array(payload.utf8))
                #expect(result.isError)
                #expect(result.functionErrorType == "Runtime.InvalidEvent")
                let body = try jsonObject(result.payload)
                #expect(body["errorType"] as? String == "Runtime.InvalidEvent")
            }
            let missing = try await emulator.invoke("fixture", payload: Array(#"{"nothing":"here"}"#.utf8))
            let message = try #require(try jsonObject(missing.payload)["errorMessage"] as? String)
            #expect(message.contains("$.action"))
            #expect(!message.contains("here"), "error messages never echo event values")
        }
    }

    @Test func initializationFailureIsReportedWithInitError() async throws {
        try await withEmulator([fixture(environment: ["FIXTURE_FAIL_INIT": "1"])]) { emulator, logs in
            let result = try await emulator.invoke("fixture", payload: Array(#"{"action":"echo"}"#.utf8))
            #expect(result.isError)
            #expect(result.functionErrorType == "Function.FixtureInitFailure")
            let body = try jsonObject(result.payload)
            #expect(body["errorType"] as? String == "FixtureInitFailure")
            #expect(body["errorMessage"] as? String == "FIXTURE_FAIL_INIT is set")
            #expect(await logs.firstLine(containing: "FATAL\tinitialisation failed", within: .seconds(5)) != nil)
        }
    }

    @Test func crashBecomesRuntimeExitErrorAndTheNextInvocationStartsFresh() async throws {
        try await withEmulator([fixture()]) { emulator, _ in
            let crashed = try await emulator.invoke("fixture", payload: Array(#"{"action":"exit"}"#.utf8))
            #expect(crashed.isError)
            #expect(crashed.functionErrorType == "Runtime.ExitError")
            #expect(crashed.payloadText.contains("exit status 3"))
            let next = try await emulator.invoke("fixture", payload: Array(#"{"action":"echo"}"#.utf8))
            #expect(!next.isError)
            #expect(next.report?.initDuration != nil, "a new environment initialises again")
        }
    }

    @Test func timeoutKillsTheFunctionAndRestartsIt() async throws {
        try await withEmulator([fixture(timeout: .milliseconds(500))]) { emulator, logs in
            let started = ContinuousClock.now
            let timedOut = try await emulator.invoke("fixture", payload: Array(#"{"action":"sleep","milliseconds":5000}"#.utf8))
            #expect(ContinuousClock.now - started < .seconds(4))
            #expect(timedOut.isError)
            #expect(timedOut.functionErrorType == "Sandbox.Timedout")
            #expect(timedOut.payloadText.contains("Task timed out after 0.50 seconds"))
            let next = try await emulator.invoke("fixture", payload: Array(#"{"action":"echo"}"#.utf8))
            #expect(!next.isError)
            #expect(next.report?.initDuration != nil)
            #expect(logs.lines(containing: "REPORT RequestId: \(timedOut.requestID)").count == 1)
            let timeoutLines = logs.lines(containing: "Task timed out after")
            #expect(!timeoutLines.isEmpty && timeoutLines.allSatisfy(EmulatorLogSink.isPlatformLine))
        }
    }

    @Test func responseOverSixMegabytesIsRejected() async throws {
        try await withEmulator([fixture()]) { emulator, logs in
            let result = try await emulator.invoke("fixture", payload: Array(#"{"action":"echo","bytes":6400000}"#.utf8))
            #expect(result.isError)
            #expect(result.functionErrorType == "Function.ResponseSizeTooLarge")
            let warning = await logs.firstLine(containing: "answered 413", within: .seconds(5))
            #expect(warning?.contains("\tWARN\t") == true, "the runtime saw the 413 and logged it")
            let next = try await emulator.invoke("fixture", payload: Array(#"{"action":"echo"}"#.utf8))
            #expect(!next.isError, "the environment survives a rejected answer")
            #expect(next.report?.initDuration == nil)
        }
    }

    @Test func requestOverSixMegabytesIsRefusedByTheInvokeAPI() async throws {
        try await withEmulator([fixture()]) { emulator, _ in
            let payload = #"{"action":"echo","message":""# + String(repeating: "x", count: 6 * 1024 * 1024) + #""}"#
            let response = try await invokeOverHTTP(emulator.invokeURL(for: "fixture"), body: payload)
            #expect(response.status == 413)
            #expect(response.headers["X-Amzn-ErrorType"] == "RequestTooLargeException")
        }
    }

    @Test func concurrentInvocationsScaleOutToSeveralEnvironments() async throws {
        var function = fixture()
        function.concurrency = 3
        try await withEmulator([function]) { emulator, logs in
            let results = try await withThrowingTaskGroup(of: InvocationResult.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await emulator.invoke("fixture", payload: Array(#"{"action":"sleep","milliseconds":300}"#.utf8)) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.allSatisfy { !$0.isError })
            #expect(results.filter { $0.report?.initDuration != nil }.count == 3, "three environments initialised, once each")
            #expect(logs.lines(containing: "Init Duration").count == 3)
        }
    }

    @Test func missingExecutableIsAnInvalidEntrypoint() async throws {
        let missing = FunctionConfiguration(name: "missing", executablePath: "/nonexistent/bootstrap")
        try await withEmulator([missing]) { emulator, _ in
            let result = try await emulator.invoke("missing", payload: Array("{}".utf8))
            #expect(result.isError)
            #expect(result.functionErrorType == "Runtime.InvalidEntrypoint")
        }
    }

    @Test func unknownFunctionIsNotFound() async throws {
        try await withEmulator([fixture()]) { emulator, _ in
            let response = try await invokeOverHTTP(emulator.invokeURL(for: "nope"), body: "{}")
            #expect(response.status == 404)
            #expect(response.headers["X-Amzn-ErrorType"] == "ResourceNotFoundException")
        }
    }

    @Test func functionARNAndDefaultPathReachTheFunction() async throws {
        try await withEmulator([fixture()]) { emulator, _ in
            let arn = "arn:aws:lambda:us-east-1:000000000000:function:fixture"
            let byARN = try await invokeOverHTTP(emulator.invokeURL(for: arn), body: #"{"action":"echo"}"#)
            #expect(try jsonObject(byARN.body)["functionName"] as? String == "fixture")
            let byDefault = try await invokeOverHTTP(emulator.invokeURL(for: "function"), body: #"{"action":"echo"}"#)
            #expect(try jsonObject(byDefault.body)["functionName"] as? String == "fixture")
        }
    }

    @Test func textLogsCarryTheRequestIDAndHonourTheLevel() async throws {
        try await withEmulator([fixture(environment: ["AWS_LAMBDA_LOG_LEVEL": "WARN"])]) { emulator, logs in
            let result = try await emulator.invoke("fixture", payload: Array(#"{"action":"log","message":"visible"}"#.utf8))
            #expect(!result.isError)
            let warning = try #require(await logs.firstLine(containing: "warning line", within: .seconds(5)))
            #expect(logs.lines(containing: "visible").isEmpty, "INFO is below WARN (and was written before the warning)")
            let columns = warning.split(separator: "\t").map(String.init)
            #expect(columns.count == 4)
            #expect(columns[1] == result.requestID)
            #expect(columns[2] == "WARN")
        }
    }

    @Test func jsonLogsAreOneObjectPerLine() async throws {
        try await withEmulator([fixture(environment: ["AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "DEBUG"])]) {
            emulator, logs in
            let result = try await emulator.invoke("fixture", payload: Array(#"{"action":"log","message":"tab\there \"quoted\""}"#.utf8))
            let line = try #require(await logs.firstLine(containing: "quoted", within: .seconds(5)))
            let object = try jsonObject(Array(line.utf8))
            #expect(object["message"] as? String == "tab\there \"quoted\"")
            #expect(object["level"] as? String == "INFO")
            #expect(object["requestId"] as? String == result.requestID)
            #expect(object["stage"] as? String == "fixture")
            #expect((object["timestamp"] as? String)?.hasSuffix("Z") == true)
            #expect(logs.lines(containing: "debug line").count == 1)
        }
    }
}
