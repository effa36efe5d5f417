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
    /// Bytes the study's Lambda invocations put into CloudWatch Logs: Lambda's platform lines
    /// and the functions' own lines.
    public var functionLogBytes: Double
    /// Records one execution writes to the state machine's log group, by workflow type, at the
    /// log level the stack gives that type (`StateMachineDefinition.successfulExecutionLogRecords`).
    public var executionLogRecords: [WorkflowType: Double]
    /// Bytes of one Step Functions log record.
    public var executionLogRecordBytes: Int

    /// A study's usage; see each property for units. `functionLogBytes` defaults to
    /// `functionLogBytes(of:)`; `executionLogRecords` comes from the state machine's path and
    /// levels (`templateExecutionLogRecords(happyPath:)` as deployed).
    public init(
        functions: [FunctionUsage], standardTransitions: Int, expressDurationMilliseconds: Double, expressMemoryMB: Double = 64,
        s3Puts: Double = StudyUsage.s3PutsPerSuccessfulStudy, s3Gets: Double = StudyUsage.s3GetsPerSuccessfulStudy,
        sqsRequests: Double = StudyUsage.sqsRequestsPerStudy, telemetryRecords: Double = StudyUsage.telemetryRecordsPerSuccessfulStudy,
        telemetryRecordBytes: Int = StudyUsage.typicalTelemetryRecordBytes, functionLogBytes: Double? = nil,
        executionLogRecords: [WorkflowType: Double], executionLogRecordBytes: Int = StudyUsage.typicalExecutionLogRecordBytes
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
        self.functionLogBytes = functionLogBytes ?? Self.functionLogBytes(of: functions)
        self.executionLogRecords = executionLogRecords
        self.executionLogRecordBytes = executionLogRecordBytes
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

    // MARK: - CloudWatch Logs

    /// Lambda's platform lines per warm invocation in the JSON log format at system log level
    /// INFO (the template's `LoggingConfig`): `platform.start` (~223 B) and `platform.report`
    /// (~240 B). An estimate counted from captured lines: AWS documents the fields, not a size.
    /// A cold start adds `platform.initStart` (~460 B), rare enough to leave out.
    public static let platformLogBytesPerInvocation = 463
    /// The functions' own lines for one successful image + sidecar study, the five stage
    /// functions' and one StartStudy batch line: a budget `StateMachineTests` holds the real
    /// functions to (each logs one line on success, SendTelemetry an EMF line per event: 2,302 B
    /// in 10 lines measured for a PNG + sidecar study on 2026-12-02).
    public static let applicationLogBytesPerSuccessfulStudy = 3072
    /// One Step Functions log record without execution data (`IncludeExecutionData: false`):
    /// `id`, `type`, `details` (a state name or the Lambda resource), `previous_event_id`,
    /// `event_timestamp`, `redrive_count` and the ~130-character Express execution ARN. An
    /// estimate from a captured record (255 B with a ~95-character ARN): AWS documents the fields
    /// (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html), not a size.
    public static let typicalExecutionLogRecordBytes = 330
    /// The state machine's log level per workflow type as deploy/template.yaml sets it by
    /// default (`ExpressLogLevel`; Standard keeps its history in Step Functions and logs errors
    /// only). `Tests/DeployTests` pins it to the template.
    public static let templateStateMachineLogLevels: [WorkflowType: ExecutionLogLevel] = [.standard: .error, .express: .error]

    /// What one successful execution along `happyPath` logs per workflow type at the
    /// template's levels: the `executionLogRecords` of a study priced as deployed.
    public static func templateExecutionLogRecords(happyPath: [StateMachineDefinition.State]) -> [WorkflowType: Double] {
        templateStateMachineLogLevels.mapValues { Double(StateMachineDefinition.successfulExecutionLogRecords(happyPath, level: $0)) }
    }

    /// Platform lines for every invocation plus the application-log budget of one study.
    public static func functionLogBytes(of functions: [FunctionUsage]) -> Double {
        functions.reduce(0) { $0 + $1.invocationsPerStudy } * Double(platformLogBytesPerInvocation)
            + Double(applicationLogBytesPerSuccessfulStudy)
    }

    /// Memory per function as deploy/template.yaml sets it by default (PrepareTensors: the
    /// `PrepareTensorsMemorySize` default, ~0.58 vCPU). `Tests/DeployTests` pins it to the template.
    public static let templateMemoryMB: [String: Int] = [
        "StartStudy": 128, "ValidateMetadata": 128, "PrepareTensors": 1024, "RunInference": 256, "StoreResults": 128,
        "SendTelemetry": 128,
    ]
    /// The functions a Step Functions execution runs, in order (StartStudy starts it from outside).
    public static let executionFunctions = ["ValidateMetadata", "PrepareTensors", "RunInference", "StoreResults", "SendTelemetry"]
    /// Assumed time Step Functions adds per Lambda task (dispatch, the Invoke round trip, the
    /// next transition). AWS publishes no figure; 25 ms is a stated assumption, and the Express
    /// duration charge stays under $0.001 per 1000 studies up to ~900 ms total (`docs/scale.md`).
    public static let assumedOrchestrationMillisecondsPerTask = 25.0

    /// Lambda gives one full vCPU at 1769 MB and a share in proportion to memory below it
    /// (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html).
    public static let fullVCPUMemoryMB = 1769.0

    /// A handler's duration at `memoryMB` when it waits `waitingMilliseconds` (S3, Kinesis,
    /// Triton) and needs `cpuMilliseconds` of one full core: below one vCPU the CPU-bound part
    /// stretches by 1769/memory; waiting does not. A model, not a measurement: Lambda enforces
    /// the share in scheduler periods, so short bursts stretch a little less.
    public static func lambdaMilliseconds(waitingMilliseconds: Double, cpuMilliseconds: Double, memoryMB: Int) -> Double {
        waitingMilliseconds + cpuMilliseconds * max(1, fullVCPUMemoryMB / Double(max(memoryMB, 1)))
    }

    /// An Express execution's duration from the functions it runs: their billed times plus the
    /// per-task orchestration overhead.
    public static func expressDuration(
        of functions: [FunctionUsage], overheadPerTaskMilliseconds: Double = assumedOrchestrationMillisecondsPerTask
    ) -> Double {
        functions.filter { executionFunctions.contains($0.name) }
            .reduce(0) { $0 + ($1.billedMilliseconds + overheadPerTaskMilliseconds) * $1.invocationsPerStudy }
    }
}
