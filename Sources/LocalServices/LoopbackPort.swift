import Foundation

/// Loopback ports for local servers: everything the tests and the local pipeline start binds to
/// 127.0.0.1 only.
public enum LoopbackPort {
    /// A port on 127.0.0.1 that was free a moment ago, chosen *below* the kernel's ephemeral
    /// range: outgoing connections take their local ports from that range, so a server that is
    /// stopped and restarted on its port (Triton in the fault tests) never finds it taken by some
    /// client's connection in between. Falls back to a kernel-chosen port.
    public static func unused() throws -> Int {
        let ephemeralStart = ephemeralRangeStart()
        if ephemeralStart > 12_000 {
            for _ in 0..<64 {
                let candidate = Int.random(in: 10_000..<ephemeralStart)
                if (try? bind(port: candidate)) != nil { return candidate }
            }
        }
        return try bind(port: 0)
    }

    /// Binds `port` (0: any) on 127.0.0.1, reads the port back and releases it.
    private static func bind(port: Int) throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw LocalServiceError("socket() failed: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw LocalServiceError("bind() on 127.0.0.1:\(port) failed: errno \(errno)") }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The first port of the kernel's ephemeral range (`net.ipv4.ip_local_port_range`).
    private static func ephemeralRangeStart() -> Int {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).first.flatMap { Int($0) } ?? 32_768
    }
}
