import Foundation
import QantaraXML
import Testing

@testable import QantaraTMX

@Suite("TMXWriter")
struct TMXWriterTests {
    @Test func roundTripKeepsEverythingTheModelHolds() throws {
        let (_, output) = try TestFiles.output("out.tmx")
        let summary = try TMXConcatenation.concatenate([TestFiles.fixture("rich.tmx")], into: output)
        #expect(summary.written == 3)
        let original = try TMXReader(path: TestFiles.fixture("rich.tmx"))
        let originalUnits = try original.readAll()
        let copy = try TMXReader(path: output)
        let copyUnits = try copy.readAll()
        #expect(copy.header.annotations == original.header.annotations)
        #expect(copy.header.userDefinedEncodings.map(\.attributes) == original.header.userDefinedEncodings.map(\.attributes))
        #expect(copyUnits.map(\.withoutLine) == originalUnits.map(\.withoutLine))
        #expect(copy.warnings.isEmpty)
    }

    @Test func writesValidTMX14WithoutIndentationInsideSegments() throws {
        let (_, output) = try TestFiles.output("out.tmx")
        let writer = try TMXWriter(destination: output, header: .qantara(sourceLanguage: "ar", creationDate: "20240101T000000Z"))
        try writer.write(
            TMXUnit(
                attributes: [XMLAttribute(name: "tuid", value: "1")],
                annotations: [.property(TMXProperty(type: "x-qantara-bead", value: "1-1"))],
                variants: [
                    TMXVariant(language: "ar", content: TMXSegmentContent(text: " نص\n")),
                    TMXVariant(
                        language: "en",
                        content: TMXSegmentContent(runs: [
                            .text("a "), .inline(TMXInlineElement(kind: .ph, attributes: [XMLAttribute(name: "x", value: "1")], content: [.text("<br/>")])),
                        ])),
                ]))
        try writer.finish()
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">"))
        #expect(text.contains("<seg> نص\n</seg>"))
        #expect(text.contains("<seg>a <ph x=\"1\">&lt;br/&gt;</ph></seg>"))
        #expect(text.contains("version=\"1.4\""))
        #expect(XMLValidator.validate(path: output, dtdText: TMX14DTD.text).isEmpty)
    }

    @Test func adjustsTMX11InputToValidTMX14() throws {
        let (_, output) = try TestFiles.output("out.tmx")
        _ = try TMXConcatenation.concatenate([TestFiles.fixture("tmx11.tmx")], into: output)
        let text = try String(contentsOfFile: output, encoding: .utf8)
        #expect(text.contains("<tuv xml:lang=\"EN\">"))
        #expect(!text.contains(" lang="))
        #expect(XMLValidator.validate(path: output, dtdText: TMX14DTD.text).isEmpty)
    }

    @Test func leavesOutAttributesTMX14DoesNotDeclareAndSaysSo() throws {
        let (_, output) = try TestFiles.output("out.tmx")
        var header = TMXHeader.qantara(sourceLanguage: "en")
        header.attributes.append(XMLAttribute(name: "x-custom", value: "1"))
        let writer = try TMXWriter(destination: output, header: header)
        try writer.write(
            TMXUnit(
                attributes: [XMLAttribute(name: "bogus", value: "1")],
                variants: [TMXVariant(language: "en", content: TMXSegmentContent(text: "a\u{1}b"))]))
        try writer.finish()
        #expect(writer.adjustments.count == 3)
        #expect(writer.adjustments.contains { $0.contains("bogus") })
        #expect(XMLValidator.validate(path: output, dtdText: TMX14DTD.text).isEmpty)
        let unit = try #require(try TMXReader(path: output).next())
        #expect(unit.variants.first?.content.plainText == "a\u{FFFD}b")
    }

    @Test func noncharactersXMLCannotCarryBecomeReplacementCharacters() throws {
        let (_, output) = try TestFiles.output("out.tmx")
        let writer = try TMXWriter(destination: output, header: .qantara(sourceLanguage: "en"))
        // U+FFFE and U+FFFF start with the same bytes as U+F000 and U+FFFD, which XML allows.
        try writer.write(
            TMXUnit(
                annotations: [.property(TMXProperty(type: "x-note", value: "p\u{FFFF}"))],
                variants: [TMXVariant(language: "en", content: TMXSegmentContent(text: "a\u{FFFE}b\u{FFFF}c\u{F000}\u{FFFD}\u{FFFE}"))]))
        try writer.finish()
        #expect(writer.adjustments.count == 1)
        #expect(XMLValidator.validate(path: output, dtdText: TMX14DTD.text).isEmpty)
        let unit = try #require(try TMXReader(path: output).next())
        #expect(unit.variants.first?.content.plainText == "a\u{FFFD}b\u{FFFD}c\u{F000}\u{FFFD}\u{FFFD}")
        #expect(unit.properties.first?.value == "p\u{FFFD}")
    }

    @Test func anUnfinishedWriteLeavesNothingBehind() throws {
        let (folder, output) = try TestFiles.output("out.tmx")
        do {
            let writer = try TMXWriter(destination: output, header: .qantara(sourceLanguage: "en"))
            try writer.write(TMXUnit(variants: [TMXVariant(language: "en", content: TMXSegmentContent(text: "x"))]))
        }
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func catOfABadFileWritesNothing() throws {
        let (folder, output) = try TestFiles.output("out.tmx")
        #expect(throws: TMXError.self) {
            _ = try TMXConcatenation.concatenate(
                [TestFiles.fixture("rich.tmx"), TestFiles.fixture("truncated.tmx")], into: output)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func catMergesFilesAndKeepsEachUnitsSourceLanguage() throws {
        let (_, output) = try TestFiles.output("out.tmx")
        let summary = try TMXConcatenation.concatenate(
            [TestFiles.fixture("rich.tmx"), TestFiles.fixture("utf16le-bom.tmx")], into: output)
        #expect(summary.written == 4)
        let units = try TMXReader(path: output).readAll()
        #expect(units.last?.attribute("srclang") == "en")
        #expect(units.first?.attribute("srclang") == nil)
    }

    @Test func headerFactoryAndDates() throws {
        let header = TMXHeader.qantara(sourceLanguage: "ar")
        for name in TMX14.requiredHeaderAttributes { #expect(header.attribute(name) != nil) }
        #expect(header.attribute("creationtool") == "Qantara")
        #expect(TMXDate.isValid(header.attribute("creationdate") ?? ""))
        #expect(TMXDate.format(Date(timeIntervalSince1970: 1_700_000_000)) == "20231114T221320Z")
        #expect(TMXDate.parse("20231114T221320Z") == Date(timeIntervalSince1970: 1_700_000_000))
        for bad in ["2023-11-14", "20231314T000000Z", "20230230T000000Z", "20231114T246000Z", "20231114T221320"] {
            #expect(!TMXDate.isValid(bad))
        }
        #expect(TMXDate.isValid("20240229T000000Z"))
    }

    @Test func compiledDTDIsTheResourceFile() throws {
        let resource = TestFiles.packageRoot.appendingPathComponent("Sources/QantaraTMX/Resources/tmx14.dtd").path
        let text = try String(contentsOfFile: resource, encoding: .utf8)
        #expect(text == TMX14DTD.text)
    }
}
