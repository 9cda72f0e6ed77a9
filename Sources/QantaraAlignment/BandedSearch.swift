import Foundation

/// The search space: for each source position `i` (0...n) the target positions `lo[i]...hi[i]` a path may
/// pass through. Both bounds never decrease with `i`, which keeps every bead's sentence pairs inside the
/// pair band computed for them.
struct Band {
    var lo: [Int]
    var hi: [Int]
    var offset: [Int]
    var cellCount: Int

    init(lo: [Int], hi: [Int]) {
        self.lo = lo
        self.hi = hi
        var offset: [Int] = []
        offset.reserveCapacity(lo.count + 1)
        var total = 0
        for i in 0..<lo.count {
            offset.append(total)
            total += hi[i] - lo[i] + 1
        }
        offset.append(total)
        self.offset = offset
        cellCount = total
    }

    /// A band of half-width `width` around the straight line from (0, 0) to (n, m).
    static func diagonal(n: Int, m: Int, width: Int) -> Band {
        var lo: [Int] = []
        var hi: [Int] = []
        for i in 0...n {
            let center = n == 0 ? 0 : Int((Double(i) * Double(m) / Double(n)).rounded())
            lo.append(max(0, center - width))
            hi.append(min(m, center + width))
        }
        lo[0] = 0
        hi[n] = m
        if n == 0 { hi[0] = m }
        return Band(lo: lo, hi: hi)
    }

    /// A band of half-width `width` around a path of states.
    static func around(path: [(i: Int, j: Int)], n: Int, m: Int, width: Int) -> Band {
        var rowMin = [Int](repeating: Int.max, count: n + 1)
        var rowMax = [Int](repeating: Int.min, count: n + 1)
        for state in path {
            rowMin[state.i] = min(rowMin[state.i], state.j)
            rowMax[state.i] = max(rowMax[state.i], state.j)
        }
        // Rows inside a multi-sentence bead are not states: carry the neighbours' bounds over them.
        for i in 1...max(1, n) where i <= n && rowMin[i] == Int.max { rowMin[i] = rowMin[i - 1] }
        for i in stride(from: n - 1, through: 0, by: -1) where rowMax[i] == Int.min { rowMax[i] = rowMax[i + 1] }
        var lo = rowMin.map { max(0, $0 - width) }
        var hi = rowMax.map { min(m, $0 + width) }
        for i in 1...max(1, n) where i <= n { lo[i] = max(lo[i], lo[i - 1]) }
        for i in stride(from: n - 1, through: 0, by: -1) { hi[i] = min(hi[i], hi[i + 1]) }
        for i in 0...n where hi[i] < lo[i] { hi[i] = lo[i] }
        lo[0] = 0
        hi[n] = m
        return Band(lo: lo, hi: hi)
    }

    @inline(__always) func contains(_ i: Int, _ j: Int) -> Bool { j >= lo[i] && j <= hi[i] }
    @inline(__always) func index(_ i: Int, _ j: Int) -> Int { offset[i] + j - lo[i] }

    /// Whether the path comes within `margin` of a band edge that is not the edge of the matrix.
    func pathTouchesEdge(_ path: [(i: Int, j: Int)], m: Int, margin: Int) -> Bool {
        path.contains { state in
            (lo[state.i] > 0 && state.j - lo[state.i] < margin) || (hi[state.i] < m && hi[state.i] - state.j < margin)
        }
    }
}

/// Per sentence pair inside the band: how many source tokens find a translation in the target sentence
/// (`sourceMatches`) and how many target tokens find one in the source sentence (`targetMatches`).
struct PairMatches {
    var pairLo: [Int]
    var pairHi: [Int]
    var offset: [Int]
    var sourceMatches: [Int32]
    var targetMatches: [Int32]
    /// What a bead's cost reads of each pair, side by side so that one lookup finds it.
    var cells: [Cell]

    struct Cell {
        /// The matches as shares of the sentences' content tokens, at most 1, divided once here rather than
        /// in every bead that holds the pair.
        var sourceShare = 0.0
        var targetShare = 0.0
        /// Both match counts together: whether the pair shares anything.
        var support: Int32 = 0
    }

    init(evidence: DocumentEvidence, band: Band) {
        let n = evidence.sourceCount
        let m = evidence.targetCount
        pairLo = []
        pairHi = []
        offset = []
        var total = 0
        for i in 0..<n {
            let lo = max(0, band.lo[i + 1] - 3)
            let hi = max(lo, min(m, band.hi[min(n, i + 3)]))
            pairLo.append(lo)
            pairHi.append(hi)
            offset.append(total)
            total += hi - lo
        }
        sourceMatches = [Int32](repeating: 0, count: total)
        targetMatches = [Int32](repeating: 0, count: total)

        // Postings: for each id, the target sentences holding it (ascending, once per sentence).
        let size = evidence.vocabularySize
        var postingStart = [Int32](repeating: 0, count: size + 1)
        var lastSentence = [Int32](repeating: -1, count: size)
        for j in 0..<m {
            for k in Int(evidence.targetTokenStart[j])..<Int(evidence.targetTokenStart[j + 1]) {
                let id = Int(evidence.targetIDs[k])
                if lastSentence[id] != Int32(j) {
                    lastSentence[id] = Int32(j)
                    postingStart[id + 1] += 1
                }
            }
        }
        for id in 0..<size { postingStart[id + 1] += postingStart[id] }
        var postings = [Int32](repeating: 0, count: Int(postingStart[size]))
        var fill = postingStart
        for id in 0..<size { lastSentence[id] = -1 }
        for j in 0..<m {
            for k in Int(evidence.targetTokenStart[j])..<Int(evidence.targetTokenStart[j + 1]) {
                let id = Int(evidence.targetIDs[k])
                if lastSentence[id] != Int32(j) {
                    lastSentence[id] = Int32(j)
                    postings[Int(fill[id])] = Int32(j)
                    fill[id] += 1
                }
            }
        }

        var lastToken = [Int32](repeating: -1, count: m)
        var mark = [Int32](repeating: -1, count: size)
        for i in 0..<n {
            let lo = pairLo[i]
            let hi = pairHi[i]
            guard hi > lo else { continue }
            let base = offset[i]
            for token in Int(evidence.sourceTokenStart[i])..<Int(evidence.sourceTokenStart[i + 1]) {
                for k in Int(evidence.translationStart[token])..<Int(evidence.translationStart[token + 1]) {
                    let id = Int(evidence.translations[k])
                    mark[id] = Int32(i)
                    var p = Self.firstPosting(postings, from: Int(postingStart[id]), to: Int(postingStart[id + 1]), atLeast: lo)
                    let end = Int(postingStart[id + 1])
                    while p < end {
                        let j = Int(postings[p])
                        if j >= hi { break }
                        if lastToken[j] != Int32(token) {
                            lastToken[j] = Int32(token)
                            sourceMatches[base + j - lo] += 1
                        }
                        p += 1
                    }
                }
            }
            for j in lo..<hi {
                var count: Int32 = 0
                for k in Int(evidence.targetTokenStart[j])..<Int(evidence.targetTokenStart[j + 1])
                where mark[Int(evidence.targetIDs[k])] == Int32(i) {
                    count += 1
                }
                targetMatches[base + j - lo] = count
            }
        }
        cells = [Cell](repeating: Cell(), count: total)
        for i in 0..<n {
            let base = offset[i]
            let sourceContent = evidence.contentCount(source: i)
            for j in pairLo[i]..<pairHi[i] {
                let k = base + j - pairLo[i]
                if sourceContent > 0 { cells[k].sourceShare = min(1, Double(sourceMatches[k]) / Double(sourceContent)) }
                let targetContent = evidence.contentCount(target: j)
                if targetContent > 0 { cells[k].targetShare = min(1, Double(targetMatches[k]) / Double(targetContent)) }
                cells[k].support = sourceMatches[k] + targetMatches[k]
            }
        }
    }

    private static func firstPosting(_ postings: [Int32], from: Int, to: Int, atLeast value: Int) -> Int {
        var low = from
        var high = to
        while low < high {
            let mid = (low + high) / 2
            if Int(postings[mid]) < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    @inline(__always) func source(_ i: Int, _ j: Int) -> Int32 {
        j >= pairLo[i] && j < pairHi[i] ? sourceMatches[offset[i] + j - pairLo[i]] : 0
    }

    @inline(__always) func target(_ i: Int, _ j: Int) -> Int32 {
        j >= pairLo[i] && j < pairHi[i] ? targetMatches[offset[i] + j - pairLo[i]] : 0
    }

    /// The pair's cell; an empty one outside the pair band.
    @inline(__always) func cell(_ i: Int, _ j: Int) -> Cell {
        j >= pairLo[i] && j < pairHi[i] ? cells[offset[i] + j - pairLo[i]] : Cell()
    }
}

/// The weights of one pass, some estimated from the document pair.
struct CostModel {
    var lengthRatio: Double
    var lengthVariance: Double
    /// Chance that a content token finds a translation in its aligned sentence.
    var alignedRate: Double
    /// Chance that a content token finds one in an unrelated sentence, per content token of that sentence.
    var randomRatePerToken: Double
    var lexicalWeight: Double
    var deletionCost: Double
    var paragraphCrossingCost: Double
    var lineCrossingCost: Double
    /// Added for each line without final punctuation (a headline, a caption, a "share" button) that a merge
    /// joins although it shares no word with the other side: such lines stand alone, so without evidence
    /// they are left unaligned rather than glued to a neighbouring sentence (it costs what a deletion costs).
    var unsupportedMergeCost: Double
    var shapeCosts: [Double]

    /// Bead shapes (source count, target count), in the order of `shapeCosts`.
    static let shapes: [(s: Int, t: Int)] = [(1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2), (3, 1), (1, 3)]

    /// Nats per matched and per unmatched token of a side whose other side has `otherSize` content tokens,
    /// tabulated by `prepareTables()` so the search computes no logarithms.
    private(set) var matchGains: [Double] = []
    private(set) var missCosts: [Double] = []

    /// Fills the per-size tables; call after changing the rates.
    mutating func prepareTables(maximumSize: Int) {
        matchGains = []
        missCosts = []
        for size in 0...max(1, maximumSize) {
            let random = min(0.5, max(0.001, randomRatePerToken * Double(size)))
            let aligned = alignedRate + (1 - alignedRate) * random
            matchGains.append(log(aligned / random))
            missCosts.append(log((1 - random) / (1 - aligned)))
        }
    }

    /// Log-likelihood ratio (nats) of the words a bead shares, aligned against unrelated: each side's
    /// tokens match by chance in proportion to the other side's size, so merging sentences buys no evidence.
    @inline(__always)
    func lexicalScore(sourceMatched: Double, sourceContent: Int, targetMatched: Double, targetContent: Int) -> Double {
        side(matched: sourceMatched, content: sourceContent, otherSize: targetContent)
            + side(matched: targetMatched, content: targetContent, otherSize: sourceContent)
    }

    @inline(__always)
    private func side(matched: Double, content: Int, otherSize: Int) -> Double {
        guard content > 0 else { return 0 }
        let size = min(otherSize, matchGains.count - 1)
        return matched * matchGains[size] - (Double(content) - matched) * missCosts[size]
    }
}

/// Dynamic programming over beads inside a band: the best path (Viterbi) and, for confidence, the
/// posterior probability of each of its beads (forward–backward over all paths in the band).
struct BeadSearch {
    let evidence: DocumentEvidence
    let model: CostModel
    let band: Band
    let pairs: PairMatches

    /// Lengths summed up to each sentence (exact: lengths are whole numbers), and content token counts,
    /// so a bead's cost reads them instead of looping.
    private let sourceLengthSums: [Double]
    private let targetLengthSums: [Double]
    private let sourceContent: [Int]
    private let targetContent: [Int]

    init(evidence: DocumentEvidence, model: CostModel, band: Band) {
        self.evidence = evidence
        self.model = model
        self.band = band
        self.pairs = PairMatches(evidence: evidence, band: band)
        sourceLengthSums = evidence.sourceLengths.reduce(into: [0]) { $0.append($0.last! + $1) }
        targetLengthSums = evidence.targetLengths.reduce(into: [0]) { $0.append($0.last! + $1) }
        sourceContent = (0..<evidence.sourceCount).map { evidence.contentCount(source: $0) }
        targetContent = (0..<evidence.targetCount).map { evidence.contentCount(target: $0) }
    }

    /// Cost of the bead covering source `i0..<i1` and target `j0..<j1`.
    func cost(_ i0: Int, _ i1: Int, _ j0: Int, _ j1: Int, shape: Int) -> Double {
        if i1 == i0 || j1 == j0 { return model.deletionCost }
        let sourceLength = sourceLengthSums[i1] - sourceLengthSums[i0]
        let targetLength = targetLengthSums[j1] - targetLengthSums[j0]
        let expected = model.lengthRatio * sourceLength
        let variance = model.lengthVariance * max(1, (expected + targetLength) / 2)
        let difference = targetLength - expected
        var total = model.shapeCosts[shape] + 0.5 * difference * difference / variance
        total -= model.lexicalWeight * lexicalScore(i0, i1, j0, j1)
        if i1 - i0 > 1 {
            for i in i0..<i1 {
                var support: Int32 = 0
                for j in j0..<j1 { support += pairs.cell(i, j).support }
                if support == 0, !evidence.sourceTerminated[i] { total += model.unsupportedMergeCost }
            }
        }
        if j1 - j0 > 1 {
            for j in j0..<j1 {
                var support: Int32 = 0
                for i in i0..<i1 { support += pairs.cell(i, j).support }
                if support == 0, !evidence.targetTerminated[j] { total += model.unsupportedMergeCost }
            }
        }
        if i1 - i0 > 1 {
            if evidence.sourceParagraphs[i0] != evidence.sourceParagraphs[i1 - 1] {
                total += model.paragraphCrossingCost
            } else if evidence.sourceLines[i0] != evidence.sourceLines[i1 - 1] {
                total += model.lineCrossingCost
            }
        }
        if j1 - j0 > 1 {
            if evidence.targetParagraphs[j0] != evidence.targetParagraphs[j1 - 1] {
                total += model.paragraphCrossingCost
            } else if evidence.targetLines[j0] != evidence.targetLines[j1 - 1] {
                total += model.lineCrossingCost
            }
        }
        return total
    }

    /// The lexical log-likelihood ratio of a bead. A sentence's tokens matched in several sentences of
    /// the other side are counted once, assuming the matches independent (1 − Π(1 − share)).
    func lexicalScore(_ i0: Int, _ i1: Int, _ j0: Int, _ j1: Int) -> Double {
        if i1 - i0 == 1, j1 - j0 == 1 { return pairScore(i0, j0) }
        var sourceMatched = 0.0
        var sourceTotal = 0
        var targetMatched = 0.0
        var targetTotal = 0
        for i in i0..<i1 {
            let available = sourceContent[i]
            guard available > 0 else { continue }
            sourceTotal += available
            var unmatched = 1.0
            for j in j0..<j1 { unmatched *= 1 - pairs.cell(i, j).sourceShare }
            sourceMatched += Double(available) * (1 - unmatched)
        }
        for j in j0..<j1 {
            let available = targetContent[j]
            guard available > 0 else { continue }
            targetTotal += available
            var unmatched = 1.0
            for i in i0..<i1 { unmatched *= 1 - pairs.cell(i, j).targetShare }
            targetMatched += Double(available) * (1 - unmatched)
        }
        return model.lexicalScore(
            sourceMatched: sourceMatched, sourceContent: sourceTotal, targetMatched: targetMatched, targetContent: targetTotal)
    }

    /// `lexicalScore` of a 1-1 bead, the most frequent, with one lookup of the pair (same arithmetic).
    @inline(__always)
    private func pairScore(_ i: Int, _ j: Int) -> Double {
        let sourceAvailable = sourceContent[i]
        let targetAvailable = targetContent[j]
        let cell = pairs.cell(i, j)
        return model.lexicalScore(
            sourceMatched: sourceAvailable > 0 ? Double(sourceAvailable) * (1 - (1 - cell.sourceShare)) : 0, sourceContent: sourceAvailable,
            targetMatched: targetAvailable > 0 ? Double(targetAvailable) * (1 - (1 - cell.targetShare)) : 0, targetContent: targetAvailable)
    }

    struct Step {
        var i0: Int
        var i1: Int
        var j0: Int
        var j1: Int
        var cost: Double
        var posterior: Double
    }

    /// The best path, its beads with their posteriors (at `temperature`), and the states it passes.
    func run(temperature: Double) -> [Step] {
        let n = evidence.sourceCount
        let m = evidence.targetCount
        let cells = band.cellCount
        let shapes = CostModel.shapes
        let shapeCount = shapes.count
        // Bead costs by end cell and shape, computed once for the three sweeps (Float halves the memory).
        var costs = [Float](repeating: .infinity, count: cells * shapeCount)
        var best = [Double](repeating: .infinity, count: cells)
        var back = [UInt8](repeating: 255, count: cells)
        var forward = [Double](repeating: .infinity, count: cells)
        best[band.index(0, 0)] = 0
        forward[band.index(0, 0)] = 0
        // Multiplied rather than divided: the temperature is a power of two, so the values are the same,
        // without a division per candidate.
        let scale = 1 / temperature
        var backward = [Double](repeating: .infinity, count: cells)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: shapeCount) { candidates in
            for i in 0...n {
                for j in band.lo[i]...band.hi[i] where i > 0 || j > 0 {
                    let here = band.index(i, j)
                    var bestCost = Double.infinity
                    var bestShape = 255
                    var count = 0
                    for k in 0..<shapeCount {
                        let pi = i - shapes[k].s
                        let pj = j - shapes[k].t
                        guard pi >= 0, pj >= 0, band.contains(pi, pj) else { continue }
                        let previous = band.index(pi, pj)
                        guard best[previous] < .infinity else { continue }
                        let c = Double(Float(cost(pi, i, pj, j, shape: k)))
                        costs[here * shapeCount + k] = Float(c)
                        if best[previous] + c < bestCost {
                            bestCost = best[previous] + c
                            bestShape = k
                        }
                        candidates[count] = (forward[previous] + c) * scale
                        count += 1
                    }
                    best[here] = bestCost
                    back[here] = UInt8(bestShape)
                    forward[here] = temperature * Self.softMin(candidates, count)
                }
            }
            backward[band.index(n, m)] = 0
            for i in stride(from: n, through: 0, by: -1) {
                for j in stride(from: band.hi[i], through: band.lo[i], by: -1) where i < n || j < m {
                    var count = 0
                    for k in 0..<shapeCount {
                        let ni = i + shapes[k].s
                        let nj = j + shapes[k].t
                        guard ni <= n, nj <= m, band.contains(ni, nj) else { continue }
                        let end = band.index(ni, nj)
                        let c = costs[end * shapeCount + k]
                        guard backward[end] < .infinity, c < .infinity else { continue }
                        candidates[count] = (backward[end] + Double(c)) * scale
                        count += 1
                    }
                    backward[band.index(i, j)] = temperature * Self.softMin(candidates, count)
                }
            }
        }
        let total = forward[band.index(n, m)]
        var steps: [Step] = []
        var i = n
        var j = m
        while i > 0 || j > 0 {
            let here = band.index(i, j)
            let shapeIndex = Int(back[here])
            guard shapeIndex < shapeCount else { break }
            let shape = shapes[shapeIndex]
            let c = Double(costs[here * shapeCount + shapeIndex])
            let energy = forward[band.index(i - shape.s, j - shape.t)] + c + backward[here] - total
            steps.append(Step(
                i0: i - shape.s, i1: i, j0: j - shape.t, j1: j, cost: c,
                posterior: min(1, max(0, exp(-energy / temperature)))))
            i -= shape.s
            j -= shape.t
        }
        return steps.reversed()
    }

    /// −log Σ exp(−x) over the first `count` values.
    @inline(__always)
    static func softMin(_ values: UnsafeMutableBufferPointer<Double>, _ count: Int) -> Double {
        guard count > 0 else { return .infinity }
        var low = Double.infinity
        for k in 0..<count where values[k] < low { low = values[k] }
        guard low < .infinity else { return .infinity }
        var sum = 0.0
        // Terms below e^-40 cannot change a sum that holds 1 (the lowest value's own term): skipping their
        // exp() leaves the result bit for bit the same.
        for k in 0..<count where values[k] - low < 40 { sum += exp(low - values[k]) }
        return low - log(sum)
    }
}
