import DICOM
import StudyMetadata

/// When an image was acquired, from a DICOM header, in the pipeline's ISO 8601 form.
///
/// The first complete source wins: AcquisitionDateTime (0008,002A); then the date/time pairs
/// Acquisition (0008,0022/0032), Content (0008,0023/0033), Series (0008,0021/0031), Study
/// (0008,0020/0030) — a pair counts only with both its date and its time (a date alone is not
/// silently taken as midnight). The offset is the DT value's own suffix, else
/// TimezoneOffsetFromUTC (0008,0201), else the site's configured offset; with none, the time is
/// kept local and marked so.
struct AcquisitionTime: Equatable {
    /// `2026-11-25T08:45:00.123Z`, or without `Z` when local.
    var text: String
    /// Whether ``text`` is local time (no offset known).
    var isLocal: Bool

    static func find(in header: DataSet, siteUTCOffsetMinutes: Int?) -> AcquisitionTime? {
        let headerOffset = header.string(.timezoneOffsetFromUTC).flatMap(DICOMHeaderPolicy.utcOffsetMinutes)
        let fallbackOffset = headerOffset ?? siteUTCOffsetMinutes
        if let dateTime = header.string(.acquisitionDateTime), let parts = parseDateTime(dateTime) {
            return make(date: parts.date, time: parts.time, offsetMinutes: parts.offset ?? fallbackOffset)
        }
        for (dateTag, timeTag) in pairs {
            guard let dateText = header.string(dateTag), let timeText = header.string(timeTag),
                let date = parseDate(dateText), let time = parseTime(timeText)
            else { continue }
            return make(date: date, time: time, offsetMinutes: fallbackOffset)
        }
        return nil
    }

    private static let pairs: [(DICOMTag, DICOMTag)] = [
        (DICOMTag(0x0008, 0x0022), DICOMTag(0x0008, 0x0032)), (DICOMTag(0x0008, 0x0023), DICOMTag(0x0008, 0x0033)),
        (DICOMTag(0x0008, 0x0021), DICOMTag(0x0008, 0x0031)), (DICOMTag(0x0008, 0x0020), DICOMTag(0x0008, 0x0030)),
    ]

    typealias Date = (year: Int, month: Int, day: Int)
    typealias Time = (hour: Int, minute: Int, second: Int, milliseconds: Int)

    /// The ISO 8601 text, range-checked through the sidecar's own normaliser.
    private static func make(date: Date, time: Time, offsetMinutes: Int?) -> AcquisitionTime? {
        let local = "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))T\(pad(time.hour, 2)):\(pad(time.minute, 2)):\(pad(time.second, 2)).\(pad(time.milliseconds, 3))"
        guard let offsetMinutes else {
            // Validated as if UTC (dates and times in range), kept as written.
            return ISO8601Timestamp.normalizedUTC(local + "Z") == nil ? nil : AcquisitionTime(text: local, isLocal: true)
        }
        let sign = offsetMinutes < 0 ? "-" : "+"
        let magnitude = abs(offsetMinutes)
        let suffix = "\(sign)\(pad(magnitude / 60, 2)):\(pad(magnitude % 60, 2))"
        return ISO8601Timestamp.normalizedUTC(local + suffix).map { AcquisitionTime(text: $0, isLocal: false) }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// DA (PS3.5 6.2): `YYYYMMDD`; the ACR-NEMA form `YYYY.MM.DD` is read too.
    static func parseDate(_ text: String) -> Date? {
        let digits = Array(text.utf8.filter { $0 != UInt8(ascii: ".") })
        guard digits.count == 8, let value = number(digits[...]) else { return nil }
        return (value / 10_000, value / 100 % 100, value % 100)
    }

    /// TM (PS3.5 6.2): `HH[MM[SS[.F{1,6}]]]`; the ACR-NEMA form `HH:MM:SS` is read too.
    /// Missing minutes and seconds are zero (the standard's own reading of a partial time).
    static func parseTime(_ text: String) -> Time? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let main = Array(parts[0].utf8.filter { $0 != UInt8(ascii: ":") })
        guard [2, 4, 6].contains(main.count), let hour = number(main[0..<2]) else { return nil }
        let minute = main.count >= 4 ? number(main[2..<4]) : 0
        let second = main.count == 6 ? number(main[4..<6]) : 0
        guard let minute, let second else { return nil }
        var milliseconds = 0
        if parts.count == 2 {
            let fraction = Array(parts[1].utf8)
            guard (1...6).contains(fraction.count), main.count == 6, let value = number(fraction.prefix(3)[...]) else { return nil }
            milliseconds = value * [100, 10, 1][min(fraction.count, 3) - 1]
        }
        return (hour, minute, second, milliseconds)
    }

    /// DT (PS3.5 6.2): `YYYYMMDD`, `HH[MM[SS[.F]]]`, then an optional `&ZZXX` offset. A value
    /// without at least the hour is a date, not a time (the next source is tried).
    static func parseDateTime(_ text: String) -> (date: Date, time: Time, offset: Int?)? {
        var body = Substring(text)
        var offset: Int?
        if let signIndex = body.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            guard let parsed = DICOMHeaderPolicy.utcOffsetMinutes(body[signIndex...]) else { return nil }
            offset = parsed
            body = body[..<signIndex]
        }
        guard body.utf8.count >= 8, let date = parseDate(String(body.prefix(8))) else { return nil }
        let rest = body.dropFirst(8)
        guard !rest.isEmpty, let time = parseTime(String(rest)) else { return nil }
        return (date, time, offset)
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 48) }
    }
}

extension DICOMTag {
    /// AcquisitionDateTime (DT).
    static let acquisitionDateTime = DICOMTag(0x0008, 0x002A)
    /// TimezoneOffsetFromUTC (SH, `&ZZXX`).
    static let timezoneOffsetFromUTC = DICOMTag(0x0008, 0x0201)
}
