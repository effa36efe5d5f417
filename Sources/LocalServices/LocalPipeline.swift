import AWSClients
import CurlHTTP
import Foundation
import LambdaEmulator
import PipelineModel
import Synchronization

/// The whole pipeline on one machine, for real: moto (S3, Kinesis, Step Functions executing the
/// state machine), the emulator running the five function executables (moto's Lambda tasks
/// reach it through `MOTO_PORT`; everything else it forwards to moto), and PyTriton serving the
/// model. The main job (`radstream run-local`) and the state-machine tests both use it.
///
/// Studies enter the way they do in AWS: ``submit(study:image:imageExtension:imageKey:sidecar:timeout:)`` and ``submitDICOM(study:dicom:fileName:timeout:)`` only
/// uploads the image and its sidecar; the images bucket's event reaches EventBridge, whose rule
/// queues it. Two links moto does not make are bridged here, and only those: the queued event
/// starts the execution (``StudyEventBridge``), and telemetry records flow from Kinesis into
/// Firehose and the telemetry lake bucket (``TelemetryFirehoseBridge``).
public final class LocalPipeline: @unchecked Sendable {
    /// The five functions the state machine runs, by executable name.
    public static let functionNames = ["ValidateMetadata", "PrepareTensors", "RunInference", "StoreResults", "SendTelemetry"]
    /// The function that starts executions from the queued sidecar events.
    public static let starterFunctionName = "StartStudy"
    /// Every function of the deployment: the starter and the five stages.
    public static let allFunctionNames = [starterFunctionName] + functionNames

    /// Names of the local resources (unique per pipeline, so several can share a machine).
    public struct Resources: Sendable {
        public let images: String
        public let tensors: String
        public let results: String
        public let stream: String
        /// Where Firehose writes the telemetry records (`telemetry/YYYY/MM/DD/HH/…`).
        public let telemetryLake: String

        init(suffix: String) {
            images = "images-\(suffix)"
            tensors = "tensors-\(suffix)"
            results = "results-\(suffix)"
            stream = "telemetry-\(suffix)"
            telemetryLake = "telemetry-lake-\(suffix)"
        }
    }

    public let moto: MotoServer
    public let triton: TritonServer
    public let emulator: LambdaEmulator
    public let resources: Resources
    public let stateMachineARN: String
    /// Starts executions from the images bucket's events.
    public let studyEvents: StudyEventBridge
    /// Feeds the telemetry lake from the Kinesis stream.
    public let telemetryDelivery: TelemetryFirehoseBridge
    /// The proxy between the functions and moto, when the pipeline was started with a fault plan.
    public let faultProxy: FaultProxy?
    /// Each function's own log lines (its output and START/END/REPORT), by function name.
    public let functionLogs: [String: LogCollector]
    private let bridgeFailures = Mutex<[String]>([])
    private let pumping = Mutex<Task<Void, Never>?>(nil)

    private init(
        moto: MotoServer, triton: TritonServer, emulator: LambdaEmulator, resources: Resources, stateMachineARN: String,
        studyEvents: StudyEventBridge, telemetryDelivery: TelemetryFirehoseBridge, faultProxy: FaultProxy?,
        functionLogs: [String: LogCollector]
    ) {
        self.functionLogs = functionLogs
        self.moto = moto
        self.triton = triton
        self.emulator = emulator
        self.resources = resources
        self.stateMachineARN = stateMachineARN
        self.studyEvents = studyEvents
        self.telemetryDelivery = telemetryDelivery
        self.faultProxy = faultProxy
    }

    /// How many invocations `function` has started so far (its `START` lines).
    public func invocationCount(of function: String) -> Int {
        functionLogs[function]?.lines(containing: "START RequestId:").count ?? 0
    }

    /// Errors the bridges met so far (each is retried on the next pass); empty when healthy.
    public var bridgeErrors: [String] { bridgeFailures.withLock { $0 } }

    /// Runs both bridges every 50 ms until shutdown.
    private func startPumping() {
        let studyEvents = self.studyEvents
        let telemetryDelivery = self.telemetryDelivery
        let task = Task.detached { [self] in
            while !Task.isCancelled {
                do {
                    try await studyEvents.pump()
                    _ = try await BlockingIO.run { try telemetryDelivery.pump() }
                } catch {
                    bridgeFailures.withLock { $0.append("\(error)") }
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        pumping.withLock { $0 = task }
    }

    /// How the emulator starts each function: an executable and its arguments per function name.
    public struct Executables: Sendable {
        /// The command for one function (by name).
        public let command: @Sendable (_ function: String) -> (path: String, arguments: [String])

        /// Creates a launcher from a function name → command mapping.
        public init(_ command: @escaping @Sendable (_ function: String) -> (path: String, arguments: [String])) {
            self.command = command
        }

        /// The executables named after the functions in `folder` (`swift build`'s bin folder).
        public static func folder(_ folder: String) -> Executables {
            Executables { ("\(folder)/\($0)", []) }
        }
    }

    /// Starts everything with the executables in `functionsFolder` (`swift build`'s bin folder).
    /// See ``start(executables:definitionPath:triton:concurrency:logSink:faults:functionTimeouts:functionEnvironment:)``.
    public static func start(
        functionsFolder: String,
        definitionPath: String,
        triton: TritonServer? = nil,
        concurrency: Int = 1,
        logSink: EmulatorLogSink = .discard,
        faults: FaultPlan? = nil,
        functionTimeouts: [String: Duration] = [:],
        functionEnvironment: [String: [String: String]] = [:]
    ) async throws -> LocalPipeline {
        try await start(
            executables: .folder(functionsFolder), definitionPath: definitionPath, triton: triton, concurrency: concurrency,
            logSink: logSink, faults: faults, functionTimeouts: functionTimeouts, functionEnvironment: functionEnvironment)
    }

    /// Starts everything and creates the buckets, the stream and the state machine.
    ///
    /// - Parameters:
    ///   - executables: how to start each function (e.g. a packaged `bootstrap` inside an empty root).
    ///   - definitionPath: the ASL file (`deploy/statemachine.asl.json`), with `${<Name>Arn}` placeholders.
    ///   - triton: a running Triton serving the fixture model (a new one by default).
    ///   - concurrency: execution environments per function (Lambda's scaling out).
    ///   - faults: with a plan, the functions' `AWS_ENDPOINT_URL` is a ``FaultProxy`` in front of
    ///     moto that injects its faults; moto's state machine engine, the bridges and the
    ///     pipeline's own reads keep talking to moto directly.
    ///   - functionTimeouts: a timeout per function name (default 30 s each).
    ///   - functionEnvironment: extra variables per function name, over the pipeline's own.
    public static func start(
        executables: Executables,
        definitionPath: String,
        triton existing: TritonServer? = nil,
        concurrency: Int = 1,
        logSink: EmulatorLogSink = .discard,
        faults: FaultPlan? = nil,
        functionTimeouts: [String: Duration] = [:],
        functionEnvironment: [String: [String: String]] = [:]
    ) async throws -> LocalPipeline {
        let resources = Resources(suffix: String(UInt32.random(in: 0...UInt32.max), radix: 36))
        let emulatorPort = try LoopbackPort.unused()
        let moto = try await BlockingIO.run { try MotoServer(lambdaEndpointPort: emulatorPort) }
        let triton = try await BlockingIO.run { try existing ?? TritonServer() }
        try await BlockingIO.run {
            try moto.enableStateMachineExecution()
            for bucket in [resources.images, resources.tensors, resources.results, resources.telemetryLake] {
                try moto.createBucket(bucket)
            }
            try moto.enableVersioning(bucket: resources.images)
            try moto.createStream(resources.stream)
        }
        // Known before it exists: StartStudy's environment names it.
        let machineName = "radstream-\(resources.images)"
        let expectedARN = "arn:aws:states:us-east-1:123456789012:stateMachine:\(machineName)"
        var faultProxy: FaultProxy?
        if let faults {
            faultProxy = try await FaultProxy.start(upstream: moto.endpoint, plan: faults)
        }
        var awsEnvironment = moto.awsEnvironment
        if let faultProxy { awsEnvironment["AWS_ENDPOINT_URL"] = faultProxy.endpoint }
        let settings: [String: [String: String]] = [
            starterFunctionName: ["IMAGES_BUCKETS": resources.images, "STATE_MACHINE_ARN": expectedARN],
            "ValidateMetadata": ["IMAGES_BUCKETS": resources.images],
            "PrepareTensors": ["IMAGES_BUCKETS": resources.images, "TENSORS_BUCKET": resources.tensors],
            "RunInference": [
                "TENSORS_BUCKETS": resources.tensors, "RADSTREAM_INFERENCE_URL": triton.endpoint,
                "MODEL_NAME": TritonServer.FixtureModel.name, "MODEL_LABELS": "normal,effusion,nodule,pneumothorax",
            ],
            "StoreResults": ["RESULTS_BUCKET": resources.results],
            "SendTelemetry": ["TELEMETRY_STREAM": resources.stream],
        ]
        let functionLogs = Dictionary(uniqueKeysWithValues: allFunctionNames.map { ($0, LogCollector()) })
        let functions = allFunctionNames.map { name in
            let command = executables.command(name)
            var function = FunctionConfiguration(
                name: name, executablePath: command.path, arguments: command.arguments,
                environment: awsEnvironment.merging(settings[name] ?? [:]) { _, new in new }
                    .merging(functionEnvironment[name] ?? [:]) { _, new in new },
                timeout: functionTimeouts[name] ?? .seconds(30), memorySizeMB: 512)
            function.concurrency = concurrency
            function.logSink = functionLogs[name]?.sink(forwardingTo: logSink)
            return function
        }
        let emulator = try await LambdaEmulator.start(
            functions: functions, invokePort: emulatorPort, logSink: logSink, upstream: moto.endpoint)
        do {
            var definition = try String(contentsOfFile: definitionPath, encoding: .utf8)
            for name in functionNames {
                definition = definition.replacingOccurrences(
                    of: "${\(name)Arn}", with: "arn:aws:lambda:us-east-1:123456789012:function:\(name)")
            }
            let finalDefinition = definition
            let (arn, studyEvents, telemetryDelivery) = try await BlockingIO.run {
                let arn = try StepFunctionsClient(configuration: try moto.configuration()).createStateMachine(
                    name: machineName, definition: finalDefinition, roleARN: "arn:aws:iam::123456789012:role/radstream")
                guard arn == expectedARN else { throw LocalServiceError("moto named the state machine \(arn), not \(expectedARN)") }
                let studyEvents = try StudyEventBridge(moto: moto, imagesBucket: resources.images, emulator: emulator)
                let telemetryDelivery = try TelemetryFirehoseBridge(
                    moto: moto, streamName: resources.stream, bucket: resources.telemetryLake)
                return (arn, studyEvents, telemetryDelivery)
            }
            let pipeline = LocalPipeline(
                moto: moto, triton: triton, emulator: emulator, resources: resources, stateMachineARN: arn, studyEvents: studyEvents,
                telemetryDelivery: telemetryDelivery, faultProxy: faultProxy,
                functionLogs: functionLogs)
            pipeline.startPumping()
            return pipeline
        } catch {
            await emulator.shutdown()
            await faultProxy?.shutdown()
            moto.stop()
            throw error
        }
    }

    /// Polling starts quick and backs off to 1 s, so hundreds of studies waiting at once do not
    /// drown moto (one Python process) in DescribeExecution calls.
    static let firstPollPause = Duration.milliseconds(25)

    static func nextPollPause(after pause: Duration) -> Duration {
        min(pause * 3 / 2, .seconds(1))
    }

    /// Uploads a study's image (to `imageKey`, default `images/<study>/image.<ext>`), then its
    /// sidecar as `images/<study>/image.json`, and waits until the sidecar's event has started the
    /// study's execution (StartStudy names it after the upload: ``StudySubmission/executionName``,
    /// so every upload, even of the same bytes, is a new submission). Returns the execution ARN.
    ///
    /// - Throws: `LocalServiceError` when no execution starts within `timeout`.
    public func submit(
        study: String, image: [UInt8], imageExtension: String, imageKey: String? = nil, sidecar: [UInt8],
        timeout: Duration = .seconds(120)
    ) async throws -> String {
        let imageKey = imageKey ?? "images/\(study)/image.\(imageExtension)"
        return try await submitObject(
            study: study, key: "images/\(study)/image.json", body: sidecar, uploadingFirst: (imageKey, image), timeout: timeout)
    }

    /// Uploads a DICOM object as `images/<study>/<file>` (default `image.dcm`) — a study of its
    /// own, no sidecar — and waits until its event has started the execution. Returns its ARN.
    ///
    /// - Throws: `LocalServiceError` when no execution starts within `timeout`.
    public func submitDICOM(study: String, dicom: [UInt8], fileName: String = "image.dcm", timeout: Duration = .seconds(120))
        async throws -> String
    {
        try await submitObject(study: study, key: "images/\(study)/\(fileName)", body: dicom, uploadingFirst: nil, timeout: timeout)
    }

    /// Uploads `uploadingFirst` (the image a sidecar names), then the submitted object, and waits
    /// for the execution the submitted object's event starts.
    private func submitObject(
        study: String, key: String, body: [UInt8], uploadingFirst: (key: String, body: [UInt8])?, timeout: Duration
    ) async throws -> String {
        let resources = self.resources
        let moto = self.moto
        let stored = try await BlockingIO.run {
            let s3 = S3Client(configuration: try moto.configuration())
            if let uploadingFirst { try s3.putObject(bucket: resources.images, key: uploadingFirst.key, body: uploadingFirst.body) }
            return try s3.putObject(bucket: resources.images, key: key, body: body)
        }
        guard
            let submission = StudySubmission(
                bucket: resources.images, objectKey: key, eTag: stored.eTag ?? "", versionID: stored.versionID, sequencer: nil)
        else {
            throw LocalServiceError("study \(study) is not a submission (a folder name, and a versioned images bucket)")
        }
        return try await waitForExecution(named: submission.executionName, timeout: timeout)
    }

    /// Waits until an execution named `name` exists; returns its ARN.
    public func waitForExecution(named name: String, timeout: Duration = .seconds(120)) async throws -> String {
        // Execution ARNs are the state machine's with `execution` and the name.
        let arn = stateMachineARN.replacingOccurrences(of: ":stateMachine:", with: ":execution:") + ":" + name
        let started = ContinuousClock.now
        var pause = Self.firstPollPause
        while ContinuousClock.now - started < timeout {
            do {
                _ = try await describe(executionARN: arn)
                return arn
            } catch let error as StepFunctionsError {
                guard case .rejected(code: "ExecutionDoesNotExist", _, _) = error else { throw error }
            }
            try await Task.sleep(for: pause)
            pause = Self.nextPollPause(after: pause)
        }
        throw LocalServiceError("no execution \(name) started within \(timeout): \(bridgeErrors.last ?? "no bridge error")")
    }

    /// Where StoreResults keeps the record of an execution StartStudy started: its name is the
    /// submission's id, which keys the record (``RecordKey``).
    public static func recordKey(ofExecution executionARN: String) -> String {
        "results/\(executionName(of: executionARN)).json"
    }

    /// The name of an execution, from its ARN (the part after the last `:`).
    public static func executionName(of executionARN: String) -> String {
        String(executionARN.split(separator: ":").last ?? "")
    }

    /// The execution's state now.
    public func describe(executionARN: String) async throws -> StepFunctionsClient.Execution {
        let moto = self.moto
        return try await BlockingIO.run {
            try StepFunctionsClient(configuration: try moto.configuration()).describeExecution(arn: executionARN)
        }
    }

    /// Waits until the execution ends (at most `timeout`).
    public func wait(for executionARN: String, timeout: Duration = .seconds(120)) async throws -> StepFunctionsClient.Execution {
        let started = ContinuousClock.now
        var pause = Self.firstPollPause
        while ContinuousClock.now - started < timeout {
            let state = try await describe(executionARN: executionARN)
            if state.status != "RUNNING" { return state }
            try await Task.sleep(for: pause)
            pause = Self.nextPollPause(after: pause)
        }
        throw LocalServiceError("execution \(executionARN) still running after \(timeout)")
    }

    /// Reads an object from a local bucket.
    public func object(bucket: String, key: String) async throws -> [UInt8] {
        let moto = self.moto
        return try await BlockingIO.run {
            try S3Client(configuration: try moto.configuration()).getObject(bucket: bucket, key: key, maximumBytes: 16 << 20).body
        }
    }

    /// The keys in a local bucket under `prefix`, read from moto directly.
    public func objectKeys(bucket: String, prefix: String = "") async throws -> [String] {
        let moto = self.moto
        return try await BlockingIO.run {
            try S3Client(configuration: try moto.configuration()).listObjects(bucket: bucket, prefix: prefix)
        }
    }

    /// Every telemetry record so far, as JSON documents.
    public func telemetry() async throws -> [[UInt8]] {
        let moto = self.moto
        let stream = resources.stream
        return try await BlockingIO.run {
            let kinesis = KinesisClient(configuration: try moto.configuration())
            let iterator = try kinesis.getShardIterator(streamName: stream, shardID: "shardId-000000000000", type: .trimHorizon)
            return try kinesis.getRecords(shardIterator: iterator).records.map(\.data)
        }
    }

    /// The telemetry records Firehose delivered to the lake so far, one JSON document each.
    public func telemetryLakeRecords() async throws -> [[UInt8]] {
        let moto = self.moto
        let bucket = resources.telemetryLake
        return try await BlockingIO.run {
            let s3 = S3Client(configuration: try moto.configuration())
            return try s3.listObjects(bucket: bucket, prefix: "telemetry/").flatMap { key in
                try s3.getObject(bucket: bucket, key: key, maximumBytes: 64 << 20).body.split(separator: 10).map(Array.init)
            }
        }
    }

    /// The lake's records once Firehose has delivered every record in the stream (or what it
    /// holds after `timeout`), with how many the stream holds.
    public func deliveredTelemetry(timeout: Duration = .seconds(5)) async throws -> (lake: [[UInt8]], sent: Int) {
        let sent = try await telemetry().count
        let deadline = ContinuousClock.now + timeout
        while true {
            let lake = try await telemetryLakeRecords()
            if lake.count >= sent || ContinuousClock.now >= deadline { return (lake, sent) }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Stops the bridges, the emulator and moto (a shared Triton is left running).
    public func shutdown(stoppingTriton: Bool = false) async {
        if let task = pumping.withLock({ $0 }) {
            task.cancel()
            await task.value
        }
        await emulator.shutdown()
        await faultProxy?.shutdown()
        moto.stop()
        if stoppingTriton { triton.stop() }
    }
}
