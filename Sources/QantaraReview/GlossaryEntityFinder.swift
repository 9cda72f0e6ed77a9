import QantaraGlossary
import QantaraTMX

/// Glossary entities for the review, found by the glossary's matcher (clitics, hamza and ya variants…).
public struct GlossaryEntityFinder: ReviewEntityFinder {
    private let matcher: GlossaryMatcher
    public let identity: String

    /// `name` identifies the glossary (its path, or `shipped`).
    public init(glossary: Glossary, name: String) {
        matcher = GlossaryMatcher(glossary: glossary)
        identity = "\(name) (\(glossary.entries.count) entries)"
    }

    public func entities(in text: String, language: String) -> [ReviewEntityMatch] {
        let arabic = LanguageTag.primary(language) == "ar"
        return matcher.matches(in: text, language: language).map { match in
            let entry = matcher.glossary.entries[match.entryIndex]
            return ReviewEntityMatch(
                range: match.range, key: match.entryIndex, alternatives: match.alternatives, type: entry.type.rawValue,
                counterpart: (arabic ? entry.preferredEnglish : entry.preferredArabic) ?? "")
        }
    }
}
