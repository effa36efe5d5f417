import Foundation
import LocalServices
import Testing

/// `radstream validate`, the built command, on files.
struct ValidateCommandTests {
    func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let outcome = try ProcessRunner.run(FunctionHarness.executable("radstream"), arguments: arguments)
        return (outcome.status, outcome.standardOutput, outcome.standardError)
    }

    func write(_ object: [String: Any]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appending(path: "sidecar-\(UUID().uuidString).json").path
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func validSidecarPrintsNormalisedMetadata() throws {
        let path = try write(ValidateMetadataTests.sidecar())
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try run(["validate", path])
        #expect(result.status == 0)
        #expect(try jsonObject(Array(result.output.utf8))["acquisitionDateTime"] as? String == "2026-11-25T08:45:00.000Z")
    }

    @Test func invalidSidecarListsViolationsAndExitsNonZero() throws {
        let path = try write(ValidateMetadataTests.sidecar(extra: ["modality": "XRAY", "patientName": ValidateMetadataTests.canaryName]))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try run(["validate", path])
        #expect(result.status == 1)
        #expect(result.errors.hasPrefix("PHIDetected: 1 violation(s)"))
        #expect(!result.errors.contains("Zeta"))
        let lenient = try run(["validate", path, "--pseudonymize-key", String(repeating: "ab", count: 32)])
        #expect(lenient.status == 1)
        #expect(lenient.errors.contains("$.modality"))
    }
}
