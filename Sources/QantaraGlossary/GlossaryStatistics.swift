import QantaraText

/// Counts over a glossary, for `qantara glossary stats`.
public struct GlossaryStatistics: Sendable, Hashable {
    public var entries: Int
    /// Entries per type (`PERSON`, `LOC`, `ORG`, `MISC`).
    public var types: [String: Int]
    public var arabicForms: Int
    public var englishForms: Int
    public var misspellings: Int
    public var deprecated: Int
    /// Folded Arabic forms shared by more than one entry (عمان: Oman and Amman).
    public var ambiguousArabicForms: Int

    public init(_ glossary: Glossary) {
        let folder = TextFolder(options: .matching)
        entries = glossary.entries.count
        types = Dictionary(grouping: glossary.entries, by: \.type.rawValue).mapValues(\.count)
        let arabic = glossary.entries.flatMap(\.arabic)
        let english = glossary.entries.flatMap(\.english)
        arabicForms = arabic.count
        englishForms = english.count
        misspellings = (arabic + english).filter { $0.status == .misspelling }.count
        deprecated = (arabic + english).filter { $0.status == .deprecated }.count
        var owners: [String: Set<Int>] = [:]
        for (index, entry) in glossary.entries.enumerated() {
            for term in entry.arabic { owners[folder.fold(term.text), default: []].insert(index) }
        }
        ambiguousArabicForms = owners.values.filter { $0.count > 1 }.count
    }
}
