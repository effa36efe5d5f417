/// Typed access to a function's environment variables, failing with
/// ``PipelineError/invalidConfiguration(variable:problem:)`` so a misconfigured function stops
/// at initialisation (init/error) instead of failing every invocation.
public struct FunctionSettings: Sendable {
    private let values: [String: String]

    /// Reads settings through `lookup` (the process environment in a function).
    public init(lookup: (String) -> String?, names: [String]) {
        var values: [String: String] = [:]
        for name in names {
            if let value = lookup(name), !value.isEmpty { values[name] = value }
        }
        self.values = values
    }

    /// The raw value, if set and not empty.
    public func string(_ name: String) -> String? {
        values[name]
    }

    /// `true`/`false` (also `1`/`0`, `yes`/`no`), or `defaultValue` when unset.
    public func bool(_ name: String, default defaultValue: Bool) throws(PipelineError) -> Bool {
        guard let value = values[name]?.lowercased() else { return defaultValue }
        switch value {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw .invalidConfiguration(variable: name, problem: "must be true or false")
        }
    }

    /// A whole number in `range`, or `defaultValue` when unset.
    public func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws(PipelineError) -> Int {
        guard let text = values[name] else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw .invalidConfiguration(variable: name, problem: "must be a whole number in \(range.lowerBound)…\(range.upperBound)")
        }
        return value
    }

    /// A comma-separated list, trimmed, without empty items; empty when unset.
    public func list(_ name: String) -> [String] {
        (values[name] ?? "").split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }

    /// One of `choices`, or `defaultValue` when unset.
    public func choice(_ name: String, default defaultValue: String, among choices: Set<String>) throws(PipelineError) -> String {
        guard let value = values[name] else { return defaultValue }
        guard choices.contains(value) else {
            throw .invalidConfiguration(variable: name, problem: "must be one of \(choices.sorted().joined(separator: ", "))")
        }
        return value
    }

    /// Bytes from hexadecimal text (at least `minimumBytes` of them).
    public func hexBytes(_ name: String, minimumBytes: Int) throws(PipelineError) -> [UInt8]? {
        guard let text = values[name] else { return nil }
        guard let bytes = Self.decodeHex(text) else { throw .invalidConfiguration(variable: name, problem: "must be hexadecimal") }
        guard bytes.count >= minimumBytes else {
            throw .invalidConfiguration(variable: name, problem: "must be at least \(minimumBytes) bytes of hexadecimal")
        }
        return bytes
    }

    /// The bytes an even number of hexadecimal digits spell, or `nil` for any other text.
    static func decodeHex(_ text: some StringProtocol) -> [UInt8]? {
        var bytes: [UInt8] = []
        var pending: UInt8?
        for character in text.utf8 {
            let nibble: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let high = pending {
                bytes.append(high << 4 | nibble)
                pending = nil
            } else {
                pending = nibble
            }
        }
        return pending == nil ? bytes : nil
    }
}

/// Which buckets a function may touch: a request naming any other is refused
/// (``PipelineError/bucketNotAllowed(_:)``), so a crafted event cannot make the function read or
/// write data it was never meant to (confused deputy).
public struct BucketAllowList: Sendable, Equatable {
    /// The allowed names; never empty.
    public let buckets: Set<String>

    /// Creates an allow-list.
    ///
    /// - Throws: `.invalidConfiguration` for an empty list: a function that read any bucket
    ///   its event names would be a confused deputy for whoever can start an execution.
    public init(_ buckets: [String], variable: String) throws(PipelineError) {
        guard !buckets.isEmpty else {
            throw .invalidConfiguration(variable: variable, problem: "must name at least one bucket (comma-separated)")
        }
        self.buckets = Set(buckets)
    }

    /// The allow-list the environment variable `name` holds (comma-separated bucket names).
    public init(_ settings: FunctionSettings, variable name: String) throws(PipelineError) {
        try self.init(settings.list(name), variable: name)
    }

    /// Throws unless `bucket` is allowed.
    public func check(_ bucket: String) throws(PipelineError) {
        guard buckets.contains(bucket) else { throw .bucketNotAllowed(bucket) }
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
