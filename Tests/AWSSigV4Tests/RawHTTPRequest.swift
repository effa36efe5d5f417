/// A request as written in the AWS SigV4 test suite's `request.txt`: a request line, headers
/// (continuation lines starting with whitespace belong to the previous header), an empty line,
/// then the body. The request target is kept exactly as written (it may contain raw spaces and
/// UTF-8); the query string is split and percent-decoded.
struct RawHTTPRequest: Equatable {
    var method: String
    var path: String
    var query: [QueryItem]
    var headers: [Header]
    var body: [UInt8]

    struct QueryItem: Equatable {
        var name: String
        var value: String
    }

    struct Header: Equatable {
        var name: String
        var value: String
    }

    enum ParseError: Error, Equatable {
        case badRequestLine(String)
        case badHeaderLine(String)
        case continuationWithoutHeader(String)
    }

    init(method: String, path: String, query: [QueryItem], headers: [Header], body: [UInt8]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    init(parsing bytes: [UInt8]) throws {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        guard !lines.isEmpty else { throw ParseError.badRequestLine("") }
        let requestLine = lines.removeFirst()

        // METHOD SP target SP version; the target itself may contain spaces.
        guard let firstSpace = requestLine.firstIndex(of: " "),
            let lastSpace = requestLine.lastIndex(of: " "), firstSpace < lastSpace
        else { throw ParseError.badRequestLine(requestLine) }
        method = String(requestLine[..<firstSpace])
        let target = String(requestLine[requestLine.index(after: firstSpace)..<lastSpace])
        if let questionMark = target.firstIndex(of: "?") {
            path = String(target[..<questionMark])
            query = Self.parseQuery(String(target[target.index(after: questionMark)...]))
        } else {
            path = target
            query = []
        }

        headers = []
        var bodyLines: [String]? = nil
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.isEmpty {
                bodyLines = Array(lines[index...])
                break
            }
            if line.first == " " || line.first == "\t" {
                guard !headers.isEmpty else { throw ParseError.continuationWithoutHeader(line) }
                headers[headers.count - 1].value += "\n" + line
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { throw ParseError.badHeaderLine(line) }
            headers.append(Header(name: String(line[..<colon]), value: String(line[line.index(after: colon)...])))
        }
        body = Array((bodyLines ?? []).joined(separator: "\n").utf8)
    }

    static func parseQuery(_ query: String) -> [QueryItem] {
        guard !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            if let equals = pair.firstIndex(of: "=") {
                return QueryItem(
                    name: percentDecode(String(pair[..<equals])), value: percentDecode(String(pair[pair.index(after: equals)...])))
            }
            return QueryItem(name: percentDecode(String(pair)), value: "")
        }
    }

    static func percentDecode(_ string: String) -> String {
        let bytes = Array(string.utf8)
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
