import Foundation
import LocalServices
import TensorPreparation
import Testing

/// deploy/k8s, rendered the way it is deployed (scripts/k8s-render.sh: kustomize with a site
/// file) for the NLB default and every overlay: schema-valid for the Kubernetes versions EKS
/// runs, scraped by Prometheus, autoscaled on a metric the adapter produces, closed by
/// NetworkPolicies, images by digest, no service-account token, and the model configuration
/// matching the fixture model and PrepareTensors' tensors.
@Suite struct KubernetesTests {
    /// Oldest and newest minor versions checked (kubernetes-validate bundles their schemas).
    static let kubernetesVersions = ["1.31.0", "1.37.0"]
    /// Every kustomization a deployment can apply.
    static let overlays = ["deploy/k8s", "deploy/k8s/overlays/alb"]

    /// A digest of the right form: SHA-256 of "radstream-test". No such image exists; offline,
    /// only the form can be checked (docs/deploy.md says how the real one is resolved).
    static let testDigest = "sha256:418afa85659bd11d4e02509501fd0b88615310ec413df8c61fe06f4e98e3493b"

    /// A site file with test values; `replacing` overrides single lines.
    static func siteFile(replacing overrides: [String: String] = [:]) throws -> String {
        var values: [(String, String)] = [
            ("TRITON_IMAGE", "nvcr.io/nvidia/tritonserver:24.10-py3@\(testDigest)"),
            ("INFERENCE_CLIENT_CIDR", "10.42.0.0/16"),
            ("MONITORING_NAMESPACE", "observability"),
            ("TRITON_TARGET_REQUESTS_PER_SECOND", "40"),
            ("ALB_CERTIFICATE_ARN", "arn:aws:acm:eu-west-1:111122223333:certificate/0a1b2c3d-1111-2222-3333-444455556666"),
            (
                "WAF_WEB_ACL_ARN",
                "arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/radstream-triton/0a1b2c3d-aaaa-bbbb-cccc-ddddeeeeffff"
            ),
        ]
        values = values.map { ($0.0, overrides[$0.0] ?? $0.1) }
        return try DeployFiles.temporaryFile(named: "site.env", text: values.map { "\($0.0)=\($0.1)\n" }.joined())
    }

    /// Runs scripts/k8s-render.sh on `overlay` with `site`.
    static func render(_ overlay: String, site: String) throws -> ProcessOutcome {
        try ProcessRunner.run(
            "/bin/bash", arguments: ["\(DeployFiles.root)/scripts/k8s-render.sh", "--site", site, "\(DeployFiles.root)/\(overlay)"])
    }

    /// The rendered overlay in a file of its own (for kubernetes-validate and checkov).
    static func renderedFile(_ overlay: String) throws -> String {
        let outcome = try render(overlay, site: try siteFile())
        guard outcome.status == 0 else { throw LocalServiceError("k8s-render.sh \(overlay): \(outcome.standardError)") }
        return try DeployFiles.temporaryFile(named: "rendered.yaml", text: outcome.standardOutput)
    }

    /// The rendered overlay's objects by `Kind/name`.
    static func documents(_ overlay: String) throws -> [String: [String: Any]] {
        var byKind: [String: [String: Any]] = [:]
        for (_, document) in try DeployFiles.manifestDocuments([try renderedFile(overlay)]) {
            let kind = document["kind"] as? String ?? "?"
            let name = value(document, at: ["metadata", "name"]) as? String ?? "?"
            byKind["\(kind)/\(name)"] = document
        }
        return byKind
    }

    /// Every pod template (or pod spec) in the rendered objects, by `Kind/name`.
    static func podSpecs(_ documents: [String: [String: Any]]) -> [String: [String: Any]] {
        documents.compactMapValues { value($0, at: ["spec", "template", "spec"]) as? [String: Any] }
    }

    static func validate(_ paths: [String], version: String) throws -> ProcessOutcome {
        let tool = try PythonToolchain.locate().tool("kubernetes-validate")
        return try ProcessRunner.run(tool, arguments: ["--strict", "--quiet", "-k", version] + paths)
    }

    // MARK: schemas and rendering

    @Test(arguments: overlays, kubernetesVersions)
    func renderedOverlaysValidateAgainstTheKubernetesSchemas(overlay: String, version: String) throws {
        let outcome = try Self.validate([try Self.renderedFile(overlay)], version: version)
        #expect(outcome.status == 0, "\(outcome.standardOutput)\(outcome.standardError)")
        // The only object without a bundled schema is the Prometheus Operator's ServiceMonitor
        // (a CRD); its fields are checked by scrapeObjectTargetsTheMetricsServicePort.
        let lines = outcome.standardOutput.split(separator: "\n").filter { !$0.contains("kind ServiceMonitor") }
        #expect(!lines.contains { $0.contains("ERROR") || $0.contains("WARN") }, "\(outcome.standardOutput)")
    }

    @Test func validatorRejectsAnInvalidDeployment() throws {
        let text = try String(contentsOfFile: try Self.renderedFile("deploy/k8s"), encoding: .utf8)
        let broken = text.replacingOccurrences(of: "  revisionHistoryLimit: 5\n", with: "  revisionHistoryLimit: five\n")
        #expect(broken != text)
        let outcome = try Self.validate([try DeployFiles.temporaryFile(named: "broken.yaml", text: broken)], version: "1.37.0")
        #expect(outcome.status != 0)
        #expect(outcome.standardOutput.contains("revisionHistoryLimit"))
    }

    @Test func everyManifestIsInTheBaseKustomization() throws {
        let base = "\(DeployFiles.kubernetesFolder)/base"
        let documents = try DeployFiles.manifestDocuments(["\(base)/kustomization.yaml"])
        let listed = Set(value(documents.first?.document, at: ["resources"]) as? [String] ?? [])
        let files = try DeployFiles.files(in: base, endingIn: ".yaml").map { URL(fileURLWithPath: $0).lastPathComponent }
        #expect(listed == Set(files).subtracting(["kustomization.yaml"]))
    }

    @Test func renderingNeedsTheSiteFileAndRefusesMutableImages() throws {
        // Without the site file kustomize itself fails: no default digest, CIDR or HPA target.
        let bare = try ProcessRunner.run(
            "/usr/bin/env", arguments: ["kubectl", "kustomize", "\(DeployFiles.root)/deploy/k8s/overlays/alb"])
        if !FileManager.default.fileExists(atPath: "\(DeployFiles.kubernetesFolder)/base/site.env") {
            #expect(bare.status != 0)
            #expect(bare.standardError.contains("site.env"))
        }
        for (name, bad) in [
            ("TRITON_IMAGE", "nvcr.io/nvidia/tritonserver:24.10-py3"),
            ("TRITON_IMAGE", "nvcr.io/nvidia/tritonserver:24.10-py3@sha256:1234"),
            ("INFERENCE_CLIENT_CIDR", "0.0.0.0"),
            ("TRITON_TARGET_REQUESTS_PER_SECOND", "MEASURE-THEN-SET"),
            ("WAF_WEB_ACL_ARN", "arn:aws:wafv2:REGION:ACCOUNT:regional/webacl/NAME/ID"),
        ] {
            let outcome = try Self.render("deploy/k8s/overlays/alb", site: try Self.siteFile(replacing: [name: bad]))
            #expect(outcome.status != 0, "\(name)=\(bad) was accepted")
            #expect(outcome.standardError.contains(name))
            #expect(outcome.standardOutput.isEmpty)
        }
    }

    // MARK: hardening

    @Test(arguments: overlays)
    func everyImageIsPinnedByDigest(overlay: String) throws {
        var images: [String] = []
        for (name, pod) in Self.podSpecs(try Self.documents(overlay)) {
            let containers = (pod["containers"] as? [[String: Any]] ?? []) + (pod["initContainers"] as? [[String: Any]] ?? [])
            #expect(!containers.isEmpty, "\(name)")
            images += containers.compactMap { $0["image"] as? String }
        }
        #expect(images.count >= 5)
        for image in images {
            #expect(image.wholeMatch(of: /[a-z0-9.\/:-]+@sha256:[0-9a-f]{64}/) != nil, "\(image) is not pinned by digest")
        }
        #expect(images.contains("nvcr.io/nvidia/tritonserver:24.10-py3@\(Self.testDigest)"))
    }

    @Test(arguments: overlays)
    func noPodMountsAServiceAccountToken(overlay: String) throws {
        let documents = try Self.documents(overlay)
        let pods = Self.podSpecs(documents)
        #expect(pods.count >= 3)
        for (name, pod) in pods {
            #expect(pod["automountServiceAccountToken"] as? Bool == false, "\(name) mounts a token")
        }
        #expect(documents["ServiceAccount/triton"]?["automountServiceAccountToken"] as? Bool == false)
    }

    @Test(arguments: overlays)
    func networkPoliciesAdmitOnlyTheLoadBalancerAndTheMonitoringNamespace(overlay: String) throws {
        let documents = try Self.documents(overlay)
        let deny = try #require(documents["NetworkPolicy/default-deny-ingress"])
        #expect((value(deny, at: ["spec", "podSelector"]) as? [String: Any])?.isEmpty == true)
        #expect(value(deny, at: ["spec", "ingress"]) == nil, "denies every ingress")

        let policy = try #require(documents["NetworkPolicy/triton"])
        #expect(
            value(policy, at: ["spec", "podSelector", "matchLabels"]) as? [String: String]
                == value(documents["Deployment/triton"], at: ["spec", "selector", "matchLabels"]) as? [String: String])
        let rules = value(policy, at: ["spec", "ingress"]) as? [[String: Any]] ?? []
        #expect(rules.count == 2)
        let ports = rules.map { ($0["ports"] as? [[String: Any]] ?? []).compactMap { $0["port"] as? Int } }
        #expect(ports == [[8000], [8002]])
        #expect(value(rules.first, at: ["from", 0, "ipBlock", "cidr"]) as? String == "10.42.0.0/16")
        #expect((value(rules.first, at: ["from"]) as? [Any])?.count == 1)
        #expect(
            value(rules.last, at: ["from", 0, "namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"]) as? String
                == "observability")
        // The container serves exactly the two ports the policy admits.
        let container = try #require(Self.tritonContainer(documents))
        #expect((container["ports"] as? [[String: Any]] ?? []).compactMap { $0["containerPort"] as? Int } == [8000, 8002])
    }

    static func tritonContainer(_ documents: [String: [String: Any]]) -> [String: Any]? {
        (value(documents["Deployment/triton"], at: ["spec", "template", "spec", "containers"]) as? [[String: Any]])?.first {
            $0["name"] as? String == "triton"
        }
    }

    @Test func tritonRequiresTheInferenceCredentialOnEveryAPIButHealth() throws {
        let container = try #require(Self.tritonContainer(try Self.documents("deploy/k8s")))
        let arguments = container["args"] as? [String] ?? []
        let restriction = try #require(arguments.first { $0.hasPrefix("--http-restricted-api=") })
        let apis = Set(restriction.dropFirst("--http-restricted-api=".count).prefix { $0 != ":" }.split(separator: ",").map(String.init))
        // Triton 24.10's HTTP API groups (tritonserver --help), all but health.
        #expect(apis == ["metadata", "inference", "model-config", "model-repository", "statistics", "trace", "logging", "shared-memory"])
        #expect(restriction.hasSuffix(":X-RadStream-Inference-Credential=$(INFERENCE_CREDENTIAL)"))
        let credential = (container["env"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "INFERENCE_CREDENTIAL" }
        #expect(value(credential, at: ["valueFrom", "secretKeyRef", "name"]) as? String == "triton-inference-credential")
        #expect(arguments.contains("--allow-grpc=false"))
        // The same restriction the local fixture server applies (Tests/Fixtures/triton/serve_model.py).
        let fixture = try DeployFiles.text("\(DeployFiles.root)/Tests/Fixtures/triton/serve_model.py")
        #expect(fixture.contains("CREDENTIAL_HEADER = \"X-RadStream-Inference-Credential\""))
    }

    // MARK: the Triton pod, rollouts and the load balancers

    @Test func tritonPodServesTheProbesGPUAndDrainsBeforeStopping() throws {
        let documents = try Self.documents("deploy/k8s")
        let deployment = try #require(documents["Deployment/triton"])
        let pod = value(deployment, at: ["spec", "template", "spec"])
        let container = try #require(Self.tritonContainer(documents))

        #expect(value(container, at: ["resources", "requests", "nvidia.com/gpu"]) as? Int == 1)
        #expect(value(container, at: ["resources", "limits", "nvidia.com/gpu"]) as? Int == 1)
        #expect(
            value(container, at: ["resources", "limits", "memory"]) != nil && value(container, at: ["resources", "requests", "cpu"]) != nil)
        #expect(value(container, at: ["startupProbe", "httpGet", "path"]) as? String == "/v2/health/ready")
        #expect(value(container, at: ["readinessProbe", "httpGet", "path"]) as? String == "/v2/health/ready")
        #expect(value(container, at: ["livenessProbe", "httpGet", "path"]) as? String == "/v2/health/live")
        #expect(value(pod, at: ["securityContext", "runAsNonRoot"]) as? Bool == true)
        #expect(value(container, at: ["securityContext", "readOnlyRootFilesystem"]) as? Bool == true)
        #expect(value(container, at: ["securityContext", "allowPrivilegeEscalation"]) as? Bool == false)
        #expect((container["args"] as? [String] ?? []).contains("--model-repository=/models"))

        // Zero-downtime rollouts: surge one, never go below the current count.
        #expect(value(deployment, at: ["spec", "strategy", "rollingUpdate", "maxUnavailable"]) as? Int == 0)
        // Draining: preStop outlasts the load balancer's draining (an NLB with IP targets takes up
        // to 300 s to process a deregistration, aws-load-balancer-controller#1834; an ALB only its
        // deregistration delay), and the grace period covers preStop plus Triton's exit timeout.
        let albDocuments = try Self.documents("deploy/k8s/overlays/alb")
        let nlb = value(documents["Service/triton"], at: ["metadata", "annotations"]) as? [String: String] ?? [:]
        let alb = value(albDocuments["Ingress/triton"], at: ["metadata", "annotations"]) as? [String: String] ?? [:]
        for (variant, pod, attributes, processing) in [
            ("NLB", documents, nlb["service.beta.kubernetes.io/aws-load-balancer-target-group-attributes"], 300),
            ("ALB", albDocuments, alb["alb.ingress.kubernetes.io/target-group-attributes"], 0),
        ] {
            let triton = try #require(Self.tritonContainer(pod))
            let preStop = try #require(value(triton, at: ["lifecycle", "preStop", "sleep", "seconds"]) as? Int)
            let grace = try #require(
                value(pod["Deployment/triton"], at: ["spec", "template", "spec", "terminationGracePeriodSeconds"]) as? Int)
            let exitTimeout = try #require(
                (triton["args"] as? [String] ?? []).compactMap { $0.wholeMatch(of: /--exit-timeout-secs=(\d+)/).map { Int($0.1)! } }.first)
            let delay = try #require(attributes?.firstMatch(of: /deregistration_delay\.timeout_seconds=(\d+)/).map { Int($0.1)! })
            #expect(preStop >= max(processing, delay + 10), "\(variant): the pod must outlive the load balancer's draining")
            #expect(grace > preStop + exitTimeout, "\(variant)")
        }
        // The controller's readiness gate: a pod is ready only once its target is healthy.
        #expect(
            value(documents["Namespace/radstream"], at: ["metadata", "labels", "elbv2.k8s.aws/pod-readiness-gate-inject"]) as? String
                == "enabled")

        // Two replicas never share a node; zones are spread where possible.
        let spread = value(pod, at: ["topologySpreadConstraints"]) as? [[String: Any]] ?? []
        #expect(
            spread.contains {
                $0["topologyKey"] as? String == "kubernetes.io/hostname" && $0["whenUnsatisfiable"] as? String == "DoNotSchedule"
            })
        #expect(spread.contains { $0["topologyKey"] as? String == "topology.kubernetes.io/zone" })
    }

    @Test func nlbIsTheDefaultAndTheALBOverlayReplacesIt() throws {
        let nlb = try Self.documents("deploy/k8s")
        #expect(value(nlb["Service/triton"], at: ["spec", "type"]) as? String == "LoadBalancer")
        let annotations = value(nlb["Service/triton"], at: ["metadata", "annotations"]) as? [String: String] ?? [:]
        #expect(annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"] == "internal")
        #expect(annotations["service.beta.kubernetes.io/aws-load-balancer-healthcheck-path"] == "/v2/health/ready")
        let ports = (value(nlb["Service/triton"], at: ["spec", "ports"]) as? [[String: Any]] ?? []).compactMap { $0["port"] as? Int }
        #expect(ports == [8000], "metrics and gRPC stay off the load balancer")
        #expect(nlb["Ingress/triton"] == nil)

        let alb = try Self.documents("deploy/k8s/overlays/alb")
        #expect(value(alb["Service/triton"], at: ["spec", "type"]) as? String == "ClusterIP")
        #expect(value(alb["Service/triton"], at: ["metadata", "annotations"]) == nil, "no NLB is requested")
        let ingress = try #require(alb["Ingress/triton"])
        let albAnnotations = value(ingress, at: ["metadata", "annotations"]) as? [String: String] ?? [:]
        #expect(albAnnotations["alb.ingress.kubernetes.io/scheme"] == "internal")
        #expect(albAnnotations["alb.ingress.kubernetes.io/target-type"] == "ip")
        #expect(albAnnotations["alb.ingress.kubernetes.io/listen-ports"] == #"[{"HTTPS": 443}]"#)
        #expect(albAnnotations["alb.ingress.kubernetes.io/ssl-policy"] == "ELBSecurityPolicy-TLS13-1-2-2021-06")
        #expect(albAnnotations["alb.ingress.kubernetes.io/healthcheck-path"] == "/v2/health/ready")
        #expect(
            albAnnotations["alb.ingress.kubernetes.io/certificate-arn"]?.hasPrefix("arn:aws:acm:eu-west-1:111122223333:certificate/")
                == true)
        #expect(
            albAnnotations["alb.ingress.kubernetes.io/wafv2-acl-arn"]?.hasPrefix("arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/")
                == true)
        #expect(albAnnotations["alb.ingress.kubernetes.io/inbound-cidrs"] == "10.42.0.0/16")
        #expect(value(ingress, at: ["spec", "ingressClassName"]) as? String == "alb")
        #expect(value(ingress, at: ["spec", "rules", 0, "http", "paths", 0, "backend", "service", "name"]) as? String == "triton")
        #expect(value(ingress, at: ["spec", "rules", 0, "http", "paths", 0, "backend", "service", "port", "name"]) as? String == "http")
    }

    // MARK: scraping and autoscaling

    @Test func scrapeObjectTargetsTheMetricsServicePort() throws {
        let documents = try Self.documents("deploy/k8s")
        let monitor = try #require(documents["ServiceMonitor/triton"])
        #expect(monitor["apiVersion"] as? String == "monitoring.coreos.com/v1")
        let service = try #require(documents["Service/triton-metrics"])
        // The monitor's selector picks the metrics Service (and only it) in its namespace.
        let selector = value(monitor, at: ["spec", "selector", "matchLabels"]) as? [String: String] ?? [:]
        let labels = value(service, at: ["metadata", "labels"]) as? [String: String] ?? [:]
        #expect(!selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value })
        let otherLabels = value(documents["Service/triton"], at: ["metadata", "labels"]) as? [String: String] ?? [:]
        #expect(!selector.allSatisfy { otherLabels[$0.key] == $0.value }, "not the load balancer's Service")
        #expect(
            value(monitor, at: ["spec", "namespaceSelector", "matchNames"]) as? [String] == [
                value(service, at: ["metadata", "namespace"]) as? String ?? "-"
            ])
        // Its endpoint is the Service's metrics port, which reaches the container's metrics port.
        let endpoint = value(monitor, at: ["spec", "endpoints", 0]) as? [String: Any]
        let servicePort = (value(service, at: ["spec", "ports"]) as? [[String: Any]] ?? []).first {
            $0["name"] as? String == endpoint?["port"] as? String
        }
        #expect(servicePort?["port"] as? Int == 8002)
        let container = try #require(Self.tritonContainer(documents))
        let metricsPort = (container["ports"] as? [[String: Any]] ?? []).first {
            $0["name"] as? String == servicePort?["targetPort"] as? String
        }
        #expect(metricsPort?["containerPort"] as? Int == 8002)
        #expect(endpoint?["path"] as? String == "/metrics")
        #expect(endpoint?["interval"] as? String == "15s")
        // And the annotations for a Prometheus without the operator name the same port.
        let annotations =
            value(documents["Deployment/triton"], at: ["spec", "template", "metadata", "annotations"]) as? [String: String] ?? [:]
        #expect(annotations["prometheus.io/scrape"] == "true")
        #expect(annotations["prometheus.io/port"] == "8002")
        #expect(annotations["prometheus.io/path"] == "/metrics")
    }

    /// The prometheus-adapter rules (Helm values, not part of the kustomization).
    static func adapterRules() throws -> [[String: Any]] {
        let documents = try DeployFiles.manifestDocuments(["\(DeployFiles.kubernetesFolder)/prometheus-adapter-values.yaml"])
        return value(documents.first?.document, at: ["rules", "custom"]) as? [[String: Any]] ?? []
    }

    @Test func autoscalerScalesOnALoadProportionalMetricTheAdapterProduces() throws {
        let documents = try Self.documents("deploy/k8s")
        let autoscaler = try #require(documents["HorizontalPodAutoscaler/triton"])
        #expect(autoscaler["apiVersion"] as? String == "autoscaling/v2")
        #expect(value(autoscaler, at: ["spec", "scaleTargetRef", "kind"]) as? String == "Deployment")
        #expect(value(autoscaler, at: ["spec", "scaleTargetRef", "name"]) as? String == "triton")
        // Nothing competes with the HPA for the count.
        #expect(value(documents["Deployment/triton"], at: ["spec", "replicas"]) == nil)
        #expect((value(autoscaler, at: ["spec", "minReplicas"]) as? Int ?? 0) >= 2)

        let metrics = value(autoscaler, at: ["spec", "metrics"]) as? [[String: Any]] ?? []
        let names = metrics.compactMap { value($0, at: ["pods", "metric", "name"]) as? String }
        #expect(names == ["triton_successful_requests_per_second", "triton_queue_time_per_request_us"])
        #expect(value(metrics.first, at: ["pods", "target", "averageValue"]) as? String == "40", "the site's target")

        let rules = try Self.adapterRules()
        for name in names {
            let rule = try #require(rules.first { value($0, at: ["name", "as"]) as? String == name }, "no adapter rule makes \(name)")
            let query = rule["metricsQuery"] as? String ?? ""
            #expect(query.contains("[2m]"), "a 2-minute rate window")
            #expect(query.contains("<<.GroupBy>>") && query.contains("<<.LabelMatchers>>"))
            #expect(value(rule, at: ["resources", "overrides", "pod", "resource"]) as? String == "pod")
        }
        let load = try #require(rules.first { value($0, at: ["name", "as"]) as? String == names[0] })
        #expect((load["metricsQuery"] as? String ?? "").contains("rate(nv_inference_request_success{"))
        #expect(!(load["metricsQuery"] as? String ?? "").contains("queue"))
        // The adapter rules are added to the chart's own (rules.custom), never rules.existing.
        let text = try DeployFiles.text("\(DeployFiles.kubernetesFolder)/prometheus-adapter-values.yaml")
        #expect(!text.contains("\nrules:\n  existing"))
    }

    @Test func warmCapacityYieldsToTritonAndHoldsWhatATritonPodNeeds() throws {
        let documents = try Self.documents("deploy/k8s")
        let priority = try #require(documents["PriorityClass/radstream-warm-placeholder"])
        #expect((priority["value"] as? Int ?? 0) < 0, "below the default priority of Triton's pods")
        #expect(priority["preemptionPolicy"] as? String == "Never")
        let placeholder = try #require(Self.podSpecs(documents)["Deployment/triton-warm-capacity"])
        #expect(placeholder["priorityClassName"] as? String == "radstream-warm-placeholder")
        let held = value(placeholder, at: ["containers", 0, "resources", "requests"]) as? [String: Any]
        let triton = value(try #require(Self.tritonContainer(documents)), at: ["resources", "requests"]) as? [String: Any]
        let sameRequests = NSDictionary(dictionary: try #require(held)).isEqual(to: try #require(triton))
        #expect(sameRequests, "one eviction frees room for exactly one Triton pod")
        #expect(Self.podSpecs(documents)["Deployment/triton"]?["priorityClassName"] == nil)
        let prepull = try #require(Self.podSpecs(documents)["DaemonSet/triton-image-prepull"])
        let image = value(prepull, at: ["containers", 0, "image"]) as? String
        #expect(image == value(Self.tritonContainer(documents), at: ["image"]) as? String, "pre-pulls the image Triton runs")
    }

    // MARK: the model

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
