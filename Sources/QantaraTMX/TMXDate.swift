import Foundation
import QantaraXML

/// TMX dates: ISO 8601 basic format in UTC, `YYYYMMDDThhmmssZ`.
public enum TMXDate {
    /// `date` as `YYYYMMDDThhmmssZ`.
    public static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let digits = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(c.year, 4) + pad(c.month, 2) + pad(c.day, 2) + "T" + pad(c.hour, 2) + pad(c.minute, 2)
            + pad(c.second, 2) + "Z"
    }

    /// The date `text` stands for, or nil when it is not a valid `YYYYMMDDThhmmssZ` date.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour <= 23, minute <= 59,
            second <= 60
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(
            from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// True when `text` is a valid TMX date.
    public static func isValid(_ text: String) -> Bool { parse(text) != nil }
}

extension TMXHeader {
    /// The `creationtoolversion` Qantara writes (kept in step with `QantaraVersion.current`).
    public static let qantaraToolVersion = "0.1.0"

    /// A valid TMX 1.4 header as Qantara writes it: the seven required attributes (creationtool "Qantara",
    /// segtype "sentence", o-tmf "Qantara", adminlang "en", datatype "plaintext") and a creation date.
    /// - Parameters:
    ///   - sourceLanguage: `srclang`: a language code or `*all*`.
    ///   - creationDate: a `YYYYMMDDThhmmssZ` date; nil means now.
    public static func qantara(sourceLanguage: String, creationDate: String? = nil) -> TMXHeader {
        TMXHeader(attributes: [
            XMLAttribute(name: "creationtool", value: "Qantara"),
            XMLAttribute(name: "creationtoolversion", value: qantaraToolVersion),
            XMLAttribute(name: "segtype", value: "sentence"),
            XMLAttribute(name: "o-tmf", value: "Qantara"),
            XMLAttribute(name: "adminlang", value: "en"),
            XMLAttribute(name: "srclang", value: sourceLanguage),
            XMLAttribute(name: "datatype", value: "plaintext"),
            XMLAttribute(name: "creationdate", value: creationDate ?? TMXDate.format(Date())),
        ])
    }
}
