import Testing
import QantaraXML
@testable import QantaraTMX

@Suite("TMX model")
struct TMXModelTests {
    @Test func plainTextSkipsNativeCodesButKeepsHighlightedText() {
        let content = TMXSegmentContent(runs: [
            .text("Click "),
            .inline(TMXInlineElement(kind: .bpt, attributes: [XMLAttribute(name: "i", value: "1")], content: [.text("<b>")])),
            .text("OK"),
            .inline(TMXInlineElement(kind: .ept, attributes: [XMLAttribute(name: "i", value: "1")], content: [.text("</b>")])),
            .inline(TMXInlineElement(kind: .hi, content: [.text(" now")])),
        ])
        #expect(content.plainText == "Click OK now")
        #expect(content.inlineElementCount == 3)
    }

    @Test func variantLookupIgnoresCaseAndAcceptsRegions() {
        let unit = TMXUnit(variants: [
            TMXVariant(language: "AR-sa", content: TMXSegmentContent(text: "نص")),
            TMXVariant(language: "en-GB", content: TMXSegmentContent(text: "text")),
        ])
        #expect(unit.variant(for: "ar")?.content.plainText == "نص")
        #expect(unit.variant(for: "en-gb")?.content.plainText == "text")
        #expect(unit.variant(for: "en-US") == nil)
        #expect(unit.variant(for: "fr") == nil)
    }
}
