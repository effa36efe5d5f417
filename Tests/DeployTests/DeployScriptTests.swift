import Foundation
import LocalServices
import Testing

/// scripts/deploy.sh: its dry run prints the whole deploy and calls nothing; its real run, with
/// the AWS CLI from the test venv pointed at moto, creates the artifacts bucket, uploads the
/// artifacts and makes the CloudFormation change set from the template in S3.
@Suite struct DeployScriptTests {
    static let script = "\(DeployFiles.root)/scripts/deploy.sh"
    static let exampleParameters = "\(DeployFiles.root)/deploy/parameters.example.json"
    static let functions = TemplateTests.functionNames
    /// CloudFormation's limits on a template's size: inline (`--template-body`) and from S3.
    static let inlineTemplateLimit = 51_200
    static let s3TemplateLimit = 1_048_576

    /// The commands the script printed (`+ command…`), without the prefix.
    static func commands(in output: String) -> [String] {
        output.split(separator: "\n").filter { $0.hasPrefix("+ ") }.map { String($0.dropFirst(2)) }
    }

    @Test func dryRunPrintsTheWholeDeployAndCallsNoTool() throws {
        // No AWS CLI on PATH: a dry run that called `aws` (or built anything) would fail.
        let outcome = try ProcessRunner.run(
            Self.script, arguments: ["--parameters", Self.exampleParameters, "--dry-run"],
            environment: ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let commands = Self.commands(in: outcome.standardOutput)
        let package = commands.first?.split(separator: " ").map(String.init) ?? []
        #expect(package.first == "scripts/package.sh" && Set(package.dropFirst()) == Set(Self.functions) && package.count == 7)
        #expect(commands.contains { $0.hasPrefix("aws --region eu-west-1 s3api create-bucket --bucket my-radstream-artifacts") })
        #expect(commands.contains { $0.hasPrefix("aws --region eu-west-1 s3api put-public-access-block --bucket my-radstream-artifacts") })
        let prefix = try #require(
            outcome.standardOutput.firstMatch(of: /upload to s3:\/\/my-radstream-artifacts\/(radstream\/[^\/]+\/)/)?.1)
        for name in Self.functions.map({ "\($0).zip" }) + ["statemachine.asl.json", "template.yaml"] {
            #expect(outcome.standardOutput.contains("-> s3://my-radstream-artifacts/\(prefix)\(name)\n"), "\(name) not uploaded")
        }
        let deploy = try #require(commands.first { $0.hasPrefix("aws --region eu-west-1 cloudformation deploy ") })
        for part in [
            "--stack-name radstream", "--template-file deploy/template.yaml", "--s3-bucket my-radstream-artifacts",
            "--s3-prefix \(prefix.dropLast())", "--capabilities CAPABILITY_IAM", "--parameter-overrides",
            "ArtifactsBucket=my-radstream-artifacts", "ArtifactsPrefix=\(prefix)", "PHIPolicy=reject",
            "TritonEndpointURL=http://internal-k8s-radstrea-triton-0123456789.elb.eu-west-1.amazonaws.com:8000",
            #"SubnetIds=subnet-0aaaaaaaaaaaaaaaa\,subnet-0bbbbbbbbbbbbbbbb"#,
        ] {
            #expect(deploy.contains(part), "the deploy command lacks \(part): \(deploy)")
        }
        #expect(!deploy.contains("--no-execute-changeset"))
        #expect(commands.last?.contains("cloudformation describe-stacks --stack-name radstream") == true)
        #expect(outcome.standardOutput.contains("Smoke test"))
    }

    @Test func parametersFileThatSetsTheArtifactsLocationIsRefused() throws {
        let file = try DeployFiles.temporaryFile(
            named: "parameters.json",
            text: #"{"StackName": "s", "ArtifactsBucket": "b", "Parameters": {"ArtifactsPrefix": "x/"}}"#)
        let outcome = try ProcessRunner.run(
            Self.script, arguments: ["--parameters", file, "--dry-run"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(outcome.status == 2)
        #expect(outcome.standardError.contains("Parameters.ArtifactsPrefix is set by scripts/deploy.sh"))
        #expect(!outcome.standardOutput.contains("cloudformation deploy"))

        // A value that cannot travel on one command line stops the script before any step,
        // even after valid parameters (all or nothing).
        let multiline = try DeployFiles.temporaryFile(
            named: "parameters.json",
            text: #"{"StackName": "s", "ArtifactsBucket": "b", "Parameters": {"ModelTopK": "4", "ModelLabels": "a\nb"}}"#)
        let refused = try ProcessRunner.run(
            Self.script, arguments: ["--parameters", multiline, "--dry-run"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(refused.status == 2)
        #expect(refused.standardError.contains("values on one line"))
        #expect(!refused.standardOutput.contains("==> 1/5"))
    }

    @Test func exampleParametersAndTheGuideNameOnlyTemplateParameters() throws {
        let parameters = Set((try DeployFiles.templateFacts()["parameters"] as? [String: Any] ?? [:]).keys)
        let example = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.exampleParameters)))
        let set = Set((value(example, at: ["Parameters"]) as? [String: Any] ?? [:]).keys)
        #expect(!set.isEmpty && set.isSubset(of: parameters), "unknown: \(set.subtracting(parameters).sorted())")
        // Every parameter has its row in docs/deploy.md (a renamed one cannot stay documented).
        let guide = try DeployFiles.text("\(DeployFiles.root)/docs/deploy.md")
        #expect(parameters.count >= 35)
        #expect(parameters.filter { !guide.contains("`\($0)`") }.isEmpty)
    }

    @Test func templateDeploysThroughS3AndFitsItsLimit() throws {
        let size = try FileManager.default.attributesOfItem(atPath: DeployFiles.template)[.size] as? Int ?? .max
        #expect(size < Self.s3TemplateLimit, "deploy/template.yaml is \(size) bytes; CloudFormation reads at most 1 MB from S3")
        // Above the inline limit, so every documented deploy must pass --s3-bucket.
        #expect(size > Self.inlineTemplateLimit)
        let script = try DeployFiles.text(Self.script)
        #expect(script.contains("--s3-bucket \"$bucket\" --s3-prefix"))
        let guide = try DeployFiles.text("\(DeployFiles.root)/docs/deploy.md")
        for command in guide.matches(of: /aws cloudformation deploy[^`]*/) {
            #expect(command.0.contains("--s3-bucket"), "docs/deploy.md deploys inline: \(command.0.prefix(120))")
        }
    }

    @Test(.timeLimit(.minutes(10)))
    func deployAgainstMotoUploadsTheArtifactsAndCreatesTheChangeSet() throws {
        let toolchain = try PythonToolchain.locate()
        _ = try toolchain.tool("aws")
        let server = try MotoServer(toolchain: toolchain)
        defer { server.stop() }
        // "localhost", not 127.0.0.1: moto's CloudFormation finds a TemplateURL's bucket in the
        // path only for localhost URLs (moto/cloudformation/responses.py).
        let endpoint = "http://localhost:\(server.port)"

        // Stand-in zips (an empty zip archive each): the script's packaging is
        // scripts/package.sh, tested by PackagedFunctionTests; here the bytes only travel.
        let folder = URL(fileURLWithPath: try DeployFiles.temporaryFile(named: "parameters.json", text: "")).deletingLastPathComponent()
        let emptyZip = Data([0x50, 0x4B, 0x05, 0x06] + [UInt8](repeating: 0, count: 18))
        for function in Self.functions { try emptyZip.write(to: folder.appending(path: "\(function).zip")) }
        let parameters = folder.appending(path: "parameters.json").path
        try #"""
        {"StackName": "radstream-test", "Region": "us-east-1", "ArtifactsBucket": "radstream-test-artifacts",
         "Parameters": {"TritonEndpointURL": "http://triton.internal:8000", "PHIPolicy": "reject"}}
        """#.write(toFile: parameters, atomically: true, encoding: .utf8)

        var environment = server.awsEnvironment
        environment.removeValue(forKey: "AWS_ENDPOINT_URL")
        environment["PATH"] = "\(toolchain.binFolder):/usr/bin:/bin"
        environment["HOME"] = folder.path
        let outcome = try ProcessRunner.run(
            Self.script,
            arguments: [
                "--parameters", parameters, "--skip-package", "--artifacts-dir", folder.path, "--no-execute", "--endpoint-url", endpoint,
            ],
            environment: environment)
        #expect(outcome.status == 0, "deploy.sh failed: \(outcome.standardError)\n\(outcome.standardOutput)")
        let prefix = try #require(
            outcome.standardOutput.firstMatch(of: /upload to s3:\/\/radstream-test-artifacts\/(radstream-test\/[0-9a-f]{16}\/)/)?.1)

        let facts = try DeployFiles.facts(
            ["deployment", endpoint, "radstream-test-artifacts", String(prefix), "radstream-test"], python: toolchain.python)
        // The bucket the script created is private, versioned and encrypted.
        #expect(value(facts, at: ["versioning"]) as? String == "Enabled")
        #expect(value(facts, at: ["encryption"]) as? [String] == ["AES256"])
        let block = value(facts, at: ["publicAccessBlock"]) as? [String: Bool] ?? [:]
        #expect(block.count == 4 && block.values.allSatisfy { $0 })

        // Every artifact under the prefix, byte for byte; plus the CLI's own copy of the template.
        let objects = value(facts, at: ["objects"]) as? [String: String] ?? [:]
        let templateDigest = try #require(objects["template.yaml"])
        #expect(objects["statemachine.asl.json"] == (try Self.sha256(of: DeployFiles.stateMachine, python: toolchain.python)))
        #expect(templateDigest == (try Self.sha256(of: DeployFiles.template, python: toolchain.python)))
        for function in Self.functions { #expect(objects["\(function).zip"] != nil, "\(function).zip") }
        let cliCopies = objects.filter { $0.key.hasSuffix(".template") }
        #expect(cliCopies.count == 1 && cliCopies.first?.value == templateDigest)

        // The change set: created from the template in S3, with the script's artifact location.
        let changeSets = value(facts, at: ["changeSets"]) as? [[String: Any]] ?? []
        #expect(changeSets.count == 1)
        #expect(value(changeSets.first, at: ["status"]) as? String == "CREATE_COMPLETE")
        let set = value(changeSets.first, at: ["parameters"]) as? [String: String] ?? [:]
        #expect(set["ArtifactsBucket"] == "radstream-test-artifacts")
        #expect(set["ArtifactsPrefix"] == String(prefix))
        #expect(set["TritonEndpointURL"] == "http://triton.internal:8000")
        #expect(outcome.standardOutput.contains("change set created, not executed"))
    }

    static func sha256(of path: String, python: String) throws -> String {
        let outcome = try ProcessRunner.run(
            python, arguments: ["-c", "import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],'rb').read()).hexdigest())", path])
        return outcome.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
