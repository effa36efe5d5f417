import CurlHTTP
import Foundation
import LambdaEmulator

/// A real Triton Inference Server started by NVIDIA PyTriton (`nvidia-pytriton`, pinned in
/// scripts/requirements-triton.txt) on loopback, serving `Tests/Fixtures/triton/serve_model.py`:
/// the deterministic `radstream_classifier` model the inference tests check exactly.
///
/// HTTP, gRPC and metrics listen on 127.0.0.1 only (free ports chosen here); PyTriton's Unix
/// sockets live in a workspace folder this type owns and removes. The server runs in a process
/// group of its own (Python → tritonserver → the Python backend stub → the model proxy), so
/// ``stop()`` can end every member: SIGTERM to the group, then SIGKILL after a grace period.
public final class TritonServer: @unchecked Sendable {
    /// The model the fixture serves, its version and tensor names.
    public enum FixtureModel {
        /// `radstream_classifier`.
        public static let name = "radstream_classifier"
        /// `"1"`.
        public static let version = "1"
        /// `INPUT__0`: FP32 `[batch, 3, 224, 224]`, batch at most 8.
        public static let input = "INPUT__0"
        /// `OUTPUT__0`: FP32 `[batch, 4]`.
        public static let output = "OUTPUT__0"
    }

    /// The HTTP port (KServe v2 REST) on 127.0.0.1.
    public let httpPort: Int
    /// The gRPC port on 127.0.0.1 (bound as `[::ffff:127.0.0.1]` by Triton).
    public let grpcPort: Int
    /// The Prometheus metrics port on 127.0.0.1.
    public let metricsPort: Int
    /// `http://127.0.0.1:<httpPort>`.
    public var endpoint: String { "http://127.0.0.1:\(httpPort)" }
    /// How long the last start took: spawn → the fixture model's `…/versions/1/ready` answered
    /// 200. (`/v2/health/ready` answers 200 earlier, before PyTriton has loaded the model.)
    public var lastStartupDuration: Duration { lock.withLock { startupDuration } }

    private let python: String
    private let script: String
    private let credential: String?
    private let folder: String
    private let lock = NSLock()
    private var processID: pid_t = 0
    private var startupDuration: Duration = .zero

    /// One server per test process, started on first use and killed when the process exits.
    public static func shared() throws -> TritonServer {
        try sharedServer.get()
    }

    private static let sharedServer: Result<TritonServer, any Error> = Result { try TritonServer() }

    /// Every running server's process group and folder. At exit they are stopped the same way
    /// ``stop()`` does it: SIGKILL alone would leave PyTriton's shared memory in /dev/shm.
    private static let liveServers: NSLockedValue<[pid_t: String]> = {
        atexit {
            for (group, folder) in TritonServer.liveServers.withLock({ $0 }) {
                TritonServer.terminate(group: group, reaped: false)
                try? FileManager.default.removeItem(atPath: folder)
            }
        }
        return NSLockedValue([:])
    }()

    /// Chooses free loopback ports and starts the server (waits until it is ready, at most
    /// `startupTimeout`).
    ///
    /// - Parameters:
    ///   - python: An interpreter with `nvidia-pytriton`; `RADSTREAM_TRITON_PYTHON`, else
    ///     `.venv-triton/bin/python` in the current folder or the repository.
    ///   - credential: When set, Triton refuses metadata and inference requests (and the other
    ///     non-health APIs PyTriton does not need itself) without
    ///     `X-RadStream-Inference-Credential: <credential>`: `--http-restricted-api`, the flag
    ///     `deploy/k8s` gives the deployed server. Passed in the environment, not on a command line.
    /// - Throws: ``LocalServiceError`` saying what to install or run, with the server's log tail.
    public init(python: String? = nil, startupTimeout: Duration = .seconds(90), credential: String? = nil) throws {
        self.python = try python ?? Self.locatePython()
        self.credential = credential
        script = PythonToolchain.repositoryRoot + "/Tests/Fixtures/triton/serve_model.py"
        guard FileManager.default.fileExists(atPath: script) else { throw LocalServiceError("missing \(script)") }
        httpPort = try LoopbackPort.unused()
        grpcPort = try LoopbackPort.unused()
        metricsPort = try LoopbackPort.unused()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("radstream-triton-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        do {
            try start(timeout: startupTimeout)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The file the model reads before every inference: milliseconds to sleep first.
    private var delayFile: String { "\(folder)/inference-delay-ms" }

    /// Makes every inference from now on take at least `delay` longer (`.zero`: back to normal),
    /// while the server keeps running: a slow Triton, for fault-injection tests.
    public func setInferenceDelay(_ delay: Duration) throws {
        try String(Int(delay.milliseconds)).write(toFile: delayFile, atomically: true, encoding: .utf8)
    }

    /// The file the model reads before every inference: how many of the next inferences fail.
    private var failureFile: String { "\(folder)/inference-failures" }

    /// Makes the next `count` inferences raise in the model (Triton answers them with HTTP 500,
    /// `TRITONSERVER_ERROR_INTERNAL`), while the server keeps running: a backend that fails for a
    /// while, for fault-injection tests.
    public func failNextInferences(_ count: Int) throws {
        try String(count).write(toFile: failureFile, atomically: true, encoding: .utf8)
    }

    /// The file read at start-up: how many logits the fixture model returns (4 when absent).
    private var outputsFile: String { "\(folder)/model-outputs" }

    /// From the next ``start(timeout:)`` on, serves the fixture model with `count` outputs
    /// (`OUTPUT__0` FP32 [batch, count]; the first four logits as before): an updated model
    /// behind the same name and version, for tests of cached metadata.
    public func setModelOutputs(_ count: Int) throws {
        try String(count).write(toFile: outputsFile, atomically: true, encoding: .utf8)
    }

    /// Starts the server again on the same ports after ``stop()`` (a no-op while it runs).
    public func start(timeout: Duration = .seconds(90)) throws {
        lock.lock()
        defer { lock.unlock() }
        guard processID == 0 else { return }
        let workspace = "\(folder)/workspace"
        try? FileManager.default.removeItem(atPath: workspace)
        let started = ContinuousClock.now
        let pid = try Self.spawnInNewProcessGroup(
            [
                python, "-u", script, String(httpPort), String(grpcPort), String(metricsPort), workspace, delayFile, failureFile,
                outputsFile,
            ],
            environment: credential.map { ["RADSTREAM_TRITON_CREDENTIAL": $0] } ?? [:], log: "\(folder)/server.log")
        processID = pid
        Self.liveServers.withLock { $0[pid] = folder }
        let client = CurlHTTPClient(configuration: .init(connectTimeout: .milliseconds(500)))
        while ContinuousClock.now - started < timeout {
            let modelReady = "\(endpoint)/v2/models/\(FixtureModel.name)/versions/\(FixtureModel.version)/ready"
            if let response = try? client.perform(HTTPRequest(method: .get, url: modelReady, timeout: .seconds(1))),
                response.status == 200
            {
                startupDuration = ContinuousClock.now - started
                return
            }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                processID = 0
                Self.terminate(group: pid, reaped: true)
                Self.liveServers.withLock { $0[pid] = nil }
                throw LocalServiceError(
                    "PyTriton exited (\(Self.describe(waitStatus: status))) before it was ready; run scripts/setup.sh (needs nvidia-pytriton in .venv-triton). Log:\n\(logTail())"
                )
            }
            usleep(50_000)
        }
        stopLocked()
        throw LocalServiceError("PyTriton was not ready on \(endpoint) within \(timeout). Log:\n\(logTail())")
    }

    /// Stops every process of the server (SIGTERM, then SIGKILL after 5 s) and removes its
    /// shared-memory regions; waits until they are gone. Safe to call twice.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        stopLocked()
    }

    /// The last lines of the server's output, for failure messages.
    public func logTail(lines: Int = 30) -> String {
        let text = (try? String(contentsOfFile: "\(folder)/server.log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    private func stopLocked() {
        guard processID > 0 else { return }
        let pid = processID
        processID = 0
        Self.terminate(group: pid, reaped: false)
        Self.liveServers.withLock { $0[pid] = nil }
        try? FileManager.default.removeItem(atPath: "\(folder)/workspace")
    }

    /// Ends process group `group` (led by PyTriton, our child): SIGTERM lets Triton and the
    /// model proxy release their shared memory; whatever is left after 5 s gets SIGKILL. Returns
    /// once no member remains, so the ports are free for a restart.
    private static func terminate(group: pid_t, reaped alreadyReaped: Bool) {
        var reaped = alreadyReaped
        func reap(blocking: Bool) {
            guard !reaped else { return }
            var status: Int32 = 0
            reaped = waitpid(group, &status, blocking ? 0 : WNOHANG) == group
        }
        // The group is gone once no member remains (the children are reparented, not ours to
        // reap; a zombie leader still counts as a member until reaped).
        func groupIsGone() -> Bool { kill(-group, 0) != 0 && errno == ESRCH }
        kill(-group, SIGTERM)
        let started = ContinuousClock.now
        while ContinuousClock.now - started < .seconds(5) {
            reap(blocking: false)
            if groupIsGone() { break }
            usleep(20_000)
        }
        if !groupIsGone() {
            kill(-group, SIGKILL)
            reap(blocking: true)
            let killed = ContinuousClock.now
            while !groupIsGone(), ContinuousClock.now - killed < .seconds(2) { usleep(10_000) }
        }
        reap(blocking: true)
        // The Python backend names its shared memory after PyTriton's process id; a killed model
        // proxy may also leave Python `psm_*` segments, which carry no owner and are left alone.
        let prefix = "pytrtion\(group)-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/dev/shm")) ?? [] where name.hasPrefix(prefix) {
            try? FileManager.default.removeItem(atPath: "/dev/shm/\(name)")
        }
    }

    /// "exit code N" or "signal N" for a `waitpid` status.
    private static func describe(waitStatus status: Int32) -> String {
        status & 0x7F == 0 ? "exit code \((status >> 8) & 0xFF)" : "signal \(status & 0x7F)"
    }

    /// `argv[0]` of a Python with PyTriton.
    static func locatePython() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["RADSTREAM_TRITON_PYTHON"], !configured.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: configured) else {
                throw LocalServiceError("RADSTREAM_TRITON_PYTHON=\(configured) is not an executable")
            }
            return configured
        }
        for root in [FileManager.default.currentDirectoryPath, PythonToolchain.repositoryRoot] {
            let candidate = "\(root)/.venv-triton/bin/python"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw LocalServiceError(
            "no PyTriton environment: run scripts/setup.sh (creates .venv-triton with nvidia-pytriton) or set RADSTREAM_TRITON_PYTHON")
    }

    /// Started through ``ProcessSpawning`` in a process group of its own (without one Triton's
    /// grandchildren outlive a stop), stdout and stderr into one log; `extra` is added to this
    /// process's environment.
    private static func spawnInNewProcessGroup(_ arguments: [String], environment extra: [String: String], log: String) throws -> pid_t {
        do {
            return try ProcessSpawning.spawn(
                executable: arguments[0], arguments: Array(arguments.dropFirst()),
                environment: ProcessInfo.processInfo.environment.merging(extra) { _, added in added }
            ) { actions in
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
                posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                posix_spawn_file_actions_adddup2(&actions, 1, 2)
            }
        } catch {
            throw LocalServiceError(error.description)
        }
    }
}
