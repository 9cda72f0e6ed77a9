import Foundation
import QantaraText

/// The kind of named entity an entry stands for.
public enum EntityType: String, Sendable, Hashable, CaseIterable {
    case person = "PERSON"
    case location = "LOC"
    case organization = "ORG"
    case misc = "MISC"

    /// Parses `PERSON`, `LOC`, `ORG`, `MISC` (any case) and the longer spellings `LOCATION`, `ORGANIZATION`.
    public init?(name: String) {
        if let exact = EntityType(rawValue: name) {
            self = exact
            return
        }
        switch name.trimmingWhitespaces().uppercased() {
        case "PERSON", "PER": self = .person
        case "LOC", "LOCATION", "GPE": self = .location
        case "ORG", "ORGANIZATION", "ORGANISATION": self = .organization
        case "MISC": self = .misc
        default: return nil
        }
    }
}

/// How a term stands among the names of its entity (TBX `administrativeStatus`, plus misspelling).
public enum TermStatus: String, Sendable, Hashable, CaseIterable {
    /// The form to use.
    case preferred
    /// An acceptable alternative (Zelenskyy beside Zelensky).
    case admitted
    /// A form that was in use and should be replaced (Kiev → Kyiv).
    case deprecated
    /// A wrong spelling seen in real text (زيلينكسي for زيلينسكي): matched, never suggested.
    case misspelling

    /// True for forms a translation should not use.
    public var isDiscouraged: Bool { self == .deprecated || self == .misspelling }
}

/// One written form of an entity's name in one language.
public struct GlossaryTerm: Sendable, Hashable {
    public var text: String
    public var status: TermStatus
    /// A note on this form only (TBX term-level `note`).
    public var note: String?

    public init(_ text: String, status: TermStatus = .admitted, note: String? = nil) {
        self.text = text
        self.status = status
        self.note = note
    }
}

/// The terms of a language other than Arabic and English (kept so a TBX round trip loses nothing).
public struct LanguageTerms: Sendable, Hashable {
    /// The language tag as written (`es`, `zu`, `tr-TR`).
    public var language: String
    public var terms: [GlossaryTerm]

    public init(language: String, terms: [GlossaryTerm]) {
        self.language = language
        self.terms = terms
    }
}

/// One entity (concept): its type, its Arabic and English names with their status, notes and source.
///
/// The preferred form of each language comes first in its list.
public struct GlossaryEntry: Sendable, Hashable {
    public var type: EntityType
    public var arabic: [GlossaryTerm]
    public var english: [GlossaryTerm]
    /// Terms in other languages, in file order.
    public var otherLanguages: [LanguageTerms]
    public var notes: [String]
    /// Where the entry comes from (TBX `admin type="source"`).
    public var source: String?
    /// An identifier from the file (TBX `id`), if any.
    public var id: String?
    /// 1-based line the entry starts on in the file it was read from (0 when built in memory).
    public var line: Int

    public init(
        type: EntityType, arabic: [GlossaryTerm], english: [GlossaryTerm], otherLanguages: [LanguageTerms] = [],
        notes: [String] = [], source: String? = nil, id: String? = nil, line: Int = 0
    ) {
        self.type = type
        self.arabic = arabic
        self.english = english
        self.otherLanguages = otherLanguages
        self.notes = notes
        self.source = source
        self.id = id
        self.line = line
    }

    /// Builds an entry from preferred forms and variants: `GlossaryEntry(.person, "زيلينسكي", "Zelensky",
    /// arabicVariants: [GlossaryTerm("زيلينكسي", status: .misspelling)])`.
    public init(
        _ type: EntityType, _ arabic: String, _ english: String, arabicVariants: [GlossaryTerm] = [],
        englishVariants: [GlossaryTerm] = [], notes: [String] = []
    ) {
        self.init(
            type: type, arabic: [GlossaryTerm(arabic, status: .preferred)] + arabicVariants,
            english: [GlossaryTerm(english, status: .preferred)] + englishVariants, notes: notes)
    }

    /// The Arabic form to use: the first preferred one, else the first form.
    public var preferredArabic: String? { Self.preferred(in: arabic) }

    /// The English form to use: the first preferred one, else the first non-discouraged form.
    public var preferredEnglish: String? { Self.preferred(in: english) }

    private static func preferred(in terms: [GlossaryTerm]) -> String? {
        (terms.first { $0.status == .preferred } ?? terms.first { !$0.status.isDiscouraged } ?? terms.first)?.text
    }
}

/// A problem found reading or writing a glossary, with where it is.
public struct GlossaryIssue: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line, or 0 when the problem is not on one line.
    public var line: Int
    public var message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { ErrorLocation.describe(file: file, line: line, message: message) }
}

/// The glossary module's error: one or more problems, each with file and line.
public struct GlossaryError: Error, Sendable, CustomStringConvertible {
    public var issues: [GlossaryIssue]

    public init(issues: [GlossaryIssue]) {
        self.issues = issues
    }

    public init(file: String, line: Int, message: String) {
        self.issues = [GlossaryIssue(file: file, line: line, message: message)]
    }

    /// The issues, one a line; past 20, the rest are counted.
    public var description: String {
        let shown = issues.prefix(20).map(\.description)
        let more = issues.count > 20 ? ["… and \(issues.count - 20) more"] : []
        return (shown + more).joined(separator: "\n")
    }
}
