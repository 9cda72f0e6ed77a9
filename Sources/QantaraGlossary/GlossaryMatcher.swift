import Foundation
import QantaraText
import QantaraTMX

/// An entity found in running text.
public struct GlossaryMatch: Sendable, Hashable {
    /// Where the surface stands in the text, in Unicode scalars (clitics included: وبوتين is 0..<6).
    public var range: Range<Int>
    /// The entry found (index into `Glossary.entries`).
    public var entryIndex: Int
    /// Other entries with the same surface (عمان: Oman and Amman); empty when the match is unambiguous.
    public var alternatives: [Int]
    /// The text as it stands in the input.
    public var surface: String
    /// Which of the entry's terms matched (index into its `arabic` or `english` list).
    public var termIndex: Int
    /// The status of the matched term: a deprecated English form (Kiev) or a misspelling (زيلينكسي).
    public var status: TermStatus
    /// How many scalars of the surface are clitics before the name (1 for وبوتين, 0 for بوتين).
    public var cliticLength: Int

    /// True when more than one entry has this surface.
    public var isAmbiguous: Bool { !alternatives.isEmpty }
}

/// Options of the matcher.
public struct GlossaryMatcherOptions: Sendable, Hashable {
    /// Treat ة and ه as the same letter (helps with informal spelling, but القاهرة/القاهره-style pairs are
    /// then also confused with genuinely different words).
    public var foldTaMarbuta: Bool

    public init(foldTaMarbuta: Bool = false) {
        self.foldTaMarbuta = foldTaMarbuta
    }
}

/// Finds glossary entities in running Arabic or English text.
///
/// Arabic and English forms are folded (`TextFolder`, `.matching`: diacritics, tatweel, alef and ya forms,
/// presentation forms, digits, bidi controls, spaces; Latin case and accents) and stored in one trie per
/// language. Arabic forms are indexed with the clitic prefixes they may carry (`ArabicClitics`): the
/// generated surface set prefix × form is kept factored, one trie of forms plus a mask of allowed prefixes
/// per form, so 100,000 entries need one trie rather than two dozen copies of it.
/// A match covers whole words only; the longest match wins, and, at equal length, the one with the shorter
/// clitic (a name as written beats a shorter name with a prefix).
public final class GlossaryMatcher: Sendable {
    public let glossary: Glossary
    public let options: GlossaryMatcherOptions
    let folding: MatchFolding
    private let arabic: GlossaryTrie
    private let english: GlossaryTrie
    private let scratchPool = ScratchPool()

    public init(glossary: Glossary, options: GlossaryMatcherOptions = GlossaryMatcherOptions()) {
        self.glossary = glossary
        self.options = options
        let folding = options.foldTaMarbuta ? MatchFolding.matchingTaMarbuta : MatchFolding.matching
        self.folding = folding
        var arabicKeys = GlossaryTrie.Keys()
        var englishKeys = GlossaryTrie.Keys()
        var folded: [UInt32] = []
        for (entryIndex, entry) in glossary.entries.enumerated() {
            for (termIndex, term) in entry.arabic.enumerated() {
                folded.removeAll(keepingCapacity: true)
                MatchText.appendKey(term.text, folding: folding, to: &folded)
                guard !folded.isEmpty else { continue }
                let (key, mask) = ArabicClitics.indexing(folded, hasArticle: ArabicClitics.hasArticle(term.text))
                arabicKeys.add(key, GlossaryTrie.Terminal(
                    entry: Int32(entryIndex), term: Int32(termIndex), mask: mask, status: term.status))
            }
            for (termIndex, term) in entry.english.enumerated() {
                let start = englishKeys.pool.count
                MatchText.appendKey(term.text, folding: folding, to: &englishKeys.pool)
                guard englishKeys.pool.count > start else { continue }
                englishKeys.close(GlossaryTrie.Terminal(
                    entry: Int32(entryIndex), term: Int32(termIndex), mask: 1, status: term.status))
            }
        }
        self.arabic = GlossaryTrie(keys: arabicKeys, prefixes: ArabicClitics.prefixes)
        self.english = GlossaryTrie(keys: englishKeys, prefixes: [[]])
    }

    /// Every entity in `text`, left to right, without overlaps.
    /// - Parameter language: `ar` or `en` (regions allowed: `ar-SA`, `en-GB`); other languages find nothing.
    public func matches(in text: String, language: String) -> [GlossaryMatch] {
        guard let trie = trie(for: language) else { return [] }
        var matches: [GlossaryMatch] = []
        scratchPool.withScratch { scratch in
            forEachHit(in: text, trie: trie, scratch: scratch, normalized: &scratch.matchText) { hit, bytes, normalized in
                let (range, byteRange) = normalized.sourceRanges(hit.start..<hit.end, in: bytes)
                let cliticLength = hit.prefixLength == 0
                    ? 0 : normalized.sourceRanges(hit.start..<(hit.start + hit.prefixLength), in: bytes).scalars.count
                matches.append(GlossaryMatch(
                    range: range, entryIndex: hit.entry, alternatives: hit.alternatives,
                    surface: String(decoding: UnsafeBufferPointer(rebasing: bytes[byteRange]), as: UTF8.self),
                    termIndex: hit.term, status: hit.status, cliticLength: cliticLength))
            }
        }
        return matches
    }

    /// The entries `matches(in:language:)` finds, in its order, each match's `entryIndex` then its
    /// `alternatives`, without the surfaces and source ranges (for alignment anchors, once per sentence).
    package func forEachMatchedEntry(in text: String, language: String, _ body: (Int) -> Void) {
        guard let trie = trie(for: language) else { return }
        scratchPool.withScratch { scratch in
            forEachHit(in: text, trie: trie, scratch: scratch, normalized: &scratch.scanText) { hit, _, _ in
                body(hit.entry)
                for entry in hit.alternatives { body(entry) }
            }
        }
    }

    /// The trie for a language tag.
    @inline(__always)
    private func trie(for language: String) -> GlossaryTrie? {
        // The tags callers pass nearly always: `LanguageTag.primary` lower-cases and cuts a String per call.
        if language == "ar" { return arabic }
        if language == "en" { return english }
        switch LanguageTag.primary(language) {
        case "ar": return arabic
        case "en": return english
        default: return nil
        }
    }

    /// Folds `text` into `normalized` and scans it, handing on each hit with the text's bytes and its folded form.
    private func forEachHit<Normalized: ScannedText & ~Copyable>(
        in text: String, trie: GlossaryTrie, scratch: MatchScratch, normalized: inout Normalized,
        _ body: (GlossaryTrie.Hit, UnsafeBufferPointer<UInt8>, borrowing Normalized) -> Void
    ) {
        var text = text
        text.withUTF8 { bytes in
            var pieceStart = 0
            var offset = 0
            while pieceStart < bytes.count {
                // Piece by piece, cut after blank lines (no name spans one): the working arrays stay small and in cache.
                let pieceEnd = Self.pieceEnd(bytes, from: pieceStart)
                normalized.removeAll()
                offset += folding.fold(bytes, from: pieceStart, to: pieceEnd, firstOffset: offset, into: &normalized)
                scratch.hits.removeAll(keepingCapacity: true)
                trie.scan(normalized.scannedScalars, candidates: &scratch.candidates, into: &scratch.hits)
                for hit in scratch.hits { body(hit, bytes, normalized) }
                pieceStart = pieceEnd
            }
        }
    }

    /// The end of the piece of `bytes` scanned from `start`: after the first blank line (`\n\n`) at least
    /// `pieceBytes` on, or the end of the text.
    private static func pieceEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start + pieceBytes
        while index < bytes.count {
            if bytes[index] == 0x0A && bytes[index - 1] == 0x0A { return index + 1 }
            index += 1
        }
        return bytes.count
    }

    private static let pieceBytes = 1 << 16

    /// The entry a whole term names (`وبوتين` → Putin, `Zelenskyy` → Zelensky), or nil; the language is
    /// taken from the term's script.
    public func lookup(_ term: String) -> GlossaryMatch? {
        let language = Script.dominant(in: term) == .arabic ? "ar" : "en"
        let found = matches(in: term, language: language)
        guard found.count == 1, let match = found.first else { return nil }
        let scalars = Array(term.unicodeScalars)
        let outside = scalars[..<match.range.lowerBound] + scalars[match.range.upperBound...]
        return outside.allSatisfy({ !MatchText.isWord($0.value) }) ? match : nil
    }
}

/// The working buffers of one scan, kept for the next: new ones per call cost more than folding a sentence.
/// One caller at a time holds a scratch (`ScratchPool`), so the runtime's exclusivity checks on every
/// access, once per property per call, are left out.
private final class MatchScratch {
    @exclusivity(unchecked) var matchText = MatchText()
    @exclusivity(unchecked) var scanText = ScanText()
    @exclusivity(unchecked) var hits: [GlossaryTrie.Hit] = []
    @exclusivity(unchecked) var candidates = PlainBuffer<Int>(capacity: 16)
}

/// Scratch buffers for concurrent callers: a call takes one (or makes one) and gives it back.
private final class ScratchPool: @unchecked Sendable {
    /// Guarded by `lock`.
    @exclusivity(unchecked) private var spare: [MatchScratch] = []
    private let lock = NSLock()

    func withScratch<Result>(_ body: (MatchScratch) -> Result) -> Result {
        lock.lockSpinning()
        let scratch = spare.popLast() ?? MatchScratch()
        lock.unlock()
        defer {
            lock.lockSpinning()
            spare.append(scratch)
            lock.unlock()
        }
        return body(scratch)
    }
}
