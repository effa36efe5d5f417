/// Every input of the simulation, each with its source; docs/scale.md repeats them in a table.
/// Times are seconds unless the name says otherwise.
struct Assumptions {
    // MARK: Step Functions (https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html,
    // "Quotas related to API action throttling" and "state throttling", us-east-1 defaults)

    /// StartExecution token bucket: Standard 1,300 burst, 300 per second refill.
    var standardStartBucket = 1300.0
    var standardStartRefill = 300.0
    /// Express StartExecution: 6,000 burst, 6,000 per second refill.
    var expressStartBucket = 6000.0
    var expressStartRefill = 6000.0
    /// Standard state transitions: 5,000 burst, 5,000 per second refill; Express has no
    /// transition quota.
    var transitionBucket = 5000.0
    var transitionRefill = 5000.0
    /// Time Step Functions adds per Lambda task (dispatch + Invoke round trip + next
    /// transition): PipelineCost's `StudyUsage.assumedOrchestrationMillisecondsPerTask` (assumed).
    var orchestrationPerTask = 0.025

    // MARK: Lambda (https://docs.aws.amazon.com/lambda/latest/dg/scaling-behavior.html and
    // https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html)

    /// Account concurrency, default quota.
    var accountConcurrency = 1000
    /// Each function scales by 1,000 execution environments every 10 seconds.
    var scalingBurst = 1000.0
    var scalingPerSecond = 100.0
    /// A cold start: Lambda's environment set-up (assumed 150 ms: not measurable here) plus our
    /// static bootstrap's own init, 1.5 ms p50 (README "Performance", bench/runtime.sh).
    var coldStart = 0.150 + 0.0015

    // MARK: Ingest (S3 → EventBridge → SQS → StartStudy), assumed

    /// S3 event to StartStudy's invocation: EventBridge delivery and the SQS event source's
    /// polling; assumed 0.3 s + exponential mean 0.4 s (AWS documents no latency figure).
    var ingestFloor = 0.3
    var ingestMean = 0.4

    // MARK: Stage service times inside each handler (median; log-normal, σ 0.35)

    /// What each handler waits on and the CPU it uses, at the template's memory (HandlerModel:
    /// measured CPU, assumed in-region latencies). Seconds, like every time here.
    var handlers = HandlerModel(latencies: .assumedInRegion)
    var validate: Double { handlers.validate / 1000 }
    var prepare: Double { handlers.prepare / 1000 }
    var inferenceFetch: Double { handlers.inferenceBeforeTriton / 1000 }
    var inferenceAfter: Double { handlers.inferenceAfterTriton / 1000 }
    var store: Double { handlers.store / 1000 }
    var telemetry: Double { handlers.telemetry / 1000 }
    var startPerExecution: Double { handlers.startPerExecution / 1000 }
    /// Network round trip Lambda → NLB → Triton pod inside the VPC (assumed 1 ms).
    var tritonNetwork = 0.001
    var serviceSigma = 0.35

    // MARK: Triton on g5.xlarge (one A10G per pod; deploy/k8s)

    /// Batch service time s(b) = fixed + perImage × b on the GPU. Assumed for a 224×224
    /// DenseNet/ResNet-class classifier in FP32 through the PyTorch backend (deploy/k8s/model-repository):
    /// 5 ms + 0.5 ms per image (batch 1 → 182 images/s, batch 8 → 889 images/s). The local PyTriton
    /// serves a channel-mean fixture on the CPU, so its batch curve says nothing about a GPU.
    var batchFixed = 0.005
    var batchPerImage = 0.0005
    /// deploy/k8s/model-repository/radstream_classifier/config.pbtxt: max_batch_size 8 (dynamic batching).
    var maximumBatch = 8
    /// deploy/k8s/hpa.yaml: 2…6 replicas, target 20 ms average queue time per request,
    /// scale up ≤ 2 pods per 60 s, scale down after a 600 s window, 1 pod per 300 s.
    var minimumPods = 2
    var maximumPods = 6
    var queueTarget = 0.020
    var scaleUpPods = 2
    var scaleUpPeriod = 60.0
    var scaleDownWindow = 600.0
    /// The HPA's sync period (kube-controller-manager default 15 s) and the metric's window
    /// (prometheus-adapter-rules.yaml: rate over [1m]).
    var hpaPeriod = 15.0
    var metricWindow = 60.0
    /// A new pod on a warm GPU node (image cached: container start + model load) — assumed 45 s;
    /// on a new g5.xlarge node (EC2 launch, join, NVIDIA device plugin, ~10 GB Triton image pull) — assumed 240 s.
    var podStartWarmNode = 45.0
    var podStartNewNode = 240.0
    /// GPU nodes kept up beyond the running pods (0: every scale-out needs a new node).
    var spareNodes = 0

    // MARK: Prices for the fleet (us-east-1)

    /// g5.xlarge on-demand $1.006/hour (AWS EC2 on-demand list, quoted June 2026 by
    /// factualminds.com "Amazon EC2 On-Demand Pricing … (2026)"); spot assumed $0.40/hour
    /// (~60% off; spot prices move every few minutes: https://aws.amazon.com/ec2/spot/pricing/).
    var gpuOnDemandHour = 1.006
    var gpuSpotHour = 0.40
    /// EKS control plane $0.10/hour (https://aws.amazon.com/eks/pricing/); the internal NLB
    /// $0.0225/hour + LCUs, LCUs not modelled (https://aws.amazon.com/elasticloadbalancing/pricing/).
    var eksHour = 0.10
    var loadBalancerHour = 0.0225
}
