import Foundation
import Testing

@testable import QantaraMemory

@Suite("Memory lookup")
struct MemoryLookupTests {
    private func best(_ text: String, in store: SQLiteMemoryStore, minimum: Int = 0) throws -> MemoryMatch? {
        try store.lookup(MemoryQuery(text: text, minimumScore: minimum, limit: 1)).first
    }

    @Test func exactSentenceScoresOneHundred() throws {
        let (store, folder) = try memory(with: sampleUnits)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let match = try #require(try best("وصل الرئيس إلى القاهرة صباح الأحد", in: store))
        #expect(match.score == 100)
        #expect(match.unit.target == "The president arrived in Cairo on Sunday morning")
        #expect(match.differences.isEmpty)
    }

    @Test func diacriticsTatweelAndAlefVariantsStillScoreOneHundred() throws {
        let (store, folder) = try memory(with: sampleUnits)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let voweled = try #require(try best("وَصَلَ الرَّئِيسُ إِلَى القَاهِرَةِ صَبَاحَ الأَحَدِ", in: store))
        #expect(voweled.score == 100)
        #expect(voweled.unit.source == "وصل الرئيس إلى القاهرة صباح الأحد")
        let bareAlef = try #require(try best("وصل الرئيـــس الى القاهرة صباح الاحد", in: store))
        #expect(bareAlef.score == 100)
        #expect(bareAlef.unit.source == "وصل الرئيس إلى القاهرة صباح الأحد")
    }

    @Test func oneWordChangedInSixScoresBetweenEightyAndNinety() throws {
        let (store, folder) = try memory(with: sampleUnits)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let match = try #require(try best("وصل الرئيس إلى بيروت صباح الأحد", in: store))
        #expect((80...90).contains(match.score))
        // The marked difference is القاهرة in the memory's sentence.
        let source = Array(match.unit.source.unicodeScalars)
        let marked = match.differences.map { String(String.UnicodeScalarView(source[$0])) }
        #expect(marked == ["القاهرة"])
    }

    @Test func differentNumbersLowerTheScore() throws {
        let (store, folder) = try memory(with: sampleUnits)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let same = try #require(try best("قتل 12 شخصا في الهجوم على السوق", in: store))
        let other = try #require(try best("قتل 15 شخصا في الهجوم على السوق", in: store))
        #expect(same.score == 100)
        #expect(other.score < 100)
        #expect(other.unit.id == same.unit.id)
        // Arabic-Indic digits are the same number.
        #expect(try best("قتل ١٢ شخصا في الهجوم على السوق", in: store)?.score == 100)
    }

    @Test func minimumAndLimitAreRespected() throws {
        let (store, folder) = try memory(with: sampleUnits)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let query = "وصل الرئيس إلى القاهرة صباح الأحد"
        let all = try store.lookup(MemoryQuery(text: query, minimumScore: 0, limit: 10))
        #expect(all.count >= 2)
        #expect(all.map(\.score) == all.map(\.score).sorted(by: >))
        #expect(try store.lookup(MemoryQuery(text: query, minimumScore: 0, limit: 1)).count == 1)
        let strict = try store.lookup(MemoryQuery(text: query, minimumScore: 90, limit: 10))
        #expect(strict.count == 1)
        #expect(strict.allSatisfy { $0.score >= 90 })
        let loose = try store.lookup(MemoryQuery(text: query, minimumScore: 80, limit: 10))
        #expect(loose.count == 2)  // the minister's sentence scores 83
        #expect(try store.lookup(MemoryQuery(text: "شيء مختلف تماما", minimumScore: 70)).isEmpty)
    }

    @Test func languagesMatchOnThePrimaryTagAndPreferTheRegion() throws {
        let units = [
            pair("وصل الرئيس إلى القاهرة", "The president arrived in Cairo", englishTag: "en-GB"),
            pair("وصل الرئيس الى القاهرة", "The president arrived in Cairo.", englishTag: "en-US"),
        ]
        let (store, folder) = try memory(with: units)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let us = try store.lookup(MemoryQuery(text: "وصل الرئيس إلى القاهرة", targetLanguage: "en-US", limit: 2))
        #expect(us.map(\.unit.targetLanguage) == ["en-US", "en-GB"])
        let gb = try store.lookup(MemoryQuery(text: "وصل الرئيس إلى القاهرة", targetLanguage: "en-gb", limit: 2))
        #expect(gb.map(\.unit.targetLanguage) == ["en-GB", "en-US"])
        #expect(try store.lookup(MemoryQuery(text: "وصل الرئيس إلى القاهرة", targetLanguage: "fr")).isEmpty)
    }

    @Test func indexedLookupFindsWhatTheExhaustiveScanFinds() throws {
        // A memory of recombined sentences, queried with altered copies: same results both ways.
        var units = sampleUnits
        let words = ["الحكومة", "الرئيس", "الوزير", "المجلس", "القاهرة", "بيروت", "الرياض", "جنيف", "اليوم", "أمس"]
        for i in 0..<300 {
            let sentence = (0..<8).map { words[(i * 7 + $0 * ($0 + 3) + i / 10) % words.count] }.joined(separator: " ")
            units.append(pair(sentence + " \(i % 17)", "English \(i)"))
        }
        let (store, folder) = try memory(with: units)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for i in stride(from: 0, to: 300, by: 23) {
            let sentence = (0..<8).map { words[(i * 7 + $0 * ($0 + 3) + i / 10) % words.count] }
            let query = (sentence.dropLast() + ["السوق"]).joined(separator: " ") + " \(i % 17)"
            for minimum in [50, 70] {
                let indexed = try store.lookup(MemoryQuery(text: query, minimumScore: minimum, limit: 5))
                let scanned = try store.lookup(MemoryQuery(text: query, minimumScore: minimum, limit: 5, exhaustive: true))
                #expect(indexed.map(\.unit.id) == scanned.map(\.unit.id))
                #expect(indexed.map(\.score) == scanned.map(\.score))
                #expect(!scanned.isEmpty)
            }
        }
    }
}
