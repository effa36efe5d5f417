import AWSClients
import AWSSigV4
import CurlHTTP
import Foundation
import Testing

/// The Python environment scripts/setup.sh prepares (moto[server] 5.2.5).
enum PythonEnvironment {
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }

    /// `moto_server` beside `RADSTREAM_PYTHON`, else in the repository's `.venv`.
    static func motoServer() throws -> String {
        let binFolder: String
        if let python = ProcessInfo.processInfo.environment["RADSTREAM_PYTHON"], !python.isEmpty {
            binFolder = URL(fileURLWithPath: python).deletingLastPathComponent().path
        } else {
            binFolder = "\(repositoryRoot)/.venv/bin"
        }
        let path = "\(binFolder)/moto_server"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TestSetupError(
                "moto_server not found at \(path): run scripts/setup.sh (it installs moto[server]==5.2.5 into .venv) or set RADSTREAM_PYTHON"
            )
        }
        return path
    }
}

/// A test-environment failure with a message saying what to do.
struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A free TCP port on 127.0.0.1 (bound, read, released).
func freeLoopbackPort() throws -> Int {
    let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socketFD >= 0 else { throw TestSetupError("socket() failed") }
    defer { close(socketFD) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0 else { throw TestSetupError("bind() failed") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// A real moto server on a loopback port, started from `.venv/bin/moto_server`.
final class MotoServer: @unchecked Sendable {
    let port: Int
    private let process: Process
    private let lock = NSLock()

    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// One server for the whole test run, started on first use and killed when the process exits.
    static let shared: Result<MotoServer, any Error> = Result {
        let server = try MotoServer()
        sharedProcessID = server.process.processIdentifier
        atexit {
            // SIGKILL: at exit there is no time to wait for moto's keep-alive threads.
            if sharedProcessID > 0 { kill(sharedProcessID, SIGKILL) }
        }
        return server
    }

    nonisolated(unsafe) static var sharedProcessID: Int32 = 0

    /// The shared server, or a test failure saying how to install moto.
    static func get() throws -> MotoServer {
        try shared.get()
    }

    /// Starts a server and waits until it answers (at most 30 s).
    init() throws {
        let executable = try PythonEnvironment.motoServer()
        port = try freeLoopbackPort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let client = CurlHTTPClient()
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(30) {
            if let response = try? client.perform(HTTPRequest(method: .get, url: "\(endpoint)/moto-api/", timeout: .seconds(1))),
                response.status < 500
            {
                return
            }
            guard process.isRunning else { throw TestSetupError("moto_server exited with status \(process.terminationStatus)") }
            usleep(100_000)
        }
        stop()
        throw TestSetupError("moto_server did not answer on \(endpoint) within 30 s")
    }

    /// Stops the server and waits for it to exit.
    func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard process.isRunning else { return }
        // moto exits on SIGTERM only once every keep-alive connection has closed; give it a
        // moment, then kill it.
        process.terminate()
        let started = ContinuousClock.now
        while process.isRunning, ContinuousClock.now - started < .seconds(2) { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }

    /// Configuration pointing every service at `endpoint` (moto accepts any credentials).
    static func configuration(endpoint: String) throws -> AWSConfiguration {
        try AWSConfiguration.fromEnvironment { name in
            [
                "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "session",
                "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint,
            ][name]
        }
    }
}

/// A unique bucket or stream name per test, so tests run in parallel against one server.
func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
}

/// Creates a bucket through moto's S3 API (signed like any request).
func createBucket(_ bucket: String, endpoint: String) throws {
    let configuration = try MotoServer.configuration(endpoint: endpoint)
    let signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region, service: "s3", options: .s3)
    let host = String(endpoint.dropFirst("http://".count))
    let signed = try signer.sign(
        method: "PUT", path: "/\(bucket)", headers: [("Host", host)], payload: .empty, date: Int(Date().timeIntervalSince1970))
    var headers = HTTPHeaders([("Host", host)])
    for header in signed.headers { headers.add(name: header.name, value: header.value) }
    let response = try CurlHTTPClient().perform(HTTPRequest(method: .put, url: "\(endpoint)/\(bucket)", headers: headers))
    guard response.status == 200 else { throw TestSetupError("CreateBucket \(bucket): HTTP \(response.status) \(response.bodyText)") }
}

/// Creates a one-shard stream through the Kinesis JSON API and waits until it is ACTIVE.
func createStream(_ name: String, client: KinesisClient) throws {
    _ = try client.invoke("CreateStream", json: Array(#"{"StreamName":"\#(name)","ShardCount":1}"#.utf8))
    for _ in 0..<50 {
        let summary = try client.invoke("DescribeStreamSummary", json: Array(#"{"StreamName":"\#(name)"}"#.utf8))
        if String(decoding: summary, as: UTF8.self).contains("\"ACTIVE\"") { return }
        usleep(100_000)
    }
    throw TestSetupError("stream \(name) did not become ACTIVE")
}

/// Random bytes from the system generator.
func randomBytes(_ count: Int) -> [UInt8] {
    var generator = SystemRandomNumberGenerator()
    var bytes = [UInt8](repeating: 0, count: count)
    var index = 0
    while index < count {
        var word = generator.next() as UInt64
        for _ in 0..<8 where index < count {
            bytes[index] = UInt8(truncatingIfNeeded: word)
            word >>= 8
            index += 1
        }
    }
    return bytes
}
