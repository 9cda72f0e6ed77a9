import Foundation
import GRDB
import Testing
@testable import QantaraReview

@Suite struct ReviewImportTests {
    @Test func importsPairsWithConfidenceBeadAndOneSidedUnits() throws {
        let session = try Fixture.session()
        let pairs = try session.allPairs()
        #expect(pairs.count == 10)
        #expect(pairs[0].confidence == 0.93)
        #expect(pairs[1].bead == "1-2")
        #expect(pairs[6].target.isEmpty && pairs[6].bead == "1-0")
        #expect(pairs[7].source.isEmpty && pairs[7].source.isEmpty == true && pairs[7].target == "Listen to the summary")
        #expect(pairs[8].comment == "checked against the wire copy")
        #expect(pairs.map(\.status).allSatisfy { $0 == .unreviewed })
    }

    @Test func flagsNumbersOnOneSideOnlyAndAcceptsArabicIndicDigits() throws {
        let session = try Fixture.session()
        let pairs = try session.allPairs()
        #expect(pairs[2].flags == 0, "١٨ and 18 are the same number")
        #expect(ReviewFlags(rawValue: pairs[3].flags).contains(.number), "27 on one side, 26 on the other")
        let marks = session.annotations(for: pairs[3])
        #expect(marks.source.contains { $0.kind == .number && $0.label == "27" && $0.missing })
        #expect(marks.target.contains { $0.kind == .number && $0.label == "26" && $0.missing })
        #expect(marks.source.contains { $0.kind == .number && $0.label == "2025" && !$0.missing })
    }

    @Test func marksEntitiesWithCounterpartsAndEmbeddedLatinRuns() throws {
        let session = try Fixture.session(finder: StubFinder())
        let pairs = try session.allPairs()
        let first = session.annotations(for: pairs[0])
        let istanbul = try #require(first.source.first { $0.kind == .entity })
        #expect(istanbul.label == "LOC · Istanbul" && !istanbul.missing)
        #expect(Array(pairs[0].source.unicodeScalars)[istanbul.start..<istanbul.end].map(String.init).joined() == "إسطنبول")
        let fifth = session.annotations(for: pairs[4])
        let embed = try #require(fifth.source.first { $0.kind == .embed })
        #expect(Array(pairs[4].source.unicodeScalars)[embed.start..<embed.end].map(String.init).joined() == "RIA Novosti")
        #expect(fifth.target.allSatisfy { $0.kind != .embed })
    }

    @Test func flagsAnEntityMissingOnTheOtherSide() throws {
        let folder = try Fixture.temporaryFolder()
        let pair = ReviewPair(id: 0, position: 0, source: "وصل الوفد إلى الرياض.", target: "The delegation arrived.", bead: "1-1")
        let session = try ReviewSession.create(
            path: folder + "/s.qreview", pairs: [pair], sourceLanguage: "ar", targetLanguage: "en", input: "memory",
            finder: StubFinder(), user: "tester")
        let stored = try #require(try session.allPairs().first)
        #expect(ReviewFlags(rawValue: stored.flags) == .entity)
        #expect(session.annotations(for: stored).source.first?.missing == true)
    }

    @Test func refusesATMXWithoutTheSessionLanguagesListingTheOnesItHas() throws {
        let folder = try Fixture.temporaryFolder()
        #expect {
            try ReviewSession.start(input: Fixture.path("german-french.tmx"), session: folder + "/x.qreview")
        } throws: { error in
            let message = "\(error)"
            return message.contains("ar or en") && message.contains("de-DE") && message.contains("fr-FR")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/x.qreview"))
    }

    @Test func defaultSessionPathIsBesideTheInput() {
        #expect(ReviewSession.defaultSessionPath(for: "/a/b/talk.tmx") == "/a/b/talk.qreview")
    }
}

@Suite struct ReviewOperationTests {
    @Test func approveRejectAndCommentAreStampedAndCounted() throws {
        let session = try Fixture.session()
        let ids = try session.allPairs().map(\.id)
        let change = try session.apply(ReviewOperation(.approve, id: ids[0]))
        #expect(change.revision == 1)
        #expect(change.pairs.first?.status == .approved && change.pairs.first?.changeID == "tester")
        _ = try session.apply(ReviewOperation(.reject, id: ids[1]))
        _ = try session.apply(ReviewOperation(.comment, id: ids[2], text: " check the number "))
        let summary = try session.summary()
        #expect(summary.counts["approved"] == 1 && summary.counts["rejected"] == 1 && summary.counts["unreviewed"] == 8)
        #expect(try session.allPairs()[2].comment == "check the number")
        #expect(summary.revision == 3)
        #expect(summary.lowConfidence == 4)
    }

    @Test func mergeJoinsWithTheNextPairAndUndoRestoresBoth() throws {
        let session = try Fixture.session()
        let before = try session.allPairs()
        let change = try session.apply(ReviewOperation(.merge, id: before[5].id))
        #expect(change.removed == [before[6].id])
        let after = try session.allPairs()
        #expect(after.count == 9)
        #expect(after[5].source == before[5].source + " " + before[6].source)
        #expect(after[5].bead == "3-1" && after[5].confidence == 0.20)
        _ = try session.apply(ReviewOperation(.undo))
        #expect(try session.allPairs().map(\.source) == before.map(\.source))
        #expect(try session.allPairs().map(\.id) == before.map(\.id))
    }

    @Test func splitAtAnOffsetOnEitherSide() throws {
        let session = try Fixture.session()
        let pairs = try session.allPairs()
        let english = pairs[1].target
        let cut = Array(english.unicodeScalars).firstIndex(of: "T".unicodeScalars.first!, after: 1)
        let change = try session.apply(ReviewOperation(.split, id: pairs[1].id, side: .target, offset: cut))
        let after = try session.allPairs()
        #expect(after.count == 11)
        #expect(after[1].target == "The talks lasted six and a half hours.")
        #expect(after[2].target == "They focused on the embassies." && after[2].source.isEmpty)
        #expect(after[1].source == pairs[1].source)
        #expect(change.pairs.count == 2)
        #expect(throws: ReviewError.self) { try session.apply(ReviewOperation(.split, id: pairs[0].id, side: .source, offset: 0)) }
    }

    @Test func movesSentencesAcrossThePairBoundary() throws {
        let session = try Fixture.session()
        let pairs = try session.allPairs()
        // Pair 6 has two Arabic sentences for one English one: move the second down into the 1-0 pair below.
        _ = try session.apply(ReviewOperation(.moveDown, id: pairs[5].id, side: .source))
        var after = try session.allPairs()
        #expect(after[5].source == "أكد الرئيس استعداد بلاده للتعاون.")
        #expect(after[6].source == "وأضاف أن الحوار صعب. + الخط -")
        #expect(after[5].bead == "1-1" && after[6].bead == "2-0")
        // And back up again.
        _ = try session.apply(ReviewOperation(.moveUp, id: pairs[6].id, side: .source))
        after = try session.allPairs()
        #expect(after[5].source == pairs[5].source && after[6].source == "+ الخط -")
        // Moving the only sentence of a one-sided pair empties it: the pair goes.
        let change = try session.apply(ReviewOperation(.moveUp, id: pairs[7].id, side: .target))
        #expect(change.removed == [pairs[7].id])
        #expect(try session.allPairs()[6].target == "Listen to the summary")
    }

    @Test func unalignedSplitsAPairIntoTwoOneSidedPairs() throws {
        let session = try Fixture.session()
        let pairs = try session.allPairs()
        _ = try session.apply(ReviewOperation(.unaligned, id: pairs[3].id))
        let after = try session.allPairs()
        #expect(after.count == 11)
        #expect(after[3].target.isEmpty && after[3].status == .unaligned && after[3].source == pairs[3].source)
        #expect(after[4].source.isEmpty && after[4].status == .unaligned && after[4].target == pairs[3].target)
        #expect(after[3].flags == 0, "a one-sided pair has nothing to compare")
    }

    @Test func editRecomputesFlagsAndKeepsTheOtherSide() throws {
        let session = try Fixture.session()
        let pairs = try session.allPairs()
        let change = try session.apply(
            ReviewOperation(.edit, id: pairs[3].id, side: .target, text: "The delegation arrived on 27 February 2025."))
        #expect(change.pairs.first?.flags == 0)
        #expect(change.pairs.first?.source == pairs[3].source)
        #expect(throws: ReviewError.self) {
            try session.apply(ReviewOperation(.edit, id: pairs[6].id, side: .source, text: "  "))
        }
    }

    @Test func undoAndRedoWalkTheJournalAndANewOperationDropsTheRedos() throws {
        let session = try Fixture.session()
        let original = try session.allPairs()
        let ids = original.map(\.id)
        _ = try session.apply(ReviewOperation(.approve, id: ids[0]))
        _ = try session.apply(ReviewOperation(.merge, id: ids[1]))
        _ = try session.apply(ReviewOperation(.split, id: ids[4], side: .source, offset: 10))
        let edited = try session.allPairs()
        for _ in 0..<3 { _ = try session.apply(ReviewOperation(.undo)) }
        #expect(try session.allPairs().map(\.source) == original.map(\.source))
        #expect(try session.allPairs().map(\.status) == original.map(\.status))
        #expect(throws: ReviewError.self) { try session.apply(ReviewOperation(.undo)) }
        for _ in 0..<3 { _ = try session.apply(ReviewOperation(.redo)) }
        #expect(try session.allPairs().map(\.source) == edited.map(\.source))
        _ = try session.apply(ReviewOperation(.undo))
        let change = try session.apply(ReviewOperation(.reject, id: ids[0]))
        #expect(!change.canRedo)
    }

    @Test func aStaleRevisionIsAConflictAndChangesNothing() throws {
        let session = try Fixture.session()
        let ids = try session.allPairs().map(\.id)
        _ = try session.apply(ReviewOperation(.approve, id: ids[0]), expectedRevision: 0)
        #expect {
            try session.apply(ReviewOperation(.reject, id: ids[0]), expectedRevision: 0)
        } throws: { ($0 as? ReviewError)?.kind == .conflict }
        #expect(try session.allPairs()[0].status == .approved)
        #expect(try session.revision() == 1)
    }

    @Test func resumingASessionKeepsEverything() throws {
        let folder = try Fixture.temporaryFolder()
        let path = folder + "/talk.qreview"
        let first = try ReviewSession.start(input: Fixture.path("talk.tmx"), session: path, user: "tester")
        #expect(!first.resumed)
        let ids = try first.session.allPairs().map(\.id)
        _ = try first.session.apply(ReviewOperation(.approve, id: ids[2]))
        try first.session.setCursor(ids[2])
        let before = try first.session.allPairs()
        try first.session.close()
        let again = try ReviewSession.start(input: path)
        #expect(again.resumed)
        #expect(try again.session.allPairs() == before)
        #expect(try again.session.summary().cursor == ids[2])
        #expect(try again.session.summary().canUndo)
        let viaTMX = try ReviewSession.start(input: Fixture.path("talk.tmx"), session: path)
        #expect(viaTMX.resumed)
    }
}

extension Array where Element == Unicode.Scalar {
    func firstIndex(of scalar: Unicode.Scalar, after start: Int) -> Int? {
        indices.first { $0 >= start && self[$0] == scalar }
    }
}
