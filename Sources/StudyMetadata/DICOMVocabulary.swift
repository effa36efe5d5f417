/// The DICOM value rules the sidecar schema borrows (and the DICOM header reader applies).
package enum DICOMVocabulary {
    /// Modalities the pipeline accepts (DICOM PS3.3 C.7.3.1.1.1 defined terms for imaging).
    package static let modalities: Set<String> = [
        "CR", "DX", "CT", "MR", "US", "MG", "PT", "NM", "XA", "RF", "IO", "PX", "OP", "OPT", "XC", "ES", "SC", "OT",
    ]

    /// Photometric interpretations of single images (PS3.3 C.7.6.3.1.2).
    package static let photometricInterpretations: Set<String> = [
        "MONOCHROME1", "MONOCHROME2", "RGB", "YBR_FULL", "YBR_FULL_422", "PALETTE COLOR",
    ]

    /// A UID (PS3.5 9.1): dot-separated numeric components without leading zeros, ≤ 64 chars.
    package static func isUID(_ text: String) -> Bool {
        guard (1...64).contains(text.utf8.count) else { return false }
        let components = text.split(separator: ".", omittingEmptySubsequences: false)
        return components.count >= 2
            && components.allSatisfy { component in
                !component.isEmpty && component.utf8.allSatisfy { (48...57).contains($0) }
                    && (component == "0" || component.first != "0")
            }
    }

    /// A code string (VR CS): upper-case letters, digits, space and underscore, 1–16 chars.
    package static func isCodeString(_ text: String) -> Bool {
        (1...16).contains(text.utf8.count)
            && text.utf8.allSatisfy { (65...90).contains($0) || (48...57).contains($0) || $0 == 32 || $0 == 95 }
    }
}

/// ISO 8601 date-times with an explicit offset, normalised to UTC.
package enum ISO8601Timestamp {
    /// `2026-11-25T09:45:00.5+01:00` → `2026-11-25T08:45:00.500Z`; `nil` if malformed, out of
    /// range, or without a time zone (a local time is ambiguous).
    package static func normalizedUTC(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + digits)] {
                guard (48...57).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            index += digits
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
            index < bytes.count, bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: " ")
        else { return nil }
        index += 1
        guard let hour = number(2), expect(":"), let minute = number(2), expect(":"), let second = number(2) else { return nil }
        var milliseconds = 0
        if expect(".") {
            var digits = 0
            var fraction = 0
            while index < bytes.count, (48...57).contains(bytes[index]) {
                if digits < 3 { fraction = fraction * 10 + Int(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            for _ in 0..<max(0, 3 - digits) { fraction *= 10 }  // ".5" is 500 ms; digits past 3 are dropped
            milliseconds = fraction
        }
        var offsetMinutes = 0
        if expect("Z") {
            offsetMinutes = 0
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            index += 1
            guard let offsetHours = number(2), expect(":"), let offsetRest = number(2), offsetHours <= 18, offsetRest < 60 else {
                return nil
            }
            offsetMinutes = sign * (offsetHours * 60 + offsetRest)
        } else {
            return nil
        }
        guard index == bytes.count, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60, year >= 1900
        else { return nil }

        let minutesSinceEpoch = daysFromCivil(year: year, month: month, day: day) * 1440 + hour * 60 + minute - offsetMinutes
        let (days, minuteOfDay) = minutesSinceEpoch.quotientAndRemainder(dividingBy: 1440)
        let (dayIndex, minuteIndex) = minuteOfDay < 0 ? (days - 1, minuteOfDay + 1440) : (days, minuteOfDay)
        let date = civilFromDays(dayIndex)
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return
            "\(pad(date.year, 4))-\(pad(date.month, 2))-\(pad(date.day, 2))T\(pad(minuteIndex / 60, 2)):\(pad(minuteIndex % 60, 2)):\(pad(second, 2)).\(pad(milliseconds, 3))Z"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
