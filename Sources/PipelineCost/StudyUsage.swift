/// What one study uses of each billed service: the input of `CostModel`.
///
/// The counts come from the functions' code paths and the state machine; the durations from a
/// measurement (the pipeline benchmark's REPORT lines, or telemetry's stage times).
public struct StudyUsage: Sendable, Equatable {
    /// One Lambda function's share of a study.
    public struct FunctionUsage: Sendable, Equatable {
        /// The function's name (`PrepareTensors`).
        public var name: String
        /// Configured memory, MB (what Lambda bills GB-seconds on).
        public var memoryMB: Int
        /// Invocations per study (StartStudy takes up to ten sidecar events per invocation).
        public var invocationsPerStudy: Double
        /// Mean billed duration of one invocation, ms (Lambda rounds each up to 1 ms).
        public var billedMilliseconds: Double

        /// A function's usage; `billedMilliseconds` is per invocation.
        public init(name: String, memoryMB: Int, invocationsPerStudy: Double, billedMilliseconds: Double) {
            self.name = name
            self.memoryMB = memoryMB
            self.invocationsPerStudy = invocationsPerStudy
            self.billedMilliseconds = billedMilliseconds
        }

        /// GB-seconds per study: billed seconds × memory in GB (1 GB = 1024 MB, as Lambda bills).
        public var gigabyteSecondsPerStudy: Double {
            billedMilliseconds / 1000 * Double(memoryMB) / 1024 * invocationsPerStudy
        }
    }

    /// Every Lambda function a study runs through, StartStudy included.
    public var functions: [FunctionUsage]
    /// Standard workflow: state transitions per execution (the states entered; retries add more).
    public var standardTransitions: Int
    /// Express workflow: one execution's duration, start to end, ms (billed rounded up to 100 ms).
    public var expressDurationMilliseconds: Double
    /// Express workflow: memory the execution uses, MB (definition + state data; billed in 64 MB chunks).
    public var expressMemoryMB: Double
    /// S3 PUT-class requests per study (the uploader's image and sidecar included).
    public var s3Puts: Double
    /// S3 GET-class requests per study (GET and HEAD).
    public var s3Gets: Double
    /// SQS requests per study (EventBridge's SendMessage, the event source mapping's receive and delete).
    public var sqsRequests: Double
    /// Telemetry events per study: one Kinesis record and one Firehose record each.
    public var telemetryRecords: Double
    /// Bytes of one telemetry event (before Kinesis' 1 KB and Firehose's 5 KB rounding).
    public var telemetryRecordBytes: Int

    /// A study's usage; see each property for units.
    public init(
        functions: [FunctionUsage], standardTransitions: Int, expressDurationMilliseconds: Double, expressMemoryMB: Double = 64,
        s3Puts: Double = StudyUsage.s3PutsPerSuccessfulStudy, s3Gets: Double = StudyUsage.s3GetsPerSuccessfulStudy,
        sqsRequests: Double = StudyUsage.sqsRequestsPerStudy, telemetryRecords: Double = StudyUsage.telemetryRecordsPerSuccessfulStudy,
        telemetryRecordBytes: Int = StudyUsage.typicalTelemetryRecordBytes
    ) {
        self.functions = functions
        self.standardTransitions = standardTransitions
        self.expressDurationMilliseconds = expressDurationMilliseconds
        self.expressMemoryMB = expressMemoryMB
        self.s3Puts = s3Puts
        self.s3Gets = s3Gets
        self.sqsRequests = sqsRequests
        self.telemetryRecords = telemetryRecords
        self.telemetryRecordBytes = telemetryRecordBytes
    }

    // MARK: - Counts from the code paths

    /// PUT image + PUT sidecar (the uploader), PUT tensor (PrepareTensors), PUT result (StoreResults).
    public static let s3PutsPerSuccessfulStudy = 4.0
    /// A DICOM submission is one object (`images/<study>/<file>.dcm`, no sidecar): PUT image,
    /// PUT tensor, PUT result. (Its GETs are ranged: ValidateMetadata's header, PrepareTensors'
    /// first read and at most two more for a frame, RunInference's tensor.)
    public static let s3PutsPerSuccessfulDICOMStudy = 3.0
    /// GET sidecar (ValidateMetadata), GET image (PrepareTensors), GET tensor (RunInference);
    /// StoreResults HEADs only on a duplicate.
    public static let s3GetsPerSuccessfulStudy = 3.0
    /// SendMessage by the EventBridge target, then ReceiveMessage and DeleteMessageBatch by the
    /// event source mapping, both batched by up to 10 (deploy/template.yaml's BatchSize):
    /// 1 + 2 × 1/10 when the queue is busy. An idle queue's empty long polls are a fixed cost
    /// (`docs/scale.md`).
    public static let sqsRequestsPerStudy = 1.2
    /// Four stage events and the execution event (`docs/telemetry.md`).
    public static let telemetryRecordsPerSuccessfulStudy = 5.0
    /// A succeeded stage event with UID, modality, timings and size is 350–450 bytes of JSON:
    /// under Kinesis' 1 KB and Firehose's 5 KB rounding either way.
    public static let typicalTelemetryRecordBytes = 450

    /// Memory per function as deploy/template.yaml sets it by default (PrepareTensors: the
    /// `PrepareTensorsMemorySize` default, one full vCPU). `Tests/DeployTests` pins it to the template.
    public static let templateMemoryMB: [String: Int] = [
        "StartStudy": 128, "ValidateMetadata": 128, "PrepareTensors": 1769, "RunInference": 256, "StoreResults": 128,
        "SendTelemetry": 128,
    ]
    /// The functions a Step Functions execution runs, in order (StartStudy starts it from outside).
    public static let executionFunctions = ["ValidateMetadata", "PrepareTensors", "RunInference", "StoreResults", "SendTelemetry"]
    /// Assumed time Step Functions adds per Lambda task (dispatch, the Invoke round trip, the
    /// next transition). AWS publishes no figure; 25 ms is a stated assumption, and the Express
    /// duration charge stays under $0.001 per 1000 studies up to ~900 ms total (`docs/scale.md`).
    public static let assumedOrchestrationMillisecondsPerTask = 25.0

    /// An Express execution's duration from the functions it runs: their billed times plus the
    /// per-task orchestration overhead.
    public static func expressDuration(
        of functions: [FunctionUsage], overheadPerTaskMilliseconds: Double = assumedOrchestrationMillisecondsPerTask
    ) -> Double {
        functions.filter { executionFunctions.contains($0.name) }
            .reduce(0) { $0 + ($1.billedMilliseconds + overheadPerTaskMilliseconds) * $1.invocationsPerStudy }
    }
}
