import DICOM
import Foundation
import LocalServices
import TensorPreparation
import Testing

/// `radstream inspect` and `radstream prepare` on DICOM files, as a user runs them.
@Suite struct DICOMCommandTests {
    /// Where `swift build` put `radstream`: beside the test bundle.
    static var radstream: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path + "/radstream"
    }

    static func entry(_ name: String) throws -> DICOMFixtures.Entry {
        guard let entry = try DICOMFixtures.load().entries.first(where: { $0.name == name }) else {
            throw DICOMFixtures.Failure("no fixture \(name)")
        }
        return entry
    }

    @Test func inspectNamesIdentifyingAttributesButNeverTheirValues() throws {
        let entry = try Self.entry("gen-ct16-expl")
        for arguments in [["inspect", entry.path], ["inspect", entry.path, "--json"]] {
            let run = try ProcessRunner.run(Self.radstream, arguments: arguments)
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.standardOutput.contains("PatientName") && run.standardOutput.contains("PatientID"))
            #expect(run.standardOutput.contains("1.2.840.10008.1.2.1"))
            #expect(!run.standardOutput.contains("CANARY"), "a header value was printed")
        }
        let json = try ProcessRunner.run(Self.radstream, arguments: ["inspect", entry.path, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any]
        #expect(object?["privateElements"] as? Int == 1)
        #expect((object?["pixels"] as? [String: Any])?["bitsStored"] as? Int == 16)
        #expect((object?["intensity"] as? [String: Any])?["windowWidths"] as? [Double] == [400])
    }

    @Test func inspectReportsTheTypedErrorOfABadFile() throws {
        let run = try ProcessRunner.run(Self.radstream, arguments: ["inspect", "\(DICOMFixtures.repositoryRoot)/Package.swift"])
        #expect(run.status == 1)
        #expect(run.standardError.hasPrefix("NotDICOM: "))
    }

    @Test func prepareWritesTheSameTensorAsTheLibrary() throws {
        let entry = try Self.entry("gen-frames16-expl")
        let output = FileManager.default.temporaryDirectory.appending(path: "dicom-\(UUID().uuidString).npy").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let run = try ProcessRunner.run(Self.radstream, arguments: ["prepare", entry.path, "--output", output, "--frame", "middle"])
        #expect(run.status == 0, "\(run.standardError)")
        let written = [UInt8](try Data(contentsOf: URL(fileURLWithPath: output)))
        let expected = try TensorPreparer().prepare(try DICOMFixtures.bytes(entry), frame: .middle).tensor
        #expect(written.suffix(expected.bytes.count).elementsEqual(expected.bytes))
        let first = try TensorPreparer().prepare(try DICOMFixtures.bytes(entry)).tensor
        #expect(first.bytes != expected.bytes, "the middle frame must differ from the first")
        let bad = try ProcessRunner.run(Self.radstream, arguments: ["prepare", entry.path, "--output", output, "--frame", "9"])
        #expect(bad.status == 1)
        #expect(bad.standardError.hasPrefix("CorruptDICOM: "))
    }
}

/// `radstream prepare` over folders: one tensor per input, the library's tensors, refusals
/// counted by errorType, and a non-zero exit only under `--strict`.
@Suite struct PrepareFolderTests {
    @Test func aFolderBecomesAFolderOfTensorsWithRefusalsCounted() throws {
        let fixtures = try DICOMFixtures.load().entries
        let good = try #require(fixtures.first { $0.name == "gen-ct16-expl" })
        let other = try #require(fixtures.first { $0.name == "gen-frames16-expl" })
        let root = FileManager.default.temporaryDirectory.appending(path: "prepare-folder-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let input = root.appending(path: "in")
        try FileManager.default.createDirectory(at: input.appending(path: "series 2"), withIntermediateDirectories: true)
        try Data(try DICOMFixtures.bytes(good)).write(to: input.appending(path: "IM0001"))
        try Data(try DICOMFixtures.bytes(other)).write(to: input.appending(path: "series 2/IM0002.dcm"))
        try Data("not an image".utf8).write(to: input.appending(path: "series 2/notes.txt"))
        try Data(try DICOMFixtures.bytes(good).prefix(400)).write(to: input.appending(path: "cut.dcm"))
        try Data("x".utf8).write(to: input.appending(path: ".DS_Store"))
        let output = root.appending(path: "out").path

        for jobs in ["1", "3"] {
            let run = try ProcessRunner.run(DICOMCommandTests.radstream, arguments: ["prepare", input.path, "--output", output, "--jobs", jobs])
            #expect(run.status == 0, "\(run.standardError)")
            #expect(run.standardOutput.contains("prepared 2 of 4; refused 2: TruncatedDICOM 1, UnsupportedFormat 1"), "\(run.standardOutput)")
            let written = [UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(output)/IM0001.npy")))
            let expected = try TensorPreparer().prepare(try DICOMFixtures.bytes(good)).tensor.bytes
            #expect(written.suffix(expected.count).elementsEqual(expected))
            #expect(FileManager.default.fileExists(atPath: "\(output)/series 2/IM0002.dcm.npy"))
            #expect(!FileManager.default.fileExists(atPath: "\(output)/.DS_Store.npy"))
            let refused = try String(contentsOfFile: "\(output)/refused.tsv", encoding: .utf8)
            #expect(refused.split(separator: "\n").count == 3 && refused.contains("cut.dcm\tTruncatedDICOM"), "\(refused)")
        }
        let strict = try ProcessRunner.run(DICOMCommandTests.radstream, arguments: ["prepare", input.path, "--output", output, "--strict"])
        #expect(strict.status == 1)
    }
}

/// The identifying-attribute table (PS3.15 2026d Table E.1-1) against two independent copies of
/// the standard: GDCM's Basic Profile list (the 2008 edition: every attribute it names is still
/// in the table) and pydicom's PS3.6 dictionary (every tag it knows has the table's keyword).
@Suite struct ConfidentialityProfileTests {
    @Test func theTableHoldsGDCMsBasicProfileAndPydicomsKeywords() throws {
        let script = """
            import gdcm, sys
            from pydicom.datadict import keyword_for_tag
            for t in gdcm.Anonymizer.GetBasicApplicationLevelConfidentialityProfileAttributes():
                print(f"gdcm {t.GetGroup():04X}{t.GetElement():04X}")
            for text in sys.argv[1:]:
                tag = int(text, 16)
                print(f"pydicom {tag:08X} {keyword_for_tag(tag) or '-'}")
            """
        let tags = ConfidentialityProfile.table.map { String($0.tag.description.filter(\.isHexDigit)) }
        let run = try ProcessRunner.run(DICOMFixtures.python, arguments: ["-c", script] + tags)
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        let gdcm = Set(lines.filter { $0.first == "gdcm" }.map { $0[1] })
        #expect(gdcm.count == 48)
        #expect(gdcm.subtracting(tags).isEmpty, "GDCM lists \(gdcm.subtracting(tags).sorted()) which the table lacks")
        let pydicom = Dictionary(lines.filter { $0.first == "pydicom" && $0.count == 3 }.map { ($0[1], $0[2]) }) { first, _ in first }
        #expect(pydicom.count == ConfidentialityProfile.table.count)
        let mismatched = ConfidentialityProfile.table.filter { row in
            let known = pydicom[String(row.tag.description.filter(\.isHexDigit))] ?? "-"
            return known != "-" && known != row.keyword
        }
        #expect(mismatched.isEmpty, "keywords differ from PS3.6 (pydicom): \(mismatched.map(\.keyword))")
        #expect(ConfidentialityProfile.table.count == 653)
        #expect(ConfidentialityProfile.table.map(\.tag) == ConfidentialityProfile.table.map(\.tag).sorted())
    }

    @Test func thePipelinesOptionsKeepUIDsAndDatesOnly() throws {
        let kept = ConfidentialityProfile.table.filter { !$0.retainedBy.isDisjoint(with: ConfidentialityProfile.pipelineOptions) }
        #expect(kept.contains { $0.keyword == "StudyInstanceUID" } && kept.contains { $0.keyword == "AcquisitionDateTime" })
        #expect(!kept.contains { $0.keyword == "PatientName" || $0.keyword == "PatientID" || $0.keyword == "InstitutionName" })
        // Every retained row is a UID (action U, or kept by Retain UIDs) or a date/time.
        #expect(kept.allSatisfy { $0.retainedBy.contains(.uids) || $0.retainedBy.contains(.longitudinalFullDates) })
    }

    @Test func nestedIdentifyingAttributesAreFound() throws {
        // (0040,A730) ContentSequence holding an item with (0010,0010) PatientName.
        let name = Part10.element(0x0010, 0x0010, "PN", Part10.text("X"))
        let item = Part10.uint16(0xFFFE) + Part10.uint16(0xE000) + Part10.uint32(UInt32(name.count)) + name
        let file = try DICOMFile(bytes: Part10.file(Part10.element(0x0040, 0xA730, "SQ", item)))
        #expect(ConfidentialityProfile.identifyingAttributes(in: file.dataSet).map(\.keyword) == ["PatientName", "ContentSequence"])
    }
}
