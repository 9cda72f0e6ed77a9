import Foundation
import QantaraTMX
import QantaraXML
import Testing
@testable import QantaraGlossary

/// The sample article's gold sentence pairs as translation units (one per bead with both sides).
enum GoldUnits {
    static func load() throws -> [TMXUnit]? {
        guard let path = TestFiles.shared("seed/istanbul-talks.gold.json") else { return nil }
        let gold = try JSONDecoder().decode(Gold.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        return gold.alignment.enumerated().compactMap { index, bead in
            guard !bead.ar.isEmpty, !bead.en.isEmpty else { return nil }
            let arabic = bead.ar.map { gold.ar_sentences[$0] }.joined(separator: " ")
            let english = bead.en.map { gold.en_sentences[$0] }.joined(separator: " ")
            return unit(id: "\(index + 1)", arabic: arabic, english: english)
        }
    }

    static func unit(id: String, arabic: String, english: String) -> TMXUnit {
        TMXUnit(
            attributes: [XMLAttribute(name: "tuid", value: id)],
            variants: [
                TMXVariant(language: "ar", content: TMXSegmentContent(text: arabic)),
                TMXVariant(language: "en-US", content: TMXSegmentContent(text: english)),
            ])
    }

    private struct Gold: Decodable {
        var ar_sentences: [String]
        var en_sentences: [String]
        var alignment: [Bead]
    }

    private struct Bead: Decodable {
        var ar: [Int]
        var en: [Int]
    }
}

@Suite("GlossaryChecker")
struct GlossaryCheckerTests {
    @Test func cleanUnitsHaveNoFindings() throws {
        let checker = GlossaryChecker(matcher: try TestGlossary.matcher())
        let units = [
            GoldUnits.unit(id: "1", arabic: "وقال بيسكوف إن بوتين لن يزور كييف", english: "Peskov said Putin would not visit Kyiv"),
            GoldUnits.unit(id: "2", arabic: "زار عمان", english: "He visited Amman"),
            GoldUnits.unit(id: "3", arabic: "الرئيس الأميركي", english: "the US president"),
        ]
        #expect(checker.check(units) == [])
    }

    @Test func findsMissingNamesBothWaysAndDeprecatedForms() throws {
        let checker = GlossaryChecker(matcher: try TestGlossary.matcher())
        let findings = checker.check([
            GoldUnits.unit(id: "1", arabic: "وقال بيسكوف إن بوتين لن يزور كييف", english: "The spokesman said Putin would not visit Kiev"),
            GoldUnits.unit(id: "2", arabic: "قال المتحدث", english: "Erdogan said"),
        ])
        #expect(findings.map(\.kind) == [.missingInTarget, .discouragedForm, .missingInSource])
        #expect(findings[0].surface == "بيسكوف")
        #expect(findings[0].message.contains("Dmitry Peskov"))
        #expect(findings[1].surface == "Kiev")
        #expect(findings[1].message.contains("use Kyiv"))
        #expect(findings[2].unitID == "2")
    }

    @Test func goldPairsOfTheSampleAreClean() throws {
        guard let units = try GoldUnits.load() else { return }
        let checker = GlossaryChecker(matcher: GlossaryMatcher(glossary: try Glossary.loadShipped()))
        #expect(units.count > 30)
        let findings = checker.check(units)
        #expect(findings.isEmpty, "\(findings.map { "\($0.unitID ?? ""): \($0.message)" })")
    }

    @Test func goldPairsWrittenAsTMXAndStreamedBackAreClean() throws {
        guard let units = try GoldUnits.load() else { return }
        let directory = try TestFiles.temporaryDirectory()
        defer { TestFiles.remove(directory) }
        let path = (directory as NSString).appendingPathComponent("istanbul-talks.tmx")
        let writer = try TMXWriter(destination: path, header: .qantara(sourceLanguage: "ar"))
        for unit in units { try writer.write(unit) }
        try writer.finish()
        let checker = GlossaryChecker(matcher: GlossaryMatcher(glossary: try Glossary.loadShipped()))
        let reader = try TMXReader(path: path)
        var count = 0
        var findings: [GlossaryFinding] = []
        while let unit = try reader.next() {
            count += 1
            #expect(unit.line > 0)
            findings += checker.check(unit)
        }
        #expect(count == units.count)
        #expect(findings.isEmpty, "\(findings.map(\.message))")
    }

    @Test func damagedGoldPairsAreCaught() throws {
        guard var units = try GoldUnits.load() else { return }
        let checker = GlossaryChecker(matcher: GlossaryMatcher(glossary: try Glossary.loadShipped()))
        let lavrov = try #require(units.firstIndex { $0.variant(for: "en")!.content.plainText.contains("Lavrov announced") })
        let kyiv = try #require(units.firstIndex { $0.variant(for: "en")!.content.plainText.contains("Kyiv wants") })
        func replace(_ index: Int, _ old: String, _ new: String) {
            let text = units[index].variants[1].content.plainText.replacingOccurrences(of: old, with: new)
            units[index].variants[1].content = TMXSegmentContent(text: text)
        }
        replace(lavrov, "Sergei Lavrov", "the minister")
        replace(kyiv, "Kyiv", "Kiev")
        let findings = checker.check(units)
        #expect(findings.contains { $0.kind == .missingInTarget && $0.unitID == units[lavrov].tuid && $0.message.contains("Sergei Lavrov") })
        #expect(findings.contains { $0.kind == .discouragedForm && $0.unitID == units[kyiv].tuid && $0.surface == "Kiev" })
        #expect(findings.count == 2, "\(findings.map(\.message))")
    }
}
