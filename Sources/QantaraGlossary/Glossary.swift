import Foundation
import QantaraText

/// The file formats a glossary is read from and written to.
public enum GlossaryFormat: Sendable, Hashable {
    /// Qantara TSV: the header `type⇥arabic⇥english⇥arabic_variants⇥english_variants⇥note`, one entity a row.
    case qantaraTSV
    /// Qantara columns as RFC 4180 CSV, with the same header.
    case qantaraCSV
    /// OmegaT's glossary: `source⇥target[⇥comment]`, no header.
    case omegatTSV
    /// OmegaT's CSV glossary: `source,target[,comment]` with RFC 4180 quoting.
    case omegatCSV
    /// TermBase eXchange, v2 (`martif`) or v3 TBX-Basic.
    case tbx(TBXVersion)

    /// The format a path's extension stands for: `.tbx` → TBX v2, `.tsv` → Qantara TSV, `.csv` → Qantara CSV,
    /// `.txt` `.tab` `.utf8` → OmegaT TSV. Readers look at the content as well (a header line, the XML root).
    public init?(path: String) {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "tbx", "xml": self = .tbx(.v2)
        case "tsv": self = .qantaraTSV
        case "csv": self = .qantaraCSV
        case "txt", "tab", "utf8": self = .omegatTSV
        default: return nil
        }
    }

    /// Parses a name given on the command line: `qantara-tsv`, `qantara-csv`, `omegat-tsv`, `omegat-csv`, `tbx2`, `tbx3`.
    public init?(name: String) {
        switch name.lowercased() {
        case "qantara-tsv", "tsv": self = .qantaraTSV
        case "qantara-csv", "csv": self = .qantaraCSV
        case "omegat-tsv", "omegat", "tab": self = .omegatTSV
        case "omegat-csv": self = .omegatCSV
        case "tbx", "tbx2": self = .tbx(.v2)
        case "tbx3": self = .tbx(.v3)
        default: return nil
        }
    }
}

/// A named-entity glossary: entities with their Arabic and English names.
public struct Glossary: Sendable {
    public var entries: [GlossaryEntry]
    /// Problems that did not stop reading (skipped rows, unknown statuses, duplicates dropped), with file:line.
    public var warnings: [GlossaryIssue]

    public init(entries: [GlossaryEntry], warnings: [GlossaryIssue] = []) {
        self.entries = entries
        self.warnings = warnings
    }

    /// Reads a glossary, choosing the reader by extension (`.tbx` `.tsv` `.tab` `.txt` `.utf8` `.csv`) and content:
    /// a `.tsv`/`.txt` file whose first line is the Qantara header is Qantara TSV, otherwise OmegaT's format;
    /// TBX v2 and v3 are told apart by their root element.
    /// - Throws: `GlossaryError` with file and line for unreadable files, broken TBX, rows with missing
    ///   columns, unknown types, and the same entity listed twice with different types.
    public static func load(path: String) throws -> Glossary {
        guard let format = GlossaryFormat(path: path) else {
            throw GlossaryError(file: path, line: 0, message: "unknown glossary extension: use .tbx, .tsv, .tab, .txt, .utf8 or .csv")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw GlossaryError(file: path, line: 0, message: "cannot read the file")
        }
        let glossary: Glossary
        if case .tbx = format {
            let result = try TBXCodec.read(path: path)
            glossary = try validated(result.entries, warnings: result.warnings, file: path)
        } else {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            glossary = try parse(text: try decode([UInt8](data), file: path), csv: format == .qantaraCSV, file: path)
        }
        // A file with no entries is a wrong path or a failed export: matching against it would find nothing
        // without a word of why.
        guard !glossary.entries.isEmpty else {
            let skipped = glossary.warnings.isEmpty ? "" : " (\(glossary.warnings.count) skipped: \(glossary.warnings[0].message))"
            throw GlossaryError(file: path, line: 1, message: "the glossary has no entries\(skipped)")
        }
        return glossary
    }

    /// Parses delimited glossary text (Qantara TSV/CSV with header, or OmegaT's format without).
    public static func parse(text: String, csv: Bool, file: String) throws -> Glossary {
        var rows: [DelimitedRow] = []
        if csv {
            rows = try DelimitedCodec.csvRows(text, file: file)
        } else {
            // Qantara TSV rows are read as they are split, without an array of all rows.
            var reader: QantaraEntryReader?
            DelimitedCodec.forEachTabRow(text) { row in
                if reader != nil {
                    reader?.read(row)
                } else if rows.isEmpty, QantaraColumns.isHeader(row.fields) {
                    reader = QantaraEntryReader(header: row, file: file)
                } else {
                    rows.append(row)
                }
            }
            if let reader {
                let result = try reader.result()
                return try validated(result.entries, warnings: result.warnings, file: file)
            }
        }
        if let first = rows.first, QantaraColumns.isHeader(first.fields) {
            let result = try DelimitedCodec.qantaraEntries(rows, file: file)
            return try validated(result.entries, warnings: result.warnings, file: file)
        }
        let result = DelimitedCodec.omegatEntries(rows, file: file)
        return try validated(result.entries, warnings: result.warnings, file: file)
    }

    /// The news named-entity glossary shipped with Qantara (`glossaries/news-entities.tsv`, compiled into the library).
    public static func loadShipped() throws -> Glossary {
        try parse(text: shippedText, csv: false, file: shippedName)
    }

    /// The name errors in the shipped glossary are reported under.
    public static let shippedName = "glossaries/news-entities.tsv"

    /// The text of the shipped glossary, as compiled in.
    public static var shippedText: String {
        String(decoding: PackageResources.news_entities_tsv, as: UTF8.self)
    }

    /// Several glossaries as one (entries in order; the same entity twice is reported as when reading one file).
    public static func merged(_ glossaries: [Glossary]) throws -> Glossary {
        try validated(glossaries.flatMap(\.entries), warnings: glossaries.flatMap(\.warnings), file: "")
    }

    /// Writes the glossary to `path` in `format` (default: by extension) through a temporary file.
    /// - Returns: warnings about data the format cannot hold (other languages in TSV, term notes in CSV…).
    /// - Throws: `GlossaryError` when an entry does not fit the format at all; nothing is written then.
    @discardableResult
    public func write(to path: String, format: GlossaryFormat? = nil, title: String = "Qantara glossary") throws -> [GlossaryIssue] {
        guard let format = format ?? GlossaryFormat(path: path) else {
            throw GlossaryError(file: path, line: 0, message: "unknown glossary extension: use .tbx, .tsv, .tab, .txt, .utf8 or .csv, or give a format")
        }
        let rows: [[String]]
        let warnings: [GlossaryIssue]
        switch format {
        case .tbx(let version):
            return try TBXCodec.write(entries, to: path, version: version, title: title)
        case .qantaraTSV, .qantaraCSV:
            (rows, warnings) = try DelimitedCodec.qantaraRows(entries, file: path)
        case .omegatTSV, .omegatCSV:
            (rows, warnings) = DelimitedCodec.omegatRows(entries, file: path)
        }
        let csv = format == .qantaraCSV || format == .omegatCSV
        var text = format == .omegatTSV ? "\u{FEFF}" : ""  // OmegaT reads .txt in the platform encoding unless a BOM says UTF-8
        for row in rows {
            text += csv ? row.map(DelimitedCodec.csvField).joined(separator: ",") : row.joined(separator: "\t")
            text += csv ? "\r\n" : "\n"
        }
        do { try AtomicFile.write(text, to: path) } catch let error as OutputError {
            throw GlossaryError(file: path, line: 0, message: "cannot write the file (\(error.reason))")
        }
        return warnings
    }

    /// UTF-8 (BOM optional), UTF-16 with a BOM, or the encoding an Emacs `-*- coding: … -*-` first line names,
    /// as OmegaT reads its glossaries.
    static func decode(_ bytes: [UInt8], file: String) throws -> String {
        // Fast path: plain UTF-8 (the Emacs coding line is ASCII, so it cannot name another encoding here
        // without the bytes still being valid UTF-8 only by accident: check for it first).
        let hasCodingLine = bytes.prefix(200).split(separator: 0x0A).first.map { String(decoding: $0, as: UTF8.self).contains("coding:") } ?? false
        if !hasCodingLine, !(bytes.count >= 2 && (bytes[0] == 0xFF || bytes[0] == 0xFE)),
            var text = String(validating: bytes, as: UTF8.self)
        {
            if text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
            return text
        }
        var encoding = TextEncoding.utf8
        if let newline = bytes.prefix(200).firstIndex(of: 0x0A) ?? (bytes.count < 200 ? bytes.count : nil),
            let firstLine = String(bytes: bytes[..<newline], encoding: .ascii),
            let range = firstLine.range(of: "coding:")
        {
            let name = firstLine[range.upperBound...].trimmingCharacters(in: .whitespaces)
                .prefix { !$0.isWhitespace && $0 != ";" }
            if let named = TextEncoding(name: String(name)) { encoding = named }
        }
        do {
            return try TextDecoder.decode(bytes, encoding: encoding, file: file)
        } catch let error as TextDecodingError {
            throw GlossaryError(file: file, line: lineNumber(in: bytes, at: error.byteOffset),
                message: "not valid \(error.encoding.rawValue) text at byte \(error.byteOffset): save the glossary as UTF-8 (or UTF-16 with a BOM)")
        }
    }

    private static func lineNumber(in bytes: [UInt8], at offset: Int) -> Int {
        bytes.prefix(offset).reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// Checks entries for duplicates: the same preferred Arabic and English twice is dropped with a warning,
    /// and an error when the two rows disagree on the type.
    static func validated(_ entries: [GlossaryEntry], warnings: [GlossaryIssue], file: String) throws -> Glossary {
        // Entries are told apart by their folded preferred forms, hashed here: hashing Strings (which
        // normalizes them) or arrays of scalars with the standard hasher costs more than the whole fold.
        var firstWithHash: [UInt64: Int] = [:]
        firstWithHash.reserveCapacity(entries.count)
        var nextWithSameHash = [Int](repeating: -1, count: entries.count)
        var dropped: [Int] = []  // indices of repeated entries
        var warnings = warnings
        var errors: [GlossaryIssue] = []
        var key: [UInt32] = []
        var earlierKey: [UInt32] = []
        func fold(_ arabic: String, _ english: String, into key: inout [UInt32]) {
            key.removeAll(keepingCapacity: true)
            MatchText.appendKey(arabic, folding: .matching, to: &key)
            key.append(0x09)
            MatchText.appendKey(english, folding: .matching, to: &key)
        }
        for (index, entry) in entries.enumerated() {
            guard let arabic = entry.preferredArabic, let english = entry.preferredEnglish else { continue }
            fold(arabic, english, into: &key)
            let hash = FNV1a.hash(key)
            // Only kept entries with both preferred forms are in the chains.
            var earlier = firstWithHash[hash] ?? -1
            while earlier >= 0 {
                fold(entries[earlier].preferredArabic ?? "", entries[earlier].preferredEnglish ?? "", into: &earlierKey)
                if earlierKey == key { break }
                earlier = nextWithSameHash[earlier]
            }
            guard earlier >= 0 else {
                nextWithSameHash[index] = firstWithHash[hash] ?? -1
                firstWithHash[hash] = index
                continue
            }
            let first = entries[earlier]
            let place = first.line > 0 ? "line \(first.line)" : "an earlier entry"
            if first.type != entry.type {
                errors.append(GlossaryIssue(file: file, line: entry.line,
                    message: "'\(arabic)' / '\(english)' is already \(place) with type \(first.type.rawValue), here \(entry.type.rawValue): keep one"))
            } else {
                warnings.append(GlossaryIssue(file: file, line: entry.line,
                    message: "'\(arabic)' / '\(english)' repeats \(place): dropped"))
            }
            dropped.append(index)
        }
        var kept = entries
        if !dropped.isEmpty {
            var isDropped = [Bool](repeating: false, count: entries.count)
            for index in dropped { isDropped[index] = true }
            kept = entries.indices.filter { !isDropped[$0] }.map { entries[$0] }
        }
        if !errors.isEmpty { throw GlossaryError(issues: errors) }
        return Glossary(entries: kept, warnings: warnings)
    }
}
