/// Scores a memory segment against a query as OmegaT does: token-level Levenshtein distance over normalized
/// tokens, `100 × (1 − distance / max(length))`, rounded down so that only an exact normalized match scores 100.
///
/// Tokens are integer ids (one per distinct normalized token), so the inner loop compares integers.
public enum FuzzyScorer {
    /// The score of `candidate` against `query`, or nil when it is below `minimum` (checked cheaply first on the
    /// lengths, then with a distance bound that stops the dynamic programme early).
    public static func score(query: [Int32], candidate: [Int32], minimum: Int) -> Int? {
        let longest = max(query.count, candidate.count)
        if longest == 0 { return 100 }
        let allowed = maximumDistance(longest: longest, minimum: minimum)
        if abs(query.count - candidate.count) > allowed { return nil }
        guard let distance = distance(query, candidate, bound: allowed) else { return nil }
        let score = scoreFor(distance: distance, longest: longest)
        return score >= minimum ? score : nil
    }

    /// `100 × (1 − distance / longest)`, rounded down.
    @inline(__always)
    public static func scoreFor(distance: Int, longest: Int) -> Int {
        guard longest > 0 else { return 100 }
        return (100 * (longest - distance)) / longest
    }

    /// The largest distance that still scores at least `minimum` for segments whose longer side has `longest` tokens.
    @inline(__always)
    static func maximumDistance(longest: Int, minimum: Int) -> Int {
        let clamped = max(0, min(100, minimum))
        // score ≥ minimum  ⇔  100·(longest − d) ≥ minimum·longest  ⇔  d ≤ longest·(100 − minimum)/100
        return (longest * (100 - clamped)) / 100
    }

    /// Levenshtein distance between two token sequences, or nil as soon as it must exceed `bound`.
    public static func distance(_ a: [Int32], _ b: [Int32], bound: Int = .max) -> Int? {
        if a.isEmpty { return b.count <= bound ? b.count : nil }
        if b.isEmpty { return a.count <= bound ? a.count : nil }
        // Two rows on the stack: this runs once per candidate, and a heap allocation would cost more than the work.
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (b.count + 1)) { rows -> Int? in
            var previous = rows.baseAddress!
            var current = previous + (b.count + 1)
            for j in 0...b.count { previous[j] = j }
            for i in 1...a.count {
                current[0] = i
                var rowMinimum = i
                let token = a[i - 1]
                for j in 1...b.count {
                    let substitution = previous[j - 1] + (token == b[j - 1] ? 0 : 1)
                    let value = min(substitution, previous[j] + 1, current[j - 1] + 1)
                    current[j] = value
                    if value < rowMinimum { rowMinimum = value }
                }
                if rowMinimum > bound { return nil }
                swap(&previous, &current)
            }
            let result = previous[b.count]
            return result <= bound ? result : nil
        }
    }

    /// Indices of the tokens of `candidate` that an optimal edit script does not keep unchanged: the words a
    /// translator must look at.
    public static func differingTokens(query: [Int32], candidate: [Int32]) -> [Int] {
        let rows = query.count + 1
        let columns = candidate.count + 1
        var table = [Int](repeating: 0, count: rows * columns)
        for i in 0..<rows { table[i * columns] = i }
        for j in 0..<columns { table[j] = j }
        if rows > 1 && columns > 1 {
            for i in 1..<rows {
                for j in 1..<columns {
                    let substitution = table[(i - 1) * columns + j - 1] + (query[i - 1] == candidate[j - 1] ? 0 : 1)
                    table[i * columns + j] = min(
                        substitution, table[(i - 1) * columns + j] + 1, table[i * columns + j - 1] + 1)
                }
            }
        }
        var differing: [Int] = []
        var i = rows - 1
        var j = columns - 1
        while i > 0 || j > 0 {
            let here = table[i * columns + j]
            if i > 0, j > 0, query[i - 1] == candidate[j - 1], here == table[(i - 1) * columns + j - 1] {
                i -= 1
                j -= 1
            } else if i > 0, j > 0, here == table[(i - 1) * columns + j - 1] + 1 {
                differing.append(j - 1)
                i -= 1
                j -= 1
            } else if j > 0, here == table[i * columns + j - 1] + 1 {
                differing.append(j - 1)
                j -= 1
            } else {
                i -= 1
            }
        }
        return differing.reversed()
    }
}
