/// Why a local service (moto, Triton, the Python tools) could not be started or used. The
/// message says what to install or run.
public struct LocalServiceError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and what to do about it.
    public let description: String

    /// Creates an error with its message.
    public init(_ description: String) {
        self.description = description
    }
}
