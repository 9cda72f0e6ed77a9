import Foundation

/// Character encodings Qantara reads text in.
public enum TextEncoding: String, Sendable, CaseIterable {
    case utf8 = "utf-8"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1256 = "windows-1256"
    case iso8859_6 = "iso-8859-6"

    /// Parses a user's name for an encoding (`UTF-8`, `cp1256`, `windows-1256`, `iso-8859-6`, `arabic`…).
    public init?(name: String) {
        switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "utf-8", "utf8": self = .utf8
        case "utf-16le", "utf16le": self = .utf16LE
        case "utf-16be", "utf16be": self = .utf16BE
        case "windows-1256", "cp1256", "win1256": self = .windows1256
        case "iso-8859-6", "iso8859-6", "latin/arabic", "arabic", "asmo-708": self = .iso8859_6
        default: return nil
        }
    }
}

/// Input text that cannot be decoded, with the byte offset of the first bad byte.
public struct TextDecodingError: Error, CustomStringConvertible, Sendable, Equatable {
    public let file: String
    public let byteOffset: Int
    public let encoding: TextEncoding
    /// What the bytes may be instead, when that can be told (UTF-16 without a byte-order mark, a code page).
    public let hint: String?

    public init(file: String, byteOffset: Int, encoding: TextEncoding, hint: String? = nil) {
        self.file = file
        self.byteOffset = byteOffset
        self.encoding = encoding
        self.hint = hint
    }

    /// The error without the file's name: `byte 6: not valid utf-8 text (…)`.
    public var message: String {
        "byte \(byteOffset): not valid \(encoding.rawValue) text" + (hint.map { " (\($0))" } ?? "")
    }

    public var description: String { "\(file): \(message)" }
}

/// Decodes bytes into text: UTF-8 (BOM optional), UTF-16 with a BOM (detected whatever was asked),
/// or the single-byte Arabic code pages, which Foundation on Linux does not offer.
public enum TextDecoder {
    /// Decodes `bytes`. A UTF-16 byte-order mark wins over `encoding`; a UTF-8 BOM is dropped.
    /// - Parameter file: the name used in errors.
    public static func decode(_ bytes: [UInt8], encoding: TextEncoding = .utf8, file: String) throws -> String {
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            return try decodeUTF16(bytes, from: 2, bigEndian: false, file: file)
        }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            return try decodeUTF16(bytes, from: 2, bigEndian: true, file: file)
        }
        switch encoding {
        case .utf8:
            let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
            return try decodeUTF8(bytes, from: start, file: file)
        case .utf16LE: return try decodeUTF16(bytes, from: 0, bigEndian: false, file: file)
        case .utf16BE: return try decodeUTF16(bytes, from: 0, bigEndian: true, file: file)
        case .windows1256: return try decodeSingleByte(bytes, table: windows1256High, encoding: encoding, file: file)
        case .iso8859_6: return try decodeSingleByte(bytes, table: iso8859_6High, encoding: encoding, file: file)
        }
    }

    /// Reads and decodes a file; `-` reads standard input.
    public static func read(path: String, encoding: TextEncoding = .utf8) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return try decode([UInt8](data), encoding: encoding, file: displayName(path))
    }

    /// How messages name an input path: `-` is standard input.
    public static func displayName(_ path: String) -> String {
        path == "-" ? "<stdin>" : path
    }

    private static func decodeUTF8(_ bytes: [UInt8], from start: Int, file: String) throws -> String {
        // NUL is valid UTF-8 but no text holds it, while UTF-16 without a byte-order mark is full of them
        // (English) or of them and 06 bytes (Arabic), which would otherwise read as Latin letters.
        if let nul = firstNUL(in: bytes, from: start) {
            throw TextDecodingError(
                file: file, byteOffset: nul, encoding: .utf8, hint: "a NUL byte: UTF-16 without a byte-order mark? save it as UTF-8")
        }
        // Valid input (the usual case) is copied at once; the scalar loop below only finds the bad byte.
        if let text = String(validating: bytes[start...], as: UTF8.self) { return text }
        var scalars = String.UnicodeScalarView()
        var iterator = bytes[start...].makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = start
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                scalars.append(Unicode.UTF8.decode(encoded))
                offset += encoded.count
            case .emptyInput:
                return String(scalars)
            case .error(let length):
                _ = length
                throw TextDecodingError(
                    file: file, byteOffset: offset, encoding: .utf8,
                    hint: "an Arabic code page? name its encoding: windows-1256 or iso-8859-6")
            }
        }
    }

    /// Where the first NUL byte from `start` is, found by `memchr` (a byte loop cost more than decoding).
    private static func firstNUL(in bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBytes { buffer in
            guard start < buffer.count, let found = memchr(buffer.baseAddress! + start, 0, buffer.count - start) else { return nil }
            return buffer.baseAddress!.distance(to: UnsafeRawPointer(found))
        }
    }

    private static func decodeUTF16(_ bytes: [UInt8], from start: Int, bigEndian: Bool, file: String) throws -> String {
        let encoding: TextEncoding = bigEndian ? .utf16BE : .utf16LE
        guard (bytes.count - start) % 2 == 0 else {
            throw TextDecodingError(file: file, byteOffset: bytes.count - 1, encoding: encoding)
        }
        var units: [UInt16] = []
        units.reserveCapacity((bytes.count - start) / 2)
        var index = start
        while index + 1 < bytes.count {
            let high = UInt16(bytes[bigEndian ? index : index + 1])
            let low = UInt16(bytes[bigEndian ? index + 1 : index])
            units.append(high << 8 | low)
            index += 2
        }
        var scalars = String.UnicodeScalarView()
        var iterator = units.makeIterator()
        var parser = Unicode.UTF16.ForwardParser()
        var unitOffset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                scalars.append(Unicode.UTF16.decode(encoded))
                unitOffset += encoded.count
            case .emptyInput:
                return String(scalars)
            case .error:
                throw TextDecodingError(file: file, byteOffset: start + unitOffset * 2, encoding: encoding)
            }
        }
    }

    private static func decodeSingleByte(
        _ bytes: [UInt8], table: [UInt32], encoding: TextEncoding, file: String
    ) throws -> String {
        var scalars = String.UnicodeScalarView()
        scalars.reserveCapacity(bytes.count)
        for (offset, byte) in bytes.enumerated() {
            if byte < 0x80 {
                scalars.append(Unicode.Scalar(byte))
                continue
            }
            let value = table[Int(byte) - 0x80]
            guard value != 0xFFFD, let scalar = Unicode.Scalar(value) else {
                throw TextDecodingError(file: file, byteOffset: offset, encoding: encoding)
            }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    // Bytes 0x80–0xFF; 0xFFFD marks a byte the code page leaves undefined. Generated from Python's codecs.
    private static let windows1256High: [UInt32] = [
        0x20AC, 0x067E, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0679, 0x2039, 0x0152, 0x0686, 0x0698, 0x0688,
        0x06AF, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x06A9, 0x2122, 0x0691, 0x203A, 0x0153, 0x200C, 0x200D, 0x06BA,
        0x00A0, 0x060C, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
        0x00A8, 0x00A9, 0x06BE, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
        0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
        0x00B8, 0x00B9, 0x061B, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x061F,
        0x06C1, 0x0621, 0x0622, 0x0623, 0x0624, 0x0625, 0x0626, 0x0627,
        0x0628, 0x0629, 0x062A, 0x062B, 0x062C, 0x062D, 0x062E, 0x062F,
        0x0630, 0x0631, 0x0632, 0x0633, 0x0634, 0x0635, 0x0636, 0x00D7,
        0x0637, 0x0638, 0x0639, 0x063A, 0x0640, 0x0641, 0x0642, 0x0643,
        0x00E0, 0x0644, 0x00E2, 0x0645, 0x0646, 0x0647, 0x0648, 0x00E7,
        0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0649, 0x064A, 0x00EE, 0x00EF,
        0x064B, 0x064C, 0x064D, 0x064E, 0x00F4, 0x064F, 0x0650, 0x00F7,
        0x0651, 0x00F9, 0x0652, 0x00FB, 0x00FC, 0x200E, 0x200F, 0x06D2,
    ]

    private static let iso8859_6High: [UInt32] = [
        0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x0086, 0x0087,
        0x0088, 0x0089, 0x008A, 0x008B, 0x008C, 0x008D, 0x008E, 0x008F,
        0x0090, 0x0091, 0x0092, 0x0093, 0x0094, 0x0095, 0x0096, 0x0097,
        0x0098, 0x0099, 0x009A, 0x009B, 0x009C, 0x009D, 0x009E, 0x009F,
        0x00A0, 0xFFFD, 0xFFFD, 0xFFFD, 0x00A4, 0xFFFD, 0xFFFD, 0xFFFD,
        0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0x060C, 0x00AD, 0xFFFD, 0xFFFD,
        0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
        0xFFFD, 0xFFFD, 0xFFFD, 0x061B, 0xFFFD, 0xFFFD, 0xFFFD, 0x061F,
        0xFFFD, 0x0621, 0x0622, 0x0623, 0x0624, 0x0625, 0x0626, 0x0627,
        0x0628, 0x0629, 0x062A, 0x062B, 0x062C, 0x062D, 0x062E, 0x062F,
        0x0630, 0x0631, 0x0632, 0x0633, 0x0634, 0x0635, 0x0636, 0x0637,
        0x0638, 0x0639, 0x063A, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
        0x0640, 0x0641, 0x0642, 0x0643, 0x0644, 0x0645, 0x0646, 0x0647,
        0x0648, 0x0649, 0x064A, 0x064B, 0x064C, 0x064D, 0x064E, 0x064F,
        0x0650, 0x0651, 0x0652, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
        0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD,
    ]
}
