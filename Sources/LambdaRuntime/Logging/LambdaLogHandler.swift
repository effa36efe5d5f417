import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A swift-log handler that writes Lambda-format lines to standard output, where Lambda
/// collects them into CloudWatch Logs.
///
/// Each line is written unbuffered, with one `write(2)` call where the kernel takes it whole,
/// so nothing is lost when the environment is frozen or killed. Lines from several threads
/// stay whole only while a write is atomic: on a pipe (Lambda's stdout), writes of at most
/// `PIPE_BUF` (4096) bytes; a longer line may be split by the kernel into partial writes, and
/// another thread's line can land between the parts.
/// Every line carries the request id of the invocation in progress (``CurrentInvocation``).
public struct LambdaLogHandler: LogHandler {
    /// Metadata attached to every line from this handler.
    public var metadata: Logger.Metadata = [:]
    /// The least severe level written.
    public var logLevel: Logger.Level
    private let encoder: LogLineEncoder
    private let fileDescriptor: Int32

    /// Creates a handler writing `format` lines at `level` and above to `fileDescriptor`.
    public init(format: LambdaLogFormat, level: LambdaLogLevel, fileDescriptor: Int32 = STDOUT_FILENO) {
        encoder = LogLineEncoder(format: format)
        logLevel = level.minimumLoggerLevel
        self.fileDescriptor = fileDescriptor
    }

    /// Reads or replaces one metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata {
            merged.merge(extra) { _, new in new }
        }
        let line = encoder.encode(
            timestamp: .now(),
            level: LambdaLogLevel(event.level),
            requestID: CurrentInvocation.requestID,
            message: event.message.description,
            metadata: merged
        )
        StandardStream.write(line, to: fileDescriptor)
    }
}

/// Unbuffered, complete writes to a file descriptor.
enum StandardStream {
    static func write(_ text: String, to fileDescriptor: Int32) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                #if canImport(Glibc)
                    let written = Glibc.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #else
                    let written = Musl.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                #endif
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return  // a closed stdout must not take the function down
                }
            }
        }
    }
}
