import Foundation
import GRDB
import QantaraTMX
import Testing
@testable import QantaraReview

@Suite struct ReviewExportTests {
    @Test func exportsEditsStatusCommentsAndOneSidedUnits() throws {
        let session = try Fixture.session()
        let pairs = try session.allPairs()
        _ = try session.apply(ReviewOperation(.approve, id: pairs[0].id))
        _ = try session.apply(ReviewOperation(.edit, id: pairs[3].id, side: .target, text: "The delegation arrived on 27 February 2025."))
        _ = try session.apply(ReviewOperation(.comment, id: pairs[3].id, text: "date fixed"))
        let output = try Fixture.temporaryFolder() + "/out.tmx"
        #expect(try session.export(to: output) == 10)
        let reader = try TMXReader(path: output)
        let (header, units) = (reader.header, try reader.readAll())
        #expect(header.sourceLanguage == "ar")
        #expect(units.count == 10)
        let first = units[0]
        #expect(first.properties.contains { $0.type == "x-qantara-status" && $0.value == "approved" })
        #expect(first.properties.contains { $0.type == "x-qantara-confidence" && $0.value == "0.93" })
        #expect(first.properties.contains { $0.type == "x-qantara-source-offsets" && $0.value == "0-38" })
        #expect(first.attribute("changeid") == "tester" && first.attribute("changedate")?.count == 16)
        #expect(first.attribute("tuid") == "1")
        let fourth = units[3]
        #expect(fourth.variant(for: "en")?.content.plainText == "The delegation arrived on 27 February 2025.")
        #expect(fourth.notes.map(\.text) == ["date fixed"])
        #expect(fourth.properties.contains { $0.type == "x-qantara-source-offsets" && $0.value == "300-328" })
        #expect(!fourth.properties.contains { $0.type == "x-qantara-target-offsets" }, "the target was edited")
        #expect(units[1].attribute("changedate") == nil, "untouched pairs carry no changedate")
        #expect(units[6].variants.count == 1 && units[6].variants[0].language == "ar")
        #expect(units[7].variants.count == 1 && units[7].variants[0].language == "en")
    }

    @Test func approvedOnlyWritesOnlyApprovedPairs() throws {
        let session = try Fixture.session()
        let pairs = try session.allPairs()
        _ = try session.apply(ReviewOperation(.approve, id: pairs[4].id))
        _ = try session.apply(ReviewOperation(.approve, id: pairs[8].id))
        let output = try Fixture.temporaryFolder() + "/approved.tmx"
        #expect(try session.export(to: output, approvedOnly: true) == 2)
        let units = try TMXReader(path: output).readAll()
        #expect(units.map { $0.variant(for: "ar")?.content.plainText } == [pairs[4].source, pairs[8].source])
    }

    /// A TMX from another tool: inline codes and `tuv` metadata come back out; an edited side keeps its
    /// metadata but becomes the reviewer's plain text.
    @Test func inlineCodesAndVariantMetadataSurviveTheReview() throws {
        let folder = try Fixture.temporaryFolder()
        let input = folder + "/tagged.tmx"
        try """
            <?xml version="1.0" encoding="UTF-8"?>
            <tmx version="1.4"><header creationtool="OmegaT" creationtoolversion="6" segtype="sentence" \
            o-tmf="OmegaT" adminlang="en" srclang="ar" datatype="plaintext"/><body>
            <tu tuid="7"><prop type="x-project">news</prop>
            <tuv xml:lang="ar" creationid="amal"><prop type="x-context">p1</prop><seg>قال <bpt i="1">&lt;b&gt;</bpt>الوزير<ept i="1">&lt;/b&gt;</ept> ذلك.</seg></tuv>
            <tuv xml:lang="en" creationid="john"><note>checked</note><seg>The <bpt i="1">&lt;b&gt;</bpt>minister<ept i="1">&lt;/b&gt;</ept> said so.<ph x="2">&lt;br/&gt;</ph></seg></tuv>
            </tu>
            <tu><tuv xml:lang="ar"><seg>جملة ثانية.</seg></tuv><tuv xml:lang="en"><seg>A <hi type="b">second</hi> sentence.</seg></tuv></tu>
            </body></tmx>
            """.write(toFile: input, atomically: true, encoding: .utf8)
        let original = try TMXReader(path: input).readAll()
        let session = try ReviewSession.start(input: input, session: folder + "/tagged.qreview", user: "tester").session
        let pairs = try session.allPairs()
        #expect(pairs.map(\.source) == ["قال الوزير ذلك.", "جملة ثانية."])
        _ = try session.apply(ReviewOperation(.edit, id: pairs[1].id, side: .target, text: "A second, edited sentence."))
        let output = folder + "/out.tmx"
        try session.export(to: output)
        #expect(TMXValidator.validate(path: output).isValid)
        let units = try TMXReader(path: output).readAll()
        for language in ["ar", "en"] {
            let before = try #require(original[0].variant(for: language))
            let after = try #require(units[0].variant(for: language))
            #expect(after.content == before.content, "\(language): inline codes kept")
            #expect(after.attributes == before.attributes && after.annotations == before.annotations)
        }
        #expect(units[0].properties.contains { $0.type == "x-project" && $0.value == "news" })
        #expect(units[1].variant(for: "ar")?.content == original[1].variant(for: "ar")?.content)
        #expect(units[1].variant(for: "en")?.content == TMXSegmentContent(text: "A second, edited sentence."))
    }

    @Test func exportIsValidTMX() throws {
        let session = try Fixture.session()
        let pairs = try session.allPairs()
        _ = try session.apply(ReviewOperation(.comment, id: pairs[0].id, text: "a <note> & more"))
        let output = try Fixture.temporaryFolder() + "/valid.tmx"
        try session.export(to: output)
        let report = TMXValidator.validate(path: output)
        #expect(report.isValid, "\(report.problems)")
        #expect(report.units == 10)
    }
}

@Suite struct ReviewBadSessionTests {
    private func digest(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func aTextFileIsNotASessionAndStaysUntouched() throws {
        let path = try Fixture.temporaryFolder() + "/notes.qreview"
        try Data("just some notes\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try ReviewSession.open(path: path) } throws: { "\($0)".contains("not an SQLite database") }
        #expect(try digest(path) == Data("just some notes\n".utf8))
    }

    @Test func aForeignDatabaseIsRefusedAndStaysUntouched() throws {
        let path = try Fixture.temporaryFolder() + "/other.sqlite"
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE meta(key TEXT, value TEXT); INSERT INTO meta VALUES ('format', 'other')")
        }
        try queue.close()
        let before = try digest(path)
        #expect { try ReviewSession.open(path: path) } throws: { "\($0)".contains("not a Qantara review session") }
        #expect(try digest(path) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func aDamagedSessionIsRefusedAndStaysUntouched() throws {
        let session = try Fixture.session()
        let path = session.path
        try session.close()
        var bytes = try digest(path)
        // Keep the SQLite header, wreck the pages after it.
        for index in stride(from: 100, to: bytes.count, by: 7) { bytes[index] = 0xA5 }
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect { try ReviewSession.open(path: path) } throws: { error in
            (error as? ReviewError)?.kind == .badInput && "\(error)".contains(path)
        }
        #expect(try digest(path) == bytes)
    }

    @Test func startingOnAForeignFileBesideTheInputIsRefused() throws {
        let folder = try Fixture.temporaryFolder()
        let input = folder + "/talk.tmx"
        try FileManager.default.copyItem(atPath: Fixture.path("talk.tmx"), toPath: input)
        try Data("not a session".utf8).write(to: URL(fileURLWithPath: folder + "/talk.qreview"))
        #expect(throws: ReviewError.self) { try ReviewSession.start(input: input) }
        #expect(try digest(folder + "/talk.qreview") == Data("not a session".utf8))
    }
}

@Suite struct SentenceBoundaryTests {
    @Test func findsSentenceStartsInArabicAndEnglish() {
        #expect(SentenceBoundaries.starts(in: "One. Two? Three") == [5, 10])
        #expect(SentenceBoundaries.starts(in: "قال ذلك. ثم غادر؟ نعم") == [9, 18])
        #expect(SentenceBoundaries.starts(in: "He said \"stop.\" Then left.") == [16])
        #expect(SentenceBoundaries.count(in: "  ") == 0)
        #expect(SentenceBoundaries.cut("ab cd", at: 2) == ("ab", "cd"))
    }
}
