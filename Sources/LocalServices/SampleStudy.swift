import Digests
import Foundation
import StudyMetadata

/// One study of a sample folder: `<name>.jpg|png` and its sidecar `<name>.json`, or a DICOM
/// object `<name>.dcm` alone, plus what the folder's `expected.json` says should happen to it
/// (`{"<name>": "<errorType>"}` for studies meant to fail).
///
/// The folder convention (`radstream run-local --help`, README): the sidecar is uploaded as
/// `images/<name>/image.json`, and the image where the sidecar's `image.key` says, which must be
/// a file directly in that folder (`images/<name>/<file>`, ValidateMetadata's same-folder rule).
/// An image without a sidecar gets a generated one. A DICOM object is uploaded as
/// `images/<name>/image.dcm` and is its own submission (its header is the metadata).
public struct SampleStudy: Sendable {
    /// The study's name: its folder under `images/`.
    public var name: String
    /// The image bytes.
    public var image: [UInt8]
    /// `jpg`, `jpeg`, `png` or `dcm`.
    public var imageExtension: String
    /// Where the image is uploaded: the sidecar's `image.key`, or `images/<name>/image.<ext>`
    /// for a sidecar meant to fail that names none.
    public var imageKey: String
    /// The sidecar document; `nil` for a DICOM study, whose upload is the submission.
    public var sidecar: [UInt8]?
    /// Whether the sidecar was generated (the folder held the image alone).
    public var sidecarGenerated: Bool
    /// The sidecar's `studyInstanceUID`, where results are stored.
    public var uid: String?
    /// The errorType the study must fail with, or `nil` when it must succeed.
    public var expectedError: String?

    /// A study that cannot be run as the folder holds it; the message names the rule.
    public struct FolderError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Every study in `folder`, sorted by name: each `<name>.json` with its `<name>.jpg|jpeg|png`,
    /// and each image without a sidecar, which gets a generated one.
    ///
    /// - Throws: ``FolderError`` for a study meant to succeed whose sidecar's `image.key` is not
    ///   a file directly in its folder `images/<name>/`: ValidateMetadata would refuse it (or the
    ///   image would not be where the key says), so the study is refused before anything starts.
    public static func loadFolder(_ folder: String) throws -> [SampleStudy] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        var expected: [String: String] = [:]
        if let data = FileManager.default.contents(atPath: "\(folder)/expected.json") {
            expected = (try JSONSerialization.jsonObject(with: data) as? [String: String]) ?? [:]
        }
        let imageExtensions = ["jpg", "jpeg", "png"]
        var studies: [SampleStudy] = []
        for sidecarName in files.filter({ $0.hasSuffix(".json") && $0 != "expected.json" }) {
            let name = String(sidecarName.dropLast(".json".count))
            guard let imageExtension = imageExtensions.first(where: { files.contains("\(name).\($0)") }) else { continue }
            let sidecar = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(sidecarName)"))
            let document = try? JSONSerialization.jsonObject(with: sidecar) as? [String: Any]
            let declaredKey = (document?["image"] as? [String: Any])?["key"] as? String
            let imageKey: String
            if let declaredKey, isInStudyFolder(declaredKey, study: name) {
                imageKey = declaredKey
            } else if expected[name] != nil {
                // Meant to fail (the sidecar itself is the test): upload where the pipeline looks by default.
                imageKey = "images/\(name)/image.\(imageExtension)"
            } else {
                throw FolderError(
                    description: "\(sidecarName): its image.key must name a file directly in the study's folder images/\(name)/ "
                        + "(run-local uploads the sidecar as images/\(name)/image.json and the image where image.key says; "
                        + "ValidateMetadata refuses an image outside the sidecar's folder), e.g. images/\(name)/\(name).\(imageExtension)")
            }
            studies.append(
                SampleStudy(
                    name: name, image: Array(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name).\(imageExtension)"))),
                    imageExtension: imageExtension, imageKey: imageKey, sidecar: Array(sidecar), sidecarGenerated: false,
                    uid: document?["studyInstanceUID"] as? String, expectedError: expected[name]))
        }
        for file in files.sorted() where file.hasSuffix(".dcm") {
            let name = String(file.dropLast(".dcm".count))
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(Self.isNameCharacter), !files.contains("\(name).json") else { continue }
            studies.append(
                SampleStudy(
                    name: name, image: Array(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(file)"))), imageExtension: "dcm",
                    imageKey: "images/\(name)/image.dcm", sidecar: nil, sidecarGenerated: false, uid: nil, expectedError: expected[name]))
        }
        let named = Set(studies.map(\.name))
        for file in files.sorted() {
            let url = URL(fileURLWithPath: "\(folder)/\(file)")
            let stem = url.deletingPathExtension().lastPathComponent
            let imageExtension = url.pathExtension.lowercased()
            guard imageExtensions.contains(imageExtension), !named.contains(stem), !files.contains("\(stem).json") else { continue }
            // A camera's or scanner's file name ("film 1.JPG") becomes a study folder and an
            // execution name: keep the characters both accept.
            var name = ""
            for scalar in stem.unicodeScalars.prefix(40) { name.unicodeScalars.append(Self.isNameCharacter(scalar) ? scalar : "-") }
            // Two images of one name (a.jpg, a.png) would be one study folder: the first wins.
            guard !studies.contains(where: { $0.name == name }) else { continue }
            let image = Array(try Data(contentsOf: url))
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? Date()
            studies.append(
                try generated(name: name, image: image, imageExtension: imageExtension, acquired: modified, expectedError: expected[name]))
        }
        return studies.sorted { $0.name < $1.name }
    }

    /// ASCII letters, digits, `-` and `_`: what an execution name and a key segment both take.
    static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
    }

    /// Whether `key` is a safe key of a file directly in `images/<study>/`.
    static func isInStudyFolder(_ key: String, study: String) -> Bool {
        let folder = "images/\(study)/"
        return key.hasPrefix(folder) && !key.dropFirst(folder.count).contains("/") && ObjectKeyRules.isSafe(key)
    }

    /// A study for an image that came without a sidecar: modality OT (other), body part UNKNOWN,
    /// acquired at the file's modification time, and UIDs under the UUID root `2.25` derived from
    /// the image's SHA-256 (the same image always gets the same study UID).
    static func generated(name: String, image: [UInt8], imageExtension: String, acquired: Date, expectedError: String?) throws
        -> SampleStudy
    {
        let digest = Digests.sha256(image)
        let number = digest.prefix(16).reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
        let uid = "2.25.\(number)"
        let key = "images/\(name)/\(name).\(imageExtension)"
        let document: [String: Any] = [
            "studyInstanceUID": uid, "seriesInstanceUID": "\(uid).1", "sopInstanceUID": "\(uid).1.1", "modality": "OT",
            "bodyPart": "UNKNOWN", "acquisitionDateTime": ISO8601DateFormatter().string(from: acquired),
            "image": ["key": key, "contentType": imageExtension == "png" ? "image/png" : "image/jpeg"],
        ]
        return SampleStudy(
            name: name, image: image, imageExtension: imageExtension, imageKey: key,
            sidecar: Array(try JSONSerialization.data(withJSONObject: document, options: .sortedKeys)), sidecarGenerated: true, uid: uid,
            expectedError: expectedError)
    }

    /// The same study under another name: the sidecar's `image.key` (which must stay inside
    /// the study's own folder) is rewritten to `images/<name>/image.<ext>`.
    public func renamed(_ newName: String) throws -> SampleStudy {
        var copy = self
        copy.name = newName
        copy.imageKey = "images/\(newName)/image.\(imageExtension)"
        guard let sidecar, var document = try JSONSerialization.jsonObject(with: Data(sidecar)) as? [String: Any] else { return copy }
        if var image = document["image"] as? [String: Any] {
            image["key"] = copy.imageKey
            document["image"] = image
        }
        copy.sidecar = Array(try JSONSerialization.data(withJSONObject: document, options: .sortedKeys))
        return copy
    }
}

/// How one study's execution ended, as the main job and the pipeline benchmark report it.
public struct StudyOutcome: Sendable {
    /// The study.
    public var study: SampleStudy
    /// The execution's final status (`SUCCEEDED`, `FAILED`, …).
    public var status: String
    /// The failure record's errorType, for a failed study.
    public var errorType: String?
    /// The top prediction (`label score`), for a successful study.
    public var topLabel: String?
    /// Each stage's own elapsed time (`validate`, `prepare`, `infer`, `store`), in milliseconds.
    public var stageMilliseconds: [String: Double]
    /// PrepareTensors' step timings (`fetch`, `decode`, …), in milliseconds.
    public var preparationSteps: [String: Double]
    /// From the upload of the image to the end of the execution, in milliseconds.
    public var endToEndMilliseconds: Double
    /// The execution's name: the submission's id, which names the record (``LocalPipeline/recordKey(ofExecution:)``).
    public var executionName: String

    /// Whether the study ended as its sample folder says it should.
    public var matchesExpectation: Bool {
        if let expected = study.expectedError { return status != "SUCCEEDED" && errorType == expected }
        return status == "SUCCEEDED"
    }
}

extension LocalPipeline {
    /// Submits `study`, waits for its execution to end, and reads what happened from the
    /// execution's output or, for a failed study, from its failure record.
    public func run(_ study: SampleStudy) async throws -> StudyOutcome {
        let submitted = ContinuousClock.now
        let arn =
            if let sidecar = study.sidecar {
                try await submit(
                    study: study.name, image: study.image, imageExtension: study.imageExtension, imageKey: study.imageKey, sidecar: sidecar)
            } else {
                try await submitDICOM(study: study.name, dicom: study.image)
            }
        let execution = try await wait(for: arn)
        let elapsed = ContinuousClock.now - submitted
        var outcome = StudyOutcome(
            study: study, status: execution.status, stageMilliseconds: [:], preparationSteps: [:],
            endToEndMilliseconds: elapsed.milliseconds,
            executionName: Self.executionName(of: arn))
        if let output = execution.output, let state = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] {
            for (key, stage) in [("study", "validate"), ("tensor", "prepare"), ("inference", "infer"), ("stored", "store")] {
                if let value = (state[key] as? [String: Any])?["elapsedMilliseconds"] as? Double {
                    outcome.stageMilliseconds[stage] = value
                }
            }
            if let timings = (state["tensor"] as? [String: Any])?["timings"] as? [String: Any] {
                outcome.preparationSteps = timings.compactMapValues { $0 as? Double }
            }
            if let best = ((state["inference"] as? [String: Any])?["predictions"] as? [[String: Any]])?.first {
                outcome.topLabel = "\(best["label"] as? String ?? "?") \(String(format: "%.2f", best["score"] as? Double ?? 0))"
            }
        } else {
            outcome.errorType = try await storedRecord(for: outcome)?["errorType"] as? String
        }
        return outcome
    }

    /// The study's stored result or failure record (`results/<submission id>.json`).
    public func storedRecord(for outcome: StudyOutcome) async throws -> [String: Any]? {
        guard let bytes = try? await object(bucket: resources.results, key: "results/\(outcome.executionName).json") else { return nil }
        return try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
    }
}
