/// One problem in a sidecar: where (a JSON path such as `$.pixelSpacing[1]`) and what. Never
/// carries the offending value, which may be patient data.
public struct MetadataViolation: Codable, Sendable, Equatable, CustomStringConvertible {
    /// JSON path of the field.
    public var path: String
    /// What is wrong, in words that hold no value from the sidecar.
    public var problem: String

    /// Creates a violation.
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}

/// Why a sidecar was refused. Each case has a stable `errorType` for Step Functions.
public enum MetadataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The sidecar is not a JSON object, or nests deeper than allowed.
    case notJSON
    /// The sidecar exceeds the size limit.
    case tooLarge(bytes: Int, limit: Int)
    /// One or more fields are missing or invalid; every violation is listed.
    case invalid([MetadataViolation])
    /// Direct patient identifiers are present and the policy rejects them.
    case patientIdentifiersPresent([MetadataViolation])
    /// A DICOM header says BurnedInAnnotation (0028,0301) is YES: the pixels themselves may show
    /// a name, so the image is refused unless the configuration allows it.
    case burnedInAnnotation

    /// `InvalidMetadata`, `PHIDetected` for identifiers, `BurnedInAnnotation`; all permanent.
    public var errorType: String {
        switch self {
        case .notJSON, .tooLarge, .invalid: "InvalidMetadata"
        case .patientIdentifiersPresent: "PHIDetected"
        case .burnedInAnnotation: "BurnedInAnnotation"
        }
    }

    /// The violations, as a list (one for the whole-document cases).
    public var violations: [MetadataViolation] {
        switch self {
        case .notJSON: [MetadataViolation(path: "$", problem: "must be a JSON object")]
        case .tooLarge(let bytes, let limit): [MetadataViolation(path: "$", problem: "is \(bytes) bytes, over the \(limit)-byte limit")]
        case .invalid(let violations), .patientIdentifiersPresent(let violations): violations
        case .burnedInAnnotation:
            [MetadataViolation(path: "BurnedInAnnotation (0028,0301)", problem: "is YES; the pixels may show patient data")]
        }
    }

    public var description: String {
        let list = violations.map(\.description).joined(separator: "; ")
        return "\(violations.count) metadata violation\(violations.count == 1 ? "" : "s"): \(list)"
    }
}
