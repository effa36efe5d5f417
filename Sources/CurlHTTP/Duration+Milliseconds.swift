extension Duration {
    /// The duration in fractional milliseconds: the unit of every timing this suite reports
    /// (REPORT lines, telemetry, benches). The one conversion; CurlHTTP is the lowest module
    /// that needs it (libcurl's timeouts), and everything that reports times builds on it.
    public var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    /// The duration in whole milliseconds, rounded up so a short timeout never becomes zero
    /// (which libcurl reads as "no timeout").
    var wholeMilliseconds: Int {
        Int(max(milliseconds.rounded(.up), 1))
    }
}
