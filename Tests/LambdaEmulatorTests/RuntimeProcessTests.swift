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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuildProducts.path(of: "FixtureFunction"))
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        if let delay {
            try await Task.sleep(for: delay)
            process.terminate()  // SIGTERM
        }
        let output = try await BlockingIOReader.readToEnd(pipe.fileHandleForReading)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    @Test func functionBinaryLinksNeitherFoundationNorICU() throws {
        let ldd = Process()
        ldd.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        ldd.arguments = [BuildProducts.path(of: "FixtureFunction")]
        let pipe = Pipe()
        ldd.standardOutput = pipe
        try ldd.run()
        let libraries = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        ldd.waitUntilExit()
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

/// Reads a pipe to its end without blocking the cooperative pool.
enum BlockingIOReader {
    static func readToEnd(_ handle: FileHandle) async throws -> String {
        nonisolated(unsafe) let handle = handle
        return try await CurlHTTP.BlockingIO.run {
            String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        }
    }
}
