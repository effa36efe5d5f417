/// The attributes the Basic Application Level Confidentiality Profile (PS3.15 Annex E, Table
/// E.1-1) lists as identifying, as GDCM's `Anonymizer` carries the table (the 2008 edition's 48
/// attributes; `ConfidentialityProfileTests` checks this list against GDCM's).
///
/// Later editions add attributes (mostly rarely used free-text and device fields); private
/// attributes are identifying too and are counted separately (`DataSet.privateElementCount`).
public enum ConfidentialityProfile {
    /// An identifying attribute: its tag and its PS3.6 keyword.
    public struct Attribute: Sendable, Hashable {
        /// The tag.
        public let tag: DICOMTag
        /// The PS3.6 keyword, e.g. `PatientName`.
        public let keyword: String
    }

    /// Table E.1-1's attributes, in tag order.
    public static let attributes: [Attribute] = [
        (0x0008, 0x0014, "InstanceCreatorUID"), (0x0008, 0x0018, "SOPInstanceUID"), (0x0008, 0x0050, "AccessionNumber"),
        (0x0008, 0x0080, "InstitutionName"), (0x0008, 0x0081, "InstitutionAddress"), (0x0008, 0x0090, "ReferringPhysicianName"),
        (0x0008, 0x0092, "ReferringPhysicianAddress"), (0x0008, 0x0094, "ReferringPhysicianTelephoneNumbers"),
        (0x0008, 0x1010, "StationName"), (0x0008, 0x1030, "StudyDescription"), (0x0008, 0x103E, "SeriesDescription"),
        (0x0008, 0x1040, "InstitutionalDepartmentName"), (0x0008, 0x1048, "PhysiciansOfRecord"),
        (0x0008, 0x1050, "PerformingPhysicianName"), (0x0008, 0x1060, "NameOfPhysiciansReadingStudy"),
        (0x0008, 0x1070, "OperatorsName"), (0x0008, 0x1080, "AdmittingDiagnosesDescription"),
        (0x0008, 0x1155, "ReferencedSOPInstanceUID"), (0x0008, 0x2111, "DerivationDescription"), (0x0010, 0x0010, "PatientName"),
        (0x0010, 0x0020, "PatientID"), (0x0010, 0x0030, "PatientBirthDate"), (0x0010, 0x0032, "PatientBirthTime"),
        (0x0010, 0x0040, "PatientSex"), (0x0010, 0x1000, "OtherPatientIDs"), (0x0010, 0x1001, "OtherPatientNames"),
        (0x0010, 0x1010, "PatientAge"), (0x0010, 0x1020, "PatientSize"), (0x0010, 0x1030, "PatientWeight"),
        (0x0010, 0x1090, "MedicalRecordLocator"), (0x0010, 0x2160, "EthnicGroup"), (0x0010, 0x2180, "Occupation"),
        (0x0010, 0x21B0, "AdditionalPatientHistory"), (0x0010, 0x4000, "PatientComments"), (0x0018, 0x1000, "DeviceSerialNumber"),
        (0x0018, 0x1030, "ProtocolName"), (0x0020, 0x000D, "StudyInstanceUID"), (0x0020, 0x000E, "SeriesInstanceUID"),
        (0x0020, 0x0010, "StudyID"), (0x0020, 0x0052, "FrameOfReferenceUID"), (0x0020, 0x0200, "SynchronizationFrameOfReferenceUID"),
        (0x0020, 0x4000, "ImageComments"), (0x0040, 0x0275, "RequestAttributesSequence"), (0x0040, 0xA124, "UID"),
        (0x0040, 0xA730, "ContentSequence"), (0x0088, 0x0140, "StorageMediaFileSetUID"),
        (0x3006, 0x0024, "ReferencedFrameOfReferenceUID"), (0x3006, 0x00C2, "RelatedFrameOfReferenceUID"),
    ].map { Attribute(tag: DICOMTag($0.0, $0.1), keyword: $0.2) }

    /// The keywords of the listed attributes present with a non-empty value in `dataSet` or any
    /// sequence item nested in it, each once, in tag order. Values are never read.
    public static func identifyingAttributes(in dataSet: DataSet) -> [String] {
        var found = Set<DICOMTag>()
        collect(dataSet, into: &found)
        return attributes.filter { found.contains($0.tag) }.map(\.keyword)
    }

    /// Private elements in `dataSet` and its nested items.
    public static func privateElementCount(in dataSet: DataSet) -> Int {
        dataSet.privateElementCount + dataSet.elements.flatMap(\.items).reduce(0) { $0 + privateElementCount(in: $1) }
    }

    private static let listed = Set(attributes.map(\.tag))

    private static func collect(_ dataSet: DataSet, into found: inout Set<DICOMTag>) {
        for element in dataSet.elements {
            if listed.contains(element.tag), dataSet.hasValue(element.tag) { found.insert(element.tag) }
            for item in element.items { collect(item, into: &found) }
        }
    }
}
