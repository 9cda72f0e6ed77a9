import QantaraTMX
import QantaraXML

/// What a review pair keeps of one input variant besides the text it shows: the `tuv` attributes, props
/// and notes, and the segment with its inline codes (`bpt`, `ph`, …). The export writes them back, the
/// segment only while the reviewer has left that side's text as it was, so reviewing a TMX from another
/// tool loses neither its tags nor its metadata.
public struct ReviewVariant: Codable, Sendable, Hashable {
    /// The text the pair showed for this side when it was made.
    public var text: String
    /// Attributes other than `xml:lang` (qualified name, value).
    public var attributes: [[String]]
    /// Props and notes, in file order.
    public var annotations: [TMXAnnotation]
    /// The segment when it holds inline elements; nil when it is plain text or was edited.
    public var content: TMXSegmentContent?

    /// The parts of `variant` worth keeping, or nil when it is plain text without attributes or annotations.
    public init?(_ variant: TMXVariant, text: String) {
        let hasCodes = variant.content.inlineElementCount > 0
        guard hasCodes || !variant.attributes.isEmpty || !variant.annotations.isEmpty else { return nil }
        self.text = text
        attributes = variant.attributes.map { [$0.qualifiedName, $0.value] }
        annotations = variant.annotations
        content = hasCodes ? variant.content : nil
    }

    /// The variant to export for `text`: the kept segment if the text is still the one it showed.
    public func variant(language: String, text: String) -> TMXVariant {
        let segment = text == self.text ? content : nil
        return TMXVariant(
            language: language, content: segment ?? TMXSegmentContent(text: text),
            attributes: attributes.compactMap(Self.attribute), annotations: annotations)
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
