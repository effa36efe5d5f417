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
    let input = UnsafeBufferPointer(start: data, count: data == nil ? 0 : size)
    // Split at the first empty line, as HTTP does; libcurl hands over one line at a time, CRLF included.
    var headers = HTTPHeaders()
    var lineStart = 0
    var bodyStart = input.count
    for index in input.indices where input[index] == UInt8(ascii: "\n") {
        let line = UnsafeBufferPointer(rebasing: input[lineStart...index])
        lineStart = index + 1
        // An empty line ends the head, unless another status line follows (100 Continue).
        if line.allSatisfy({ $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") }),
            !input[lineStart...].starts(with: "HTTP/".utf8)
        {
            bodyStart = lineStart
            break
        }
        headers.receive(rawLine: line)
    }
    if bodyStart == input.count, lineStart < input.count {
        headers.receive(rawLine: UnsafeBufferPointer(rebasing: input[lineStart...]))
    }
    let body = Array(input[bodyStart...])
    guard let invocation = try? RuntimeAPIClient.invocation(from: HTTPResponse(status: 200, headers: headers, body: body)) else {
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
