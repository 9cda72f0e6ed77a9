import Foundation
import GRDB
import QantaraTMX
import QantaraXML
import Testing

@testable import QantaraMemory

private struct BadInput: Error {}

@Suite("Memory store")
struct MemoryStoreTests {
    @Test func unitsWithTheSameNormalizedTextsMergeUnitingPropsAndKeepingTheNewestDate() throws {
        let older = pair(
            "وصل الرئيس إلى القاهرة", "The president arrived in Cairo", changeDate: "20240101T000000Z",
            annotations: [.property(TMXProperty(type: "x-origin", value: "first"))])
        let newer = pair(
            "وَصَلَ الرئيس الى القاهرة", "the president arrived in cairo", changeDate: "20250101T000000Z",
            annotations: [
                .property(TMXProperty(type: "x-origin", value: "first")),
                .note(TMXNote(text: "checked")),
            ])
        let (store, folder) = try memory(with: [older, newer, older])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var units: [MemoryUnit] = []
        try store.forEachUnit { units.append($0) }
        #expect(units.count == 1)
        let unit = try #require(units.first)
        #expect(unit.changeDate == "20250101T000000Z")
        #expect(unit.source == "وَصَلَ الرئيس الى القاهرة")
        #expect(unit.annotations.count == 2)
        #expect(unit.annotations.contains(.note(TMXNote(text: "checked"))))
        let statistics = try store.statistics()
        #expect(statistics.units == 1)
        #expect(statistics.imports == 1)
    }

    @Test func unitsWithOneLanguageAreSkippedAndCounted() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteMemoryStore(path: folder + "/m.sqlite")
        let lonely = TMXUnit(variants: [TMXVariant(language: "ar", content: TMXSegmentContent(text: "نص"))])
        let summary = try store.add(units: [lonely, sampleUnits[0]], defaultSourceLanguage: "ar", origin: "t")
        #expect(summary.unitsRead == 2)
        #expect(summary.added == 1)
        #expect(summary.skipped == 1)
    }

    @Test func anImportThatFailsLeavesTheMemoryAsItWas() throws {
        let (store, folder) = try memory(with: [sampleUnits[0]])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var remaining = Array(sampleUnits.dropFirst())
        #expect(throws: BadInput.self) {
            try store.importUnits(origin: "bad.tmx", defaultSourceLanguage: "ar") {
                if remaining.count == 1 { throw BadInput() }
                return remaining.removeFirst()
            }
        }
        #expect(try store.statistics().units == 1)
        #expect(try store.statistics().imports == 1)
        #expect(try store.lookup(MemoryQuery(text: "عقدت الحكومة اجتماعا طارئا في بيروت")).isEmpty)
        // The same import run again without the failure completes it.
        _ = try store.add(units: Array(sampleUnits.dropFirst()), defaultSourceLanguage: "ar", origin: "bad.tmx")
        #expect(try store.statistics().units == sampleUnits.count)
    }

    @Test func aForeignSQLiteFileIsRefusedUntouched() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/other.sqlite"
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES ('x')")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let error = try #require(throws: MemoryError.self) { try SQLiteMemoryStore(path: path) }
        #expect(error.description.contains("not a Qantara memory"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(!FileManager.default.fileExists(atPath: path + "-shm"))
    }

    @Test func aFileThatIsNotSQLiteIsRefusedUntouched() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/notes.txt"
        let text = String(repeating: "not a database\n", count: 20)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(throws: MemoryError.self) { try SQLiteMemoryStore(path: path) }
        #expect(error.description.contains("not a SQLite database"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }

    @Test func aQantaraMemoryOpensAgainWithItsUnits() throws {
        let (store, folder) = try memory(with: sampleUnits)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let reopened = try SQLiteMemoryStore(path: store.path)
        #expect(try reopened.statistics().units == sampleUnits.count)
        #expect(try reopened.statistics().languagePairs.map(\.source) == ["ar"])
    }

    /// Inline codes are kept beside the plain text the memory matches, and come back on export.
    @Test func inlineCodesSurviveTheMemory() throws {
        let bold = TMXInlineElement(kind: .bpt, attributes: [XMLAttribute(name: "i", value: "1")], content: [.text("<b>")])
        let end = TMXInlineElement(kind: .ept, attributes: [XMLAttribute(name: "i", value: "1")], content: [.text("</b>")])
        var unit = pair("", "", changeDate: "20250101T000000Z")
        unit.variants[0].content = TMXSegmentContent(runs: [.text("قال "), .inline(bold), .text("الوزير"), .inline(end), .text(" ذلك")])
        unit.variants[1].content = TMXSegmentContent(runs: [.text("The "), .inline(bold), .text("minister"), .inline(end), .text(" said so")])
        // An older plain copy of the same pair merges into it without taking the codes away.
        var older = pair("قال الوزير ذلك", "The minister said so", changeDate: "20200101T000000Z")
        older.annotations = [.note(TMXNote(text: "older copy"))]
        let (store, folder) = try memory(with: [unit, older])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try store.statistics().units == 1)
        let match = try #require(try store.lookup(MemoryQuery(text: "قال الوزير ذلك")).first)
        #expect(match.score == 100 && match.unit.source == "قال الوزير ذلك")
        let output = folder + "/out.tmx"
        #expect(try SQLiteMemoryStore(path: store.path).exportTMX(to: output) == 1)
        let exported = try #require(try TMXReader(path: output).next())
        #expect(exported.variants.map(\.content) == unit.variants.map(\.content))
    }

    /// A memory written before segments were kept (schema 1) opens, is upgraded once, and takes new imports.
    @Test func aSchemaOneMemoryIsUpgraded() throws {
        let (store, folder) = try memory(with: sampleUnits)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try DatabaseQueue(path: store.path).writeWithoutTransaction { db in
            try db.execute(sql: "ALTER TABLE unit DROP COLUMN segments; PRAGMA user_version = 1")
        }
        let reopened = try SQLiteMemoryStore(path: store.path)
        #expect(try DatabaseQueue(path: store.path).read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 2)
        #expect(try reopened.statistics().units == sampleUnits.count)
        _ = try reopened.add(units: [pair("جملة جديدة تماما", "An entirely new sentence")], defaultSourceLanguage: "ar", origin: "test")
        #expect(try reopened.statistics().units == sampleUnits.count + 1)
    }

    @Test func concordanceFindsThePhraseNormalizedWithItsSpan() throws {
        let units = [
            pair("عُقدت القمة في جنيف يوم الاثنين", "The summit was held in Geneva on Monday"),
            pair("عقدت الحكومة اجتماعا طارئا", "The government held an emergency meeting"),
            pair("اجتمع الوزراء في جنيف", "The ministers met in Geneva"),
        ]
        let (store, folder) = try memory(with: units)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let hits = try store.concordance("عقدت", limit: 10)
        #expect(hits.count == 2)
        let first = try #require(hits.first)
        #expect(first.side == .source)
        let scalars = Array(first.unit.source.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[first.span])) == "عُقدت")
        let phrase = try store.concordance("في جنيف", limit: 10)
        #expect(phrase.map(\.unit.source) == ["عُقدت القمة في جنيف يوم الاثنين", "اجتمع الوزراء في جنيف"])
        let english = try store.concordance("held in geneva", limit: 10)
        #expect(english.count == 1)
        #expect(english.first?.side == .target)
        #expect(english.first?.span == 15..<29)
        #expect(try store.concordance("جنيف الحكومة", limit: 10).isEmpty)
        #expect(try store.concordance("في جنيف", limit: 1).count == 1)
    }

    @Test func theLocationFollowsFlagEnvironmentAndXDG() {
        #expect(MemoryLocation.resolve(explicit: "/tmp/a.sqlite", environment: ["QANTARA_MEMORY": "/x"]) == "/tmp/a.sqlite")
        #expect(MemoryLocation.resolve(explicit: nil, environment: ["QANTARA_MEMORY": "/x/m.sqlite"]) == "/x/m.sqlite")
        #expect(
            MemoryLocation.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/u"])
                == "/data/qantara/memory.sqlite")
        #expect(
            MemoryLocation.resolve(explicit: nil, environment: ["HOME": "/home/u"])
                == "/home/u/.local/share/qantara/memory.sqlite")
    }
}
