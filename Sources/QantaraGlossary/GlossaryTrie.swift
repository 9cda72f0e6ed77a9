/// A read-only trie over folded scalars, built once from sorted keys in breadth-first order so each node's
/// children are contiguous: node `k + 1` is reached through label `k`, and a node's children are the labels
/// `nodes[node].childStart ..< nodes[node + 1].childStart`, sorted for binary search. No per-node allocation.
struct GlossaryTrie: Sendable {
    struct Terminal: Sendable {
        var entry: Int32
        var term: Int32
        /// Which prefixes (bits of `prefixes`) the form may carry.
        var mask: UInt32
        var status: TermStatus
    }

    /// The keys to index, all in one buffer (one allocation, not one per key).
    struct Keys {
        var pool: [UInt32] = []
        /// Key `i` is `pool[ends[i - 1] ..< ends[i]]` (from 0 for the first).
        var ends: [Int] = []
        var terminals: [Terminal] = []

        mutating func add<Key: Collection>(_ key: Key, _ terminal: Terminal) where Key.Element == UInt32 {
            pool.append(contentsOf: key)
            ends.append(pool.count)
            terminals.append(terminal)
        }
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

    /// Per node: the label of the edge into it, where its children start (as edge indices: edge k leads to
    /// node k + 1) and where its terminals start; one more node closes both ranges. The label sits in the
    /// node it leads to, so a step of the walk reads one record, not a label array and a node array.
    private struct Node {
        var label: UInt32
        var childStart: Int32
        var terminalStart: Int32
    }

    private let nodes: [Node]
    private let terminals: [Terminal]
    /// Prefix strings (index = mask bit); prefix 0 is the empty one.
    private let prefixes: [[UInt32]]
    /// The distinct first scalars of the non-empty prefixes, and for each the prefixes starting with it.
    private let prefixFirsts: [UInt32]
    private let prefixGroups: [[Int]]
    /// A two-hash Bloom filter of the keys' first words: most words of running text are no name's first
    /// word, and the filter turns them away before the walk, whose deep nodes miss the cache (with 100,000
    /// first words, one hash in 2^20 bits let 9% of the other words through; two in 2^21 let 1%).
    private let firstWords: [UInt64]
    private static let filterBits = 21

    init(keys: Keys, prefixes: [[UInt32]]) {
        let count = keys.terminals.count
        var nodes: [Node] = []
        var labels: [UInt32] = []
        var terminals: [Terminal] = []
        var firstWords = [UInt64](repeating: 0, count: 1 << (Self.filterBits - 6))
        terminals.reserveCapacity(count)
        keys.pool.withUnsafeBufferPointer { pool in
            keys.ends.withUnsafeBufferPointer { ends in
                @inline(__always) func start(_ key: Int) -> Int { key == 0 ? 0 : ends[key - 1] }
                @inline(__always) func length(_ key: Int) -> Int { ends[key] - start(key) }
                for key in 0..<count {
                    var end = start(key)
                    while end < ends[key], MatchText.isWord(pool[end]) { end += 1 }
                    let (bit, second) = Self.filterBits(Self.wordHash(pool[start(key)..<end]))
                    firstWords[bit >> 6] |= 1 << UInt64(bit & 63)
                    firstWords[second >> 6] |= 1 << UInt64(second & 63)
                }
                let sorted = (0..<count).sorted { a, b in
                    pool[start(a)..<ends[a]].lexicographicallyPrecedes(pool[start(b)..<ends[b]])
                }
                // Breadth-first: each queued node covers the sorted keys lo..<hi sharing its path of length depth.
                var queue: [(lo: Int, hi: Int, depth: Int)] = [(0, count, 0)]
                var head = 0
                while head < queue.count {
                    var (lo, hi, depth) = queue[head]
                    head += 1
                    nodes.append(Node(label: 0, childStart: Int32(labels.count), terminalStart: Int32(terminals.count)))
                    while lo < hi, length(sorted[lo]) == depth {
                        terminals.append(keys.terminals[sorted[lo]])
                        lo += 1
                    }
                    while lo < hi {
                        let label = pool[start(sorted[lo]) + depth]
                        var end = lo + 1
                        while end < hi, pool[start(sorted[end]) + depth] == label { end += 1 }
                        labels.append(label)
                        queue.append((lo, end, depth + 1))
                        lo = end
                    }
                }
            }
        }
        nodes.append(Node(label: 0, childStart: Int32(labels.count), terminalStart: Int32(terminals.count)))
        for (edge, label) in labels.enumerated() { nodes[edge + 1].label = label }
        self.nodes = nodes
        self.terminals = terminals
        self.firstWords = firstWords
        self.prefixes = prefixes
        var firsts: [UInt32] = []
        var groups: [[Int]] = []
        for (index, prefix) in prefixes.enumerated() {
            guard let first = prefix.first else { continue }
            if let slot = firsts.firstIndex(of: first) {
                groups[slot].append(index)
            } else {
                firsts.append(first)
                groups.append([index])
            }
        }
        self.prefixFirsts = firsts
        self.prefixGroups = groups
    }

    var nodeCount: Int { nodes.count - 1 }

    /// The hash of a word, computed from its end so the hashes of all its suffixes come in one pass.
    @inline(__always)
    private static func wordHash<Scalars: BidirectionalCollection>(_ word: Scalars) -> UInt64 where Scalars.Element == UInt32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for value in word.reversed() { hash = (hash ^ UInt64(value)) &* 0x100_0000_01b3 }
        return hash
    }

    /// The two filter bits of a word hash: from its low and its high half.
    @inline(__always)
    private static func filterBits(_ hash: UInt64) -> (Int, Int) {
        let mixed = hash ^ (hash >> 29)
        let mask: UInt64 = (1 << UInt64(filterBits)) - 1
        return (Int(truncatingIfNeeded: mixed & mask), Int(truncatingIfNeeded: (mixed >> 32) & mask))
    }

    /// Leftmost-longest matches of whole-word keys, each possibly behind an allowed prefix.
    /// `isWord[i]` says whether `text[i]` is a letter, mark or digit.
    func scan(_ text: [UInt32], isWord: [Bool]) -> [Hit] {
        var hits: [Hit] = []
        var candidates: [Int] = []
        let count = text.count
        let longestPrefix = prefixes.map(\.count).max() ?? 0
        var suffixHashes = [UInt64](repeating: 0, count: longestPrefix + 1)
        text.withUnsafeBufferPointer { text in
            isWord.withUnsafeBufferPointer { isWord in
                nodes.withUnsafeBufferPointer { nodes in
                    terminals.withUnsafeBufferPointer { terminals in
                        firstWords.withUnsafeBufferPointer { firstWords in
                            var position = 0
                            while position < count {
                                // Names start at word starts only.
                                guard isWord[position] else {
                                    position += 1
                                    continue
                                }
                                var wordEnd = position + 1
                                while wordEnd < count, isWord[wordEnd] { wordEnd += 1 }
                                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                                var cursor = wordEnd
                                while cursor > position {
                                    cursor -= 1
                                    hash = (hash ^ UInt64(text[cursor])) &* 0x100_0000_01b3
                                    if cursor - position <= longestPrefix { suffixHashes[cursor - position] = hash }
                                }
                                var bestEnd = -1
                                var bestPrefix = Int.max
                                candidates.removeAll(keepingCapacity: true)
                                let group = prefixFirsts.firstIndex(of: text[position]).map { prefixGroups[$0] } ?? []
                                // Try the bare name first, then each prefix the word starts with.
                                for option in -1..<group.count {
                                    let prefixIndex = option < 0 ? 0 : group[option]
                                    let prefixLength = option < 0 ? 0 : prefixes[prefixIndex].count
                                    let stemStart = position + prefixLength
                                    guard stemStart < wordEnd else { continue }
                                    let (bit, second) = Self.filterBits(suffixHashes[prefixLength])
                                    guard firstWords[bit >> 6] & (1 << UInt64(bit & 63)) != 0,
                                        firstWords[second >> 6] & (1 << UInt64(second & 63)) != 0
                                    else { continue }
                                    if option >= 0 {
                                        let prefix = prefixes[prefixIndex]
                                        var same = true
                                        for offset in 1..<prefixLength where text[position + offset] != prefix[offset] {
                                            same = false
                                            break
                                        }
                                        if !same { continue }
                                    }
                                    let bit32: UInt32 = 1 << UInt32(prefixIndex)
                                    var node = 0
                                    var index = stemStart
                                    while index < count {
                                        let label = text[index]
                                        var lo = Int(nodes[node].childStart)
                                        var hi = Int(nodes[node + 1].childStart)
                                        var next = -1
                                        while lo < hi {
                                            let mid = (lo + hi) >> 1
                                            let found = nodes[mid + 1].label
                                            if found < label {
                                                lo = mid + 1
                                            } else if found > label {
                                                hi = mid
                                            } else {
                                                next = mid + 1
                                                break
                                            }
                                        }
                                        if next < 0 { break }
                                        node = next
                                        index += 1
                                        let first = Int(nodes[node].terminalStart)
                                        let last = Int(nodes[node + 1].terminalStart)
                                        guard first < last, index == count || !isWord[index] else { continue }
                                        for slot in first..<last where terminals[slot].mask & bit32 != 0 {
                                            if index > bestEnd || (index == bestEnd && prefixLength < bestPrefix) {
                                                bestEnd = index
                                                bestPrefix = prefixLength
                                                candidates.removeAll(keepingCapacity: true)
                                            }
                                            if index == bestEnd && prefixLength == bestPrefix { candidates.append(slot) }
                                        }
                                    }
                                }
                                guard bestEnd > 0 else {
                                    position = wordEnd
                                    continue
                                }
                                hits.append(Self.hit(
                                    start: position, end: bestEnd, prefixLength: bestPrefix,
                                    candidates: candidates.map { terminals[$0] }))
                                position = bestEnd
                            }
                        }
                    }
                }
            }
        }
        return hits
    }

    /// The hit for tied candidates: the best-status form of the earliest entry first, other entries as alternatives.
    private static func hit(start: Int, end: Int, prefixLength: Int, candidates: [Terminal]) -> Hit {
        func rank(_ status: TermStatus) -> Int {
            switch status {
            case .preferred: return 0
            case .admitted: return 1
            case .deprecated: return 2
            case .misspelling: return 3
            }
        }
        let ordered = candidates.sorted {
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
