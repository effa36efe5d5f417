#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Finds the CA bundle for TLS verification at run time, so one static binary works on
/// Amazon Linux and Debian alike.
public enum CertificateBundle {
    /// Candidate locations, most specific first: Amazon Linux / RHEL, then Debian / Ubuntu,
    /// then Alpine / SUSE.
    public static let wellKnownPaths = [
        "/etc/pki/tls/certs/ca-bundle.crt",
        "/etc/ssl/certs/ca-certificates.crt",
        "/etc/ssl/cert.pem",
        "/etc/ssl/ca-bundle.pem",
    ]

    /// The bundle to use: `SSL_CERT_FILE` if set, else the first readable well-known path,
    /// else `nil` (libcurl then uses its compiled-in default).
    public static func locate(environment: [String: String]? = nil) -> String? {
        let override = environment.map { $0["SSL_CERT_FILE"] } ?? getenv("SSL_CERT_FILE").map { String(cString: $0) }
        if let override, !override.isEmpty { return override }
        return wellKnownPaths.first { access($0, R_OK) == 0 }
    }
}
