import AWSClients
import CurlHTTP
import Foundation
import LambdaEmulator
import LocalServices
import Testing

/// The deployable artifacts: each `build/lambda/<Function>.zip` (made by scripts/package.sh,
/// which scripts/test.sh runs first) holds one static `bootstrap` that runs with nothing but
/// itself, /etc/hosts, a CA bundle and /proc, the way Amazon Linux's older glibc will see it.
/// Amazon Linux itself is not reachable here; an empty root is the strictest stand-in.
@Suite(.serialized)
struct PackagedFunctionTests {
    static let packageFolder = "\(PythonToolchain.repositoryRoot)/build/lambda"

    static func package(_ function: String) throws -> String {
        let path = "\(packageFolder)/\(function).zip"
        try #require(
            FileManager.default.fileExists(atPath: path),
            "\(path) is missing: run scripts/package.sh (scripts/test.sh does)")
        return path
    }

    static func run(_ executable: String, _ arguments: [String]) async throws -> ProcessOutcome {
        try await BlockingIO.run { try ProcessRunner.run(executable, arguments: arguments) }
    }

    /// Unpacks every package into its own empty root under a fresh temporary folder.
    static func makeEmptyRoots() async throws -> (folder: String, roots: [String: String]) {
        let folder = FileManager.default.temporaryDirectory.appending(path: "radstream-roots-\(UUID().uuidString)").path
        var roots: [String: String] = [:]
        for function in LocalPipeline.allFunctionNames {
            let root = "\(folder)/\(function)"
            let made = try await run(
                "\(PythonToolchain.repositoryRoot)/scripts/make-empty-root.sh", [try package(function), root])
            try #require(made.status == 0, "\(made.standardError)")
            roots[function] = root
        }
        return (folder, roots)
    }

    @Test(arguments: LocalPipeline.allFunctionNames)
    func packageHoldsOneStaticBootstrapUnderTenMegabytes(function: String) async throws {
        let zip = try Self.package(function)
        let listing = try await Self.run("/usr/bin/unzip", ["-Z1", zip])
        #expect(listing.standardOutput.split(separator: "\n") == ["bootstrap"])
        let zipBytes = try #require(try FileManager.default.attributesOfItem(atPath: zip)[.size] as? Int)
        #expect(zipBytes < 10_000_000, "\(function).zip is \(zipBytes) bytes")

        let root = FileManager.default.temporaryDirectory.appending(path: "radstream-unzip-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try await Self.run("/usr/bin/unzip", ["-q", zip, "-d", root]).status == 0)
        let file = try await Self.run("/usr/bin/file", ["-b", "\(root)/bootstrap"])
        #expect(file.standardOutput.contains("statically linked"), "\(file.standardOutput)")
        #expect(file.standardOutput.contains("stripped") && !file.standardOutput.contains("not stripped"))
        let ldd = try await Self.run("/usr/bin/ldd", ["\(root)/bootstrap"])
        #expect(
            (ldd.standardOutput + ldd.standardError).contains("not a dynamic executable"),
            "ldd: \(ldd.standardOutput)\(ldd.standardError)")
    }

    /// The whole state machine with every function packaged and chrooted: each one reaches the
    /// Runtime API, moto (S3, Kinesis) and Triton by the name `localhost`, resolved in its root.
    @Test func packagedFunctionsRunTheWholePipelineFromEmptyRoots() async throws {
        let (folder, roots) = try await Self.makeEmptyRoots()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = "\(PythonToolchain.repositoryRoot)/scripts/run-in-empty-root.sh"
        let logs = LogCollector()
        let triton = try await BlockingIO.run { try TritonServer.shared() }
        let pipeline = try await LocalPipeline.start(
            executables: .init { function in (script, [roots[function] ?? "/nonexistent"]) },
            definitionPath: "\(PythonToolchain.repositoryRoot)/deploy/statemachine.asl.json",
            triton: triton, logSink: logs.sink())
        do {
            let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
            let uid = "1.2.826.0.1.3680043.8.498.700"
            let sidecar = try JSONSerialization.data(withJSONObject: StateMachineTests.sidecar(study: "s-700", uid: uid))
            let arn = try await pipeline.submit(study: "s-700", image: image, imageExtension: "png", sidecar: Array(sidecar))
            let execution = try await pipeline.wait(for: arn)
            #expect(execution.status == "SUCCEEDED", "\(execution.error ?? "") \(execution.cause ?? "")")
            let stored = try jsonObject(
                try await pipeline.object(
                    bucket: pipeline.resources.results, key: "results/\(LocalPipeline.executionName(of: arn)).json"))
            #expect(stored["outcome"] as? String == "succeeded")
            let stages = try await pipeline.telemetry().map { try jsonObject($0)["stage"] as? String }
            #expect(stages.contains("Execution") && stages.contains("RunInference"))

            // Every function really ran inside its own root: some live process has it as "/".
            let rootsInUse = try Self.processRoots()
            for (function, root) in roots {
                #expect(rootsInUse.contains(root), "no process of \(function) runs with \(root) as its root")
            }
            #expect(logs.lines(containing: "Init Duration").count >= LocalPipeline.allFunctionNames.count)

            // The error path of every packaged function too: an event that is not its input is a
            // typed Runtime.InvalidEvent, never a crash (a stale incremental static build once
            // crashed exactly here while the happy path worked).
            for function in LocalPipeline.allFunctionNames {
                let result = try await pipeline.emulator.invoke(function, payload: Array("{}".utf8))
                #expect(result.isError)
                #expect(
                    try jsonObject(result.payload)["errorType"] as? String == "Runtime.InvalidEvent", "\(function): \(result.payloadText)")
            }
        } catch {
            await pipeline.shutdown()
            throw error
        }
        await pipeline.shutdown()
    }

    /// The root folders of every process this user can see (`/proc/<pid>/root`).
    static func processRoots() throws -> Set<String> {
        var roots: Set<String> = []
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") where Int(entry) != nil {
            if let root = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(entry)/root") {
                roots.insert(root)
            }
        }
        return roots
    }
}
