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

/// The identifying-attribute list against GDCM's copy of PS3.15 Table E.1-1.
@Suite struct ConfidentialityProfileTests {
    @Test func theListMatchesGDCMsBasicProfile() throws {
        let script = """
            import gdcm
            for t in gdcm.Anonymizer.GetBasicApplicationLevelConfidentialityProfileAttributes():
                print(f"{t.GetGroup():04X}{t.GetElement():04X}")
            """
        let run = try ProcessRunner.run(DICOMFixtures.python, arguments: ["-c", script])
        #expect(run.status == 0, "\(run.standardError)")
        let gdcm = Set(run.standardOutput.split(separator: "\n").map(String.init))
        let ours = Set(ConfidentialityProfile.attributes.map { String($0.tag.description.filter(\.isHexDigit)) })
        #expect(gdcm.count == 48)
        #expect(ours == gdcm)
    }

    @Test func nestedIdentifyingAttributesAreFound() throws {
        // (0040,A730) ContentSequence holding an item with (0010,0010) PatientName.
        let name = Part10.element(0x0010, 0x0010, "PN", Part10.text("X"))
        let item = Part10.uint16(0xFFFE) + Part10.uint16(0xE000) + Part10.uint32(UInt32(name.count)) + name
        let file = try DICOMFile(bytes: Part10.file(Part10.element(0x0040, 0xA730, "SQ", item)))
        #expect(ConfidentialityProfile.identifyingAttributes(in: file.dataSet) == ["PatientName", "ContentSequence"])
    }
}
