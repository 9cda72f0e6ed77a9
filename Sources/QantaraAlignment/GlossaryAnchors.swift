import QantaraGlossary

/// Glossary entities as alignment anchors: an entry found in both sentences (through the glossary's
/// clitic- and variant-aware matcher) is shared evidence, like a number or a URL.
public struct GlossaryAnchors: AnchorSource {
    private let matcher: GlossaryMatcher
    /// The key of each entry, `name:index`, made once rather than for every match.
    private let entryKeys: [String]

    /// - Parameter name: keeps the keys of several glossaries apart.
    public init(glossary: Glossary, name: String) {
        matcher = GlossaryMatcher(glossary: glossary)
        entryKeys = glossary.entries.indices.map { "\(name):\($0)" }
    }

    /// One key per matched entry; an ambiguous surface (عمان: Oman or Amman) gives a key for each reading.
    public func anchorKeys(in text: String, language: String) -> [String] {
        var keys: [String] = []
        matcher.forEachMatchedEntry(in: text, language: language) { keys.append(entryKeys[$0]) }
        return keys
    }
}

extension BilingualDictionary {
    /// The glossary's Arabic and English terms as word translations (each Arabic term with each English term
    /// of its entry; discouraged forms included, since texts use them).
    public convenience init(glossary: Glossary) {
        self.init(groups: glossary.entries.map { entry in (entry.arabic.map(\.text), entry.english.map(\.text)) })
    }
}
