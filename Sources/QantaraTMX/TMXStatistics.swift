/// Counts over a TMX file, gathered while streaming it: `qantara tmx stats`.
public struct TMXStatistics: Sendable, Hashable, Codable {
    public var units = 0
    /// `tuv`s over all units.
    public var variants = 0
    /// Languages in order of first appearance, as first written (compared case-insensitively).
    public var languages: [String] = []
    /// `tuv`s per language (keys as in `languages`).
    public var variantsPerLanguage: [String: Int] = [:]
    /// `creationtool` of the header and of units/variants, in order of first appearance.
    public var creationTools: [String] = []
    /// `prop`s at header, unit and variant level.
    public var properties = 0
    /// `note`s at header, unit and variant level.
    public var notes = 0
    /// Inline elements (`bpt ept it ph hi ut sub`), nested ones included.
    public var inlineCodes = 0
    /// The `version` attribute of `<tmx>`.
    public var version: String?
    /// `srclang` of the header.
    public var sourceLanguage: String?
    public var warnings = 0

    /// Canonical code → first spelling, and each spelling seen → that first spelling.
    private var firstSpellings: [String: String] = [:]
    private var spellings: [String: String] = [:]

    private enum CodingKeys: String, CodingKey {
        case units, variants, languages, variantsPerLanguage, creationTools, properties, notes, inlineCodes, version,
            sourceLanguage, warnings
    }

    public init() {}

    /// Reads the whole file at `path`.
    /// - Throws: `TMXError` when it cannot be read as TMX.
    public init(path: String) throws {
        let reader = try TMXReader(path: path)
        self.init(header: reader.header, version: reader.version)
        while let unit = try reader.next() { add(unit) }
        warnings = reader.warningCount
    }

    /// Starts the counts with a file's header.
    public init(header: TMXHeader, version: String?) {
        self.version = version
        sourceLanguage = header.sourceLanguage
        if let tool = header.attribute("creationtool") { creationTools.append(tool) }
        count(header.annotations)
    }

    /// Adds one unit to the counts.
    public mutating func add(_ unit: TMXUnit) {
        units += 1
        count(unit.annotations)
        noteTool(unit.attribute("creationtool"))
        for variant in unit.variants {
            variants += 1
            count(variant.annotations)
            noteTool(variant.attribute("creationtool"))
            inlineCodes += variant.content.inlineElementCount
            variantsPerLanguage[spelling(of: variant.language), default: 0] += 1
        }
    }

    /// The first spelling seen of `language` (compared case-insensitively), registering it when new.
    private mutating func spelling(of language: String) -> String {
        if let known = spellings[language] { return known }
        let key = LanguageTag.canonical(language)
        let spelling = firstSpellings[key] ?? language
        if firstSpellings[key] == nil {
            firstSpellings[key] = language
            languages.append(language)
        }
        spellings[language] = spelling
        return spelling
    }

    private mutating func noteTool(_ tool: String?) {
        if let tool, !creationTools.contains(tool) { creationTools.append(tool) }
    }

    private mutating func count(_ annotations: [TMXAnnotation]) {
        for annotation in annotations {
            if case .property = annotation { properties += 1 } else { notes += 1 }
        }
    }
}
