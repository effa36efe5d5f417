import StudyMetadata

/// ValidateMetadata's input: where the uploaded object is (a sidecar or a DICOM object, by
/// reference), or a sidecar itself.
///
/// The state machine passes the EventBridge "Object Created" detail's bucket and key as
/// `bucket` and `objectKey`; tools and tests may inline the sidecar instead.
public struct ValidateMetadataRequest: Codable, Sendable, Equatable {
    /// The images bucket.
    public var bucket: String
    /// The uploaded object's key, read from `bucket`: a sidecar (`images/<study>/<file>.json`)
    /// or a DICOM object (`images/<study>/<file>.dcm`, of which only the header is read).
    public var objectKey: String?
    /// The sidecar document, when sent inline.
    public var sidecar: JSONValue?
    /// The upload the execution was started for: the object read must be that revision
    /// (its version id, or its ETag on an unversioned bucket), else ``PipelineError/supersededRevision(newerExecution:)``.
    public var submission: SubmissionReference?

    /// Creates a request.
    public init(bucket: String, objectKey: String? = nil, sidecar: JSONValue? = nil, submission: SubmissionReference? = nil) {
        self.bucket = bucket
        self.objectKey = objectKey
        self.sidecar = sidecar
        self.submission = submission
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
    /// The Step Functions execution name (`$$.Execution.Name`), any that Step Functions accepts.
    public var executionName: String
    /// The state to store: a result when `error` is absent, a failure record otherwise.
    public var state: PipelineState

    /// Creates a request.
    public init(executionName: String, state: PipelineState) {
        self.executionName = executionName
        self.state = state
    }
}

/// StoreResults' output: where the submission's one record is and what it says.
///
/// The state machine routes on ``outcome`` and reports ``record`` as telemetry, so the
/// execution's status, its telemetry and the bucket tell one story even when the record was
/// written by an earlier attempt or another execution of the same submission.
public struct StoredResult: Codable, Sendable, Equatable {
    /// The results bucket.
    public var bucket: String
    /// ``RecordKey``: `results/<submission id>.json`.
    public var key: String
    /// `false` when the record was already there (an earlier attempt, or another execution of
    /// the same submission, wrote it) and was kept.
    public var created: Bool
    /// Size of the stored document.
    public var sizeBytes: Int
    /// How long storing took.
    public var elapsedMilliseconds: Double?
    /// The stored record's outcome: `succeeded` or `failed` (``StudyRecord/outcome``).
    public var outcome: String
    /// The stored record's state, with this stage's own summary as `stored`: what telemetry reports.
    public var record: PipelineState

    /// Creates a stored-result reference.
    public init(
        bucket: String, key: String, created: Bool, sizeBytes: Int, elapsedMilliseconds: Double? = nil, outcome: String,
        record: PipelineState
    ) {
        self.bucket = bucket
        self.key = key
        self.created = created
        self.sizeBytes = sizeBytes
        self.elapsedMilliseconds = elapsedMilliseconds
        self.outcome = outcome
        self.record = record
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

/// PrepareTensors' output and RunInference's input: where the model input tensor is.
public struct TensorReference: Codable, Sendable, Equatable {
    /// The tensors bucket.
    public var bucket: String
    /// `tensors/<studyInstanceUID>/<sha256>.bin`: content-addressed, so rewriting is harmless.
    public var key: String
    /// SHA-256 of the tensor bytes, hex.
    public var sha256: String
    /// The tensor's shape, e.g. `[1, 3, 224, 224]`.
    public var shape: [Int]
    /// `float32` or `float16` (little-endian).
    public var dataType: String
    /// `NCHW` or `NHWC`.
    public var layout: String
    /// The decoded image's width before resizing.
    public var sourceWidth: Int
    /// The decoded image's height before resizing.
    public var sourceHeight: Int
    /// The tensor's size in bytes.
    public var sizeBytes: Int
    /// The ETag (without quotes) of the image revision the tensor was made from, as S3 answered
    /// the read: the record names exactly which upload of the image it describes, as
    /// ``SubmissionReference`` does for the sidecar. `nil` only if S3 sent no ETag.
    public var imageETag: String?
    /// Where the time went.
    public var timings: TensorTimings
    /// How long the stage took.
    public var elapsedMilliseconds: Double?

    /// Creates a reference.
    public init(
        bucket: String, key: String, sha256: String, shape: [Int], dataType: String, layout: String, sourceWidth: Int,
        sourceHeight: Int, sizeBytes: Int, imageETag: String? = nil, timings: TensorTimings, elapsedMilliseconds: Double? = nil
    ) {
        self.bucket = bucket
        self.key = key
        self.sha256 = sha256
        self.shape = shape
        self.dataType = dataType
        self.layout = layout
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.sizeBytes = sizeBytes
        self.imageETag = imageETag
        self.timings = timings
        self.elapsedMilliseconds = elapsedMilliseconds
    }
}

/// PrepareTensors' time per step, in milliseconds.
///
/// For a JPEG or PNG decoded while it downloads (docs/imaging.md) download and decode overlap:
/// `downloadMilliseconds` runs from the request to the body's last byte, `decodeMilliseconds`
/// from its first bytes, waiting for later ones included; they do not add up to the step's time.
public struct TensorTimings: Codable, Sendable, Equatable {
    public var downloadMilliseconds: Double
    public var decodeMilliseconds: Double
    public var resizeMilliseconds: Double
    public var encodeMilliseconds: Double
    public var uploadMilliseconds: Double

    /// Creates timings.
    public init(
        downloadMilliseconds: Double, decodeMilliseconds: Double, resizeMilliseconds: Double, encodeMilliseconds: Double,
        uploadMilliseconds: Double
    ) {
        self.downloadMilliseconds = downloadMilliseconds
        self.decodeMilliseconds = decodeMilliseconds
        self.resizeMilliseconds = resizeMilliseconds
        self.encodeMilliseconds = encodeMilliseconds
        self.uploadMilliseconds = uploadMilliseconds
    }
}

/// RunInference's output: the model's answer for the study.
public struct InferenceOutcome: Codable, Sendable, Equatable {
    /// One label and its score.
    public struct Prediction: Codable, Sendable, Equatable {
        /// The label (the class index as text when no labels are configured).
        public var label: String
        /// The class index in the model's output.
        public var index: Int
        /// The score: a probability when softmax is applied, else the raw output.
        public var score: Double

        /// Creates a prediction.
        public init(label: String, index: Int, score: Double) {
            self.label = label
            self.index = index
            self.score = score
        }
    }

    /// The model that answered.
    public var model: String
    /// Its version, when the server says.
    public var modelVersion: String?
    /// The top-k predictions, best first.
    public var predictions: [Prediction]
    /// Time spent in the inference call (network + server).
    public var inferenceMilliseconds: Double
    /// The tensor's size.
    public var sizeBytes: Int
    /// How long the stage took.
    public var elapsedMilliseconds: Double?

    /// Creates an outcome.
    public init(
        model: String, modelVersion: String?, predictions: [Prediction], inferenceMilliseconds: Double, sizeBytes: Int,
        elapsedMilliseconds: Double? = nil
    ) {
        self.model = model
        self.modelVersion = modelVersion
        self.predictions = predictions
        self.inferenceMilliseconds = inferenceMilliseconds
        self.sizeBytes = sizeBytes
        self.elapsedMilliseconds = elapsedMilliseconds
    }
}
