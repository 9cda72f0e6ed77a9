import Foundation
import QantaraText

/// The Qantara glossary columns: the header line of a Qantara TSV or CSV glossary.
enum QantaraColumns {
    static let required = ["type", "arabic", "english", "arabic_variants", "english_variants", "note"]
    /// Written only when some entry has a source.
    static let source = "source"

    static func isHeader(_ fields: [String]) -> Bool {
        let names = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        return names.count >= 3 && Array(names.prefix(3)) == Array(required.prefix(3))
            && names.enumerated().allSatisfy { index, name in
                index < required.count ? required[index] == name : (index == required.count && name == source)
            }
    }
}

/// One parsed row of a delimited file, with the line it starts on.
struct DelimitedRow {
    var fields: [String]
    var line: Int
}

/// Reads and writes glossaries in delimited text: Qantara TSV/CSV (header line, one entity per row) and
/// OmegaT's `source⇥target⇥comment` glossaries (TSV, or CSV with RFC 4180 quoting).
enum DelimitedCodec {
    // MARK: Splitting

    /// Tab-separated rows: no quoting (OmegaT's and Qantara's TSV have none), `#` lines are comments.
    /// Each row is handed to `body` as it is split; its `fields` array is reused for the next row, so a reader
    /// that does not keep rows allocates no array per row.
    static func forEachTabRow(_ text: String, _ body: (DelimitedRow) throws -> Void) rethrows {
        // Split on UTF-8 bytes: fast, and "\r\n" is one Character in Swift, which a Character split would miss.
        var text = text
        try text.withUTF8 { bytes in
            var row = DelimitedRow(fields: [], line: 0)
            var lineStart = 0
            while true {
                var lineEnd = lineStart
                while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
                row.line += 1
                var end = lineEnd
                if end > lineStart, bytes[end - 1] == 0x0D { end -= 1 }
                let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<end])
                if line.first != UInt8(ascii: "#"), !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    row.fields.removeAll(keepingCapacity: true)
                    var fieldStart = 0
                    for index in 0...line.count where index == line.count || line[index] == 0x09 {
                        // An empty field is the empty string: no decoding, no allocation.
                        row.fields.append(index == fieldStart ? "" : String(decoding: UnsafeBufferPointer(rebasing: line[fieldStart..<index]), as: UTF8.self))
                        fieldStart = index + 1
                    }
                    try body(row)
                }
                guard lineEnd < bytes.count else { break }
                lineStart = lineEnd + 1
            }
        }
    }

    /// RFC 4180 rows: `,` separates, `"` quotes, `""` is a quote inside quotes, quoted fields may span lines.
    /// Hand-written because Foundation has no CSV reader and the format is small.
    static func csvRows(_ text: String, file: String) throws -> [DelimitedRow] {
        var rows: [DelimitedRow] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var rowLine = 1
        var inQuotes = false
        var quotedField = false
        var scalars = Array(text.unicodeScalars)
        if scalars.last != "\n" { scalars.append("\n") }
        var index = 0
        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            quotedField = false
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if inQuotes {
                if scalar == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        field.append("\"")
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
            } else {
                switch scalar {
                case "\"" where field.isEmpty && !quotedField:
                    inQuotes = true
                    quotedField = true
                case ",":
                    endField()
                case "\r" where index + 1 < scalars.count && scalars[index + 1] == "\n":
                    break
                case "\n":
                    endField()
                    let blank = fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty
                    let comment = fields.first?.hasPrefix("#") ?? false
                    if !blank && !comment { rows.append(DelimitedRow(fields: fields, line: rowLine)) }
                    fields = []
                    line += 1
                    rowLine = line
                default:
                    if quotedField {
                        throw GlossaryError(
                            file: file, line: line,
                            message: "text after a closing quote: a quoted CSV field must end at a comma or a line end")
                    }
                    field.append(scalar)
                }
            }
            index += 1
        }
        if inQuotes {
            throw GlossaryError(file: file, line: rowLine, message: "a quoted CSV field is never closed")
        }
        return rows
    }

    static func csvField(_ value: String) -> String {
        let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || value.first == " " || value.last == " " || value.first == "#"
        return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    // MARK: Qantara columns

    /// Entries from rows whose first row is the Qantara header.
    static func qantaraEntries(_ rows: [DelimitedRow], file: String) throws -> (entries: [GlossaryEntry], warnings: [GlossaryIssue]) {
        guard let header = rows.first else { return ([], []) }
        var reader = QantaraEntryReader(header: header, file: file)
        for row in rows.dropFirst() { reader.read(row) }
        return try reader.result()
    }
    /// `form | form [misspelling] | Kiev [deprecated]`; no bracket means admitted.
    static func parseVariants(_ column: String, file: String, line: Int, warnings: inout [GlossaryIssue]) -> [GlossaryTerm] {
        guard !column.isEmpty else { return [] }
        var terms: [GlossaryTerm] = []
        // Split on the byte: a Character split of Arabic text cost most of loading the shipped glossary.
        for part in column.utf8.split(separator: UInt8(ascii: "|")) {
            var text = trimmedSpaces(Substring(part))
            var status = TermStatus.admitted
            if text.hasSuffix("]"), let open = text.lastIndex(of: "[") {
                let label = trimmedSpaces(text[text.index(after: open)..<text.index(before: text.endIndex)]).lowercased()
                if let known = TermStatus(rawValue: label) {
                    status = known
                } else {
                    warnings.append(GlossaryIssue(
                        file: file, line: line,
                        message: "unknown status [\(label)] after '\(trimmedSpaces(text[..<open]))': read as admitted (use preferred, admitted, deprecated or misspelling)"))
                }
                text = trimmedSpaces(text[..<open])
            }
            if !text.isEmpty { terms.append(GlossaryTerm(text, status: status)) }
        }
        return terms
    }

    /// The text without leading and trailing spaces; the common case (none) allocates nothing.
    static func trimmedSpaces(_ text: String) -> String {
        guard mayHaveSpaceAtAnEnd(text) else { return text }
        return trimmedSpaces(text[...])
    }

    /// A part of a field without leading and trailing spaces, moved over scalar by scalar.
    static func trimmedSpaces(_ text: Substring) -> String {
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, UnicodeSpaces.isSpace(scalars[start].value) { start = scalars.index(after: start) }
        while start < end {
            let before = scalars.index(before: end)
            guard UnicodeSpaces.isSpace(scalars[before].value) else { break }
            end = before
        }
        return String(Substring(scalars[start..<end]))
    }

    /// False when neither end byte can belong to a space (`UnicodeSpaces.isSpace`): nearly every field,
    /// told from two bytes instead of decoding the first and last scalars. Spaces beyond ASCII start with
    /// C2, E1, E2 or E3 and end in 80–8A, 9F, A0 or AF.
    private static func mayHaveSpaceAtAnEnd(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.first, let last = bytes.last else { return false }
            let firstMayBeSpace = first < 0x80 ? first == 0x20 || first == 0x09 : first == 0xC2 || (0xE1...0xE3).contains(first)
            let lastMayBeSpace = last < 0x80
                ? last == 0x20 || last == 0x09 : (0x80...0x8A).contains(last) || last == 0x9F || last == 0xA0 || last == 0xAF
            return firstMayBeSpace || lastMayBeSpace
        }
    }

    /// The notes of a column (` || ` between them). Split natively: Foundation's `components(separatedBy:)`
    /// and trimming cost a quarter of loading the shipped glossary.
    static func splitNotes(_ column: String) -> [String] {
        guard !column.isEmpty else { return [] }
        guard column.utf8.contains(UInt8(ascii: "|")) else { return [trimmedSpaces(column)] }
        return column.split(separator: " || ", omittingEmptySubsequences: false).map { trimmedSpaces($0) }
    }

    /// The Qantara columns of `entries`, or the problems that keep them from fitting (an entity without
    /// an Arabic or English term). Data the columns cannot hold comes back as warnings.
    static func qantaraRows(_ entries: [GlossaryEntry], file: String) throws -> (rows: [[String]], warnings: [GlossaryIssue]) {
        let withSource = entries.contains { $0.source != nil }
        var rows: [[String]] = [QantaraColumns.required + (withSource ? [QantaraColumns.source] : [])]
        var errors: [GlossaryIssue] = []
        var dropped = DroppedData()
        for (index, entry) in entries.enumerated() {
            guard let arabic = firstPreferred(entry.arabic), let english = firstPreferred(entry.english) else {
                errors.append(GlossaryIssue(
                    file: file, line: 0,
                    message: "entry \(index + 1)\(entry.id.map { " (\($0))" } ?? "") has no \(entry.arabic.isEmpty ? "Arabic" : "English") term; Qantara glossary rows need both (write TBX to keep it)"))
                continue
            }
            dropped.note(entry)
            func variants(_ terms: [GlossaryTerm], skipping first: Int) -> String {
                terms.enumerated().filter { $0.offset != first }.map { _, term in
                    term.status == .admitted ? clean(term.text) : "\(clean(term.text)) [\(term.status.rawValue)]"
                }.joined(separator: " | ")
            }
            var row = [
                entry.type.rawValue, clean(entry.arabic[arabic].text), clean(entry.english[english].text),
                variants(entry.arabic, skipping: arabic), variants(entry.english, skipping: english),
                entry.notes.map(clean).joined(separator: " || "),
            ]
            if withSource { row.append(clean(entry.source ?? "")) }
            rows.append(row)
        }
        if !errors.isEmpty { throw GlossaryError(issues: errors) }
        return (rows, dropped.warnings(file: file, format: "Qantara glossary columns"))
    }

    /// The index of the term that goes in the preferred column.
    private static func firstPreferred(_ terms: [GlossaryTerm]) -> Int? {
        terms.firstIndex { $0.status == .preferred } ?? terms.firstIndex { !$0.status.isDiscouraged } ?? (terms.isEmpty ? nil : 0)
    }

    /// Tabs, line breaks and the variant separator cannot appear inside a delimited field.
    private static func clean(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            result.append(scalar == "\t" || scalar == "\n" || scalar == "\r" ? " " : scalar)
        }
        return String(result)
    }

    // MARK: OmegaT columns

    /// OmegaT rows: `source⇥target[⇥comment]`, read as Arabic → English. Rows with the same target become
    /// one entity whose sources are variants (OmegaT repeats the source line for variants).
    static func omegatEntries(_ rows: [DelimitedRow], file: String) -> (entries: [GlossaryEntry], warnings: [GlossaryIssue]) {
        var entries: [GlossaryEntry] = []
        var byTarget: [String: Int] = [:]
        var warnings: [GlossaryIssue] = []
        var notArabic = 0
        for row in rows {
            let fields = row.fields.map { $0.trimmingWhitespaces() }
            guard fields.count >= 2, !fields[0].isEmpty, !fields[1].isEmpty else {
                warnings.append(GlossaryIssue(file: file, line: row.line, message: "no target column: skipped (OmegaT glossary rows are source<TAB>target[<TAB>comment])"))
                continue
            }
            if fields.count > 3 {
                warnings.append(GlossaryIssue(file: file, line: row.line, message: "\(fields.count) columns: columns after the comment are ignored"))
            }
            if Script.dominant(in: fields[0]) != .arabic { notArabic += 1 }
            let comment = OmegaTComment(parsing: fields.count > 2 ? fields[2] : "")
            // Qantara writes an entity's admitted English alternatives as extra rows marked "admitted".
            if comment.targetAdmitted, let index = entries.lastIndex(where: { $0.arabic.contains { $0.text == fields[0] } }) {
                if !entries[index].english.contains(where: { $0.text == fields[1] }) {
                    entries[index].english.append(GlossaryTerm(fields[1], status: .admitted))
                }
                continue
            }
            let source = GlossaryTerm(fields[0], status: comment.sourceStatus ?? .admitted)
            let key = fields[1] + "\u{0}" + (comment.type?.rawValue ?? "")
            if let index = byTarget[key] {
                if !entries[index].arabic.contains(where: { $0.text == source.text }) { entries[index].arabic.append(source) }
                for note in comment.notes where !entries[index].notes.contains(note) { entries[index].notes.append(note) }
                continue
            }
            byTarget[key] = entries.count
            var source0 = source
            if source0.status == .admitted { source0.status = .preferred }
            entries.append(GlossaryEntry(
                type: comment.type ?? .misc, arabic: [source0],
                english: [GlossaryTerm(fields[1], status: .preferred)] + comment.deprecatedTargets.map { GlossaryTerm($0, status: .deprecated) },
                notes: comment.notes, line: row.line))
        }
        if notArabic > 0 {
            warnings.append(GlossaryIssue(file: file, line: 0, message: "\(notArabic) source term\(notArabic == 1 ? " is" : "s are") not in Arabic script; read as the Arabic side as given"))
        }
        return (entries, warnings)
    }

    /// OmegaT rows for `entries`: one row per Arabic form (misspellings too, so OmegaT finds them in the
    /// source) and per admitted English alternative, with the type, status and discouraged English in the comment.
    static func omegatRows(_ entries: [GlossaryEntry], file: String) -> (rows: [[String]], warnings: [GlossaryIssue]) {
        var rows: [[String]] = []
        var dropped = DroppedData()
        for entry in entries {
            guard let english = entry.preferredEnglish, !entry.arabic.isEmpty else {
                dropped.incomplete += 1
                continue
            }
            dropped.note(entry)
            let discouraged = entry.english.filter { $0.status.isDiscouraged }.map(\.text)
            for term in entry.arabic {
                let comment = OmegaTComment(
                    type: entry.type, sourceStatus: term.status.isDiscouraged ? term.status : nil,
                    deprecatedTargets: discouraged, notes: entry.notes)
                rows.append([clean(term.text), clean(english), clean(comment.text)])
            }
            if let arabic = entry.preferredArabic {
                for term in entry.english where term.text != english && !term.status.isDiscouraged {
                    rows.append([clean(arabic), clean(term.text), clean(OmegaTComment(type: entry.type, targetAdmitted: true, notes: []).text)])
                }
            }
        }
        return (rows, dropped.warnings(file: file, format: "an OmegaT glossary"))
    }
}

/// The comment column Qantara writes in OmegaT glossaries: `PERSON; misspelling; not: Kiev; note…`, and
/// `PERSON; admitted target` on the rows of an entity's admitted English alternatives.
struct OmegaTComment {
    var type: EntityType?
    var sourceStatus: TermStatus?
    var targetAdmitted = false
    var deprecatedTargets: [String] = []
    var notes: [String] = []
    static let admittedTarget = "admitted target"

    init(type: EntityType?, sourceStatus: TermStatus? = nil, targetAdmitted: Bool = false, deprecatedTargets: [String] = [], notes: [String]) {
        self.type = type
        self.sourceStatus = sourceStatus
        self.targetAdmitted = targetAdmitted
        self.deprecatedTargets = deprecatedTargets
        self.notes = notes
    }

    /// Reads a comment; anything that is not a type, a status or a `not:` list is a note.
    init(parsing comment: String) {
        // Most rows have no comment: nothing to split (splitting "" gives one empty part, skipped below).
        for part in comment.isEmpty ? [] : comment.components(separatedBy: "; ") {
            let trimmed = part.trimmingWhitespaces()
            if trimmed.isEmpty { continue }
            if type == nil, notes.isEmpty, let known = EntityType(name: trimmed), trimmed == trimmed.uppercased() {
                type = known
            } else if trimmed == TermStatus.misspelling.rawValue || trimmed == TermStatus.deprecated.rawValue {
                sourceStatus = TermStatus(rawValue: trimmed)
            } else if trimmed == Self.admittedTarget {
                targetAdmitted = true
            } else if trimmed.hasPrefix("not: ") {
                deprecatedTargets += trimmed.dropFirst(5).components(separatedBy: ", ")
            } else {
                notes.append(trimmed)
            }
        }
    }

    var text: String {
        var parts: [String] = []
        if let type { parts.append(type.rawValue) }
        if let sourceStatus { parts.append(sourceStatus.rawValue) }
        if targetAdmitted { parts.append(Self.admittedTarget) }
        if !deprecatedTargets.isEmpty { parts.append("not: " + deprecatedTargets.joined(separator: ", ")) }
        return (parts + notes).joined(separator: "; ")
    }
}

/// Counts what a writer's format cannot hold, to say so once per file instead of once per entry.
struct DroppedData {
    var otherLanguageTerms = 0
    var termNotes = 0
    var sources = 0
    var incomplete = 0

    mutating func note(_ entry: GlossaryEntry) {
        otherLanguageTerms += entry.otherLanguages.reduce(0) { $0 + $1.terms.count }
        termNotes += (entry.arabic + entry.english).filter { $0.note != nil }.count
        if entry.source != nil { sources += 1 }
    }

    func warnings(file: String, format: String) -> [GlossaryIssue] {
        var messages: [String] = []
        if otherLanguageTerms > 0 { messages.append("\(otherLanguageTerms) terms in languages other than Arabic and English") }
        if termNotes > 0 { messages.append("\(termNotes) term-level notes") }
        if incomplete > 0 { messages.append("\(incomplete) entries without an Arabic or English term") }
        if format != "Qantara glossary columns", sources > 0 { messages.append("\(sources) sources") }
        return messages.map { GlossaryIssue(file: file, line: 0, message: "not written (\(format) cannot hold them): \($0)") }
    }
}

/// Reads Qantara columns row by row (type, arabic, english, variants, note, source), after the header.
struct QantaraEntryReader {
    let file: String
    private let maxColumns: Int
    private var entries: [GlossaryEntry] = []
    private var errors: [GlossaryIssue] = []
    private var warnings: [GlossaryIssue] = []

    init(header: DelimitedRow, file: String) {
        self.file = file
        maxColumns = QantaraColumns.required.count + (header.fields.count > QantaraColumns.required.count ? 1 : 0)
    }

    mutating func read(_ row: DelimitedRow) {
        let count = row.fields.count
        func field(_ index: Int) -> String { index < count ? DelimitedCodec.trimmedSpaces(row.fields[index]) : "" }
        func fail(_ message: String) { errors.append(GlossaryIssue(file: file, line: row.line, message: message)) }
        guard count >= 3 else {
            fail("\(count) column\(count == 1 ? "" : "s"); a glossary row needs type, arabic and english at least (columns: \(QantaraColumns.required.joined(separator: ", ")))")
            return
        }
        guard count <= maxColumns else {
            fail("\(count) columns; the header has \(maxColumns) (a tab inside a name?)")
            return
        }
        let typeName = field(0)
        guard let type = EntityType(name: typeName) else {
            fail("unknown type '\(typeName)': use PERSON, LOC, ORG or MISC")
            return
        }
        let preferredArabic = field(1)
        let preferredEnglish = field(2)
        guard !preferredArabic.isEmpty, !preferredEnglish.isEmpty else {
            fail("empty \(preferredArabic.isEmpty ? "arabic" : "english") column: every row needs both preferred forms")
            return
        }
        // Appended rather than concatenated: one array per language, not two.
        var arabic = [GlossaryTerm(preferredArabic, status: .preferred)]
        arabic.append(contentsOf: DelimitedCodec.parseVariants(field(3), file: file, line: row.line, warnings: &warnings))
        var english = [GlossaryTerm(preferredEnglish, status: .preferred)]
        english.append(contentsOf: DelimitedCodec.parseVariants(field(4), file: file, line: row.line, warnings: &warnings))
        let source = field(6)
        entries.append(GlossaryEntry(
            type: type, arabic: arabic, english: english, notes: DelimitedCodec.splitNotes(field(5)),
            source: source.isEmpty ? nil : source, line: row.line))
    }

    /// The entries read, or every row's problem at once.
    func result() throws -> (entries: [GlossaryEntry], warnings: [GlossaryIssue]) {
        if !errors.isEmpty { throw GlossaryError(issues: errors) }
        return (entries, warnings)
    }
}

extension String {
    /// `trimmingCharacters(in: .whitespaces)`, without the Foundation call when neither end is white space
    /// (nearly every field of a glossary: the call cost thousands of instructions). White_Space covers
    /// that set (Zs and tab), so a string it leaves alone is one Foundation leaves alone.
    func trimmingWhitespaces() -> String {
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        if !first.properties.isWhitespace && !last.properties.isWhitespace { return self }
        return trimmingCharacters(in: .whitespaces)
    }
}
