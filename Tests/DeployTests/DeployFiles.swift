import Foundation

@testable import LocalServices

/// The deployment files under test and the tools that read them: the test venv's Python with
/// cfn-lint and kubernetes-validate (scripts/setup.sh), and the Triton venv's for config.pbtxt.
/// A missing tool is an error, never a skipped test.
enum DeployFiles {
    static let root = PythonToolchain.repositoryRoot
    static let template = "\(root)/deploy/template.yaml"
    static let stateMachine = "\(root)/deploy/statemachine.asl.json"
    static let kubernetesFolder = "\(root)/deploy/k8s"
    static let modelConfig = "\(root)/deploy/k8s/model-repository/radstream_classifier/config.pbtxt"
    static let athenaFolder = "\(root)/deploy/athena"
    static let factsScript = "\(root)/Tests/DeployTests/Scripts/deploy_facts.py"

    static func text(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Files in `folder` (not recursive) whose names end in `suffix`, sorted, as full paths.
    static func files(in folder: String, endingIn suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(suffix) }.sorted().map { "\(folder)/\($0)" }
    }

    /// The checkov executable: `RADSTREAM_CHECKOV`, else `.venv-checkov/bin/checkov` in the
    /// current folder or the repository. Missing is an error, never a skipped test.
    static func checkov() throws -> String {
        if let configured = ProcessInfo.processInfo.environment["RADSTREAM_CHECKOV"], !configured.isEmpty { return configured }
        for root in [FileManager.default.currentDirectoryPath, DeployFiles.root] {
            let candidate = "\(root)/.venv-checkov/bin/checkov"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw LocalServiceError("checkov not found: run scripts/setup.sh (creates .venv-checkov) or set RADSTREAM_CHECKOV")
    }

    /// Runs `deploy_facts.py` with `python` and decodes its JSON.
    static func facts(_ arguments: [String], python: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try factsJSON(arguments, python: python).utf8))
    }

    /// Runs `deploy_facts.py` with `python`; its JSON output.
    private static func factsJSON(_ arguments: [String], python: String) throws -> String {
        let outcome = try ProcessRunner.run(python, arguments: [factsScript] + arguments)
        guard outcome.status == 0 else {
            throw LocalServiceError(
                "deploy_facts.py \(arguments.joined(separator: " ")) failed (\(outcome.status)): \(outcome.standardError)")
        }
        return outcome.standardOutput
    }

    /// deploy/template.yaml's facts, read once per test run: about twenty tests ask for them, and
    /// each read starts Python and cfn-lint's YAML loader (~1.3 CPU-seconds).
    private static let committedTemplateFactsJSON = Result {
        try factsJSON(["template", template], python: try PythonToolchain.locate().python)
    }

    /// Facts about a CloudFormation template (see deploy_facts.py).
    static func templateFacts(_ path: String = template) throws -> [String: Any] {
        let json = path == template
            ? try committedTemplateFactsJSON.get() : try factsJSON(["template", path], python: try PythonToolchain.locate().python)
        guard let facts = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw LocalServiceError("template facts are not an object")
        }
        return facts
    }

    /// Every YAML document of the Kubernetes manifests, with the file it came from.
    static func manifestDocuments(_ paths: [String]) throws -> [(file: String, document: [String: Any])] {
        guard let list = try facts(["manifests"] + paths, python: try PythonToolchain.locate().python) as? [[String: Any]] else {
            throw LocalServiceError("manifest facts are not a list")
        }
        return list.compactMap { entry in
            guard let file = entry["file"] as? String, let document = entry["document"] as? [String: Any] else { return nil }
            return (file, document)
        }
    }

    /// config.pbtxt parsed with Triton's ModelConfig schema (the Triton venv has tritonclient).
    static func modelConfigFacts() throws -> [String: Any] {
        guard let facts = try facts(["pbtxt", modelConfig], python: try TritonServer.locatePython()) as? [String: Any] else {
            throw LocalServiceError("model config facts are not an object")
        }
        return facts
    }

    /// Writes `text` to a fresh temporary file with `name` and returns its path.
    static func temporaryFile(named name: String, text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appending(path: "radstream-deploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appending(path: name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// Walks decoded JSON by keys and indices: `value(at: ["spec", "template", 0])`.
func value(_ root: Any?, at path: [Any]) -> Any? {
    var current = root
    for step in path {
        switch step {
        case let key as String: current = (current as? [String: Any])?[key]
        case let index as Int:
            guard let list = current as? [Any], list.indices.contains(index) else { return nil }
            current = list[index]
        default: return nil
        }
    }
    return current
}
