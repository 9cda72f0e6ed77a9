import Foundation
import QantaraText
import QantaraTMX
import QantaraXML

/// Which TBX a file is or should be.
public enum TBXVersion: Int, Sendable, Hashable {
    /// TBX v2 (ISO 30042:2008, `<martif>`): what OmegaT, Okapi and MultiTerm exchange.
    case v2 = 2
    /// TBX v3 (ISO 30042:2019) TBX-Basic, DCA style (`<tbx type="TBX-Basic" style="dca">`).
    case v3 = 3
}

/// Reads TBX v2 and v3 into glossary entries and writes them, through libxml2.
///
/// Mapping: one `termEntry`/`conceptEntry` per entity; the entity type is the concept's `subjectField`
/// (`PERSON`, `LOC`, `ORG`, `MISC`); `administrativeStatus` gives each term's status; a misspelling is
/// written as `deprecatedTerm-admn-sts` with the term note `misspelling` and read back from that pair.
enum TBXCodec {
    static let v3Namespace = "urn:iso:std:iso:30042:ed-2"
    static let misspellingNote = "misspelling"

    // MARK: Reading

    static func read(path: String) throws -> (entries: [GlossaryEntry], warnings: [GlossaryIssue], version: TBXVersion) {
        let root: XMLElement
        do {
            root = try XMLDocumentReader.read(path: path)
        } catch let error as XMLError {
            throw GlossaryError(file: error.file, line: error.line, message: "not a readable TBX file: \(error.message)")
        }
        return try read(root: root, file: path)
    }

    static func read(root: XMLElement, file: String) throws -> (entries: [GlossaryEntry], warnings: [GlossaryIssue], version: TBXVersion) {
        let version: TBXVersion
        let entryName: String
        switch root.name {
        case "martif":
            version = .v2
            entryName = "termEntry"
        case "tbx":
            version = .v3
            entryName = "conceptEntry"
        default:
            throw GlossaryError(file: file, line: root.line, message: "not TBX: the root element is <\(root.name)>, not <martif> (TBX v2) or <tbx> (TBX v3)")
        }
        guard let body = root.element(named: "text")?.element(named: "body") else {
            throw GlossaryError(file: file, line: root.line, message: "TBX without <text><body>: no entries to read")
        }
        var entries: [GlossaryEntry] = []
        var warnings: [GlossaryIssue] = []
        for concept in body.elements() {
            guard concept.name == entryName else {
                warnings.append(GlossaryIssue(file: file, line: concept.line, message: "<\(concept.name)> in <body> is not a <\(entryName)>: skipped"))
                continue
            }
            if let entry = readConcept(concept, file: file, warnings: &warnings) { entries.append(entry) }
        }
        return (entries, warnings, version)
    }

    /// A data category and its value, whether written DCA style (`<descrip type="subjectField">`) or
    /// DCT style (`<min:subjectField>`).
    private static func category(of element: XMLElement) -> (name: String, value: String)? {
        let value = collapse(element.text)
        switch element.name {
        case "descrip", "admin", "termNote", "transac", "transacNote", "xref", "ref":
            return (element.attribute("type") ?? element.name, value)
        case "note", "term", "langSet", "langSec", "tig", "ntig", "termSec", "termGrp", "descripGrp", "adminGrp",
            "termNoteGrp", "transacGrp", "date":
            return nil
        default:
            return element.namespace == nil || element.namespace == v3Namespace ? nil : (element.name, value)
        }
    }

    private static func readConcept(_ concept: XMLElement, file: String, warnings: inout [GlossaryIssue]) -> GlossaryEntry? {
        var entry = GlossaryEntry(type: .misc, arabic: [], english: [], id: concept.attribute("id"), line: concept.line)
        var typeSeen = false
        func absorb(_ element: XMLElement) {
            if element.name == "note" {
                entry.notes.append(collapse(element.text))
                return
            }
            if element.name.hasSuffix("Grp") {
                for child in element.elements() { absorb(child) }
                return
            }
            guard let (name, value) = category(of: element), !value.isEmpty else { return }
            switch name {
            case "subjectField":
                if !typeSeen, let type = EntityType(name: value) {
                    entry.type = type
                    typeSeen = true
                } else {
                    entry.notes.append("subject field: \(value)")
                }
            case "definition": entry.notes.append(value)
            case "source": entry.source = entry.source.map { "\($0); \(value)" } ?? value
            default: break
            }
        }
        for child in concept.elements() {
            if child.name == "langSet" || child.name == "langSec" {
                readLanguage(child, into: &entry, file: file, warnings: &warnings).forEach(absorb)
            } else {
                absorb(child)
            }
        }
        if entry.arabic.isEmpty && entry.english.isEmpty && entry.otherLanguages.isEmpty {
            warnings.append(GlossaryIssue(file: file, line: concept.line, message: "<\(concept.name)> without any term: skipped"))
            return nil
        }
        return entry
    }

    /// Adds a language's terms to `entry`; returns its other children (notes, definitions) for the concept.
    private static func readLanguage(
        _ language: XMLElement, into entry: inout GlossaryEntry, file: String, warnings: inout [GlossaryIssue]
    ) -> [XMLElement] {
        guard let tag = language.attribute("lang", prefix: "xml") ?? language.attribute("lang") else {
            warnings.append(GlossaryIssue(file: file, line: language.line, message: "<\(language.name)> without xml:lang: skipped"))
            return []
        }
        var terms: [GlossaryTerm] = []
        var others: [XMLElement] = []
        for child in language.elements() {
            switch child.name {
            case "tig", "termSec":
                if let term = readTerm(child) { terms.append(term) }
            case "ntig":
                // ntig: term and its notes sit in termGrp; descrip/note may follow outside it.
                let group = child.element(named: "termGrp") ?? child
                if var term = readTerm(group) {
                    if term.note == nil, let note = child.element(named: "note") { term.note = collapse(note.text) }
                    terms.append(term)
                }
            default:
                others.append(child)
            }
        }
        switch LanguageTag.primary(tag) {
        case "ar": entry.arabic += terms
        case "en": entry.english += terms
        default:
            if let index = entry.otherLanguages.firstIndex(where: { LanguageTag.canonical($0.language) == LanguageTag.canonical(tag) }) {
                entry.otherLanguages[index].terms += terms
            } else {
                entry.otherLanguages.append(LanguageTerms(language: tag, terms: terms))
            }
        }
        return others
    }

    private static func readTerm(_ element: XMLElement) -> GlossaryTerm? {
        guard let termElement = element.element(named: "term") else { return nil }
        let text = collapse(termElement.text)
        guard !text.isEmpty else { return nil }
        var status = TermStatus.admitted
        var notes: [String] = []
        func visit(_ node: XMLElement) {
            for child in node.elements() {
                if child.name == "note" {
                    notes.append(collapse(child.text))
                } else if child.name == "termNoteGrp" || child.name == "descripGrp" {
                    visit(child)
                } else if let (name, value) = category(of: child) {
                    if name == "administrativeStatus" || name == "normativeAuthorization" {
                        status = Self.status(value)
                    } else if name == "termType", value == misspellingNote {
                        status = .misspelling
                    }
                }
            }
        }
        visit(element)
        if status == .deprecated, let index = notes.firstIndex(where: { $0.lowercased() == misspellingNote }) {
            status = .misspelling
            notes.remove(at: index)
        }
        return GlossaryTerm(text, status: status, note: notes.isEmpty ? nil : notes.joined(separator: "; "))
    }

    private static func status(_ value: String) -> TermStatus {
        switch value.lowercased().replacingOccurrences(of: "-admn-sts", with: "") {
        case "preferredterm", "standardizedterm", "legalterm", "regulatedterm", "preferred": return .preferred
        case "deprecatedterm", "supersededterm", "deprecated", "superseded": return .deprecated
        default: return .admitted
        }
    }

    /// Element text with its layout white space (indentation inside long definitions) collapsed.
    private static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    // MARK: Writing

    /// Writes `entries` as TBX to `path` through a temporary file; warns when characters XML cannot carry
    /// were replaced.
    static func write(_ entries: [GlossaryEntry], to path: String, version: TBXVersion, title: String) throws -> [GlossaryIssue] {
        let writer: XMLWriter
        do { writer = try XMLWriter(destination: path) } catch let error as XMLError {
            throw GlossaryError(file: error.file, line: 0, message: error.message)
        }
        do {
            try writeDocument(entries, writer: writer, version: version, title: title)
            try writer.finish()
        } catch let error as XMLError {
            throw GlossaryError(file: error.file, line: 0, message: error.message)
        }
        guard writer.replacedCharacters > 0 else { return [] }
        return [GlossaryIssue(
            file: path, line: 0,
            message: "\(writer.replacedCharacters) characters that XML cannot carry (control characters, U+FFFE, U+FFFF) were replaced by U+FFFD")]
    }

    private static func writeDocument(_ entries: [GlossaryEntry], writer: XMLWriter, version: TBXVersion, title: String) throws {
        let v3 = version == .v3
        try writer.startDocument()
        if v3 {
            try writer.startElement("tbx")
            try writer.attribute("type", "TBX-Basic")
            try writer.attribute("style", "dca")
            try writer.attribute("xml:lang", "en")
            try writer.attribute("xmlns", v3Namespace)
        } else {
            try writer.doctype("martif", systemID: "TBXcoreStructV02.dtd")
            try writer.whitespace("\n")
            try writer.startElement("martif")
            try writer.attribute("type", "TBX")
            try writer.attribute("xml:lang", "en")
        }
        try writer.whitespace("\n  ")
        try writer.startElement(v3 ? "tbxHeader" : "martifHeader")
        try writer.startElement("fileDesc")
        if !v3 {
            try writer.startElement("titleStmt")
            try writer.element("title", text: title)
            try writer.endElement()
        }
        try writer.startElement("sourceDesc")
        try writer.element("p", text: v3 ? "\(title), written by Qantara" : "written by Qantara")
        try writer.endElement()
        try writer.endElement()
        if !v3 {
            try writer.startElement("encodingDesc")
            try writer.element("p", attributes: [("type", "XCSURI")], text: "TBXXCSV02.xcs")
            try writer.endElement()
        }
        try writer.endElement()
        try writer.whitespace("\n  ")
        try writer.startElement("text")
        try writer.whitespace("\n  ")
        try writer.startElement("body")
        var usedIDs = Set<String>()
        for (index, entry) in entries.enumerated() {
            var id = entry.id.flatMap { isXMLName($0) ? $0 : nil } ?? "e\(index + 1)"
            if !usedIDs.insert(id).inserted {
                id = "e\(index + 1)"
                usedIDs.insert(id)
            }
            try writeConcept(entry, id: id, writer: writer, v3: v3)
        }
        try writer.whitespace("\n  ")
        try writer.endElement()
        try writer.whitespace("\n  ")
        try writer.endElement()
        try writer.whitespace("\n")
        try writer.endElement()
        try writer.whitespace("\n")
    }

    private static func writeConcept(_ entry: GlossaryEntry, id: String, writer: XMLWriter, v3: Bool) throws {
        try writer.whitespace("\n    ")
        try writer.startElement(v3 ? "conceptEntry" : "termEntry")
        try writer.attribute("id", id)
        try writer.whitespace("\n      ")
        try writer.element("descrip", attributes: [("type", "subjectField")], text: entry.type.rawValue)
        if let source = entry.source {
            try writer.whitespace("\n      ")
            try writer.element("admin", attributes: [("type", "source")], text: source)
        }
        for note in entry.notes {
            try writer.whitespace("\n      ")
            try writer.element("note", text: note)
        }
        let languages = [("ar", entry.arabic), ("en", entry.english)] + entry.otherLanguages.map { ($0.language, $0.terms) }
        for (language, terms) in languages where !terms.isEmpty {
            try writer.whitespace("\n      ")
            try writer.startElement(v3 ? "langSec" : "langSet")
            try writer.attribute("xml:lang", language)
            for term in terms {
                try writer.whitespace("\n        ")
                try writer.startElement(v3 ? "termSec" : "tig")
                try writer.element("term", text: term.text)
                try writer.element("termNote", attributes: [("type", "administrativeStatus")], text: statusValue(term.status))
                if term.status == .misspelling { try writer.element("note", text: misspellingNote) }
                if let note = term.note { try writer.element("note", text: note) }
                try writer.endElement()
            }
            try writer.whitespace("\n      ")
            try writer.endElement()
        }
        try writer.whitespace("\n    ")
        try writer.endElement()
    }

    private static func statusValue(_ status: TermStatus) -> String {
        switch status {
        case .preferred: return "preferredTerm-admn-sts"
        case .admitted: return "admittedTerm-admn-sts"
        case .deprecated, .misspelling: return "deprecatedTerm-admn-sts"
        }
    }

    /// IDs in TBX are `xsd:ID` (an NCName): a letter or `_` first, no spaces or colons.
    private static func isXMLName(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return id.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == "." }
    }
}
