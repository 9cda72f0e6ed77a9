import Foundation
import QantaraTMX
import Testing
@testable import QantaraAlignment

@Suite("Aligner")
struct AlignerTests {
    static let dictionary = BilingualDictionary(pairs: [
        ("محادثات", "talks"), ("روسيا", "Russia"), ("أوكرانيا", "Ukraine"), ("الحرب", "war"), ("السلام", "peace"),
        ("الرئيس", "president"), ("قال", "said"), ("اليوم", "today"), ("مدينة", "city"), ("وزير", "minister"),
        ("الخارجية", "foreign"), ("اجتماع", "meeting"), ("جديد", "new"), ("الجيش", "army"), ("الجنود", "soldiers"),
        ("خسائر", "losses"), ("فادحة", "heavy"), ("الاقتصاد", "economy"), ("النمو", "growth"), ("المعادن", "minerals"),
        ("اتفاق", "agreement"), ("توقيع", "signing"), ("البرلمان", "parliament"), ("قانون", "law"), ("المدارس", "schools"),
    ])

    static let arabic = [
        "قال الرئيس إن محادثات السلام مع روسيا بدأت اليوم.",
        "وأعلن وزير الخارجية عن اجتماع جديد في مدينة إسطنبول.",
        "تكبد الجيش خسائر فادحة في الحرب مع أوكرانيا.",
        "ينتظر اتفاق المعادن التوقيع هذا الأسبوع.",
        "أقر البرلمان قانون المدارس الجديد بأغلبية 120 صوتا.",
        "وتوقع الوزير أن يرتفع النمو إلى 3.5 في المئة.",
    ]
    static let english = [
        "The president said peace talks with Russia began today.",
        "The foreign minister announced a new meeting in the city of Istanbul.",
        "The army suffered heavy losses in the war with Ukraine.",
        "The minerals agreement awaits signing this week.",
        "Parliament passed the new schools law by 120 votes.",
        "The minister expected growth to rise to 3.5 percent.",
    ]

    func align(_ source: [String], _ target: [String], dictionary: BilingualDictionary? = AlignerTests.dictionary) -> AlignmentResult {
        Aligner(options: AlignmentOptions(dictionary: dictionary))
            .align(source: source.map { AlignmentSentence(text: $0) }, target: target.map { AlignmentSentence(text: $0) })
    }

    @Test func parallelSentencesAlignOneToOneWithHighConfidence() {
        let result = align(Self.arabic, Self.english)
        #expect(result.beads.map(\.kind) == Array(repeating: "1-1", count: 6))
        #expect(result.beads.allSatisfy { $0.confidence > 0.6 })
        #expect(result.warnings.isEmpty)
    }

    @Test func aSplitTranslationBecomesAOneToTwoBead() {
        var english = Self.english
        english.replaceSubrange(2...2, with: ["The army suffered heavy losses.", "That was in the war with Ukraine."])
        let result = align(Self.arabic, english)
        #expect(result.beads.contains { $0.source == 2..<3 && $0.target == 2..<4 })
        #expect(result.beads.count == 6)
    }

    @Test func aMissingTranslationLeavesAOneToZeroBeadWithLowConfidence() {
        var english = Self.english
        english.remove(at: 3)
        let result = align(Self.arabic, english)
        let deletion = result.beads.first { $0.target.isEmpty }
        #expect(deletion?.source == 3..<4)
        #expect((deletion?.confidence ?? 1) < 0.5)
        #expect(result.beads.filter { $0.kind == "1-1" }.count == 5)
    }

    @Test func beadsCoverEverySentenceOnceAndInOrder() {
        let result = align(Self.arabic + ["جملة إضافية بلا ترجمة"], Self.english.reversed())
        var nextSource = 0
        var nextTarget = 0
        for bead in result.beads {
            #expect(bead.source.lowerBound == nextSource && bead.target.lowerBound == nextTarget)
            #expect((0...1).contains(bead.confidence))
            nextSource = bead.source.upperBound
            nextTarget = bead.target.upperBound
        }
        #expect(nextSource == 7 && nextTarget == 6)
    }

    @Test func unrelatedTextsGiveLowConfidenceAndAWarning() {
        let unrelated = [
            "Heavy rain flooded the valley overnight.", "Farmers moved their cattle to higher ground.",
            "A new bridge will open next spring.", "The museum shows paintings from the coast.",
            "Tickets for the concert sold out quickly.", "Scientists found a rare bird in the forest.",
        ]
        let result = align(Self.arabic, unrelated)
        #expect(!result.warnings.isEmpty)
        #expect(result.beads.allSatisfy { $0.confidence < 0.5 })
    }

    @Test func emptySidesGiveDeletionsOnly() {
        let result = align(Self.arabic, [])
        #expect(result.beads.count == 6 && result.beads.allSatisfy { $0.kind == "1-0" })
        #expect(align([], []).beads.isEmpty)
    }

    @Test func paragraphBreaksAreNotCrossedWithoutEvidence() {
        let source = Self.arabic.enumerated().map { AlignmentSentence(text: $0.element, paragraph: $0.offset / 3) }
        let target = Self.english.enumerated().map { AlignmentSentence(text: $0.element, paragraph: $0.offset / 3) }
        let result = Aligner(options: AlignmentOptions(dictionary: Self.dictionary)).align(source: source, target: target)
        for bead in result.beads where bead.source.count > 1 {
            #expect(Set(bead.source.map { source[$0].paragraph }).count == 1)
        }
        #expect(result.beads.count == 6)
    }

    @Test func anchorSourcesAddEvidence() {
        struct Names: AnchorSource {
            func anchorKeys(in text: String, language: String) -> [String] {
                text.contains("ميرا") || text.contains("Mira") ? ["person:mira"] : []
            }
        }
        let options = AlignmentOptions(anchorSources: [Names()])
        let result = Aligner(options: options).align(
            source: [AlignmentSentence(text: "وصلت ميرا."), AlignmentSentence(text: "غادر الجميع بعد ساعة طويلة من الانتظار.")],
            target: [AlignmentSentence(text: "Mira arrived."), AlignmentSentence(text: "Everyone left after a long hour of waiting.")])
        #expect(result.beads.map(\.kind) == ["1-1", "1-1"])
    }
}
