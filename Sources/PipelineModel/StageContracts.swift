import StudyMetadata

/// ValidateMetadata's input: where the sidecar is (by reference), or the sidecar itself.
///
/// The state machine passes the EventBridge "Object Created" detail's bucket and key as
/// `bucket` and `sidecarKey`; tools and tests may inline the sidecar instead.
public struct ValidateMetadataRequest: Codable, Sendable, Equatable {
    /// The images bucket.
    public var bucket: String
    /// The sidecar's object key (`images/<study>/<file>.json`), read from `bucket`.
    public var sidecarKey: String?
    /// The sidecar document, when sent inline.
    public var sidecar: JSONValue?

    /// Creates a request.
    public init(bucket: String, sidecarKey: String? = nil, sidecar: JSONValue? = nil) {
        self.bucket = bucket
        self.sidecarKey = sidecarKey
        self.sidecar = sidecar
    }
}

/// ValidateMetadata's output and PrepareTensors' input: a validated study and where its image is.
public struct ValidatedStudy: Codable, Sendable, Equatable {
    /// The bucket holding the image.
    public var imageBucket: String
    /// The normalised metadata (never holds a direct patient identifier).
    public var metadata: StudyMetadata
    /// How long validation took (telemetry reads it).
    public var elapsedMilliseconds: Double?

    /// Creates a validated study.
    public init(imageBucket: String, metadata: StudyMetadata, elapsedMilliseconds: Double? = nil) {
        self.imageBucket = imageBucket
        self.metadata = metadata
        self.elapsedMilliseconds = elapsedMilliseconds
    }
}

/// StoreResults' input: the whole pipeline state plus the execution it belongs to.
public struct StoreResultsRequest: Codable, Sendable, Equatable {
    /// The Step Functions execution name (`$$.Execution.Name`): part of the result's key.
    public var executionName: String
    /// The state to store: a result when `error` is absent, a failure record otherwise.
    public var state: PipelineState

    /// Creates a request.
    public init(executionName: String, state: PipelineState) {
        self.executionName = executionName
        self.state = state
    }
}

/// StoreResults' output: where the one result (or failure record) of this execution is.
public struct StoredResult: Codable, Sendable, Equatable {
    /// The results bucket.
    public var bucket: String
    /// `results/<studyInstanceUID | unvalidated>/<executionName>.json`.
    public var key: String
    /// `false` when an earlier attempt of the same execution had already stored it.
    public var created: Bool
    /// Size of the stored document.
    public var sizeBytes: Int
    /// How long storing took.
    public var elapsedMilliseconds: Double?

    /// Creates a stored-result reference.
    public init(bucket: String, key: String, created: Bool, sizeBytes: Int, elapsedMilliseconds: Double? = nil) {
        self.bucket = bucket
        self.key = key
        self.created = created
        self.sizeBytes = sizeBytes
        self.elapsedMilliseconds = elapsedMilliseconds
    }
}

/// SendTelemetry's input: the state at the end of the execution.
public struct TelemetryRequest: Codable, Sendable, Equatable {
    /// The Step Functions execution name.
    public var executionName: String
    /// When the execution started (`$$.Execution.StartTime`, ISO 8601), for the total latency.
    public var executionStartTime: String?
    /// The state.
    public var state: PipelineState

    /// Creates a request.
    public init(executionName: String, executionStartTime: String? = nil, state: PipelineState) {
        self.executionName = executionName
        self.executionStartTime = executionStartTime
        self.state = state
    }
}
