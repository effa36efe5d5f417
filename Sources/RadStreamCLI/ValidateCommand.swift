import ArgumentParser
import Foundation
import StudyMetadata

/// `radstream validate`: check a sidecar exactly as ValidateMetadata does.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Validate a study's JSON sidecar and print the normalised metadata, or every violation.",
        discussion: "Exits 0 when valid, 1 when not (violations on stderr as `$.path: problem`, never values)."
    )

    @Argument(help: "The sidecar JSON file.")
    var sidecar: String

    @Flag(help: "Drop unknown fields instead of refusing them (METADATA_STRICT=false).")
    var lenient = false

    @Option(help: "Pseudonymise patient identifiers with this HMAC key (hex, ≥ 32 bytes) instead of refusing them.")
    var pseudonymizeKey: String?

    @Option(help: "The image key the sidecar must describe.")
    var imageKey: String?

    func run() throws {
        guard let data = FileManager.default.contents(atPath: sidecar) else {
            throw ValidationError("cannot read \(sidecar)")
        }
        var policy = MetadataPolicy(rejectsUnknownFields: !lenient)
        if let pseudonymizeKey {
            guard let key = Self.bytes(fromHex: pseudonymizeKey), key.count >= 32 else {
                throw ValidationError("--pseudonymize-key must be at least 32 bytes of hexadecimal")
            }
            policy.patientIdentifiers = .pseudonymize(key: key)
        }
        let metadata: StudyMetadata
        do {
            metadata = try MetadataValidator(policy: policy).validate(Array(data), expectedImageKey: imageKey)
        } catch {
            FileHandle.standardError.write(Data("\(error.errorType): \(error.violations.count) violation(s)\n".utf8))
            for violation in error.violations {
                FileHandle.standardError.write(Data("  \(violation)\n".utf8))
            }
            throw ExitCode(1)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(metadata), as: UTF8.self))
    }

    static func bytes(fromHex text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
