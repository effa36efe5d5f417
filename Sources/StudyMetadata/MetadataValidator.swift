import Digests

/// Checks a study's JSON sidecar against the schema (docs/metadata.md), applies the patient
/// identifier policy, and returns normalised metadata, or every violation at once.
///
/// Messages name JSON paths and rules, never values: a sidecar may hold patient data.
public struct MetadataValidator: Sendable {
    /// The policy applied.
    public var policy: MetadataPolicy

    /// Creates a validator.
    public init(policy: MetadataPolicy = MetadataPolicy()) {
        self.policy = policy
    }

    /// Fields of the schema; anything else is unknown.
    static let knownFields: Set<String> = [
        "studyInstanceUID", "seriesInstanceUID", "sopInstanceUID", "modality", "bodyPart", "acquisitionDateTime",
        "image", "pixelSpacing", "bitsStored", "photometricInterpretation",
    ]

    /// Direct identifiers (HIPAA Safe Harbor's that a sidecar can carry), matched case-insensitively.
    static let identifierFields: Set<String> = [
        "patientname", "patientbirthdate", "patientaddress", "patienttelephonenumbers", "patientphone",
        "patientid", "otherpatientids", "medicalrecordnumber", "mrn", "patientemail", "patientssn",
        "socialsecuritynumber",
    ]

    /// Identifiers that become the pseudonym (the first one present wins), each with the HMAC
    /// domain of its source: the same text in `patientID` and in `mrn` names different things
    /// (two registries' numbering), so it must not give the same pseudonym.
    static let pseudonymSources: [(field: String, domain: String)] = [
        ("patientid", "radstream.patient-pseudonym.v2.patientID"),
        ("medicalrecordnumber", "radstream.patient-pseudonym.v2.medicalRecordNumber"),
        ("mrn", "radstream.patient-pseudonym.v2.mrn"),
    ]

    /// Validates `bytes`. `expectedImageKey`, when given, must equal the sidecar's `image.key`
    /// (a sidecar cannot point the pipeline at another study's image).
    public func validate(_ bytes: [UInt8], expectedImageKey: String? = nil) throws(MetadataError) -> StudyMetadata {
        guard bytes.count <= policy.maximumBytes else { throw .tooLarge(bytes: bytes.count, limit: policy.maximumBytes) }
        guard let document = JSONValue.parse(bytes, maximumDepth: policy.maximumDepth) else { throw .notJSON }
        // A repeated name is refused (docs/metadata.md): the decoder keeps the first value, other
        // readers of the same file the last. Identifiers still win: PHIDetected is reported first.
        guard let duplicate = JSONValue.firstDuplicateKeyPath(in: bytes) else {
            return try validate(document: document, expectedImageKey: expectedImageKey)
        }
        let repeated = MetadataViolation(path: duplicate, problem: "appears more than once; duplicate names are refused")
        do {
            _ = try validate(document: document, expectedImageKey: expectedImageKey)
        } catch .invalid(let violations) {
            throw .invalid((violations + [repeated]).sorted { $0.path < $1.path })
        }
        throw .invalid([repeated])
    }

    /// Validates an already parsed sidecar (one that arrived inline in an event).
    public func validate(document: JSONValue, expectedImageKey: String? = nil) throws(MetadataError) -> StudyMetadata {
        guard case .object(let fields) = document else { throw .notJSON }
        var violations: [MetadataViolation] = []
        var identifiers: [String: [(name: String, value: JSONValue)]] = [:]
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) where !Self.knownFields.contains(name) {
            if Self.identifierFields.contains(name.lowercased()) {
                identifiers[name.lowercased(), default: []].append((name, value))
            } else if policy.rejectsUnknownFields {
                violations.append(
                    MetadataViolation(path: "$.\(MemberReference.segment(name))", problem: "is not a field of the sidecar schema"))
            }
        }
        if !identifiers.isEmpty, case .reject = policy.patientIdentifiers {
            let found = fields.keys.filter { Self.identifierFields.contains($0.lowercased()) }.sorted()
            throw .patientIdentifiersPresent(
                found.map {
                    MetadataViolation(path: "$.\($0)", problem: "is a direct patient identifier; the policy rejects them")
                })
        }

        var reader = FieldReader(fields: fields)
        let study = reader.string("studyInstanceUID", rule: "must be a DICOM UID", DICOMVocabulary.isUID)
        let series = reader.string("seriesInstanceUID", rule: "must be a DICOM UID", DICOMVocabulary.isUID)
        let sop = reader.string("sopInstanceUID", rule: "must be a DICOM UID", DICOMVocabulary.isUID)
        let modality = reader.string("modality", rule: "must be a DICOM modality (CR, DX, CT, MR, US, MG, …)") {
            DICOMVocabulary.modalities.contains($0)
        }
        let bodyPart = reader.string("bodyPart", rule: "must be a DICOM code string (A–Z, 0–9, space, _; ≤ 16)") {
            DICOMVocabulary.isCodeString($0)
        }
        let acquired = reader.string("acquisitionDateTime", rule: "must be an ISO 8601 date-time with a time zone") {
            ISO8601Timestamp.normalizedUTC($0) != nil
        }.flatMap(ISO8601Timestamp.normalizedUTC)
        let image = reader.image(expectedKey: expectedImageKey, rejectsUnknownFields: policy.rejectsUnknownFields)
        let spacing = reader.pixelSpacing()
        let bitsStored = reader.optionalInteger("bitsStored", in: 1...16)
        let photometric = reader.optionalString("photometricInterpretation", rule: "must be a DICOM photometric interpretation") {
            DICOMVocabulary.photometricInterpretations.contains($0)
        }
        violations += reader.violations
        let pseudonymSource = Self.pseudonymSource(in: identifiers, violations: &violations)

        guard violations.isEmpty, let study, let series, let sop, let modality, let bodyPart, let acquired, let image else {
            throw .invalid(violations.sorted { $0.path < $1.path })
        }
        return StudyMetadata(
            studyInstanceUID: study,
            seriesInstanceUID: series,
            sopInstanceUID: sop,
            modality: modality,
            bodyPart: bodyPart,
            acquisitionDateTime: acquired,
            image: image,
            pixelSpacing: spacing,
            bitsStored: bitsStored,
            photometricInterpretation: photometric,
            patientPseudonym: pseudonymSource.flatMap(pseudonym)
        )
    }

    /// The identifier the pseudonym is made of: the first source present, as
    /// (HMAC domain, canonical value). Identifier *values* never reach a violation.
    ///
    /// A value is the same identifier however it was typed: NFC-normalised (`José` composed or
    /// decomposed) and trimmed of surrounding white space; empty means absent. A source that is
    /// not a string (a number would otherwise be skipped silently and the next source used) and
    /// case variants of one source with different values (`PatientID` and `patientid`: which one
    /// names the patient?) are violations.
    static func pseudonymSource(
        in identifiers: [String: [(name: String, value: JSONValue)]], violations: inout [MetadataViolation]
    ) -> (domain: String, value: String)? {
        var chosen: (domain: String, value: String)?
        for (field, domain) in pseudonymSources {
            guard let spellings = identifiers[field] else { continue }
            var values = Set<String>()
            for (name, value) in spellings {
                switch value {
                case .string(let text): values.insert(canonicalIdentifier(text))
                case .null: values.insert("")
                default: violations.append(MetadataViolation(path: "$.\(name)", problem: "must be a string (found \(value.typeName))"))
                }
            }
            if values.count > 1 {
                let names = spellings.map(\.name).sorted()
                violations.append(
                    MetadataViolation(
                        path: "$.\(names[0])",
                        problem: "differs from \(names.dropFirst().joined(separator: ", ")); case variants must agree"))
            }
            if chosen == nil, let value = values.first, values.count == 1, !value.isEmpty { chosen = (domain, value) }
        }
        return chosen
    }

    /// NFC, without leading or trailing white space.
    static func canonicalIdentifier(_ text: String) -> String {
        // The standard library's own NFC (what swift-foundation's
        // precomposedStringWithCanonicalMapping is built on; FoundationEssentials lacks that
        // API, and Foundation would link ICU into the function for this one call).
        let composed = String(decoding: text._nfcCodeUnits, as: UTF8.self)
        return String(composed.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }

    /// HMAC-SHA256 under the policy's key of `domain`, a NUL, and the value: the domain names the
    /// source field, and the NUL keeps a domain from running into a value.
    private func pseudonym(of source: (domain: String, value: String)) -> String? {
        guard case .pseudonymize(let key) = policy.patientIdentifiers else { return nil }
        return Self.pseudonym(of: source, key: key)
    }

    /// The pseudonym of `source` under `key` (see ``pseudonym(of:)``).
    package static func pseudonym(of source: (domain: String, value: String), key: [UInt8]) -> String {
        Digests.hex(Digests.hmacSHA256(key: key, message: Array(source.domain.utf8) + [0] + Array(source.value.utf8)))
    }

    /// The pseudonym of a patient ID (a sidecar's `patientID`, a DICOM header's PatientID
    /// (0010,0020)): one registry's numbering, so the same patient gets the same pseudonym
    /// whichever way the study arrived. `nil` when the canonical value is empty.
    package static func patientIDPseudonym(_ value: String, key: [UInt8]) -> String? {
        let canonical = canonicalIdentifier(value)
        guard !canonical.isEmpty, let domain = pseudonymSources.first(where: { $0.field == "patientid" })?.domain else { return nil }
        return pseudonym(of: (domain, canonical), key: key)
    }
}

/// Reads typed fields and collects a violation for each missing or malformed one.
private struct FieldReader {
    let fields: [String: JSONValue]
    var violations: [MetadataViolation] = []

    mutating func string(_ name: String, rule: String, _ isValid: (String) -> Bool) -> String? {
        guard let value = fields[name] else {
            violations.append(MetadataViolation(path: "$.\(name)", problem: "is required"))
            return nil
        }
        return check(value, path: "$.\(name)", rule: rule, isValid)
    }

    mutating func optionalString(_ name: String, rule: String, _ isValid: (String) -> Bool) -> String? {
        guard let value = fields[name], value != .null else { return nil }
        return check(value, path: "$.\(name)", rule: rule, isValid)
    }

    mutating func optionalInteger(_ name: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = fields[name], value != .null else { return nil }
        guard case .number(let number) = value, number.rounded() == number, number >= Double(range.lowerBound),
            number <= Double(range.upperBound)
        else {
            violations.append(
                MetadataViolation(path: "$.\(name)", problem: "must be an integer in \(range.lowerBound)…\(range.upperBound)"))
            return nil
        }
        return Int(number)
    }

    mutating func pixelSpacing() -> [Double]? {
        guard let value = fields["pixelSpacing"], value != .null else { return nil }
        guard case .array(let items) = value, items.count == 2 else {
            violations.append(MetadataViolation(path: "$.pixelSpacing", problem: "must be [row, column] in millimetres"))
            return nil
        }
        var spacing: [Double] = []
        for (index, item) in items.enumerated() {
            if case .number(let number) = item, number > 0, number <= 100 {
                spacing.append(number)
            } else {
                violations.append(MetadataViolation(path: "$.pixelSpacing[\(index)]", problem: "must be a number in (0, 100] mm"))
            }
        }
        return spacing.count == 2 ? spacing : nil
    }

    mutating func image(expectedKey: String?, rejectsUnknownFields: Bool) -> StudyMetadata.ImageReference? {
        guard let value = fields["image"] else {
            violations.append(MetadataViolation(path: "$.image", problem: "is required"))
            return nil
        }
        guard case .object(let image) = value else {
            violations.append(MetadataViolation(path: "$.image", problem: "must be an object with key and contentType"))
            return nil
        }
        if rejectsUnknownFields {
            for name in image.keys.sorted() where name != "key" && name != "contentType" {
                violations.append(
                    MetadataViolation(path: "$.image.\(MemberReference.segment(name))", problem: "is not a field of the sidecar schema"))
            }
        }
        var nested = FieldReader(fields: image)
        let key = nested.string(
            "key", rule: "must be a safe S3 key (no '..' segment, no leading '/', no control characters, ≤ 1024 bytes)",
            ObjectKeyRules.isSafe)
        let contentType = nested.string("contentType", rule: "must be image/jpeg, image/png or application/dicom") {
            StudyMetadata.ImageReference.extensions[$0] != nil
        }
        violations += nested.violations.map { MetadataViolation(path: "$.image" + $0.path.dropFirst(), problem: $0.problem) }
        guard let key, let contentType else { return nil }
        if let expectedKey, key != expectedKey {
            violations.append(MetadataViolation(path: "$.image.key", problem: "does not name the image this sidecar arrived with"))
            return nil
        }
        let lowercasedKey = key.lowercased()
        guard StudyMetadata.ImageReference.extensions[contentType, default: []].contains(where: { lowercasedKey.hasSuffix($0) }) else {
            violations.append(MetadataViolation(path: "$.image.contentType", problem: "does not match the key's file extension"))
            return nil
        }
        return StudyMetadata.ImageReference(key: key, contentType: contentType)
    }

    private mutating func check(_ value: JSONValue, path: String, rule: String, _ isValid: (String) -> Bool) -> String? {
        guard case .string(let text) = value else {
            violations.append(MetadataViolation(path: path, problem: "must be a string (found \(value.typeName)); \(rule)"))
            return nil
        }
        guard isValid(text) else {
            violations.append(MetadataViolation(path: path, problem: rule))
            return nil
        }
        return text
    }
}

/// Rules for object keys taken from untrusted documents.
public enum ObjectKeyRules {
    /// Whether `key` is safe to use as an S3 key: 1–1024 UTF-8 bytes, no control characters
    /// (Unicode category Cc: C0, DEL and C1, the same rule as `S3Client.validate(key:)`, so a key
    /// accepted here is never refused later), no leading `/`, no empty, `.` or `..` path segment
    /// (no path tricks once keys become paths). Keys are literal: `%2e%2e` is three-character
    /// text, never decoded (the S3 client encodes `%` as `%25`), so it is not a `..` segment.
    public static func isSafe(_ key: String) -> Bool {
        guard (1...1024).contains(key.utf8.count), !key.hasPrefix("/") else { return false }
        guard !key.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return false }
        return key.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { $0 != "" && $0 != "." && $0 != ".." }
    }
}
