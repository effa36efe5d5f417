import CurlHTTP
import Foundation
import LocalServices
import Testing

/// The function executable on its own: what it links, and how it ends when the Runtime API
/// is missing, unreachable, or Lambda sends SIGTERM.
@Suite(.serialized)
struct RuntimeProcessTests {
    /// Runs the fixture with `environment`, optionally signalling it, and returns its status and output.
    func runFixture(environment: [String: String], signalAfter delay: Duration? = nil) async throws -> (status: Int32, output: String) {
        let outcome = try await BlockingIO.run {
            try ProcessRunner.run(BuildProducts.path(of: "FixtureFunction"), environment: environment, terminateAfter: delay)
        }
        return (outcome.status, outcome.standardOutput + outcome.standardError)
    }

    @Test func functionBinaryLinksNeitherFoundationNorICU() throws {
        let libraries = try ProcessRunner.run("/usr/bin/ldd", arguments: [BuildProducts.path(of: "FixtureFunction")]).standardOutput
        #expect(libraries.contains("libcurl"), "sanity: ldd listed the libraries")
        for forbidden in ["libFoundation.so", "libFoundationInternationalization", "libicu", "libFoundationNetworking", "libNIO"] {
            #expect(!libraries.contains(forbidden), "\(forbidden) must not be linked into a function")
        }
    }

    @Test func missingRuntimeAPIExitsWithAClearMessage() async throws {
        let (status, output) = try await runFixture(environment: [:])
        #expect(status == 1)
        #expect(output.contains("AWS_LAMBDA_RUNTIME_API is not set"))
    }

    @Test func unreachableRuntimeAPIExitsWithAClearMessage() async throws {
        let port = try LoopbackPort.unused()
        let (status, output) = try await runFixture(environment: ["AWS_LAMBDA_RUNTIME_API": "127.0.0.1:\(port)"])
        #expect(status == 1)
        #expect(output.contains("FATAL\texiting: the Runtime API is unreachable: could not connect"))
    }

    @Test func sigtermEndsTheProcessCleanly() async throws {
        let listener = try LoopbackListener()  // accepts connections, never answers: /next waits forever
        let (status, output) = try await runFixture(
            environment: ["AWS_LAMBDA_RUNTIME_API": "127.0.0.1:\(listener.port)"],
            signalAfter: .milliseconds(300)
        )
        #expect(status == 0)
        #expect(output.contains("SIGTERM received: the execution environment is shutting down"))
    }
}

/// A loopback TCP socket that listens but never accepts: the kernel completes handshakes, so a
/// client's request simply waits.
final class LoopbackListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        port = try Self.bind(descriptor)
        guard listen(descriptor, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
    }

    deinit {
        close(descriptor)
    }

    private static func bind(_ descriptor: Int32) throws -> Int {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(descriptor, $0, length) }
        }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
