/// How strictly sidecars are checked and what happens to patient identifiers.
public struct MetadataPolicy: Sendable {
    /// What to do with direct patient identifiers (name, birth date, address, phone, MRN).
    public enum PatientIdentifiers: Sendable {
        /// Refuse the sidecar (`PHIDetected`).
        case reject
        /// Drop them; replace the patient id / MRN by HMAC-SHA256 under `key` as `patientPseudonym`.
        case pseudonymize(key: [UInt8])
    }

    /// Refuse unknown fields (`true`) or drop them silently (`false`).
    public var rejectsUnknownFields: Bool
    /// The identifier policy.
    public var patientIdentifiers: PatientIdentifiers
    /// The largest sidecar accepted, in bytes.
    public var maximumBytes: Int
    /// The deepest nesting accepted.
    public var maximumDepth: Int

    /// Creates a policy; defaults: strict, reject identifiers, 64 KiB, depth 8.
    public init(
        rejectsUnknownFields: Bool = true,
        patientIdentifiers: PatientIdentifiers = .reject,
        maximumBytes: Int = 64 * 1024,
        maximumDepth: Int = 8
    ) {
        self.rejectsUnknownFields = rejectsUnknownFields
        self.patientIdentifiers = patientIdentifiers
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
    }
}
