import AWSClients
import CurlHTTP
import Foundation
import LambdaEmulator
import LocalServices
import Testing

/// The emulator standing in for moto's Lambda: invocations run locally, every other AWS request
/// reaches moto unchanged.
struct EmulatorUpstreamTests {
    @Test func nonInvokeRequestsReachTheUpstreamUnchanged() async throws {
        let moto = try await BlockingIO.run { try MotoServer.shared() }
        let fixture = FunctionConfiguration(name: "fixture", executablePath: FunctionHarness.executable("FixtureFunction"))
        let emulator = try await LambdaEmulator.start(functions: [fixture], logSink: .discard, upstream: moto.endpoint)
        do {
            try await exercise(emulator, moto: moto)
        } catch {
            await emulator.shutdown()
            throw error
        }
        await emulator.shutdown()
    }

    private func exercise(_ emulator: LambdaEmulator, moto: MotoServer) async throws {

        let bucket = uniqueBucket("through-emulator")
        let payload = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let roundTrip = try await BlockingIO.run {
            try moto.createBucket(bucket)
            let viaEmulator = S3Client(configuration: try moto.configuration(endpoint: emulator.invokeEndpoint))
            try viaEmulator.putObject(bucket: bucket, key: "a b/ü+=.bin", body: payload)
            return try viaEmulator.getObject(bucket: bucket, key: "a b/ü+=.bin", maximumBytes: 1 << 20).body
        }
        #expect(roundTrip == payload)
        let direct = try await BlockingIO.run {
            try S3Client(configuration: try moto.configuration()).getObject(bucket: bucket, key: "a b/ü+=.bin", maximumBytes: 1 << 20).body
        }
        #expect(direct == payload, "the object really is in moto")

        let missing = try await BlockingIO.run {
            try CurlHTTPClient().perform(HTTPRequest(method: .get, url: "\(emulator.invokeEndpoint)/\(bucket)/nope"))
        }
        #expect(missing.status == 404, "moto's own error status comes back")

        let invoked = try await emulator.invoke("fixture", payload: Array(#"{"action":"echo"}"#.utf8))
        #expect(!invoked.isError)
        let viaHTTP = try await BlockingIO.run {
            try CurlHTTPClient().perform(
                HTTPRequest(method: .post, url: emulator.invokeURL(for: "fixture"), body: Array(#"{"action":"echo"}"#.utf8)))
        }
        #expect(viaHTTP.status == 200)
        #expect(viaHTTP.bodyText.contains("\"functionName\":\"fixture\""), "invocations are still served locally")
    }
}
