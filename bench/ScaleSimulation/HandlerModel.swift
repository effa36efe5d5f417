import PipelineCost

/// How fast AWS answers the requests a handler waits on.
struct ServiceLatencies {
    var name: String
    /// A small S3 request (sidecar or tensor GET, result PUT; under 1 MB): time to the whole
    /// answer before any body transfer, ms.
    var smallRequest: Double
    /// First byte of a larger object (the 1.5 MB image), ms.
    var largeFirstByte: Double
    /// Per-connection bandwidth, MB/s.
    var megabytesPerSecond: Double
    /// One Kinesis PutRecords, ms.
    var kinesis: Double
    /// One StartExecution call, ms (assumed 20 in every scenario: AWS publishes no figure).
    var startExecution = 20.0

    /// The simulation's in-region assumptions (AWS documents no median): ~20 ms per small request
    /// and to the first byte of the image, ~60 MB/s per connection, Kinesis 15 ms.
    static let assumedInRegion = ServiceLatencies(
        name: "simulation's assumptions", smallRequest: 20, largeFirstByte: 20, megabytesPerSecond: 60, kinesis: 15)
    /// AWS's documented S3 figures, as bench/streaming.sh uses them (docs/imaging.md): small
    /// requests have median latencies of tens of milliseconds (S3 whitepaper, "Timeouts and
    /// retries for latency-sensitive applications"); larger objects' first byte 100–200 ms and
    /// 85–90 MB/s per connection (S3 performance guide), the low ends. Kinesis: assumed 30 ms.
    static let documentedS3 = ServiceLatencies(
        name: "AWS's documented S3 figures", smallRequest: 30, largeFirstByte: 100, megabytesPerSecond: 85, kinesis: 30)
    /// The guide's "roughly 100–200 milliseconds" for small objects too, at its low end
    /// (StartExecution stays at 20 ms).
    static let everyRequest100 = ServiceLatencies(
        name: "every S3 request 100 ms", smallRequest: 100, largeFirstByte: 100, megabytesPerSecond: 85, kinesis: 30)
}

/// Each function's handler duration (ms) from what it waits on and the CPU it was measured to
/// use, at the memory it is given: the CPU part stretches by 1769/memory below one vCPU
/// (`StudyUsage.lambdaMilliseconds`), waiting does not. PrepareTensors decodes while the image
/// downloads (docs/imaging.md): first byte + max(body transfer, CPU), then the tensor's PUT. That
/// counts all its CPU as overlapping the body; the few milliseconds after the last byte (the
/// encode, a PNG's checks) are not, which flatters the larger memory sizes slightly.
struct HandlerModel {
    var latencies: ServiceLatencies
    /// Memory per function: the template's defaults unless a row varies one.
    var memoryMB = StudyUsage.templateMemoryMB

    /// CPU per invocation, ms of one core, as `bench/pipeline.sh` measured it from the scheduler
    /// over the sample mix of JPEG, PNG and DICOM studies: the highest of the three 200-study
    /// bursts run on 2026-12-02 (recorded in bench/RESULTS.md at 89c2826; the other two gave
    /// 12.9–15.4 ms for PrepareTensors and 1.3–1.9 ms for the 128 MB functions: moto's load moves
    /// them). StartStudy's is per batch.
    static let cpuMilliseconds: [String: Double] = [
        "StartStudy": 10.1, "ValidateMetadata": 2.2, "PrepareTensors": 16.7, "RunInference": 5.0, "StoreResults": 1.9,
        "SendTelemetry": 2.1,
    ]
    /// RunInference's work after Triton answers (softmax, the answer): ~1 ms of its CPU.
    static let inferenceAfterCPU = 1.0
    /// The film JPEG (1.5 MB) and its tensor (602 KB, 224 × 224 × 3 Float32).
    static let imageMegabytes = 1.5
    static let tensorMegabytes = 0.602
    /// Events per StartStudy batch (the event source mapping's BatchSize).
    static let eventsPerStartStudyBatch = 10.0

    private func transfer(_ megabytes: Double) -> Double { megabytes / latencies.megabytesPerSecond * 1000 }
    private func cpu(_ function: String, _ milliseconds: Double? = nil) -> Double {
        StudyUsage.lambdaMilliseconds(
            waitingMilliseconds: 0, cpuMilliseconds: milliseconds ?? Self.cpuMilliseconds[function] ?? 0,
            memoryMB: memoryMB[function] ?? 128)
    }

    /// ValidateMetadata: the sidecar's GET and validation.
    var validate: Double { latencies.smallRequest + cpu("ValidateMetadata") }
    /// PrepareTensors: the image streamed into the decoder, then the tensor's PUT.
    var prepare: Double {
        latencies.largeFirstByte + max(transfer(Self.imageMegabytes), cpu("PrepareTensors")) + latencies.smallRequest
            + transfer(Self.tensorMegabytes)
    }
    /// RunInference before Triton: the tensor's GET, its hash and the request.
    var inferenceBeforeTriton: Double {
        latencies.smallRequest + transfer(Self.tensorMegabytes)
            + cpu("RunInference", (Self.cpuMilliseconds["RunInference"] ?? 0) - Self.inferenceAfterCPU)
    }
    /// RunInference after Triton: softmax and the answer.
    var inferenceAfterTriton: Double { cpu("RunInference", Self.inferenceAfterCPU) }
    /// StoreResults: the conditional PUT of the record.
    var store: Double { latencies.smallRequest + cpu("StoreResults") }
    /// SendTelemetry: one Kinesis PutRecords and the EMF lines.
    var telemetry: Double { latencies.kinesis + cpu("SendTelemetry") }
    /// StartStudy, per study of a batch: one StartExecution call and its share of the batch's CPU.
    var startPerExecution: Double {
        latencies.startExecution + cpu("StartStudy", (Self.cpuMilliseconds["StartStudy"] ?? 0) / Self.eventsPerStartStudyBatch)
    }

    /// One study's usage with RunInference waiting `tritonMilliseconds` on the model.
    func usage(tritonMilliseconds: Double, happyPath: [StateMachineDefinition.State]) -> StudyUsage {
        let handlers: [(String, Double, Double)] = [
            ("StartStudy", 1 / Self.eventsPerStartStudyBatch, startPerExecution * Self.eventsPerStartStudyBatch),
            ("ValidateMetadata", 1, validate),
            ("PrepareTensors", 1, prepare),
            ("RunInference", 1, inferenceBeforeTriton + tritonMilliseconds + inferenceAfterTriton),
            ("StoreResults", 1, store),
            ("SendTelemetry", 1, telemetry),
        ]
        let functions = handlers.map { name, invocations, milliseconds in
            StudyUsage.FunctionUsage(
                name: name, memoryMB: memoryMB[name] ?? 128, invocationsPerStudy: invocations,
                billedMilliseconds: milliseconds.rounded(.up))
        }
        return StudyUsage(
            functions: functions, standardTransitions: happyPath.count,
            expressDurationMilliseconds: StudyUsage.expressDuration(of: functions),
            executionLogRecords: StudyUsage.templateExecutionLogRecords(happyPath: happyPath))
    }
}
