import Foundation
import QantaraXML
import Testing

@testable import QantaraTMX

@Suite("TMXValidator")
struct TMXValidatorTests {
    @Test func aCompleteTMX14FileIsValid() {
        let report = TMXValidator.validate(path: TestFiles.fixture("rich.tmx"))
        #expect(report.problems.map(\.description) == [])
        #expect(report.isValid)
        #expect(report.units == 3)
    }

    @Test func reportsWhatTheDTDCannotSeeWithLines() {
        let path = TestFiles.fixture("invalid-codes.tmx")
        let report = TMXValidator.validate(path: path)
        #expect(!report.isValid)
        let lines = report.problems.map { "\($0.line): \($0.message)" }
        func has(_ line: Int, _ fragment: String) -> Bool {
            lines.contains { $0.hasPrefix("\(line): ") && $0.contains(fragment) }
        }
        #expect(has(3, "creationdate=\"2024-01-01\""))
        #expect(has(6, "<ept i=\"1\">"))
        #expect(has(6, "<bpt i=\"2\">"))
        #expect(has(6, "x=\"1\" is a <bpt>"))
        #expect(has(10, "tuid \"dup\" is used again"))
        #expect(has(10, "usagecount=\"many\""))
        #expect(has(10, "\"en_US\" is not a language code"))
        #expect(has(10, "source language en"))
        #expect(report.problems.allSatisfy { $0.file == path && $0.line > 0 })
    }

    @Test func tmx11IsNotValidTMX14() {
        let report = TMXValidator.validate(path: TestFiles.fixture("tmx11.tmx"))
        #expect(!report.isValid)
        #expect(report.problems.contains { $0.message.contains("TMX 1.1") })
        #expect(report.problems.contains { $0.message.contains("DTD") })
    }

    @Test func notWellFormedAndMissingFilesAreReportedApart() {
        let truncated = TMXValidator.validate(path: TestFiles.fixture("truncated.tmx"))
        #expect(truncated.problems.count == 1)
        #expect(truncated.unreadable == nil)
        let missing = TMXValidator.validate(path: "/nonexistent/x.tmx")
        #expect(missing.unreadable != nil)
        #expect(!missing.isValid)
    }

    /// The DTD is checked while reading, finished units freed: problems far into the file still come with
    /// their lines, an element misplaced in `body` is still seen, and a DOCTYPE naming a URL is not followed.
    @Test func dtdValidationWhileReadingKeepsLinesAndSeesMisplacedElements() throws {
        let folder = try TestFiles.temporaryFolder()
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE tmx SYSTEM "http://example.invalid/tmx14.dtd">
            <tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" \
            adminlang="en" srclang="en" datatype="plaintext"/>
            <body>

            """
        for number in 0..<500 {
            text += "<tu tuid=\"\(number)\"><tuv xml:lang=\"en\"><seg>one</seg></tuv><tuv xml:lang=\"ar\"><seg>واحد</seg></tuv></tu>\n"
        }
        text += "<tu><tuv xml:lang=\"en\"><seg>x</seg><bad/></tuv></tu>\n<note>loose</note>\n</body></tmx>\n"
        let path = try TestFiles.write(text, named: "late.tmx", in: folder)
        let dtd = TMXValidator.validate(path: path).problems.filter { $0.message.contains("DTD") }
        #expect(dtd.contains { $0.line == 505 && $0.message.contains("bad") })
        #expect(dtd.contains { $0.message.contains("body content") }, "the note directly in body")
        #expect(dtd.count >= 2)
    }

    @Test func languageTagSyntax() {
        for good in ["ar", "en-US", "zh-Hant-TW", "x-klingon", "i-default", "AR-sa", "ast"] {
            #expect(LanguageTag.syntaxProblem(good) == nil, "\(good)")
        }
        for bad in ["", "en_US", "e", "en-", "1en", "en-toolongsubtag", "x", "ar sa"] {
            #expect(LanguageTag.syntaxProblem(bad) != nil, "\(bad)")
        }
    }
}
