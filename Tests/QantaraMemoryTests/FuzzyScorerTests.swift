import Foundation
import Testing

@testable import QantaraMemory

@Suite("Fuzzy scoring")
struct FuzzyScorerTests {
    @Test func scoreIsOmegaTsTokenLevelLevenshtein() {
        #expect(FuzzyScorer.score(query: [1, 2, 3, 4, 5, 6], candidate: [1, 2, 3, 4, 5, 6], minimum: 0) == 100)
        // One substitution in six tokens: 100 × 5/6, rounded down.
        #expect(FuzzyScorer.score(query: [1, 2, 3, 4, 5, 6], candidate: [1, 2, 9, 4, 5, 6], minimum: 0) == 83)
        #expect(FuzzyScorer.score(query: [1, 2, 3, 4], candidate: [1, 2, 3, 4, 5, 6, 7, 8], minimum: 0) == 50)
        #expect(FuzzyScorer.score(query: [1, 2, 3, 4], candidate: [1, 2, 3, 4, 5, 6, 7, 8], minimum: 51) == nil)
    }

    @Test func onlyAnExactMatchScoresOneHundred() {
        // 1 edit in 200 tokens would round to 100 if rounded to nearest: it must not.
        let long = (0..<200).map { Int32($0) }
        var changed = long
        changed[100] = -1
        #expect(FuzzyScorer.score(query: long, candidate: changed, minimum: 0) == 99)
    }

    @Test func boundedDistanceStopsEarlyButAgreesWithinTheBound() {
        #expect(FuzzyScorer.distance([1, 2, 3], [4, 5, 6]) == 3)
        #expect(FuzzyScorer.distance([1, 2, 3], [4, 5, 6], bound: 2) == nil)
        #expect(FuzzyScorer.distance([], [1, 2]) == 2)
    }

    @Test func differingTokensAreTheCandidatesChangedOrAddedTokens() {
        #expect(FuzzyScorer.differingTokens(query: [1, 2, 3, 4], candidate: [1, 9, 3, 4]) == [1])
        #expect(FuzzyScorer.differingTokens(query: [1, 2, 3], candidate: [1, 2, 3, 7]) == [3])
        #expect(FuzzyScorer.differingTokens(query: [1, 2, 3], candidate: [1, 2, 3]).isEmpty)
    }
}
