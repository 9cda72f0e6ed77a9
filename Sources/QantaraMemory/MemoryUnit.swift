import QantaraTMX

/// One bilingual pair kept by the memory: a source segment, its translation, and what the TMX said about them.
public struct MemoryUnit: Sendable, Hashable {
    /// The store's id, stable for the life of the memory (0 before the unit is stored).
    public var id: Int64
    /// Language tags as imported (`ar`, `ar-SA`, `en-US`).
    public var sourceLanguage: String
    public var targetLanguage: String
    /// Plain text of the segments: what lookup and concordance match.
    public var source: String
    public var target: String
    /// The segments with their inline codes (`bpt`, `ph`, …), when they have any; written back on export.
    public var sourceContent: TMXSegmentContent?
    public var targetContent: TMXSegmentContent?
    public var tuid: String?
    /// TMX dates (`YYYYMMDDThhmmssZ`), compared as strings.
    public var creationDate: String?
    public var changeDate: String?
    /// The unit's props and notes, in order; merged units keep the union.
    public var annotations: [TMXAnnotation]

    public init(
        id: Int64 = 0, sourceLanguage: String, targetLanguage: String, source: String, target: String,
        tuid: String? = nil, creationDate: String? = nil, changeDate: String? = nil, annotations: [TMXAnnotation] = [],
        sourceContent: TMXSegmentContent? = nil, targetContent: TMXSegmentContent? = nil
    ) {
        self.id = id
        self.sourceContent = sourceContent
        self.targetContent = targetContent
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.source = source
        self.target = target
        self.tuid = tuid
        self.creationDate = creationDate
        self.changeDate = changeDate
        self.annotations = annotations
    }

    /// The pairs a TMX unit holds: its source variant (the unit's `srclang`, else `defaultSourceLanguage`, else the
    /// first variant) against every variant in another language. Units with one language only give none.
    public static func pairs(from unit: TMXUnit, defaultSourceLanguage: String?) -> [MemoryUnit] {
        var sourceTag = unit.attribute("srclang") ?? defaultSourceLanguage
        if sourceTag == nil || sourceTag == "*all*" { sourceTag = unit.variants.first?.language }
        guard let sourceTag, let sourceVariant = unit.variant(for: sourceTag) else { return [] }
        let sourcePrimary = LanguageTag.primary(sourceVariant.language)
        let creation = unit.attribute("creationdate") ?? sourceVariant.attribute("creationdate")
        let change = unit.attribute("changedate") ?? sourceVariant.attribute("changedate") ?? creation
        var pairs: [MemoryUnit] = []
        for variant in unit.variants where LanguageTag.primary(variant.language) != sourcePrimary {
            let source = sourceVariant.content.plainText
            let target = variant.content.plainText
            if source.isEmpty || target.isEmpty { continue }
            pairs.append(
                MemoryUnit(
                    sourceLanguage: sourceVariant.language, targetLanguage: variant.language, source: source,
                    target: target, tuid: unit.tuid, creationDate: creation, changeDate: change,
                    annotations: unit.annotations, sourceContent: Self.codes(sourceVariant.content),
                    targetContent: Self.codes(variant.content)))
        }
        return pairs
    }

    private static func codes(_ content: TMXSegmentContent) -> TMXSegmentContent? {
        content.inlineElementCount > 0 ? content : nil
    }

    /// The unit as TMX: a `tu` with its dates, props and notes and two `tuv`s with their inline codes.
    public var tmxUnit: TMXUnit {
        var unit = TMXUnit(annotations: annotations)
        if let tuid { unit.setAttribute("tuid", tuid) }
        unit.setAttribute("srclang", sourceLanguage)
        if let creationDate { unit.setAttribute("creationdate", creationDate) }
        if let changeDate { unit.setAttribute("changedate", changeDate) }
        unit.variants = [
            TMXVariant(language: sourceLanguage, content: sourceContent ?? TMXSegmentContent(text: source)),
            TMXVariant(language: targetLanguage, content: targetContent ?? TMXSegmentContent(text: target)),
        ]
        return unit
    }
}

/// What an import or `add(units:)` did.
public struct MemoryImportSummary: Sendable, Hashable {
    /// TMX units read.
    public var unitsRead = 0
    /// Pairs stored as new memory units.
    public var added = 0
    /// Pairs merged into a unit with the same normalized source and target.
    public var merged = 0
    /// TMX units that gave no pair (one language only, or an empty side).
    public var skipped = 0

    public init() {}
}

/// A lookup request.
public struct MemoryQuery: Sendable, Hashable {
    public var text: String
    /// Matched on the primary language; units with the same region rank first among equal scores.
    public var sourceLanguage: String
    public var targetLanguage: String
    /// Lowest score returned (0–100).
    public var minimumScore: Int
    public var limit: Int
    /// Scan every unit instead of the index: slow, the reference the index is measured against.
    public var exhaustive: Bool

    public init(
        text: String, sourceLanguage: String = "ar", targetLanguage: String = "en", minimumScore: Int = 70,
        limit: Int = 5, exhaustive: Bool = false
    ) {
        self.text = text
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        self.minimumScore = minimumScore
        self.limit = limit
        self.exhaustive = exhaustive
    }
}

/// A fuzzy match.
public struct MemoryMatch: Sendable, Hashable {
    public var score: Int
    public var unit: MemoryUnit
    /// Scalar ranges in `unit.source` of the tokens that differ from the query.
    public var differences: [Range<Int>]
}

/// A concordance hit: a unit whose source or target contains the phrase (normalized, whole tokens).
public struct ConcordanceHit: Sendable, Hashable {
    public enum Side: String, Sendable, Hashable {
        case source
        case target
    }

    public var unit: MemoryUnit
    public var side: Side
    /// Scalar range of the phrase in the unit's text on `side`.
    public var span: Range<Int>
}

/// What a memory holds.
public struct MemoryStatistics: Sendable, Hashable {
    public struct LanguagePair: Sendable, Hashable {
        public var source: String
        public var target: String
        public var units: Int
    }

    public var units: Int
    public var languagePairs: [LanguagePair]
    /// Distinct normalized tokens in the index.
    public var terms: Int
    public var imports: Int
    /// Bytes on disk (database and its write-ahead log).
    public var fileBytes: Int
}
