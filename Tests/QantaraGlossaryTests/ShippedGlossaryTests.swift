import Foundation
import QantaraTMX
import Testing
@testable import QantaraGlossary

@Suite("Shipped news glossary")
struct ShippedGlossaryTests {
    @Test func compiledCopyEqualsTheRepositoryFile() throws {
        let source = TestFiles.packageRoot.appendingPathComponent("glossaries/news-entities.tsv").path
        guard FileManager.default.fileExists(atPath: source) else {
            print("note: \(source) is absent; skipping the comparison with the compiled copy")
            return
        }
        let onDisk = try Data(contentsOf: URL(fileURLWithPath: source))
        #expect(
            onDisk == Data(PackageResources.news_entities_tsv),
            "Sources/QantaraGlossary/Resources/news-entities.tsv is stale: cp glossaries/news-entities.tsv Sources/QantaraGlossary/Resources/")
    }

    @Test func shippedTBXHoldsTheSameEntriesAsTheTSV() throws {
        let tbx = TestFiles.packageRoot.appendingPathComponent("glossaries/news-entities.tbx").path
        guard FileManager.default.fileExists(atPath: tbx) else {
            print("note: \(tbx) is absent; skipping")
            return
        }
        func plain(_ entries: [GlossaryEntry]) -> [GlossaryEntry] {
            entries.map { var entry = $0; entry.line = 0; entry.id = nil; return entry }
        }
        #expect(
            plain(try Glossary.load(path: tbx).entries) == plain(try Glossary.loadShipped().entries),
            "regenerate: qantara glossary convert glossaries/news-entities.tsv glossaries/news-entities.tbx")
    }

    @Test func loadsCleanlyWithAtLeast500Entities() throws {
        let glossary = try Glossary.loadShipped()
        #expect(glossary.entries.count >= 500)
        #expect(glossary.warnings.isEmpty, "\(glossary.warnings)")
    }

    /// Every named entity of the sample article, as it stands there (clitics and the misspelling included),
    /// with the English the glossary must give.
    static let sampleEntities: [(surface: String, english: String)] = [
        ("إسطنبول", "Istanbul"), ("وبوتين", "Vladimir Putin"), ("بوتين", "Vladimir Putin"),
        ("فلاديمير بوتين", "Vladimir Putin"), ("الرياض", "Riyadh"), ("الأناضول", "Anadolu Agency"),
        ("روسيا", "Russia"), ("لروسيا الاتحادية", "Russia"), ("والولايات المتحدة", "United States"),
        ("الولايات المتحدة", "United States"), ("أوكرانيا", "Ukraine"), ("أوروبا", "Europe"), ("وأوروبا", "Europe"),
        ("وروسيا", "Russia"), ("كوريا الشمالية", "North Korea"), ("لكوريا الشمالية", "North Korea"),
        ("موسكو", "Moscow"), ("وموسكو", "Moscow"), ("بيونغ يانغ", "Pyongyang"), ("ريا نوفستي", "RIA Novosti"),
        ("جهاز الأمن الاتحادي", "Federal Security Service"), ("دونالد ترامب", "Donald Trump"), ("ترامب", "Donald Trump"),
        ("الكرملين", "Kremlin"), ("واشنطن", "Washington"), ("دميتري بيسكوف", "Dmitry Peskov"),
        ("ديمتري بيسكوف", "Dmitry Peskov"), ("بيسكوف", "Dmitry Peskov"), ("وكالة تاس", "TASS"),
        ("كيريل دميترييف", "Kirill Dmitriev"), ("دميترييف", "Kirill Dmitriev"), ("كييف", "Kyiv"), ("وكييف", "Kyiv"),
        ("فولوديمير زيلينكسي", "Volodymyr Zelensky"), ("فولوديمير زيلينسكي", "Volodymyr Zelensky"),
        ("زيلينسكي", "Volodymyr Zelensky"), ("سيرغي لافروف", "Sergei Lavrov"), ("لافروف", "Sergei Lavrov"),
        ("الدوحة", "Doha"), ("ماركو روبيو", "Marco Rubio"), ("تركيا", "Turkey"), ("حلف شمال الأطلسي", "NATO"),
        ("ناتو", "NATO"), ("أنقرة", "Ankara"), ("رجب طيب أردوغان", "Recep Tayyip Erdogan"),
        ("وكالة الاستخبارات الكورية الجنوبية", "National Intelligence Service"),
        ("لوكالة فرانس برس", "Agence France-Presse"), ("فرانس برس", "Agence France-Presse"), ("كورسك", "Kursk"),
        ("منطقة كورسك", "Kursk"), ("وكالة الاستخبارات الوطنية", "National Intelligence Service"), ("سيول", "Seoul"),
        ("الجيش الروسي", "Russian Armed Forces"), ("العربي الجديد", "Al-Araby Al-Jadeed"),
    ]

    @Test func findsEveryEntityOfTheSampleArticle() throws {
        guard let path = TestFiles.shared("seed/istanbul-talks.ar.txt") else { return }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let matcher = GlossaryMatcher(glossary: try Glossary.loadShipped())
        let found = matcher.matches(in: text, language: "ar")
        var byEnglish: [String: Set<String>] = [:]
        for match in found {
            byEnglish[matcher.glossary.entries[match.entryIndex].preferredEnglish ?? "", default: []].insert(match.surface)
        }
        for (surface, english) in Self.sampleEntities {
            #expect(text.contains(surface), "the sample no longer contains \(surface)")
            #expect(byEnglish[english]?.contains(surface) == true, "\(surface) → \(english) not found; found \(byEnglish[english] ?? [])")
        }
        let misspelled = try #require(found.first { $0.surface == "فولوديمير زيلينكسي" })
        #expect(misspelled.status == .misspelling)
    }

    @Test func shippedFormsOfAmbiguousNamesSaySo() throws {
        let matcher = GlossaryMatcher(glossary: try Glossary.loadShipped())
        let peskov = try #require(matcher.lookup("بيسكوف"))
        #expect(matcher.glossary.entries[peskov.entryIndex].preferredEnglish == "Dmitry Peskov")
        if let pskov = matcher.lookup("بسكوف") {
            #expect(matcher.glossary.entries[pskov.entryIndex].preferredEnglish != "Dmitry Peskov")
        }
        if let amman = matcher.lookup("عمان") {
            #expect(amman.isAmbiguous, "عمان is Oman or Amman")
        }
    }
}
