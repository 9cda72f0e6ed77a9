import Foundation
import Testing
@testable import QantaraGlossary

@Suite("GlossaryMatcher: Arabic")
struct ArabicMatchingTests {
    @Test func findsNamesBehindProclitics() throws {
        let matcher = try TestGlossary.matcher()
        #expect(matcher.englishNames(in: "وبوتين يرى بارقة أمل") == ["Vladimir Putin"])
        #expect(matcher.englishNames(in: "قوات إضافية لروسيا") == ["Russia"])
        #expect(matcher.englishNames(in: "فبروسيا وكروسيا") == ["Russia", "Russia"])
        #expect(matcher.englishNames(in: "قال لوكالة فرانس برس") == ["Agence France-Presse"])
    }

    @Test func mergesLamWithTheArticle() throws {
        let matcher = try TestGlossary.matcher()
        #expect(matcher.englishNames(in: "للكرملين والكرملين بالكرملين وللكرملين فالكرملين") == Array(repeating: "Kremlin", count: 5))
        #expect(matcher.englishNames(in: "للولايات المتحدة") == ["United States"])
        // ل + الليكود is written with two lams, not three.
        #expect(matcher.englishNames(in: "لليكود") == ["Likud"])
        // Without ال an article name does not match: كرملين alone is not how Arabic names the Kremlin.
        #expect(matcher.englishNames(in: "كرملين").isEmpty)
    }

    @Test func neverStripsLettersFromWords() throws {
        let matcher = try TestGlossary.matcher()
        let peskov = matcher.matches(in: "وأكد بيسكوف أن", language: "ar")
        #expect(peskov.count == 1)
        #expect(peskov.first.map { matcher.glossary.entries[$0.entryIndex].preferredEnglish } == "Dmitry Peskov")
        // بسكوف (Pskov) is another name; بيسكوف never turns into ب + يسكوف nor matches Pskov.
        #expect(matcher.englishNames(in: "مدينة بسكوف") == ["Pskov"])
        #expect(matcher.englishNames(in: "يسكوف").isEmpty)
        #expect(matcher.englishNames(in: "وبيسكوف وبسكوف") == ["Dmitry Peskov", "Pskov"])
    }

    @Test func matchesWholeWordsOnly() throws {
        let matcher = try TestGlossary.matcher()
        #expect(matcher.englishNames(in: "روسياوية بوتينيون").isEmpty)
        #expect(matcher.englishNames(in: "الروسيا").isEmpty, "a name takes the article only if written with it")
        #expect(matcher.englishNames(in: "(روسيا)، «بوتين»") == ["Russia", "Vladimir Putin"])
        // No article is added to a name written without one: السيول are floods, not Seoul.
        #expect(matcher.englishNames(in: "السيول في سيول") == ["Seoul"])
    }

    @Test func longestMatchWins() throws {
        let matcher = try TestGlossary.matcher()
        #expect(matcher.englishNames(in: "أرسلت كوريا الشمالية قوات") == ["North Korea"])
        #expect(matcher.englishNames(in: "كوريا والصين") == ["Korea"])
        #expect(matcher.englishNames(in: "الرئيس فلاديمير بوتين") == ["Vladimir Putin"])
        let match = try #require(matcher.matches(in: "الرئيس فلاديمير بوتين", language: "ar").first)
        #expect(match.surface == "فلاديمير بوتين")
    }

    @Test func reportsAmbiguity() throws {
        let matcher = try TestGlossary.matcher()
        let match = try #require(matcher.matches(in: "زار عمان", language: "ar").first)
        #expect(match.isAmbiguous)
        let names = Set(([match.entryIndex] + match.alternatives).map { matcher.glossary.entries[$0].preferredEnglish })
        #expect(names == ["Oman", "Amman"])
    }

    @Test func foldsSpellingVariantsOfTheText() throws {
        let matcher = try TestGlossary.matcher()
        // Diacritics, tatweel, a bidi mark, a no-break space inside the name, presentation forms.
        #expect(matcher.englishNames(in: "بُوتِين") == ["Vladimir Putin"])
        #expect(matcher.englishNames(in: "بوتـــين") == ["Vladimir Putin"])
        #expect(matcher.englishNames(in: "\u{200F}بوتين\u{200F}") == ["Vladimir Putin"])
        #expect(matcher.englishNames(in: "فلاديمير\u{00A0}بوتين") == ["Vladimir Putin"])
        #expect(matcher.englishNames(in: "\u{FEAD}\u{FEED}\u{FEB3}\u{FEF4}\u{FE8E}") == ["Russia"])
        // Hamza on alef and alef maqsura are folded: اردوغان = أردوغان.
        #expect(matcher.englishNames(in: "اردوغان") == ["Recep Tayyip Erdogan"])
    }

    @Test func findsMisspellingsAndSaysSo() throws {
        let matcher = try TestGlossary.matcher()
        let match = try #require(matcher.matches(in: "الرئيس الأوكراني زيلينكسي", language: "ar").first)
        #expect(match.status == .misspelling)
        #expect(matcher.glossary.entries[match.entryIndex].preferredEnglish == "Volodymyr Zelensky")
    }

    @Test func offsetsAreUnicodeScalars() throws {
        let matcher = try TestGlossary.matcher()
        let text = "قال 🙂 وبُوتين"
        let match = try #require(matcher.matches(in: text, language: "ar").first)
        let scalars = Array(text.unicodeScalars)
        #expect(match.range == 6..<13)
        #expect(String(String.UnicodeScalarView(scalars[match.range])) == "وبُوتين")
        #expect(match.surface == "وبُوتين")
        #expect(match.cliticLength == 1)
    }

    @Test func offsetsStayRightAcrossParagraphsAndNamesDoNotSpanThem() throws {
        let matcher = try TestGlossary.matcher()
        let text = "بوتين\n\nقال 🙂 وبوتين\r\n\r\nكوريا\n\nالشمالية وكوريا\nالشمالية"
        let matches = matcher.matches(in: text, language: "ar")
        let scalars = Array(text.unicodeScalars)
        #expect(matches.map { String(String.UnicodeScalarView(scalars[$0.range])) } == matches.map(\.surface))
        #expect(matches.map(\.surface) == ["بوتين", "وبوتين", "كوريا", "وكوريا\nالشمالية"])
        #expect(matcher.englishNames(in: text) == ["Vladimir Putin", "Vladimir Putin", "Korea", "North Korea"])
    }

    @Test func generatedSurfaceFormsAreExactlyWhatTheIndexFinds() throws {
        let matcher = try TestGlossary.matcher()
        for (form, english) in [("بوتين", "Vladimir Putin"), ("الكرملين", "Kremlin"), ("الليكود", "Likud"), ("وكالة فرانس برس", "Agence France-Presse")] {
            let surfaces = ArabicClitics.surfaceForms(of: form)
            #expect(surfaces.count >= 12)
            for surface in surfaces {
                #expect(matcher.lookup(surface).map { matcher.glossary.entries[$0.entryIndex].preferredEnglish } == english, "\(surface)")
            }
        }
        #expect(ArabicClitics.surfaceForms(of: "الكرملين").contains("للكرملين"))
        #expect(!ArabicClitics.surfaceForms(of: "الكرملين").contains("كرملين"))
        #expect(!ArabicClitics.surfaceForms(of: "بوتين").contains("البوتين"))
        #expect(ArabicClitics.surfaceForms(of: "وكالة فرانس برس").contains("لوكالة فرانس برس"))
        // أليكسي has a hamza, not an article, even though it folds to اليكسي.
        #expect(!ArabicClitics.hasArticle("أليكسي"))
        #expect(ArabicClitics.hasArticle("الرياض"))
    }

    @Test func taMarbutaFoldingIsAnOption() throws {
        let glossary = try Glossary.parse(text: TestGlossary.header + "LOC\tأنقرة\tAnkara\t\t\t\n", csv: false, file: "t.tsv")
        #expect(GlossaryMatcher(glossary: glossary).englishNames(in: "أنقره").isEmpty)
        let loose = GlossaryMatcher(glossary: glossary, options: GlossaryMatcherOptions(foldTaMarbuta: true))
        #expect(loose.englishNames(in: "أنقره") == ["Ankara"])
    }
}

@Suite("GlossaryMatcher: English")
struct EnglishMatchingTests {
    @Test func caseDiacriticsAndPossessives() throws {
        let matcher = try TestGlossary.matcher()
        #expect(matcher.englishNames(in: "Russia's troops and RUSSIA", language: "en") == ["Russia", "Russia"])
        #expect(matcher.englishNames(in: "Erdoğan met Erdogan", language: "en-GB") == ["Recep Tayyip Erdogan", "Recep Tayyip Erdogan"])
        #expect(matcher.englishNames(in: "Kyiv’s forces", language: "en") == ["Kyiv"])
        #expect(matcher.englishNames(in: "Russians and Prussia", language: "en").isEmpty)
    }

    @Test func deprecatedFormsAreFoundAndMarked() throws {
        let matcher = try TestGlossary.matcher()
        let match = try #require(matcher.matches(in: "talks in Kiev", language: "en").first)
        #expect(match.status == .deprecated)
        #expect(matcher.glossary.entries[match.entryIndex].preferredEnglish == "Kyiv")
    }

    @Test func lookupTakesEitherLanguage() throws {
        let matcher = try TestGlossary.matcher()
        #expect(matcher.lookup("وبوتين").map { matcher.glossary.entries[$0.entryIndex].preferredEnglish } == "Vladimir Putin")
        #expect(matcher.lookup("Zelenskyy").map { matcher.glossary.entries[$0.entryIndex].preferredArabic } == "فولوديمير زيلينسكي")
        #expect(matcher.lookup("بوتين يرى") == nil, "a lookup names one entity, not a sentence")
        #expect(matcher.lookup("Paris") == nil)
        #expect(matcher.matches(in: "Putin", language: "fr").isEmpty)
    }
}
