import HTTPTypes
import Hummingbird
import NIOCore

/// The Runtime API (2018-06-01) for one execution environment, with the status codes and
/// error bodies of AWS's Runtime Interface Emulator.
enum RuntimeAPIRouter {
    static func make(for instance: FunctionInstance) -> Router<BasicRequestContext> {
        let router = Router()
        let prefix = "/2018-06-01/runtime"

        router.get("\(prefix)/invocation/next") { _, _ -> Response in
            switch await instance.nextInvocation() {
            case .success(let delivered):
                var headers: HTTPFields = [
                    .contentType: "application/json",
                    .requestID: delivered.requestID,
                    .deadline: String(delivered.deadlineMilliseconds),
                    .invokedFunctionARN: delivered.invokedFunctionARN,
                    .traceID: delivered.traceID,
                ]
                if let clientContext = delivered.clientContext {
                    headers[.clientContext] = clientContext
                }
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: delivered.payload)))
            case .failure(let rejection):
                return errorResponse(rejection)
            }
        }

        router.post("\(prefix)/invocation/:requestID/response") { request, context -> Response in
            try await answer(request, context, instance: instance, isError: false)
        }

        router.post("\(prefix)/invocation/:requestID/error") { request, context -> Response in
            try await answer(request, context, instance: instance, isError: true)
        }

        router.post("\(prefix)/init/error") { request, _ -> Response in
            var request = request
            let body = try await request.collectBody(upTo: LambdaLimits.maximumResponseBytes)
            let errorType = request.headers[.functionErrorType]
            return accepted(await instance.initializationError(payload: Array(buffer: body), errorType: errorType))
        }
        return router
    }

    /// `POST …/response` and `…/error`: a body over the payload limit is answered with 413 and
    /// completes the invocation with `Function.ResponseSizeTooLarge`, for either.
    private static func answer(
        _ request: Request,
        _ context: BasicRequestContext,
        instance: FunctionInstance,
        isError: Bool
    ) async throws -> Response {
        let requestID = try context.parameters.require("requestID")
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: LambdaLimits.maximumResponseBytes)
        } catch is NIOTooManyBytesError {
            return tooLarge(await instance.answerTooLarge(requestID: requestID))
        }
        let errorType = isError ? request.headers[.functionErrorType] ?? "" : nil
        return accepted(await instance.answer(requestID: requestID, payload: Array(buffer: body), error: errorType))
    }

    private static func accepted(_ result: Result<Void, RuntimeAPIStateMachine.Rejection>) -> Response {
        switch result {
        case .success:
            jsonResponse(status: .accepted, body: "{\"status\":\"OK\"}")
        case .failure(let rejection):
            errorResponse(rejection)
        }
    }

    private static func tooLarge(_ result: Result<Void, RuntimeAPIStateMachine.Rejection>) -> Response {
        switch result {
        case .success:
            errorResponse(
                .init(
                    status: 413,
                    errorType: "RequestEntityTooLarge",
                    message: "Exceeded maximum allowed payload size (\(LambdaLimits.maximumResponseBytes) bytes)."
                ))
        case .failure(let rejection):
            errorResponse(rejection)
        }
    }

    static func errorResponse(_ rejection: RuntimeAPIStateMachine.Rejection) -> Response {
        var body = "{\"errorMessage\":"
        body += jsonString(rejection.message)
        body += ",\"errorType\":"
        body += jsonString(rejection.errorType)
        body += "}"
        return jsonResponse(status: HTTPResponse.Status(code: rejection.status), body: body)
    }

    static func jsonResponse(status: HTTPResponse.Status, body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func jsonString(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case _ where scalar.value < 0x20:
                escaped +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }
}

extension HTTPField.Name {
    static let requestID = Self("Lambda-Runtime-Aws-Request-Id")!
    static let deadline = Self("Lambda-Runtime-Deadline-Ms")!
    static let invokedFunctionARN = Self("Lambda-Runtime-Invoked-Function-Arn")!
    static let traceID = Self("Lambda-Runtime-Trace-Id")!
    static let clientContext = Self("Lambda-Runtime-Client-Context")!
    static let functionErrorType = Self("Lambda-Runtime-Function-Error-Type")!
    static let amzFunctionError = Self("X-Amz-Function-Error")!
    static let amzExecutedVersion = Self("X-Amz-Executed-Version")!
    static let amzInvocationType = Self("X-Amz-Invocation-Type")!
    static let amzClientContext = Self("X-Amz-Client-Context")!
    static let amzRequestID = Self("X-Amzn-RequestId")!
    static let amzErrorType = Self("X-Amzn-ErrorType")!
}
