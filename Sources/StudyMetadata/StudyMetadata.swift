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
    /// Acquisition time in UTC, ISO 8601 with `Z` (`2026-11-25T08:45:00.123Z`); for a DICOM
    /// header with no time zone and no configured site offset, the local time without `Z`
    /// (`2026-11-25T09:45:00.123`) and ``acquisitionTimeIsLocal`` set.
    public var acquisitionDateTime: String
    /// `true` when ``acquisitionDateTime`` is the modality's local time because neither the
    /// header nor the site's configuration said which zone it is in; absent otherwise.
    public var acquisitionTimeIsLocal: Bool?
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
    /// The DICOM Transfer Syntax UID (0002,0010) of a DICOM image; absent for JPEG and PNG.
    public var transferSyntaxUID: String?

    /// Creates metadata; the optional fields default to absent.
    public init(
        studyInstanceUID: String, seriesInstanceUID: String, sopInstanceUID: String, modality: String, bodyPart: String,
        acquisitionDateTime: String, acquisitionTimeIsLocal: Bool? = nil, image: ImageReference, pixelSpacing: [Double]? = nil,
        bitsStored: Int? = nil, photometricInterpretation: String? = nil, patientPseudonym: String? = nil,
        transferSyntaxUID: String? = nil
    ) {
        self.studyInstanceUID = studyInstanceUID
        self.seriesInstanceUID = seriesInstanceUID
        self.sopInstanceUID = sopInstanceUID
        self.modality = modality
        self.bodyPart = bodyPart
        self.acquisitionDateTime = acquisitionDateTime
        self.acquisitionTimeIsLocal = acquisitionTimeIsLocal
        self.image = image
        self.pixelSpacing = pixelSpacing
        self.bitsStored = bitsStored
        self.photometricInterpretation = photometricInterpretation
        self.patientPseudonym = patientPseudonym
        self.transferSyntaxUID = transferSyntaxUID
    }

    /// The image's location and type.
    public struct ImageReference: Codable, Sendable, Equatable {
        /// The object key, relative to the images bucket.
        public var key: String
        /// `image/jpeg`, `image/png` or `application/dicom`.
        public var contentType: String

        /// The key extensions (lower-case) each accepted content type may have.
        public static let extensions: [String: [String]] = [
            "image/jpeg": [".jpg", ".jpeg"], "image/png": [".png"], "application/dicom": [".dcm"],
        ]

        /// Creates a reference.
        public init(key: String, contentType: String) {
            self.key = key
            self.contentType = contentType
        }
    }
}
