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
    /// Pair (i, j) of the pair band is `cells[cellBase[i] + j]`.
    var cellBase: [Int]

    struct Cell {
        /// 1 − the matches' share of the sentence's content tokens (a share is at most 1): a bead multiplies
        /// these over the sentences of the other side. Worked out once here rather than in every bead.
        var sourceMiss = 1.0
        var targetMiss = 1.0
        /// Content tokens × (1 − miss): the matched tokens of a sentence whose bead has one sentence on the
        /// other side.
        var sourceHit = 0.0
        var targetHit = 0.0
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
        // Postings: for each id, the target sentences holding it (ascending, once per sentence), and how many
        // times each holds it. Scratch on buffer pointers: on arrays, every write checked uniqueness.
        // `seen` is per id the last target sentence that held it in the first pass, its complement (~j,
        // negative) in the second, so that the second pass needs no reset.
        let size = evidence.vocabularySize
        let postingStart = filledBuffer(Int32(0), size + 1)
        let seen = filledBuffer(Int32(-1), size)
        defer {
            postingStart.deallocate()
            seen.deallocate()
        }
        for j in 0..<m {
            for k in Int(evidence.targetTokenStart[j])..<Int(evidence.targetTokenStart[j + 1]) {
                let id = Int(evidence.targetIDs[k])
                if seen[id] != Int32(j) {
                    seen[id] = Int32(j)
                    postingStart[id &+ 1] &+= 1
                }
            }
        }
        for id in 0..<size { postingStart[id &+ 1] &+= postingStart[id] }
        let postingCount = Int(postingStart[size])
        let postings = filledBuffer(Int32(0), postingCount)
        let occurrences = filledBuffer(Int32(0), postingCount)
        // Filled from the end of each id's list, sentences descending, so that `next` ends at each list's
        // start: the walk below moves it forward from there, the pair band's lower bound never decreasing.
        let next = filledBuffer(Int32(0), size)
        let lastToken = filledBuffer(Int32(-1), m)
        defer {
            postings.deallocate()
            occurrences.deallocate()
            next.deallocate()
            lastToken.deallocate()
        }
        for id in 0..<size { next[id] = postingStart[id &+ 1] }
        for j in stride(from: m - 1, through: 0, by: -1) {
            for k in Int(evidence.targetTokenStart[j])..<Int(evidence.targetTokenStart[j + 1]) {
                let id = Int(evidence.targetIDs[k])
                if seen[id] != ~Int32(j) {
                    seen[id] = ~Int32(j)
                    next[id] &-= 1
                    postings[Int(next[id])] = Int32(j)
                }
                occurrences[Int(next[id])] &+= 1
            }
        }

        // A target token matches when its id is a translation of a token of the source sentence: the
        // sentence's translations, each counted once, add their occurrences in the target sentence. `seen`,
        // negative now, marks the ids met in source sentence i with i.
        var sourceMatches = [Int32](repeating: 0, count: total)
        var targetMatches = [Int32](repeating: 0, count: total)
        let (offset, pairLo, pairHi) = (offset, pairLo, pairHi)
        sourceMatches.withUnsafeMutableBufferPointer { sourceMatches in
            targetMatches.withUnsafeMutableBufferPointer { targetMatches in
                for i in 0..<n {
                    let lo = pairLo[i]
                    let hi = pairHi[i]
                    guard hi > lo else { continue }
                    let base = offset[i] - lo
                    for token in Int(evidence.sourceTokenStart[i])..<Int(evidence.sourceTokenStart[i + 1]) {
                        for k in Int(evidence.translationStart[token])..<Int(evidence.translationStart[token + 1]) {
                            let id = Int(evidence.translations[k])
                            let firstInSentence = seen[id] != Int32(i)
                            seen[id] = Int32(i)
                            let end = Int(postingStart[id &+ 1])
                            var p = Int(next[id])
                            while p < end && Int(postings[p]) < lo { p &+= 1 }
                            next[id] = Int32(p)
                            while p < end {
                                let j = Int(postings[p])
                                if j >= hi { break }
                                if lastToken[j] != Int32(token) {
                                    lastToken[j] = Int32(token)
                                    sourceMatches[base &+ j] &+= 1
                                }
                                if firstInSentence { targetMatches[base &+ j] &+= occurrences[p] }
                                p &+= 1
                            }
                        }
                    }
                }
            }
        }
        self.sourceMatches = sourceMatches
        self.targetMatches = targetMatches
        let targetContent = (0..<m).map { evidence.contentCount(target: $0) }
        var cellBase: [Int] = []
        cellBase.reserveCapacity(n)
        cells = [Cell](unsafeUninitializedCapacity: total) { cells, initialized in
            sourceMatches.withUnsafeBufferPointer { sourceMatches in
                targetMatches.withUnsafeBufferPointer { targetMatches in
                    for i in 0..<n {
                        let base = offset[i] - pairLo[i]
                        cellBase.append(base)
                        let sourceContent = evidence.contentCount(source: i)
                        for j in pairLo[i]..<pairHi[i] {
                            let k = base &+ j
                            var cell = Cell()
                            if sourceContent > 0 {
                                cell.sourceMiss = 1 - min(1, Double(sourceMatches[k]) / Double(sourceContent))
                                cell.sourceHit = Double(sourceContent) * (1 - cell.sourceMiss)
                            }
                            if targetContent[j] > 0 {
                                cell.targetMiss = 1 - min(1, Double(targetMatches[k]) / Double(targetContent[j]))
                                cell.targetHit = Double(targetContent[j]) * (1 - cell.targetMiss)
                            }
                            cell.support = sourceMatches[k] &+ targetMatches[k]
                            (cells.baseAddress! + k).initialize(to: cell)
                        }
                    }
                }
            }
            initialized = total
        }
        self.cellBase = cellBase
    }

    @inline(__always) func source(_ i: Int, _ j: Int) -> Int32 {
        j >= pairLo[i] && j < pairHi[i] ? sourceMatches[offset[i] + j - pairLo[i]] : 0
    }

    @inline(__always) func target(_ i: Int, _ j: Int) -> Int32 {
        j >= pairLo[i] && j < pairHi[i] ? targetMatches[offset[i] + j - pairLo[i]] : 0
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

    /// Nats per matched (`gain`) and per unmatched (`miss`) token of a side whose other side has `index`
    /// content tokens, tabulated by `prepareTables()` so the search computes no logarithms.
    private(set) var rates: [Rate] = []

    struct Rate {
        var gain: Double
        var miss: Double
    }

    /// Fills the per-size tables; call after changing the rates.
    mutating func prepareTables(maximumSize: Int) {
        rates = []
        for size in 0...max(1, maximumSize) {
            let random = min(0.5, max(0.001, randomRatePerToken * Double(size)))
            let aligned = alignedRate + (1 - alignedRate) * random
            rates.append(Rate(gain: log(aligned / random), miss: log((1 - random) / (1 - aligned))))
        }
    }
}

/// Dynamic programming over beads inside a band: the best path (Viterbi) and, for confidence, the
/// posterior probability of each of its beads (forward–backward over all paths in the band).
struct BeadSearch {
    let evidence: DocumentEvidence
    let model: CostModel
    let band: Band
    let pairs: PairMatches

    /// What a bead's cost reads of each sentence, with one entry past the last for the length sums.
    private let sources: [Sentence]
    private let targets: [Sentence]

    private struct Sentence {
        /// Lengths of the sentences before this one, summed (exact: lengths are whole numbers).
        var lengthBefore = 0.0
        var content = 0
        var paragraph = 0
        var line = 0
        var terminated = false
    }

    init(evidence: DocumentEvidence, model: CostModel, band: Band) {
        self.evidence = evidence
        self.model = model
        self.band = band
        self.pairs = PairMatches(evidence: evidence, band: band)
        sources = Self.sentences(
            lengths: evidence.sourceLengths, tokenStart: evidence.sourceTokenStart, paragraphs: evidence.sourceParagraphs,
            lines: evidence.sourceLines, terminated: evidence.sourceTerminated)
        targets = Self.sentences(
            lengths: evidence.targetLengths, tokenStart: evidence.targetTokenStart, paragraphs: evidence.targetParagraphs,
            lines: evidence.targetLines, terminated: evidence.targetTerminated)
    }

    private static func sentences(lengths: [Double], tokenStart: [Int32], paragraphs: [Int], lines: [Int], terminated: [Bool]) -> [Sentence] {
        var sentences: [Sentence] = []
        sentences.reserveCapacity(lengths.count + 1)
        var sum = 0.0
        for k in 0..<lengths.count {
            sentences.append(Sentence(
                lengthBefore: sum, content: Int(tokenStart[k + 1] - tokenStart[k]), paragraph: paragraphs[k], line: lines[k],
                terminated: terminated[k]))
            sum += lengths[k]
        }
        sentences.append(Sentence(lengthBefore: sum))
        return sentences
    }

    /// The lexical log-likelihood ratio of a bead of the path. A sentence's tokens matched in several
    /// sentences of the other side are counted once, assuming the matches independent (1 − Π(1 − share)).
    func lexicalScore(_ i0: Int, _ i1: Int, _ j0: Int, _ j1: Int) -> Double {
        precondition(band.contains(i0, j0) && band.contains(i1, j1) && i0 < i1 && i1 - i0 <= 3 && j0 < j1 && j1 - j0 <= 3)
        return withKernel { $0.lexicalScore(i0, j0, i1 - i0, j1 - j0) }
    }

    private func withKernel<Result>(_ body: (Kernel) -> Result) -> Result {
        sources.withUnsafeBufferPointer { sources in
            targets.withUnsafeBufferPointer { targets in
                pairs.cells.withUnsafeBufferPointer { cells in
                    pairs.cellBase.withUnsafeBufferPointer { cellBase in
                        model.rates.withUnsafeBufferPointer { rates in
                            model.shapeCosts.withUnsafeBufferPointer { shapeCosts in
                                body(Kernel(
                                    sources: sources, targets: targets, cells: cells, cellBase: cellBase, rates: rates,
                                    shapeCosts: shapeCosts, model: model))
                            }
                        }
                    }
                }
            }
        }
    }

    /// Bead costs on buffer pointers: the sweeps spent more on bounds checks than on arithmetic. A bead
    /// between two cells of the band reads only pairs of the pair band (both bounds of the band never
    /// decrease), so its lookups need no check, and its index arithmetic cannot overflow (wrapping
    /// operators skip the overflow checks).
    private struct Kernel {
        let sources: UnsafeBufferPointer<Sentence>
        let targets: UnsafeBufferPointer<Sentence>
        let cells: UnsafeBufferPointer<PairMatches.Cell>
        let cellBase: UnsafeBufferPointer<Int>
        let rates: UnsafeBufferPointer<CostModel.Rate>
        let shapeCosts: UnsafeBufferPointer<Double>
        let model: CostModel

        /// Cost of the bead of shape `Shape` ending at (i, j).
        @inline(__always)
        func cost<Shape: PairedShape>(_ i: Int, _ j: Int, _: Shape.Type) -> Double {
            let s = Shape.s
            let t = Shape.t
            assert(CostModel.shapes[Shape.index].s == s && CostModel.shapes[Shape.index].t == t)
            let i0 = i &- s
            let j0 = j &- t
            let sourceLength = sources[i].lengthBefore - sources[i0].lengthBefore
            let targetLength = targets[j].lengthBefore - targets[j0].lengthBefore
            let expected = model.lengthRatio * sourceLength
            let variance = model.lengthVariance * max(1, (expected + targetLength) / 2)
            let difference = targetLength - expected
            var total = shapeCosts[Shape.index] + 0.5 * difference * difference / variance
            total -= model.lexicalWeight * lexicalScore(i0, j0, s, t)
            if s > 1 {
                for r in 0..<s where !sources[i0 &+ r].terminated {
                    let row = cellBase[i0 &+ r] &+ j0
                    var support: Int32 = 0
                    for c in 0..<t { support &+= cells[row &+ c].support }
                    if support == 0 { total += model.unsupportedMergeCost }
                }
            }
            if t > 1 {
                for c in 0..<t where !targets[j0 &+ c].terminated {
                    var support: Int32 = 0
                    for r in 0..<s { support &+= cells[cellBase[i0 &+ r] &+ j0 &+ c].support }
                    if support == 0 { total += model.unsupportedMergeCost }
                }
            }
            if s > 1 { addCrossing(to: &total, sources[i0], sources[i &- 1]) }
            if t > 1 { addCrossing(to: &total, targets[j0], targets[j &- 1]) }
            return total
        }

        /// What a bead pays for joining sentences `first` to `last` across a paragraph or line break.
        @inline(__always)
        private func addCrossing(to total: inout Double, _ first: Sentence, _ last: Sentence) {
            if first.paragraph != last.paragraph {
                total += model.paragraphCrossingCost
            } else if first.line != last.line {
                total += model.lineCrossingCost
            }
        }

        /// `BeadSearch.lexicalScore` of the bead of `s` source sentences from `i0` and `t` target sentences
        /// from `j0`. A sentence alone against one sentence of the other side counts the pair's precomputed
        /// hit, which is what the product over that one pair gives.
        @inline(__always)
        func lexicalScore(_ i0: Int, _ j0: Int, _ s: Int, _ t: Int) -> Double {
            var sourceMatched = 0.0
            var sourceTotal = 0
            for r in 0..<s {
                let available = sources[i0 &+ r].content
                guard available > 0 else { continue }
                sourceTotal &+= available
                let row = cellBase[i0 &+ r] &+ j0
                if t == 1 {
                    sourceMatched += cells[row].sourceHit
                } else {
                    var unmatched = cells[row].sourceMiss
                    for c in 1..<t { unmatched *= cells[row &+ c].sourceMiss }
                    sourceMatched += Double(available) * (1 - unmatched)
                }
            }
            var targetMatched = 0.0
            var targetTotal = 0
            let firstRow = cellBase[i0] &+ j0
            for c in 0..<t {
                let available = targets[j0 &+ c].content
                guard available > 0 else { continue }
                targetTotal &+= available
                if s == 1 {
                    targetMatched += cells[firstRow &+ c].targetHit
                } else {
                    var unmatched = cells[firstRow &+ c].targetMiss
                    for r in 1..<s { unmatched *= cells[cellBase[i0 &+ r] &+ j0 &+ c].targetMiss }
                    targetMatched += Double(available) * (1 - unmatched)
                }
            }
            return side(matched: sourceMatched, content: sourceTotal, otherSize: targetTotal)
                + side(matched: targetMatched, content: targetTotal, otherSize: sourceTotal)
        }

        /// Log-likelihood ratio (nats) of one side's matches, aligned against unrelated: its tokens match by
        /// chance in proportion to the other side's size, so merging sentences buys no evidence.
        @inline(__always)
        private func side(matched: Double, content: Int, otherSize: Int) -> Double {
            guard content > 0 else { return 0 }
            let rate = rates[min(otherSize, rates.count &- 1)]
            return matched * rate.gain - (Double(content) - matched) * rate.miss
        }
    }

    /// The shapes of `CostModel.shapes` with sentences on both sides, as types: each gets its own copy of
    /// `Kernel.cost`, its loops over the bead's sentences of known length.
    private protocol PairedShape {
        static var index: Int { get }
        static var s: Int { get }
        static var t: Int { get }
    }

    private enum OneOne: PairedShape {
        static var index: Int { 0 }
        static var s: Int { 1 }
        static var t: Int { 1 }
    }

    private enum TwoOne: PairedShape {
        static var index: Int { 3 }
        static var s: Int { 2 }
        static var t: Int { 1 }
    }

    private enum OneTwo: PairedShape {
        static var index: Int { 4 }
        static var s: Int { 1 }
        static var t: Int { 2 }
    }

    private enum TwoTwo: PairedShape {
        static var index: Int { 5 }
        static var s: Int { 2 }
        static var t: Int { 2 }
    }

    private enum ThreeOne: PairedShape {
        static var index: Int { 6 }
        static var s: Int { 3 }
        static var t: Int { 1 }
    }

    private enum OneThree: PairedShape {
        static var index: Int { 7 }
        static var s: Int { 1 }
        static var t: Int { 3 }
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
        let shapes = CostModel.shapes
        let shapeCount = shapes.count
        let cellCount = band.cellCount
        var width = 0
        for i in 0...n { width = max(width, band.hi[i] - band.lo[i] + 1) }
        // Bead costs by end cell and shape, computed once for the three sweeps (Float halves the memory; the
        // rounding is part of the result).
        let costs = filledBuffer(Float.infinity, cellCount * shapeCount)
        let best = filledBuffer(Double.infinity, cellCount)
        let back = filledBuffer(UInt8(255), cellCount)
        let forward = filledBuffer(Double.infinity, cellCount)
        let backward = filledBuffer(Double.infinity, cellCount)
        // The sweeps go through a row shape by shape, in short loops of their own. A cell's soft-min then
        // reads its terms in shape order from `terms[column * shapeCount + shape]`, infinite where there is
        // no bead (which adds nothing). The Viterbi minima of the shapes before the 0-1 deletion and of
        // those after it are kept apart, so that ties go to the first shape, as in one loop over the shapes.
        let terms = filledBuffer(Double.infinity, width * shapeCount)
        let early = filledBuffer(Double.infinity, width)
        let earlyShape = filledBuffer(UInt8(255), width)
        let late = filledBuffer(Double.infinity, width)
        let lateShape = filledBuffer(UInt8(255), width)
        defer {
            costs.deallocate()
            best.deallocate()
            back.deallocate()
            forward.deallocate()
            backward.deallocate()
            terms.deallocate()
            early.deallocate()
            earlyShape.deallocate()
            late.deallocate()
            lateShape.deallocate()
        }
        best[band.index(0, 0)] = 0
        forward[band.index(0, 0)] = 0
        // Multiplied rather than divided: the temperature is a power of two, so the values are the same,
        // without a division per candidate.
        let scale = 1 / temperature
        let deletion = Float(model.deletionCost)
        let deletionTerm = Double(deletion)
        withKernel { kernel in
            for i in 0...n {
                let rowLo = band.lo[i]
                let rowHi = band.hi[i]
                let rowBase = band.offset[i] - rowLo
                let columns = rowHi - rowLo + 1
                terms.baseAddress!.update(repeating: .infinity, count: columns * shapeCount)
                early.baseAddress!.update(repeating: .infinity, count: columns)
                earlyShape.baseAddress!.update(repeating: 255, count: columns)
                late.baseAddress!.update(repeating: .infinity, count: columns)
                // The beads of shape k from a reachable cell of an earlier row.
                @inline(__always) func sweep(_ k: Int, _ cost: (Int) -> Float) {
                    let pi = i - shapes[k].s
                    let t = shapes[k].t
                    guard pi >= 0 else { return }
                    let first = max(rowLo, band.lo[pi] + t)
                    let last = min(rowHi, band.hi[pi] + t)
                    guard first <= last else { return }
                    let previousBase = band.offset[pi] - band.lo[pi] - t
                    let (minimum, shape) = k < 2 ? (early, earlyShape) : (late, lateShape)
                    for j in first...last {
                        let previous = previousBase &+ j
                        guard best[previous] < .infinity else { continue }
                        let stored = cost(j)
                        costs[(rowBase &+ j) &* shapeCount &+ k] = stored
                        let c = Double(stored)
                        let column = j &- rowLo
                        if best[previous] + c < minimum[column] {
                            minimum[column] = best[previous] + c
                            shape[column] = UInt8(k)
                        }
                        terms[column &* shapeCount &+ k] = (forward[previous] + c) * scale
                    }
                }
                sweep(0) { Float(kernel.cost(i, $0, OneOne.self)) }
                sweep(1) { _ in deletion }
                sweep(3) { Float(kernel.cost(i, $0, TwoOne.self)) }
                sweep(4) { Float(kernel.cost(i, $0, OneTwo.self)) }
                sweep(5) { Float(kernel.cost(i, $0, TwoTwo.self)) }
                sweep(6) { Float(kernel.cost(i, $0, ThreeOne.self)) }
                sweep(7) { Float(kernel.cost(i, $0, OneThree.self)) }
                // Then cell by cell, for the 0-1 deletion from the cell just done.
                for j in rowLo...rowHi where i > 0 || j > 0 {
                    let here = rowBase &+ j
                    let column = j &- rowLo
                    var bestCost = early[column]
                    var bestShape = earlyShape[column]
                    let previous = here &- 1
                    if j > rowLo && best[previous] < .infinity {
                        costs[here &* shapeCount &+ 2] = deletion
                        if best[previous] + deletionTerm < bestCost {
                            bestCost = best[previous] + deletionTerm
                            bestShape = 2
                        }
                        terms[column &* shapeCount &+ 2] = (forward[previous] + deletionTerm) * scale
                    }
                    if late[column] < bestCost {
                        bestCost = late[column]
                        bestShape = lateShape[column]
                    }
                    best[here] = bestCost
                    back[here] = bestShape
                    forward[here] = temperature * Self.softMin(terms.baseAddress! + column &* shapeCount, shapeCount)
                }
            }
        }
        backward[band.index(n, m)] = 0
        for i in stride(from: n, through: 0, by: -1) {
            let rowLo = band.lo[i]
            let rowHi = band.hi[i]
            let rowBase = band.offset[i] - rowLo
            terms.baseAddress!.update(repeating: .infinity, count: (rowHi - rowLo + 1) * shapeCount)
            // The beads ending on a later row, shape by shape.
            for k in 0..<shapeCount where k != 2 {
                let ni = i + shapes[k].s
                let t = shapes[k].t
                guard ni <= n else { continue }
                let first = max(rowLo, band.lo[ni] - t)
                let last = min(rowHi, band.hi[ni] - t)
                guard first <= last else { continue }
                let endBase = band.offset[ni] - band.lo[ni] + t
                for j in first...last {
                    let end = endBase &+ j
                    let c = costs[end &* shapeCount &+ k]
                    guard backward[end] < .infinity, c < .infinity else { continue }
                    terms[(j &- rowLo) &* shapeCount &+ k] = (backward[end] + Double(c)) * scale
                }
            }
            // Then cell by cell, for the 0-1 deletion to the cell just done.
            for j in stride(from: rowHi, through: rowLo, by: -1) where i < n || j < m {
                let here = rowBase &+ j
                let column = j &- rowLo
                if j < rowHi {
                    let end = here &+ 1
                    let c = costs[end &* shapeCount &+ 2]
                    if backward[end] < .infinity, c < .infinity {
                        terms[column &* shapeCount &+ 2] = (backward[end] + Double(c)) * scale
                    }
                }
                backward[here] = temperature * Self.softMin(terms.baseAddress! + column &* shapeCount, shapeCount)
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
    static func softMin(_ values: UnsafeMutablePointer<Double>, _ count: Int) -> Double {
        var low = Double.infinity
        for k in 0..<count where values[k] < low { low = values[k] }
        guard low < .infinity else { return .infinity }
        let sum = sumOfExponentials(values, count, below: low)
        // log(1) is exactly 0.
        return sum == 1 ? low : low - log(sum)
    }

    /// Σ exp(low − x) over the first `count` values, `low` their minimum. Not inlined: unrolled in the
    /// sweeps, it kept the values in registers that every exp() call had to save and restore.
    @inline(never)
    private static func sumOfExponentials(_ values: UnsafeMutablePointer<Double>, _ count: Int, below low: Double) -> Double {
        var sum = 0.0
        // Terms below e^-40 cannot change a sum that holds 1 (the lowest value's own term): skipping their
        // exp() leaves the result bit for bit the same. So does skipping exp(0), which is exactly 1.
        for k in 0..<count {
            let excess = values[k] - low
            if excess == 0 {
                sum += 1
            } else if excess < 40 {
                sum += exp(-excess)
            }
        }
        return sum
    }
}

/// A buffer of `count` copies of `value`, for the search's scratch arrays (deallocated by the caller): on
/// arrays, every write checked bounds and uniqueness.
private func filledBuffer<Element>(_ value: Element, _ count: Int) -> UnsafeMutableBufferPointer<Element> {
    let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: count)
    buffer.initialize(repeating: value)
    return buffer
}
