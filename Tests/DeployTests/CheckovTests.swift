import Foundation
import LocalServices
import Testing

/// checkov (its own venv, `.venv-checkov`, scripts/setup.sh) on deploy/template.yaml, offline.
/// checkov evaluates `Fn::If` poorly, so it scans concrete variants rendered by deploy_facts.py
/// (defaults, and everything switched on with a CMK) plus a deliberately weakened copy in one
/// run. Every failure on the variants must be a reviewed skip (deploy/checkov-template-skips.txt,
/// each with its reason, listed in docs/SECURITY.md); every skip must still fire (no stale
/// entries); the weakened copy must fail a check that is not skipped.
@Suite struct CheckovTests {
    static let skipsFile = "\(DeployFiles.root)/deploy/checkov-template-skips.txt"

    /// Parameter values of the rendered variants (the rest keep their defaults).
    static let variants: [String: [String]] = [
        "defaults": ["ArtifactsBucket=artifacts", "TritonEndpointURL=http://triton.internal:8000"],
        "hardened": [
            "ArtifactsBucket=artifacts", "TritonEndpointURL=https://triton.internal:443",
            "EncryptionKeyArn=arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-1111-2222-3333-444455556666",
            "PHIPolicy=pseudonymize", "InferenceEdge=alb-waf", "ServerAccessLogging=true", "EnableGuardDuty=true",
            "CreateImageRepository=true", "WorkflowType=EXPRESS", "ReservedConcurrency=50", "SubnetIds=subnet-0a,subnet-0b",
            "SecurityGroupIds=sg-0c", "AlarmEmail=radiology-ops@example.org",
        ],
    ]

    /// One accepted failure: the check, the variant it fails in (or "all"), and why.
    struct Skip: Hashable {
        var check: String
        var variant: String
        var reason: String
        func covers(check: String, variant: String) -> Bool {
            self.check == check && (self.variant == "all" || self.variant == variant)
        }
    }

    /// The skip list: `CHECK_ID  VARIANT  reason` per line, `#` comments.
    static func skips() throws -> [Skip] {
        try DeployFiles.text(skipsFile).split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line in
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            return Skip(
                check: String(parts[0]), variant: parts.count > 1 ? String(parts[1]) : "",
                reason: parts.count > 2 ? parts[2].trimmingCharacters(in: .whitespaces) : "")
        }
    }

    /// Renders the variants and the weakened copy into a fresh folder; returns it.
    static func renderedFolder() throws -> String {
        let folder = URL(fileURLWithPath: try DeployFiles.temporaryFile(named: "README", text: "checkov input\n"))
            .deletingLastPathComponent().path
        let python = try PythonToolchain.locate().python
        for (name, assignments) in variants {
            _ = try DeployFiles.facts(["render", DeployFiles.template, "\(folder)/\(name).json"] + assignments, python: python)
        }
        // Weakened: the hardened variant with the images bucket's encryption and public access
        // block removed.
        let hardened = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/hardened.json")))
        guard var template = hardened as? [String: Any], var resources = template["Resources"] as? [String: Any],
            var bucket = resources["ImagesBucket"] as? [String: Any], var properties = bucket["Properties"] as? [String: Any]
        else { throw LocalServiceError("rendered template has no ImagesBucket") }
        properties["BucketEncryption"] = nil
        properties["PublicAccessBlockConfiguration"] = nil
        bucket["Properties"] = properties
        resources["ImagesBucket"] = bucket
        template["Resources"] = resources
        try JSONSerialization.data(withJSONObject: template).write(to: URL(fileURLWithPath: "\(folder)/weakened.json"))
        return folder
    }

    /// checkov's failed checks per scanned file name: [file: [(check, resource)]].
    static func failures(in folder: String) throws -> [String: [(check: String, resource: String)]] {
        var environment = ProcessInfo.processInfo.environment
        environment["BC_SKIP_MAPPING"] = "TRUE"
        let outcome = try ProcessRunner.run(
            try DeployFiles.checkov(),
            arguments: ["--skip-download", "--framework", "cloudformation", "-d", folder, "-o", "json", "--compact", "--quiet"],
            environment: environment)
        // 0: nothing failed, 1: something failed; anything else is checkov itself failing.
        guard outcome.status == 0 || outcome.status == 1,
            let decoded = try? JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8))
        else { throw LocalServiceError("checkov failed (\(outcome.status)): \(outcome.standardError.suffix(2000))") }
        let reports = decoded as? [[String: Any]] ?? [decoded as? [String: Any] ?? [:]]
        var failures: [String: [(check: String, resource: String)]] = [:]
        for report in reports {
            #expect(value(report, at: ["summary", "parsing_errors"]) as? Int == 0, "checkov could not parse a template")
            for failed in value(report, at: ["results", "failed_checks"]) as? [[String: Any]] ?? [] {
                let file = URL(fileURLWithPath: failed["file_path"] as? String ?? "?").lastPathComponent
                failures[file, default: []].append((failed["check_id"] as? String ?? "?", failed["resource"] as? String ?? "?"))
            }
        }
        return failures
    }

    @Test(.timeLimit(.minutes(20)))
    func templateVariantsFailOnlyReviewedSkipsAndTheWeakenedCopyFails() throws {
        let skips = try Self.skips()
        #expect(skips.count >= 3)
        for skip in skips {
            #expect(skip.reason.count >= 20, "\(skip.check) has no reason")
            #expect(skip.variant == "all" || Self.variants[skip.variant] != nil, "\(skip.check): unknown variant \(skip.variant)")
        }

        let failures = try Self.failures(in: try Self.renderedFolder())
        var used = Set<Skip>()
        for variant in Self.variants.keys {
            for failure in failures["\(variant).json"] ?? [] {
                let skip = skips.first { $0.covers(check: failure.check, variant: variant) }
                #expect(skip != nil, "\(variant): unexplained checkov failure \(failure.check) \(failure.resource)")
                if let skip { used.insert(skip) }
            }
        }
        let stale = Set(skips).subtracting(used).map { "\($0.check) \($0.variant)" }
        #expect(stale.isEmpty, "skips that no longer fail (remove them): \(stale.sorted())")

        let weakened = (failures["weakened.json"] ?? []).filter { failure in
            !skips.contains { $0.covers(check: failure.check, variant: "hardened") }
        }
        #expect(weakened.contains { $0.resource.hasSuffix("ImagesBucket") }, "the weakened copy passed: \(weakened.map(\.check))")

        let security = try DeployFiles.text("\(DeployFiles.root)/docs/SECURITY.md")
        for skip in skips {
            #expect(
                security.contains("| `\(skip.check)` | \(skip.variant) | \(skip.reason) |"),
                "docs/SECURITY.md does not list \(skip.check) (\(skip.variant)) with its reason")
        }
    }
}
