import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Renders log records in Lambda's text and JSON formats.
///
/// Hand-written rather than `JSONEncoder`-based: a log line must cost microseconds and must
/// never fail, whatever the metadata holds.
public struct LogLineEncoder: Sendable {
    /// The format lines are rendered in.
    public var format: LambdaLogFormat

    /// Creates an encoder for `format`.
    public init(format: LambdaLogFormat) {
        self.format = format
    }

    /// One complete line, newline included.
    public func encode(
        timestamp: LogTimestamp,
        level: LambdaLogLevel,
        requestID: String?,
        message: String,
        metadata: Logger.Metadata
    ) -> String {
        switch format {
        case .text:
            var line = "\(timestamp.iso8601)\t\(requestID ?? "-")\t\(level.rawValue)\t\(message)"
            for key in metadata.keys.sorted() {
                line += " \(key)=\(metadata[key]!)"
            }
            // One record, one line: newlines become CR, which CloudWatch keeps in one event.
            line = String(line.map { $0 == "\n" || $0 == "\r\n" ? "\r" : $0 })
            line += "\n"
            return line
        case .json:
            var line = "{\"timestamp\":\"\(timestamp.iso8601)\",\"level\":\"\(level.rawValue)\""
            if let requestID {
                line += ",\"requestId\":"
                JSONText.appendString(requestID, to: &line)
            }
            line += ",\"message\":"
            JSONText.appendString(message, to: &line)
            for key in metadata.keys.sorted() where !Self.reservedKeys.contains(key) {
                line += ","
                JSONText.appendString(key, to: &line)
                line += ":"
                JSONText.appendMetadataValue(metadata[key]!, to: &line)
            }
            line += "}\n"
            return line
        }
    }

    /// Keys Lambda's JSON format owns; metadata cannot overwrite them.
    static let reservedKeys: Set<String> = ["timestamp", "level", "requestId", "message"]
}

/// A wall-clock instant with millisecond precision, formatted the way Lambda prints it.
public struct LogTimestamp: Sendable, Equatable {
    /// Seconds since the Unix epoch.
    public var seconds: Int
    /// Milliseconds within the second (0–999).
    public var milliseconds: Int

    /// Creates a timestamp from its parts.
    public init(seconds: Int, milliseconds: Int) {
        self.seconds = seconds
        self.milliseconds = milliseconds
    }

    /// The current wall-clock time.
    public static func now() -> LogTimestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return LogTimestamp(seconds: Int(spec.tv_sec), milliseconds: Int(spec.tv_nsec) / 1_000_000)
    }

    /// `2026-11-25T08:45:00.123Z`: UTC, millisecond precision.
    public var iso8601: String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        var text = ""
        text.reserveCapacity(24)
        Self.appendDigits(Int(parts.tm_year) + 1900, width: 4, to: &text)
        text += "-"
        Self.appendDigits(Int(parts.tm_mon) + 1, width: 2, to: &text)
        text += "-"
        Self.appendDigits(Int(parts.tm_mday), width: 2, to: &text)
        text += "T"
        Self.appendDigits(Int(parts.tm_hour), width: 2, to: &text)
        text += ":"
        Self.appendDigits(Int(parts.tm_min), width: 2, to: &text)
        text += ":"
        Self.appendDigits(Int(parts.tm_sec), width: 2, to: &text)
        text += "."
        Self.appendDigits(milliseconds, width: 3, to: &text)
        text += "Z"
        return text
    }

    private static func appendDigits(_ value: Int, width: Int, to text: inout String) {
        let digits = String(value)
        if digits.count < width {
            text += String(repeating: "0", count: width - digits.count)
        }
        text += digits
    }
}

/// Minimal JSON text writing for log lines and error bodies.
public enum JSONText {
    /// Appends `value` as a JSON string literal, escaping quotes, backslashes and controls.
    public static func appendString(_ value: String, to output: inout String) {
        output.unicodeScalars.append("\"")
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = Array("0123456789abcdef".unicodeScalars)
                output += "\\u"
                for shift in [12, 8, 4, 0] {
                    output.unicodeScalars.append(hex[Int((scalar.value >> UInt32(shift)) & 0xF)])
                }
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output.unicodeScalars.append("\"")
    }

    /// `value` as a JSON string literal.
    public static func string(_ value: String) -> String {
        var output = ""
        appendString(value, to: &output)
        return output
    }

    static func appendMetadataValue(_ value: Logger.MetadataValue, to output: inout String) {
        switch value {
        case .string(let string):
            appendString(string, to: &output)
        case .stringConvertible(let convertible):
            appendString(convertible.description, to: &output)
        case .array(let values):
            output += "["
            for (index, element) in values.enumerated() {
                if index > 0 { output += "," }
                appendMetadataValue(element, to: &output)
            }
            output += "]"
        case .dictionary(let dictionary):
            output += "{"
            for (index, key) in dictionary.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                appendString(key, to: &output)
                output += ":"
                appendMetadataValue(dictionary[key]!, to: &output)
            }
            output += "}"
        }
    }
}
