import Foundation
import LocalServices
import TensorPreparation
import Testing

/// deploy/k8s: schema-valid for the Kubernetes versions EKS runs, the Triton pod as RunInference
/// needs it, and the model configuration matching the fixture model and PrepareTensors' tensors.
@Suite struct KubernetesTests {
    /// Oldest and newest minor versions checked (kubernetes-validate bundles their schemas).
    static let kubernetesVersions = ["1.31.0", "1.37.0"]

    static func manifests() throws -> [String] {
        try DeployFiles.files(in: DeployFiles.kubernetesFolder, endingIn: ".yaml").filter { !$0.hasSuffix("/kustomization.yaml") }
    }

    static func validate(_ paths: [String], version: String) throws -> ProcessOutcome {
        let tool = try PythonToolchain.locate().tool("kubernetes-validate")
        return try ProcessRunner.run(tool, arguments: ["--strict", "--quiet", "-k", version] + paths)
    }

    @Test(arguments: kubernetesVersions)
    func manifestsValidateAgainstTheKubernetesSchemas(version: String) throws {
        let paths = try Self.manifests()
        #expect(paths.count == 7)
        let outcome = try Self.validate(paths, version: version)
        #expect(outcome.status == 0, "\(outcome.standardOutput)\(outcome.standardError)")
        #expect(!outcome.standardOutput.contains("ERROR") && !outcome.standardOutput.contains("WARN"), "\(outcome.standardOutput)")
    }

    @Test func validatorRejectsAnInvalidDeployment() throws {
        let text = try DeployFiles.text("\(DeployFiles.kubernetesFolder)/deployment.yaml")
        let broken = text.replacingOccurrences(of: "  replicas: 2\n", with: "  replicas: two\n  replicaCount: 2\n")
        #expect(broken != text)
        let outcome = try Self.validate([try DeployFiles.temporaryFile(named: "deployment.yaml", text: broken)], version: "1.37.0")
        #expect(outcome.status != 0)
        #expect(outcome.standardOutput.contains("replicas"))
    }

    @Test func kustomizationListsEveryManifest() throws {
        let documents = try DeployFiles.manifestDocuments(["\(DeployFiles.kubernetesFolder)/kustomization.yaml"])
        let listed = Set(value(documents.first?.document, at: ["resources"]) as? [String] ?? [])
        #expect(listed == Set(try Self.manifests().map { URL(fileURLWithPath: $0).lastPathComponent }))
    }

    static func documents() throws -> [String: [String: Any]] {
        var byKind: [String: [String: Any]] = [:]
        for (_, document) in try DeployFiles.manifestDocuments(try manifests()) {
            let kind = document["kind"] as? String ?? "?"
            let name = value(document, at: ["metadata", "name"]) as? String ?? "?"
            byKind["\(kind)/\(name)"] = document
        }
        return byKind
    }

    @Test func tritonPodServesThePortsProbesAndGPU() throws {
        let deployment = try #require(try Self.documents()["Deployment/triton"])
        let pod = value(deployment, at: ["spec", "template", "spec"])
        let container = try #require((value(pod, at: ["containers"]) as? [[String: Any]])?.first { $0["name"] as? String == "triton" })

        let image = container["image"] as? String ?? ""
        #expect(image.hasPrefix("nvcr.io/nvidia/tritonserver:"))
        let tag = image.split(separator: ":").last.map(String.init) ?? ""
        #expect(tag.wholeMatch(of: /\d{2}\.\d{2}-py3/) != nil, "pinned release tag, not \(tag)")

        let ports = (container["ports"] as? [[String: Any]] ?? []).compactMap { $0["containerPort"] as? Int }
        #expect(ports == [8000, 8001, 8002])
        #expect(value(container, at: ["resources", "requests", "nvidia.com/gpu"]) as? Int == 1)
        #expect(value(container, at: ["resources", "limits", "nvidia.com/gpu"]) as? Int == 1)
        #expect(value(container, at: ["resources", "limits", "memory"]) != nil)
        #expect(value(container, at: ["startupProbe", "httpGet", "path"]) as? String == "/v2/health/ready")
        #expect(value(container, at: ["readinessProbe", "httpGet", "path"]) as? String == "/v2/health/ready")
        #expect(value(container, at: ["livenessProbe", "httpGet", "path"]) as? String == "/v2/health/live")
        #expect(value(pod, at: ["securityContext", "runAsNonRoot"]) as? Bool == true)
        #expect(value(container, at: ["securityContext", "readOnlyRootFilesystem"]) as? Bool == true)
        #expect(value(container, at: ["securityContext", "allowPrivilegeEscalation"]) as? Bool == false)
        // Triton reads the model repository the init container filled.
        #expect((container["args"] as? [String] ?? []).contains("--model-repository=/models"))
    }

    @Test func serviceAutoscalerAndBudgetTargetTheTritonPods() throws {
        let documents = try Self.documents()
        let selector = value(documents["Deployment/triton"], at: ["spec", "selector", "matchLabels"]) as? [String: String]
        try #require(selector != nil)
        #expect(value(documents["Service/triton"], at: ["spec", "selector"]) as? [String: String] == selector)
        #expect(value(documents["Service/triton-metrics"], at: ["spec", "selector"]) as? [String: String] == selector)
        #expect(value(documents["PodDisruptionBudget/triton"], at: ["spec", "selector", "matchLabels"]) as? [String: String] == selector)

        let annotations = value(documents["Service/triton"], at: ["metadata", "annotations"]) as? [String: String] ?? [:]
        #expect(annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"] == "internal")
        let servicePorts = (value(documents["Service/triton"], at: ["spec", "ports"]) as? [[String: Any]] ?? []).compactMap {
            $0["port"] as? Int
        }
        #expect(servicePorts.contains(8000))
        #expect(!servicePorts.contains(8002), "metrics stay off the load balancer")

        let autoscaler = documents["HorizontalPodAutoscaler/triton"]
        #expect(autoscaler?["apiVersion"] as? String == "autoscaling/v2")
        #expect(value(autoscaler, at: ["spec", "scaleTargetRef", "kind"]) as? String == "Deployment")
        #expect(value(autoscaler, at: ["spec", "scaleTargetRef", "name"]) as? String == "triton")
        let metric = value(autoscaler, at: ["spec", "metrics", 0, "pods", "metric", "name"]) as? String
        // The adapter rule must produce the metric the autoscaler asks for.
        let rules = value(documents["ConfigMap/prometheus-adapter-radstream"], at: ["data", "config.yaml"]) as? String ?? ""
        #expect(metric != nil && rules.contains("as: \"\(metric ?? "-")\""))
        #expect(rules.contains("nv_inference_queue_duration_us") && rules.contains("nv_inference_request_success"))
    }

    @Test func modelConfigMatchesTheFixtureModelAndTheTensorsPrepareTensorsMakes() throws {
        let config = try DeployFiles.modelConfigFacts()
        #expect(config["name"] as? String == TritonServer.FixtureModel.name)
        #expect(config["platform"] as? String == "pytorch_libtorch")
        let maximumBatch = config["max_batch_size"] as? Int ?? 0
        #expect(maximumBatch >= 1 && maximumBatch <= 8, "the fixture batches at most 8")

        // PrepareTensors' default tensor: [1, C, H, W] float32 with the batch dimension.
        let preprocessing = PreprocessingConfiguration()
        #expect(preprocessing.layout == .nchw && preprocessing.dataType == .float32 && preprocessing.batchDimension)
        let input = (config["input"] as? [[String: Any]])?.first
        #expect((config["input"] as? [Any])?.count == 1)
        #expect(input?["name"] as? String == TritonServer.FixtureModel.input)
        #expect(input?["data_type"] as? String == "TYPE_FP32")
        #expect(
            (input?["dims"] as? [Any] ?? []).map { "\($0)" } == [
                "\(preprocessing.channels)", "\(preprocessing.height)", "\(preprocessing.width)",
            ])

        let output = (config["output"] as? [[String: Any]])?.first
        #expect(output?["name"] as? String == TritonServer.FixtureModel.output)
        #expect(output?["data_type"] as? String == "TYPE_FP32")
        // Four classes: the template's default MODEL_LABELS (the fixture model's order).
        #expect((output?["dims"] as? [Any] ?? []).map { "\($0)" } == ["4"])
        let labels = value(try DeployFiles.templateFacts(), at: ["parameters", "ModelLabels", "Default"]) as? String
        #expect(labels?.split(separator: ",").count == 4)

        let preferred = value(config, at: ["dynamic_batching", "preferred_batch_size"]) as? [Int] ?? []
        #expect(!preferred.isEmpty && preferred.allSatisfy { $0 <= maximumBatch })
        #expect(value(config, at: ["dynamic_batching", "max_queue_delay_microseconds"]) != nil)
        #expect(value(config, at: ["instance_group", 0, "kind"]) as? String == "KIND_GPU")
        // The template's model name is this one.
        #expect(
            value(try DeployFiles.templateFacts(), at: ["parameters", "ModelName", "Default"]) as? String == TritonServer.FixtureModel.name)
    }
}
