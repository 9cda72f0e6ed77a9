import QantaraXML

/// A `<prop type="…">` element: tool-specific metadata on the header, a unit or a variant.
public struct TMXProperty: Sendable, Hashable {
    public var type: String
    public var value: String
    /// `xml:lang`, if given.
    public var language: String?
    /// `o-encoding`, if given.
    public var originalEncoding: String?

    public init(type: String, value: String, language: String? = nil, originalEncoding: String? = nil) {
        self.type = type
        self.value = value
        self.language = language
        self.originalEncoding = originalEncoding
    }
}

/// A `<note>` element.
public struct TMXNote: Sendable, Hashable {
    public var text: String
    public var language: String?
    public var originalEncoding: String?

    public init(text: String, language: String? = nil, originalEncoding: String? = nil) {
        self.text = text
        self.language = language
        self.originalEncoding = originalEncoding
    }
}

/// A `prop` or a `note`, kept in one list so their relative order survives a round trip.
public enum TMXAnnotation: Sendable, Hashable {
    case property(TMXProperty)
    case note(TMXNote)
}

/// The inline elements TMX 1.4 allows inside `<seg>` (and `sub` inside them).
public enum TMXInlineKind: String, Sendable, Hashable, CaseIterable {
    case bpt, ept, it, ph, hi, ut, sub
}

/// An inline element with its attributes (in file order) and content: native code text, or, for `hi`
/// and `sub`, translatable text with further inline elements.
public struct TMXInlineElement: Sendable, Hashable {
    public var kind: TMXInlineKind
    public var attributes: [XMLAttribute]
    public var content: [TMXContentRun]

    public init(kind: TMXInlineKind, attributes: [XMLAttribute] = [], content: [TMXContentRun] = []) {
        self.kind = kind
        self.attributes = attributes
        self.content = content
    }

    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }
}

/// One run of segment content.
public enum TMXContentRun: Sendable, Hashable {
    case text(String)
    case inline(TMXInlineElement)
}

/// The content of a `<seg>`: text and inline codes as structure. Plain text is a view of it.
public struct TMXSegmentContent: Sendable, Hashable {
    /// Text-only content (most segments) is kept as its one string: a run list would be one more heap
    /// object to make and free per segment read.
    private var plain: String?
    /// The runs when `plain` is nil.
    private var storedRuns: [TMXContentRun]

    /// Text runs and inline elements in order.
    public var runs: [TMXContentRun] {
        get {
            guard let plain else { return storedRuns }
            return plain.isEmpty ? [] : [.text(plain)]
        }
        set {
            plain = nil
            storedRuns = newValue
        }
    }

    public init(runs: [TMXContentRun]) {
        self.plain = nil
        self.storedRuns = runs
    }

    /// Content that is text only.
    public init(text: String) {
        self.plain = text
        self.storedRuns = []
    }

    /// The text of text-only content kept as one string, else nil (for writers that need no run list).
    var textOnly: String? { plain }

    public static func == (a: TMXSegmentContent, b: TMXSegmentContent) -> Bool {
        if let left = a.plain, let right = b.plain { return left == right }
        return a.runs == b.runs
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(runs)
    }

    /// The translatable text: text runs and the text of `hi` and `sub`, without native codes.
    public var plainText: String {
        if let plain { return plain }
        var result = ""
        func collect(_ runs: [TMXContentRun]) {
            for run in runs {
                switch run {
                case .text(let text): result += text
                case .inline(let element):
                    if element.kind == .hi || element.kind == .sub { collect(element.content) } else {
                        collect(element.content.filter { if case .inline = $0 { return true } else { return false } })
                    }
                }
            }
        }
        collect(runs)
        return result
    }

    /// The number of inline elements, nested ones included.
    public var inlineElementCount: Int {
        func count(_ runs: [TMXContentRun]) -> Int {
            runs.reduce(0) { total, run in
                if case .inline(let element) = run { return total + 1 + count(element.content) }
                return total
            }
        }
        return count(runs)
    }
}

/// A `<tuv>`: one language's version of a unit.
public struct TMXVariant: Sendable, Hashable {
    /// `xml:lang` (or TMX 1.1 `lang`), as written.
    public var language: String
    /// Other attributes in file order (`creationdate`, `changeid`, `o-encoding`, …), `xml:lang` excluded.
    public var attributes: [XMLAttribute]
    public var annotations: [TMXAnnotation]
    public var content: TMXSegmentContent

    public init(
        language: String, content: TMXSegmentContent, attributes: [XMLAttribute] = [],
        annotations: [TMXAnnotation] = []
    ) {
        self.language = language
        self.content = content
        self.attributes = attributes
        self.annotations = annotations
    }

    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }
}

/// A `<tu>`: a translation unit.
public struct TMXUnit: Sendable, Hashable {
    /// Attributes in file order (`tuid`, `srclang`, `creationdate`, `usagecount`, …).
    public var attributes: [XMLAttribute]
    public var annotations: [TMXAnnotation]
    public var variants: [TMXVariant]
    /// 1-based line of `<tu>` in the file it was read from (0 when built in memory).
    public var line: Int

    public init(
        attributes: [XMLAttribute] = [], annotations: [TMXAnnotation] = [], variants: [TMXVariant] = [],
        line: Int = 0
    ) {
        self.attributes = attributes
        self.annotations = annotations
        self.variants = variants
        self.line = line
    }

    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// Sets an attribute, replacing its value where it exists and appending it otherwise.
    public mutating func setAttribute(_ name: String, _ value: String) {
        if let index = attributes.firstIndex(where: { $0.name == name }) {
            attributes[index].value = value
        } else {
            attributes.append(XMLAttribute(name: name, value: value))
        }
    }

    public var tuid: String? { attribute("tuid") }

    public var properties: [TMXProperty] {
        annotations.compactMap { if case .property(let property) = $0 { return property } else { return nil } }
    }

    public var notes: [TMXNote] {
        annotations.compactMap { if case .note(let note) = $0 { return note } else { return nil } }
    }

    /// The first variant whose language matches `language` (case-insensitive; `ar` also matches `ar-SA`).
    public func variant(for language: String) -> TMXVariant? {
        variants.first { LanguageTag.matches($0.language, language) }
    }
}

/// The `<header>`.
public struct TMXHeader: Sendable, Hashable {
    /// Attributes in file order: the seven required ones and any optional ones.
    public var attributes: [XMLAttribute]
    public var annotations: [TMXAnnotation]
    /// `<ude>` elements (user-defined encodings, each with its `<map>` children), kept for the round trip.
    public var userDefinedEncodings: [XMLElement]

    public init(
        attributes: [XMLAttribute] = [], annotations: [TMXAnnotation] = [], userDefinedEncodings: [XMLElement] = []
    ) {
        self.attributes = attributes
        self.annotations = annotations
        self.userDefinedEncodings = userDefinedEncodings
    }

    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    /// `srclang`: a language code, or `*all*`.
    public var sourceLanguage: String? { attribute("srclang") }
}

/// Language tags as TMX and BCP 47 use them: compared case-insensitively; a bare language matches its regions.
public enum LanguageTag {
    /// True when `tag` is `wanted` or a regional form of it (`ar-SA` for `ar`), ignoring case and `_`/`-`.
    public static func matches(_ tag: String, _ wanted: String) -> Bool {
        let a = canonical(tag)
        let b = canonical(wanted)
        return a == b || a.hasPrefix(b + "-") || b.hasPrefix(a + "-")
    }

    /// Lower case with `-` separators (`AR_sa` → `ar-sa`).
    public static func canonical(_ tag: String) -> String {
        // On bytes: Foundation's replacing cost more than matching a sentence against a glossary.
        let lower = tag.lowercased()
        guard lower.utf8.contains(UInt8(ascii: "_")) else { return lower }
        return String(decoding: lower.utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: "-") : $0 }, as: UTF8.self)
    }

    /// The primary language subtag (`ar-SA` → `ar`).
    public static func primary(_ tag: String) -> String {
        String(tag.lowercased().prefix { $0 != "-" && $0 != "_" })
    }
}
