import Foundation
import LambdaEmulator
import LocalServices
import Testing

/// The emulator proven against a Runtime API client nobody here wrote: AWS's own Python
/// runtime interface client, `awslambdaric`, installed from PyPI by scripts/test.sh.
@Suite(.serialized)
struct AWSLambdaRICTests {
    static let handlerFolder = "\(PythonToolchain.repositoryRoot)/Tests/Fixtures/python"

    func pythonFunction(handler: String) throws -> FunctionConfiguration {
        let python = try PythonToolchain.locate().python
        return FunctionConfiguration(
            name: "python",
            executablePath: python,
            arguments: ["-m", "awslambdaric", handler],
            environment: ["PYTHONPATH": Self.handlerFolder, "PYTHONDONTWRITEBYTECODE": "1"],
            timeout: .seconds(10),
            handler: handler,
            taskRoot: Self.handlerFolder
        )
    }

    @Test func pythonHandlerAnswersThroughTheEmulator() async throws {
        try await withEmulator([try pythonFunction(handler: "handler.echo")]) { emulator, logs in
            let response = try await invokeOverHTTP(emulator.invokeURL(for: "python"), body: #"{"study":"s-1","n":[1,2]}"#)
            #expect(response.status == 200)
            #expect(response.headers["X-Amz-Function-Error"] == nil)
            let body = try jsonObject(response.body)
            #expect((body["event"] as? [String: Any])?["study"] as? String == "s-1")
            #expect(body["functionName"] as? String == "python")
            #expect(body["requestId"] as? String == response.headers["X-Amzn-RequestId"])
            #expect(body["memoryLimitInMB"] as? String == "128")
            let remaining = try #require(body["remainingMilliseconds"] as? Int)
            #expect(remaining > 8000 && remaining <= 10_000)
            #expect((body["traceEnvironment"] as? String)?.hasPrefix("Root=1-") == true)
            #expect(logs.lines(containing: "REPORT RequestId:").count == 1)

            let second = try await emulator.invoke("python", payload: Array("[]".utf8))
            #expect(!second.isError)
            #expect(second.report?.initDuration == nil, "awslambdaric keeps its environment between invocations")
        }
    }

    @Test func pythonExceptionBecomesATypedError() async throws {
        try await withEmulator([try pythonFunction(handler: "handler.fail")]) { emulator, _ in
            let result = try await emulator.invoke("python", payload: Array("{}".utf8))
            #expect(result.isError)
            let body = try jsonObject(result.payload)
            #expect(body["errorType"] as? String == "ImageTooLarge")
            #expect(body["errorMessage"] as? String == "the image is larger than the configured limit")
            #expect(result.functionErrorType?.hasPrefix("Function.") == true || result.functionErrorType == "Runtime.Unknown")
        }
    }

    @Test func missingModuleIsAnInitError() async throws {
        try await withEmulator([try pythonFunction(handler: "no_such_module.handler")]) { emulator, _ in
            let result = try await emulator.invoke("python", payload: Array("{}".utf8))
            #expect(result.isError)
            let body = try jsonObject(result.payload)
            #expect(body["errorType"] as? String == "Runtime.ImportModuleError")
        }
    }
}
