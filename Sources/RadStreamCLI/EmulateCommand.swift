import ArgumentParser
import Foundation
import LambdaEmulator

/// `radstream emulate`: serve the Invoke API for one custom-runtime executable.
struct EmulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulate",
        abstract: "Run a custom-runtime executable (ours or not) as Lambda would, behind the RIE-style invoke endpoint.",
        discussion: """
            Invoke it with:
              curl -d '{}' http://127.0.0.1:9000/2015-03-31/functions/function/invocations
            The executable sees AWS_LAMBDA_RUNTIME_API and the other Lambda variables; its output and the
            START/END/REPORT lines are printed here. Stop with Ctrl-C.
            """
    )

    @Option(help: "Path of the bootstrap executable.")
    var bootstrap: String

    @Option(help: "Loopback port of the invoke endpoint.")
    var port = 9000

    @Option(help: "Function timeout in seconds; a function still running then is killed and restarted.")
    var timeout = 3.0

    @Option(help: "Memory size in MB reported to the function and in REPORT lines.")
    var memory = 128

    @Option(help: "Function name (also served at /2015-03-31/functions/<name>/invocations).")
    var name = "function"

    @Option(name: .customLong("env"), help: "Extra environment variable NAME=VALUE for the function (repeatable).")
    var environment: [String] = []

    @Option(help: "Forward every request that is not an invocation to this URL (e.g. moto), unchanged.")
    var upstream: String?

    @Option(help: "Execution environments serving the function at once (Lambda's scaling out).")
    var concurrency = 1

    @Option(
        help:
            "Invocations one environment handles at once (Lambda Managed Instances' PerExecutionEnvironmentMaxConcurrency, exported as AWS_LAMBDA_MAX_CONCURRENCY); beyond it the Invoke API answers 429."
    )
    var maxConcurrency = 1

    func validate() throws {
        guard FileManager.default.isExecutableFile(atPath: bootstrap) else {
            throw ValidationError("\(bootstrap) is not an executable file")
        }
        guard timeout > 0, timeout <= 900 else { throw ValidationError("--timeout must be in (0, 900] seconds") }
        guard (128...10240).contains(memory) else { throw ValidationError("--memory must be 128…10240 MB, as in Lambda") }
        // The CloudFormation schema's bounds for PerExecutionEnvironmentMaxConcurrency.
        guard (1...1600).contains(maxConcurrency) else { throw ValidationError("--max-concurrency must be 1…1600") }
    }

    func run() async throws {
        var variables: [String: String] = [:]
        for assignment in environment {
            guard let equals = assignment.firstIndex(of: "=") else {
                throw ValidationError("--env expects NAME=VALUE, got \(assignment)")
            }
            variables[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        var function = FunctionConfiguration(
            name: name,
            executablePath: URL(fileURLWithPath: bootstrap).standardizedFileURL.path,
            environment: variables,
            timeout: .milliseconds(Int(timeout * 1000)),
            memorySizeMB: memory
        )
        function.concurrency = concurrency
        function.maximumConcurrency = maxConcurrency
        let emulator = try await LambdaEmulator.start(functions: [function], invokePort: port, upstream: upstream)
        print("radstream emulate: \(bootstrap) at \(emulator.invokeURL(for: "function"))")
        await ShutdownSignal.wait()
        await emulator.shutdown()
    }
}

/// Waits for SIGINT or SIGTERM.
enum ShutdownSignal {
    static func wait() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        let sources = [SIGINT, SIGTERM].map { number in
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler { continuation.yield() }
            source.resume()
            return source
        }
        for await _ in stream { break }
        sources.forEach { $0.cancel() }
    }
}
