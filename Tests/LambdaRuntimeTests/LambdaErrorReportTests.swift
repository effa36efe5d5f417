import Foundation
import Testing

@testable import LambdaRuntime

struct LambdaErrorReportTests {
    struct ImageTooLarge: LambdaFunctionError {
        var errorType: String { "ImageTooLarge" }
        var description: String { "4096x4096 exceeds 16 megapixels" }
    }

    struct Untyped: Error {
        var patientName = "Jane Doe"
    }

    @Test func typedErrorKeepsItsErrorType() throws {
        let report = LambdaErrorReport(functionError: ImageTooLarge())
        #expect(report.errorType == "ImageTooLarge")
        #expect(report.headerValue == "Function.ImageTooLarge")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(report.jsonBody)) as? [String: Any])
        #expect(body["errorType"] as? String == "ImageTooLarge")
        #expect(body["errorMessage"] as? String == "4096x4096 exceeds 16 megapixels")
        #expect(body["stackTrace"] as? [String] == [])
    }

    @Test func untypedErrorIsNamedAfterItsType() {
        let report = LambdaErrorReport(functionError: Untyped())
        #expect(report.errorType == "Untyped")
        #expect(report.headerValue == "Function.Untyped")
        #expect(!report.errorMessage.contains("Jane"), "an untyped error's values never reach the error document")
    }

    @Test func runtimeErrorsUseTheRuntimeCategory() {
        let report = LambdaRuntimeError.invalidEvent(detail: "missing field $.action").report
        #expect(report.errorType == "Runtime.InvalidEvent")
        #expect(report.headerValue == "Runtime.InvalidEvent")
    }

    @Test func headerValueIsSanitised() {
        let report = LambdaErrorReport(errorType: "../..", errorMessage: "", origin: .function)
        #expect(report.headerValue == "Function.Unknown")
        let dotted = LambdaErrorReport(errorType: "RadStream.Bad Type/", errorMessage: "", origin: .function)
        #expect(dotted.headerValue == "Function.BadType")
        let spaced = LambdaErrorReport(errorType: "Image Too-Large", errorMessage: "", origin: .function)
        #expect(spaced.headerValue == "Function.ImageTooLarge")
    }

    @Test func decodingErrorsNameThePathNotTheValue() throws {
        struct Event: Decodable {
            struct Study: Decodable { var id: String }
            var study: Study
            var count: Int
        }
        let decoder = JSONDecoder()
        let cases: [(String, String)] = [
            (#"{"study":{"id":"x"}}"#, "missing field $.count"),
            (#"{"study":{"id":5},"count":1}"#, "$.study.id is not of type String"),
            (#"{"study":{"id":"PATIENT-NAME"},"count":"seven"}"#, "$.count is not of type Int"),
            ("{broken", "the payload is not valid JSON"),
        ]
        for (payload, expected) in cases {
            let error = #expect(throws: DecodingError.self) { try decoder.decode(Event.self, from: Data(payload.utf8)) }
            let summary = DecodingErrorSummary(try #require(error)).text
            #expect(summary == expected)
            #expect(!summary.contains("PATIENT"))
        }
    }

    @Test func requestIDsCannotEscapeTheirPathSegment() {
        #expect(RuntimeAPIPaths.response(requestID: "abc-123") == "/2018-06-01/runtime/invocation/abc-123/response")
        #expect(RuntimeAPIPaths.error(requestID: "../init/error") == "/2018-06-01/runtime/invocation/..%2Finit%2Ferror/error")
    }

    @Test func environmentIsReadFromLambdasVariables() {
        let variables = [
            "AWS_LAMBDA_RUNTIME_API": "127.0.0.1:9001", "AWS_LAMBDA_FUNCTION_NAME": "PrepareTensors",
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024", "AWS_DEFAULT_REGION": "eu-west-1",
            "AWS_LAMBDA_LOG_FORMAT": "JSON", "AWS_LAMBDA_LOG_LEVEL": "debug",
        ]
        let environment = LambdaEnvironment { variables[$0] }
        #expect(environment.runtimeAPI == "127.0.0.1:9001")
        #expect(environment.functionName == "PrepareTensors")
        #expect(environment.memorySizeMB == 1024)
        #expect(environment.region == "eu-west-1")
        #expect(environment.functionVersion == "$LATEST")
        #expect(environment.logFormat == .json)
        #expect(environment.logLevel == .debug)
    }
}
