import CurlHTTP
import Foundation
import LambdaEmulator
import Testing

/// The test plays the runtime itself against the emulator's Runtime API, to pin down status
/// codes and bodies byte for byte. The "function" is a process that never calls the API.
@Suite(.serialized)
struct RuntimeAPIWireTests {
    let silentFunction = FunctionConfiguration(name: "manual", executablePath: "/bin/sleep", arguments: ["30"], timeout: .seconds(10))

    private func perform(_ method: HTTPMethod, _ url: String, body: String = "", headers: HTTPHeaders = [:]) async throws -> HTTPResponse {
        try await BlockingIO.run {
            try CurlHTTPClient().perform(HTTPRequest(method: method, url: url, headers: headers, body: Array(body.utf8)))
        }
    }

    @Test func answersFollowTheRuntimeAPIStatusCodes() async throws {
        try await withEmulator([silentFunction]) { emulator, _ in
            let api = "http://" + (try #require(await emulator.runtimeAPIAddress(for: "manual"))) + "/2018-06-01/runtime"
            let invocation = Task { try await emulator.invoke("manual", payload: Array(#"{"n":1}"#.utf8)) }

            let next = try await perform(.get, "\(api)/invocation/next")
            #expect(next.status == 200)
            #expect(next.bodyText == #"{"n":1}"#)
            let requestID = try #require(next.headers["Lambda-Runtime-Aws-Request-Id"])
            let deadline = try #require(next.headers["Lambda-Runtime-Deadline-Ms"].flatMap(Int64.init))
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            #expect(deadline > now + 8000 && deadline <= now + 10_100)
            #expect(next.headers["Lambda-Runtime-Invoked-Function-Arn"]?.hasSuffix(":function:manual") == true)
            #expect(next.headers["Lambda-Runtime-Trace-Id"]?.hasPrefix("Root=1-") == true)

            let secondNext = try await perform(.get, "\(api)/invocation/next")
            #expect(secondNext.status == 403, "asking for more work before answering is a state violation")
            #expect(secondNext.bodyText.contains("InvalidStateTransition"))

            let wrongID = try await perform(.post, "\(api)/invocation/not-the-id/response", body: "{}")
            #expect(wrongID.status == 400)
            #expect(wrongID.bodyText == #"{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}"#)

            let accepted = try await perform(.post, "\(api)/invocation/\(requestID)/response", body: #"{"ok":true}"#)
            #expect(accepted.status == 202)
            #expect(accepted.bodyText == #"{"status":"OK"}"#)

            let stale = try await perform(.post, "\(api)/invocation/\(requestID)/response", body: "{}")
            #expect(stale.status == 403, "a second answer to the same invocation is refused")

            let lateInitError = try await perform(.post, "\(api)/init/error", body: "{}")
            #expect(lateInitError.status == 403, "init/error after initialisation is refused")

            let result = try await invocation.value
            #expect(!result.isError)
            #expect(result.payloadText == #"{"ok":true}"#)
        }
    }

    @Test func errorTypeHeaderIsValidatedLikeAWS() async throws {
        try await withEmulator([silentFunction]) { emulator, _ in
            let api = "http://" + (try #require(await emulator.runtimeAPIAddress(for: "manual"))) + "/2018-06-01/runtime"
            for (sent, expected) in [("Function.ImageTooLarge", "Function.ImageTooLarge"), ("Unhandled", "Runtime.Unknown")] {
                let invocation = Task { try await emulator.invoke("manual", payload: Array("{}".utf8)) }
                let next = try await perform(.get, "\(api)/invocation/next")
                let requestID = try #require(next.headers["Lambda-Runtime-Aws-Request-Id"])
                let posted = try await perform(
                    .post,
                    "\(api)/invocation/\(requestID)/error",
                    body: #"{"errorMessage":"m","errorType":"ImageTooLarge"}"#,
                    headers: ["Lambda-Runtime-Function-Error-Type": sent]
                )
                #expect(posted.status == 202)
                let result = try await invocation.value
                #expect(result.isError)
                #expect(result.functionErrorType == expected)
                #expect(result.payloadText == #"{"errorMessage":"m","errorType":"ImageTooLarge"}"#)
            }
        }
    }
}
