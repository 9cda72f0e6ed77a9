import QantaraTMX

/// A problem `GlossaryChecker` found in one translation unit.
public struct GlossaryFinding: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// An entity in the source has none of its target-language names in the target.
        case missingInTarget = "missing-in-target"
        /// The target names an entity the source does not mention.
        case missingInSource = "missing-in-source"
        /// The target uses a deprecated form or a misspelling (Kiev for Kyiv).
        case discouragedForm = "discouraged-form"
    }

    public var kind: Kind
    /// 1-based line of the unit in its file (0 when built in memory).
    public var line: Int
    /// The unit's `tuid`, if any.
    public var unitID: String?
    public var entryIndex: Int
    /// The surface found (in the source for `missingInTarget`, in the target otherwise).
    public var surface: String
    /// A sentence a translator understands.
    public var message: String
}

/// Checks translation units against a glossary: every entity named on one side is named on the other
/// (any of its forms counts), and the target avoids deprecated forms.
///
/// The reverse check (target → source) skips English acronyms, possessives and names used as the first
/// part of a hyphenated modifier (`US President`, `Russia's news agency`, `US-Russian talks`): there
/// English uses the name where Arabic uses an adjective (الرئيس الأميركي, الوكالة الروسية), so the source
/// has no name to find.
public struct GlossaryChecker: Sendable {
    public let matcher: GlossaryMatcher
    public let sourceLanguage: String
    public let targetLanguage: String

    public init(matcher: GlossaryMatcher, sourceLanguage: String = "ar", targetLanguage: String = "en") {
        self.matcher = matcher
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
    }

    /// Findings for every unit, in order.
    public func check(_ units: [TMXUnit]) -> [GlossaryFinding] {
        units.flatMap(check)
    }

    /// Findings for one unit; units without both languages are skipped.
    public func check(_ unit: TMXUnit) -> [GlossaryFinding] {
        guard let source = unit.variant(for: sourceLanguage)?.content.plainText,
            let target = unit.variant(for: targetLanguage)?.content.plainText
        else { return [] }
        return check(source: source, target: target, line: unit.line, unitID: unit.tuid)
    }

    /// Findings for one pair of texts.
    public func check(source: String, target: String, line: Int = 0, unitID: String? = nil) -> [GlossaryFinding] {
        let entries = matcher.glossary.entries
        let sourceMatches = matcher.matches(in: source, language: sourceLanguage)
        let targetMatches = matcher.matches(in: target, language: targetLanguage)
        let targetEntries = Set(targetMatches.flatMap { [$0.entryIndex] + $0.alternatives })
        let sourceEntries = Set(sourceMatches.flatMap { [$0.entryIndex] + $0.alternatives })
        let targetIsEnglish = LanguageTag.primary(targetLanguage) == "en"
        var findings: [GlossaryFinding] = []
        func finding(_ kind: GlossaryFinding.Kind, _ match: GlossaryMatch, _ message: String) {
            findings.append(GlossaryFinding(kind: kind, line: line, unitID: unitID, entryIndex: match.entryIndex, surface: match.surface, message: message))
        }
        var reported = Set<Int>()
        for match in sourceMatches where reported.insert(match.entryIndex).inserted {
            let candidates = [match.entryIndex] + match.alternatives
            guard !candidates.contains(where: targetEntries.contains) else { continue }
            let names = candidates.compactMap { name(of: entries[$0], in: targetLanguage) }.joined(separator: " or ")
            finding(.missingInTarget, match, "source names '\(match.surface)' but the target has no \(names)")
        }
        reported.removeAll()
        for match in targetMatches {
            let entry = entries[match.entryIndex]
            let terms = targetIsEnglish ? entry.english : entry.arabic
            if match.status.isDiscouraged {
                let better = name(of: entry, in: targetLanguage).map { ": use \($0)" } ?? ""
                finding(.discouragedForm, match, "'\(match.surface)' is a \(match.status.rawValue) form\(better)")
            }
            let candidates = [match.entryIndex] + match.alternatives
            guard !candidates.contains(where: sourceEntries.contains), reported.insert(match.entryIndex).inserted else { continue }
            if targetIsEnglish && isAttributive(match, in: target, term: terms[match.termIndex].text) { continue }
            let names = candidates.compactMap { name(of: entries[$0], in: sourceLanguage) }.joined(separator: " or ")
            finding(.missingInSource, match, "target names '\(match.surface)' but the source has no \(names)")
        }
        return findings
    }

    private func name(of entry: GlossaryEntry, in language: String) -> String? {
        switch LanguageTag.primary(language) {
        case "ar": return entry.preferredArabic
        case "en": return entry.preferredEnglish
        default: return nil
        }
    }

    /// An acronym (`US`, `EU`), a possessive (`Russia's`) or a name before a hyphen (`Russia-Ukraine war`).
    private func isAttributive(_ match: GlossaryMatch, in text: String, term: String) -> Bool {
        let letters = term.unicodeScalars.filter { $0.properties.isAlphabetic }
        if !letters.isEmpty, letters.allSatisfy({ $0.properties.isUppercase }) { return true }
        let after = text.unicodeScalars.dropFirst(match.range.upperBound).prefix(3)
        guard let next = after.first else { return false }
        if next == "-" || next == "\u{2010}" || next == "\u{2011}" { return true }
        let rest = Array(after.dropFirst())
        return (next == "'" || next == "\u{2019}") && (rest.first == "s" || rest.first == nil || !MatchText.isWord(rest[0].value))
    }
}
