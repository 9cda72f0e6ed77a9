import Foundation
import QantaraTMX
import Testing

@testable import QantaraMemory

/// The `qantara tm` command run as a child process: what a user sees, and what survives `kill -9`.
@Suite("qantara tm")
struct MemoryCommandTests {
    /// The path of a memory in `folder` that `qantara tm import` filled with `count` units numbered from 0.
    private static func memory(in folder: String, importing count: Int) throws -> String {
        let memory = folder + "/memory.sqlite"
        try writeTMX(folder + "/units.tmx", first: 0, count: count)
        #expect(try QantaraCommand.run(["tm", "import", folder + "/units.tmx", "--memory", memory]).status == 0)
        return memory
    }

    /// A TMX file of `count` distinct Arabic–English units numbered from `first`.
    private static func writeTMX(_ path: String, first: Int, count: Int) throws {
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <tmx version="1.4"><header creationtool="test" creationtoolversion="1" segtype="sentence" \
            o-tmf="test" adminlang="en" srclang="ar" datatype="plaintext"/><body>

            """
        for i in first..<(first + count) {
            text += """
                <tu tuid="\(i)"><prop type="x-test">\(i)</prop><tuv xml:lang="ar"><seg>الجملة رقم \(i) في الملف</seg></tuv>\
                <tuv xml:lang="en"><seg>Sentence number \(i) in the file</seg></tuv></tu>

                """
        }
        text += "</body></tmx>\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func aKilledImportLeavesAUsableMemoryAndRunningItAgainCompletesIt() throws {
        let folder = try QantaraCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let memory = folder + "/memory.sqlite"
        try Self.writeTMX(folder + "/first.tmx", first: 0, count: 10)
        try Self.writeTMX(folder + "/second.tmx", first: 10, count: 300)
        #expect(try QantaraCommand.run(["tm", "import", folder + "/first.tmx", "--memory", memory]).status == 0)

        let killed = try QantaraCommand.run(
            ["tm", "import", folder + "/second.tmx", "--memory", memory], environment: ["QANTARA_MEMORY_KILL_AFTER": "200"])
        #expect(killed.killed)
        #expect(killed.status == 9)

        let store = try SQLiteMemoryStore(path: memory)
        #expect(try store.statistics().units == 10)
        #expect(try store.lookup(MemoryQuery(text: "الجملة رقم 5 في الملف")).first?.score == 100)
        #expect(try store.lookup(MemoryQuery(text: "الجملة رقم 150 في الملف")).first?.score != 100)

        let again = try QantaraCommand.run(["tm", "import", folder + "/second.tmx", "--memory", memory])
        #expect(again.status == 0)
        #expect(again.output.contains("300 units read, 300 added"))
        #expect(try store.statistics().units == 310)
        #expect(try store.lookup(MemoryQuery(text: "الجملة رقم 150 في الملف")).first?.unit.target == "Sentence number 150 in the file")
    }

    @Test func aMalformedTMXImportsNothingAndSaysWhy() throws {
        let folder = try QantaraCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let memory = folder + "/memory.sqlite"
        try Self.writeTMX(folder + "/good.tmx", first: 0, count: 50)
        let good = try String(contentsOfFile: folder + "/good.tmx", encoding: .utf8)
        // Line 30 loses its closing </tu>: the file is not well-formed, well after units were read.
        var lines = good.components(separatedBy: "\n")
        lines[29] = lines[29].replacingOccurrences(of: "</tu>", with: "")
        try lines.joined(separator: "\n").write(toFile: folder + "/bad.tmx", atomically: true, encoding: .utf8)

        let result = try QantaraCommand.run(["tm", "import", folder + "/bad.tmx", "--memory", memory])
        #expect(result.status == 1)
        #expect(result.errors.contains(folder + "/bad.tmx:"))
        #expect(result.errors.contains("nothing imported"))
        #expect(try SQLiteMemoryStore(path: memory).statistics().units == 0)
    }

    @Test func aForeignMemoryFileIsRefusedWithExitTwo() throws {
        let folder = try QantaraCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/notes.db"
        try Data("plain text, not a database at all; long enough to have a header.....................................".utf8)
            .write(to: URL(fileURLWithPath: path))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let result = try QantaraCommand.run(["tm", "stats", "--memory", path])
        #expect(result.status == 2)
        #expect(result.errors.contains("not a Qantara memory"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func lookupJSONIsAnArrayBestFirstRespectingMinAndLimit() throws {
        let folder = try QantaraCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let memory = try Self.memory(in: folder, importing: 40)
        let result = try QantaraCommand.run(
            ["tm", "lookup", "الجملة رقم 7 في الملف", "--min", "80", "--limit", "3", "--json", "--memory", memory])
        #expect(result.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        #expect(array.count == 3)
        let scores = array.compactMap { $0["score"] as? Int }
        #expect(scores.first == 100)
        #expect(scores == scores.sorted(by: >))
        #expect(scores.allSatisfy { $0 >= 80 })
        #expect(array.first?["target"] as? String == "Sentence number 7 in the file")
    }

    @Test func exportWritesEveryUnitWithItsPropsAndStatsCountsThem() throws {
        let folder = try QantaraCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let memory = try Self.memory(in: folder, importing: 25)
        #expect(try QantaraCommand.run(["tm", "export", "-o", folder + "/out.tmx", "--memory", memory]).status == 0)
        let reader = try TMXReader(path: folder + "/out.tmx")
        #expect(reader.header.sourceLanguage == "ar")
        var units: [TMXUnit] = []
        while let unit = try reader.next() { units.append(unit) }
        #expect(units.count == 25)
        #expect(units.first?.properties == [TMXProperty(type: "x-test", value: "0")])
        #expect(units.first?.variant(for: "en")?.content.plainText == "Sentence number 0 in the file")
        let stats = try QantaraCommand.run(["tm", "stats", "--json", "--memory", memory])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.output.utf8)) as? [String: Any])
        #expect(object["units"] as? Int == 25)
    }

    @Test func alignWithMemoryAddsThePairsItWrote() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let folder = try QantaraCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let memory = folder + "/memory.sqlite"
        let aligned = try QantaraCommand.run([
            "align", root.appendingPathComponent("samples/istanbul-talks.ar.txt").path,
            root.appendingPathComponent("samples/istanbul-talks.en.txt").path, "--dictionary", "none",
            "-o", folder + "/out.tmx", "--memory", memory,
        ])
        #expect(aligned.status == 0, "\(aligned.errors)")
        let store = try SQLiteMemoryStore(path: memory)
        let units = try store.statistics().units
        // Every unit with both languages is a pair for the memory; one-sided units (page chrome) are not.
        var pairs = 0
        let reader = try TMXReader(path: folder + "/out.tmx")
        while let unit = try reader.next() {
            if unit.variants.count == 2 { pairs += 1 }
        }
        #expect(units == pairs)
        #expect(units > 30)
        let hits = try store.concordance("بيسكوف", limit: 10)
        #expect(hits.contains { $0.unit.target.contains("Peskov") })
    }
}
