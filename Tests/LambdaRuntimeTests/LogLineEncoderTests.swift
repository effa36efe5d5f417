import Foundation
import Logging
import Testing

@testable import LambdaRuntime

struct LogLineEncoderTests {
    let timestamp = LogTimestamp(seconds: 1_795_592_700, milliseconds: 7)

    @Test func timestampIsISO8601WithMilliseconds() {
        #expect(timestamp.iso8601 == "2026-11-25T07:45:00.007Z")
        #expect(LogTimestamp(seconds: 0, milliseconds: 999).iso8601 == "1970-01-01T00:00:00.999Z")
    }

    @Test func textLineHasFourTabSeparatedColumnsAndSortedMetadata() {
        let line = LogLineEncoder(format: .text).encode(
            timestamp: timestamp, level: .warn, requestID: "req-1", message: "slow", metadata: ["z": "1", "a": "2"]
        )
        #expect(line == "2026-11-25T07:45:00.007Z\treq-1\tWARN\tslow a=2 z=1\n")
    }

    @Test func textLineKeepsAMultiLineMessageInOneRecord() {
        let line = LogLineEncoder(format: .text).encode(
            timestamp: timestamp, level: .info, requestID: "r", message: "one\ntwo\r\nthree", metadata: [:]
        )
        #expect(line == "2026-11-25T07:45:00.007Z\tr\tINFO\tone\rtwo\rthree\n")
    }

    @Test func textLineWithoutInvocationUsesADash() {
        let line = LogLineEncoder(format: .text).encode(timestamp: timestamp, level: .info, requestID: nil, message: "init", metadata: [:])
        #expect(line.split(separator: "\t")[1] == "-")
    }

    @Test func jsonLineEscapesAndKeepsReservedKeys() throws {
        let line = LogLineEncoder(format: .json).encode(
            timestamp: timestamp,
            level: .error,
            requestID: "req-\"2\"",
            message: "line1\nline2\u{1}\u{2028}",
            metadata: ["message": "spoof", "nested": ["k": ["v", "1"]], "stage": "prepare"]
        )
        #expect(line.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["message"] as? String == "line1\nline2\u{1}\u{2028}")
        #expect(object["requestId"] as? String == "req-\"2\"")
        #expect(object["level"] as? String == "ERROR")
        #expect(object["timestamp"] as? String == "2026-11-25T07:45:00.007Z")
        #expect(object["stage"] as? String == "prepare")
        #expect((object["nested"] as? [String: Any])?["k"] as? [String] == ["v", "1"])
    }

    @Test(arguments: [
        ("TRACE", LambdaLogLevel.trace), ("debug", .debug), ("Info", .info), ("WARN", .warn), ("warning", .warn),
        ("ERROR", .error), ("FATAL", .fatal),
    ])
    func logLevelsParseLikeLambda(value: String, expected: LambdaLogLevel) {
        #expect(LambdaLogLevel(environmentValue: value) == expected)
    }

    @Test func swiftLogLevelsMapOntoLambdaLevels() {
        #expect(LambdaLogLevel(Logger.Level.notice) == .info)
        #expect(LambdaLogLevel(Logger.Level.critical) == .fatal)
        #expect(LambdaLogLevel.warn.minimumLoggerLevel == .warning)
        #expect(LambdaLogLevel(environmentValue: "LOUD") == nil)
    }

    @Test func formatIsTextUnlessJSON() {
        #expect(LambdaLogFormat(environmentValue: nil) == .text)
        #expect(LambdaLogFormat(environmentValue: "json") == .json)
        #expect(LambdaLogFormat(environmentValue: "Text") == .text)
    }
}
