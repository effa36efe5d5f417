import Foundation
import LocalServices
import PipelineModel
import Testing

/// deploy/template.yaml against cfn-lint, the least-privilege rule, the state machine, the
/// Swift code it configures, and the telemetry schema.
@Suite struct TemplateTests {
    /// The five functions the state machine runs, each a `<Name>Function` resource.
    static let stageFunctionNames = ["PrepareTensors", "RunInference", "SendTelemetry", "StoreResults", "ValidateMetadata"]
    /// Every function: the folders under Functions/ (the five stages and the StartStudy starter).
    static let functionNames = ["StartStudy"] + stageFunctionNames

    // MARK: cfn-lint

    struct LintMatch: CustomStringConvertible {
        var level: String
        var rule: String
        var path: [String]
        var message: String
        var description: String { "\(level) \(rule) \(path.joined(separator: "/")): \(message)" }
    }

    static func cfnLint(_ path: String) throws -> [LintMatch] {
        let tool = try PythonToolchain.locate().tool("cfn-lint")
        let outcome = try ProcessRunner.run(tool, arguments: ["--format", "json", path])
        // Exit status is a bit set of the levels found (2 error, 4 warning, 8 info); anything
        // else, or output that is not JSON, means cfn-lint itself failed.
        guard outcome.status & ~14 == 0,
            let list = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [[String: Any]]
        else {
            throw LocalServiceError("cfn-lint failed (\(outcome.status)): \(outcome.standardError)\(outcome.standardOutput)")
        }
        return list.map { match in
            LintMatch(
                level: match["Level"] as? String ?? "?",
                rule: value(match, at: ["Rule", "Id"]) as? String ?? "?",
                path: (value(match, at: ["Location", "Path"]) as? [Any] ?? []).map { "\($0)" },
                message: match["Message"] as? String ?? "")
        }
    }

    /// The only findings accepted: W1030 says provided.al2, which the Runtime parameter still
    /// allows (the issue asks for it), is deprecated. Any other warning fails the test.
    static func isAcceptedWarning(_ match: LintMatch) -> Bool {
        match.level == "Warning" && match.rule == "W1030" && match.path.suffix(2) == ["Runtime", "Ref"]
            && match.message.contains("provided.al2023")
    }

    @Test func cfnLintFindsNoErrorsAndOnlyTheAcceptedWarning() throws {
        let matches = try Self.cfnLint(DeployFiles.template)
        let errors = matches.filter { $0.level == "Error" }
        #expect(errors.isEmpty, "cfn-lint errors:\n\(errors.map(\.description).joined(separator: "\n"))")
        let unexpected = matches.filter { $0.level != "Error" && !Self.isAcceptedWarning($0) }
        #expect(unexpected.isEmpty, "unexpected cfn-lint findings:\n\(unexpected.map(\.description).joined(separator: "\n"))")
    }

    @Test func cfnLintRejectsABrokenCopyOfTheTemplate() throws {
        let text = try DeployFiles.text(DeployFiles.template)
        let broken = text.replacingOccurrences(
            of: "      MemorySize: 128\n      Timeout: 10\n", with: "      MemorySize: 64\n      Timeout: 10\n")
        #expect(broken != text)
        let matches = try Self.cfnLint(try DeployFiles.temporaryFile(named: "template.yaml", text: broken))
        #expect(matches.contains { $0.level == "Error" && $0.path.last == "MemorySize" })
    }

    // MARK: least privilege

    /// Allow statements that may name `Resource: "*"`, by role and Sid, each because AWS offers no
    /// resource-level permission for its actions (the template's comments say so too).
    static let resourceWildcardExceptions: [String: Set<String>] = [
        // Lambda's VPC interfaces: ec2:DescribeNetworkInterfaces and ec2:DescribeSubnets only work on "*".
        "RunInferenceRole/DescribeHasNoResourceScope": ["ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets"],
        // Step Functions logging: CloudWatch Logs' vended-log delivery actions have no resource scope.
        "StateMachineRole/VendedLogDeliveryHasNoResourceScope": [
            "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
        ],
    ]

    /// What is wrong with the Allow statements: wildcard actions (`*`, `s3:*`, `s3:Get*`, `?`),
    /// NotAction/NotResource, or a bare `*` resource outside the exceptions (whose actions must
    /// be exactly the listed ones).
    static func wildcardProblems(in facts: [String: Any]) -> [String] {
        var problems: [String] = []
        for statement in facts["allowStatements"] as? [[String: Any]] ?? [] {
            let name = "\(statement["owner"] ?? "?")/\(statement["sid"] as? String ?? "-")"
            let actions = statement["actions"] as? [String] ?? []
            let resources = statement["resources"] as? [String] ?? []
            if actions.isEmpty { problems.append("\(name): no Action") }
            for action in actions where action.contains("*") || action.contains("?") || !action.contains(":") {
                problems.append("\(name): wildcard or non-literal action \(action)")
            }
            if !(statement["notActions"] as? [String] ?? []).isEmpty { problems.append("\(name): NotAction") }
            if !(statement["notResources"] as? [String] ?? []).isEmpty { problems.append("\(name): NotResource") }
            if resources.isEmpty { problems.append("\(name): no Resource") }
            if resources.contains("*") {
                if let allowed = resourceWildcardExceptions[name] {
                    if Set(actions) != allowed || resources != ["*"] {
                        problems.append("\(name): the Resource \"*\" exception covers exactly \(allowed.sorted()), got \(actions)")
                    }
                } else {
                    problems.append("\(name): Resource \"*\"")
                }
            }
        }
        return problems
    }

    @Test func allowStatementsHaveNoWildcardActionsOrResources() throws {
        let facts = try DeployFiles.templateFacts()
        let statements = facts["allowStatements"] as? [[String: Any]] ?? []
        #expect(statements.count >= 15, "the template's roles hold more Allow statements than were found")
        #expect(Self.wildcardProblems(in: facts) == [])
        // Each exception is in use: a stale entry would hide a future wildcard.
        let names = Set(statements.map { "\($0["owner"] ?? "?")/\($0["sid"] as? String ?? "-")" })
        #expect(Set(Self.resourceWildcardExceptions.keys).isSubset(of: names))
        // The TLS-only policies are the only Deny statements: one per bucket (four, the trail's
        // and the access logs') and one for the queue.
        #expect(facts["denyStatementCount"] as? Int == 7)
    }

    @Test func wildcardCheckRejectsWildcardPolicies() throws {
        let template = """
            AWSTemplateFormatVersion: "2010-09-09"
            Conditions:
              Always: !Equals [a, a]
            Resources:
              Loose:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Version: "2012-10-17"
                    Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }]
                  Policies:
                    - PolicyName: loose
                      PolicyDocument:
                        Version: "2012-10-17"
                        Statement:
                          - { Sid: AllS3, Effect: Allow, Action: "s3:*", Resource: !Sub "arn:aws:s3:::b/*" }
                          - { Sid: Readers, Effect: Allow, Action: [s3:Get*], Resource: "arn:aws:s3:::b/x" }
                          - !If [Always, { Sid: Hidden, Effect: Allow, Action: s3:GetObject, Resource: "*" }, !Ref AWS::NoValue]
                          - { Sid: Everything, Effect: Allow, NotAction: iam:PassRole, Resource: "arn:aws:s3:::b" }
            """
        let facts = try DeployFiles.templateFacts(try DeployFiles.temporaryFile(named: "loose.yaml", text: template))
        let problems = Self.wildcardProblems(in: facts)
        for sid in ["AllS3", "Readers", "Hidden", "Everything"] {
            #expect(problems.contains { $0.hasPrefix("Loose/\(sid):") }, "\(sid) not flagged: \(problems)")
        }
    }

    @Test func stateMachineRoleInvokesExactlyTheFiveFunctions() throws {
        let facts = try DeployFiles.templateFacts()
        let invokes = (facts["allowStatements"] as? [[String: Any]] ?? []).filter {
            ($0["actions"] as? [String] ?? []).contains("lambda:InvokeFunction")
        }
        #expect(invokes.count == 1)
        #expect(invokes.first?["owner"] as? String == "StateMachineRole")
        #expect(invokes.first?["actions"] as? [String] == ["lambda:InvokeFunction"])
        let expected = Set(Self.stageFunctionNames.map { #"{"Fn::GetAtt": ["\#($0)Function", "Arn"]}"# })
        #expect(Set(invokes.first?["resources"] as? [String] ?? []) == expected)
    }

    // MARK: state machine and EventBridge

    @Test func definitionSubstitutionsMatchTheDefinitionsPlaceholders() throws {
        let definition = try DeployFiles.text(DeployFiles.stateMachine)
        let placeholders = Set(definition.matches(of: /\$\{([^}]*)\}/).map { String($0.1) })
        #expect(placeholders.count == 5)
        let keys = try DeployFiles.templateFacts()["substitutionKeys"] as? [String] ?? []
        #expect(keys.count == Set(keys).count)
        #expect(Set(keys) == placeholders)
    }

    @Test func sidecarEventsReachStartStudyWhichStartsWhatTheFirstStateReads() throws {
        // The first state's Parameters read `$.<field>` from the execution input.
        let definition = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: DeployFiles.stateMachine)))
        let first = value(definition, at: ["StartAt"]) as? String ?? ""
        let parameters = value(definition, at: ["States", first, "Parameters"]) as? [String: Any] ?? [:]
        let read = Set(parameters.values.compactMap { ($0 as? String)?.wholeMatch(of: /\$\.(\w+)/).map { String($0.1) } })
        #expect(read == ["bucket", "objectKey", "submission"])

        // Rule → queue (no transformer: StartStudy reads the whole event) → StartStudy.
        let facts = try DeployFiles.templateFacts()
        let rule = value(facts, at: ["eventRules", "StudyObjectCreatedRule"])
        #expect(value(rule, at: ["Targets", 0, "Arn", "Fn::GetAtt"]) as? [String] == ["StudyEventsQueue", "Arn"])
        #expect(value(rule, at: ["Targets", 0, "InputTransformer"]) == nil)
        // Sidecars and DICOM objects start studies; images named by a sidecar do not.
        let keyPatterns = value(rule, at: ["EventPattern", "detail", "object", "key"]) as? [[String: Any]] ?? []
        #expect(keyPatterns.compactMap { $0["wildcard"] as? String } == ["images/*.json", "images/*.dcm"])
        let mapping = value(facts, at: ["eventSourceMappings", "StartStudyEventSource"])
        #expect(value(mapping, at: ["EventSourceArn", "Fn::GetAtt"]) as? [String] == ["StudyEventsQueue", "Arn"])
        #expect(value(mapping, at: ["FunctionName", "Ref"]) as? String == "StartStudyFunction")
        #expect(value(mapping, at: ["FunctionResponseTypes"]) as? [String] == ["ReportBatchItemFailures"])
        // SQS must not hand a message to a second poller while StartStudy still works on it.
        let visibility = value(facts, at: ["queues", "StudyEventsQueue", "VisibilityTimeout"]) as? Int ?? 0
        let timeout = value(facts, at: ["functions", "StartStudyFunction", "Timeout"]) as? Int ?? .max
        #expect(visibility >= 6 * timeout)
        #expect(value(facts, at: ["queues", "StudyEventsQueue", "RedrivePolicy", "deadLetterTargetArn"]) != nil)

        // What StartStudy sends is what the first state reads, and the submission StoreResults keys the record by.
        let submission = try #require(
            StudySubmission(
                bucket: "images", objectKey: "images/s-1/image.json", eTag: "\"0123456789abcdef\"", versionID: "v1", sequencer: nil))
        let input = try JSONSerialization.jsonObject(with: JSONEncoder().encode(submission.executionInput)) as? [String: Any] ?? [:]
        #expect(Set(input.keys) == read)

        // Only sidecars start executions: images would fail ValidateMetadata's ".json" rule.
        #expect(value(rule, at: ["EventPattern", "detail", "object", "key", 0, "wildcard"]) as? String == "images/*.json")
        #expect(value(rule, at: ["EventPattern", "detail-type", 0]) as? String == "Object Created")
    }

    // MARK: functions

    @Test(arguments: functionNames)
    func functionRunsTheStaticBootstrapFromTheArtifactsBucket(name: String) throws {
        let facts = try DeployFiles.templateFacts()
        let function = value(facts, at: ["functions", "\(name)Function"]) as? [String: Any]
        try #require(function != nil)
        #expect(function?["Handler"] as? String == "bootstrap")
        #expect(value(function, at: ["Runtime", "Ref"]) as? String == "Runtime")
        #expect(value(function, at: ["Architectures", 0, "Ref"]) as? String == "Architecture")
        #expect(value(function, at: ["Code", "S3Bucket", "Ref"]) as? String == "ArtifactsBucket")
        #expect(value(function, at: ["Code", "S3Key", "Fn::Sub"]) as? String == "${ArtifactsPrefix}\(name).zip")
        #expect(FileManager.default.fileExists(atPath: "\(DeployFiles.root)/Functions/\(name)/\(name).swift"))
    }

    @Test func runtimeAndMemoryParametersAreTheDocumentedOnes() throws {
        let parameters = try DeployFiles.templateFacts()["parameters"] as? [String: Any]
        #expect(value(parameters, at: ["Runtime", "Default"]) as? String == "provided.al2023")
        #expect(Set(value(parameters, at: ["Runtime", "AllowedValues"]) as? [String] ?? []) == ["provided.al2023", "provided.al2"])
        #expect(Set(value(parameters, at: ["Architecture", "AllowedValues"]) as? [String] ?? []) == ["x86_64", "arm64"])
        // ~0.58 vCPU: PrepareTensors' billed time is mostly S3 waiting (template comment, docs/scale.md).
        #expect(value(parameters, at: ["PrepareTensorsMemorySize", "Default"]) as? Int == 1024)
    }

    /// Lambda Managed Instances for PrepareTensors: off by default, and when on, the function's
    /// capacity provider (with its operator role) exists under the same condition and gets the
    /// concurrency parameter (issue 14, item 2). cfn-lint checks the properties' schema.
    @Test func prepareTensorsMovesToACapacityProviderOnlyWhenAsked() throws {
        let facts = try DeployFiles.templateFacts()
        let resources = facts["resources"] as? [String: Any]
        #expect(value(facts, at: ["parameters", "PrepareTensorsCompute", "Default"]) as? String == "lambda")
        let condition = "PrepareTensorsOnManagedInstances"
        let choice = try #require(
            value(resources, at: ["PrepareTensorsFunction", "Properties", "CapacityProviderConfig", "Fn::If"]) as? [Any])
        #expect(choice.first as? String == condition)
        #expect(value(choice, at: [2, "Ref"]) as? String == "AWS::NoValue", "without the condition, no capacity provider")
        let managed = value(choice, at: [1, "LambdaManagedInstancesCapacityProviderConfig"])
        #expect(value(managed, at: ["CapacityProviderArn", "Fn::GetAtt"]) as? [String] == ["PrepareTensorsCapacityProvider", "Arn"])
        #expect(value(managed, at: ["PerExecutionEnvironmentMaxConcurrency", "Ref"]) as? String == "PrepareTensorsMaxConcurrency")
        for (name, type) in [
            ("PrepareTensorsCapacityProvider", "AWS::Lambda::CapacityProvider"), ("ManagedInstancesOperatorRole", "AWS::IAM::Role"),
        ] {
            #expect(value(resources, at: [name, "Type"]) as? String == type)
            #expect(value(resources, at: [name, "Condition"]) as? String == condition)
        }
        #expect(
            value(
                resources,
                at: ["PrepareTensorsCapacityProvider", "Properties", "PermissionsConfig", "CapacityProviderOperatorRoleArn", "Fn::GetAtt"])
                as? [String] == ["ManagedInstancesOperatorRole", "Arn"])
    }

    // MARK: environment variables

    /// Variables every function reads through the shared libraries.
    static let sharedLibrarySources = [
        "Sources/AWSClients/AWSConfiguration.swift", "Sources/AWSSigV4/AWSCredentials.swift",
        "Sources/LambdaRuntime/LambdaEnvironment.swift", "Sources/CurlHTTP/CertificateBundle.swift",
    ]
    /// Libraries with settings of their own, per function (as in Package.swift).
    static let functionLibrarySources = [
        "PrepareTensors": ["Sources/TensorPreparation/PreprocessingConfiguration+Loading.swift"],
        "RunInference": ["Sources/Inference/InferenceConfiguration.swift"],
    ]

    static func environmentNames(in text: String) -> Set<String> {
        Set(text.matches(of: /"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"/).map { String($0.1) })
    }

    /// The variables a function's code reads: the `FunctionSettings` `names:` list of its
    /// handler, and the variable names of the libraries that read the environment for it.
    static func variablesRead(by function: String) throws -> Set<String> {
        let handler = try DeployFiles.text("\(DeployFiles.root)/Functions/\(function)/\(function).swift")
        var names = Set<String>()
        for list in handler.matches(of: /names:\s*\[([^\]]*)\]/) { names.formUnion(environmentNames(in: String(list.1))) }
        for path in sharedLibrarySources + (functionLibrarySources[function] ?? []) {
            names.formUnion(environmentNames(in: try DeployFiles.text("\(DeployFiles.root)/\(path)")))
        }
        return names
    }

    @Test func readVariablesAreFoundPerFunction() throws {
        // The parser must tell functions apart, or the next test could not fail.
        #expect(try Self.variablesRead(by: "PrepareTensors").isSuperset(of: ["TENSORS_BUCKET", "MODEL_INPUT_WIDTH", "AWS_REGION"]))
        #expect(try !Self.variablesRead(by: "RunInference").contains("TENSORS_BUCKET"))
        #expect(try Self.variablesRead(by: "RunInference").isSuperset(of: ["TENSORS_BUCKETS", "RADSTREAM_INFERENCE_URL", "MODEL_NAME"]))
        #expect(try !Self.variablesRead(by: "StoreResults").contains("RADSTREAM_INFERENCE_URL"))
    }

    @Test(arguments: functionNames)
    func everyVariableSetIsReadByTheFunction(name: String) throws {
        let environment = try DeployFiles.templateFacts()["functionEnvironment"] as? [String: [String]] ?? [:]
        let set = try #require(environment["\(name)Function"])
        let read = try Self.variablesRead(by: name)
        #expect(Set(set).subtracting(read).isEmpty, "\(name) sets variables its code never reads: \(Set(set).subtracting(read).sorted())")
        // Required settings (`is required` in the handler, or the Triton URL) are all set.
        let handler = try DeployFiles.text("\(DeployFiles.root)/Functions/\(name)/\(name).swift")
        var required = Set(handler.matches(of: /variable: "([A-Z_]+)", problem: "is required"/).map { String($0.1) })
        if name == "RunInference" { required.insert("RADSTREAM_INFERENCE_URL") }
        #expect(required.isSubset(of: Set(set)), "\(name) misses required variables: \(required.subtracting(set).sorted())")
    }

    @Test func everyVariableSetIsDocumentedInTheDeployGuide() throws {
        let guide = try DeployFiles.text("\(DeployFiles.root)/docs/deploy.md")
        let environment = try DeployFiles.templateFacts()["functionEnvironment"] as? [String: [String]] ?? [:]
        let names = Set(environment.values.joined())
        #expect(names.count >= 15)
        let missing = names.filter { !guide.contains("`\($0)`") }
        #expect(missing.isEmpty, "docs/deploy.md does not document \(missing.sorted())")
    }

    // MARK: telemetry schema and metrics

    /// TelemetryEvent's stored properties, in order, with their Swift types.
    static func telemetryEventFields() throws -> [(name: String, type: String)] {
        let source = try DeployFiles.text("\(DeployFiles.root)/Functions/SendTelemetry/SendTelemetry.swift")
        guard let start = source.range(of: "struct TelemetryEvent"),
            let end = source.range(of: "static func events", range: start.upperBound..<source.endIndex)
        else { throw LocalServiceError("TelemetryEvent not found in SendTelemetry.swift") }
        return source[start.upperBound..<end.lowerBound].matches(of: /var (\w+)(?:: (\w+)\??)?(?: = (\d+))?/).map { match in
            (String(match.1), match.2.map(String.init) ?? (match.3 != nil ? "Int" : "?"))
        }
    }

    @Test func glueColumnsAreTheTelemetryEventsFields() throws {
        let fields = try Self.telemetryEventFields()
        #expect(fields.count == 12)
        let columns = try DeployFiles.templateFacts()["glueColumns"] as? [[String: String]] ?? []
        #expect(columns.map { $0["name"] ?? "" } == fields.map { $0.name.lowercased() })
        let glueTypes: [String: Set<String>] = ["Int": ["int", "bigint"], "Double": ["double"], "String": ["string"]]
        for (field, column) in zip(fields, columns) {
            #expect(
                glueTypes[field.type]?.contains(column["type"] ?? "") == true, "\(field.name): \(field.type) vs \(column["type"] ?? "?")")
        }
    }

    @Test func alarmsUseTheMetricsSendTelemetryEmits() throws {
        let source = try DeployFiles.text("\(DeployFiles.root)/Functions/SendTelemetry/SendTelemetry.swift")
        // The EMF line is written with escaped quotes in the Swift source: {\"Name\":\"Duration\",…
        let metrics = Set(source.matches(of: /\\"Name\\":\\"(\w+)\\"/).map { String($0.1) })
        #expect(metrics == ["Duration", "Failures"])
        let dimensionSets: Set<Set<String>> = [["Stage"], ["Stage", "Status"]]
        #expect(source.contains(#"\"Dimensions\":[[\"Stage\"],[\"Stage\",\"Status\"]]"#))

        let alarms = try DeployFiles.templateFacts()["alarms"] as? [String: [String: Any]] ?? [:]
        let emfAlarms = alarms.filter { value($0.value, at: ["Namespace", "Ref"]) as? String == "MetricsNamespace" }
        #expect(emfAlarms.count >= 4)
        for (name, alarm) in emfAlarms {
            #expect(metrics.contains(alarm["MetricName"] as? String ?? ""), "\(name)")
            let dimensions = alarm["Dimensions"] as? [[String: Any]] ?? []
            #expect(dimensionSets.contains(Set(dimensions.compactMap { $0["Name"] as? String })), "\(name)")
        }
    }
}
