import Foundation

/// One study of a sample folder: `<name>.jpg|png` and its sidecar `<name>.json`, plus what the
/// folder's `expected.json` says should happen to it (`{"<name>": "<errorType>"}` for studies
/// meant to fail).
public struct SampleStudy: Sendable {
    /// The study's name: its folder under `images/`.
    public var name: String
    /// The image bytes.
    public var image: [UInt8]
    /// `jpg`, `jpeg` or `png`.
    public var imageExtension: String
    /// The sidecar document.
    public var sidecar: [UInt8]
    /// The sidecar's `studyInstanceUID`, where results are stored.
    public var uid: String?
    /// The errorType the study must fail with, or `nil` when it must succeed.
    public var expectedError: String?

    /// Every `<name>.json` + image pair in `folder`, sorted by name.
    public static func loadFolder(_ folder: String) throws -> [SampleStudy] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder)
        var expected: [String: String] = [:]
        if let data = FileManager.default.contents(atPath: "\(folder)/expected.json") {
            expected = (try JSONSerialization.jsonObject(with: data) as? [String: String]) ?? [:]
        }
        return try files.filter { $0.hasSuffix(".json") && $0 != "expected.json" }.sorted().compactMap { sidecarName in
            let name = String(sidecarName.dropLast(".json".count))
            guard let imageExtension = ["jpg", "jpeg", "png"].first(where: { files.contains("\(name).\($0)") }) else { return nil }
            let sidecar = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(sidecarName)"))
            let uid = (try? JSONSerialization.jsonObject(with: sidecar) as? [String: Any])?["studyInstanceUID"] as? String
            return SampleStudy(
                name: name, image: Array(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name).\(imageExtension)"))),
                imageExtension: imageExtension, sidecar: Array(sidecar), uid: uid, expectedError: expected[name])
        }
    }

    /// The same study under another name: the sidecar's `image.key` (which must stay inside
    /// the study's own folder) is rewritten to `images/<name>/image.<ext>`.
    public func renamed(_ newName: String) throws -> SampleStudy {
        var copy = self
        copy.name = newName
        guard var document = try JSONSerialization.jsonObject(with: Data(sidecar)) as? [String: Any] else { return copy }
        if var image = document["image"] as? [String: Any] {
            image["key"] = "images/\(newName)/image.\(imageExtension)"
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
        let arn = try await submit(study: study.name, image: study.image, imageExtension: study.imageExtension, sidecar: study.sidecar)
        let execution = try await wait(for: arn)
        let elapsed = ContinuousClock.now - submitted
        var outcome = StudyOutcome(
            study: study, status: execution.status, stageMilliseconds: [:], preparationSteps: [:],
            endToEndMilliseconds: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15,
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
