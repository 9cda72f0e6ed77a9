import Foundation

/// Aligns the sentences of a text with those of its translation (Arabic source, English target).
///
/// Two passes of dynamic programming over beads (1-1, 1-0, 0-1, 2-1, 1-2, 2-2, 3-1, 1-3) inside a band,
/// as in Gale & Church (1993) and Moore (2002): the first pass uses the length ratio of the whole
/// document and default weights; its confident 1-1 beads give the length variance, the match rates of
/// aligned and unrelated sentence pairs, and word pairs for a learned lexicon; the second pass realigns
/// in a narrow band around the first path with all of that. Cost grows linearly with the text.
public struct Aligner: Sendable {
    /// Fixed once made: word analyses are cached with the dictionary they were looked up in.
    public let options: AlignmentOptions
    /// Language of the source side (Arabic) and the target side (English), regions allowed.
    public var sourceLanguage: String
    public var targetLanguage: String
    /// Word analyses, shared by every document this aligner (and its copies) aligns.
    private let wordCaches: WordCaches

    public init(options: AlignmentOptions = AlignmentOptions(), sourceLanguage: String = "ar", targetLanguage: String = "en") {
        self.options = options
        wordCaches = WordCaches(dictionary: options.dictionary)
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
    }

    /// This aligner with word caches of its own.
    func withOwnCaches() -> Aligner {
        Aligner(options: options, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage)
    }

    // Set on the Arabic–English development set (align-dev), never on the evaluation sets.
    static let initialLengthVariance = 4.0
    static let defaultAlignedRate = 0.45
    static let defaultRandomRate = 0.06
    static let defaultRandomRatePerToken = 0.005
    static let lexicalWeight = 0.35
    /// Per shape of `CostModel.shapes`; deletions cost `AlignmentOptions.deletionCost` instead.
    static let shapeCosts: [Double] = [0, 0, 0, 3, 3, 5, 5, 5]
    static let temperature = 2.0
    static let secondPassWidth = 6
    static let confidentPosterior = 0.8

    public func align(source: [AlignmentSentence], target: [AlignmentSentence]) -> AlignmentResult {
        let n = source.count
        let m = target.count
        let builder = EvidenceBuilder(
            wordCaches: wordCaches, anchorSources: options.anchorSources,
            sourceLanguage: sourceLanguage, targetLanguage: targetLanguage)
        let analysis = builder.analyze(source: source, target: target)
        var evidence = builder.evidence(analysis, source: source, target: target, learned: LearnedLexicon())

        let sourceTotal = evidence.sourceLengths.reduce(0, +)
        let targetTotal = evidence.targetLengths.reduce(0, +)
        let ratio = sourceTotal > 0 && targetTotal > 0 ? targetTotal / sourceTotal : 1
        var model = CostModel(
            lengthRatio: ratio, lengthVariance: Self.initialLengthVariance, alignedRate: Self.defaultAlignedRate,
            randomRatePerToken: Self.defaultRandomRatePerToken, lexicalWeight: Self.lexicalWeight, deletionCost: options.deletionCost,
            paragraphCrossingCost: options.paragraphCrossingCost, lineCrossingCost: options.lineCrossingCost,
            unsupportedMergeCost: options.deletionCost, shapeCosts: Self.shapeCosts)
        let longest = max(
            (0..<n).map { evidence.contentCount(source: $0) }.max() ?? 0, (0..<m).map { evidence.contentCount(target: $0) }.max() ?? 0)
        let largestBead = 3 * longest + 1
        model.prepareTables(maximumSize: largestBead)

        var (steps, search) = searchWidening(
            evidence: evidence, model: model, band: Band.diagonal(n: n, m: m, width: max(4, options.initialBandWidth)))

        let estimate = Estimate(steps: steps, search: search)
        var statistics = AlignmentStatistics(
            lengthRatio: ratio, lengthVariance: Self.initialLengthVariance, matchRateAligned: Self.defaultAlignedRate,
            matchRateRandom: Self.defaultRandomRate, learnedPairs: 0)
        if let estimate {
            model.lengthRatio = estimate.lengthRatio
            model.lengthVariance = estimate.lengthVariance
            model.alignedRate = min(0.95, max(0.05, estimate.alignedRate))
            model.randomRatePerToken = min(0.05, max(0.0002, estimate.randomRatePerToken))
            model.prepareTables(maximumSize: largestBead)
            statistics = AlignmentStatistics(
                lengthRatio: estimate.lengthRatio, lengthVariance: estimate.lengthVariance,
                matchRateAligned: estimate.alignedRate, matchRateRandom: estimate.randomRate, learnedPairs: 0)
        }
        if options.learnsLexicon, let estimate {
            let learned = LexiconLearner.learn(from: estimate.confidentPairs, analysis: analysis)
            statistics.learnedPairs = learned.ids.count
            evidence = builder.evidence(analysis, source: source, target: target, learned: learned)
        }
        let path = Self.states(of: steps)
        (steps, search) = searchWidening(
            evidence: evidence, model: model, band: Band.around(path: path, n: n, m: m, width: Self.secondPassWidth))

        let separation = statistics.matchRateAligned / max(statistics.matchRateRandom, 0.002)
        // How far the texts look like translations of each other: 1 when aligned pairs match several
        // times more often than unrelated ones.
        let correspondence = min(1, max(0, (separation - 1.5) / 2.5))
        var beads: [Bead] = []
        beads.reserveCapacity(steps.count)
        for step in steps {
            let confidence: Double
            if step.i1 == step.i0 || step.j1 == step.j0 {
                confidence = 0.4 * step.posterior
            } else {
                let llr = search.lexicalScore(step.i0, step.i1, step.j0, step.j1)
                let support = 1 / (1 + exp(-llr / 2))
                confidence = step.posterior * (0.3 + 0.7 * support) * (0.25 + 0.75 * correspondence)
            }
            beads.append(Bead(source: step.i0..<step.i1, target: step.j0..<step.j1, confidence: (confidence * 1000).rounded() / 1000))
        }
        var warnings: [String] = []
        let paired = beads.filter { !$0.source.isEmpty && !$0.target.isEmpty }
        let medianConfidence = paired.map(\.confidence).sorted().dropFirst(paired.count / 2).first ?? 0
        if n > 0, m > 0, separation < 2.5 || medianConfidence < 0.3 {
            warnings.append(
                "the texts may not correspond: aligned sentences share little more than unrelated ones "
                    + "(match rate \(Self.percent(statistics.matchRateAligned)) vs \(Self.percent(statistics.matchRateRandom)))")
        }
        return AlignmentResult(beads: beads, warnings: warnings, statistics: statistics)
    }

    private static func percent(_ value: Double) -> String {
        String(format: "%.0f%%", value * 100)
    }

    /// Runs the search, doubling the band while the best path touches its edge.
    private func searchWidening(evidence: DocumentEvidence, model: CostModel, band: Band) -> ([BeadSearch.Step], BeadSearch) {
        let n = evidence.sourceCount
        let m = evidence.targetCount
        var band = band
        var width = max(4, options.initialBandWidth)
        while true {
            let search = BeadSearch(evidence: evidence, model: model, band: band)
            let steps = search.run(temperature: Self.temperature)
            let path = Self.states(of: steps)
            if !band.pathTouchesEdge(path, m: m, margin: 3) || width > max(n, m) { return (steps, search) }
            width *= 2
            band = Band.around(path: path, n: n, m: m, width: width)
        }
    }

    private static func states(of steps: [BeadSearch.Step]) -> [(i: Int, j: Int)] {
        var path: [(i: Int, j: Int)] = [(0, 0)]
        for step in steps { path.append((step.i1, step.j1)) }
        return path
    }

    /// What the first pass tells about the document pair.
    struct Estimate {
        var lengthRatio: Double
        var lengthVariance: Double
        var alignedRate: Double
        var randomRate: Double
        var randomRatePerToken: Double
        var confidentPairs: [(i: Int, j: Int)]

        init?(steps: [BeadSearch.Step], search: BeadSearch) {
            let evidence = search.evidence
            var ones = steps.filter { $0.i1 - $0.i0 == 1 && $0.j1 - $0.j0 == 1 }
            let confident = ones.filter { $0.posterior >= Aligner.confidentPosterior }
            if confident.count >= 3 { ones = confident }
            guard ones.count >= 3 else { return nil }
            var sourceSum = 0.0
            var targetSum = 0.0
            for step in ones {
                sourceSum += evidence.sourceLengths[step.i0]
                targetSum += evidence.targetLengths[step.j0]
            }
            guard sourceSum > 0, targetSum > 0 else { return nil }
            lengthRatio = targetSum / sourceSum
            var spread = 0.0
            var matched = 0.0
            var content = 0.0
            var randomMatched = 0.0
            var randomContent = 0.0
            var randomProducts = 0.0
            for step in ones {
                let expected = lengthRatio * evidence.sourceLengths[step.i0]
                let difference = evidence.targetLengths[step.j0] - expected
                spread += difference * difference / max(1, (expected + evidence.targetLengths[step.j0]) / 2)
                matched += Double(search.pairs.source(step.i0, step.j0) + search.pairs.target(step.i0, step.j0))
                content += Double(evidence.contentCount(source: step.i0) + evidence.contentCount(target: step.j0))
                for offset in [-4, -3, -2, 2, 3, 4] {
                    let j = step.j0 + offset
                    guard j >= search.pairs.pairLo[step.i0], j < search.pairs.pairHi[step.i0] else { continue }
                    randomMatched += Double(search.pairs.source(step.i0, j) + search.pairs.target(step.i0, j))
                    randomContent += Double(evidence.contentCount(source: step.i0) + evidence.contentCount(target: j))
                    randomProducts += Double(2 * evidence.contentCount(source: step.i0) * evidence.contentCount(target: j))
                }
            }
            lengthVariance = min(max(spread / Double(ones.count), 1), 40)
            alignedRate = content > 0 ? matched / content : Aligner.defaultAlignedRate
            randomRate = randomContent > 0 ? randomMatched / randomContent : Aligner.defaultRandomRate
            randomRatePerToken = randomProducts > 0 ? randomMatched / randomProducts : Aligner.defaultRandomRatePerToken
            confidentPairs = confident.map { ($0.i0, $0.j0) }
        }
    }
}

/// Target ids learned for Arabic stems, best first: stem `s` has `ids[start[s]..<start[s + 1]]`, and stems past
/// the end of `start` have none. Flat, as the evidence reads it for every token.
struct LearnedLexicon {
    var start: [Int32] = [0]
    var ids: [Int32] = []
}

/// Word pairs learned from confident 1-1 beads (hunalign's `-realign`, Moore 2002): an Arabic stem and
/// an English id that occur together at least twice and rarely apart (Dice ≥ 0.66).
enum LexiconLearner {
    static let minimumCount = 2
    static let minimumDice = 0.66
    static let maximumPerStem = 3

    static func learn(from pairs: [(i: Int, j: Int)], analysis: EvidenceBuilder.Analysis) -> LearnedLexicon {
        // Counted on arrays indexed by id, and word pairs by sorting their packed keys: dictionaries of
        // counts made learning cost as much as a search pass.
        // Pair k's stems are `sourceStems[sourceStart[k]..<sourceStart[k + 1]]` and its target ids
        // `targetStems[targetStart[k]..<targetStart[k + 1]]`, each ascending: flat, not an array per pair.
        var sourceStems: [Int32] = []
        var sourceStart = [0]
        var targetStems: [Int32] = []
        var targetStart = [0]
        for pair in pairs {
            analysis.appendSourceStems(pair.i, to: &sourceStems)
            sourceStart.append(sourceStems.count)
            analysis.appendTargetStems(pair.j, to: &targetStems)
            targetStart.append(targetStems.count)
        }
        var sourceCount = [Int32](repeating: 0, count: Int(sourceStems.max() ?? -1) + 1)
        var targetCount = [Int32](repeating: 0, count: analysis.vocabulary.count)
        for a in sourceStems { sourceCount[Int(a)] += 1 }
        for e in targetStems { targetCount[Int(e)] += 1 }
        var joint: [Int64] = []
        var targets: [Int32] = []
        for k in pairs.indices {
            targets.removeAll(keepingCapacity: true)
            for e in targetStems[targetStart[k]..<targetStart[k + 1]] where targetCount[Int(e)] >= minimumCount { targets.append(e) }
            for a in sourceStems[sourceStart[k]..<sourceStart[k + 1]] where sourceCount[Int(a)] >= minimumCount {
                // A pair seen together at most min(count a, count e) times: when even that misses the
                // Dice threshold (counts far apart), the pair is not collected at all.
                let countA = sourceCount[Int(a)]
                for e in targets where Self.dice(min(countA, targetCount[Int(e)]), countA, targetCount[Int(e)]) >= minimumDice {
                    joint.append(Int64(a) << 32 | Int64(e))
                }
            }
        }
        // Sorted, the pairs of one stem stand together: each stem's best target ids go straight to the flat
        // lexicon, ascending by stem.
        joint.sort()
        var lexicon = LearnedLexicon()
        var candidates: [(id: Int32, dice: Double)] = []
        var start = 0
        while start < joint.count {
            let a = Int32(joint[start] >> 32)
            candidates.removeAll(keepingCapacity: true)
            while start < joint.count, Int32(joint[start] >> 32) == a {
                var end = start + 1
                while end < joint.count, joint[end] == joint[start] { end += 1 }
                let count = end - start
                if count >= minimumCount {
                    let e = Int32(truncatingIfNeeded: joint[start])
                    let dice = Self.dice(Int32(count), sourceCount[Int(a)], targetCount[Int(e)])
                    if dice >= minimumDice { candidates.append((e, dice)) }
                }
                start = end
            }
            guard !candidates.isEmpty else { continue }
            candidates.sort { $0.dice > $1.dice || ($0.dice == $1.dice && $0.id < $1.id) }
            while lexicon.start.count <= Int(a) { lexicon.start.append(Int32(lexicon.ids.count)) }
            for candidate in candidates.prefix(maximumPerStem) { lexicon.ids.append(candidate.id) }
            lexicon.start.append(Int32(lexicon.ids.count))
        }
        return lexicon
    }

    /// Dice's coefficient of a pair seen `together` times, its words `sourceCount` and `targetCount` times.
    @inline(__always)
    private static func dice(_ together: Int32, _ sourceCount: Int32, _ targetCount: Int32) -> Double {
        2 * Double(together) / Double(sourceCount + targetCount)
    }
}
