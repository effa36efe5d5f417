import Foundation
import LocalServices
import StudyMetadata
import Testing

/// `radstream run-local FOLDER` with a user's own folder: the image goes where its sidecar's
/// `image.key` says (inside the study's folder), a key elsewhere is refused before anything
/// starts, and plain images get generated sidecars.
@Suite(.serialized)
struct RunLocalFolderTests {
    func folder(_ files: [String: [UInt8]]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appending(path: "radstream-run-local-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: "\(path)/\(name)")) }
        return path
    }

    func sidecar(imageKey: String, uid: String = "1.2.826.0.1.3680043.8.498.900") throws -> [UInt8] {
        let document: [String: Any] = [
            "studyInstanceUID": uid, "seriesInstanceUID": "\(uid).1", "sopInstanceUID": "\(uid).1.1", "modality": "CR",
            "bodyPart": "CHEST", "acquisitionDateTime": "2026-11-25T09:45:00+01:00",
            "image": ["key": imageKey, "contentType": "image/png"],
        ]
        return Array(try JSONSerialization.data(withJSONObject: document))
    }

    @Test func imageIsUploadedWhereItsSidecarSays() throws {
        let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
        let path = try folder(["ct.png": image, "ct.json": try sidecar(imageKey: "images/ct/scan.png")])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let studies = try SampleStudy.loadFolder(path)
        #expect(studies.map(\.name) == ["ct"])
        #expect(studies.first?.imageKey == "images/ct/scan.png")
        #expect(studies.first?.sidecarGenerated == false)
    }

    @Test(arguments: ["images/other/scan.png", "images/ct/sub/scan.png", "scan.png", "images/ct/../ct/scan.png"])
    func keyOutsideTheStudyFolderIsRefusedNamingTheRule(_ key: String) throws {
        let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
        let path = try folder(["ct.png": image, "ct.json": try sidecar(imageKey: key)])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = #expect(throws: SampleStudy.FolderError.self) { try SampleStudy.loadFolder(path) }
        #expect(
            error?.description.contains("must name a file directly in the study's folder images/ct/") == true,
            "\(String(describing: error))")
    }

    @Test func studyMeantToFailKeepsItsSidecar() throws {
        let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
        let expected = Array(#"{"ct": "InvalidMetadata"}"#.utf8)
        let path = try folder(["ct.png": image, "ct.json": try sidecar(imageKey: "images/other/scan.png"), "expected.json": expected])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let studies = try SampleStudy.loadFolder(path)
        #expect(studies.first?.imageKey == "images/ct/image.png")
        #expect(studies.first?.expectedError == "InvalidMetadata")
    }

    @Test func plainImagesGetGeneratedSidecarsThatValidate() throws {
        let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
        let path = try folder(["film one.png": image, "b.PNG": image, "notes.txt": Array("x".utf8)])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let studies = try SampleStudy.loadFolder(path)
        #expect(studies.map(\.name) == ["b", "film-one"])
        for study in studies {
            #expect(study.sidecarGenerated)
            let metadata = try MetadataValidator().validate(try #require(study.sidecar))
            #expect(metadata.image.key == study.imageKey)
            #expect(study.imageKey.hasPrefix("images/\(study.name)/"))
            #expect(metadata.modality == "OT" && metadata.studyInstanceUID == study.uid)
        }
    }

    /// The issue's case end to end: `ct.png` + `ct.json` whose key is `images/ct/scan.png` ended
    /// `FAILED S3.NoSuchKey`; with a plain image beside it, both now succeed.
    @Test func usersFolderRunsThroughThePipeline() async throws {
        let image = try PrepareTensorsTests.pngSuiteFile("basn2c08.png")
        let path = try folder(["ct.png": image, "ct.json": try sidecar(imageKey: "images/ct/scan.png"), "plain.png": image])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let studies = try SampleStudy.loadFolder(path)
        try await StateMachineTests().withPipeline { pipeline in
            for study in studies {
                let outcome = try await pipeline.run(study)
                #expect(outcome.status == "SUCCEEDED", "\(study.name): \(outcome.errorType ?? "-")")
            }
        }
    }
}
