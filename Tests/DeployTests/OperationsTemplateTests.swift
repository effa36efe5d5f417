import Foundation
import Inference
import LocalServices
import Testing

/// What deploy/template.yaml adds for operations and security review: alarms on metrics that
/// something emits, secrets by ARN only, the CMK and Retain policies, the audit trail,
/// GuardDuty, the inference Web ACL and the Athena named queries.
@Suite struct OperationsTemplateTests {
    /// The template's facts as deploy_facts.py printed them, read once (cfn-lint takes seconds).
    static let factsOutput: Result<String, any Error> = Result {
        let outcome = try ProcessRunner.run(
            try PythonToolchain.locate().python, arguments: [DeployFiles.factsScript, "template", DeployFiles.template])
        guard outcome.status == 0 else { throw LocalServiceError("deploy_facts.py template failed: \(outcome.standardError)") }
        return outcome.standardOutput
    }
    static var facts: Result<[String: Any], any Error> {
        Result {
            guard let facts = try JSONSerialization.jsonObject(with: Data(try factsOutput.get().utf8)) as? [String: Any] else {
                throw LocalServiceError("template facts are not an object")
            }
            return facts
        }
    }
    static func resources() throws -> [String: [String: Any]] {
        try facts.get()["resources"] as? [String: [String: Any]] ?? [:]
    }
    static func properties(_ logicalID: String) throws -> [String: Any] {
        try #require(try resources()[logicalID]?["Properties"] as? [String: Any], "no resource \(logicalID)")
    }
    /// `!If [UseKms, !Ref EncryptionKeyArn, !Ref AWS::NoValue]` as the facts render it.
    static var keyWhenGiven: [String: Any] { ["Fn::If": ["UseKms", ["Ref": "EncryptionKeyArn"], ["Ref": "AWS::NoValue"]]] }
    /// Whether two decoded JSON values are equal (compared as sorted-key JSON).
    static func same(_ left: Any?, _ right: Any) -> Bool {
        func canonical(_ value: Any) -> Data? {
            try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed])
        }
        guard let left, let encoded = canonical(left) else { return false }
        return encoded == canonical(right)
    }

    // MARK: alarms

    static let stages: Set<String> = ["ValidateMetadata", "PrepareTensors", "RunInference", "StoreResults", "Unknown", "Execution"]
    static let stateMachineMetrics: Set<String> = [
        "ExecutionsStarted", "ExecutionsSucceeded", "ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted",
    ]

    /// Why a metric (namespace, name, dimensions as the template writes them) is not one that
    /// SendTelemetry's EMF lines, Step Functions, Lambda or SQS emit for this stack; nil if it is.
    static func problem(namespace: Any?, name: String?, dimensions: [[String: Any]]) -> String? {
        let dimensionNames = Set(dimensions.compactMap { $0["Name"] as? String })
        func dimension(_ key: String) -> Any? { dimensions.first { $0["Name"] as? String == key }?["Value"] }
        switch namespace {
        case let reference as [String: Any] where reference["Ref"] as? String == "MetricsNamespace":
            guard ["Duration", "Failures"].contains(name ?? "") else { return "EMF has no metric \(name ?? "-")" }
            guard dimensionNames == ["Stage"] || dimensionNames == ["Stage", "Status"] else { return "EMF dimension set \(dimensionNames)" }
            guard let stage = dimension("Stage") as? String, stages.contains(stage) else { return "EMF has no such Stage" }
            if let status = dimension("Status") {
                guard ["succeeded", "failed"].contains(status as? String ?? "") else { return "Status" }
            }
            return nil
        case "AWS/States" as String:
            guard stateMachineMetrics.contains(name ?? "") else { return "AWS/States has no \(name ?? "-")" }
            return same(dimension("StateMachineArn"), ["Ref": "StateMachine"]) ? nil : "not this state machine"
        case "AWS/Lambda" as String:
            guard ["Throttles", "Errors", "Duration"].contains(name ?? "") else { return "AWS/Lambda \(name ?? "-")" }
            let function = (dimension("FunctionName") as? [String: Any])?["Ref"] as? String ?? ""
            return TemplateTests.functionNames.map({ "\($0)Function" }).contains(function) ? nil : "not one of the functions"
        case "AWS/SQS" as String:
            guard name == "ApproximateNumberOfMessagesVisible" else { return "AWS/SQS \(name ?? "-")" }
            let queue = (dimension("QueueName") as? [String: Any])?["Fn::GetAtt"] as? [String] ?? []
            return queue.count == 2 && queue[1] == "QueueName" ? nil : "not a queue of the stack"
        default:
            return "namespace \(String(describing: namespace)) is emitted by nothing the stack runs"
        }
    }

    /// Every metric an alarm reads, single or in metric math.
    static func metrics(of alarm: [String: Any]) -> [(namespace: Any?, name: String?, dimensions: [[String: Any]])] {
        if let list = alarm["Metrics"] as? [[String: Any]] {
            return list.compactMap { entry in
                guard let metric = value(entry, at: ["MetricStat", "Metric"]) as? [String: Any] else { return nil }
                return (metric["Namespace"], metric["MetricName"] as? String, metric["Dimensions"] as? [[String: Any]] ?? [])
            }
        }
        return [(alarm["Namespace"], alarm["MetricName"] as? String, alarm["Dimensions"] as? [[String: Any]] ?? [])]
    }

    @Test func everyAlarmReadsAMetricSomethingEmitsAndNotifiesOnAlarmAndOK() throws {
        let alarms = try Self.facts.get()["alarms"] as? [String: [String: Any]] ?? [:]
        #expect(alarms.count >= 9)
        let topic: [String: Any] = ["Fn::If": ["HasAlarmTopic", ["Ref": "AlarmTopicArn"], ["Ref": "AlarmTopic"]]]
        for (name, alarm) in alarms {
            for metric in Self.metrics(of: alarm) {
                let problem = Self.problem(namespace: metric.namespace, name: metric.name, dimensions: metric.dimensions)
                #expect(problem == nil, "\(name): \(problem ?? "")")
            }
            #expect(Self.same(alarm["AlarmActions"], [topic]), "\(name) notifies nobody")
            #expect(Self.same(alarm["OKActions"], [topic]), "\(name) has no OK action")
        }
    }

    @Test func checkerRejectsMetricsNothingEmits() {
        #expect(
            Self.problem(namespace: ["Ref": "MetricsNamespace"], name: "Latency", dimensions: [["Name": "Stage", "Value": "Execution"]])
                != nil)
        #expect(
            Self.problem(namespace: ["Ref": "MetricsNamespace"], name: "Duration", dimensions: [["Name": "Study", "Value": "x"]]) != nil)
        #expect(Self.problem(namespace: "AWS/States", name: "ExecutionsFailed", dimensions: []) != nil)
        #expect(
            Self.problem(namespace: "AWS/Lambda", name: "Errors", dimensions: [["Name": "FunctionName", "Value": ["Ref": "Other"]]]) != nil)
        #expect(Self.problem(namespace: "AWS/ApiGateway", name: "5XXError", dimensions: []) != nil)
        #expect(
            Self.problem(
                namespace: "AWS/States", name: "ExecutionsAborted",
                dimensions: [["Name": "StateMachineArn", "Value": ["Ref": "StateMachine"]]]) == nil)
    }

    @Test func failureRateCountsEveryUnsuccessfulEndAndAlarmsMOfN() throws {
        let alarm = try Self.properties("ExecutionsUnsuccessfulRateAlarm")
        let read = Set(Self.metrics(of: alarm).compactMap(\.name))
        #expect(read == ["ExecutionsStarted", "ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted"])
        let datapoints = alarm["DatapointsToAlarm"] as? Int ?? 0
        let periods = alarm["EvaluationPeriods"] as? Int ?? 0
        #expect(datapoints >= 2 && datapoints < periods, "M of N with M < N")
        let expression = (alarm["Metrics"] as? [[String: Any]] ?? []).compactMap { $0["Expression"] as? String }.first ?? ""
        for id in ["failed", "timedout", "aborted", "started"] { #expect(expression.contains(id)) }
        // No count threshold that cannot fire at low volume remains.
        let alarms = try Self.facts.get()["alarms"] as? [String: [String: Any]] ?? [:]
        #expect(!alarms.values.contains { $0["MetricName"] as? String == "ExecutionsFailed" })
    }

    @Test func telemetryOutagesAndThrottlesOfEveryFunctionAlarm() throws {
        let telemetry = try Self.properties("SendTelemetryErrorsAlarm")
        #expect(telemetry["MetricName"] as? String == "Errors")
        #expect(Self.same(value(telemetry, at: ["Dimensions", 0, "Value"]), ["Ref": "SendTelemetryFunction"]))
        let missing = Self.metrics(of: try Self.properties("ExecutionsWithoutTelemetryAlarm"))
        #expect(Set(missing.compactMap(\.name)) == ["ExecutionsStarted", "Failures"])
        let throttled = Self.metrics(of: try Self.properties("LambdaThrottlesAlarm")).compactMap {
            ($0.dimensions.first?["Value"] as? [String: Any])?["Ref"] as? String
        }
        #expect(Set(throttled) == Set(TemplateTests.functionNames.map { "\($0)Function" }))
        // Stage and end-to-end p95 have their own thresholds.
        #expect(Self.same(try Self.properties("ExecutionP95Alarm")["Threshold"], ["Ref": "ExecutionP95ThresholdMilliseconds"]))
        #expect(Self.same(try Self.properties("RunInferenceP95Alarm")["Threshold"], ["Ref": "StageP95ThresholdMilliseconds"]))
    }

    @Test func dashboardHasThePerformanceAndSecurityViews() throws {
        let body = try #require(value(try Self.properties("Dashboard"), at: ["DashboardBody", "Fn::Sub"]) as? String)
        for title in [
            "Latency per stage over time", "Studies per hour", "p50 / p95", "Error rate %", "WAF requests", "GuardDuty findings",
            "Dead-letter queue depth",
        ] {
            #expect(body.contains(title), "dashboard lacks \(title)")
        }
        #expect(body.contains("${StartStudyFunction}"))
        #expect(body.contains("\"${AWS::StackName}-inference\""))
        #expect(try Self.properties("InferenceWebACL")["Name"] as? [String: String] == ["Fn::Sub": "${AWS::StackName}-inference"])
        #expect(
            try Self.properties("GuardDutyFindingsRule")["Name"] as? [String: String] == ["Fn::Sub": "${AWS::StackName}-guardduty-findings"]
        )
    }

    // MARK: secrets

    @Test func functionsHoldSecretARNsOnlyAndEachRoleReadsItsOneSecret() throws {
        let resources = try Self.resources()
        for (logicalID, resource) in resources where resource["Type"] as? String == "AWS::Lambda::Function" {
            let variables = value(resource, at: ["Properties", "Environment", "Variables"]) as? [String: Any] ?? [:]
            #expect(variables["PHI_HMAC_KEY"] == nil, "\(logicalID) holds the key itself")
            let rendered = String(decoding: try JSONSerialization.data(withJSONObject: variables), as: UTF8.self)
            #expect(!rendered.contains("{{resolve:"), "\(logicalID) resolves a secret into its environment")
        }
        #expect(
            value(resources, at: ["ValidateMetadataFunction", "Properties", "Environment", "Variables", "PHI_HMAC_KEY_SECRET_ARN"]) != nil)
        #expect(
            Self.same(
                value(
                    resources, at: ["RunInferenceFunction", "Properties", "Environment", "Variables", "INFERENCE_CREDENTIAL_SECRET_ARN"]),
                ["Ref": "InferenceCredentialSecret"]),
            "Triton refuses requests without the credential behind either edge, so RunInference always reads it")

        let reads = (try Self.facts.get()["allowStatements"] as? [[String: Any]] ?? []).filter {
            ($0["actions"] as? [String] ?? []).contains("secretsmanager:GetSecretValue")
        }
        let owners = Dictionary(grouping: reads) { $0["owner"] as? String ?? "" }
        #expect(Set(owners.keys) == ["ValidateMetadataRole", "RunInferenceRole"])
        #expect(
            owners["RunInferenceRole"]?.first?["resources"] as? [String] == [#"{"Ref": "InferenceCredentialSecret"}"#])
        let hmacResources = owners["ValidateMetadataRole"]?.first?["resources"] as? [String] ?? []
        #expect(hmacResources.count == 1 && hmacResources[0].contains("PHIHMACKeySecret") && !hmacResources[0].contains("Inference"))
        for statement in reads { #expect(statement["actions"] as? [String] == ["secretsmanager:GetSecretValue"]) }
    }

    @Test func secretsAreGeneratedAndTheKeyIsHexAndRetained() throws {
        let key = try Self.properties("PHIHMACKeySecret")
        let generated = try #require(key["GenerateSecretString"] as? [String: Any])
        #expect(generated["PasswordLength"] as? Int == 64, "64 hex digits = the 32-byte minimum ValidateMetadata requires")
        #expect(generated["ExcludeUppercase"] as? Bool == true && generated["ExcludePunctuation"] as? Bool == true)
        let excluded = Set(generated["ExcludeCharacters"] as? String ?? "")
        let remaining = Set("abcdefghijklmnopqrstuvwxyz0123456789").subtracting(excluded)
        #expect(remaining == Set("abcdef0123456789"))
        #expect(try Self.resources()["PHIHMACKeySecret"]?["DeletionPolicy"] as? String == "Retain")
        #expect(try Self.properties("InferenceCredentialSecret")["GenerateSecretString"] != nil)
        #expect(try Self.facts.get()["parameters"].flatMap { value($0, at: ["PHIHMACKeySecretId"]) } == nil)
    }

    // MARK: CMK and retention

    @Test func everyEncryptableResourceUsesTheKeyWhenOneIsGiven() throws {
        let keyProperty: [String: String] = [
            "AWS::Logs::LogGroup": "KmsKeyId", "AWS::SQS::Queue": "KmsMasterKeyId", "AWS::SNS::Topic": "KmsMasterKeyId",
            "AWS::CloudTrail::Trail": "KMSKeyId", "AWS::Lambda::Function": "KmsKeyArn", "AWS::SecretsManager::Secret": "KmsKeyId",
        ]
        var checked = 0
        for (logicalID, resource) in try Self.resources() {
            guard let type = resource["Type"] as? String, let property = keyProperty[type] else { continue }
            checked += 1
            #expect(Self.same(value(resource, at: ["Properties", property]), Self.keyWhenGiven), "\(logicalID).\(property)")
        }
        #expect(checked >= 20)
        #expect(
            Self.same(
                value(try Self.properties("TelemetryStream"), at: ["StreamEncryption", "KeyId"]),
                ["Fn::If": ["UseKms", ["Ref": "EncryptionKeyArn"], "alias/aws/kinesis"]]))
        #expect(Self.same(value(try Self.properties("ImageRepository"), at: ["EncryptionConfiguration", "KmsKey"]), Self.keyWhenGiven))
    }

    @Test func dataBearingResourcesAreRetained() throws {
        let dataBearing: Set<String> = [
            "AWS::S3::Bucket", "AWS::SQS::Queue", "AWS::Logs::LogGroup", "AWS::Kinesis::Stream", "AWS::ECR::Repository",
        ]
        var checked = 0
        for (logicalID, resource) in try Self.resources() where dataBearing.contains(resource["Type"] as? String ?? "") {
            checked += 1
            #expect(resource["DeletionPolicy"] as? String == "Retain", "\(logicalID)")
            #expect(resource["UpdateReplacePolicy"] as? String == "Retain", "\(logicalID)")
        }
        #expect(checked >= 18)
    }

    @Test func startStudyIsBoundedByItsEventSource() throws {
        let mapping = try Self.properties("StartStudyEventSource")
        #expect(Self.same(value(mapping, at: ["ScalingConfig", "MaximumConcurrency"]), ["Ref": "StartStudyMaximumConcurrency"]))
    }

    // MARK: audit

    @Test func trailRecordsObjectAccessToTheStudyBucketsWithValidation() throws {
        let trail = try Self.properties("AuditTrail")
        #expect(trail["EnableLogFileValidation"] as? Bool == true && trail["IsLogging"] as? Bool == true)
        let selectors = trail["AdvancedEventSelectors"] as? [[String: Any]] ?? []
        let prefixes = selectors.flatMap { selector in
            (selector["FieldSelectors"] as? [[String: Any]] ?? []).filter { $0["Field"] as? String == "resources.ARN" }
                .flatMap { ($0["StartsWith"] as? [[String: String]] ?? []).compactMap { $0["Fn::Sub"] } }
        }
        #expect(Set(prefixes) == ["${ImagesBucket.Arn}/", "${TensorsBucket.Arn}/", "${ResultsBucket.Arn}/"])
        #expect(try Self.resources()["AuditTrail"]?["Condition"] as? String == "CreateTrail")
        // Its bucket: blocked, lifecycle, TLS only, CloudTrail's two grants for this trail only.
        let bucket = try Self.properties("TrailBucket")
        #expect((bucket["PublicAccessBlockConfiguration"] as? [String: Bool])?.values.allSatisfy { $0 } == true)
        #expect(Self.same(value(bucket, at: ["LifecycleConfiguration", "Rules", 0, "ExpirationInDays"]), ["Ref": "AuditLogRetentionDays"]))
        let statements = value(try Self.properties("TrailBucketPolicy"), at: ["PolicyDocument", "Statement"]) as? [[String: Any]] ?? []
        #expect(Set(statements.compactMap { $0["Sid"] as? String }) == ["CloudTrailAclCheck", "CloudTrailWrite", "TLSOnly"])
        for grant in statements where grant["Effect"] as? String == "Allow" {
            #expect(value(grant, at: ["Condition", "StringEquals", "aws:SourceArn"]) != nil, "\(grant["Sid"] ?? "")")
        }
        for bucket in ["ImagesBucket", "ResultsBucket"] {
            #expect(value(try Self.properties(bucket), at: ["LoggingConfiguration", "Fn::If", 0]) as? String == "UseAccessLogs")
        }
    }

    @Test func guardDutyWatchesS3AndLambdaAndItsFindingsReachTheTopic() throws {
        let features = try Self.properties("GuardDutyDetector")["Features"] as? [[String: String]] ?? []
        #expect(Set(features.compactMap { $0["Name"] }) == ["S3_DATA_EVENTS", "LAMBDA_NETWORK_LOGS"])
        #expect(features.allSatisfy { $0["Status"] == "ENABLED" })
        let rule = try Self.properties("GuardDutyFindingsRule")
        #expect(value(rule, at: ["EventPattern", "source", 0]) as? String == "aws.guardduty")
        #expect(
            Self.same(
                value(rule, at: ["Targets", 0, "Arn"]), ["Fn::If": ["HasAlarmTopic", ["Ref": "AlarmTopicArn"], ["Ref": "AlarmTopic"]]]))
        let grants = value(try Self.properties("AlarmTopicPolicy"), at: ["PolicyDocument", "Statement"]) as? [[String: Any]] ?? []
        #expect(grants.contains { value($0, at: ["Principal", "Service"]) as? String == "events.amazonaws.com" })
    }

    // MARK: inference edge

    static func rules() throws -> [[String: Any]] {
        (try properties("InferenceWebACL")["Rules"] as? [[String: Any]] ?? []).sorted {
            ($0["Priority"] as? Int ?? 0) < ($1["Priority"] as? Int ?? 0)
        }
    }

    @Test func webACLRequiresTheCredentialAndUsesTheManagedGroups() throws {
        let rules = try Self.rules()
        #expect(
            rules.compactMap { $0["Name"] as? String } == [
                "require-inference-credential", "inference-body-size", "rate-per-ip", "aws-ip-reputation", "aws-common",
                "aws-known-bad-inputs",
            ])
        #expect(try Self.properties("InferenceWebACL")["Scope"] as? String == "REGIONAL")
        // The credential rule: blocks unless the header is exactly the secret's value.
        let credential = rules[0]
        #expect(value(credential, at: ["Action", "Block"]) != nil)
        let rendered = String(decoding: try JSONSerialization.data(withJSONObject: credential), as: UTF8.self)
        #expect(rendered.contains(#""Name":"x-radstream-inference-credential""#))
        #expect(rendered.contains("{{resolve:secretsmanager:${InferenceCredentialSecret}}}"))
        #expect(value(credential, at: ["Statement", "NotStatement"]) != nil)
        // Managed groups, with the Common set's 8 KB body rule counted only.
        let managed = rules.compactMap { value($0, at: ["Statement", "ManagedRuleGroupStatement", "Name"]) as? String }
        #expect(
            Set(managed) == [
                "AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList",
            ])
        let common = try #require(rules.first { $0["Name"] as? String == "aws-common" })
        let overrides = value(common, at: ["Statement", "ManagedRuleGroupStatement", "RuleActionOverrides"]) as? [[String: Any]] ?? []
        #expect(overrides.count == 1 && overrides[0]["Name"] as? String == "SizeRestrictions_BODY")
        #expect(value(overrides.first, at: ["ActionToUse", "Count"]) != nil)
        #expect(Self.same(value(rules[2], at: ["Statement", "RateBasedStatement", "Limit"]), ["Ref": "InferenceRateLimitPer5Minutes"]))
        // The WAF log never holds the credential; the ARN goes to the Ingress annotation.
        #expect(
            value(try Self.properties("InferenceWebACLLogging"), at: ["RedactedFields", 0, "SingleHeader", "Name"]) as? String
                == "x-radstream-inference-credential")
        #expect(value(try Self.facts.get()["outputs"], at: ["InferenceWebACLArn", "Condition"]) as? String == "UseWaf")
    }

    /// The largest request RunInference sends: the model's input tensor (config.pbtxt, FP32,
    /// batch 1) in the real KServe v2 binary encoding, JSON header included.
    static func largestInferenceRequestBytes() throws -> Int {
        let config = try DeployFiles.modelConfigFacts()
        let input = try #require(value(config, at: ["input", 0]) as? [String: Any])
        #expect(input["data_type"] as? String == "TYPE_FP32")
        let dims = (input["dims"] as? [Any] ?? []).compactMap { Int("\($0)") }
        let shape = [1] + dims
        let tensor = InferenceTensor(
            name: input["name"] as? String ?? "INPUT__0", datatype: .fp32, shape: shape,
            data: [UInt8](repeating: 0, count: shape.reduce(4, *)))
        let outputName = try #require(value(config, at: ["output", 0, "name"]) as? String)
        return try InferenceWireFormat.encodeRequest(inputs: [tensor], outputs: [outputName]).body.count
    }

    @Test func bodySizeRulePassesTheLargestTensorRequestAndBlocksLarger() throws {
        let statements = value(try Self.rules()[1], at: ["Statement", "OrStatement", "Statements"]) as? [[String: Any]] ?? []
        let regexMatch = try #require(statements.compactMap { $0["RegexMatchStatement"] as? [String: Any] }.first)
        #expect(value(regexMatch, at: ["FieldToMatch", "SingleHeader", "Name"]) as? String == "content-length")
        let pattern = try Regex(try #require(regexMatch["RegexString"] as? String))
        func blocked(_ length: Int) -> Bool { String(length).wholeMatch(of: pattern) != nil }

        let largest = try Self.largestInferenceRequestBytes()
        #expect(largest > 602_112 && largest < 603_112, "tensor 602,112 bytes plus a JSON header: \(largest)")
        // Passes the largest legitimate request with room for a longer header, and every size below.
        for length in [0, 1, 8_192, 602_112, largest, largest + 50_000, 699_999] { #expect(!blocked(length), "\(length) blocked") }
        for length in [700_000, 700_001, 999_999, 1_000_000, 16 << 20, 123_456_789_012] { #expect(blocked(length), "\(length) passes") }
        #expect(String("0000700000").wholeMatch(of: pattern) != nil, "leading zeros do not hide a size")
        // A body without a length (chunked) cannot be measured: blocked.
        let chunked = statements.compactMap { $0["SizeConstraintStatement"] as? [String: Any] }.first
        #expect(value(chunked, at: ["FieldToMatch", "SingleHeader", "Name"]) as? String == "transfer-encoding")
    }

    // MARK: Athena

    @Test func namedQueriesAreTheAthenaFilesVerbatimInAnEncryptedWorkGroup() throws {
        let files = try DeployFiles.files(in: DeployFiles.athenaFolder, endingIn: ".sql")
        let queries = try Self.resources().filter { $0.value["Type"] as? String == "AWS::Athena::NamedQuery" }
        #expect(queries.count == files.count)
        for file in files {
            let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let query = try #require(
                queries.values.first { value($0, at: ["Properties", "Name"]) as? String == name }, "no named query \(name)")
            #expect(
                value(query, at: ["Properties", "QueryString"]) as? String == (try DeployFiles.text(file)), "\(name) differs from its file")
            #expect(Self.same(value(query, at: ["Properties", "WorkGroup"]), ["Ref": "AthenaWorkGroup"]))
        }
        let workGroup = try Self.properties("AthenaWorkGroup")
        #expect(value(workGroup, at: ["WorkGroupConfiguration", "EnforceWorkGroupConfiguration"]) as? Bool == true)
        let encryption =
            value(workGroup, at: ["WorkGroupConfiguration", "ResultConfiguration", "EncryptionConfiguration", "Fn::If"]) as? [Any]
        #expect(value(encryption, at: [1, "EncryptionOption"]) as? String == "SSE_KMS")
        #expect(value(encryption, at: [2, "EncryptionOption"]) as? String == "SSE_S3")
    }
}
