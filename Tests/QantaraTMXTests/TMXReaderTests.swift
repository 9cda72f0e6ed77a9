import Foundation
import QantaraXML
import Testing

@testable import QantaraTMX

@Suite("TMXReader")
struct TMXReaderTests {
    @Test func readsHeaderWithAttributesAnnotationsInOrderAndUserEncodings() throws {
        let reader = try TMXReader(path: TestFiles.fixture("rich.tmx"))
        #expect(reader.version == "1.4")
        #expect(reader.header.sourceLanguage == "ar")
        #expect(reader.header.attribute("creationid") == "q&a")
        #expect(reader.header.attributes.map(\.name).prefix(3) == ["creationtool", "creationtoolversion", "segtype"])
        #expect(
            reader.header.annotations == [
                .note(TMXNote(text: "header note one")),
                .property(TMXProperty(type: "x-domain", value: "news")),
                .note(TMXNote(text: "header note two", language: "en")),
            ])
        let ude = try #require(reader.header.userDefinedEncodings.first)
        #expect(ude.attribute("name") == "MacArabic")
        #expect(ude.elements(named: "map").first?.attribute("subst") == "[Apple]")
    }

    @Test func readsUnitsWithAttributesAnnotationsAndInlineStructure() throws {
        let reader = try TMXReader(path: TestFiles.fixture("rich.tmx"))
        let units = try reader.readAll()
        #expect(units.count == 3)
        let first = units[0]
        #expect(first.tuid == "u1")
        #expect(first.attribute("usagecount") == "3")
        #expect(first.attribute("changeid") == "a&b")
        #expect(first.line == 14)
        #expect(
            first.annotations == [
                .property(TMXProperty(type: "x-qantara-confidence", value: "0.93")),
                .note(TMXNote(text: "unit note")),
                .property(TMXProperty(type: "x-qantara-bead", value: "1-2")),
            ])
        let arabic = try #require(first.variant(for: "ar"))
        #expect(arabic.attribute("creationid") == "translator")
        #expect(arabic.annotations == [.property(TMXProperty(type: "x-origin", value: "seed"))])
        #expect(arabic.content.plainText == "قال زيلينسكي إن  المحادثاتصورة مستمرة.")
        #expect(arabic.content.inlineElementCount == 4)
        guard case .inline(let bold) = arabic.content.runs[1] else {
            Issue.record("expected <bpt> as the second run")
            return
        }
        #expect(bold.kind == .bpt)
        #expect(bold.attributes.map(\.name) == ["i", "x", "type"])
        #expect(bold.content == [.text("<b>")])
        guard case .inline(let image) = arabic.content.runs[5] else {
            Issue.record("expected <ph> as the sixth run")
            return
        }
        #expect(image.content == [.text("<img alt=\""), .inline(TMXInlineElement(kind: .sub, content: [.text("صورة")])), .text("\">")])
    }

    @Test func keepsWhitespaceInsideSegmentsExactly() throws {
        let units = try TMXReader(path: TestFiles.fixture("rich.tmx")).readAll()
        let english = try #require(units[1].variant(for: "en-gb"))
        #expect(english.content.plainText == "  two  spaces,\na line break and a\ttab ")
        #expect(units[1].attribute("srclang") == "EN-gb")
        #expect(units[2].variants.map(\.language) == ["ar", "fr", "en"])
        #expect(units[2].variants[0].content.runs.isEmpty)
    }

    @Test(arguments: ["utf16le-bom.tmx", "utf16be-bom.tmx", "utf8-bom.tmx"])
    func readsUnicodeEncodingsMarkedByABOM(file: String) throws {
        let units = try TMXReader(path: TestFiles.fixture(file)).readAll()
        #expect(units.count == 1)
        #expect(units.first?.variant(for: "ar")?.content.plainText == "مرحبا")
    }

    @Test func decodesCharacterReferencesInTextAndAttributes() throws {
        let reader = try TMXReader(path: TestFiles.fixture("ascii-charrefs.tmx"))
        #expect(reader.header.sourceLanguage == "*all*")
        let unit = try #require(try reader.next())
        #expect(unit.tuid == "مر")
        #expect(unit.variant(for: "ar")?.content.plainText == "مرحبا 😀")
        #expect(unit.variant(for: "en")?.content.plainText == "café & more")
        #expect(reader.warnings.isEmpty)
    }

    @Test func readsTMX11LangAttributesAndWarnsOnce() throws {
        let reader = try TMXReader(path: TestFiles.fixture("tmx11.tmx"))
        let units = try reader.readAll()
        #expect(reader.version == "1.1")
        #expect(units.map { $0.variants.map(\.language) } == [["EN", "AR"], ["en-US", "ar"]])
        #expect(units[0].variants[0].attributes.isEmpty)
        let messages = reader.warnings.map(\.message)
        #expect(messages.filter { $0.contains("lang=") }.count == 1)
        // The second unit has en-US but no tuv in exactly "EN".
        #expect(reader.warnings.contains { $0.line == 10 && $0.message.contains("source language EN") })
    }

    /// The parser runs on a stack of its own: a reader dropped before the end is freed, and one whose
    /// units are taken on one thread and then another reads them all, in order.
    @Test func readsOnAnyThreadAndCanBeDroppedBeforeTheEnd() throws {
        let units = (1...300).map { #"<tu tuid="\#($0)"><tuv xml:lang="en"><seg>unit \#($0)</seg></tuv></tu>"# }
        let body = units.joined(separator: "\n")
        let data = Data(#"<tmx version="1.4">\#(TestFiles.header)<body>\#(body)</body></tmx>"#.utf8)
        for stop in [0, 1, 150] {
            let reader = try TMXReader(data: data, file: "dropped.tmx")
            for _ in 0..<stop { _ = try reader.next() }
        }
        final class Shared: @unchecked Sendable {
            let reader: TMXReader
            var tuids: [String] = []
            init(_ reader: TMXReader) { self.reader = reader }
        }
        let shared = Shared(try TMXReader(data: data, file: "threads.tmx"))
        for _ in 0..<3 {
            let done = DispatchSemaphore(value: 0)
            Thread {
                for _ in 0..<100 { if let unit = try? shared.reader.next() { shared.tuids.append(unit.tuid ?? "") } }
                done.signal()
            }.start()
            done.wait()
        }
        #expect(shared.tuids == (1...300).map(String.init))
        #expect(try shared.reader.next() == nil)
    }

    @Test func reportsUnknownElementsAsWarningsAndKeepsTheirText() throws {
        let folder = try TestFiles.temporaryFolder()
        let path = try TestFiles.write(
            """
            <tmx version="1.4">\(TestFiles.header)<body>
            <tu><tuv xml:lang="en"><seg>a <font>b</font> c</seg></tuv><extra>x</extra></tu>
            </body></tmx>
            """, named: "unknown.tmx", in: folder)
        let reader = try TMXReader(path: path)
        let units = try reader.readAll()
        #expect(units.first?.variants.first?.content.plainText == "a b c")
        #expect(reader.warnings.map(\.message).contains { $0.contains("<font>") })
        #expect(reader.warnings.map(\.message).contains { $0.contains("<extra>") })
    }

    @Test(arguments: [
        ("truncated.tmx", 27), ("mislabelled-utf16.tmx", 1),
    ])
    func reportsNotWellFormedFilesWithFileAndLine(file: String, line: Int) throws {
        let path = TestFiles.fixture(file)
        #expect {
            let reader = try TMXReader(path: path)
            _ = try reader.readAll()
        } throws: { error in
            guard let error = error as? TMXError else { return false }
            return error.file == path && error.line == line && !error.isUnreadable
                && (file != "truncated.tmx" || error.message.contains("cut off?): <tmx> <body> <tu> <tuv> not closed"))
        }
    }

    @Test func reportsEmptyRandomAndNonTMXInputAsErrors() throws {
        let folder = try TestFiles.temporaryFolder()
        let empty = try TestFiles.write("", named: "empty.tmx", in: folder)
        let notTMX = try TestFiles.write("<?xml version=\"1.0\"?>\n<html><body/></html>", named: "page.tmx", in: folder)
        var generator = SystemRandomNumberGenerator()
        let noise = folder.appendingPathComponent("noise.tmx").path
        try Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(
            to: URL(fileURLWithPath: noise))
        for path in [empty, notTMX, noise] {
            #expect(throws: TMXError.self) { _ = try TMXReader(path: path).readAll() }
        }
        do {
            _ = try TMXReader(path: notTMX)
        } catch let error as TMXError {
            #expect(error.line == 2)
            #expect(error.message.contains("not <tmx>"))
        }
    }

    @Test func aMissingFileIsUnreadableNotBad() {
        #expect {
            _ = try TMXReader(path: "/nonexistent/q.tmx")
        } throws: { error in
            (error as? TMXError)?.isUnreadable == true
        }
    }

    @Test func readsManyUnitsAcrossChunks() throws {
        let folder = try TestFiles.temporaryFolder()
        let count = 3000
        var text = "<tmx version=\"1.4\">\(TestFiles.header)<body>\n"
        for index in 0..<count {
            text += "<tu tuid=\"\(index)\"><tuv xml:lang=\"en\"><seg>Unit number \(index) with some padding text</seg></tuv>"
            text += "<tuv xml:lang=\"ar\"><seg>الوحدة رقم \(index)</seg></tuv></tu>\n"
        }
        text += "</body></tmx>\n"
        let path = try TestFiles.write(text, named: "many.tmx", in: folder)
        let reader = try TMXReader(path: path)
        var seen = 0
        while let unit = try reader.next() {
            #expect(unit.tuid == String(seen))
            #expect(unit.line == seen + 2)
            seen += 1
        }
        #expect(seen == count)
    }

    /// Short values are kept in a small cache keyed by their bytes: thousands of distinct ones (more than
    /// it has slots), repeated ones, empty ones and a 15/16-byte boundary must all come back unchanged.
    @Test func shortValuesAndTextsSurviveTheStringCache() throws {
        let folder = try TestFiles.temporaryFolder()
        let count = 2000
        func short(_ index: Int) -> String { index % 7 == 0 ? "" : "v\(index % 500)é" }
        var text = "<tmx version=\"1.4\">\(TestFiles.header)<body>\n"
        for index in 0..<count {
            let long = String(repeating: "x", count: 14 + index % 3)
            text += "<tu tuid=\"\(index)\" x-a=\"\(short(index))\" x-b=\"\(long)\"><prop type=\"t\(index % 300)\">\(short(index + 1))</prop>"
            text += "<tuv xml:lang=\"\(index % 2 == 0 ? "en" : "ar")\"><seg>\(short(index + 2))</seg></tuv></tu>\n"
        }
        text += "</body></tmx>\n"
        let path = try TestFiles.write(text, named: "short.tmx", in: folder)
        let reader = try TMXReader(path: path)
        var seen = 0
        while let unit = try reader.next() {
            #expect(unit.attribute("x-a") == short(seen))
            #expect(unit.attribute("x-b") == String(repeating: "x", count: 14 + seen % 3))
            #expect(unit.properties.first?.type == "t\(seen % 300)")
            #expect(unit.properties.first?.value == short(seen + 1))
            #expect(unit.variants.first?.language == (seen % 2 == 0 ? "en" : "ar"))
            #expect(unit.variants.first?.content == TMXSegmentContent(text: short(seen + 2)))
            seen += 1
        }
        #expect(seen == count)
    }
}

@Suite("TMXReader on hostile input")
struct TMXHostileInputTests {
    private func read(_ text: String) throws -> (units: [TMXUnit], error: TMXError?) {
        let folder = try TestFiles.temporaryFolder()
        let path = try TestFiles.write(text, named: "hostile.tmx", in: folder)
        var units: [TMXUnit] = []
        do {
            let reader = try TMXReader(path: path)
            while let unit = try reader.next() { units.append(unit) }
            return (units, nil)
        } catch let error as TMXError {
            return (units, error)
        }
    }

    @Test func neverReadsExternalEntities() throws {
        for doctype in [
            #"<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>"#,
            #"<!DOCTYPE tmx SYSTEM "tmx14.dtd" [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>"#,
        ] {
            let result = try read(
                """
                <?xml version="1.0"?>
                \(doctype)
                <tmx version="1.4">\(TestFiles.header)<body><tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv></tu></body></tmx>
                """)
            let text = result.units.flatMap(\.variants).map(\.content.plainText).joined()
            #expect(!text.contains("root:"))
            #expect(result.error != nil || text.isEmpty)
        }
    }

    @Test func stopsAnEntityExpansionBomb() throws {
        var entities = #"<!ENTITY lol0 "lolololololololololol">"#
        for level in 1...12 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let result = try read(
            """
            <?xml version="1.0"?>
            <!DOCTYPE tmx [\(entities)]>
            <tmx version="1.4">\(TestFiles.header)<body><tu><tuv xml:lang="en"><seg>&lol12;</seg></tuv></tu></body></tmx>
            """)
        #expect(result.error != nil)
        #expect(result.units.isEmpty)
    }

    @Test func ignoresADoctypeThatPointsAtAURL() throws {
        let result = try read(
            """
            <?xml version="1.0"?>
            <!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd">
            <tmx version="1.4">\(TestFiles.header)<body><tu><tuv xml:lang="en"><seg>a</seg></tuv></tu></body></tmx>
            """)
        #expect(result.error == nil)
        #expect(result.units.count == 1)
    }

    @Test(arguments: ["hi", "x"])
    func refusesDeepNesting(element: String) throws {
        let depth = 200_000
        let inner = String(repeating: "<\(element)>", count: depth) + "x" + String(repeating: "</\(element)>", count: depth)
        let result = try read(
            """
            <tmx version="1.4">\(TestFiles.header)<body><tu><tuv xml:lang="en"><seg>\(inner)</seg></tuv></tu></body></tmx>
            """)
        let error = try #require(result.error)
        #expect(error.message.contains("nested"))
    }
}
