import QantaraText

/// A read-only trie over folded scalars with single-child chains collapsed into edges (a radix tree).
/// Built once from sorted keys in breadth-first order, so each node's children are contiguous and one more
/// node closes every range: node `k`'s children are nodes `childStart[k] ..< childStart[k + 1]`, sorted by
/// `labels` (the first scalar of the edge into each node) for binary search, and the rest of the edge into
/// node `k` is `tails[tailStart[k] ..< tailStart[k + 1]]`. With names, most of a key is such a chain: the
/// walk compares it as one contiguous run instead of reading a node, which misses the cache, per scalar.
final class GlossaryTrie: Sendable {
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
            close(terminal)
        }

        /// Ends the key appended to `pool` since the last one.
        mutating func close(_ terminal: Terminal) {
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

    /// Per node, where its children, terminals and edge tail start; node `k + 1` ends the ranges of node `k`.
    private struct Node {
        var childStart: Int32
        var terminalStart: Int32
        var tailStart: Int32
    }

    private let nodes: [Node]
    private let labels: [UInt32]
    private let tails: [UInt32]
    private let terminals: [Terminal]
    /// Prefix strings (index = mask bit; prefix 0 is the empty one), all in one buffer: prefix `i` is
    /// `prefixScalars[prefixStarts[i] ..< prefixStarts[i + 1]]` (no array per prefix to retain in the scan).
    private let prefixScalars: [UInt32]
    private let prefixStarts: [Int]
    private let longestPrefix: Int
    /// The distinct first scalars of the non-empty prefixes; the prefixes starting with `prefixFirsts[i]` are
    /// `prefixMembers[prefixGroupStarts[i] ..< prefixGroupStarts[i + 1]]`.
    private let prefixFirsts: [UInt32]
    private let prefixGroupStarts: [Int]
    private let prefixMembers: [Int]
    /// A Bloom filter of the keys' first words: most words of running text are no name's first word, and
    /// the filter turns them away before the walk. Both bits of a word sit in one 64-bit block, so a test
    /// costs one memory read. About 16 bits a key (2^21 bits at most: about 1% of other words get through
    /// with 100,000 first words); a small glossary's filter stays small enough to stay in cache.
    private let firstWords: [UInt64]
    /// `64 − log2(blocks)`: the shift that takes a block number from a mixed hash.
    private let filterShift: UInt64
    /// A coarser filter in front of it, one bit per (first scalar, last scalar, length) of a key's first
    /// word: testable without reading the word through, so most words are turned away before they are
    /// hashed. About 16 bits a key (2^22 bits at most).
    private let firstWordShapes: [UInt64]
    private let shapeShift: UInt64

    init(keys: Keys, prefixes: [[UInt32]]) {
        let count = keys.terminals.count
        var nodes: [Node] = []
        var labels: [UInt32] = [0]
        var tails: [UInt32] = []
        var terminals: [Terminal] = []
        var filterBlocksLog2 = 3
        while filterBlocksLog2 < 15, 64 << filterBlocksLog2 < 16 * count { filterBlocksLog2 += 1 }
        var firstWords = [UInt64](repeating: 0, count: 1 << filterBlocksLog2)
        var shapeBitsLog2 = 12
        while shapeBitsLog2 < 22, 1 << shapeBitsLog2 < 16 * count { shapeBitsLog2 += 1 }
        var firstWordShapes = [UInt64](repeating: 0, count: 1 << (shapeBitsLog2 - 6))
        terminals.reserveCapacity(count)
        keys.pool.withUnsafeBufferPointer { pool in
            keys.ends.withUnsafeBufferPointer { ends in
                @inline(__always) func start(_ key: Int) -> Int { key == 0 ? 0 : ends[key - 1] }
                for key in 0..<count {
                    var end = start(key)
                    while end < ends[key], MatchText.isWord(pool[end]) { end += 1 }
                    let (block, bits) = GlossaryTrie.filterBits(
                        GlossaryTrie.wordHash(pool[start(key)..<end]), shift: UInt64(64 - filterBlocksLog2))
                    firstWords[block] |= bits
                    // A key that starts with no word can match at no word start.
                    if end > start(key) {
                        let shape = GlossaryTrie.shapeBit(
                            first: pool[start(key)], last: pool[end - 1], length: end - start(key),
                            shift: UInt64(64 - shapeBitsLog2))
                        firstWordShapes[shape >> 6] |= 1 << UInt64(shape & 63)
                    }
                }
                let sorted = GlossaryTrie.sortedKeys(pool: pool, ends: ends)
                // The keys copied in sorted order: the build then reads memory in order, not all over the pool.
                var sortedPool: [UInt32] = []
                sortedPool.reserveCapacity(pool.count)
                var sortedStarts: [Int] = []
                sortedStarts.reserveCapacity(count + 1)
                for key in sorted {
                    sortedStarts.append(sortedPool.count)
                    sortedPool.append(contentsOf: pool[start(key)..<ends[key]])
                }
                sortedStarts.append(sortedPool.count)
                @inline(__always) func length(_ rank: Int) -> Int { sortedStarts[rank + 1] - sortedStarts[rank] }
                @inline(__always) func scalar(_ rank: Int, _ depth: Int) -> UInt32 { sortedPool[sortedStarts[rank] + depth] }
                // Breadth-first: each queued node covers the sorted keys lo..<hi sharing its path of length depth.
                var queue: [(lo: Int, hi: Int, depth: Int, tailStart: Int)] = [(0, count, 0, 0)]
                var head = 0
                while head < queue.count {
                    var (lo, hi, depth, tailStart) = queue[head]
                    head += 1
                    nodes.append(Node(childStart: Int32(queue.count), terminalStart: Int32(terminals.count), tailStart: Int32(tailStart)))
                    while lo < hi, length(lo) == depth {
                        terminals.append(keys.terminals[sorted[lo]])
                        lo += 1
                    }
                    while lo < hi {
                        let label = scalar(lo, depth)
                        var end = lo + 1
                        while end < hi, scalar(end, depth) == label { end += 1 }
                        // Sorted keys: what the first and the last of the group share, all of them share.
                        let shortest = min(length(lo), length(end - 1))
                        var childDepth = depth + 1
                        while childDepth < shortest, scalar(lo, childDepth) == scalar(end - 1, childDepth) { childDepth += 1 }
                        labels.append(label)
                        queue.append((lo, end, childDepth, tails.count))
                        tails.append(contentsOf: sortedPool[(sortedStarts[lo] + depth + 1)..<(sortedStarts[lo] + childDepth)])
                        lo = end
                    }
                }
            }
        }
        nodes.append(Node(childStart: Int32(nodes.count), terminalStart: Int32(terminals.count), tailStart: Int32(tails.count)))
        self.nodes = nodes
        self.labels = labels
        self.tails = tails
        self.terminals = terminals
        self.firstWords = firstWords
        self.filterShift = UInt64(64 - filterBlocksLog2)
        self.firstWordShapes = firstWordShapes
        self.shapeShift = UInt64(64 - shapeBitsLog2)
        prefixScalars = Array(prefixes.joined())
        var starts = [0]
        for prefix in prefixes { starts.append(starts[starts.count - 1] + prefix.count) }
        prefixStarts = starts
        longestPrefix = prefixes.map(\.count).max() ?? 0
        var firsts: [UInt32] = []
        var groupStarts: [Int] = []
        var members: [Int] = []
        for first in prefixes.compactMap(\.first) where !firsts.contains(first) {
            firsts.append(first)
            groupStarts.append(members.count)
            members += prefixes.indices.filter { prefixes[$0].first == first }
        }
        groupStarts.append(members.count)
        self.prefixFirsts = firsts
        self.prefixGroupStarts = groupStarts
        self.prefixMembers = members
    }

    /// Key indices in lexicographic order of the keys. Compared first on their first three scalars packed in
    /// one integer (each plus one, so a shorter key sorts first), which settles nearly every comparison.
    private static func sortedKeys(pool: UnsafeBufferPointer<UInt32>, ends: UnsafeBufferPointer<Int>) -> [Int] {
        struct Ranked {
            var head: UInt64
            var key: Int
        }
        var ranked: [Ranked] = []
        ranked.reserveCapacity(ends.count)
        var start = 0
        for (key, end) in ends.enumerated() {
            var head: UInt64 = 0
            for depth in 0..<3 {
                head <<= 21
                if start + depth < end { head |= UInt64(pool[start + depth]) + 1 }
            }
            ranked.append(Ranked(head: head, key: key))
            start = end
        }
        ranked.sort { a, b in
            if a.head != b.head { return a.head < b.head }
            let aStart = a.key == 0 ? 0 : ends[a.key - 1]
            let bStart = b.key == 0 ? 0 : ends[b.key - 1]
            return pool[min(aStart + 3, ends[a.key])..<ends[a.key]].lexicographicallyPrecedes(pool[min(bStart + 3, ends[b.key])..<ends[b.key]])
        }
        return ranked.map(\.key)
    }

    /// The hash of a word, computed from its end so the hashes of all its suffixes come in one pass.
    @inline(__always)
    private static func wordHash<Scalars: BidirectionalCollection>(_ word: Scalars) -> UInt64 where Scalars.Element == UInt32 {
        var hash = FNV1a.offsetBasis
        for value in word.reversed() { hash = FNV1a.step(hash, UInt64(value)) }
        return hash
    }

    /// The bit of `firstWordShapes` for a word's first and last scalars and length (`shift`: 64 − log2(bits)).
    @inline(__always)
    private static func shapeBit(first: UInt32, last: UInt32, length: Int, shift: UInt64) -> Int {
        let packed = UInt64(first) | UInt64(last) &<< 21 | UInt64(truncatingIfNeeded: length) &<< 42
        return Int(truncatingIfNeeded: (packed &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    /// The filter block of a word hash and its two bits in that block (`shift`: 64 − log2(blocks)).
    @inline(__always)
    private static func filterBits(_ hash: UInt64, shift: UInt64) -> (block: Int, bits: UInt64) {
        let mixed = (hash ^ (hash &>> 32)) &* 0x9E37_79B9_7F4A_7C15
        let block = Int(truncatingIfNeeded: mixed &>> shift)
        return (block, (1 &<< ((mixed &>> 20) & 63)) | (1 &<< ((mixed &>> 26) & 63)))
    }

    /// Leftmost-longest matches of whole-word keys, each possibly behind an allowed prefix, appended to `hits`.
    /// `isWord[i]` says whether `text[i]` is a letter, mark or digit.
    func scan(_ text: UnsafeBufferPointer<UInt32>, isWord: UnsafeBufferPointer<Bool>, into hits: inout [Hit]) {
        let marked = zip(text, isWord).map { value, word in word ? value | Self.wordFlag : value }
        var candidates = PlainBuffer<Int>(capacity: 16)
        marked.withUnsafeBufferPointer { scan($0, candidates: &candidates, into: &hits) }
    }

    /// Set on the scalars of scanned text that are letters, marks or digits (no scalar value reaches it):
    /// the scan reads one column rather than two, and the fold stores one.
    static let wordFlag: UInt32 = 1 << 31

    /// `scan(_:isWord:into:)` over text whose word scalars carry `wordFlag`, with the caller's buffer for
    /// the tied terminals (kept from call to call).
    func scan(_ text: UnsafeBufferPointer<UInt32>, candidates: inout PlainBuffer<Int>, into hits: inout [Hit]) {
        let flag = Self.wordFlag
        let mask = ~flag
        let count = text.count
        // The tables through unchecked buffers: array accesses here cost bounds checks, retains and uniqueness
        // checks per scalar. One closure per table, written flat.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: longestPrefix + 1) { suffixHashes in
        nodes.withUnsafeBufferPointer { nodes in
        labels.withUnsafeBufferPointer { labels in
        tails.withUnsafeBufferPointer { tails in
        terminals.withUnsafeBufferPointer { terminals in
        firstWords.withUnsafeBufferPointer { firstWords in
        firstWordShapes.withUnsafeBufferPointer { firstWordShapes in
        prefixStarts.withUnsafeBufferPointer { prefixStarts in
        prefixMembers.withUnsafeBufferPointer { prefixMembers in
            var position = 0
            while position < count {
                // Names start at word starts only.
                guard text[position] & flag != 0 else {
                    position += 1
                    continue
                }
                var wordEnd = position + 1
                while wordEnd < count, text[wordEnd] & flag != 0 { wordEnd += 1 }
                var hashed = false
                var bestEnd = -1
                var bestPrefix = Int.max
                candidates.removeAll()
                var groupStart = 0
                var groupEnd = 0
                if let group = prefixFirsts.firstIndex(of: text[position] & mask) {
                    groupStart = prefixGroupStarts[group]
                    groupEnd = prefixGroupStarts[group + 1]
                }
                // Try the bare name first, then each prefix the word starts with.
                for option in (groupStart - 1)..<groupEnd {
                    let prefixIndex = option < groupStart ? 0 : prefixMembers[option]
                    let prefixStart = prefixStarts[prefixIndex]
                    let prefixLength = prefixStarts[prefixIndex + 1] - prefixStart
                    let stemStart = position + prefixLength
                    guard stemStart < wordEnd else { continue }
                    if prefixLength > 1 {
                        var same = true
                        for offset in 1..<prefixLength where text[position + offset] & mask != prefixScalars[prefixStart + offset] {
                            same = false
                            break
                        }
                        if !same { continue }
                    }
                    let shape = Self.shapeBit(
                        first: text[stemStart] & mask, last: text[wordEnd - 1] & mask,
                        length: wordEnd - stemStart, shift: shapeShift)
                    guard firstWordShapes[shape &>> 6] & (1 &<< UInt64(shape & 63)) != 0 else { continue }
                    if !hashed {
                        // The hashes of the word's suffixes, from its end, once a stem gets this far.
                        var hash = FNV1a.offsetBasis
                        var cursor = wordEnd
                        while cursor > position {
                            cursor -= 1
                            hash = FNV1a.step(hash, UInt64(text[cursor] & mask))
                            if cursor - position <= longestPrefix { suffixHashes[cursor - position] = hash }
                        }
                        hashed = true
                    }
                    let (block, bits) = Self.filterBits(suffixHashes[prefixLength], shift: filterShift)
                    guard firstWords[block] & bits == bits else { continue }
                    let bit: UInt32 = 1 << UInt32(prefixIndex)
                    var node = 0
                    var index = stemStart
                    walk: while index < count {
                        let label = text[index] & mask
                        var lo = Int(nodes[node].childStart)
                        var hi = Int(nodes[node + 1].childStart)
                        while lo < hi {
                            let mid = (lo + hi) >> 1
                            if labels[mid] < label { lo = mid + 1 } else { hi = mid }
                        }
                        guard lo < Int(nodes[node + 1].childStart), labels[lo] == label else { break }
                        node = lo
                        index += 1
                        let tailStart = Int(nodes[node].tailStart)
                        let tailLength = Int(nodes[node + 1].tailStart) - tailStart
                        guard tailLength <= count - index else { break }
                        for step in 0..<tailLength where text[index + step] & mask != tails[tailStart + step] { break walk }
                        index += tailLength
                        let first = Int(nodes[node].terminalStart)
                        let last = Int(nodes[node + 1].terminalStart)
                        guard first < last, index == count || text[index] & flag == 0 else { continue }
                        for slot in first..<last where terminals[slot].mask & bit != 0 {
                            if index > bestEnd || (index == bestEnd && prefixLength < bestPrefix) {
                                bestEnd = index
                                bestPrefix = prefixLength
                                candidates.removeAll()
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
                    candidates: candidates.buffer, terminals: terminals))
                position = bestEnd
            }
        }}}}}}}}}
    }

    /// The hit for tied candidates (slots of `terminals`): the best-status form of the earliest entry first,
    /// other entries as alternatives.
    private static func hit(
        start: Int, end: Int, prefixLength: Int, candidates: UnsafeBufferPointer<Int>, terminals: UnsafeBufferPointer<Terminal>
    ) -> Hit {
        if candidates.count == 1 {
            // Nearly every hit: nothing to order, no alternatives.
            let only = terminals[candidates[0]]
            return Hit(
                start: start, end: end, prefixLength: prefixLength, entry: Int(only.entry), term: Int(only.term),
                status: only.status, alternatives: [])
        }
        func rank(_ status: TermStatus) -> Int {
            switch status {
            case .preferred: return 0
            case .admitted: return 1
            case .deprecated: return 2
            case .misspelling: return 3
            }
        }
        let ordered = candidates.map { terminals[$0] }.sorted {
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
