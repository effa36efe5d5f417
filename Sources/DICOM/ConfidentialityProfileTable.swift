// DICOM PS3.15 2026d, Annex E, Table E.1-1 "Application Level Confidentiality Profile Attributes".
// Source: https://dicom.nema.org/medical/dicom/2026d/output/chtml/part15/chapter_E.html, transcribed
// from pymedphys/pymedphys lib/pymedphys/_dicom/deidentify/_standard/e1_1.json @ 339bb77a (generated
// from that chapter, sha256 cb214710…; the transcription reproduces that file's row digest e257bc5e…).
// Keywords are PS3.6's. Generated data: regenerate rather than edit by hand.

extension ConfidentialityProfile {
    /// Table E.1-1's 653 rows with a single tag, sorted by tag. Not here, handled by
    /// ``identifyingAttributes(in:retaining:)`` itself: `(50xx,xxxx)` Curve Data, `(60xx,3000)`
    /// Overlay Data, `(60xx,4000)` Overlay Comments (all `X`, Clean Graphics `C`) and private
    /// attributes (`X`, Retain Safe Private `C`).
    public static let table: [Row] = [
        Row(group: 0x0000, element: 0x1000, keyword: "AffectedSOPInstanceUID", basicAction: "X", retainedBy: [.uids]),  // Affected SOP Instance UID
        Row(group: 0x0000, element: 0x1001, keyword: "RequestedSOPInstanceUID", basicAction: "U", retainedBy: [.uids]),  // Requested SOP Instance UID
        Row(group: 0x0002, element: 0x0003, keyword: "MediaStorageSOPInstanceUID", basicAction: "U", retainedBy: [.uids]),  // Media Storage SOP Instance UID
        Row(group: 0x0004, element: 0x1511, keyword: "ReferencedSOPInstanceUIDInFile", basicAction: "U", retainedBy: [.uids]),  // Referenced SOP Instance UID in File
        Row(group: 0x0008, element: 0x0012, keyword: "InstanceCreationDate", basicAction: "X/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Instance Creation Date
        Row(group: 0x0008, element: 0x0013, keyword: "InstanceCreationTime", basicAction: "X/Z/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Instance Creation Time
        Row(group: 0x0008, element: 0x0014, keyword: "InstanceCreatorUID", basicAction: "U", retainedBy: [.uids]),  // Instance Creator UID
        Row(group: 0x0008, element: 0x0015, keyword: "InstanceCoercionDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Instance Coercion DateTime
        Row(group: 0x0008, element: 0x0017, keyword: "AcquisitionUID", basicAction: "U", retainedBy: [.uids]),  // Acquisition UID
        Row(group: 0x0008, element: 0x0018, keyword: "SOPInstanceUID", basicAction: "U", retainedBy: [.uids]),  // SOP Instance UID
        Row(group: 0x0008, element: 0x0019, keyword: "PyramidUID", basicAction: "U", retainedBy: [.uids]),  // Pyramid UID
        Row(group: 0x0008, element: 0x0020, keyword: "StudyDate", basicAction: "Z", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Study Date
        Row(group: 0x0008, element: 0x0021, keyword: "SeriesDate", basicAction: "X/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Series Date
        Row(group: 0x0008, element: 0x0022, keyword: "AcquisitionDate", basicAction: "X/Z", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Acquisition Date
        Row(group: 0x0008, element: 0x0023, keyword: "ContentDate", basicAction: "Z/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Content Date
        Row(group: 0x0008, element: 0x0024, keyword: "OverlayDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Overlay Date (retired)
        Row(group: 0x0008, element: 0x0025, keyword: "CurveDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Curve Date (retired)
        Row(group: 0x0008, element: 0x002A, keyword: "AcquisitionDateTime", basicAction: "X/Z/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Acquisition DateTime
        Row(group: 0x0008, element: 0x0030, keyword: "StudyTime", basicAction: "Z", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Study Time
        Row(group: 0x0008, element: 0x0031, keyword: "SeriesTime", basicAction: "X/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Series Time
        Row(group: 0x0008, element: 0x0032, keyword: "AcquisitionTime", basicAction: "X/Z", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Acquisition Time
        Row(group: 0x0008, element: 0x0033, keyword: "ContentTime", basicAction: "Z/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Content Time
        Row(group: 0x0008, element: 0x0034, keyword: "OverlayTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Overlay Time (retired)
        Row(group: 0x0008, element: 0x0035, keyword: "CurveTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Curve Time (retired)
        Row(group: 0x0008, element: 0x0050, keyword: "AccessionNumber", basicAction: "Z", retainedBy: []),  // Accession Number
        Row(group: 0x0008, element: 0x0054, keyword: "RetrieveAETitle", basicAction: "X", retainedBy: [.deviceIdentity]),  // Retrieve AE Title
        Row(group: 0x0008, element: 0x0055, keyword: "StationAETitle", basicAction: "X", retainedBy: [.deviceIdentity]),  // Station AE Title
        Row(group: 0x0008, element: 0x0058, keyword: "FailedSOPInstanceUIDList", basicAction: "U", retainedBy: [.uids]),  // Failed SOP Instance UID List
        Row(group: 0x0008, element: 0x0080, keyword: "InstitutionName", basicAction: "X/Z/D", retainedBy: [.institutionIdentity]),  // Institution Name
        Row(group: 0x0008, element: 0x0081, keyword: "InstitutionAddress", basicAction: "X", retainedBy: [.institutionIdentity]),  // Institution Address
        Row(group: 0x0008, element: 0x0082, keyword: "InstitutionCodeSequence", basicAction: "X/Z/D", retainedBy: [.institutionIdentity]),  // Institution Code Sequence
        Row(group: 0x0008, element: 0x0090, keyword: "ReferringPhysicianName", basicAction: "Z", retainedBy: []),  // Referring Physician's Name
        Row(group: 0x0008, element: 0x0092, keyword: "ReferringPhysicianAddress", basicAction: "X", retainedBy: []),  // Referring Physician's Address
        Row(group: 0x0008, element: 0x0094, keyword: "ReferringPhysicianTelephoneNumbers", basicAction: "X", retainedBy: []),  // Referring Physician's Telephone Numbers
        Row(group: 0x0008, element: 0x0096, keyword: "ReferringPhysicianIdentificationSequence", basicAction: "X", retainedBy: []),  // Referring Physician Identification Sequence
        Row(group: 0x0008, element: 0x009C, keyword: "ConsultingPhysicianName", basicAction: "Z", retainedBy: []),  // Consulting Physician's Name
        Row(group: 0x0008, element: 0x009D, keyword: "ConsultingPhysicianIdentificationSequence", basicAction: "X", retainedBy: []),  // Consulting Physician Identification Sequence
        Row(group: 0x0008, element: 0x0106, keyword: "ContextGroupVersion", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Context Group Version
        Row(group: 0x0008, element: 0x0107, keyword: "ContextGroupLocalVersion", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Context Group Local Version
        Row(group: 0x0008, element: 0x0201, keyword: "TimezoneOffsetFromUTC", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Timezone Offset From UTC
        Row(group: 0x0008, element: 0x1000, keyword: "NetworkID", basicAction: "X", retainedBy: [.deviceIdentity]),  // Network ID (retired)
        Row(group: 0x0008, element: 0x1010, keyword: "StationName", basicAction: "X/Z/D", retainedBy: [.deviceIdentity]),  // Station Name
        Row(group: 0x0008, element: 0x1030, keyword: "StudyDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Study Description
        Row(group: 0x0008, element: 0x103E, keyword: "SeriesDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Series Description
        Row(group: 0x0008, element: 0x1040, keyword: "InstitutionalDepartmentName", basicAction: "X", retainedBy: [.institutionIdentity]),  // Institutional Department Name
        Row(group: 0x0008, element: 0x1041, keyword: "InstitutionalDepartmentTypeCodeSequence", basicAction: "X", retainedBy: [.institutionIdentity]),  // Institutional Department Type Code Sequence
        Row(group: 0x0008, element: 0x1048, keyword: "PhysiciansOfRecord", basicAction: "X", retainedBy: []),  // Physician(s) of Record
        Row(group: 0x0008, element: 0x1049, keyword: "PhysiciansOfRecordIdentificationSequence", basicAction: "X", retainedBy: []),  // Physician(s) of Record Identification Sequence
        Row(group: 0x0008, element: 0x1050, keyword: "PerformingPhysicianName", basicAction: "X", retainedBy: []),  // Performing Physician's Name
        Row(group: 0x0008, element: 0x1052, keyword: "PerformingPhysicianIdentificationSequence", basicAction: "X", retainedBy: []),  // Performing Physician Identification Sequence
        Row(group: 0x0008, element: 0x1060, keyword: "NameOfPhysiciansReadingStudy", basicAction: "X", retainedBy: []),  // Name of Physician(s) Reading Study
        Row(group: 0x0008, element: 0x1062, keyword: "PhysiciansReadingStudyIdentificationSequence", basicAction: "X", retainedBy: []),  // Physician(s) Reading Study Identification Sequence
        Row(group: 0x0008, element: 0x1070, keyword: "OperatorsName", basicAction: "X/Z/D", retainedBy: []),  // Operators' Name
        Row(group: 0x0008, element: 0x1072, keyword: "OperatorIdentificationSequence", basicAction: "X/D", retainedBy: []),  // Operator Identification Sequence
        Row(group: 0x0008, element: 0x1080, keyword: "AdmittingDiagnosesDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Admitting Diagnoses Description
        Row(group: 0x0008, element: 0x1084, keyword: "AdmittingDiagnosesCodeSequence", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Admitting Diagnoses Code Sequence
        Row(group: 0x0008, element: 0x1088, keyword: "PyramidDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Pyramid Description
        Row(group: 0x0008, element: 0x1110, keyword: "ReferencedStudySequence", basicAction: "X/Z", retainedBy: [.uids]),  // Referenced Study Sequence
        Row(group: 0x0008, element: 0x1111, keyword: "ReferencedPerformedProcedureStepSequence", basicAction: "X/Z/D", retainedBy: [.uids]),  // Referenced Performed Procedure Step Sequence
        Row(group: 0x0008, element: 0x1120, keyword: "ReferencedPatientSequence", basicAction: "X", retainedBy: [.uids]),  // Referenced Patient Sequence
        Row(group: 0x0008, element: 0x1140, keyword: "ReferencedImageSequence", basicAction: "X/Z/U*", retainedBy: [.uids]),  // Referenced Image Sequence
        Row(group: 0x0008, element: 0x1155, keyword: "ReferencedSOPInstanceUID", basicAction: "U", retainedBy: [.uids]),  // Referenced SOP Instance UID
        Row(group: 0x0008, element: 0x1195, keyword: "TransactionUID", basicAction: "U", retainedBy: [.uids]),  // Transaction UID
        Row(group: 0x0008, element: 0x1301, keyword: "PrincipalDiagnosisCodeSequence", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Principal Diagnosis Code Sequence
        Row(group: 0x0008, element: 0x1302, keyword: "PrimaryDiagnosisCodeSequence", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Primary Diagnosis Code Sequence
        Row(group: 0x0008, element: 0x1303, keyword: "SecondaryDiagnosesCodeSequence", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Secondary Diagnoses Code Sequence
        Row(group: 0x0008, element: 0x1304, keyword: "HistologicalDiagnosesCodeSequence", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Histological Diagnoses Code Sequence
        Row(group: 0x0008, element: 0x2111, keyword: "DerivationDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Derivation Description
        Row(group: 0x0008, element: 0x2112, keyword: "SourceImageSequence", basicAction: "X/Z/U*", retainedBy: [.uids]),  // Source Image Sequence
        Row(group: 0x0008, element: 0x3010, keyword: "IrradiationEventUID", basicAction: "U", retainedBy: [.uids]),  // Irradiation Event UID
        Row(group: 0x0008, element: 0x4000, keyword: "IdentifyingComments", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Identifying Comments (retired)
        Row(group: 0x0010, element: 0x0010, keyword: "PatientName", basicAction: "Z", retainedBy: []),  // Patient's Name
        Row(group: 0x0010, element: 0x0011, keyword: "PersonNamesToUseSequence", basicAction: "X", retainedBy: []),  // Person Names to Use Sequence
        Row(group: 0x0010, element: 0x0012, keyword: "NameToUse", basicAction: "X", retainedBy: []),  // Name to Use
        Row(group: 0x0010, element: 0x0013, keyword: "NameToUseComment", basicAction: "X", retainedBy: []),  // Name to Use Comment
        Row(group: 0x0010, element: 0x0014, keyword: "ThirdPersonPronounsSequence", basicAction: "X", retainedBy: []),  // Third Person Pronouns Sequence
        Row(group: 0x0010, element: 0x0015, keyword: "PronounCodeSequence", basicAction: "X", retainedBy: []),  // Pronoun Code Sequence
        Row(group: 0x0010, element: 0x0016, keyword: "PronounComment", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Pronoun Comment
        Row(group: 0x0010, element: 0x0020, keyword: "PatientID", basicAction: "Z/D", retainedBy: []),  // Patient ID
        Row(group: 0x0010, element: 0x0021, keyword: "IssuerOfPatientID", basicAction: "X", retainedBy: []),  // Issuer of Patient ID
        Row(group: 0x0010, element: 0x0030, keyword: "PatientBirthDate", basicAction: "Z", retainedBy: []),  // Patient's Birth Date
        Row(group: 0x0010, element: 0x0032, keyword: "PatientBirthTime", basicAction: "X", retainedBy: []),  // Patient's Birth Time
        Row(group: 0x0010, element: 0x0040, keyword: "PatientSex", basicAction: "Z", retainedBy: [.patientCharacteristics]),  // Patient's Sex
        Row(group: 0x0010, element: 0x0041, keyword: "GenderIdentitySequence", basicAction: "X", retainedBy: []),  // Gender Identity Sequence
        Row(group: 0x0010, element: 0x0042, keyword: "SexParametersForClinicalUseCategoryComment", basicAction: "X", retainedBy: [.patientCharacteristics, .cleanDescriptors]),  // Sex Parameters for Clinical Use Category Comment
        Row(group: 0x0010, element: 0x0043, keyword: "SexParametersForClinicalUseCategorySequence", basicAction: "X", retainedBy: [.patientCharacteristics]),  // Sex Parameters for Clinical Use Category Sequence
        Row(group: 0x0010, element: 0x0044, keyword: "GenderIdentityCodeSequence", basicAction: "X", retainedBy: []),  // Gender Identity Code Sequence
        Row(group: 0x0010, element: 0x0045, keyword: "GenderIdentityComment", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Gender Identity Comment
        Row(group: 0x0010, element: 0x0046, keyword: "SexParametersForClinicalUseCategoryCodeSequence", basicAction: "X", retainedBy: [.patientCharacteristics]),  // Sex Parameters for Clinical Use Category Code Sequence
        Row(group: 0x0010, element: 0x0047, keyword: "SexParametersForClinicalUseCategoryReference", basicAction: "X", retainedBy: [.patientCharacteristics]),  // Sex Parameters for Clinical Use Category Reference
        Row(group: 0x0010, element: 0x0050, keyword: "PatientInsurancePlanCodeSequence", basicAction: "X", retainedBy: []),  // Patient's Insurance Plan Code Sequence
        Row(group: 0x0010, element: 0x0101, keyword: "PatientPrimaryLanguageCodeSequence", basicAction: "X", retainedBy: []),  // Patient's Primary Language Code Sequence
        Row(group: 0x0010, element: 0x0102, keyword: "PatientPrimaryLanguageModifierCodeSequence", basicAction: "X", retainedBy: []),  // Patient's Primary Language Modifier Code Sequence
        Row(group: 0x0010, element: 0x1000, keyword: "OtherPatientIDs", basicAction: "X", retainedBy: []),  // Other Patient IDs (retired)
        Row(group: 0x0010, element: 0x1001, keyword: "OtherPatientNames", basicAction: "X", retainedBy: []),  // Other Patient Names
        Row(group: 0x0010, element: 0x1002, keyword: "OtherPatientIDsSequence", basicAction: "X", retainedBy: []),  // Other Patient IDs Sequence
        Row(group: 0x0010, element: 0x1005, keyword: "PatientBirthName", basicAction: "X", retainedBy: []),  // Patient's Birth Name
        Row(group: 0x0010, element: 0x1010, keyword: "PatientAge", basicAction: "X", retainedBy: [.patientCharacteristics]),  // Patient's Age
        Row(group: 0x0010, element: 0x1020, keyword: "PatientSize", basicAction: "X", retainedBy: [.patientCharacteristics]),  // Patient's Size
        Row(group: 0x0010, element: 0x1030, keyword: "PatientWeight", basicAction: "X", retainedBy: [.patientCharacteristics]),  // Patient's Weight
        Row(group: 0x0010, element: 0x1040, keyword: "PatientAddress", basicAction: "X", retainedBy: []),  // Patient's Address
        Row(group: 0x0010, element: 0x1050, keyword: "InsurancePlanIdentification", basicAction: "X", retainedBy: []),  // Insurance Plan Identification (retired)
        Row(group: 0x0010, element: 0x1060, keyword: "PatientMotherBirthName", basicAction: "X", retainedBy: []),  // Patient's Mother's Birth Name
        Row(group: 0x0010, element: 0x1080, keyword: "MilitaryRank", basicAction: "X", retainedBy: []),  // Military Rank
        Row(group: 0x0010, element: 0x1081, keyword: "BranchOfService", basicAction: "X", retainedBy: []),  // Branch of Service
        Row(group: 0x0010, element: 0x1090, keyword: "MedicalRecordLocator", basicAction: "X", retainedBy: []),  // Medical Record Locator (retired)
        Row(group: 0x0010, element: 0x1100, keyword: "ReferencedPatientPhotoSequence", basicAction: "X", retainedBy: []),  // Referenced Patient Photo Sequence
        Row(group: 0x0010, element: 0x2000, keyword: "MedicalAlerts", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Medical Alerts
        Row(group: 0x0010, element: 0x2110, keyword: "Allergies", basicAction: "X", retainedBy: [.patientCharacteristics, .cleanDescriptors]),  // Allergies
        Row(group: 0x0010, element: 0x2150, keyword: "CountryOfResidence", basicAction: "X", retainedBy: []),  // Country of Residence
        Row(group: 0x0010, element: 0x2152, keyword: "RegionOfResidence", basicAction: "X", retainedBy: []),  // Region of Residence
        Row(group: 0x0010, element: 0x2154, keyword: "PatientTelephoneNumbers", basicAction: "X", retainedBy: []),  // Patient's Telephone Numbers
        Row(group: 0x0010, element: 0x2155, keyword: "PatientTelecomInformation", basicAction: "X", retainedBy: []),  // Patient's Telecom Information
        Row(group: 0x0010, element: 0x2160, keyword: "EthnicGroup", basicAction: "X", retainedBy: [.patientCharacteristics]),  // Ethnic Group (retired)
        Row(group: 0x0010, element: 0x2161, keyword: "EthnicGroupCodeSequence", basicAction: "X", retainedBy: [.patientCharacteristics]),  // Ethnic Group Code Sequence
        Row(group: 0x0010, element: 0x2162, keyword: "EthnicGroups", basicAction: "X", retainedBy: [.patientCharacteristics]),  // Ethnic Groups
        Row(group: 0x0010, element: 0x2180, keyword: "Occupation", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Occupation
        Row(group: 0x0010, element: 0x21A0, keyword: "SmokingStatus", basicAction: "X", retainedBy: [.patientCharacteristics]),  // Smoking Status
        Row(group: 0x0010, element: 0x21B0, keyword: "AdditionalPatientHistory", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Additional Patient History
        Row(group: 0x0010, element: 0x21C0, keyword: "PregnancyStatus", basicAction: "X", retainedBy: [.patientCharacteristics]),  // Pregnancy Status
        Row(group: 0x0010, element: 0x21D0, keyword: "LastMenstrualDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Last Menstrual Date
        Row(group: 0x0010, element: 0x21F0, keyword: "PatientReligiousPreference", basicAction: "X", retainedBy: []),  // Patient's Religious Preference
        Row(group: 0x0010, element: 0x2203, keyword: "PatientSexNeutered", basicAction: "X/Z", retainedBy: [.patientCharacteristics]),  // Patient's Sex Neutered
        Row(group: 0x0010, element: 0x2297, keyword: "ResponsiblePerson", basicAction: "X", retainedBy: []),  // Responsible Person
        Row(group: 0x0010, element: 0x2299, keyword: "ResponsibleOrganization", basicAction: "X", retainedBy: []),  // Responsible Organization
        Row(group: 0x0010, element: 0x4000, keyword: "PatientComments", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Patient Comments
        Row(group: 0x0012, element: 0x0010, keyword: "ClinicalTrialSponsorName", basicAction: "D", retainedBy: []),  // Clinical Trial Sponsor Name
        Row(group: 0x0012, element: 0x0020, keyword: "ClinicalTrialProtocolID", basicAction: "D", retainedBy: []),  // Clinical Trial Protocol ID
        Row(group: 0x0012, element: 0x0021, keyword: "ClinicalTrialProtocolName", basicAction: "Z", retainedBy: []),  // Clinical Trial Protocol Name
        Row(group: 0x0012, element: 0x0022, keyword: "IssuerOfClinicalTrialProtocolID", basicAction: "X", retainedBy: []),  // Issuer of Clinical Trial Protocol ID
        Row(group: 0x0012, element: 0x0023, keyword: "OtherClinicalTrialProtocolIDsSequence", basicAction: "X", retainedBy: []),  // Other Clinical Trial Protocol IDs Sequence
        Row(group: 0x0012, element: 0x0030, keyword: "ClinicalTrialSiteID", basicAction: "Z", retainedBy: [.institutionIdentity]),  // Clinical Trial Site ID
        Row(group: 0x0012, element: 0x0031, keyword: "ClinicalTrialSiteName", basicAction: "Z", retainedBy: [.institutionIdentity]),  // Clinical Trial Site Name
        Row(group: 0x0012, element: 0x0032, keyword: "IssuerOfClinicalTrialSiteID", basicAction: "X", retainedBy: []),  // Issuer of Clinical Trial Site ID
        Row(group: 0x0012, element: 0x0040, keyword: "ClinicalTrialSubjectID", basicAction: "D", retainedBy: []),  // Clinical Trial Subject ID
        Row(group: 0x0012, element: 0x0041, keyword: "IssuerOfClinicalTrialSubjectID", basicAction: "X", retainedBy: []),  // Issuer of Clinical Trial Subject ID
        Row(group: 0x0012, element: 0x0042, keyword: "ClinicalTrialSubjectReadingID", basicAction: "D", retainedBy: []),  // Clinical Trial Subject Reading ID
        Row(group: 0x0012, element: 0x0043, keyword: "IssuerOfClinicalTrialSubjectReadingID", basicAction: "X", retainedBy: []),  // Issuer of Clinical Trial Subject Reading ID
        Row(group: 0x0012, element: 0x0050, keyword: "ClinicalTrialTimePointID", basicAction: "Z", retainedBy: []),  // Clinical Trial Time Point ID
        Row(group: 0x0012, element: 0x0051, keyword: "ClinicalTrialTimePointDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Clinical Trial Time Point Description
        Row(group: 0x0012, element: 0x0055, keyword: "IssuerOfClinicalTrialTimePointID", basicAction: "X", retainedBy: []),  // Issuer of Clinical Trial Time Point ID
        Row(group: 0x0012, element: 0x0060, keyword: "ClinicalTrialCoordinatingCenterName", basicAction: "Z", retainedBy: [.institutionIdentity]),  // Clinical Trial Coordinating Center Name
        Row(group: 0x0012, element: 0x0071, keyword: "ClinicalTrialSeriesID", basicAction: "X", retainedBy: []),  // Clinical Trial Series ID
        Row(group: 0x0012, element: 0x0072, keyword: "ClinicalTrialSeriesDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Clinical Trial Series Description
        Row(group: 0x0012, element: 0x0073, keyword: "IssuerOfClinicalTrialSeriesID", basicAction: "X", retainedBy: []),  // Issuer of Clinical Trial Series ID
        Row(group: 0x0012, element: 0x0081, keyword: "ClinicalTrialProtocolEthicsCommitteeName", basicAction: "D", retainedBy: [.institutionIdentity]),  // Clinical Trial Protocol Ethics Committee Name
        Row(group: 0x0012, element: 0x0082, keyword: "ClinicalTrialProtocolEthicsCommitteeApprovalNumber", basicAction: "X", retainedBy: []),  // Clinical Trial Protocol Ethics Committee Approval Number
        Row(group: 0x0012, element: 0x0086, keyword: "EthicsCommitteeApprovalEffectivenessStartDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Ethics Committee Approval Effectiveness Start Date
        Row(group: 0x0012, element: 0x0087, keyword: "EthicsCommitteeApprovalEffectivenessEndDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Ethics Committee Approval Effectiveness End Date
        Row(group: 0x0014, element: 0x407C, keyword: "CalibrationTime", basicAction: "X", retainedBy: [.deviceIdentity, .longitudinalFullDates, .longitudinalModifiedDates]),  // Calibration Time
        Row(group: 0x0014, element: 0x407E, keyword: "CalibrationDate", basicAction: "X", retainedBy: [.deviceIdentity, .longitudinalFullDates, .longitudinalModifiedDates]),  // Calibration Date
        Row(group: 0x0016, element: 0x002B, keyword: "MakerNote", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Maker Note
        Row(group: 0x0016, element: 0x004B, keyword: "DeviceSettingDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Device Setting Description
        Row(group: 0x0016, element: 0x004D, keyword: "CameraOwnerName", basicAction: "X", retainedBy: []),  // Camera Owner Name
        Row(group: 0x0016, element: 0x004E, keyword: "LensSpecification", basicAction: "X", retainedBy: [.deviceIdentity]),  // Lens Specification
        Row(group: 0x0016, element: 0x004F, keyword: "LensMake", basicAction: "X", retainedBy: [.deviceIdentity]),  // Lens Make
        Row(group: 0x0016, element: 0x0050, keyword: "LensModel", basicAction: "X", retainedBy: [.deviceIdentity]),  // Lens Model
        Row(group: 0x0016, element: 0x0051, keyword: "LensSerialNumber", basicAction: "X", retainedBy: [.deviceIdentity]),  // Lens Serial Number
        Row(group: 0x0016, element: 0x0070, keyword: "GPSVersionID", basicAction: "X", retainedBy: []),  // GPS Version ID
        Row(group: 0x0016, element: 0x0071, keyword: "GPSLatitudeRef", basicAction: "X", retainedBy: []),  // GPS Latitude Ref
        Row(group: 0x0016, element: 0x0072, keyword: "GPSLatitude", basicAction: "X", retainedBy: []),  // GPS Latitude
        Row(group: 0x0016, element: 0x0073, keyword: "GPSLongitudeRef", basicAction: "X", retainedBy: []),  // GPS Longitude Ref
        Row(group: 0x0016, element: 0x0074, keyword: "GPSLongitude", basicAction: "X", retainedBy: []),  // GPS Longitude
        Row(group: 0x0016, element: 0x0075, keyword: "GPSAltitudeRef", basicAction: "X", retainedBy: []),  // GPS Altitude Ref
        Row(group: 0x0016, element: 0x0076, keyword: "GPSAltitude", basicAction: "X", retainedBy: []),  // GPS Altitude
        Row(group: 0x0016, element: 0x0077, keyword: "GPSTimeStamp", basicAction: "X", retainedBy: []),  // GPS Time Stamp
        Row(group: 0x0016, element: 0x0078, keyword: "GPSSatellites", basicAction: "X", retainedBy: []),  // GPS Satellites
        Row(group: 0x0016, element: 0x0079, keyword: "GPSStatus", basicAction: "X", retainedBy: []),  // GPS Status
        Row(group: 0x0016, element: 0x007A, keyword: "GPSMeasureMode", basicAction: "X", retainedBy: []),  // GPS Measure Mode
        Row(group: 0x0016, element: 0x007B, keyword: "GPSDOP", basicAction: "X", retainedBy: []),  // GPS DOP
        Row(group: 0x0016, element: 0x007C, keyword: "GPSSpeedRef", basicAction: "X", retainedBy: []),  // GPS Speed Ref
        Row(group: 0x0016, element: 0x007D, keyword: "GPSSpeed", basicAction: "X", retainedBy: []),  // GPS Speed
        Row(group: 0x0016, element: 0x007E, keyword: "GPSTrackRef", basicAction: "X", retainedBy: []),  // GPS Track Ref
        Row(group: 0x0016, element: 0x007F, keyword: "GPSTrack", basicAction: "X", retainedBy: []),  // GPS Track
        Row(group: 0x0016, element: 0x0080, keyword: "GPSImgDirectionRef", basicAction: "X", retainedBy: []),  // GPS Img Direction Ref
        Row(group: 0x0016, element: 0x0081, keyword: "GPSImgDirection", basicAction: "X", retainedBy: []),  // GPS Img Direction
        Row(group: 0x0016, element: 0x0082, keyword: "GPSMapDatum", basicAction: "X", retainedBy: []),  // GPS Map Datum
        Row(group: 0x0016, element: 0x0083, keyword: "GPSDestLatitudeRef", basicAction: "X", retainedBy: []),  // GPS Dest Latitude Ref
        Row(group: 0x0016, element: 0x0084, keyword: "GPSDestLatitude", basicAction: "X", retainedBy: []),  // GPS Dest Latitude
        Row(group: 0x0016, element: 0x0085, keyword: "GPSDestLongitudeRef", basicAction: "X", retainedBy: []),  // GPS Dest Longitude Ref
        Row(group: 0x0016, element: 0x0086, keyword: "GPSDestLongitude", basicAction: "X", retainedBy: []),  // GPS Dest Longitude
        Row(group: 0x0016, element: 0x0087, keyword: "GPSDestBearingRef", basicAction: "X", retainedBy: []),  // GPS Dest Bearing Ref
        Row(group: 0x0016, element: 0x0088, keyword: "GPSDestBearing", basicAction: "X", retainedBy: []),  // GPS Dest Bearing
        Row(group: 0x0016, element: 0x0089, keyword: "GPSDestDistanceRef", basicAction: "X", retainedBy: []),  // GPS Dest Distance Ref
        Row(group: 0x0016, element: 0x008A, keyword: "GPSDestDistance", basicAction: "X", retainedBy: []),  // GPS Dest Distance
        Row(group: 0x0016, element: 0x008B, keyword: "GPSProcessingMethod", basicAction: "X", retainedBy: []),  // GPS Processing Method
        Row(group: 0x0016, element: 0x008C, keyword: "GPSAreaInformation", basicAction: "X", retainedBy: []),  // GPS Area Information
        Row(group: 0x0016, element: 0x008D, keyword: "GPSDateStamp", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // GPS Date Stamp
        Row(group: 0x0016, element: 0x008E, keyword: "GPSDifferential", basicAction: "X", retainedBy: []),  // GPS Differential
        Row(group: 0x0018, element: 0x0010, keyword: "ContrastBolusAgent", basicAction: "Z/D", retainedBy: [.cleanDescriptors]),  // Contrast/Bolus Agent
        Row(group: 0x0018, element: 0x0027, keyword: "InterventionDrugStopTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Intervention Drug Stop Time
        Row(group: 0x0018, element: 0x0035, keyword: "InterventionDrugStartTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Intervention Drug Start Time
        Row(group: 0x0018, element: 0x1000, keyword: "DeviceSerialNumber", basicAction: "X/Z/D", retainedBy: [.deviceIdentity]),  // Device Serial Number
        Row(group: 0x0018, element: 0x1002, keyword: "DeviceUID", basicAction: "U", retainedBy: [.uids, .deviceIdentity]),  // Device UID
        Row(group: 0x0018, element: 0x1004, keyword: "PlateID", basicAction: "X", retainedBy: [.deviceIdentity]),  // Plate ID
        Row(group: 0x0018, element: 0x1005, keyword: "GeneratorID", basicAction: "X", retainedBy: [.deviceIdentity]),  // Generator ID
        Row(group: 0x0018, element: 0x1007, keyword: "CassetteID", basicAction: "X", retainedBy: [.deviceIdentity]),  // Cassette ID
        Row(group: 0x0018, element: 0x1008, keyword: "GantryID", basicAction: "X", retainedBy: [.deviceIdentity]),  // Gantry ID
        Row(group: 0x0018, element: 0x1009, keyword: "UniqueDeviceIdentifier", basicAction: "X", retainedBy: [.deviceIdentity]),  // Unique Device Identifier
        Row(group: 0x0018, element: 0x100A, keyword: "UDISequence", basicAction: "X", retainedBy: [.deviceIdentity]),  // UDI Sequence
        Row(group: 0x0018, element: 0x100B, keyword: "ManufacturerDeviceClassUID", basicAction: "U", retainedBy: [.uids, .deviceIdentity]),  // Manufacturer's Device Class UID
        Row(group: 0x0018, element: 0x1010, keyword: "SecondaryCaptureDeviceID", basicAction: "X", retainedBy: [.deviceIdentity]),  // Secondary Capture Device ID
        Row(group: 0x0018, element: 0x1011, keyword: "HardcopyCreationDeviceID", basicAction: "X", retainedBy: [.deviceIdentity]),  // Hardcopy Creation Device ID (retired)
        Row(group: 0x0018, element: 0x1012, keyword: "DateOfSecondaryCapture", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Date of Secondary Capture
        Row(group: 0x0018, element: 0x1014, keyword: "TimeOfSecondaryCapture", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Time of Secondary Capture
        Row(group: 0x0018, element: 0x1030, keyword: "ProtocolName", basicAction: "X/D", retainedBy: [.cleanDescriptors]),  // Protocol Name
        Row(group: 0x0018, element: 0x1042, keyword: "ContrastBolusStartTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Contrast/Bolus Start Time
        Row(group: 0x0018, element: 0x1043, keyword: "ContrastBolusStopTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Contrast/Bolus Stop Time
        Row(group: 0x0018, element: 0x1072, keyword: "RadiopharmaceuticalStartTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Radiopharmaceutical Start Time
        Row(group: 0x0018, element: 0x1073, keyword: "RadiopharmaceuticalStopTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Radiopharmaceutical Stop Time
        Row(group: 0x0018, element: 0x1078, keyword: "RadiopharmaceuticalStartDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Radiopharmaceutical Start DateTime
        Row(group: 0x0018, element: 0x1079, keyword: "RadiopharmaceuticalStopDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Radiopharmaceutical Stop DateTime
        Row(group: 0x0018, element: 0x11BB, keyword: "AcquisitionFieldOfViewLabel", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Acquisition Field of View Label
        Row(group: 0x0018, element: 0x1200, keyword: "DateOfLastCalibration", basicAction: "X", retainedBy: [.deviceIdentity, .longitudinalFullDates, .longitudinalModifiedDates]),  // Date of Last Calibration
        Row(group: 0x0018, element: 0x1201, keyword: "TimeOfLastCalibration", basicAction: "X", retainedBy: [.deviceIdentity, .longitudinalFullDates, .longitudinalModifiedDates]),  // Time of Last Calibration
        Row(group: 0x0018, element: 0x1202, keyword: "DateTimeOfLastCalibration", basicAction: "X", retainedBy: [.deviceIdentity, .longitudinalFullDates, .longitudinalModifiedDates]),  // DateTime of Last Calibration
        Row(group: 0x0018, element: 0x1203, keyword: "CalibrationDateTime", basicAction: "Z", retainedBy: [.deviceIdentity, .longitudinalFullDates, .longitudinalModifiedDates]),  // Calibration DateTime
        Row(group: 0x0018, element: 0x1204, keyword: "DateOfManufacture", basicAction: "X", retainedBy: [.deviceIdentity, .longitudinalFullDates, .longitudinalModifiedDates]),  // Date of Manufacture
        Row(group: 0x0018, element: 0x1205, keyword: "DateOfInstallation", basicAction: "X", retainedBy: [.deviceIdentity, .longitudinalFullDates, .longitudinalModifiedDates]),  // Date of Installation
        Row(group: 0x0018, element: 0x1400, keyword: "AcquisitionDeviceProcessingDescription", basicAction: "X/D", retainedBy: [.cleanDescriptors]),  // Acquisition Device Processing Description
        Row(group: 0x0018, element: 0x2042, keyword: "TargetUID", basicAction: "U", retainedBy: [.uids]),  // Target UID
        Row(group: 0x0018, element: 0x4000, keyword: "AcquisitionComments", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Acquisition Comments (retired)
        Row(group: 0x0018, element: 0x5011, keyword: "TransducerIdentificationSequence", basicAction: "X", retainedBy: [.deviceIdentity]),  // Transducer Identification Sequence
        Row(group: 0x0018, element: 0x700A, keyword: "DetectorID", basicAction: "X/D", retainedBy: [.deviceIdentity]),  // Detector ID
        Row(group: 0x0018, element: 0x700C, keyword: "DateOfLastDetectorCalibration", basicAction: "X/D", retainedBy: [.deviceIdentity, .longitudinalFullDates, .longitudinalModifiedDates]),  // Date of Last Detector Calibration
        Row(group: 0x0018, element: 0x700E, keyword: "TimeOfLastDetectorCalibration", basicAction: "X/D", retainedBy: [.deviceIdentity, .longitudinalFullDates, .longitudinalModifiedDates]),  // Time of Last Detector Calibration
        Row(group: 0x0018, element: 0x9074, keyword: "FrameAcquisitionDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Frame Acquisition DateTime
        Row(group: 0x0018, element: 0x9151, keyword: "FrameReferenceDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Frame Reference DateTime
        Row(group: 0x0018, element: 0x9185, keyword: "RespiratoryMotionCompensationTechniqueDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Respiratory Motion Compensation Technique Description
        Row(group: 0x0018, element: 0x9367, keyword: "XRaySourceID", basicAction: "D", retainedBy: [.deviceIdentity]),  // X-Ray Source ID
        Row(group: 0x0018, element: 0x9369, keyword: "SourceStartDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Source Start DateTime
        Row(group: 0x0018, element: 0x936A, keyword: "SourceEndDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Source End DateTime
        Row(group: 0x0018, element: 0x9371, keyword: "XRayDetectorID", basicAction: "D", retainedBy: [.deviceIdentity]),  // X-Ray Detector ID
        Row(group: 0x0018, element: 0x9373, keyword: "XRayDetectorLabel", basicAction: "X", retainedBy: [.deviceIdentity]),  // X-Ray Detector Label
        Row(group: 0x0018, element: 0x937B, keyword: "MultienergyAcquisitionDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Multi-energy Acquisition Description
        Row(group: 0x0018, element: 0x937F, keyword: "DecompositionDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Decomposition Description
        Row(group: 0x0018, element: 0x9424, keyword: "AcquisitionProtocolDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Acquisition Protocol Description
        Row(group: 0x0018, element: 0x9516, keyword: "StartAcquisitionDateTime", basicAction: "X/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Start Acquisition DateTime
        Row(group: 0x0018, element: 0x9517, keyword: "EndAcquisitionDateTime", basicAction: "X/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // End Acquisition DateTime
        Row(group: 0x0018, element: 0x9623, keyword: "FunctionalSyncPulse", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Functional Sync Pulse
        Row(group: 0x0018, element: 0x9701, keyword: "DecayCorrectionDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Decay Correction DateTime
        Row(group: 0x0018, element: 0x9804, keyword: "ExclusionStartDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Exclusion Start DateTime
        Row(group: 0x0018, element: 0x9919, keyword: "InstructionPerformedDateTime", basicAction: "Z/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Instruction Performed DateTime
        Row(group: 0x0018, element: 0x9937, keyword: "RequestedSeriesDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Requested Series Description
        Row(group: 0x0018, element: 0xA002, keyword: "ContributionDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Contribution DateTime
        Row(group: 0x0018, element: 0xA003, keyword: "ContributionDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Contribution Description
        Row(group: 0x0020, element: 0x000D, keyword: "StudyInstanceUID", basicAction: "U", retainedBy: [.uids]),  // Study Instance UID
        Row(group: 0x0020, element: 0x000E, keyword: "SeriesInstanceUID", basicAction: "U", retainedBy: [.uids]),  // Series Instance UID
        Row(group: 0x0020, element: 0x0010, keyword: "StudyID", basicAction: "Z", retainedBy: []),  // Study ID
        Row(group: 0x0020, element: 0x0027, keyword: "PyramidLabel", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Pyramid Label
        Row(group: 0x0020, element: 0x0052, keyword: "FrameOfReferenceUID", basicAction: "U", retainedBy: [.uids]),  // Frame of Reference UID
        Row(group: 0x0020, element: 0x0200, keyword: "SynchronizationFrameOfReferenceUID", basicAction: "U", retainedBy: [.uids]),  // Synchronization Frame of Reference UID
        Row(group: 0x0020, element: 0x3401, keyword: "ModifyingDeviceID", basicAction: "X", retainedBy: [.deviceIdentity]),  // Modifying Device ID (retired)
        Row(group: 0x0020, element: 0x3403, keyword: "ModifiedImageDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Modified Image Date (retired)
        Row(group: 0x0020, element: 0x3405, keyword: "ModifiedImageTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Modified Image Time (retired)
        Row(group: 0x0020, element: 0x3406, keyword: "ModifiedImageDescription", basicAction: "X", retainedBy: []),  // Modified Image Description (retired)
        Row(group: 0x0020, element: 0x4000, keyword: "ImageComments", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Image Comments
        Row(group: 0x0020, element: 0x9158, keyword: "FrameComments", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Frame Comments
        Row(group: 0x0020, element: 0x9161, keyword: "ConcatenationUID", basicAction: "U", retainedBy: [.uids]),  // Concatenation UID
        Row(group: 0x0020, element: 0x9164, keyword: "DimensionOrganizationUID", basicAction: "U", retainedBy: [.uids]),  // Dimension Organization UID
        Row(group: 0x0028, element: 0x1199, keyword: "PaletteColorLookupTableUID", basicAction: "U", retainedBy: [.uids]),  // Palette Color Lookup Table UID
        Row(group: 0x0028, element: 0x1214, keyword: "LargePaletteColorLookupTableUID", basicAction: "U", retainedBy: [.uids]),  // Large Palette Color Lookup Table UID (retired)
        Row(group: 0x0028, element: 0x4000, keyword: "ImagePresentationComments", basicAction: "X", retainedBy: []),  // Image Presentation Comments (retired)
        Row(group: 0x0032, element: 0x0012, keyword: "StudyIDIssuer", basicAction: "X", retainedBy: []),  // Study ID Issuer (retired)
        Row(group: 0x0032, element: 0x0032, keyword: "StudyVerifiedDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Study Verified Date (retired)
        Row(group: 0x0032, element: 0x0033, keyword: "StudyVerifiedTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Study Verified Time (retired)
        Row(group: 0x0032, element: 0x0034, keyword: "StudyReadDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Study Read Date (retired)
        Row(group: 0x0032, element: 0x0035, keyword: "StudyReadTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Study Read Time (retired)
        Row(group: 0x0032, element: 0x1000, keyword: "ScheduledStudyStartDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Scheduled Study Start Date (retired)
        Row(group: 0x0032, element: 0x1001, keyword: "ScheduledStudyStartTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Scheduled Study Start Time (retired)
        Row(group: 0x0032, element: 0x1010, keyword: "ScheduledStudyStopDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Scheduled Study Stop Date (retired)
        Row(group: 0x0032, element: 0x1011, keyword: "ScheduledStudyStopTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Scheduled Study Stop Time (retired)
        Row(group: 0x0032, element: 0x1020, keyword: "ScheduledStudyLocation", basicAction: "X", retainedBy: [.deviceIdentity]),  // Scheduled Study Location (retired)
        Row(group: 0x0032, element: 0x1021, keyword: "ScheduledStudyLocationAETitle", basicAction: "X", retainedBy: [.deviceIdentity]),  // Scheduled Study Location AE Title (retired)
        Row(group: 0x0032, element: 0x1030, keyword: "ReasonForStudy", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Reason for Study (retired)
        Row(group: 0x0032, element: 0x1032, keyword: "RequestingPhysician", basicAction: "X", retainedBy: []),  // Requesting Physician
        Row(group: 0x0032, element: 0x1033, keyword: "RequestingService", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Requesting Service
        Row(group: 0x0032, element: 0x1040, keyword: "StudyArrivalDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Study Arrival Date (retired)
        Row(group: 0x0032, element: 0x1041, keyword: "StudyArrivalTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Study Arrival Time (retired)
        Row(group: 0x0032, element: 0x1050, keyword: "StudyCompletionDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Study Completion Date (retired)
        Row(group: 0x0032, element: 0x1051, keyword: "StudyCompletionTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Study Completion Time (retired)
        Row(group: 0x0032, element: 0x1060, keyword: "RequestedProcedureDescription", basicAction: "X/Z", retainedBy: [.cleanDescriptors]),  // Requested Procedure Description
        Row(group: 0x0032, element: 0x1066, keyword: "ReasonForVisit", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Reason for Visit
        Row(group: 0x0032, element: 0x1067, keyword: "ReasonForVisitCodeSequence", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Reason for Visit Code Sequence
        Row(group: 0x0032, element: 0x1070, keyword: "RequestedContrastAgent", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Requested Contrast Agent
        Row(group: 0x0032, element: 0x4000, keyword: "StudyComments", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Study Comments (retired)
        Row(group: 0x0034, element: 0x0001, keyword: "FlowIdentifierSequence", basicAction: "D", retainedBy: []),  // Flow Identifier Sequence
        Row(group: 0x0034, element: 0x0002, keyword: "FlowIdentifier", basicAction: "D", retainedBy: []),  // Flow Identifier
        Row(group: 0x0034, element: 0x0005, keyword: "SourceIdentifier", basicAction: "D", retainedBy: []),  // Source Identifier
        Row(group: 0x0034, element: 0x0007, keyword: "FrameOriginTimestamp", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Frame Origin Timestamp
        Row(group: 0x0038, element: 0x0004, keyword: "ReferencedPatientAliasSequence", basicAction: "X", retainedBy: []),  // Referenced Patient Alias Sequence (retired)
        Row(group: 0x0038, element: 0x0010, keyword: "AdmissionID", basicAction: "X", retainedBy: []),  // Admission ID
        Row(group: 0x0038, element: 0x0011, keyword: "IssuerOfAdmissionID", basicAction: "X", retainedBy: []),  // Issuer of Admission ID (retired)
        Row(group: 0x0038, element: 0x0014, keyword: "IssuerOfAdmissionIDSequence", basicAction: "X", retainedBy: []),  // Issuer of Admission ID Sequence
        Row(group: 0x0038, element: 0x001A, keyword: "ScheduledAdmissionDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Scheduled Admission Date (retired)
        Row(group: 0x0038, element: 0x001B, keyword: "ScheduledAdmissionTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Scheduled Admission Time (retired)
        Row(group: 0x0038, element: 0x001C, keyword: "ScheduledDischargeDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Scheduled Discharge Date (retired)
        Row(group: 0x0038, element: 0x001D, keyword: "ScheduledDischargeTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Scheduled Discharge Time (retired)
        Row(group: 0x0038, element: 0x001E, keyword: "ScheduledPatientInstitutionResidence", basicAction: "X", retainedBy: []),  // Scheduled Patient Institution Residence (retired)
        Row(group: 0x0038, element: 0x0020, keyword: "AdmittingDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Admitting Date
        Row(group: 0x0038, element: 0x0021, keyword: "AdmittingTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Admitting Time
        Row(group: 0x0038, element: 0x0030, keyword: "DischargeDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Discharge Date (retired)
        Row(group: 0x0038, element: 0x0032, keyword: "DischargeTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Discharge Time (retired)
        Row(group: 0x0038, element: 0x0040, keyword: "DischargeDiagnosisDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Discharge Diagnosis Description (retired)
        Row(group: 0x0038, element: 0x0050, keyword: "SpecialNeeds", basicAction: "X", retainedBy: [.patientCharacteristics]),  // Special Needs
        Row(group: 0x0038, element: 0x0060, keyword: "ServiceEpisodeID", basicAction: "X", retainedBy: []),  // Service Episode ID
        Row(group: 0x0038, element: 0x0061, keyword: "IssuerOfServiceEpisodeID", basicAction: "X", retainedBy: []),  // Issuer of Service Episode ID (retired)
        Row(group: 0x0038, element: 0x0062, keyword: "ServiceEpisodeDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Service Episode Description
        Row(group: 0x0038, element: 0x0064, keyword: "IssuerOfServiceEpisodeIDSequence", basicAction: "X", retainedBy: []),  // Issuer of Service Episode ID Sequence
        Row(group: 0x0038, element: 0x0300, keyword: "CurrentPatientLocation", basicAction: "X", retainedBy: []),  // Current Patient Location
        Row(group: 0x0038, element: 0x0400, keyword: "PatientInstitutionResidence", basicAction: "X", retainedBy: []),  // Patient's Institution Residence
        Row(group: 0x0038, element: 0x0500, keyword: "PatientState", basicAction: "X", retainedBy: [.patientCharacteristics, .cleanDescriptors]),  // Patient State
        Row(group: 0x0038, element: 0x4000, keyword: "VisitComments", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Visit Comments
        Row(group: 0x003A, element: 0x0020, keyword: "MultiplexGroupLabel", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Multiplex Group Label
        Row(group: 0x003A, element: 0x0203, keyword: "ChannelLabel", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Channel Label
        Row(group: 0x003A, element: 0x020C, keyword: "ChannelDerivationDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Channel Derivation Description
        Row(group: 0x003A, element: 0x0310, keyword: "MultiplexGroupUID", basicAction: "U", retainedBy: [.uids]),  // Multiplex Group UID
        Row(group: 0x003A, element: 0x0314, keyword: "ImpedanceMeasurementDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Impedance Measurement DateTime
        Row(group: 0x003A, element: 0x0329, keyword: "WaveformFilterDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Waveform Filter Description
        Row(group: 0x003A, element: 0x032B, keyword: "FilterLookupTableDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Filter Lookup Table Description
        Row(group: 0x0040, element: 0x0001, keyword: "ScheduledStationAETitle", basicAction: "X", retainedBy: [.deviceIdentity]),  // Scheduled Station AE Title
        Row(group: 0x0040, element: 0x0002, keyword: "ScheduledProcedureStepStartDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Scheduled Procedure Step Start Date
        Row(group: 0x0040, element: 0x0003, keyword: "ScheduledProcedureStepStartTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Scheduled Procedure Step Start Time
        Row(group: 0x0040, element: 0x0004, keyword: "ScheduledProcedureStepEndDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Scheduled Procedure Step End Date
        Row(group: 0x0040, element: 0x0005, keyword: "ScheduledProcedureStepEndTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Scheduled Procedure Step End Time
        Row(group: 0x0040, element: 0x0006, keyword: "ScheduledPerformingPhysicianName", basicAction: "X", retainedBy: []),  // Scheduled Performing Physician's Name
        Row(group: 0x0040, element: 0x0007, keyword: "ScheduledProcedureStepDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Scheduled Procedure Step Description
        Row(group: 0x0040, element: 0x0009, keyword: "ScheduledProcedureStepID", basicAction: "X", retainedBy: []),  // Scheduled Procedure Step ID
        Row(group: 0x0040, element: 0x000B, keyword: "ScheduledPerformingPhysicianIdentificationSequence", basicAction: "X", retainedBy: []),  // Scheduled Performing Physician Identification Sequence
        Row(group: 0x0040, element: 0x0010, keyword: "ScheduledStationName", basicAction: "X", retainedBy: [.deviceIdentity]),  // Scheduled Station Name
        Row(group: 0x0040, element: 0x0011, keyword: "ScheduledProcedureStepLocation", basicAction: "X", retainedBy: [.deviceIdentity]),  // Scheduled Procedure Step Location
        Row(group: 0x0040, element: 0x0012, keyword: "PreMedication", basicAction: "X", retainedBy: [.patientCharacteristics]),  // Pre-Medication
        Row(group: 0x0040, element: 0x0241, keyword: "PerformedStationAETitle", basicAction: "X", retainedBy: [.deviceIdentity]),  // Performed Station AE Title
        Row(group: 0x0040, element: 0x0242, keyword: "PerformedStationName", basicAction: "X", retainedBy: [.deviceIdentity]),  // Performed Station Name
        Row(group: 0x0040, element: 0x0243, keyword: "PerformedLocation", basicAction: "X", retainedBy: []),  // Performed Location
        Row(group: 0x0040, element: 0x0244, keyword: "PerformedProcedureStepStartDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Performed Procedure Step Start Date
        Row(group: 0x0040, element: 0x0245, keyword: "PerformedProcedureStepStartTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Performed Procedure Step Start Time
        Row(group: 0x0040, element: 0x0250, keyword: "PerformedProcedureStepEndDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Performed Procedure Step End Date
        Row(group: 0x0040, element: 0x0251, keyword: "PerformedProcedureStepEndTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Performed Procedure Step End Time
        Row(group: 0x0040, element: 0x0253, keyword: "PerformedProcedureStepID", basicAction: "X", retainedBy: []),  // Performed Procedure Step ID
        Row(group: 0x0040, element: 0x0254, keyword: "PerformedProcedureStepDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Performed Procedure Step Description
        Row(group: 0x0040, element: 0x0275, keyword: "RequestAttributesSequence", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Request Attributes Sequence
        Row(group: 0x0040, element: 0x0280, keyword: "CommentsOnThePerformedProcedureStep", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Comments on the Performed Procedure Step
        Row(group: 0x0040, element: 0x0310, keyword: "CommentsOnRadiationDose", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Comments on Radiation Dose
        Row(group: 0x0040, element: 0x050A, keyword: "SpecimenAccessionNumber", basicAction: "X", retainedBy: []),  // Specimen Accession Number (retired)
        Row(group: 0x0040, element: 0x0512, keyword: "ContainerIdentifier", basicAction: "D", retainedBy: []),  // Container Identifier
        Row(group: 0x0040, element: 0x0513, keyword: "IssuerOfTheContainerIdentifierSequence", basicAction: "Z", retainedBy: []),  // Issuer of the Container Identifier Sequence
        Row(group: 0x0040, element: 0x051A, keyword: "ContainerDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Container Description
        Row(group: 0x0040, element: 0x0551, keyword: "SpecimenIdentifier", basicAction: "D", retainedBy: []),  // Specimen Identifier
        Row(group: 0x0040, element: 0x0554, keyword: "SpecimenUID", basicAction: "U", retainedBy: [.uids]),  // Specimen UID
        Row(group: 0x0040, element: 0x0555, keyword: "AcquisitionContextSequence", basicAction: "X/Z", retainedBy: [.cleanStructuredContent]),  // Acquisition Context Sequence
        Row(group: 0x0040, element: 0x0556, keyword: "AcquisitionContextDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Acquisition Context Description
        Row(group: 0x0040, element: 0x0562, keyword: "IssuerOfTheSpecimenIdentifierSequence", basicAction: "Z", retainedBy: []),  // Issuer of the Specimen Identifier Sequence
        Row(group: 0x0040, element: 0x0600, keyword: "SpecimenShortDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Specimen Short Description
        Row(group: 0x0040, element: 0x0602, keyword: "SpecimenDetailedDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Specimen Detailed Description
        Row(group: 0x0040, element: 0x0610, keyword: "SpecimenPreparationSequence", basicAction: "Z", retainedBy: [.cleanStructuredContent]),  // Specimen Preparation Sequence
        Row(group: 0x0040, element: 0x06FA, keyword: "SlideIdentifier", basicAction: "X", retainedBy: []),  // Slide Identifier (retired)
        Row(group: 0x0040, element: 0x1001, keyword: "RequestedProcedureID", basicAction: "X", retainedBy: []),  // Requested Procedure ID
        Row(group: 0x0040, element: 0x1002, keyword: "ReasonForTheRequestedProcedure", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Reason for the Requested Procedure
        Row(group: 0x0040, element: 0x1004, keyword: "PatientTransportArrangements", basicAction: "X", retainedBy: []),  // Patient Transport Arrangements
        Row(group: 0x0040, element: 0x1005, keyword: "RequestedProcedureLocation", basicAction: "X", retainedBy: []),  // Requested Procedure Location
        Row(group: 0x0040, element: 0x100A, keyword: "ReasonForRequestedProcedureCodeSequence", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Reason for Requested Procedure Code Sequence
        Row(group: 0x0040, element: 0x1010, keyword: "NamesOfIntendedRecipientsOfResults", basicAction: "X", retainedBy: []),  // Names of Intended Recipients of Results
        Row(group: 0x0040, element: 0x1011, keyword: "IntendedRecipientsOfResultsIdentificationSequence", basicAction: "X", retainedBy: []),  // Intended Recipients of Results Identification Sequence
        Row(group: 0x0040, element: 0x1101, keyword: "PersonIdentificationCodeSequence", basicAction: "D", retainedBy: []),  // Person Identification Code Sequence
        Row(group: 0x0040, element: 0x1102, keyword: "PersonAddress", basicAction: "X", retainedBy: []),  // Person's Address
        Row(group: 0x0040, element: 0x1103, keyword: "PersonTelephoneNumbers", basicAction: "X", retainedBy: []),  // Person's Telephone Numbers
        Row(group: 0x0040, element: 0x1104, keyword: "PersonTelecomInformation", basicAction: "X", retainedBy: []),  // Person's Telecom Information
        Row(group: 0x0040, element: 0x1400, keyword: "RequestedProcedureComments", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Requested Procedure Comments
        Row(group: 0x0040, element: 0x2001, keyword: "ReasonForTheImagingServiceRequest", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Reason for the Imaging Service Request (retired)
        Row(group: 0x0040, element: 0x2004, keyword: "IssueDateOfImagingServiceRequest", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Issue Date of Imaging Service Request
        Row(group: 0x0040, element: 0x2005, keyword: "IssueTimeOfImagingServiceRequest", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Issue Time of Imaging Service Request
        Row(group: 0x0040, element: 0x2008, keyword: "OrderEnteredBy", basicAction: "X", retainedBy: []),  // Order Entered By
        Row(group: 0x0040, element: 0x2009, keyword: "OrderEntererLocation", basicAction: "X", retainedBy: []),  // Order Enterer's Location
        Row(group: 0x0040, element: 0x2010, keyword: "OrderCallbackPhoneNumber", basicAction: "X", retainedBy: []),  // Order Callback Phone Number
        Row(group: 0x0040, element: 0x2011, keyword: "OrderCallbackTelecomInformation", basicAction: "X", retainedBy: []),  // Order Callback Telecom Information
        Row(group: 0x0040, element: 0x2016, keyword: "PlacerOrderNumberImagingServiceRequest", basicAction: "Z", retainedBy: []),  // Placer Order Number / Imaging Service Request
        Row(group: 0x0040, element: 0x2017, keyword: "FillerOrderNumberImagingServiceRequest", basicAction: "Z", retainedBy: []),  // Filler Order Number / Imaging Service Request
        Row(group: 0x0040, element: 0x2400, keyword: "ImagingServiceRequestComments", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Imaging Service Request Comments
        Row(group: 0x0040, element: 0x3001, keyword: "ConfidentialityConstraintOnPatientDataDescription", basicAction: "X", retainedBy: []),  // Confidentiality Constraint on Patient Data Description
        Row(group: 0x0040, element: 0x4005, keyword: "ScheduledProcedureStepStartDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Scheduled Procedure Step Start DateTime
        Row(group: 0x0040, element: 0x4008, keyword: "ScheduledProcedureStepExpirationDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Scheduled Procedure Step Expiration DateTime
        Row(group: 0x0040, element: 0x4010, keyword: "ScheduledProcedureStepModificationDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Scheduled Procedure Step Modification DateTime
        Row(group: 0x0040, element: 0x4011, keyword: "ExpectedCompletionDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Expected Completion DateTime
        Row(group: 0x0040, element: 0x4023, keyword: "ReferencedGeneralPurposeScheduledProcedureStepTransactionUID", basicAction: "U", retainedBy: [.uids]),  // Referenced General Purpose Scheduled Procedure Step Transaction UID (retired)
        Row(group: 0x0040, element: 0x4025, keyword: "ScheduledStationNameCodeSequence", basicAction: "X", retainedBy: [.deviceIdentity]),  // Scheduled Station Name Code Sequence
        Row(group: 0x0040, element: 0x4027, keyword: "ScheduledStationGeographicLocationCodeSequence", basicAction: "X", retainedBy: [.deviceIdentity]),  // Scheduled Station Geographic Location Code Sequence
        Row(group: 0x0040, element: 0x4028, keyword: "PerformedStationNameCodeSequence", basicAction: "X", retainedBy: [.deviceIdentity]),  // Performed Station Name Code Sequence
        Row(group: 0x0040, element: 0x4030, keyword: "PerformedStationGeographicLocationCodeSequence", basicAction: "X", retainedBy: [.deviceIdentity]),  // Performed Station Geographic Location Code Sequence
        Row(group: 0x0040, element: 0x4034, keyword: "ScheduledHumanPerformersSequence", basicAction: "X", retainedBy: []),  // Scheduled Human Performers Sequence
        Row(group: 0x0040, element: 0x4035, keyword: "ActualHumanPerformersSequence", basicAction: "X", retainedBy: []),  // Actual Human Performers Sequence
        Row(group: 0x0040, element: 0x4036, keyword: "HumanPerformerOrganization", basicAction: "X", retainedBy: []),  // Human Performer's Organization
        Row(group: 0x0040, element: 0x4037, keyword: "HumanPerformerName", basicAction: "X", retainedBy: []),  // Human Performer's Name
        Row(group: 0x0040, element: 0x4050, keyword: "PerformedProcedureStepStartDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Performed Procedure Step Start DateTime
        Row(group: 0x0040, element: 0x4051, keyword: "PerformedProcedureStepEndDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Performed Procedure Step End DateTime
        Row(group: 0x0040, element: 0x4052, keyword: "ProcedureStepCancellationDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Procedure Step Cancellation DateTime
        Row(group: 0x0040, element: 0xA023, keyword: "FindingsGroupRecordingDateTrial", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Findings Group Recording Date (Trial) (retired)
        Row(group: 0x0040, element: 0xA024, keyword: "FindingsGroupRecordingTimeTrial", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Findings Group Recording Time (Trial) (retired)
        Row(group: 0x0040, element: 0xA027, keyword: "VerifyingOrganization", basicAction: "D", retainedBy: []),  // Verifying Organization
        Row(group: 0x0040, element: 0xA030, keyword: "VerificationDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Verification DateTime
        Row(group: 0x0040, element: 0xA032, keyword: "ObservationDateTime", basicAction: "X/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Observation DateTime
        Row(group: 0x0040, element: 0xA033, keyword: "ObservationStartDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Observation Start DateTime
        Row(group: 0x0040, element: 0xA034, keyword: "EffectiveStartDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Effective Start DateTime
        Row(group: 0x0040, element: 0xA035, keyword: "EffectiveStopDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Effective Stop DateTime
        Row(group: 0x0040, element: 0xA073, keyword: "VerifyingObserverSequence", basicAction: "D", retainedBy: []),  // Verifying Observer Sequence
        Row(group: 0x0040, element: 0xA075, keyword: "VerifyingObserverName", basicAction: "D", retainedBy: []),  // Verifying Observer Name
        Row(group: 0x0040, element: 0xA078, keyword: "AuthorObserverSequence", basicAction: "X", retainedBy: []),  // Author Observer Sequence
        Row(group: 0x0040, element: 0xA07A, keyword: "ParticipantSequence", basicAction: "X", retainedBy: []),  // Participant Sequence
        Row(group: 0x0040, element: 0xA07C, keyword: "CustodialOrganizationSequence", basicAction: "X", retainedBy: []),  // Custodial Organization Sequence
        Row(group: 0x0040, element: 0xA082, keyword: "ParticipationDateTime", basicAction: "Z", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Participation DateTime
        Row(group: 0x0040, element: 0xA088, keyword: "VerifyingObserverIdentificationCodeSequence", basicAction: "Z", retainedBy: []),  // Verifying Observer Identification Code Sequence
        Row(group: 0x0040, element: 0xA110, keyword: "DateOfDocumentOrVerbalTransactionTrial", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Date of Document or Verbal Transaction (Trial) (retired)
        Row(group: 0x0040, element: 0xA112, keyword: "TimeOfDocumentCreationOrVerbalTransactionTrial", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Time of Document Creation or Verbal Transaction (Trial) (retired)
        Row(group: 0x0040, element: 0xA120, keyword: "DateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // DateTime
        Row(group: 0x0040, element: 0xA121, keyword: "Date", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Date
        Row(group: 0x0040, element: 0xA122, keyword: "Time", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Time
        Row(group: 0x0040, element: 0xA123, keyword: "PersonName", basicAction: "D", retainedBy: []),  // Person Name
        Row(group: 0x0040, element: 0xA124, keyword: "UID", basicAction: "U", retainedBy: []),  // UID
        Row(group: 0x0040, element: 0xA13A, keyword: "ReferencedDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Referenced DateTime
        Row(group: 0x0040, element: 0xA171, keyword: "ObservationUID", basicAction: "U", retainedBy: [.uids]),  // Observation UID
        Row(group: 0x0040, element: 0xA172, keyword: "ReferencedObservationUIDTrial", basicAction: "U", retainedBy: [.uids]),  // Referenced Observation UID (Trial) (retired)
        Row(group: 0x0040, element: 0xA192, keyword: "ObservationDateTrial", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Observation Date (Trial) (retired)
        Row(group: 0x0040, element: 0xA193, keyword: "ObservationTimeTrial", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Observation Time (Trial) (retired)
        Row(group: 0x0040, element: 0xA307, keyword: "CurrentObserverTrial", basicAction: "X", retainedBy: []),  // Current Observer (Trial) (retired)
        Row(group: 0x0040, element: 0xA352, keyword: "VerbalSourceTrial", basicAction: "X", retainedBy: []),  // Verbal Source (Trial) (retired)
        Row(group: 0x0040, element: 0xA353, keyword: "AddressTrial", basicAction: "X", retainedBy: []),  // Address (Trial) (retired)
        Row(group: 0x0040, element: 0xA354, keyword: "TelephoneNumberTrial", basicAction: "X", retainedBy: []),  // Telephone Number (Trial) (retired)
        Row(group: 0x0040, element: 0xA358, keyword: "VerbalSourceIdentifierCodeSequenceTrial", basicAction: "X", retainedBy: []),  // Verbal Source Identifier Code Sequence (Trial) (retired)
        Row(group: 0x0040, element: 0xA402, keyword: "ObservationSubjectUIDTrial", basicAction: "U", retainedBy: [.uids]),  // Observation Subject UID (Trial) (retired)
        Row(group: 0x0040, element: 0xA730, keyword: "ContentSequence", basicAction: "D", retainedBy: [.cleanStructuredContent]),  // Content Sequence
        Row(group: 0x0040, element: 0xB020, keyword: "WaveformAnnotationSequence", basicAction: "X/D", retainedBy: [.cleanStructuredContent]),  // Waveform Annotation Sequence
        Row(group: 0x0040, element: 0xB034, keyword: "AnnotationDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Annotation DateTime
        Row(group: 0x0040, element: 0xB036, keyword: "SegmentDefinitionDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Segment Definition DateTime
        Row(group: 0x0040, element: 0xB03B, keyword: "MontageName", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Montage Name
        Row(group: 0x0040, element: 0xB03F, keyword: "MontageChannelLabel", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Montage Channel Label
        Row(group: 0x0040, element: 0xDB06, keyword: "TemplateVersion", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Template Version (retired)
        Row(group: 0x0040, element: 0xDB07, keyword: "TemplateLocalVersion", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Template Local Version (retired)
        Row(group: 0x0040, element: 0xDB0C, keyword: "TemplateExtensionOrganizationUID", basicAction: "U", retainedBy: [.uids]),  // Template Extension Organization UID (retired)
        Row(group: 0x0040, element: 0xDB0D, keyword: "TemplateExtensionCreatorUID", basicAction: "U", retainedBy: [.uids]),  // Template Extension Creator UID (retired)
        Row(group: 0x0040, element: 0xE004, keyword: "HL7DocumentEffectiveTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // HL7 Document Effective Time
        Row(group: 0x0040, element: 0xE012, keyword: "DisplayURI", basicAction: "X", retainedBy: []),  // Display URI
        Row(group: 0x0042, element: 0x0011, keyword: "EncapsulatedDocument", basicAction: "D", retainedBy: []),  // Encapsulated Document
        Row(group: 0x0044, element: 0x0004, keyword: "ApprovalStatusDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Approval Status DateTime
        Row(group: 0x0044, element: 0x000B, keyword: "ProductExpirationDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Product Expiration DateTime
        Row(group: 0x0044, element: 0x0010, keyword: "SubstanceAdministrationDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Substance Administration DateTime
        Row(group: 0x0044, element: 0x0104, keyword: "AssertionDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Assertion DateTime
        Row(group: 0x0044, element: 0x0105, keyword: "AssertionExpirationDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Assertion Expiration DateTime
        Row(group: 0x0050, element: 0x001B, keyword: "ContainerComponentID", basicAction: "X", retainedBy: []),  // Container Component ID
        Row(group: 0x0050, element: 0x0020, keyword: "DeviceDescription", basicAction: "X", retainedBy: [.deviceIdentity]),  // Device Description
        Row(group: 0x0050, element: 0x0021, keyword: "LongDeviceDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Long Device Description
        Row(group: 0x0062, element: 0x0021, keyword: "TrackingUID", basicAction: "U", retainedBy: [.uids]),  // Tracking UID
        Row(group: 0x0064, element: 0x0003, keyword: "SourceFrameOfReferenceUID", basicAction: "U", retainedBy: [.uids]),  // Source Frame of Reference UID
        Row(group: 0x0068, element: 0x6226, keyword: "EffectiveDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Effective DateTime
        Row(group: 0x0068, element: 0x6270, keyword: "InformationIssueDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Information Issue DateTime
        Row(group: 0x006A, element: 0x0003, keyword: "AnnotationGroupUID", basicAction: "D", retainedBy: [.uids]),  // Annotation Group UID
        Row(group: 0x006A, element: 0x0005, keyword: "AnnotationGroupLabel", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Annotation Group Label
        Row(group: 0x006A, element: 0x0006, keyword: "AnnotationGroupDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Annotation Group Description
        Row(group: 0x0070, element: 0x0001, keyword: "GraphicAnnotationSequence", basicAction: "D", retainedBy: [.cleanGraphics]),  // Graphic Annotation Sequence
        Row(group: 0x0070, element: 0x0006, keyword: "UnformattedTextValue", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Unformatted Text Value
        Row(group: 0x0070, element: 0x0082, keyword: "PresentationCreationDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Presentation Creation Date
        Row(group: 0x0070, element: 0x0083, keyword: "PresentationCreationTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Presentation Creation Time
        Row(group: 0x0070, element: 0x0084, keyword: "ContentCreatorName", basicAction: "Z/D", retainedBy: []),  // Content Creator's Name
        Row(group: 0x0070, element: 0x0086, keyword: "ContentCreatorIdentificationCodeSequence", basicAction: "X", retainedBy: []),  // Content Creator's Identification Code Sequence
        Row(group: 0x0070, element: 0x031A, keyword: "FiducialUID", basicAction: "U", retainedBy: [.uids]),  // Fiducial UID
        Row(group: 0x0070, element: 0x1101, keyword: "PresentationDisplayCollectionUID", basicAction: "U", retainedBy: [.uids]),  // Presentation Display Collection UID
        Row(group: 0x0070, element: 0x1102, keyword: "PresentationSequenceCollectionUID", basicAction: "U", retainedBy: [.uids]),  // Presentation Sequence Collection UID
        Row(group: 0x0072, element: 0x000A, keyword: "HangingProtocolCreationDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Hanging Protocol Creation DateTime
        Row(group: 0x0072, element: 0x005E, keyword: "SelectorAEValue", basicAction: "D", retainedBy: [.deviceIdentity]),  // Selector AE Value
        Row(group: 0x0072, element: 0x005F, keyword: "SelectorASValue", basicAction: "D", retainedBy: [.patientCharacteristics]),  // Selector AS Value
        Row(group: 0x0072, element: 0x0061, keyword: "SelectorDAValue", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Selector DA Value
        Row(group: 0x0072, element: 0x0063, keyword: "SelectorDTValue", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Selector DT Value
        Row(group: 0x0072, element: 0x0065, keyword: "SelectorOBValue", basicAction: "D", retainedBy: []),  // Selector OB Value
        Row(group: 0x0072, element: 0x0066, keyword: "SelectorLOValue", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Selector LO Value
        Row(group: 0x0072, element: 0x0068, keyword: "SelectorLTValue", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Selector LT Value
        Row(group: 0x0072, element: 0x006A, keyword: "SelectorPNValue", basicAction: "D", retainedBy: []),  // Selector PN Value
        Row(group: 0x0072, element: 0x006B, keyword: "SelectorTMValue", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Selector TM Value
        Row(group: 0x0072, element: 0x006C, keyword: "SelectorSHValue", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Selector SH Value
        Row(group: 0x0072, element: 0x006D, keyword: "SelectorUNValue", basicAction: "D", retainedBy: []),  // Selector UN Value
        Row(group: 0x0072, element: 0x006E, keyword: "SelectorSTValue", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Selector ST Value
        Row(group: 0x0072, element: 0x0070, keyword: "SelectorUTValue", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Selector UT Value
        Row(group: 0x0072, element: 0x0071, keyword: "SelectorURValue", basicAction: "D", retainedBy: []),  // Selector UR Value
        Row(group: 0x0074, element: 0x1234, keyword: "ReceivingAE", basicAction: "X", retainedBy: [.deviceIdentity]),  // Receiving AE
        Row(group: 0x0074, element: 0x1236, keyword: "RequestingAE", basicAction: "X", retainedBy: [.deviceIdentity]),  // Requesting AE
        Row(group: 0x0088, element: 0x0140, keyword: "StorageMediaFileSetUID", basicAction: "U", retainedBy: [.uids]),  // Storage Media File-set UID
        Row(group: 0x0088, element: 0x0200, keyword: "IconImageSequence", basicAction: "X", retainedBy: []),  // Icon Image Sequence (see Note 11)
        Row(group: 0x0088, element: 0x0904, keyword: "TopicTitle", basicAction: "X", retainedBy: []),  // Topic Title (retired)
        Row(group: 0x0088, element: 0x0906, keyword: "TopicSubject", basicAction: "X", retainedBy: []),  // Topic Subject (retired)
        Row(group: 0x0088, element: 0x0910, keyword: "TopicAuthor", basicAction: "X", retainedBy: []),  // Topic Author (retired)
        Row(group: 0x0088, element: 0x0912, keyword: "TopicKeywords", basicAction: "X", retainedBy: []),  // Topic Keywords (retired)
        Row(group: 0x0100, element: 0x0420, keyword: "SOPAuthorizationDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // SOP Authorization DateTime
        Row(group: 0x0400, element: 0x0100, keyword: "DigitalSignatureUID", basicAction: "U", retainedBy: []),  // Digital Signature UID
        Row(group: 0x0400, element: 0x0105, keyword: "DigitalSignatureDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Digital Signature DateTime
        Row(group: 0x0400, element: 0x0115, keyword: "CertificateOfSigner", basicAction: "D", retainedBy: []),  // Certificate of Signer
        Row(group: 0x0400, element: 0x0310, keyword: "CertifiedTimestamp", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Certified Timestamp
        Row(group: 0x0400, element: 0x0402, keyword: "ReferencedDigitalSignatureSequence", basicAction: "X", retainedBy: []),  // Referenced Digital Signature Sequence
        Row(group: 0x0400, element: 0x0403, keyword: "ReferencedSOPInstanceMACSequence", basicAction: "X", retainedBy: []),  // Referenced SOP Instance MAC Sequence
        Row(group: 0x0400, element: 0x0404, keyword: "MAC", basicAction: "X", retainedBy: []),  // MAC
        Row(group: 0x0400, element: 0x0550, keyword: "ModifiedAttributesSequence", basicAction: "X", retainedBy: []),  // Modified Attributes Sequence
        Row(group: 0x0400, element: 0x0551, keyword: "NonconformingModifiedAttributesSequence", basicAction: "X", retainedBy: []),  // Nonconforming Modified Attributes Sequence
        Row(group: 0x0400, element: 0x0552, keyword: "NonconformingDataElementValue", basicAction: "X", retainedBy: []),  // Nonconforming Data Element Value
        Row(group: 0x0400, element: 0x0561, keyword: "OriginalAttributesSequence", basicAction: "X", retainedBy: []),  // Original Attributes Sequence
        Row(group: 0x0400, element: 0x0562, keyword: "AttributeModificationDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Attribute Modification DateTime
        Row(group: 0x0400, element: 0x0563, keyword: "ModifyingSystem", basicAction: "D", retainedBy: [.deviceIdentity]),  // Modifying System
        Row(group: 0x0400, element: 0x0564, keyword: "SourceOfPreviousValues", basicAction: "Z", retainedBy: [.institutionIdentity]),  // Source of Previous Values
        Row(group: 0x0400, element: 0x0565, keyword: "ReasonForTheAttributeModification", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Reason for the Attribute Modification
        Row(group: 0x0400, element: 0x0600, keyword: "InstanceOriginStatus", basicAction: "X", retainedBy: []),  // Instance Origin Status
        Row(group: 0x2030, element: 0x0020, keyword: "TextString", basicAction: "X", retainedBy: []),  // Text String
        Row(group: 0x2100, element: 0x0040, keyword: "CreationDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Creation Date
        Row(group: 0x2100, element: 0x0050, keyword: "CreationTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Creation Time
        Row(group: 0x2100, element: 0x0070, keyword: "Originator", basicAction: "X", retainedBy: [.deviceIdentity]),  // Originator
        Row(group: 0x2100, element: 0x0140, keyword: "DestinationAE", basicAction: "D", retainedBy: [.deviceIdentity]),  // Destination AE
        Row(group: 0x2200, element: 0x0002, keyword: "LabelText", basicAction: "X/Z", retainedBy: [.cleanDescriptors]),  // Label Text
        Row(group: 0x2200, element: 0x0005, keyword: "BarcodeValue", basicAction: "X/Z", retainedBy: []),  // Barcode Value
        Row(group: 0x3002, element: 0x0121, keyword: "PositionAcquisitionTemplateName", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Position Acquisition Template Name
        Row(group: 0x3002, element: 0x0123, keyword: "PositionAcquisitionTemplateDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Position Acquisition Template Description
        Row(group: 0x3004, element: 0x007F, keyword: "DoseCalculationModelName", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Dose Calculation Model Name
        Row(group: 0x3006, element: 0x0002, keyword: "StructureSetLabel", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Structure Set Label
        Row(group: 0x3006, element: 0x0004, keyword: "StructureSetName", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Structure Set Name
        Row(group: 0x3006, element: 0x0006, keyword: "StructureSetDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Structure Set Description
        Row(group: 0x3006, element: 0x0008, keyword: "StructureSetDate", basicAction: "Z", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Structure Set Date
        Row(group: 0x3006, element: 0x0009, keyword: "StructureSetTime", basicAction: "Z", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Structure Set Time
        Row(group: 0x3006, element: 0x0024, keyword: "ReferencedFrameOfReferenceUID", basicAction: "U", retainedBy: [.uids]),  // Referenced Frame of Reference UID
        Row(group: 0x3006, element: 0x0026, keyword: "ROIName", basicAction: "Z", retainedBy: [.cleanDescriptors]),  // ROI Name
        Row(group: 0x3006, element: 0x0028, keyword: "ROIDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // ROI Description
        Row(group: 0x3006, element: 0x002D, keyword: "ROIDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // ROI DateTime
        Row(group: 0x3006, element: 0x002E, keyword: "ROIObservationDateTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // ROI Observation DateTime
        Row(group: 0x3006, element: 0x0038, keyword: "ROIGenerationDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // ROI Generation Description
        Row(group: 0x3006, element: 0x004D, keyword: "ROICreatorSequence", basicAction: "X", retainedBy: []),  // ROI Creator Sequence
        Row(group: 0x3006, element: 0x004E, keyword: "ROIInterpreterSequence", basicAction: "X", retainedBy: []),  // ROI Interpreter Sequence
        Row(group: 0x3006, element: 0x0085, keyword: "ROIObservationLabel", basicAction: "X", retainedBy: [.cleanDescriptors]),  // ROI Observation Label (retired)
        Row(group: 0x3006, element: 0x0088, keyword: "ROIObservationDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // ROI Observation Description (retired)
        Row(group: 0x3006, element: 0x00A6, keyword: "ROIInterpreter", basicAction: "Z", retainedBy: []),  // ROI Interpreter
        Row(group: 0x3006, element: 0x00C2, keyword: "RelatedFrameOfReferenceUID", basicAction: "U", retainedBy: [.uids]),  // Related Frame of Reference UID (retired)
        Row(group: 0x3008, element: 0x0024, keyword: "TreatmentControlPointDate", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Treatment Control Point Date
        Row(group: 0x3008, element: 0x0025, keyword: "TreatmentControlPointTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Treatment Control Point Time
        Row(group: 0x3008, element: 0x0054, keyword: "FirstTreatmentDate", basicAction: "X/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // First Treatment Date
        Row(group: 0x3008, element: 0x0056, keyword: "MostRecentTreatmentDate", basicAction: "X/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Most Recent Treatment Date
        Row(group: 0x3008, element: 0x0105, keyword: "SourceSerialNumber", basicAction: "X/Z", retainedBy: [.deviceIdentity]),  // Source Serial Number
        Row(group: 0x3008, element: 0x0162, keyword: "SafePositionExitDate", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Safe Position Exit Date
        Row(group: 0x3008, element: 0x0164, keyword: "SafePositionExitTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Safe Position Exit Time
        Row(group: 0x3008, element: 0x0166, keyword: "SafePositionReturnDate", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Safe Position Return Date
        Row(group: 0x3008, element: 0x0168, keyword: "SafePositionReturnTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Safe Position Return Time
        Row(group: 0x3008, element: 0x0250, keyword: "TreatmentDate", basicAction: "X/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Treatment Date
        Row(group: 0x3008, element: 0x0251, keyword: "TreatmentTime", basicAction: "X/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Treatment Time
        Row(group: 0x300A, element: 0x0002, keyword: "RTPlanLabel", basicAction: "D", retainedBy: [.cleanDescriptors]),  // RT Plan Label
        Row(group: 0x300A, element: 0x0003, keyword: "RTPlanName", basicAction: "X", retainedBy: [.cleanDescriptors]),  // RT Plan Name
        Row(group: 0x300A, element: 0x0004, keyword: "RTPlanDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // RT Plan Description
        Row(group: 0x300A, element: 0x0006, keyword: "RTPlanDate", basicAction: "X/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // RT Plan Date
        Row(group: 0x300A, element: 0x0007, keyword: "RTPlanTime", basicAction: "X/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // RT Plan Time
        Row(group: 0x300A, element: 0x000B, keyword: "TreatmentSites", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Treatment Sites (retired)
        Row(group: 0x300A, element: 0x000E, keyword: "PrescriptionDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Prescription Description
        Row(group: 0x300A, element: 0x0013, keyword: "DoseReferenceUID", basicAction: "U", retainedBy: [.uids]),  // Dose Reference UID
        Row(group: 0x300A, element: 0x0016, keyword: "DoseReferenceDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Dose Reference Description
        Row(group: 0x300A, element: 0x0054, keyword: "TableTopPositionAlignmentUID", basicAction: "U", retainedBy: [.uids]),  // Table Top Position Alignment UID
        Row(group: 0x300A, element: 0x0072, keyword: "FractionGroupDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Fraction Group Description
        Row(group: 0x300A, element: 0x0083, keyword: "ReferencedDoseReferenceUID", basicAction: "U", retainedBy: [.uids]),  // Referenced Dose Reference UID
        Row(group: 0x300A, element: 0x00B2, keyword: "TreatmentMachineName", basicAction: "X/Z", retainedBy: [.deviceIdentity]),  // Treatment Machine Name
        Row(group: 0x300A, element: 0x00C3, keyword: "BeamDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Beam Description
        Row(group: 0x300A, element: 0x00DD, keyword: "BolusDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Bolus Description
        Row(group: 0x300A, element: 0x0196, keyword: "FixationDeviceDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Fixation Device Description
        Row(group: 0x300A, element: 0x01A6, keyword: "ShieldingDeviceDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Shielding Device Description
        Row(group: 0x300A, element: 0x01B2, keyword: "SetupTechniqueDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Setup Technique Description
        Row(group: 0x300A, element: 0x0216, keyword: "SourceManufacturer", basicAction: "X", retainedBy: [.deviceIdentity]),  // Source Manufacturer
        Row(group: 0x300A, element: 0x022C, keyword: "SourceStrengthReferenceDate", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Source Strength Reference Date
        Row(group: 0x300A, element: 0x022E, keyword: "SourceStrengthReferenceTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Source Strength Reference Time
        Row(group: 0x300A, element: 0x02EB, keyword: "CompensatorDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Compensator Description
        Row(group: 0x300A, element: 0x0608, keyword: "TreatmentPositionGroupLabel", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Treatment Position Group Label
        Row(group: 0x300A, element: 0x0609, keyword: "TreatmentPositionGroupUID", basicAction: "U", retainedBy: [.uids]),  // Treatment Position Group UID
        Row(group: 0x300A, element: 0x0611, keyword: "RTAccessoryHolderSlotID", basicAction: "Z", retainedBy: []),  // RT Accessory Holder Slot ID
        Row(group: 0x300A, element: 0x0615, keyword: "RTAccessoryDeviceSlotID", basicAction: "Z", retainedBy: []),  // RT Accessory Device Slot ID
        Row(group: 0x300A, element: 0x0619, keyword: "RadiationDoseIdentificationLabel", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Radiation Dose Identification Label
        Row(group: 0x300A, element: 0x0623, keyword: "RadiationDoseInVivoMeasurementLabel", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Radiation Dose In-Vivo Measurement Label
        Row(group: 0x300A, element: 0x062A, keyword: "RTToleranceSetLabel", basicAction: "D", retainedBy: [.cleanDescriptors]),  // RT Tolerance Set Label
        Row(group: 0x300A, element: 0x0650, keyword: "PatientSetupUID", basicAction: "U", retainedBy: [.uids]),  // Patient Setup UID (retired)
        Row(group: 0x300A, element: 0x0676, keyword: "EquipmentFrameOfReferenceDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Equipment Frame of Reference Description
        Row(group: 0x300A, element: 0x067C, keyword: "RadiationGenerationModeLabel", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Radiation Generation Mode Label
        Row(group: 0x300A, element: 0x067D, keyword: "RadiationGenerationModeDescription", basicAction: "Z", retainedBy: [.cleanDescriptors]),  // Radiation Generation Mode Description
        Row(group: 0x300A, element: 0x0700, keyword: "TreatmentSessionUID", basicAction: "U", retainedBy: [.uids]),  // Treatment Session UID
        Row(group: 0x300A, element: 0x0734, keyword: "TreatmentToleranceViolationDescription", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Treatment Tolerance Violation Description
        Row(group: 0x300A, element: 0x0736, keyword: "TreatmentToleranceViolationDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Treatment Tolerance Violation DateTime
        Row(group: 0x300A, element: 0x073A, keyword: "RecordedRTControlPointDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Recorded RT Control Point DateTime
        Row(group: 0x300A, element: 0x0741, keyword: "InterlockDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Interlock DateTime
        Row(group: 0x300A, element: 0x0742, keyword: "InterlockDescription", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Interlock Description
        Row(group: 0x300A, element: 0x0760, keyword: "OverrideDateTime", basicAction: "D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Override DateTime
        Row(group: 0x300A, element: 0x0783, keyword: "InterlockOriginDescription", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Interlock Origin Description
        Row(group: 0x300A, element: 0x0785, keyword: "ReferencedTreatmentPositionGroupUID", basicAction: "U", retainedBy: [.uids]),  // Referenced Treatment Position Group UID
        Row(group: 0x300A, element: 0x078E, keyword: "PatientTreatmentPreparationProcedureParameterDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Patient Treatment Preparation Procedure Parameter Description
        Row(group: 0x300A, element: 0x0792, keyword: "PatientTreatmentPreparationMethodDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Patient Treatment Preparation Method Description
        Row(group: 0x300A, element: 0x0794, keyword: "PatientSetupPhotoDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Patient Setup Photo Description
        Row(group: 0x300A, element: 0x079A, keyword: "DisplacementReferenceLabel", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Displacement Reference Label
        Row(group: 0x300C, element: 0x0113, keyword: "ReasonForOmissionDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Reason for Omission Description
        Row(group: 0x300C, element: 0x0127, keyword: "BeamHoldTransitionDateTime", basicAction: "D", retainedBy: [.deviceIdentity, .longitudinalFullDates, .longitudinalModifiedDates]),  // Beam Hold Transition DateTime
        Row(group: 0x300E, element: 0x0004, keyword: "ReviewDate", basicAction: "Z", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Review Date
        Row(group: 0x300E, element: 0x0005, keyword: "ReviewTime", basicAction: "Z", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Review Time
        Row(group: 0x300E, element: 0x0008, keyword: "ReviewerName", basicAction: "X/Z", retainedBy: []),  // Reviewer Name
        Row(group: 0x3010, element: 0x0006, keyword: "ConceptualVolumeUID", basicAction: "U", retainedBy: [.uids]),  // Conceptual Volume UID
        Row(group: 0x3010, element: 0x000B, keyword: "ReferencedConceptualVolumeUID", basicAction: "U", retainedBy: [.uids]),  // Referenced Conceptual Volume UID
        Row(group: 0x3010, element: 0x000F, keyword: "ConceptualVolumeCombinationDescription", basicAction: "Z", retainedBy: [.cleanDescriptors]),  // Conceptual Volume Combination Description
        Row(group: 0x3010, element: 0x0013, keyword: "ConstituentConceptualVolumeUID", basicAction: "U", retainedBy: [.uids]),  // Constituent Conceptual Volume UID
        Row(group: 0x3010, element: 0x0015, keyword: "SourceConceptualVolumeUID", basicAction: "U", retainedBy: [.uids]),  // Source Conceptual Volume UID
        Row(group: 0x3010, element: 0x0017, keyword: "ConceptualVolumeDescription", basicAction: "Z", retainedBy: [.cleanDescriptors]),  // Conceptual Volume Description
        Row(group: 0x3010, element: 0x001B, keyword: "DeviceAlternateIdentifier", basicAction: "Z", retainedBy: []),  // Device Alternate Identifier
        Row(group: 0x3010, element: 0x002D, keyword: "DeviceLabel", basicAction: "D", retainedBy: [.deviceIdentity]),  // Device Label
        Row(group: 0x3010, element: 0x0031, keyword: "ReferencedFiducialsUID", basicAction: "U", retainedBy: [.uids]),  // Referenced Fiducials UID
        Row(group: 0x3010, element: 0x0033, keyword: "UserContentLabel", basicAction: "D", retainedBy: [.cleanDescriptors]),  // User Content Label
        Row(group: 0x3010, element: 0x0034, keyword: "UserContentLongLabel", basicAction: "D", retainedBy: [.cleanDescriptors]),  // User Content Long Label
        Row(group: 0x3010, element: 0x0035, keyword: "EntityLabel", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Entity Label
        Row(group: 0x3010, element: 0x0036, keyword: "EntityName", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Entity Name
        Row(group: 0x3010, element: 0x0037, keyword: "EntityDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Entity Description
        Row(group: 0x3010, element: 0x0038, keyword: "EntityLongLabel", basicAction: "D", retainedBy: [.cleanDescriptors]),  // Entity Long Label
        Row(group: 0x3010, element: 0x003B, keyword: "RTTreatmentPhaseUID", basicAction: "U", retainedBy: [.uids]),  // RT Treatment Phase UID
        Row(group: 0x3010, element: 0x0043, keyword: "ManufacturerDeviceIdentifier", basicAction: "Z", retainedBy: [.deviceIdentity]),  // Manufacturer's Device Identifier
        Row(group: 0x3010, element: 0x004C, keyword: "IntendedPhaseStartDate", basicAction: "X/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Intended Phase Start Date
        Row(group: 0x3010, element: 0x004D, keyword: "IntendedPhaseEndDate", basicAction: "X/D", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Intended Phase End Date
        Row(group: 0x3010, element: 0x0054, keyword: "RTPrescriptionLabel", basicAction: "D", retainedBy: [.cleanDescriptors]),  // RT Prescription Label
        Row(group: 0x3010, element: 0x0056, keyword: "RTTreatmentApproachLabel", basicAction: "X/D", retainedBy: [.cleanDescriptors]),  // RT Treatment Approach Label
        Row(group: 0x3010, element: 0x005A, keyword: "RTPhysicianIntentNarrative", basicAction: "Z", retainedBy: [.cleanDescriptors]),  // RT Physician Intent Narrative
        Row(group: 0x3010, element: 0x005C, keyword: "ReasonForSuperseding", basicAction: "Z", retainedBy: [.cleanDescriptors]),  // Reason for Superseding
        Row(group: 0x3010, element: 0x0061, keyword: "PriorTreatmentDoseDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Prior Treatment Dose Description
        Row(group: 0x3010, element: 0x006E, keyword: "DosimetricObjectiveUID", basicAction: "U", retainedBy: [.uids]),  // Dosimetric Objective UID
        Row(group: 0x3010, element: 0x006F, keyword: "ReferencedDosimetricObjectiveUID", basicAction: "U", retainedBy: [.uids]),  // Referenced Dosimetric Objective UID
        Row(group: 0x3010, element: 0x0077, keyword: "TreatmentSite", basicAction: "X/D", retainedBy: [.cleanDescriptors]),  // Treatment Site
        Row(group: 0x3010, element: 0x007A, keyword: "TreatmentTechniqueNotes", basicAction: "Z", retainedBy: [.cleanDescriptors]),  // Treatment Technique Notes
        Row(group: 0x3010, element: 0x007B, keyword: "PrescriptionNotes", basicAction: "Z", retainedBy: [.cleanDescriptors]),  // Prescription Notes
        Row(group: 0x3010, element: 0x007F, keyword: "FractionationNotes", basicAction: "Z", retainedBy: [.cleanDescriptors]),  // Fractionation Notes
        Row(group: 0x3010, element: 0x0081, keyword: "PrescriptionNotesSequence", basicAction: "Z", retainedBy: [.cleanDescriptors]),  // Prescription Notes Sequence
        Row(group: 0x3010, element: 0x0085, keyword: "IntendedFractionStartTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Intended Fraction Start Time
        Row(group: 0x4000, element: 0x0010, keyword: "Arbitrary", basicAction: "X", retainedBy: []),  // Arbitrary (retired)
        Row(group: 0x4000, element: 0x4000, keyword: "TextComments", basicAction: "X", retainedBy: []),  // Text Comments (retired)
        Row(group: 0x4008, element: 0x0040, keyword: "ResultsID", basicAction: "X", retainedBy: []),  // Results ID (retired)
        Row(group: 0x4008, element: 0x0042, keyword: "ResultsIDIssuer", basicAction: "X", retainedBy: []),  // Results ID Issuer (retired)
        Row(group: 0x4008, element: 0x0100, keyword: "InterpretationRecordedDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Interpretation Recorded Date (retired)
        Row(group: 0x4008, element: 0x0101, keyword: "InterpretationRecordedTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Interpretation Recorded Time (retired)
        Row(group: 0x4008, element: 0x0102, keyword: "InterpretationRecorder", basicAction: "X", retainedBy: []),  // Interpretation Recorder (retired)
        Row(group: 0x4008, element: 0x0108, keyword: "InterpretationTranscriptionDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Interpretation Transcription Date (retired)
        Row(group: 0x4008, element: 0x0109, keyword: "InterpretationTranscriptionTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Interpretation Transcription Time (retired)
        Row(group: 0x4008, element: 0x010A, keyword: "InterpretationTranscriber", basicAction: "X", retainedBy: []),  // Interpretation Transcriber (retired)
        Row(group: 0x4008, element: 0x010B, keyword: "InterpretationText", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Interpretation Text (retired)
        Row(group: 0x4008, element: 0x010C, keyword: "InterpretationAuthor", basicAction: "X", retainedBy: []),  // Interpretation Author (retired)
        Row(group: 0x4008, element: 0x0111, keyword: "InterpretationApproverSequence", basicAction: "X", retainedBy: []),  // Interpretation Approver Sequence (retired)
        Row(group: 0x4008, element: 0x0112, keyword: "InterpretationApprovalDate", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Interpretation Approval Date (retired)
        Row(group: 0x4008, element: 0x0113, keyword: "InterpretationApprovalTime", basicAction: "X", retainedBy: [.longitudinalFullDates, .longitudinalModifiedDates]),  // Interpretation Approval Time (retired)
        Row(group: 0x4008, element: 0x0114, keyword: "PhysicianApprovingInterpretation", basicAction: "X", retainedBy: []),  // Physician Approving Interpretation (retired)
        Row(group: 0x4008, element: 0x0115, keyword: "InterpretationDiagnosisDescription", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Interpretation Diagnosis Description (retired)
        Row(group: 0x4008, element: 0x0118, keyword: "ResultsDistributionListSequence", basicAction: "X", retainedBy: []),  // Results Distribution List Sequence (retired)
        Row(group: 0x4008, element: 0x0119, keyword: "DistributionName", basicAction: "X", retainedBy: []),  // Distribution Name (retired)
        Row(group: 0x4008, element: 0x011A, keyword: "DistributionAddress", basicAction: "X", retainedBy: []),  // Distribution Address (retired)
        Row(group: 0x4008, element: 0x0200, keyword: "InterpretationID", basicAction: "X", retainedBy: []),  // Interpretation ID (retired)
        Row(group: 0x4008, element: 0x0202, keyword: "InterpretationIDIssuer", basicAction: "X", retainedBy: []),  // Interpretation ID Issuer (retired)
        Row(group: 0x4008, element: 0x0300, keyword: "Impressions", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Impressions (retired)
        Row(group: 0x4008, element: 0x4000, keyword: "ResultsComments", basicAction: "X", retainedBy: [.cleanDescriptors]),  // Results Comments (retired)
        Row(group: 0xFFFA, element: 0xFFFA, keyword: "DigitalSignaturesSequence", basicAction: "X", retainedBy: []),  // Digital Signatures Sequence
        Row(group: 0xFFFC, element: 0xFFFC, keyword: "DataSetTrailingPadding", basicAction: "X", retainedBy: []),  // Data Set Trailing Padding
    ]
}
