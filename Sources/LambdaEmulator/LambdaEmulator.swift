import Hummingbird
import Logging
import NIOCore

/// Runs `bootstrap` executables as Lambda does and serves the Invoke API for them.
///
/// Each function gets its execution environments (one unless ``FunctionConfiguration/concurrency``
/// says more), each with a Runtime API server on a loopback port; the invoke endpoint forwards
/// to the least busy. Use ``start(functions:invokePort:logSink:)``,
/// invoke over HTTP or with ``invoke(_:payload:)``, and ``shutdown()`` when done.
public final class LambdaEmulator: Sendable {
    /// The address of the Invoke API, `http://127.0.0.1:<port>`.
    public let invokeEndpoint: String
    /// The port of the Invoke API.
    public let invokePort: Int
    private let pools: [String: FunctionPool]
    private let servers: Task<Void, Never>

    private init(invokePort: Int, pools: [String: FunctionPool], servers: Task<Void, Never>) {
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
        let ports = AsyncStream<(Int?, Int)>.makeStream()
        let serverLogger = Logger(label: "radstream.emulator") { _ in SwiftLogNoOpLogHandler() }
        // nil names the Invoke API; every other entry is one environment's Runtime API.
        let applications: [(environment: Int?, port: Int)] = environments.indices.map { ($0, 0) } + [(nil, invokePort)]
        let defaultFunction = functions.first?.name
        let frozenPools = pools

        let servers = Task {
            await withTaskGroup(of: Void.self) { group in
                for (environment, port) in applications {
                    group.addTask {
                        let router =
                            if let environment {
                                RuntimeAPIRouter.make(for: environments[environment])
                            } else {
                                InvokeRouter.make(functions: frozenPools, defaultFunction: defaultFunction, upstream: upstream)
                            }
                        let application = Application(
                            router: router,
                            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
                            onServerRunning: { channel in ports.continuation.yield((environment, channel.localAddress?.port ?? 0)) },
                            logger: serverLogger
                        )
                        do {
                            try await application.runService(gracefulShutdownSignals: [])
                        } catch {
                            ports.continuation.yield((environment, -1))
                        }
                    }
                }
            }
        }

        var invokePortBound: Int?
        var started = 0
        for await (environment, port) in ports.stream {
            guard port > 0 else {
                servers.cancel()
                throw EmulatorError.couldNotListen(port: environment == nil ? invokePort : 0)
            }
            if let environment {
                await environments[environment].setRuntimeAPIAddress("127.0.0.1:\(port)")
            } else {
                invokePortBound = port
            }
            started += 1
            if started == applications.count { break }
        }
        guard let invokePortBound else { throw EmulatorError.couldNotListen(port: invokePort) }
        return LambdaEmulator(invokePort: invokePortBound, pools: pools, servers: servers)
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

    /// Kills every function process and stops the servers.
    public func shutdown() async {
        for pool in pools.values {
            await pool.shutdown()
        }
        servers.cancel()
        await servers.value
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
