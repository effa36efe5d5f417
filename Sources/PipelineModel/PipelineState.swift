import StudyMetadata

/// The document the state machine carries from stage to stage: each stage adds its output
/// under its own key (`ResultPath`), and a `Catch` adds `error` and `failedStage`.
///
/// StoreResults stores it; SendTelemetry turns it into one event per stage. Stage outputs are
/// read as ``StageSummary`` here, so this contract does not change when a stage's output grows.
public struct PipelineState: Codable, Sendable, Equatable {
    /// The submission the execution processes (from the execution's input; absent when an
    /// operator started an execution by hand without one).
    public var submission: SubmissionReference?
    /// ValidateMetadata's output.
    public var study: ValidatedStudy?
    /// PrepareTensors' output.
    public var tensor: StageSummary?
    /// RunInference's output.
    public var inference: StageSummary?
    /// StoreResults' output.
    public var stored: StageSummary?
    /// What a `Catch` caught: Step Functions' `{"Error", "Cause"}`.
    public var error: CaughtError?
    /// The stage whose `Catch` fired (set by the state machine's Pass states).
    public var failedStage: String?

    /// Creates a state.
    public init(
        submission: SubmissionReference? = nil,
        study: ValidatedStudy? = nil,
        tensor: StageSummary? = nil,
        inference: StageSummary? = nil,
        stored: StageSummary? = nil,
        error: CaughtError? = nil,
        failedStage: String? = nil
    ) {
        self.submission = submission
        self.study = study
        self.tensor = tensor
        self.inference = inference
        self.stored = stored
        self.error = error
        self.failedStage = failedStage
    }
}

/// The fields every stage output shares, as telemetry reads them.
public struct StageSummary: Codable, Sendable, Equatable {
    /// How long the stage's handler took.
    public var elapsedMilliseconds: Double?
    /// Bytes the stage read or wrote, when meaningful (image, tensor, result).
    public var sizeBytes: Int?
    /// The model, for RunInference.
    public var model: String?

    /// Creates a summary.
    public init(elapsedMilliseconds: Double? = nil, sizeBytes: Int? = nil, model: String? = nil) {
        self.elapsedMilliseconds = elapsedMilliseconds
        self.sizeBytes = sizeBytes
        self.model = model
    }
}

/// Step Functions' description of a caught error.
public struct CaughtError: Codable, Sendable, Equatable {
    /// The `errorType` of the failed task (or `States.…`).
    public var error: String
    /// The task's error document, as a string (may be absent).
    public var cause: String?

    enum CodingKeys: String, CodingKey {
        case error = "Error"
        case cause = "Cause"
    }

    /// Creates a caught error.
    public init(error: String, cause: String? = nil) {
        self.error = error
        self.cause = cause
    }
}

/// The stages, in pipeline order, by the names telemetry and the state machine use.
public enum PipelineStage: String, Codable, Sendable, CaseIterable {
    case validateMetadata = "ValidateMetadata"
    case prepareTensors = "PrepareTensors"
    case runInference = "RunInference"
    case storeResults = "StoreResults"
}

/// Step Functions' rules for execution names (StartExecution's `name`): 1–80 characters, none
/// of them whitespace, `< > { } [ ] ? * " # % \ ^ | ~ ` $ & , ; : /`, a control character
/// (U+0000–001F, U+007F–009F) or a noncharacter U+FFFE–FFFF. Anything Step Functions accepts
/// is accepted, so an operator's re-run named `rerun.1` works; a name never becomes part of an
/// S3 key (see ``RecordKey``) and is JSON-escaped wherever it is written.
public enum ExecutionName {
    /// The characters Step Functions refuses, besides whitespace and control characters.
    static let refused: Set<Unicode.Scalar> = Set("<>{}[]?*\"#%\\^|~`$&,;:/".unicodeScalars)

    /// Whether Step Functions accepts `name` as an execution name.
    public static func isValid(_ name: String) -> Bool {
        (1...80).contains(name.utf16.count)
            && name.unicodeScalars.allSatisfy { scalar in
                !refused.contains(scalar) && !scalar.properties.isWhitespace
                    && !(0...0x1F).contains(scalar.value) && !(0x7F...0x9F).contains(scalar.value)
                    && !(0xFFFE...0xFFFF).contains(scalar.value)
            }
    }
}
