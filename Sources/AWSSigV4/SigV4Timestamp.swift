#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The two date forms SigV4 uses, derived from seconds since the Unix epoch (UTC).
public struct SigV4Timestamp: Sendable, Equatable {
    /// `yyyyMMdd'T'HHmmss'Z'`, the value of `X-Amz-Date` and the second line of the string to sign.
    public let amzDate: String
    /// `yyyyMMdd`, the date part of the credential scope.
    public let dateStamp: String

    /// Formats `secondsSinceEpoch` in UTC with `gmtime_r`.
    public init(secondsSinceEpoch: Int) {
        var time = time_t(secondsSinceEpoch)
        var parts = tm()
        _ = gmtime_r(&time, &parts)
        let year = Int(parts.tm_year) + 1900
        let date =
            Self.padded(year, 4) + Self.padded(Int(parts.tm_mon) + 1, 2) + Self.padded(Int(parts.tm_mday), 2)
        let clock =
            Self.padded(Int(parts.tm_hour), 2) + Self.padded(Int(parts.tm_min), 2) + Self.padded(Int(parts.tm_sec), 2)
        self.dateStamp = date
        self.amzDate = date + "T" + clock + "Z"
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
