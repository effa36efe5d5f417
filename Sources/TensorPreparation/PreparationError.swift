import DICOM
import Imaging

/// Why a tensor could not be prepared: the JPEG/PNG decoder's error or the DICOM reader's, each
/// with its own `errorType` (docs/error-types.md).
public enum PreparationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input is (or claims to be) a JPEG or PNG, or is no known format.
    case image(ImageError)
    /// The input starts with a DICOM preamble.
    case dicom(DICOMError)

    /// The inner error's stable type name (`ImageTooLarge`, `CorruptDICOM`, …).
    public var errorType: String {
        switch self {
        case .image(let error): error.errorType
        case .dicom(let error): error.errorType
        }
    }

    public var description: String {
        switch self {
        case .image(let error): error.description
        case .dicom(let error): error.description
        }
    }
}
