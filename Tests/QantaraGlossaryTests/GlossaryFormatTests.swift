import Foundation
import QantaraXML
import Testing
@testable import QantaraGlossary

@Suite("Qantara TSV and CSV")
struct DelimitedFormatTests {
    @Test func readsColumnsVariantsAndStatuses() throws {
        let glossary = try TestGlossary.glossary()
        #expect(glossary.entries.count == 17)
        #expect(glossary.warnings.isEmpty)
        let zelensky = try #require(glossary.entries.first { $0.preferredEnglish == "Volodymyr Zelensky" })
        #expect(zelensky.type == .person)
        #expect(zelensky.arabic.map(\.status) == [.preferred, .admitted, .misspelling])
        #expect(zelensky.english.map(\.text) == ["Volodymyr Zelensky", "Zelensky", "Zelenskyy"])
        let kyiv = try #require(glossary.entries.first { $0.preferredEnglish == "Kyiv" })
        #expect(kyiv.english.last == GlossaryTerm("Kiev", status: .deprecated))
        #expect(glossary.entries[0].notes == ["President of Russia"])
        #expect(glossary.entries[0].line == 2)
    }

    @Test func variantsAndNotesAreSplitAndTrimmedOfEverySpace() throws {
        // No-break and thin spaces around the parts, an empty part, a status with spaces inside its brackets.
        let text = TestGlossary.header
            + "PERSON\tبوتين\tPutin\t\u{00A0}بوتن [ misspelling ] ||| فلاديمير\u{2009}| \tPoutine [Deprecated]\t\u{00A0}a ||  b || c\u{00A0}\n"
        let entry = try #require(try Glossary.parse(text: text, csv: false, file: "t.tsv").entries.first)
        #expect(entry.arabic == [
            GlossaryTerm("بوتين", status: .preferred), GlossaryTerm("بوتن", status: .misspelling), GlossaryTerm("فلاديمير"),
        ])
        #expect(entry.english == [GlossaryTerm("Putin", status: .preferred), GlossaryTerm("Poutine", status: .deprecated)])
        #expect(entry.notes == ["a", "b", "c"])
    }

    @Test func rowsWithMissingColumnsAreErrorsWithTheirLine() throws {
        let text = TestGlossary.header + "PERSON\tبوتين\tPutin\t\t\t\nLOC\tروسيا\n# comment\nCITY\tموسكو\tMoscow\t\t\t\n"
        #expect {
            try Glossary.parse(text: text, csv: false, file: "bad.tsv")
        } throws: { error in
            guard let error = error as? GlossaryError else { return false }
            let lines = error.issues.map(\.line)
            return lines == [3, 5] && error.description.contains("bad.tsv:3:") && error.description.contains("unknown type 'CITY'")
        }
    }

    @Test func duplicatesWithConflictingTypesAreErrors() throws {
        let conflicting = TestGlossary.header + "LOC\tعمان\tOman\t\t\t\nORG\tعُمان\tOman\t\t\t\n"
        #expect {
            try Glossary.parse(text: conflicting, csv: false, file: "dup.tsv")
        } throws: { error in
            (error as? GlossaryError)?.issues.first.map { $0.line == 3 && $0.message.contains("line 2") } ?? false
        }
        let repeated = TestGlossary.header + "LOC\tعمان\tOman\t\t\t\nLOC\tعمان\tOman\t\t\t\n"
        let glossary = try Glossary.parse(text: repeated, csv: false, file: "dup.tsv")
        #expect(glossary.entries.count == 1)
        #expect(glossary.warnings.map(\.line) == [3])
    }

    @Test func unknownStatusIsAWarning() throws {
        let glossary = try Glossary.parse(text: TestGlossary.header + "LOC\tكييف\tKyiv\t\tKiev [old]\t\n", csv: false, file: "s.tsv")
        #expect(glossary.entries[0].english.last?.status == .admitted)
        #expect(glossary.warnings.first?.description.hasPrefix("s.tsv:2:") == true)
    }

    @Test func tsvRoundTripKeepsEverything() throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(directory) }
        var glossary = try TestGlossary.glossary()
        glossary.entries[0].source = "Reuters style guide"
        let path = (directory as NSString).appendingPathComponent("out.tsv")
        #expect(try glossary.write(to: path).isEmpty)
        let again = try Glossary.load(path: path)
        #expect(stripLines(again.entries) == stripLines(glossary.entries))
    }

    @Test func csvRoundTripQuotesWhatNeedsIt() throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(directory) }
        var glossary = try TestGlossary.glossary()
        glossary.entries[1].notes = ["spokesman, \"Kremlin\"", "second note"]
        let path = (directory as NSString).appendingPathComponent("out.csv")
        try glossary.write(to: path)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.contains("\"spokesman, \"\"Kremlin\"\" || second note\""))
        #expect(stripLines(try Glossary.load(path: path).entries) == stripLines(glossary.entries))
    }

    @Test func omegatTSVRoundTripKeepsTypesStatusesAndDeprecatedTargets() throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(directory) }
        let glossary = try TestGlossary.glossary()
        let path = (directory as NSString).appendingPathComponent("omegat.txt")
        try glossary.write(to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "a BOM, so OmegaT reads UTF-8 on any platform")
        let again = try Glossary.load(path: path)
        #expect(again.entries.count == glossary.entries.count)
        #expect(again.entries.map { Set($0.english.map(\.text)) } == glossary.entries.map { Set($0.english.map(\.text)) })
        let kyiv = try #require(again.entries.first { $0.preferredEnglish == "Kyiv" })
        #expect(kyiv.type == .location)
        #expect(kyiv.english.contains(GlossaryTerm("Kiev", status: .deprecated)))
        let zelensky = try #require(again.entries.first { $0.preferredEnglish == "Volodymyr Zelensky" })
        #expect(zelensky.arabic.contains(GlossaryTerm("زيلينكسي", status: .misspelling)))
    }

    @Test func writingWhatTheFormatCannotHoldFailsAndWritesNothing() throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(directory) }
        let path = try TestFiles.write("previous content\n", named: "keep.tsv", in: directory)
        let glossary = Glossary(entries: [
            GlossaryEntry(.person, "بوتين", "Putin"),
            GlossaryEntry(type: .misc, arabic: [], english: [GlossaryTerm("galaxy", status: .preferred)]),
        ])
        #expect(throws: GlossaryError.self) { try glossary.write(to: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "previous content\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["keep.tsv"])
    }

    @Test func csvParserFollowsRFC4180() throws {
        let rows = try DelimitedCodec.csvRows("a,\"b, c\",\"d \"\"e\"\"\"\r\n\"multi\nline\",x\n", file: "t.csv")
        #expect(rows.map(\.fields) == [["a", "b, c", "d \"e\""], ["multi\nline", "x"]])
        #expect(rows.map(\.line) == [1, 2])
        #expect(throws: GlossaryError.self) { try DelimitedCodec.csvRows("\"never closed,x\n", file: "t.csv") }
    }

    private func stripLines(_ entries: [GlossaryEntry]) -> [GlossaryEntry] {
        entries.map { var entry = $0; entry.line = 0; return entry }
    }
}

@Suite("TBX")
struct TBXFormatTests {
    private func sampleGlossary() throws -> Glossary {
        var glossary = try TestGlossary.glossary()
        glossary.entries[0].source = "Qantara tests"
        glossary.entries[0].otherLanguages = [LanguageTerms(language: "fr", terms: [GlossaryTerm("Vladimir Poutine", status: .preferred)])]
        glossary.entries[1].arabic[1].note = "short form"
        return glossary
    }

    @Test(arguments: [TBXVersion.v2, .v3])
    func roundTripKeepsEverything(version: TBXVersion) throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(directory) }
        let glossary = try sampleGlossary()
        let path = (directory as NSString).appendingPathComponent("out.tbx")
        try glossary.write(to: path, format: .tbx(version))
        let again = try Glossary.load(path: path)
        #expect(again.entries.map { var entry = $0; entry.line = 0; entry.id = nil; return entry } == glossary.entries.map { var entry = $0; entry.line = 0; return entry })
        let root = try XMLDocumentReader.read(path: path)
        #expect(root.name == (version == .v2 ? "martif" : "tbx"))
    }

    @Test(arguments: [TBXVersion.v2, .v3])
    func charactersXMLCannotCarryAreReplacedAndReported(version: TBXVersion) throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(directory) }
        let path = (directory as NSString).appendingPathComponent("out.tbx")
        let glossary = Glossary(entries: [
            GlossaryEntry(.person, "بوتين\u{1}", "Putin\u{FFFE}"),
            GlossaryEntry(type: .person, arabic: [GlossaryTerm("أردوغان", status: .preferred, note: "note\u{FFFF}")],
                          english: [GlossaryTerm("Erdoğan\u{FFFD}", status: .preferred)]),
        ])
        let warnings = try glossary.write(to: path, format: .tbx(version))
        #expect(warnings.count == 1)
        #expect(warnings.first?.description.contains("3 characters that XML cannot carry") == true)
        let again = try Glossary.load(path: path)
        #expect(again.entries.flatMap(\.arabic).map(\.text) == ["بوتين\u{FFFD}", "أردوغان"])
        #expect(again.entries.flatMap(\.english).map(\.text) == ["Putin\u{FFFD}", "Erdoğan\u{FFFD}"])
        #expect(again.entries[1].arabic[0].note == "note\u{FFFD}")
    }

    @Test func v3OutputValidatesAndFollowsTheTBXBasicRules() throws {
        guard let schema = TestFiles.shared("specs/tbx/TBXcoreStructV03.rng") else { return }
        let directory = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(directory) }
        let path = (directory as NSString).appendingPathComponent("out.tbx")
        try sampleGlossary().write(to: path, format: .tbx(.v3))
        #expect(XMLValidator.validate(path: path, relaxNGPath: schema) == [])
        #expect(TBXBasicRules.check(try XMLDocumentReader.read(path: path), file: path) == [])
        // A misspelling is a deprecated term with the note "misspelling".
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("<term>زيلينكسي</term><termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote><note>misspelling</note>"))
    }

    @Test func tbxBasicRulesCatchDialectViolations() throws {
        let xml = """
            <?xml version="1.0"?>
            <tbx type="TBX-Core" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
            <tbxHeader><fileDesc><sourceDesc><p>x</p></sourceDesc></fileDesc></tbxHeader>
            <text><body><conceptEntry id="c1">
            <langSec xml:lang="en">
            <descrip type="subjectField">PERSON</descrip>
            <termSec><term>x</term><termNote type="administrativeStatus">misspelledTerm</termNote>
            <termNote type="gender">m</termNote><xref type="xGraphic" target="nowhere">y</xref></termSec>
            </langSec></conceptEntry></body></text></tbx>
            """
        let errors = TBXBasicRules.check(try XMLDocumentReader.read(data: Data(xml.utf8), file: "bad.tbx"), file: "bad.tbx")
        let messages = errors.map(\.message).joined(separator: "\n")
        #expect(messages.contains("TBX-Basic"))
        #expect(messages.contains("subjectField may only appear"))
        #expect(messages.contains("administrativeStatus may be"))
        #expect(messages.contains("type 'gender' not permitted"))
        #expect(messages.contains("xGraphic may only appear"))
        #expect(messages.contains("target 'nowhere'"))
        #expect(errors.allSatisfy { $0.line > 0 })
    }

    @Test func brokenTBXIsAnErrorWithItsLine() throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(directory) }
        let path = try TestFiles.write("<martif>\n<text><body>\n<termEntry>\n</body></text></martif>\n", named: "broken.tbx", in: directory)
        #expect {
            try Glossary.load(path: path)
        } throws: { error in
            guard let issue = (error as? GlossaryError)?.issues.first else { return false }
            return issue.file == path && issue.line == 4
        }
        let notTBX = try TestFiles.write("<?xml version=\"1.0\"?><tmx version=\"1.4\"/>", named: "tmx.tbx", in: directory)
        #expect {
            try Glossary.load(path: notTBX)
        } throws: { error in
            (error as? GlossaryError)?.description.contains("not TBX: the root element is <tmx>") ?? false
        }
    }
}

@Suite("Third-party glossary samples")
struct GlossarySampleTests {
    @Test func everyTBXSampleIsRead() throws {
        guard let folder = TestFiles.shared("specs/tbx") else { return }
        let expected = [
            "Example_Astronomy_DCA_VALID.tbx": 45, "Example_Astronomy_DCT_VALID.tbx": 45, "okapi-ibm_tbx2.tbx": 5,
            "okapi-oracle_tbx2.tbx": 2, "okapi-sdlx_termbase_tbx2.tbx": 223, "okapi-test02_win1254.tbx": 1,
            "omegat-sampleTBXfile.tbx": 1,
        ]
        for (name, count) in expected {
            let glossary = try Glossary.load(path: (folder as NSString).appendingPathComponent(name))
            #expect(glossary.entries.count == count, "\(name)")
        }
    }

    @Test func windows1254TBXIsDecoded() throws {
        guard let path = TestFiles.shared("specs/tbx/okapi-test02_win1254.tbx") else { return }
        let entry = try #require(try Glossary.load(path: path).entries.first)
        #expect(entry.english.first?.text == "term with: éá and İı")
        #expect(entry.otherLanguages.first?.language == "tr")
        #expect(entry.otherLanguages.first?.terms.first?.text == "tr term with: éá and İı")
    }

    @Test func tbxV3SamplesPassTheDialectRulesAndKeepStatuses() throws {
        guard let path = TestFiles.shared("specs/tbx/Example_Astronomy_DCA_VALID.tbx") else { return }
        #expect(TBXBasicRules.check(try XMLDocumentReader.read(path: path), file: path) == [])
        let glossary = try Glossary.load(path: path)
        let cluster = try #require(glossary.entries.first { $0.english.contains { $0.text == "open cluster" } })
        #expect(cluster.english.first { $0.text == "galactic cluster" }?.status == .deprecated)
        #expect(cluster.english.first { $0.text == "open cluster" }?.status == .preferred)
        #expect(cluster.otherLanguages.contains { $0.language == "es" })
    }

    @Test func omegatSamplesAreRead() throws {
        guard let folder = TestFiles.shared("specs/glossary-samples") else { return }
        let tab = try Glossary.load(path: (folder as NSString).appendingPathComponent("omegat-test.tab"))
        #expect(tab.entries.map { $0.arabic[0].text } == ["kde", "question", "地球システム", "손가락"])
        #expect(tab.entries[2].notes == ["https://fr.wikipedia.org/wiki/Science_du_syst%C3%A8me_Terre"])
        let csv = try Glossary.load(path: (folder as NSString).appendingPathComponent("omegat-test.csv"))
        #expect(csv.entries.map { $0.arabic[0].text } == ["kde", "question", "kde; question", "kde, qu", "\"kde\",\"q\"", "\"\"k", "zz\"zz"])
        let utf16 = try Glossary.load(path: (folder as NSString).appendingPathComponent("omegat-testUTF16LE.txt"))
        #expect(utf16.entries.map(\.preferredEnglish) == ["Unicode Transformation Format", "Little Endian"])
        #expect(utf16.entries[0].notes == ["Comment #1"])
    }

    @Test func undecodableTextIsRefusedWithAReason() throws {
        let directory = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(directory) }
        let path = (directory as NSString).appendingPathComponent("latin1.txt")
        try Data([0x61, 0x09, 0x62, 0x0A, 0x63, 0xE9, 0x09, 0x64, 0x0A]).write(to: URL(fileURLWithPath: path))
        #expect {
            try Glossary.load(path: path)
        } throws: { error in
            guard let issue = (error as? GlossaryError)?.issues.first else { return false }
            return issue.line == 2 && issue.message.contains("UTF-8")
        }
    }
}
