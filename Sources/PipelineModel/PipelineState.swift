import StudyMetadata

/// The document the state machine carries from stage to stage: each stage adds its output
/// under its own key (`ResultPath`), and a `Catch` adds `error` and `failedStage`.
///
/// StoreResults stores it; SendTelemetry turns it into one event per stage. Stage outputs are
/// read as ``StageSummary`` here, so this contract does not change when a stage's output grows.
public struct PipelineState: Codable, Sendable, Equatable {
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
        study: ValidatedStudy? = nil,
        tensor: StageSummary? = nil,
        inference: StageSummary? = nil,
        stored: StageSummary? = nil,
        error: CaughtError? = nil,
        failedStage: String? = nil
    ) {
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

/// Rules for Step Functions execution names (1–80 of `A–Z a–z 0–9 - _`), which become S3 keys.
public enum ExecutionName {
    /// Whether `name` is a valid execution name.
    public static func isValid(_ name: String) -> Bool {
        (1...80).contains(name.utf8.count)
            && name.utf8.allSatisfy {
                (65...90).contains($0) || (97...122).contains($0) || (48...57).contains($0) || $0 == 45 || $0 == 95
            }
    }
}
