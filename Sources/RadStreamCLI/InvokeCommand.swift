import ArgumentParser
import Foundation
import LambdaEmulator

/// `radstream invoke`: run one function executable once under the emulator.
struct InvokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invoke",
        abstract:
            "Run one function's bootstrap once under the emulator with an event file, against whatever endpoints the environment names.",
        discussion: """
            The function inherits this environment (AWS_ENDPOINT_URL, credentials, settings). Prints the response on
            stdout, the function's log and REPORT line on stderr; exits 1 if the function failed.
            """
    )

    @Argument(help: "The function (ValidateMetadata, PrepareTensors, …), looked up beside this executable unless --bootstrap is given.")
    var function: String

    @Option(help: "The event JSON file.")
    var event: String

    @Option(help: "Path of the bootstrap executable (default: the function's executable beside radstream).")
    var bootstrap: String?

    @Option(help: "Function timeout in seconds.")
    var timeout = 30.0

    @Option(help: "Memory size in MB.")
    var memory = 512

    func run() async throws {
        guard let payload = FileManager.default.contents(atPath: event) else { throw ValidationError("cannot read \(event)") }
        let executable =
            bootstrap
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
            .appending(path: function).path
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ValidationError("\(executable) is not an executable: build it (swift build --product \(function)) or pass --bootstrap")
        }
        let logSink = EmulatorLogSink { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        let emulator = try await LambdaEmulator.start(
            functions: [
                FunctionConfiguration(
                    name: function, executablePath: executable, timeout: .milliseconds(Int(timeout * 1000)), memorySizeMB: memory)
            ],
            logSink: logSink
        )
        let result = try await emulator.invoke(function, payload: Array(payload))
        await emulator.shutdown()
        print(result.payloadText)
        if result.isError { throw ExitCode(1) }
    }
}
