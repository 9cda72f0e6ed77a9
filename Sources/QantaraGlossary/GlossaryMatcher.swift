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
    let folder: TextFolder
    private let arabic: GlossaryTrie
    private let english: GlossaryTrie

    public init(glossary: Glossary, options: GlossaryMatcherOptions = GlossaryMatcherOptions()) {
        self.glossary = glossary
        self.options = options
        let folder = TextFolder(options: options.foldTaMarbuta ? FoldingOptions.matching.union(.foldTaMarbuta) : .matching)
        self.folder = folder
        var arabicKeys = GlossaryTrie.Keys()
        var englishKeys = GlossaryTrie.Keys()
        for (entryIndex, entry) in glossary.entries.enumerated() {
            for (termIndex, term) in entry.arabic.enumerated() {
                let folded = MatchText.key(term.text, folder: folder)
                guard !folded.isEmpty else { continue }
                let (key, mask) = ArabicClitics.indexing(folded, hasArticle: ArabicClitics.hasArticle(term.text))
                arabicKeys.add(key, GlossaryTrie.Terminal(
                    entry: Int32(entryIndex), term: Int32(termIndex), mask: mask, status: term.status))
            }
            for (termIndex, term) in entry.english.enumerated() {
                let key = MatchText.key(term.text, folder: folder)
                guard !key.isEmpty else { continue }
                englishKeys.add(key, GlossaryTrie.Terminal(
                    entry: Int32(entryIndex), term: Int32(termIndex), mask: 1, status: term.status))
            }
        }
        self.arabic = GlossaryTrie(keys: arabicKeys, prefixes: ArabicClitics.prefixes)
        self.english = GlossaryTrie(keys: englishKeys, prefixes: [[]])
    }

    /// Every entity in `text`, left to right, without overlaps.
    /// - Parameter language: `ar` or `en` (regions allowed: `ar-SA`, `en-GB`); other languages find nothing.
    public func matches(in text: String, language: String) -> [GlossaryMatch] {
        let trie: GlossaryTrie
        switch LanguageTag.primary(language) {
        case "ar": trie = arabic
        case "en": trie = english
        default: return []
        }
        // Paragraph by paragraph (no name spans a blank line): the working arrays stay small and in cache.
        var matches: [GlossaryMatch] = []
        var base = 0
        for paragraph in Self.paragraphs(of: text) {
            let piece = String(paragraph)
            let scalarCount = appendMatches(in: piece, trie: trie, base: base, to: &matches)
            base += scalarCount
        }
        return matches
    }

    /// Scans one paragraph; offsets of the matches are shifted by `base`. Returns the paragraph's scalar count.
    private func appendMatches(in text: String, trie: GlossaryTrie, base: Int, to matches: inout [GlossaryMatch]) -> Int {
        let normalized = MatchText.normalize(text, folder: folder)
        let scalarCount = normalized.offsets.last ?? 0
        let found = trie.scan(normalized.scalars, isWord: normalized.isWord)
        // Hits come in text order: one walk over the scalars cuts out every surface.
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        var offset = 0
        for hit in found {
            let range = normalized.sourceRange(hit.start..<hit.end)
            index = scalars.index(index, offsetBy: range.lowerBound - offset)
            let end = scalars.index(index, offsetBy: range.count)
            let surface = String(scalars[index..<end])
            index = end
            offset = range.upperBound
            matches.append(GlossaryMatch(
                range: (range.lowerBound + base)..<(range.upperBound + base), entryIndex: hit.entry,
                alternatives: hit.alternatives, surface: surface, termIndex: hit.term, status: hit.status,
                cliticLength: hit.prefixLength == 0 ? 0 : normalized.sourceRange(hit.start..<(hit.start + hit.prefixLength)).count))
        }
        return scalarCount
    }

    /// The text cut after each blank line (`\n\n`), found on UTF-8 bytes.
    static func paragraphs(of text: String) -> [Substring] {
        var pieces: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var previous: UInt8 = 0
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            index = utf8.index(after: index)
            if byte == 0x0A && previous == 0x0A {
                pieces.append(text[start..<index])
                start = index
            }
            previous = byte
        }
        if start != utf8.endIndex || pieces.isEmpty { pieces.append(text[start..<utf8.endIndex]) }
        return pieces
    }

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

/// Text prepared for matching: folded, with runs of spaces, line breaks and hyphens reduced to one space
/// (a blank line, which ends a paragraph, becomes a line break, so no name spans paragraphs).
struct MatchText {
    var scalars: [UInt32]
    /// Whether each scalar is a letter, mark or digit (`isWord`), computed once for the scan.
    var isWord: [Bool]
    /// Source offset of each scalar, and one more: the source length.
    var offsets: [Int]

    static func normalize(_ text: String, folder: TextFolder) -> MatchText {
        let folded = folder.foldWithOffsets(text)
        let count = folded.scalars.count
        var scalars: [UInt32] = []
        var words: [Bool] = []
        var offsets: [Int] = []
        scalars.reserveCapacity(count)
        words.reserveCapacity(count)
        offsets.reserveCapacity(count + 1)
        folded.scalars.withUnsafeBufferPointer { source in
            folded.sourceOffsets.withUnsafeBufferPointer { sourceOffsets in
                ScalarClass.table.withUnsafeBufferPointer { table in
                    @inline(__always) func classOf(_ value: UInt32) -> UInt8 {
                        value < ScalarClass.tableLimit ? table[Int(value)] : ScalarClass.compute(value)
                    }
                    var index = 0
                    while index < count {
                        let value = source[index].value
                        let kind = classOf(value)
                        if kind & ScalarClass.separator != 0 {
                            let start = index
                            var breaks = 0
                            while index < count {
                                let next = classOf(source[index].value)
                                guard next & ScalarClass.separator != 0 else { break }
                                if next & ScalarClass.lineBreak != 0 { breaks += 1 }
                                index += 1
                            }
                            scalars.append(breaks >= 2 ? 0x0A : 0x20)
                            words.append(false)
                            offsets.append(sourceOffsets[start])
                        } else {
                            scalars.append(value)
                            words.append(kind & ScalarClass.word != 0)
                            offsets.append(sourceOffsets[index])
                            index += 1
                        }
                    }
                }
            }
        }
        offsets.append(folded.sourceOffsets[count])
        return MatchText(scalars: scalars, isWord: words, offsets: offsets)
    }

    /// The normalized form of a glossary term: its match key, separators reduced to one space and
    /// none at either end. (The same rules as `normalize`, without the offsets a key does not need.)
    static func key(_ term: String, folder: TextFolder) -> [UInt32] {
        var key: [UInt32] = []
        var pendingSpace = false
        for scalar in folder.foldWithOffsets(term).scalars {
            let value = scalar.value
            if isSeparator(value) {
                pendingSpace = !key.isEmpty
                continue
            }
            if pendingSpace {
                key.append(0x20)
                pendingSpace = false
            }
            key.append(value)
        }
        return key
    }

    /// The source range of normalized scalars `range`; removed marks after the last letter belong to it.
    func sourceRange(_ range: Range<Int>) -> Range<Int> {
        offsets[range.lowerBound]..<max(offsets[range.upperBound - 1] + 1, offsets[range.upperBound])
    }

    @inline(__always)
    static func isSeparator(_ value: UInt32) -> Bool {
        value == 0x20 || value == 0x2D || value == 0x2010 || value == 0x2011 || value == 0x2013
            || UnicodeSpaces.isSpace(value) || UnicodeSpaces.isLineBreak(value)
    }

    /// Letters, marks and digits: what a name is made of, and what must not touch a match from outside.
    @inline(__always)
    static func isWord(_ value: UInt32) -> Bool {
        if value < 0x80 {
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
        }
        return CharacterClass.isWordScalar(value) || ArabicScalars.isDigit(value)
    }
}

/// The classes `MatchText.normalize` asks about each scalar, looked up in a table for the Latin and Arabic
/// blocks (nearly all of running text) instead of a chain of range tests per scalar; the table is filled
/// from the same predicates, so it cannot disagree with them.
private enum ScalarClass {
    static let separator: UInt8 = 1
    static let lineBreak: UInt8 = 2
    static let word: UInt8 = 4
    static let tableLimit: UInt32 = 0x0800
    static let table: [UInt8] = (0..<tableLimit).map(compute)

    static func compute(_ value: UInt32) -> UInt8 {
        (MatchText.isSeparator(value) ? separator : 0) | (UnicodeSpaces.isLineBreak(value) ? lineBreak : 0)
            | (MatchText.isWord(value) ? word : 0)
    }
}
