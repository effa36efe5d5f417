import CurlHTTP
import Foundation
import LambdaEmulator
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A function process must not inherit the emulator's sockets. SwiftNIO accepts connections
/// without `SOCK_CLOEXEC`: a function (re)started while a caller's connection was open kept a
/// copy of it (and of the emulator's listening sockets), so a full close by the emulator sent
/// no FIN and the connection lived on, in CLOSE_WAIT, for as long as the function did.
@Suite(.serialized)
struct InheritedConnectionTests {
    @Test func aRestartedFunctionHoldsNoCopyOfTheCallersConnection() async throws {
        try await withEmulator([fixture()]) { emulator, _ in
            let address = try #require(URL(string: emulator.invokeURL(for: "fixture")))
            let path = address.path
            let port = try #require(address.port)
            let connection = try RawConnection(port: port)
            let (crashed, answered) = try await BlockingIO.run {
                // 1. The first invocation starts the function, which exits: Runtime.ExitError.
                let crashed = try connection.exchange(Self.request(path: path, body: #"{"action":"exit"}"#))
                // 2. On the same kept-alive connection, the next invocation restarts the function
                //    while this connection is open.
                let answered = try connection.exchange(Self.request(path: path, body: #"{"action":"echo"}"#))
                return (crashed, answered)
            }
            #expect(crashed.contains("Runtime.ExitError"))
            #expect(answered.hasPrefix("HTTP/1.1 200"))
            let function = try #require(await emulator.processIdentifier(of: "fixture"))
            let functionSockets = Self.socketInodes(of: "\(function)")
            #expect(!functionSockets.isEmpty, "the function's own Runtime API connection")
            // The emulator runs in this process: a socket inode open in both is an inherited copy
            // (the caller's connection, a listener, a Runtime API connection's server side).
            let shared = functionSockets.intersection(Self.socketInodes(of: "self"))
            #expect(shared.isEmpty, "the function holds copies of the emulator's sockets: \(shared.sorted())")
            withExtendedLifetime(connection) {}
        }
    }

    static func request(path: String, body: String) -> String {
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    /// The `socket:[inode]` targets of a process's descriptors (`self` for this process).
    static func socketInodes(of process: String) -> Set<String> {
        let folder = "/proc/\(process)/fd"
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return Set(
            descriptors.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "\(folder)/\($0)") }
                .filter { $0.hasPrefix("socket:") })
    }
}

/// A blocking loopback TCP connection that reads one `Content-Length` response at a time, on a
/// connection the test controls (a higher-level client would pool and hide it).
/// Used by one thread at a time (the test hands it to one blocking thread, then waits).
final class RawConnection: @unchecked Sendable {
    let descriptor: Int32
    private var buffered: [UInt8] = []

    init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    deinit {
        close(descriptor)
    }

    /// Sends `request` and returns the whole response (head and body) as text.
    func exchange(_ request: String) throws -> String {
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw POSIXError(.EPIPE) }
            sent += count
        }
        let separator = Array("\r\n\r\n".utf8)
        while true {
            if let end = buffered.firstRange(of: separator)?.upperBound {
                let head = String(decoding: buffered[..<end], as: UTF8.self)
                let length =
                    head.split(separator: "\r\n")
                    .first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                if buffered.count >= end + length {
                    let response = String(decoding: buffered[..<(end + length)], as: UTF8.self)
                    buffered.removeSubrange(..<(end + length))
                    return response
                }
            }
            guard try receive(timeoutMilliseconds: 10_000) > 0 else { throw POSIXError(.ECONNRESET) }
        }
    }

    /// Reads what is available into the buffer: the byte count, 0 at end-of-file.
    private func receive(timeoutMilliseconds: Int32) throws -> Int {
        var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, timeoutMilliseconds) > 0 else { throw POSIXError(.ETIMEDOUT) }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count >= 0 else { throw POSIXError(.ECONNRESET) }
        buffered += chunk[..<count]
        return count
    }
}
