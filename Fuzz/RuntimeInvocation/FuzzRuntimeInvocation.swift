// libFuzzer target: a Runtime API `/next` response as raw header lines, a blank line, then the
// event body → the header parser libcurl's callback uses → PendingInvocation → LambdaContext →
// the answer paths. Built only by scripts/fuzz.sh.
@_spi(Fuzzing) import CurlHTTP
@_spi(Fuzzing) import LambdaRuntime
import Logging

let environment = LambdaEnvironment { _ in nil }
let logger = Logger(label: "fuzz")

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRuntimeInvocation(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard let invocation = try? RuntimeAPIClient.invocation(from: HTTPResponse.fromRawBytes(input)) else {
        return 0
    }
    let context = LambdaContext(invocation: invocation, logger: logger, environment: environment)
    _ = context.remainingTime
    _ = context.elapsedMilliseconds
    // The request id goes into a URL path: it must stay one segment of unreserved or %XX bytes.
    for path in [RuntimeAPIPaths.response(requestID: context.requestID), RuntimeAPIPaths.error(requestID: context.requestID)] {
        let segment = path.dropFirst((RuntimeAPIPaths.prefix + "/invocation/").count).split(separator: "/").first ?? ""
        guard path.split(separator: "/", omittingEmptySubsequences: false).count == 6, segment != ".", segment != "..",
            segment.utf8.allSatisfy({ $0 < 0x80 && $0 > 0x20 && $0 != UInt8(ascii: "?") && $0 != UInt8(ascii: "#") })
        else { fatalError("a request id escaped its path segment") }
    }
    return 0
}
