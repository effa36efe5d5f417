import Digests

/// The one document a submission ends in: its result, or its failure record. StoreResults
/// writes it once (`If-None-Match: *`) under ``RecordKey``; whichever execution of the
/// submission writes first decides it, and every later one adopts it.
public struct StudyRecord: Codable, Sendable, Equatable {
    /// The document's schema (1).
    public var schemaVersion = 1
    /// The execution that wrote it.
    public var executionName: String
    /// `succeeded` or `failed`.
    public var outcome: String
    /// The caught error's type, for a failure record.
    public var errorType: String?
    /// The stage whose `Catch` fired, for a failure record.
    public var failedStage: String?
    /// The pipeline state at the end (a failure record carries the caught error).
    public var state: PipelineState

    /// The record of `state` as written by `executionName`: a failure record when it holds an error.
    public init(executionName: String, state: PipelineState) {
        self.executionName = executionName
        outcome = state.error == nil ? Self.succeeded : Self.failed
        errorType = state.error?.error
        failedStage = state.failedStage
        self.state = state
    }

    /// ``outcome`` of a result.
    public static let succeeded = "succeeded"
    /// ``outcome`` of a failure record.
    public static let failed = "failed"
}

/// Where a submission's record is: `<prefix><submission id>.json`.
///
/// The key derives from the submission, never from the execution name, so two executions of
/// one submission (a redelivered event on an Express workflow, which does not deduplicate
/// names) meet at one key and write-once keeps the first record. An execution started by hand
/// without a submission is keyed by a digest of its name (`<prefix>execution-<32 hex>.json`):
/// any name Step Functions accepts is safe there, and none reaches the key's text.
public enum RecordKey {
    /// The key of the record of `state` in execution `executionName`.
    public static func key(prefix: String, state: PipelineState, executionName: String) -> String {
        if let id = state.submission?.id, isSubmissionID(id) { return "\(prefix)\(id).json" }
        return "\(prefix)execution-\(Digests.hex(Array(Digests.sha256(Array(executionName.utf8)).prefix(16)))).json"
    }

    /// Whether `id` has the form of ``StudySubmission/id`` (`sub-` and 32 lowercase hex digits):
    /// an execution's input is trusted for nothing that reaches a key.
    static func isSubmissionID(_ id: String) -> Bool {
        let digits = id.utf8.dropFirst(4)
        return id.hasPrefix("sub-") && digits.count == 32
            && digits.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
