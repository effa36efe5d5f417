import AWSClients
import AWSSigV4
import CurlHTTP
import Foundation

/// A real moto server (`moto[server]`, pinned in scripts/requirements-test.txt) on a loopback
/// port: S3, Kinesis and Step Functions for the tests, the benchmarks and the local pipeline.
///
/// moto does not verify signatures; AWSSigV4's own tests are the proof of those.
public final class MotoServer: @unchecked Sendable {
    /// The port it listens on (127.0.0.1 only).
    public let port: Int
    private let process: ChildProcess
    private let lock = NSLock()

    /// `http://127.0.0.1:<port>`.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// One server per process, started on first use and killed when the process exits.
    public static func shared() throws -> MotoServer {
        try sharedServer.get()
    }

    private static let sharedServer: Result<MotoServer, any Error> = Result {
        let server = try MotoServer()
        sharedProcessID.withLock { $0 = server.process.processIdentifier }
        atexit {
            // SIGKILL: at exit there is no time to wait for moto's keep-alive threads.
            let pid = MotoServer.sharedProcessID.withLock { $0 }
            if pid > 0 { kill(pid, SIGKILL) }
        }
        return server
    }

    private static let sharedProcessID = NSLockedValue<Int32>(0)

    /// Starts a server and waits until it answers (at most 30 s).
    ///
    /// - Parameter lambdaEndpointPort: where moto's Step Functions send Lambda `Invoke` calls
    ///   (moto's `MOTO_PORT`): the emulator's port, so state machines run our functions.
    public init(toolchain: PythonToolchain? = nil, lambdaEndpointPort: Int? = nil) throws {
        let executable = try (toolchain ?? PythonToolchain.locate()).tool("moto_server")
        port = try LoopbackPort.unused()
        var environment = ProcessInfo.processInfo.environment
        if let lambdaEndpointPort { environment["MOTO_PORT"] = String(lambdaEndpointPort) }
        process = try ChildProcess(executable: executable, arguments: ["-H", "127.0.0.1", "-p", String(port)], environment: environment)
        let client = CurlHTTPClient()
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(30) {
            if let response = try? client.perform(HTTPRequest(method: .get, url: "\(endpoint)/moto-api/", timeout: .seconds(1))),
                response.status < 500
            {
                return
            }
            guard process.isRunning else { throw LocalServiceError("moto_server exited with status \(process.wait())") }
            usleep(100_000)
        }
        stop()
        throw LocalServiceError("moto_server did not answer on \(endpoint) within 30 s")
    }

    /// Stops the server and waits for it to exit.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        guard process.isRunning else { return }
        // moto exits on SIGTERM only once every keep-alive connection has closed; give it a
        // moment, then kill it.
        process.signal(SIGTERM)
        let started = ContinuousClock.now
        while process.isRunning, ContinuousClock.now - started < .seconds(2) { usleep(20_000) }
        process.signal(SIGKILL)
        process.wait()
    }

    deinit { stop() }

    /// The variables a function process needs to reach this server (moto accepts any credentials).
    public var awsEnvironment: [String: String] {
        [
            "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "session",
            "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL": endpoint,
        ]
    }

    /// A client configuration pointing every service at `endpoint` (this server or a proxy for it).
    public func configuration(endpoint: String? = nil) throws -> AWSConfiguration {
        var variables = awsEnvironment
        variables["AWS_ENDPOINT_URL"] = endpoint ?? self.endpoint
        return try AWSConfiguration.fromEnvironment { variables[$0] }
    }

    /// Makes moto execute state machines for real (its `execute_state_machine` setting) instead
    /// of only recording executions.
    public func enableStateMachineExecution() throws {
        let body = Array(#"{"stepfunctions":{"execute_state_machine":true}}"#.utf8)
        let response = try CurlHTTPClient().perform(
            HTTPRequest(method: .post, url: "\(endpoint)/moto-api/config", headers: ["Content-Type": "application/json"], body: body))
        guard (200..<300).contains(response.status) else {
            throw LocalServiceError("moto-api/config: HTTP \(response.status) \(response.bodyText)")
        }
    }

    /// Creates a bucket through moto's S3 API (signed like any request).
    public func createBucket(_ bucket: String) throws {
        try bucketRequest(.put, bucket: bucket, operation: "CreateBucket")
    }

    /// Makes the bucket send its object events to EventBridge (what the deployment template
    /// sets on the images bucket).
    public func enableEventBridgeNotifications(bucket: String) throws {
        let body =
            #"<NotificationConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><EventBridgeConfiguration/></NotificationConfiguration>"#
        try bucketRequest(
            .put, bucket: bucket, query: [("notification", "")], body: Array(body.utf8), operation: "PutBucketNotificationConfiguration")
    }

    /// Turns versioning on (what the deployment template sets on the images bucket): every
    /// upload then has its own version id, which names its submission (``StudySubmission``).
    public func enableVersioning(bucket: String) throws {
        let body =
            #"<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Status>Enabled</Status></VersioningConfiguration>"#
        try bucketRequest(.put, bucket: bucket, query: [("versioning", "")], body: Array(body.utf8), operation: "PutBucketVersioning")
    }

    /// One signed bucket-level S3 request (path style), expecting 200.
    private func bucketRequest(
        _ method: HTTPMethod, bucket: String, query: [(name: String, value: String)] = [], body: [UInt8] = [], operation: String
    ) throws {
        let configuration = try configuration()
        let signer = SigV4Signer(
            credentials: try configuration.credentialSource.current(), region: configuration.region, service: "s3", options: .s3)
        let host = "127.0.0.1:\(port)"
        let signed = try signer.sign(
            method: method.rawValue, path: "/\(bucket)", query: query, headers: [("Host", host)], payload: .bytes(body),
            date: Int(Date().timeIntervalSince1970))
        var headers = HTTPHeaders([("Host", host)])
        for header in signed.headers { headers.add(name: header.name, value: header.value) }
        let queryString = query.map { $0.value.isEmpty ? $0.name : "\($0.name)=\($0.value)" }.joined(separator: "&")
        let url = "\(endpoint)/\(bucket)" + (queryString.isEmpty ? "" : "?\(queryString)")
        let response = try CurlHTTPClient().perform(HTTPRequest(method: method, url: url, headers: headers, body: body))
        guard response.status == 200 else {
            throw LocalServiceError("\(operation) \(bucket): HTTP \(response.status) \(response.bodyText)")
        }
    }

    /// Creates a one-shard Kinesis stream and waits until it is ACTIVE.
    public func createStream(_ name: String) throws {
        let client = KinesisClient(configuration: try configuration())
        _ = try client.invoke("CreateStream", json: Array(#"{"StreamName":"\#(name)","ShardCount":1}"#.utf8))
        for _ in 0..<50 {
            let summary = try client.invoke("DescribeStreamSummary", json: Array(#"{"StreamName":"\#(name)"}"#.utf8))
            if String(decoding: summary, as: UTF8.self).contains("\"ACTIVE\"") { return }
            usleep(100_000)
        }
        throw LocalServiceError("stream \(name) did not become ACTIVE")
    }
}

/// A value behind an NSLock, for process-wide state read from C callbacks such as atexit.
final class NSLockedValue<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) {
        self.value = value
    }

    func withLock<R>(_ body: (inout Value) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
