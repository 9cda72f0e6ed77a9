/// A read-only trie over folded scalars, built once from sorted keys in breadth-first order so each node's
/// children are contiguous: node `k + 1` is reached through label `k`, and a node's children are the labels
/// `childStart[node] ..< childStart[node + 1]`, sorted for binary search. No per-node allocation.
struct GlossaryTrie: Sendable {
    struct Terminal: Sendable {
        var entry: Int32
        var term: Int32
        /// Which prefixes (bits of `prefixes`) the form may carry.
        var mask: UInt32
        var status: TermStatus
    }

    struct Record {
        var key: [UInt32]
        var terminal: Terminal
    }

    /// A match of the scan, in normalized-scalar offsets.
    struct Hit {
        var start: Int
        var end: Int
        var prefixLength: Int
        var entry: Int
        var term: Int
        var status: TermStatus
        var alternatives: [Int]
    }

    private let childStart: [Int32]
    private let labels: [UInt32]
    private let terminalStart: [Int32]
    private let terminals: [Terminal]
    /// Prefix strings (index = mask bit); prefix 0 is the empty one.
    private let prefixes: [[UInt32]]
    /// For each first scalar, the non-empty prefixes starting with it.
    private let prefixesByFirst: [UInt32: [Int]]

    init(records: [Record], prefixes: [[Unicode.Scalar]]) {
        let sorted = records.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        var childStart: [Int32] = []
        var labels: [UInt32] = []
        var terminalStart: [Int32] = []
        var terminals: [Terminal] = []
        terminals.reserveCapacity(sorted.count)
        // Breadth-first: each queued node covers the sorted records lo..<hi sharing its path of length depth.
        var queue: [(lo: Int, hi: Int, depth: Int)] = [(0, sorted.count, 0)]
        var head = 0
        while head < queue.count {
            var (lo, hi, depth) = queue[head]
            head += 1
            terminalStart.append(Int32(terminals.count))
            while lo < hi, sorted[lo].key.count == depth {
                terminals.append(sorted[lo].terminal)
                lo += 1
            }
            childStart.append(Int32(labels.count))
            while lo < hi {
                let label = sorted[lo].key[depth]
                var end = lo + 1
                while end < hi, sorted[end].key[depth] == label { end += 1 }
                labels.append(label)
                queue.append((lo, end, depth + 1))
                lo = end
            }
        }
        childStart.append(Int32(labels.count))
        terminalStart.append(Int32(terminals.count))
        self.childStart = childStart
        self.labels = labels
        self.terminalStart = terminalStart
        self.terminals = terminals
        self.prefixes = prefixes.map { $0.map(\.value) }
        var byFirst: [UInt32: [Int]] = [:]
        for (index, prefix) in self.prefixes.enumerated() {
            if let first = prefix.first { byFirst[first, default: []].append(index) }
        }
        self.prefixesByFirst = byFirst
    }

    var nodeCount: Int { terminalStart.count - 1 }

    /// Leftmost-longest matches of whole-word keys, each possibly behind an allowed prefix.
    func scan(_ text: [UInt32]) -> [Hit] {
        var hits: [Hit] = []
        let count = text.count
        text.withUnsafeBufferPointer { text in
            childStart.withUnsafeBufferPointer { childStart in
                labels.withUnsafeBufferPointer { labels in
                    var position = 0
                    while position < count {
                        // Names start at word starts only.
                        guard MatchText.isWord(text[position]), position == 0 || !MatchText.isWord(text[position - 1]) else {
                            position += 1
                            continue
                        }
                        var best: (end: Int, prefix: Int, candidates: [(Terminal, Int)])? = nil
                        func walk(from start: Int, prefixIndex: Int, prefixLength: Int) {
                            var node = 0
                            var index = start
                            while index < count {
                                let label = text[index]
                                var lo = Int(childStart[node])
                                var hi = Int(childStart[node + 1])
                                var next = -1
                                while lo < hi {
                                    let mid = (lo + hi) >> 1
                                    let found = labels[mid]
                                    if found < label { lo = mid + 1 } else if found > label { hi = mid } else {
                                        next = mid + 1
                                        break
                                    }
                                }
                                if next < 0 { return }
                                node = next
                                index += 1
                                let first = Int(terminalStart[node])
                                let last = Int(terminalStart[node + 1])
                                guard first < last, index == count || !MatchText.isWord(text[index]) else { continue }
                                let bit: UInt32 = 1 << UInt32(prefixIndex)
                                for slot in first..<last where terminals[slot].mask & bit != 0 {
                                    if let current = best, current.end > index || (current.end == index && current.prefix < prefixLength) {
                                        break
                                    }
                                    if best == nil || best!.end != index || best!.prefix != prefixLength {
                                        best = (index, prefixLength, [])
                                    }
                                    best!.candidates.append((terminals[slot], prefixIndex))
                                }
                            }
                        }
                        walk(from: position, prefixIndex: 0, prefixLength: 0)
                        if let candidates = prefixesByFirst[text[position]] {
                            for prefixIndex in candidates {
                                let prefix = prefixes[prefixIndex]
                                let stemStart = position + prefix.count
                                guard stemStart < count, MatchText.isWord(text[stemStart]) else { continue }
                                var same = true
                                for (offset, scalar) in prefix.enumerated() where text[position + offset] != scalar {
                                    same = false
                                    break
                                }
                                if same { walk(from: stemStart, prefixIndex: prefixIndex, prefixLength: prefix.count) }
                            }
                        }
                        guard let found = best else {
                            position += 1
                            continue
                        }
                        hits.append(Self.hit(start: position, end: found.end, prefixLength: found.prefix, candidates: found.candidates))
                        position = found.end
                    }
                }
            }
        }
        return hits
    }

    /// The hit for tied candidates: the best-status form of the earliest entry first, other entries as alternatives.
    private static func hit(start: Int, end: Int, prefixLength: Int, candidates: [(Terminal, Int)]) -> Hit {
        func rank(_ status: TermStatus) -> Int {
            switch status {
            case .preferred: return 0
            case .admitted: return 1
            case .deprecated: return 2
            case .misspelling: return 3
            }
        }
        let ordered = candidates.map(\.0).sorted {
            (rank($0.status), $0.entry, $0.term) < (rank($1.status), $1.entry, $1.term)
        }
        let primary = ordered[0]
        var alternatives: [Int] = []
        for terminal in ordered.dropFirst() where terminal.entry != primary.entry {
            let entry = Int(terminal.entry)
            if !alternatives.contains(entry) { alternatives.append(entry) }
        }
        return Hit(
            start: start, end: end, prefixLength: prefixLength, entry: Int(primary.entry), term: Int(primary.term),
            status: primary.status, alternatives: alternatives.sorted())
    }
}
