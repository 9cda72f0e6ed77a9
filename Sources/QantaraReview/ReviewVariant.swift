import QantaraTMX
import QantaraXML

/// What a review pair keeps of one input variant besides the text it shows: the `tuv` attributes, props
/// and notes, and the segment with its inline codes (`bpt`, `ph`, …). The export writes them back, the
/// segment only while the reviewer has left that side's text as it was, so reviewing a TMX from another
/// tool loses neither its tags nor its metadata.
public struct ReviewVariant: Codable, Sendable, Hashable {
    /// A `prop` or a `note` of the variant, in file order.
    public enum Annotation: Codable, Sendable, Hashable {
        case property(type: String, value: String, language: String?, encoding: String?)
        case note(text: String, language: String?, encoding: String?)
    }

    /// A run of the segment: text, or an inline element with its attributes and content.
    public indirect enum Run: Codable, Sendable, Hashable {
        case text(String)
        case inline(kind: String, attributes: [[String]], content: [Run])
    }

    /// The text the pair showed for this side when it was made.
    public var text: String
    /// Attributes other than `xml:lang` (qualified name, value).
    public var attributes: [[String]]
    public var annotations: [Annotation]
    /// The segment's runs when it holds inline elements; nil when it is plain text or was edited.
    public var content: [Run]?

    /// The parts of `variant` worth keeping, or nil when it is plain text without attributes or annotations.
    public init?(_ variant: TMXVariant, text: String) {
        let hasCodes = variant.content.inlineElementCount > 0
        guard hasCodes || !variant.attributes.isEmpty || !variant.annotations.isEmpty else { return nil }
        self.text = text
        attributes = variant.attributes.map { [$0.qualifiedName, $0.value] }
        annotations = variant.annotations.map {
            switch $0 {
            case .property(let p): .property(type: p.type, value: p.value, language: p.language, encoding: p.originalEncoding)
            case .note(let n): .note(text: n.text, language: n.language, encoding: n.originalEncoding)
            }
        }
        content = hasCodes ? variant.content.runs.map(Self.run) : nil
    }

    /// The variant to export for `text`: the kept segment if the text is still the one it showed.
    public func variant(language: String, text: String) -> TMXVariant {
        let segment = content.flatMap { text == self.text ? TMXSegmentContent(runs: $0.map(Self.contentRun)) : nil }
        return TMXVariant(
            language: language, content: segment ?? TMXSegmentContent(text: text),
            attributes: attributes.compactMap(Self.attribute),
            annotations: annotations.map {
                switch $0 {
                case .property(let type, let value, let language, let encoding):
                    .property(TMXProperty(type: type, value: value, language: language, originalEncoding: encoding))
                case .note(let text, let language, let encoding):
                    .note(TMXNote(text: text, language: language, originalEncoding: encoding))
                }
            })
    }

    private static func run(_ run: TMXContentRun) -> Run {
        switch run {
        case .text(let text): .text(text)
        case .inline(let element):
            .inline(
                kind: element.kind.rawValue, attributes: element.attributes.map { [$0.qualifiedName, $0.value] },
                content: element.content.map(Self.run))
        }
    }

    private static func contentRun(_ run: Run) -> TMXContentRun {
        switch run {
        case .text(let text): return .text(text)
        case .inline(let kind, let attributes, let content):
            guard let kind = TMXInlineKind(rawValue: kind) else { return .text("") }
            return .inline(TMXInlineElement(
                kind: kind, attributes: attributes.compactMap(Self.attribute), content: content.map(Self.contentRun)))
        }
    }

    /// An attribute from its qualified name and value (`xml:` names keep their prefix).
    static func attribute(_ pair: [String]) -> XMLAttribute? {
        guard pair.count == 2 else { return nil }
        let parts = pair[0].split(separator: ":", maxSplits: 1)
        return parts.count == 2
            ? XMLAttribute(name: String(parts[1]), prefix: String(parts[0]), value: pair[1])
            : XMLAttribute(name: pair[0], value: pair[1])
    }
}
