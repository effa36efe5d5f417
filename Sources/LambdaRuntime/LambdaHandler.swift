/// A function that takes a JSON event and returns a JSON result.
///
/// The runtime decodes `Event` from the invocation payload and encodes `Output` as the
/// response. A thrown ``LambdaFunctionError`` is reported with its `errorType`, which Step
/// Functions' Retry and Catch match on.
///
/// A handler runs one invocation at a time on its runtime worker's thread, and may block: the
/// suite's I/O (libcurl) is blocking by design, so no concurrency runtime is started for
/// nothing. A Lambda Managed Instances environment (`AWS_LAMBDA_MAX_CONCURRENCY` above 1) has
/// that many workers, each with a handler of its own (built by ``LambdaRuntime``'s factory); one handler
/// is never called from two threads.
public protocol LambdaHandler {
    /// The decoded event.
    associatedtype Event: Decodable
    /// The encoded result.
    associatedtype Output: Encodable

    /// Handles one invocation.
    func handle(_ event: Event, context: LambdaContext) throws -> Output
}

/// A function that works on the raw payload bytes, without JSON decoding.
public protocol LambdaBytesHandler {
    /// Handles one invocation; the returned bytes are the response payload.
    func handle(_ event: [UInt8], context: LambdaContext) throws -> [UInt8]
}

/// Adapts a closure to ``LambdaHandler``.
public struct LambdaClosureHandler<Event: Decodable, Output: Encodable>: LambdaHandler {
    private let body: (Event, LambdaContext) throws -> Output

    /// Wraps `body`.
    public init(_ body: @escaping (Event, LambdaContext) throws -> Output) {
        self.body = body
    }

    public func handle(_ event: Event, context: LambdaContext) throws -> Output {
        try body(event, context)
    }
}
