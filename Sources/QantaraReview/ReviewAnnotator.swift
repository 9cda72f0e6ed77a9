import QantaraText

/// A named entity found in one side's text by a glossary.
public struct ReviewEntityMatch: Sendable, Hashable {
    /// Unicode scalar offsets into the text.
    public var range: Range<Int>
    /// Identifies the glossary entry: a match on the other side with the same key is its counterpart.
    public var key: Int
    /// Other entries with the same surface (an ambiguous name): a match of any of them counts as counterpart.
    public var alternatives: [Int]
    /// Entity type (`PERSON`, `LOC`, …).
    public var type: String
    /// The entry's preferred form on the other side, shown beside the match.
    public var counterpart: String

    public init(range: Range<Int>, key: Int, alternatives: [Int] = [], type: String, counterpart: String) {
        self.range = range
        self.key = key
        self.alternatives = alternatives
        self.type = type
        self.counterpart = counterpart
    }
}

/// Finds glossary entities in running text. The review depends on this protocol only, so any glossary
/// (or none) can be plugged in.
public protocol ReviewEntityFinder: Sendable {
    /// Entities in `text`, written in `language` (`ar`, `en`, regions allowed).
    func entities(in text: String, language: String) -> [ReviewEntityMatch]
    /// Names the glossary, so a session resumed with another one recomputes its flags.
    var identity: String { get }
}

/// No glossary: no entities.
public struct NoEntityFinder: ReviewEntityFinder {
    public init() {}
    public var identity: String { "none" }
    public func entities(in text: String, language: String) -> [ReviewEntityMatch] { [] }
}

/// A marked stretch of one side's text, for the page.
public struct ReviewSpan: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable {
        /// A glossary entity.
        case entity
        /// A number (ASCII or Arabic-Indic digits).
        case number
        /// Text in the other script, embedded (a Latin name inside Arabic): isolated for bidi.
        case embed
    }

    public var start: Int
    public var end: Int
    public var kind: Kind
    /// For entities: type and counterpart (`LOC · Istanbul`); for numbers: the value with ASCII digits.
    public var label: String
    /// True when the entity or number is not found on the other side.
    public var missing: Bool
}

/// A pair's marks: spans on both sides (sorted, not overlapping) and the flags they imply.
public struct ReviewAnnotations: Codable, Sendable, Hashable {
    public var source: [ReviewSpan]
    public var target: [ReviewSpan]
    public var flags: Int
}

/// Finds entities, numbers and embedded foreign-script runs in a pair and flags what one side lacks.
public struct ReviewAnnotator: Sendable {
    public let sourceLanguage: String
    public let targetLanguage: String
    public let finder: any ReviewEntityFinder
    private let tokenizer = Tokenizer(folding: .matching)

    public init(sourceLanguage: String, targetLanguage: String, finder: any ReviewEntityFinder = NoEntityFinder()) {
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.finder = finder
    }

    /// The marks of a pair whose sides are `source` and `target`.
    public func annotate(source: String, target: String) -> ReviewAnnotations {
        let sourceEntities = finder.entities(in: source, language: sourceLanguage)
        let targetEntities = finder.entities(in: target, language: targetLanguage)
        let sourceNumbers = numbers(in: source)
        let targetNumbers = numbers(in: target)
        let bothSides = !source.isEmpty && !target.isEmpty
        var flags = ReviewFlags()

        func spans(
            _ entities: [ReviewEntityMatch], _ otherEntities: [ReviewEntityMatch],
            _ numbers: [(Range<Int>, String)], _ otherNumbers: [(Range<Int>, String)], text: String,
            language: String
        ) -> [ReviewSpan] {
            let otherKeys = Set(otherEntities.flatMap { [$0.key] + $0.alternatives })
            var otherValues: [String: Int] = [:]
            for (_, value) in otherNumbers { otherValues[value, default: 0] += 1 }
            var result: [ReviewSpan] = []
            for entity in entities {
                let missing = bothSides && !([entity.key] + entity.alternatives).contains(where: otherKeys.contains)
                if missing { flags.insert(.entity) }
                result.append(ReviewSpan(
                    start: entity.range.lowerBound, end: entity.range.upperBound, kind: .entity,
                    label: "\(entity.type) · \(entity.counterpart)", missing: missing))
            }
            for (range, value) in numbers {
                let available = otherValues[value, default: 0]
                let missing = bothSides && available == 0
                if missing { flags.insert(.number) } else { otherValues[value] = available - 1 }
                result.append(ReviewSpan(
                    start: range.lowerBound, end: range.upperBound, kind: .number, label: value, missing: missing))
            }
            result.append(contentsOf: embeddedRuns(in: text, language: language).map {
                ReviewSpan(start: $0.lowerBound, end: $0.upperBound, kind: .embed, label: "", missing: false)
            })
            return nonOverlapping(result)
        }

        let sourceSpans = spans(
            sourceEntities, targetEntities, sourceNumbers, targetNumbers, text: source, language: sourceLanguage)
        let targetSpans = spans(
            targetEntities, sourceEntities, targetNumbers, sourceNumbers, text: target, language: targetLanguage)
        return ReviewAnnotations(source: sourceSpans, target: targetSpans, flags: flags.rawValue)
    }

    /// Numbers with their value in ASCII digits, group separators removed (`١٠٬٠٠٠` and `10,000` → `10000`).
    private func numbers(in text: String) -> [(Range<Int>, String)] {
        tokenizer.tokens(in: text).compactMap { token in
            guard token.kind == .number else { return nil }
            let value = String(String.UnicodeScalarView(token.folded.unicodeScalars.filter {
                $0 != "," && $0 != "\u{066C}" && $0 != "\u{00A0}" && $0 != "\u{202F}"
            }))
            return (token.range, value)
        }
    }

    /// Runs of Latin letters inside right-to-left text (names, acronyms), which need bidi isolation.
    private func embeddedRuns(in text: String, language: String) -> [Range<Int>] {
        guard Script.expected(forLanguage: language) == .arabic else { return [] }
        var runs: [Range<Int>] = []
        var start: Int?
        var lastLetterEnd = 0
        var offset = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if CharacterClass.isLatinLetter(value) {
                if start == nil { start = offset }
                lastLetterEnd = offset + 1
            } else if let runStart = start, !(value == 0x20 || value == 0x2E || value == 0x2D || value == 0x27
                || CharacterClass.isDigit(value))
            {
                runs.append(runStart..<lastLetterEnd)
                start = nil
            }
            offset += 1
        }
        if let runStart = start { runs.append(runStart..<lastLetterEnd) }
        return runs
    }

    /// Sorted spans with later overlapping ones dropped (entities first, then numbers, then embeds win).
    private func nonOverlapping(_ spans: [ReviewSpan]) -> [ReviewSpan] {
        var kept: [ReviewSpan] = []
        for span in spans where span.start < span.end {
            if !kept.contains(where: { $0.start < span.end && span.start < $0.end }) { kept.append(span) }
        }
        return kept.sorted { $0.start < $1.start }
    }
}
