import Foundation
import QantaraTMX
import QantaraXML

/// What a review pair keeps of one input variant besides the text it shows: the `tuv` attributes, props
/// and notes, and the segment with its inline codes (`bpt`, `ph`, …). The export writes them back, the
/// segment only while the reviewer has left that side's text as it was, so reviewing a TMX from another
/// tool loses neither its tags nor its metadata.
public struct ReviewVariant: Codable, Sendable, Hashable {
    /// Attributes other than `xml:lang` (qualified name, value).
    public var attributes: [[String]]
    /// Props and notes, in file order.
    public var annotations: [TMXAnnotation]
    /// The segment when it holds inline elements; nil when it is plain text.
    public var content: TMXSegmentContent?

    /// The parts of `variant` worth keeping, or nil when it is plain text without attributes or annotations.
    public init?(_ variant: TMXVariant) {
        let hasCodes = variant.content.inlineElementCount > 0
        guard hasCodes || !variant.attributes.isEmpty || !variant.annotations.isEmpty else { return nil }
        attributes = variant.attributes.map { [$0.qualifiedName, $0.value] }
        annotations = variant.annotations
        content = hasCodes ? variant.content : nil
    }

    /// The variant to export for `text`: the kept segment while `text` is still its plain text (as the
    /// pair was made from it), else `text` alone.
    public func variant(language: String, text: String) -> TMXVariant {
        let segment = content.flatMap { $0.plainText.trimmingCharacters(in: .whitespacesAndNewlines) == text ? $0 : nil }
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
