/// A sidecar that passed validation, normalised: the contract ValidateMetadata hands to the
/// rest of the pipeline. It never holds a direct patient identifier.
public struct StudyMetadata: Codable, Sendable, Equatable {
    /// DICOM Study Instance UID.
    public var studyInstanceUID: String
    /// DICOM Series Instance UID.
    public var seriesInstanceUID: String
    /// DICOM SOP Instance UID of this image.
    public var sopInstanceUID: String
    /// DICOM modality code (`CR`, `DX`, `CT`, …), upper-case.
    public var modality: String
    /// DICOM Body Part Examined code string (`CHEST`, …), upper-case.
    public var bodyPart: String
    /// Acquisition time in UTC, ISO 8601 with `Z` (`2026-11-25T08:45:00.123Z`).
    public var acquisitionDateTime: String
    /// The image this sidecar describes.
    public var image: ImageReference
    /// Row and column spacing in millimetres.
    public var pixelSpacing: [Double]?
    /// Bits stored per sample (1–16).
    public var bitsStored: Int?
    /// DICOM Photometric Interpretation (`MONOCHROME1`, `MONOCHROME2`, `RGB`, …).
    public var photometricInterpretation: String?
    /// Keyed hash (HMAC-SHA256, hex) of the patient identifier, when the policy pseudonymises.
    public var patientPseudonym: String?

    /// The image's location and type.
    public struct ImageReference: Codable, Sendable, Equatable {
        /// The object key, relative to the images bucket.
        public var key: String
        /// `image/jpeg` or `image/png`.
        public var contentType: String

        /// Creates a reference.
        public init(key: String, contentType: String) {
            self.key = key
            self.contentType = contentType
        }
    }
}
