import LocalServices

/// The local pipeline's sample studies (`scripts/generate-samples.py`, the same files
/// `scripts/run-local.sh` runs), written once per test process.
enum SampleFixtures {
    private static let generated = Result { try FixtureScript.run("scripts/generate-samples.py") }

    /// A sample file's bytes, e.g. `cr-jpeg-lossless.dcm`.
    static func file(_ name: String) throws -> [UInt8] {
        guard let bytes = try generated.get()[name] else { throw LocalServiceError("generate-samples.py wrote no \(name)") }
        return bytes
    }
}
