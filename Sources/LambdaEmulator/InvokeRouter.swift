import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The Invoke API as AWS's Runtime Interface Emulator serves it:
/// `POST /2015-03-31/functions/function/invocations` for the default function and
/// `POST /2015-03-31/functions/<name>/invocations` for each named one (a function ARN works too).
enum InvokeRouter {
    static func make(functions: [String: FunctionPool], defaultFunction: String?, upstream: String?) -> Router<BasicRequestContext> {
        let router = Router()
        if let upstream {
            UpstreamForwarder.addRoutes(to: router, upstream: upstream)
        }
        router.post("/2015-03-31/functions/:function/invocations") { request, context -> Response in
            let requested = try context.parameters.require("function")
            let name = FunctionName.resolve(requested)
            guard let instance = functions[name] ?? (name == "function" ? defaultFunction.flatMap({ functions[$0] }) : nil) else {
                return apiError(status: .notFound, type: "ResourceNotFoundException", message: "Function not found: \(requested)")
            }
            var request = request
            let invocationType = request.headers[.amzInvocationType] ?? "RequestResponse"
            let limit = invocationType == "Event" ? LambdaLimits.maximumAsynchronousRequestBytes : LambdaLimits.maximumRequestBytes
            let payload: ByteBuffer
            do {
                payload = try await request.collectBody(upTo: limit)
            } catch {
                return apiError(
                    status: .contentTooLarge,
                    type: "RequestTooLargeException",
                    message: "Request must be smaller than \(limit) bytes for the InvokeFunction operation"
                )
            }
            let clientContext = request.headers[.amzClientContext].flatMap { Data(base64Encoded: $0) }.map {
                String(decoding: $0, as: UTF8.self)
            }
            switch invocationType {
            case "DryRun":
                return Response(status: .noContent)
            case "Event":
                let bytes = Array(buffer: payload)
                Task { _ = await instance.invoke(payload: bytes, clientContext: clientContext) }
                return Response(status: .accepted, headers: [.amzExecutedVersion: "$LATEST"])
            default:
                let result = await instance.invoke(payload: Array(buffer: payload), clientContext: clientContext)
                if result.isThrottled {
                    // AWS answers 429 with the SDKs' throttling error type; the body says why.
                    return apiError(status: .tooManyRequests, type: "TooManyRequestsException", message: "Rate Exceeded.")
                }
                var headers: HTTPFields = [
                    .contentType: "application/json", .amzExecutedVersion: "$LATEST", .amzRequestID: result.requestID,
                ]
                if result.isError {
                    headers[.amzFunctionError] = "Unhandled"
                }
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: result.payload)))
            }
        }
        return router
    }

    /// An Invoke API error in the shape the AWS SDKs parse (`x-amzn-ErrorType` and a JSON body).
    static func apiError(status: HTTPResponse.Status, type: String, message: String) -> Response {
        let body = "{\"Type\":\"User\",\"Message\":\(RuntimeAPIRouter.jsonString(message))}"
        return Response(
            status: status,
            headers: [.contentType: "application/json", .amzErrorType: type],
            body: .init(byteBuffer: ByteBuffer(string: body))
        )
    }
}

/// Function names as the Invoke API accepts them: a name, a partial or full ARN, with or
/// without a qualifier.
enum FunctionName {
    static func resolve(_ identifier: String) -> String {
        let decoded = identifier.removingPercentEncoding ?? identifier
        let parts = decoded.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if let index = parts.firstIndex(of: "function"), index + 1 < parts.count {
            return parts[index + 1]  // arn:aws:lambda:region:account:function:name[:qualifier]
        }
        return parts.first ?? decoded
    }
}
