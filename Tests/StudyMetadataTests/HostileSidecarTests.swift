import Foundation
import StudyMetadata
import Testing

/// Sidecars built to slip past the validator: repeated names, nesting and size bombs, broken
/// UTF-8, key tricks; plus a replay of the `FuzzMetadata` seeds and regressions (docs/fuzzing.md).
struct HostileSidecarTests {
    static let valid = #"""
        {"studyInstanceUID":"1.2.3","seriesInstanceUID":"1.2.3.4","sopInstanceUID":"1.2.3.4.5","modality":"CR","bodyPart":"CHEST","acquisitionDateTime":"2026-11-25T08:45:00Z","image":{"key":"images/s/a.png","contentType":"image/png"}}
        """#

    /// `valid` with `member` inserted as the first member of the top-level object.
    static func sidecar(adding member: String) -> [UInt8] {
        Array(("{" + member + "," + valid.dropFirst()).utf8)
    }

    @Test(arguments: [
        (#""bodyPart":"DOE^JANE""#, "$.bodyPart"),
        (#""body\u0050art":"DOE^JANE""#, "$.bodyPart"),
        (#""extra":{"a":1,"a":2}"#, "$.#c8dee78f.#ca978112"),
    ])
    func repeatedNamesAreRefusedWhicheverWouldWin(member: String, path: String) {
        let error = #expect(throws: MetadataError.self) { try MetadataValidator().validate(Self.sidecar(adding: member)) }
        #expect(error?.errorType == "InvalidMetadata")
        #expect(
            error?.violations.contains(MetadataViolation(path: path, problem: "appears more than once; duplicate names are refused"))
                == true)
    }

    /// Member names are the uploader's text: a repeated or unknown one is named by its digest,
    /// in lenient mode too, so a name can neither leak a patient's name nor forge a violation.
    @Test(arguments: [MetadataPolicy(), MetadataPolicy(rejectsUnknownFields: false)])
    func repeatedAndUnknownNamesAreNeverEchoed(policy: MetadataPolicy) {
        let bytes = Self.sidecar(adding: #""x":{"Jane Doe 1962":1,"Jane Doe 1962":2},"modality: is required; $.forged":3"#)
        let error = #expect(throws: MetadataError.self) { try MetadataValidator(policy: policy).validate(bytes) }
        #expect(error?.violations.contains { $0.path == "$.#2d711642.#fa2f00d8" } == true, "\(error?.violations ?? [])")
        let text = error?.description ?? ""
        #expect(!text.contains("Jane") && !text.contains("forged"), "\(text)")
    }

    @Test func repeatedImageKeyCannotPointAtAnotherObject() {
        let text = Self.valid.replacingOccurrences(
            of: #""key":"images/s/a.png""#, with: #""key":"images/s/a.png","key":"images/other-study/b.png""#)
        let error = #expect(throws: MetadataError.self) {
            try MetadataValidator().validate(Array(text.utf8), expectedImageKey: "images/s/a.png")
        }
        #expect(error?.violations.map(\.path) == ["$.image.key"])
    }

    @Test func repeatedIdentifierIsStillPHI() {
        let bytes = Self.sidecar(adding: #""patientName":"","patientName":"DOE^JANE""#)
        let error = #expect(throws: MetadataError.self) { try MetadataValidator().validate(bytes) }
        #expect(error?.errorType == "PHIDetected")
        // Pseudonymising does not accept it either: the names repeat.
        let lenient = MetadataValidator(policy: MetadataPolicy(patientIdentifiers: .pseudonymize(key: [1, 2, 3])))
        #expect(throws: MetadataError.self) { try lenient.validate(bytes) }
    }

    @Test func sameNameInDifferentObjectsIsNotARepeat() throws {
        let bytes = Self.sidecar(adding: #""pixelSpacing":[0.1,0.1]"#)
        #expect(try MetadataValidator().validate(bytes).pixelSpacing == [0.1, 0.1])
    }

    @Test func hundredThousandOpenBracketsAreRefusedWithoutRecursing() {
        let bomb = Array(repeating: UInt8(ascii: "["), count: 100_000)
        #expect(throws: MetadataError.tooLarge(bytes: 100_000, limit: 64 * 1024)) { try MetadataValidator().validate(bomb) }
        // With a size limit that admits it, the depth check refuses it before the recursive decoder.
        let generous = MetadataValidator(policy: MetadataPolicy(maximumBytes: 1 << 20))
        let start = ContinuousClock.now
        #expect(throws: MetadataError.notJSON) { try generous.validate(bomb) }
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func sidecarAtTheSizeLimitWithALongStringIsParsedNotCrashed() {
        let padding = String(repeating: "x", count: 60_000)
        let bytes = Self.sidecar(adding: #""note":"\#(padding)""#)
        let error = #expect(throws: MetadataError.self) { try MetadataValidator().validate(bytes) }
        #expect(error?.violations.map(\.path) == ["$.#edb46562"], "an unknown name, by its digest")
    }

    @Test(arguments: [[0xFF], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE2, 0x82]] as [[UInt8]])
    func invalidUTF8InAStringIsNotJSON(sequence: [UInt8]) {
        let text = Array(#"{"bodyPart":"C"#.utf8) + sequence + Array(#""}"#.utf8)
        #expect(throws: MetadataError.notJSON) { try MetadataValidator().validate(text) }
    }

    @Test func loneSurrogateEscapeIsNotJSON() {
        #expect(throws: MetadataError.notJSON) { try MetadataValidator().validate(Array(#"{"bodyPart":"\ud800"}"#.utf8)) }
    }

    @Test(arguments: [
        ("images/%2e%2e/x.png", true),  // literal text, never decoded
        ("images/..%2fx.png", true),
        ("images\\..\\x.png", true),  // a backslash is not S3's separator
        ("images/../x.png", false), ("images/a/..", false), ("./x.png", false), ("/etc/passwd", false), ("//x.png", false),
        ("images/a\u{0}.png", false), ("images/a\u{7F}.png", false), ("images/a\u{85}.png", false), ("images/a\u{9B}.png", false),
        ("images/a\n.png", false), (String(repeating: "a", count: 1021) + ".png", false),
        (String(repeating: "é", count: 508) + ".png", true),
    ])
    func hostileKeys(key: String, safe: Bool) {
        #expect(ObjectKeyRules.isSafe(key) == safe)
    }

    // MARK: - Fuzz corpus replay

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func fuzzSeedsAndRegressionsGiveMetadataOrATypedError() throws {
        var outcomes: [String: String] = [:]
        for folder in ["corpus", "regressions"] {
            let url = Self.repositoryRoot.appending(path: "Fuzz/\(folder)/metadata")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? [] {
                let bytes = Array(try Data(contentsOf: url.appending(path: name)))
                do {
                    let metadata = try MetadataValidator().validate(bytes)
                    #expect(ObjectKeyRules.isSafe(metadata.image.key), "\(name)")
                    outcomes[name] = "valid"
                } catch {
                    #expect(!error.violations.isEmpty, "\(name)")
                    outcomes[name] = error.errorType
                }
            }
        }
        try #require(outcomes.count >= 10, "expected the seeds under Fuzz/corpus/metadata")
        #expect(outcomes["valid.json"] == "valid")
        #expect(outcomes["valid-jpeg-minimal.json"] == "valid")
        #expect(outcomes["phi-patient-name.json"] == "PHIDetected")
        #expect(outcomes["unsafe-key.json"] == "InvalidMetadata")
        #expect(outcomes["not-object.json"] == "InvalidMetadata")
        #expect(Set(outcomes.values).isSubset(of: ["valid", "InvalidMetadata", "PHIDetected"]))
    }
}
