/// The Basic Application Level Confidentiality Profile (PS3.15 Annex E): which attributes of a
/// header identify a patient, from Table E.1-1 of the 2026d edition (``table``).
///
/// The pipeline keeps what its Options say may be kept: the instance UIDs (Retain UIDs Option)
/// and dates and times (Retain Longitudinal Temporal Information with Full Dates Option). Every
/// other attribute the table lists — names, IDs, addresses, institutions, devices, descriptions,
/// patient characteristics, overlays, curves — and every private attribute is identifying.
/// Values are never read: only presence with a non-empty value.
public enum ConfidentialityProfile {
    /// An Option of the profile: one of Table E.1-1's ten Option columns.
    public enum Option: String, Sendable, Hashable, CaseIterable {
        /// Retain Safe Private Option.
        case safePrivate
        /// Retain UIDs Option.
        case uids
        /// Retain Device Identity Option.
        case deviceIdentity
        /// Retain Institution Identity Option.
        case institutionIdentity
        /// Retain Patient Characteristics Option.
        case patientCharacteristics
        /// Retain Longitudinal Temporal Information with Full Dates Option.
        case longitudinalFullDates
        /// Retain Longitudinal Temporal Information with Modified Dates Option.
        case longitudinalModifiedDates
        /// Clean Descriptors Option.
        case cleanDescriptors
        /// Clean Structured Content Option.
        case cleanStructuredContent
        /// Clean Graphics Option.
        case cleanGraphics
    }

    /// One row of Table E.1-1 for a single tag.
    public struct Row: Sendable, Hashable {
        /// The tag's group.
        public let group: UInt16
        /// The tag's element.
        public let element: UInt16
        /// The PS3.6 keyword.
        public let keyword: String
        /// The Basic Profile action as published: `D`, `Z`, `X`, `U`, `Z/D`, `X/Z`, `X/D`, `X/Z/D`, `X/Z/U*`.
        public let basicAction: String
        /// The Options whose column keeps (`K`) or cleans (`C`) the attribute.
        public let retainedBy: Set<Option>

        /// The tag.
        public var tag: DICOMTag { DICOMTag(group, element) }
    }

    /// An identifying attribute found in a header: its tag and its PS3.6 keyword (`PatientName`;
    /// `OverlayData`, `CurveData`, `OverlayComments` for the repeating groups).
    public struct Attribute: Sendable, Hashable {
        /// The tag.
        public let tag: DICOMTag
        /// The keyword.
        public let keyword: String
    }

    /// The Options the pipeline applies: it needs the instance UIDs (keys, records) and the
    /// acquisition date and time.
    public static let pipelineOptions: Set<Option> = [.uids, .longitudinalFullDates]

    /// The table's attributes present with a non-empty value (a sequence: with an item) in
    /// `dataSet` or any item nested in it, except those an Option in `retaining` keeps; each once,
    /// in tag order. Private attributes are counted by ``privateElementCount(in:)``.
    public static func identifyingAttributes(in dataSet: DataSet, retaining: Set<Option> = pipelineOptions) -> [Attribute] {
        var found = Set<DICOMTag>()
        collect(dataSet, into: &found)
        return found.sorted().compactMap { tag in
            if let row = rowsByTag[tag] {
                return row.retainedBy.isDisjoint(with: retaining) ? Attribute(tag: tag, keyword: row.keyword) : nil
            }
            // Repeating groups: none of the pipeline's Options keeps them (only Clean Graphics cleans).
            return repeatingGroupKeyword(tag).map { Attribute(tag: tag, keyword: $0) }
        }
    }

    /// Private elements in `dataSet` and its nested items (private creators included).
    public static func privateElementCount(in dataSet: DataSet) -> Int {
        dataSet.privateElementCount + dataSet.elements.flatMap(\.items).reduce(0) { $0 + privateElementCount(in: $1) }
    }

    private static let rowsByTag = Dictionary(uniqueKeysWithValues: table.map { ($0.tag, $0) })

    /// `(50xx,xxxx)` Curve Data, `(60xx,3000)` Overlay Data, `(60xx,4000)` Overlay Comments (xx even).
    private static func repeatingGroupKeyword(_ tag: DICOMTag) -> String? {
        switch (tag.group & 0xFF00, tag.element) {
        case (0x5000, _): "CurveData"
        case (0x6000, 0x3000): "OverlayData"
        case (0x6000, 0x4000): "OverlayComments"
        default: nil
        }
    }

    private static func collect(_ dataSet: DataSet, into found: inout Set<DICOMTag>) {
        for element in dataSet.elements {
            if rowsByTag[element.tag] != nil || repeatingGroupKeyword(element.tag) != nil, dataSet.hasValue(element.tag) {
                found.insert(element.tag)
            }
            for item in element.items { collect(item, into: &found) }
        }
    }
}
