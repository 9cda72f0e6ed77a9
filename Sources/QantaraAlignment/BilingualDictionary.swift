import CZlib
import Foundation
import QantaraText

/// The error type of the alignment module: a file, a line when one applies, and a sentence for the user.
public struct AlignmentError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)" 
    }
}

/// Arabic→English word translations, indexed by folded Arabic form; English sides are kept as stems
/// (see `EnglishWordForms`) numbered densely, so alignment scores on integer ids.
public final class BilingualDictionary: Sendable {
    /// English stems; an id is an index into this list.
    public let englishStems: [String]
    let stemIDs: [String: Int32]
    let translations: [String: [Int32]]

    /// Number of Arabic forms the dictionary translates.
    public var count: Int { translations.count }

    /// Where Debian's `dict-freedict-ara-eng` puts its index, if the package is installed.
    public static var installedFreeDictPath: String? {
        let path = "/usr/share/dictd/freedict-ara-eng.index"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Builds a dictionary from Arabic terms and their English translations (multi-word terms: every Arabic
    /// word is linked with every English content word).
    public convenience init(pairs: [(arabic: String, english: String)]) {
        var builder = Builder()
        for pair in pairs { builder.add(arabic: pair.arabic, english: pair.english) }
        let (stems, ids, translations) = builder.finish()
        self.init(englishStems: stems, stemIDs: ids, translations: translations)
    }

    /// Joins dictionaries (a word's translations are the union of its translations in each).
    public convenience init(merging dictionaries: [BilingualDictionary]) {
        if dictionaries.count == 1 {
            let only = dictionaries[0]
            self.init(englishStems: only.englishStems, stemIDs: only.stemIDs, translations: only.translations)
            return
        }
        var builder = Builder()
        var merged: [String: Set<Int32>] = [:]
        for dictionary in dictionaries {
            let ids = dictionary.englishStems.map { builder.id(of: $0) }
            for (form, translations) in dictionary.translations {
                merged[form, default: []].formUnion(translations.map { ids[Int($0)] })
            }
        }
        builder.translations = merged
        let (stems, ids, translations) = builder.finish()
        self.init(englishStems: stems, stemIDs: ids, translations: translations)
    }

    /// Loads a dictionary by file type: a dictd index (`.index`, with its `.dict.dz` or `.dict` beside it)
    /// or a tab-separated list (`arabic⇥english` per line, or Qantara's glossary TSV with its header line).
    public static func load(path: String) throws -> BilingualDictionary {
        guard FileManager.default.fileExists(atPath: path) else {
            throw AlignmentError(file: path, message: "no such dictionary file")
        }
        if path.hasSuffix(".index") { return try loadDictd(indexPath: path) }
        return try loadTSV(path: path)
    }

    /// Reads a tab-separated word list. A first line `type⇥arabic⇥english⇥arabic_variants⇥english_variants…`
    /// selects Qantara's glossary columns (variants separated by ` | `, statuses in brackets ignored).
    public static func loadTSV(path: String) throws -> BilingualDictionary {
        let text: String
        do { text = try TextDecoder.read(path: path) } catch let error as TextDecodingError {
            throw AlignmentError(file: path, message: error.description)
        }
        var pairs: [(arabic: String, english: String)] = []
        var qantaraColumns = false
        for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if number == 0, fields.count >= 3, fields[0] == "type", fields[1] == "arabic", fields[2] == "english" {
                qantaraColumns = true
                continue
            }
            if line.hasPrefix("#") || line.allSatisfy(\.isWhitespace) { continue }
            if qantaraColumns {
                guard fields.count >= 3 else {
                    throw AlignmentError(file: path, line: number + 1, message: "expected at least 3 tab-separated columns")
                }
                let arabic = [fields[1]] + variants(fields.count > 3 ? fields[3] : "")
                let english = [fields[2]] + variants(fields.count > 4 ? fields[4] : "")
                for a in arabic { for e in english { pairs.append((a, e)) } }
            } else {
                guard fields.count >= 2 else {
                    throw AlignmentError(file: path, line: number + 1, message: "expected arabic<TAB>english")
                }
                pairs.append((fields[0], fields[1]))
            }
        }
        return BilingualDictionary(pairs: pairs)
    }

    private static func variants(_ field: String) -> [String] {
        field.components(separatedBy: " | ").compactMap { variant in
            let form = variant.split(separator: "[").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            return form.isEmpty ? nil : form
        }
    }

    /// Reads a dictd dictionary (FreeDict's format): the index lists `headword⇥offset⇥length` in base64
    /// numbers; the data file holds the entries, gzip-compressed (`.dict.dz`) or not.
    public static func loadDictd(indexPath: String) throws -> BilingualDictionary {
        let base = String(indexPath.dropLast(".index".count))
        let data: [UInt8]
        if FileManager.default.fileExists(atPath: base + ".dict.dz") {
            data = try Gzip.decompress(readBytes(base + ".dict.dz"), file: base + ".dict.dz")
        } else if FileManager.default.fileExists(atPath: base + ".dict") {
            data = try readBytes(base + ".dict")
        } else {
            throw AlignmentError(file: indexPath, message: "no \(base).dict.dz or \(base).dict beside the index")
        }
        let index = try readBytes(indexPath)
        var builder = Builder()
        var lineNumber = 0
        for line in index.split(separator: UInt8(ascii: "\n")) {
            lineNumber += 1
            let fields = line.split(separator: UInt8(ascii: "\t"))
            guard fields.count >= 3 else {
                throw AlignmentError(file: indexPath, line: lineNumber, message: "expected headword<TAB>offset<TAB>length")
            }
            guard let headword = String(validating: fields[0], as: UTF8.self),
                headword.unicodeScalars.contains(where: { ArabicScalars.isLetter($0.value) }),
                !headword.contains(" ")
            else { continue }
            guard let offset = base64Number(fields[1]), let length = base64Number(fields[2]),
                offset >= 0, length >= 0, offset + length <= data.count
            else {
                throw AlignmentError(file: indexPath, line: lineNumber, message: "entry points outside the dictionary data")
            }
            guard let entry = String(validating: data[offset..<(offset + length)], as: UTF8.self) else { continue }
            // The first line repeats the headword (with its pronunciation); each further line is one sense.
            for sense in entry.split(separator: "\n").dropFirst() {
                var text = Substring(sense).drop(while: { $0 == " " })
                if let dot = text.firstIndex(of: "."), text[..<dot].allSatisfy(\.isNumber), dot > text.startIndex {
                    text = text[text.index(after: dot)...]
                }
                builder.add(arabic: headword, english: String(text), maxEnglishWords: 3)
            }
        }
        let (stems, ids, translations) = builder.finish()
        return BilingualDictionary(englishStems: stems, stemIDs: ids, translations: translations)
    }

    private init(englishStems: [String], stemIDs: [String: Int32], translations: [String: [Int32]]) {
        self.englishStems = englishStems
        self.stemIDs = stemIDs
        self.translations = translations
    }

    /// English stem ids for a folded Arabic word: its own entry, else the entries of its stems without
    /// proclitics, else without suffixes too.
    func lookup(folded word: String) -> [Int32] {
        for level in ArabicWordForms.candidates(folded: word) {
            var found: [Int32] = []
            for form in level { if let ids = translations[form] { found.append(contentsOf: ids) } }
            if !found.isEmpty { return found }
        }
        return []
    }

    /// English translations (stems) of an Arabic word, for inspection and tests.
    public func translations(of arabicWord: String) -> [String] {
        lookup(folded: ArabicWordForms.fold(arabicWord)).map { englishStems[Int($0)] }
    }

    private static func readBytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AlignmentError(file: path, message: "cannot read the file")
        }
        return [UInt8](data)
    }

    private static func base64Number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            let digit: Int
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = Int(byte) - 65
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = Int(byte) - 97 + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte) - 48 + 52
            case UInt8(ascii: "+"): digit = 62
            case UInt8(ascii: "/"): digit = 63
            case UInt8(ascii: "\r"): continue
            default: return nil
            }
            guard value < (Int.max >> 6) else { return nil }
            value = value << 6 | digit
        }
        return value
    }

    /// Accumulates Arabic form → English stems while a dictionary is read.
    private struct Builder {
        var stems: [String] = []
        var ids: [String: Int32] = [:]
        var translations: [String: Set<Int32>] = [:]
        let tokenizer = Tokenizer(folding: .matching)

        mutating func add(arabic: String, english: String, maxEnglishWords: Int = .max) {
            let englishWords = tokenizer.tokens(in: english).filter { $0.kind != .punctuation }
            guard englishWords.count <= maxEnglishWords else { return }
            var stemIDs: [Int32] = []
            for token in englishWords {
                guard let stem = token.kind == .number ? token.folded : EnglishWordForms.stem(token.folded) else { continue }
                stemIDs.append(id(of: stem))
            }
            guard !stemIDs.isEmpty else { return }
            for token in tokenizer.tokens(in: arabic) where token.kind == .word {
                let folded = ArabicWordForms.fold(token.folded)
                translations[folded, default: []].formUnion(stemIDs)
                let forms = Array(folded.unicodeScalars)
                if forms.count >= 4, forms[0] == "\u{0627}", forms[1] == "\u{0644}" {
                    translations[String(String.UnicodeScalarView(forms[2...])), default: []].formUnion(stemIDs)
                }
            }
        }

        mutating func id(of stem: String) -> Int32 {
            if let id = ids[stem] { return id }
            let id = Int32(stems.count)
            stems.append(stem)
            ids[stem] = id
            return id
        }

        func finish() -> ([String], [String: Int32], [String: [Int32]]) {
            (stems, ids, translations.mapValues { $0.sorted() })
        }
    }
}

/// gzip decompression through zlib (dictd's `.dz` files are gzip members with a random-access table
/// in the header, which plain inflate ignores).
enum Gzip {
    static func decompress(_ input: [UInt8], file: String) throws -> [UInt8] {
        var stream = z_stream()
        guard qz_inflate_init_gzip(&stream) == Z_OK else {
            throw AlignmentError(file: file, message: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var failure: Int32?
        input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                if status == Z_STREAM_END {
                    if stream.avail_in == 0 { return }
                    inflateReset(&stream)  // another gzip member follows
                } else if status != Z_OK {
                    failure = status
                    return
                }
            }
        }
        if let failure {
            throw AlignmentError(file: file, message: "not valid gzip data (zlib error \(failure))")
        }
        return output
    }
}
