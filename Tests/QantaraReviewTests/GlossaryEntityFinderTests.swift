import QantaraGlossary
import Testing
@testable import QantaraReview

@Suite struct GlossaryEntityFinderTests {
    let glossary = Glossary(entries: [
        GlossaryEntry(.location, "إسطنبول", "Istanbul"),
        GlossaryEntry(.location, "الرياض", "Riyadh"),
        GlossaryEntry(.person, "بوتين", "Putin"),
    ])

    @Test func entitiesGetTheirCounterpartAndAMissingOneIsFlagged() {
        let annotator = ReviewAnnotator(
            sourceLanguage: "ar", targetLanguage: "en", finder: GlossaryEntityFinder(glossary: glossary, name: "test"))
        let both = annotator.annotate(source: "وصل بوتين إلى إسطنبول.", target: "Putin arrived in Istanbul.")
        #expect(both.flags == 0)
        #expect(both.source.filter { $0.kind == .entity }.map(\.label) == ["PERSON · Putin", "LOC · Istanbul"])
        #expect(both.target.filter { $0.kind == .entity }.map(\.label) == ["PERSON · بوتين", "LOC · إسطنبول"])
        let missing = annotator.annotate(source: "وصل بوتين إلى الرياض.", target: "Putin arrived in Istanbul.")
        #expect(ReviewFlags(rawValue: missing.flags) == .entity)
        #expect(missing.source.first { $0.label == "LOC · Riyadh" }?.missing == true)
        #expect(missing.target.first { $0.label == "LOC · إسطنبول" }?.missing == true)
    }

    @Test func aResumedSessionRecomputesFlagsForAnotherGlossary() throws {
        let folder = try Fixture.temporaryFolder()
        let path = folder + "/g.qreview"
        let pair = ReviewPair(id: 0, position: 0, source: "وصل الوفد إلى الرياض.", target: "The delegation arrived.", bead: "1-1")
        let created = try ReviewSession.create(
            path: path, pairs: [pair], sourceLanguage: "ar", targetLanguage: "en", input: "memory", user: "tester")
        #expect(try created.allPairs()[0].flags == 0)
        try created.close()
        let resumed = try ReviewSession.open(path: path, finder: GlossaryEntityFinder(glossary: glossary, name: "test"))
        #expect(try resumed.allPairs()[0].flags == ReviewFlags.entity.rawValue)
    }
}
