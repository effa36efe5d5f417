import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// A Hummingbird application on a free loopback port that shuts down gracefully: the listener
/// closes, the connections already accepted are served and closed, then the server ends.
///
/// Cancelling a Hummingbird server's task instead can trap in NIO ("Deinited NIOAsyncWriter
/// without calling finish()") when a connection was accepted but not yet handed to the accept
/// loop: the cancelled loop drops it unfinished (apple/swift-nio#2813; the maintainers' advice is
/// a graceful shutdown). A handler that is still busy gets ``gracePeriod``; then the server is
/// cancelled, which is safe by then because nothing can be accepted any more.
public final class LoopbackHTTPServer: Sendable {
    /// The server could not listen on its address.
    public struct CouldNotListen: Error, Equatable, CustomStringConvertible {
        public var description: String { "the loopback server could not listen on 127.0.0.1" }
    }

    /// The port it listens on, on 127.0.0.1.
    public let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, Never>

    /// How long a shutdown waits for busy handlers before cancelling them, by default.
    public static let gracePeriod = Duration.seconds(15)

    private init(port: Int, group: ServiceGroup, task: Task<Void, Never>) {
        self.port = port
        self.group = group
        self.task = task
    }

    /// Builds the application with `makeApplication`, which must listen on `127.0.0.1` (port 0
    /// for a free one) and pass `onServerRunning` to it, and runs it. A shutdown waits up to
    /// `gracePeriod` for busy handlers.
    ///
    /// - Throws: ``CouldNotListen`` when it cannot listen.
    public static func start(
        logger: Logger = Logger(label: "radstream.loopback-server") { _ in SwiftLogNoOpLogHandler() },
        gracePeriod: Duration = LoopbackHTTPServer.gracePeriod,
        _ makeApplication: (_ onServerRunning: @escaping @Sendable (any Channel) async -> Void) -> any Service
    ) async throws(CouldNotListen) -> LoopbackHTTPServer {
        let ports = AsyncStream<Int>.makeStream()
        let application = makeApplication { channel in ports.continuation.yield(channel.localAddress?.port ?? 0) }
        var configuration = ServiceGroupConfiguration(services: [.init(service: application)], logger: logger)
        configuration.maximumGracefulShutdownDuration = gracePeriod
        let group = ServiceGroup(configuration: configuration)
        let task = Task {
            do {
                try await group.run()
            } catch {
                ports.continuation.yield(-1)
            }
            ports.continuation.finish()
        }
        var iterator = ports.stream.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            await group.triggerGracefulShutdown()
            await task.value
            throw CouldNotListen()
        }
        return LoopbackHTTPServer(port: port, group: group, task: task)
    }

    /// Runs `body` with a server started as by ``start(logger:_:)``, then shuts it down, also
    /// when `body` throws.
    public static func serving<Result>(
        _ makeApplication: (_ onServerRunning: @escaping @Sendable (any Channel) async -> Void) -> any Service,
        _ body: (LoopbackHTTPServer) async throws -> Result
    ) async throws -> Result {
        let server = try await start(makeApplication)
        let result: Swift.Result<Result, any Error>
        do {
            result = .success(try await body(server))
        } catch {
            result = .failure(error)
        }
        await server.shutdown()
        return try result.get()
    }

    /// Shuts the server down gracefully and waits until it has ended.
    public func shutdown() async {
        await group.triggerGracefulShutdown()
        await task.value
    }
}
