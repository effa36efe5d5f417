import Hummingbird
import Logging
import LoopbackHTTP
import NIOCore

/// Runs `bootstrap` executables as Lambda does and serves the Invoke API for them.
///
/// Each function gets its execution environments (one unless ``FunctionConfiguration/concurrency``
/// says more), each with a Runtime API server on a loopback port; the invoke endpoint forwards
/// to the least busy. Use ``start(functions:invokePort:logSink:upstream:)``,
/// invoke over HTTP or with ``invoke(_:payload:)``, and ``shutdown()`` when done.
public final class LambdaEmulator: Sendable {
    /// The address of the Invoke API, `http://127.0.0.1:<port>`.
    public let invokeEndpoint: String
    /// The port of the Invoke API.
    public let invokePort: Int
    private let pools: [String: FunctionPool]
    /// Every execution environment's Runtime API, then the Invoke API: shut down gracefully, as
    /// cancelling a Hummingbird server can trap in NIO (``LoopbackHTTPServer``).
    private let servers: [LoopbackHTTPServer]

    private init(invokePort: Int, pools: [String: FunctionPool], servers: [LoopbackHTTPServer]) {
        self.invokePort = invokePort
        invokeEndpoint = "http://127.0.0.1:\(invokePort)"
        self.pools = pools
        self.servers = servers
    }

    /// Starts the Runtime API servers and the Invoke API; functions start on first invoke.
    ///
    /// - Parameters:
    ///   - invokePort: the Invoke API's loopback port; 0 picks a free one.
    ///   - logSink: receives function output and START/END/REPORT lines.
    ///   - upstream: where every request that is not an invocation goes, unchanged
    ///     (`http://127.0.0.1:<moto>`), so the emulator can stand in for moto's Lambda.
    public static func start(
        functions: [FunctionConfiguration],
        invokePort: Int = 0,
        logSink: EmulatorLogSink = .standardOutput,
        upstream: String? = nil
    ) async throws -> LambdaEmulator {
        var pools: [String: FunctionPool] = [:]
        for function in functions {
            pools[function.name] = FunctionPool(configuration: function, logSink: logSink.attributed(to: function.name))
        }
        // Every execution environment has a Runtime API of its own, as in Lambda.
        let environments = pools.values.flatMap(\.environments)
        let serverLogger = Logger(label: "radstream.emulator") { _ in SwiftLogNoOpLogHandler() }
        var servers: [LoopbackHTTPServer] = []
        func serve(_ router: Router<BasicRequestContext>, port: Int) async throws(EmulatorError) -> LoopbackHTTPServer {
            do {
                let server = try await LoopbackHTTPServer.start(logger: serverLogger) { onServerRunning in
                    Application(
                        router: router,
                        configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
                        onServerRunning: onServerRunning,
                        logger: serverLogger)
                }
                servers.append(server)
                return server
            } catch {
                for server in servers { await server.shutdown() }
                throw .couldNotListen(port: port)
            }
        }
        for environment in environments {
            let server = try await serve(RuntimeAPIRouter.make(for: environment), port: 0)
            await environment.setRuntimeAPIAddress("127.0.0.1:\(server.port)")
        }
        let invokeServer = try await serve(
            InvokeRouter.make(functions: pools, defaultFunction: functions.first?.name, upstream: upstream), port: invokePort)
        return LambdaEmulator(invokePort: invokeServer.port, pools: pools, servers: servers)
    }

    /// Invokes `function` directly, without going through HTTP.
    public func invoke(_ function: String, payload: [UInt8]) async throws -> InvocationResult {
        guard let pool = pools[function] else { throw EmulatorError.unknownFunction(function) }
        return await pool.invoke(payload: payload)
    }

    /// The Invoke API URL for `function`.
    public func invokeURL(for function: String) -> String {
        "\(invokeEndpoint)/2015-03-31/functions/\(function)/invocations"
    }

    /// The `host:port` of `function`'s (first environment's) Runtime API, for running a runtime
    /// by hand against it.
    public func runtimeAPIAddress(for function: String) async -> String? {
        await pools[function]?.environments[0].runtimeAPIAddressForClients
    }

    /// The process ids of `function`'s running execution environments: for tools that
    /// profile or measure the function processes themselves.
    public func processIdentifiers(of function: String) async -> [Int32] {
        var identifiers: [Int32] = []
        for environment in pools[function]?.environments ?? [] {
            if let pid = await environment.processIdentifier { identifiers.append(pid) }
        }
        return identifiers
    }

    /// The process id of the function's first execution environment, once it has started.
    public func processIdentifier(of function: String) async -> Int32? {
        await pools[function]?.environments[0].processIdentifier
    }

    /// Kills every function process, then shuts the servers down gracefully: the requests
    /// they are answering end first (a runtime's parked `GET /next` ends with its process).
    public func shutdown() async {
        for pool in pools.values {
            await pool.shutdown()
        }
        await withTaskGroup(of: Void.self) { group in
            for server in servers { group.addTask { await server.shutdown() } }
        }
    }
}

/// Why the emulator could not do what was asked.
public enum EmulatorError: Error, Equatable, CustomStringConvertible {
    /// A server could not bind its loopback port.
    case couldNotListen(port: Int)
    /// No function of that name is configured.
    case unknownFunction(String)

    public var description: String {
        switch self {
        case .couldNotListen(let port): "could not listen on 127.0.0.1:\(port)"
        case .unknownFunction(let name): "no function named \(name)"
        }
    }
}
