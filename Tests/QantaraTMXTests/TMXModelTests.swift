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

    @Test func textOnlyContentEqualsAndHashesLikeItsRunList() {
        let plain = TMXSegmentContent(text: "نص")
        let listed = TMXSegmentContent(runs: [.text("نص")])
        #expect(plain == listed)
        #expect(plain.hashValue == listed.hashValue)
        #expect(plain.runs == [.text("نص")])
        #expect(TMXSegmentContent(text: "") == TMXSegmentContent(runs: []))
        #expect(TMXSegmentContent(text: "").runs.isEmpty)
        #expect(plain != TMXSegmentContent(runs: [.text("ن"), .text("ص")]))
        #expect(Set([plain, listed, TMXSegmentContent(text: "other")]).count == 2)
    }

    @Test func settingRunsOnTextOnlyContentReplacesTheText() {
        var content = TMXSegmentContent(text: "Click")
        content.runs.append(.inline(TMXInlineElement(kind: .ph, content: [.text("<br/>")])))
        #expect(content.runs.count == 2)
        #expect(content.plainText == "Click")
        #expect(content.inlineElementCount == 1)
        content.runs = [.text("again")]
        #expect(content == TMXSegmentContent(text: "again"))
    }
}
