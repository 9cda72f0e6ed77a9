import Foundation
import Testing
@testable import QantaraSegmentation

/// Qantara's segmentation conventions on small texts written for these tests.
@Suite("Segmenter conventions")
struct SegmenterConventionTests {
    private func texts(_ text: String, _ language: String, joinLines: Bool = false) throws -> [String] {
        try Segmenter(language: language, joinLines: joinLines).segment(text).map(\.text)
    }

    @Test func presentationFormsMapToTheirCompatibilityFormsInUTF16() {
        var mapped = 0
        for value in UInt32(0xFB50)...0xFEFE where (0xFB50...0xFDFF).contains(value) || value >= 0xFE70 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let folded = String(scalar).precomposedStringWithCompatibilityMapping
            let expected = folded != String(scalar) ? Array(folded.utf16) : nil
            #expect(PresentationForms.base[value] == expected, "U+\(String(value, radix: 16))")
            if expected != nil { mapped += 1 }
        }
        #expect(mapped > 600)
        #expect(PresentationForms.base[0xFEFB] == Array("\u{0644}\u{0627}".utf16))
    }

    @Test func arabicSentenceEndsButNotCommasColonsOrSemicolons() throws {
        let text = "هل انتهت المحادثات؟ نعم، انتهت اليوم. قال المتحدث: \"لا جديد\"؛ وأضاف أنه متفائل! ثم غادر…"
        #expect(try texts(text, "ar") == [
            "هل انتهت المحادثات؟", "نعم، انتهت اليوم.", "قال المتحدث: \"لا جديد\"؛ وأضاف أنه متفائل!", "ثم غادر…",
        ])
    }

    @Test func arabicAbbreviationsInitialsAndNumbers() throws {
        let text = "التقى د. أحمد ز. أمين بالسيد أ.د. سامي في عام 300 ق.م. تقريباً ونما الاقتصاد 3.5 بالمئة و١٢٫٥ و١٠،٥ و10,000 دولار. ثم انتهى."
        #expect(try texts(text, "ar").count == 2)
        // A word that ends in the letter of an abbreviation still ends a sentence.
        #expect(try texts("نجوا بحياتهم. تم إجلاء السكان.", "ar") == ["نجوا بحياتهم.", "تم إجلاء السكان."])
        #expect(try texts("راسلونا على ص.ب. 1234 الرياض.", "ar").count == 1)
        // An era letter after a year: the sentence goes on before a preposition, ends before a new one.
        #expect(try texts("وُلد عام 1950م. في القاهرة", "ar").count == 1)
        #expect(try texts("توفي عام 1950م. وفي العام التالي انتقل.", "ar").count == 2)
        // Text that lost its spaces still breaks after a full stop between two Arabic words.
        #expect(try texts("نجوا بحياتهم.تم إجلاء السكان.", "ar") == ["نجوا بحياتهم.", "تم إجلاء السكان."])
    }

    @Test func quotationsEllipsesAndHeadlineDots() throws {
        // A sentence end inside a quotation is a boundary; the closing quote stays with its sentence.
        let quoted = "وأضاف: \"الأراضي جزء من بلادنا. هذا أمر لا جدل فيه\". وغادر."
        #expect(try texts(quoted, "ar") == ["وأضاف: \"الأراضي جزء من بلادنا.", "هذا أمر لا جدل فيه\".", "وغادر."])
        #expect(try texts("قال «انتهى الأمر.» ثم خرج.", "ar") == ["قال «انتهى الأمر.»", "ثم خرج."])
        #expect(try texts("أعيد نشرها في كورسك... يبدو أن العملية تمت.", "ar").count == 1)
        // A quotation's attribution stays with it; a sentence that opens with the verb does not.
        #expect(try texts("\"هل يعتقدون أنني أحصل على خصم؟\" تساءلت.", "ar").count == 1)
        #expect(try texts("\"انتهى الأمر.\" قالت ساندرز إن الجلسات ستظل تعقد بانتظام.", "ar").count == 2)
        #expect(try texts("اختتام المحادثات.. وبوتين يرى أملاً", "ar").count == 1)
    }

    @Test func linesParagraphsBulletsAndChromeAreSegments() throws {
        let text = "عنوان بلا نقطة\n27 فبراير/شباط 2025\n+ الخط -\n\n- البند الأول، وهو طويل.\n• البند الثاني\n١. المقدمة\n\nفقرة ثالثة."
        let segments = try Segmenter(language: "ar").segment(text)
        #expect(segments.map(\.text) == [
            "عنوان بلا نقطة", "27 فبراير/شباط 2025", "+ الخط -", "- البند الأول، وهو طويل.", "• البند الثاني", "١. المقدمة",
            "فقرة ثالثة.",
        ])
        #expect(try texts("- أولاً • ثانياً. • ثالثاً", "ar") == ["- أولاً", "• ثانياً.", "• ثالثاً"])
        #expect(segments.map(\.paragraph) == [0, 0, 0, 1, 1, 1, 2])
        #expect(segments.map(\.line) == [0, 1, 2, 4, 5, 6, 8])
    }

    @Test func joinLinesTreatsSingleLineBreaksAsSpaces() throws {
        let text = "This is a sentence\ncut off in the middle.\n\nNext paragraph."
        let segments = try Segmenter(language: "en", joinLines: true).segment(text)
        #expect(segments.map(\.text) == ["This is a sentence\ncut off in the middle.", "Next paragraph."])
        #expect(segments.map(\.paragraph) == [0, 1])
        #expect(segments.map(\.line) == [0, 3], "a joined paragraph's segments stand on its first line")
        #expect(try texts(text, "en").count == 3)
    }

    @Test func offsetsCountUnicodeScalarsOfTheSource() throws {
        let text = "  أولاً. 😀 ثانياً.\r\nثالثاً"
        let scalars = Array(text.unicodeScalars)
        for segment in try Segmenter(language: "ar").segment(text) {
            var slice = String.UnicodeScalarView()
            slice.append(contentsOf: scalars[segment.range])
            #expect(String(slice) == segment.text)
        }
    }

    @Test func invisibleControlsSpacesAndPresentationFormsMatchButAreKept() throws {
        // "د‪.‬ ديفيد" with LRE/PDF around the dot, a no-break space, and a PDF-style presentation form for "د".
        let text = "وقال د\u{202A}.\u{202C}\u{00A0}ديفيد ريدي إن ﺩ. سامي حضر. ثم انتهى."
        let result = try texts(text, "ar")
        #expect(result == ["وقال د\u{202A}.\u{202C}\u{00A0}ديفيد ريدي إن ﺩ. سامي حضر.", "ثم انتهى."])
    }

    @Test func englishAbbreviationsInitialsAndLists() throws {
        #expect(try texts("Mr. Smith met Dr. Jones at 5 p.m. in the U.S. Senate. They spoke.", "en") == [
            "Mr. Smith met Dr. Jones at 5 p.m. in the U.S. Senate.", "They spoke.",
        ])
        #expect(try texts("I live in the U.S. How about you?", "en").count == 2)
        #expect(try texts("See p. 55 and No. 3, e.g. the Jan. 5 issue by Jonas E. Smith.", "en").count == 1)
        #expect(try texts("1. The first item 2. The second item", "en") == ["1. The first item", "2. The second item"])
        #expect(try texts("The rally is at 7 p.m. ET tonight, Sens. John Kennedy said. He left.", "en").count == 2)
        #expect(try texts("\"Are you ready?\" CNN reported. He added that it was late.", "en") == [
            "\"Are you ready?\" CNN reported.", "He added that it was late.",
        ])
        #expect(try texts("Pupils achieved a Higher grade A. The data showed it.", "en").count == 2)
        #expect(try texts("Her email is Jane.Doe@example.com. Visit https://example.org/a.html. Done.", "en").count == 3)
    }

    @Test func emptyAndBlankTextsGiveNoSegments() throws {
        #expect(try Segmenter(language: "ar").segment("").isEmpty)
        #expect(try Segmenter(language: "ar").segment(" \n\n\u{200F}\n").isEmpty)
    }

    @Test func anyLanguageFallsBackToTheCommonRules() throws {
        #expect(try texts("Bonjour. Ça va ? Oui, merci.", "fr") == ["Bonjour.", "Ça va ?", "Oui, merci."])
    }
}
