import DICOM
import StudyMetadata

/// What a DICOM header may carry into the pipeline: the patient-data policy, burned-in
/// annotation and the site's time zone.
public struct DICOMHeaderPolicy: Sendable {
    /// `reject` refuses a header with identifying attributes (``ConfidentialityProfile``) unless
    /// PatientIdentityRemoved (0012,0062) is YES; `pseudonymize` keeps only the HMAC pseudonym of
    /// PatientID (0010,0020). No other header value ever leaves ``DICOMStudyReader``.
    public var patientIdentifiers: MetadataPolicy.PatientIdentifiers
    /// Admit images whose BurnedInAnnotation (0028,0301) is YES (default: refused).
    public var allowsBurnedInAnnotation: Bool
    /// The site's offset from UTC in minutes, for headers that give none; `nil`: such times
    /// stay local and are marked so (``StudyMetadata/acquisitionTimeIsLocal``).
    public var siteUTCOffsetMinutes: Int?

    /// Creates a policy.
    public init(
        patientIdentifiers: MetadataPolicy.PatientIdentifiers = .reject, allowsBurnedInAnnotation: Bool = false,
        siteUTCOffsetMinutes: Int? = nil
    ) {
        self.patientIdentifiers = patientIdentifiers
        self.allowsBurnedInAnnotation = allowsBurnedInAnnotation
        self.siteUTCOffsetMinutes = siteUTCOffsetMinutes
    }

    /// Parses a DICOM UTC offset, `&ZZXX` (`+0100`, `-0530`; PS3.5 6.2, as in (0008,0201)):
    /// minutes east of UTC, or `nil` when malformed or outside −12:00…+14:00.
    public static func utcOffsetMinutes(_ text: some StringProtocol) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count == 5, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
            bytes[1...].allSatisfy({ (48...57).contains($0) })
        else { return nil }
        let digits = bytes[1...].map { Int($0 - 48) }
        let hours = digits[0] * 10 + digits[1]
        let minutes = digits[2] * 10 + digits[3]
        guard minutes < 60 else { return nil }
        let offset = (bytes[0] == UInt8(ascii: "-") ? -1 : 1) * (hours * 60 + minutes)
        return (-12 * 60...14 * 60).contains(offset) ? offset : nil
    }
}

/// Builds the pipeline's ``StudyMetadata`` from a DICOM header — the same normalised contract a
/// sidecar gives — and applies the patient-data policy to it.
///
/// Only these values are read from the header: the three instance UIDs, Modality, Body Part
/// Examined, the acquisition date and time with its offset, Pixel Spacing (or Imager Pixel
/// Spacing), Bits Stored, Photometric Interpretation, the transfer syntax, Burned In Annotation,
/// Patient Identity Removed and — under `pseudonymize` only, to hash it — PatientID. Violations
/// and errors name attributes (keyword and tag), never values.
public struct DICOMStudyReader: Sendable {
    /// The policy applied.
    public var policy: DICOMHeaderPolicy

    /// Creates a reader.
    public init(policy: DICOMHeaderPolicy = DICOMHeaderPolicy()) {
        self.policy = policy
    }

    /// The study `file` describes, its image at `imageKey`.
    ///
    /// - Throws: `MetadataError`: `.burnedInAnnotation`; `.patientIdentifiersPresent` (the
    ///   identifying attributes by name, `PHIDetected`) under `reject`; `.invalid` listing every
    ///   missing or malformed attribute the metadata needs.
    public func metadata(of file: DICOMFile, imageKey: String) throws(MetadataError) -> StudyMetadata {
        let header = file.dataSet
        if !policy.allowsBurnedInAnnotation, header.string(.burnedInAnnotation)?.uppercased() == "YES" {
            throw .burnedInAnnotation
        }
        var patientPseudonym: String?
        switch policy.patientIdentifiers {
        case .reject:
            if header.string(.patientIdentityRemoved)?.uppercased() != "YES" {
                let found = ConfidentialityProfile.identifyingAttributes(in: header)
                let privateCount = ConfidentialityProfile.privateElementCount(in: header)
                var violations = found.map {
                    MetadataViolation(path: "\($0.keyword) \($0.tag)", problem: "is an identifying attribute (PS3.15 Table E.1-1); the policy rejects them")
                }
                if privateCount > 0 {
                    violations.append(
                        MetadataViolation(
                            path: "private attributes",
                            problem: "\(privateCount) present; PS3.15's Basic Profile removes them and the policy rejects them"))
                }
                if !violations.isEmpty { throw .patientIdentifiersPresent(violations) }
            }
        case .pseudonymize(let key):
            patientPseudonym = header.string(.patientID).flatMap { MetadataValidator.patientIDPseudonym($0, key: key) }
        }

        var violations: [MetadataViolation] = []
        func required(_ tag: DICOMTag, _ keyword: String, rule: String, _ isValid: (String) -> Bool) -> String? {
            guard let value = header.string(tag) else {
                violations.append(MetadataViolation(path: "\(keyword) \(tag)", problem: "is required"))
                return nil
            }
            guard isValid(value) else {
                violations.append(MetadataViolation(path: "\(keyword) \(tag)", problem: rule))
                return nil
            }
            return value
        }
        let study = required(.studyInstanceUID, "StudyInstanceUID", rule: "must be a DICOM UID", DICOMVocabulary.isUID)
        let series = required(.seriesInstanceUID, "SeriesInstanceUID", rule: "must be a DICOM UID", DICOMVocabulary.isUID)
        let sop = required(.sopInstanceUID, "SOPInstanceUID", rule: "must be a DICOM UID", DICOMVocabulary.isUID)
        let modality = required(.modality, "Modality", rule: "must be an imaging modality the pipeline accepts") {
            DICOMVocabulary.modalities.contains($0)
        }
        // Body Part Examined is Type 3 (optional); sidecar-less studies without it say UNKNOWN.
        let bodyPart = header.string(.bodyPartExamined).map { $0.uppercased() }.flatMap { DICOMVocabulary.isCodeString($0) ? $0 : nil }
        let acquisition = AcquisitionTime.find(in: header, siteUTCOffsetMinutes: policy.siteUTCOffsetMinutes)
        if acquisition == nil {
            violations.append(
                MetadataViolation(
                    path: "AcquisitionDateTime (0008,002A)",
                    problem: "no valid acquisition, content, series or study date and time in the header"))
        }
        let photometric = header.string(.photometricInterpretation).flatMap {
            DICOMVocabulary.photometricInterpretations.contains($0) ? $0 : nil
        }
        let bitsStored = (try? header.integer(.bitsStored)).flatMap { $0 }.flatMap { (1...16).contains($0) ? $0 : nil }
        let spacing = Self.pixelSpacing(in: header)

        guard violations.isEmpty, let study, let series, let sop, let modality, let acquisition else {
            throw .invalid(violations.sorted { $0.path < $1.path })
        }
        return StudyMetadata(
            studyInstanceUID: study, seriesInstanceUID: series, sopInstanceUID: sop, modality: modality,
            bodyPart: bodyPart ?? "UNKNOWN", acquisitionDateTime: acquisition.text,
            acquisitionTimeIsLocal: acquisition.isLocal ? true : nil,
            image: StudyMetadata.ImageReference(key: imageKey, contentType: "application/dicom"), pixelSpacing: spacing,
            bitsStored: bitsStored, photometricInterpretation: photometric, patientPseudonym: patientPseudonym,
            transferSyntaxUID: file.transferSyntax.uid)
    }

    /// A sidecar and the DICOM image it names must describe the same instance: the three UIDs
    /// and the modality must be equal. Returns the sidecar's metadata with the header's transfer
    /// syntax, or throws `.invalid` naming each disagreeing field (never the values).
    public func requireAgreement(sidecar: StudyMetadata, header: StudyMetadata) throws(MetadataError) -> StudyMetadata {
        let fields: [(String, KeyPath<StudyMetadata, String>)] = [
            ("$.studyInstanceUID", \.studyInstanceUID), ("$.seriesInstanceUID", \.seriesInstanceUID),
            ("$.sopInstanceUID", \.sopInstanceUID), ("$.modality", \.modality),
        ]
        let violations = fields.filter { sidecar[keyPath: $0.1] != header[keyPath: $0.1] }.map {
            MetadataViolation(path: $0.0, problem: "does not match the DICOM image's header")
        }
        guard violations.isEmpty else { throw .invalid(violations) }
        var agreed = sidecar
        agreed.transferSyntaxUID = header.transferSyntaxUID
        return agreed
    }

    /// Pixel Spacing (0028,0030), else Imager Pixel Spacing (0018,1164): two values in (0, 100] mm.
    static func pixelSpacing(in header: DataSet) -> [Double]? {
        for tag in [DICOMTag.pixelSpacing, .imagerPixelSpacing] {
            guard let values = try? header.numbers(tag), !values.isEmpty else { continue }
            guard values.count == 2, values.allSatisfy({ $0 > 0 && $0 <= 100 }) else { return nil }
            return values
        }
        return nil
    }
}

extension DICOMTag {
    /// PatientID.
    static let patientID = DICOMTag(0x0010, 0x0020)
    /// PatientIdentityRemoved (CS, YES/NO).
    static let patientIdentityRemoved = DICOMTag(0x0012, 0x0062)
    /// BodyPartExamined.
    static let bodyPartExamined = DICOMTag(0x0018, 0x0015)
    /// PixelSpacing (row, column) in mm.
    static let pixelSpacing = DICOMTag(0x0028, 0x0030)
    /// ImagerPixelSpacing (row, column) in mm, at the detector (projection radiography).
    static let imagerPixelSpacing = DICOMTag(0x0018, 0x1164)
}
