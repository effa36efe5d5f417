import CurlHTTP
import Foundation
import LambdaEmulator
import LocalServices
import Testing

/// Where `swift build` put this package's executables: beside the test bundle.
enum BuildProducts {
    static var folder: String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().path
    }

    static func path(of product: String) -> String {
        "\(folder)/\(product)"
    }
}

/// Starts an emulator for `functions`, runs `body`, and always shuts it down.
func withEmulator<T>(
    _ functions: [FunctionConfiguration],
    _ body: (LambdaEmulator, LogCollector) async throws -> T
) async throws -> T {
    let logs = LogCollector()
    let emulator = try await LambdaEmulator.start(functions: functions, logSink: logs.sink())
    do {
        let result = try await body(emulator, logs)
        await emulator.shutdown()
        return result
    } catch {
        await emulator.shutdown()
        throw error
    }
}

/// The fixture function under `name`, with extra environment variables.
func fixture(
    name: String = "fixture",
    environment: [String: String] = [:],
    timeout: Duration = .seconds(3)
) -> FunctionConfiguration {
    FunctionConfiguration(
        name: name,
        executablePath: BuildProducts.path(of: "FixtureFunction"),
        environment: environment,
        timeout: timeout,
        memorySizeMB: 256
    )
}

/// Decodes a JSON object payload.
func jsonObject(_ bytes: [UInt8]) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(bytes))
    return try #require(object as? [String: Any])
}

/// Posts `body` to the Invoke API over our own libcurl client, blocking a thread of its own.
func invokeOverHTTP(_ url: String, body: String, headers: HTTPHeaders = [:]) async throws -> HTTPResponse {
    try await BlockingIO.run {
        try CurlHTTPClient().perform(HTTPRequest(method: .post, url: url, headers: headers, body: Array(body.utf8)))
    }
}
