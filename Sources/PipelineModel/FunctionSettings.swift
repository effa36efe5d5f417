import StudyMetadata

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

    /// A key prefix such as `tensors/`: a safe S3 key once a name is appended (no empty, `.` or
    /// `..` segment, no leading `/`, no control characters; ``ObjectKeyRules``), ending with `/`
    /// so keys never run into a neighbouring prefix (`results` would also match `results-old/`),
    /// and at most 512 bytes so the key it starts still fits S3's 1024. `defaultValue` when unset.
    public func keyPrefix(_ name: String, default defaultValue: String) throws(PipelineError) -> String {
        guard let prefix = values[name] else { return defaultValue }
        guard prefix.hasSuffix("/"), prefix.utf8.count <= 512, ObjectKeyRules.isSafe(prefix + "key") else {
            throw .invalidConfiguration(
                variable: name, problem: "must be a key prefix ending with '/' (no '..', '.' or empty segment, no leading '/', ≤ 512 bytes)"
            )
        }
        return prefix
    }

    /// An S3 bucket name following S3's naming rules (``BucketName``), or `nil` when unset.
    public func bucketName(_ name: String) throws(PipelineError) -> String? {
        guard let bucket = values[name] else { return nil }
        try BucketName.check(bucket, variable: name)
        return bucket
    }

    /// A KMS key for SSE-KMS, or `nil` when unset: a key id (UUID or `mrk-` multi-Region id), an
    /// alias (`alias/…`), or a key or alias ARN. A typo otherwise surfaces only on the first
    /// write, as an S3 error on every study.
    public func kmsKeyID(_ name: String) throws(PipelineError) -> String? {
        guard let key = values[name] else { return nil }
        guard KMSKeyIdentifier.isValid(key) else {
            throw .invalidConfiguration(variable: name, problem: "must be a KMS key id, mrk- id, alias/NAME, or a key or alias ARN")
        }
        return key
    }

    /// `TENSOR_MAX_BYTES`: the largest tensor PrepareTensors may write and RunInference reads.
    /// Both functions read this one variable (the template passes both the same value), so a
    /// model input too large for RunInference fails PrepareTensors' initialisation, not every study.
    /// Both list `TENSOR_MAX_BYTES` in their `names` (Tests/DeployTests checks each function
    /// reads what the template sets).
    public func tensorMaximumBytes() throws(PipelineError) -> Int {
        try integer("TENSOR_MAX_BYTES", default: 16 << 20, in: 1024...(256 << 20))
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
        for bucket in buckets { try BucketName.check(bucket, variable: variable) }
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

/// S3's bucket naming rules (general purpose buckets): 3–63 characters of lowercase letters,
/// digits, `.` and `-`, starting and ending with a letter or digit, no `..`, not an IPv4
/// address, none of the reserved prefixes and suffixes.
public enum BucketName {
    static let reservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"]
    static let reservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"]

    /// Whether `name` is a valid bucket name.
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (3...63).contains(bytes.count) else { return false }
        func isLetterOrDigit(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        guard bytes.allSatisfy({ isLetterOrDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }),
            let first = bytes.first, let last = bytes.last, isLetterOrDigit(first), isLetterOrDigit(last), !name.contains("..")
        else { return false }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ UInt8($0) != nil }) { return false }
        return !reservedPrefixes.contains { name.hasPrefix($0) } && !reservedSuffixes.contains { name.hasSuffix($0) }
    }

    static func check(_ name: String, variable: String) throws(PipelineError) {
        guard isValid(name) else {
            throw .invalidConfiguration(
                variable: variable, problem: "must hold S3 bucket names (3–63 of a–z, 0–9, '.', '-'; letter or digit at both ends)")
        }
    }
}

/// The forms SSE-KMS accepts for `x-amz-server-side-encryption-aws-kms-key-id`.
enum KMSKeyIdentifier {
    static func isValid(_ key: String) -> Bool {
        if isKeyID(key) || isAlias(key) { return true }
        // arn:PARTITION:kms:REGION:ACCOUNT:key/ID or …:alias/NAME
        let parts = key.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1].hasPrefix("aws"), parts[2] == "kms", !parts[3].isEmpty,
            parts[4].count == 12, parts[4].allSatisfy(\.isASCIIDigit)
        else { return false }
        let resource = String(parts[5])
        if resource.hasPrefix("key/") { return isKeyID(String(resource.dropFirst(4))) }
        return isAlias(resource)
    }

    /// A UUID (8-4-4-4-12 hex) or a multi-Region `mrk-` followed by 32 hex digits.
    private static func isKeyID(_ text: String) -> Bool {
        let hex = Set("0123456789abcdefABCDEF")
        if text.hasPrefix("mrk-") { return text.count == 36 && text.dropFirst(4).allSatisfy(hex.contains) }
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        return groups.map(\.count) == [8, 4, 4, 4, 12] && groups.allSatisfy { $0.allSatisfy(hex.contains) }
    }

    /// `alias/NAME`, NAME of letters, digits, `/`, `_`, `-` (1–250 characters).
    private static func isAlias(_ text: String) -> Bool {
        guard text.hasPrefix("alias/") else { return false }
        let name = text.dropFirst(6)
        return (1...250).contains(name.count)
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "/" || $0 == "_" || $0 == "-") }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
