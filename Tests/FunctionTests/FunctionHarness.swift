import AWSClients
import CurlHTTP
import Foundation
import LambdaEmulator
import LocalServices
import Testing

/// Runs the real function executables under the emulator, against the shared moto server.
enum FunctionHarness {
    /// Where `swift build` put the function executables: beside the test bundle.
    static var binFolder: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path
    }

    static func executable(_ name: String) -> String {
        "\(binFolder)/\(name)"
    }

    /// Starts `function` with moto's AWS variables plus `environment`, runs `body`, shuts down.
    static func withFunction<T>(
        _ function: String,
        environment: [String: String] = [:],
        timeout: Duration = .seconds(10),
        _ body: (LambdaEmulator, LogCollector, MotoServer) async throws -> T
    ) async throws -> T {
        let moto = try await BlockingIO.run { try MotoServer.shared() }
        let configuration = FunctionConfiguration(
            name: function,
            executablePath: executable(function),
            environment: moto.awsEnvironment.merging(environment) { _, new in new },
            timeout: timeout
        )
        let logs = LogCollector()
        let emulator = try await LambdaEmulator.start(functions: [configuration], logSink: logs.sink())
        do {
            let result = try await body(emulator, logs, moto)
            await emulator.shutdown()
            return result
        } catch {
            await emulator.shutdown()
            throw error
        }
    }

    /// Invokes `function` with a JSON event.
    static func invoke(_ emulator: LambdaEmulator, _ function: String, _ event: [String: Any]) async throws -> InvocationResult {
        try await emulator.invoke(function, payload: Array(try JSONSerialization.data(withJSONObject: event)))
    }
}

/// Decodes a JSON object payload.
func jsonObject(_ bytes: [UInt8]) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
}

/// A bucket name unique to one test.
func uniqueBucket(_ prefix: String) -> String {
    "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
}
