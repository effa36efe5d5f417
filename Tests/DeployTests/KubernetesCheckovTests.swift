import Foundation
import LocalServices
import Testing

/// checkov (its own venv, `.venv-checkov`, from scripts/setup.sh) on every rendered Kubernetes
/// overlay, offline: zero failures. The only skips are `checkov.io/skipN: CKV_…=reason`
/// annotations on the objects they concern, and docs/SECURITY.md ("checkov on the Kubernetes
/// overlays") lists exactly those, each with its reason. A deliberately weakened copy must fail,
/// or the scan proves nothing.
@Suite struct KubernetesCheckovTests {
    static let securityDocument = "\(DeployFiles.root)/docs/SECURITY.md"

    /// checkov in `.venv-checkov`; missing is an error that says how to install it.
    static func checkov() throws -> String {
        let path = "\(PythonToolchain.repositoryRoot)/.venv-checkov/bin/checkov"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw LocalServiceError("no \(path): run scripts/setup.sh (creates .venv-checkov with checkov)")
        }
        return path
    }

    /// A reviewed skip: the check, the object (`Kind/name`) and the reason.
    struct Skip: Hashable, CustomStringConvertible {
        var check: String
        var object: String
        var reason: String
        var description: String { "\(check) on \(object)" }
    }

    /// The rows `| CKV_K8S_… | Kind/name | reason |` of the document's section.
    static func documentedSkips() throws -> [Skip] {
        let text = try DeployFiles.text(securityDocument)
        guard let start = text.range(of: "### checkov on the Kubernetes overlays") else {
            throw LocalServiceError("docs/SECURITY.md has no section \"checkov on the Kubernetes overlays\"")
        }
        let section = text[start.upperBound...]
        let end = section.range(of: "\n#")?.lowerBound ?? section.endIndex
        return SecurityDocumentTests.tableRows(in: String(section[..<end])).compactMap { cells in
            guard cells.count >= 3, cells[0].wholeMatch(of: /`CKV2?_K8S_\d+`/) != nil else { return nil }
            let unquote = CharacterSet(charactersIn: "`")
            return Skip(check: cells[0].trimmingCharacters(in: unquote), object: cells[1].trimmingCharacters(in: unquote), reason: cells[2])
        }
    }

    /// The `checkov.io/skipN` annotations of every rendered object of `overlay`.
    static func annotatedSkips(_ overlay: String) throws -> [Skip] {
        try KubernetesTests.documents(overlay).flatMap { name, document in
            let annotations = value(document, at: ["metadata", "annotations"]) as? [String: String] ?? [:]
            return annotations.filter { $0.key.hasPrefix("checkov.io/skip") }.map { _, value in
                let parts = value.split(separator: "=", maxSplits: 1).map(String.init)
                return Skip(check: parts[0], object: name, reason: parts.count == 2 ? parts[1] : "")
            }
        }
    }

    /// Runs checkov on the files; returns the failed checks (`CKV_…: resource (file)`) and the
    /// number passed.
    static func scan(_ files: [String]) throws -> (failed: [String], passed: Int) {
        var arguments = ["--framework", "kubernetes", "--skip-download", "--output", "json", "--quiet", "--compact"]
        for file in files { arguments += ["-f", file] }
        var environment = ProcessInfo.processInfo.environment
        environment["BC_SKIP_MAPPING"] = "TRUE"
        let outcome = try ProcessRunner.run(try checkov(), arguments: arguments, environment: environment)
        // checkov exits 1 when a check fails; anything else is a broken run.
        guard outcome.status == 0 || outcome.status == 1 else {
            throw LocalServiceError("checkov exited \(outcome.status): \(outcome.standardError.suffix(2000))")
        }
        let json = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
        // One report object (or a list of them, one per framework).
        let reports = (json as? [[String: Any]]) ?? [(json as? [String: Any]) ?? [:]]
        var failed: [String] = []
        var passed = 0
        for report in reports {
            passed += value(report, at: ["summary", "passed"]) as? Int ?? 0
            for check in value(report, at: ["results", "failed_checks"]) as? [[String: Any]] ?? [] {
                failed.append(
                    "\(check["check_id"] as? String ?? "?"): \(check["resource"] as? String ?? "?") (\(check["file_path"] as? String ?? "?"))"
                )
            }
        }
        return (failed, passed)
    }

    @Test func everySkipIsAnnotatedWhereItAppliesAndDocumentedWithItsReason() throws {
        let documented = try Self.documentedSkips()
        #expect(!documented.isEmpty)
        #expect(Set(documented.map { "\($0)" }).count == documented.count, "each skip once")
        for overlay in KubernetesTests.overlays {
            let annotated = try Self.annotatedSkips(overlay)
            #expect(Set(annotated.map { "\($0)" }) == Set(documented.map { "\($0)" }), "\(overlay)")
            for skip in annotated {
                #expect(skip.reason.count >= 20, "\(skip) needs its one-line reason in the annotation")
            }
        }
        for skip in documented {
            #expect(skip.reason.count >= 20, "\(skip) needs its one-line reason in docs/SECURITY.md")
        }
    }

    @Test func renderedOverlaysHaveNoFailures() throws {
        let files = try KubernetesTests.overlays.map { try KubernetesTests.renderedFile($0) }
        let result = try Self.scan(files)
        #expect(result.passed > 200, "checkov ran its Kubernetes checks (\(result.passed) passed)")
        #expect(result.failed.isEmpty, "\(result.failed.joined(separator: "; "))")
    }

    @Test func weakenedManifestsFail() throws {
        let rendered = try String(contentsOfFile: try KubernetesTests.renderedFile("deploy/k8s"), encoding: .utf8)
        let weakened =
            rendered
            .replacingOccurrences(of: "automountServiceAccountToken: false", with: "automountServiceAccountToken: true")
            .replacingOccurrences(of: "readOnlyRootFilesystem: true", with: "readOnlyRootFilesystem: false")
            .replacingOccurrences(of: "allowPrivilegeEscalation: false", with: "allowPrivilegeEscalation: true")
        #expect(weakened != rendered)
        let result = try Self.scan([try DeployFiles.temporaryFile(named: "weakened.yaml", text: weakened)])
        let failedIDs = Set(result.failed.map { String($0.prefix { $0 != ":" }) })
        // Token automounted, writable root filesystem, privilege escalation allowed.
        #expect(failedIDs.isSuperset(of: ["CKV_K8S_38", "CKV_K8S_22", "CKV_K8S_20"]), "\(failedIDs.sorted())")
    }
}
