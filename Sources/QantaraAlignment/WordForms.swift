import QantaraText

/// Arabic word forms for dictionary lookup: the fold (no diacritics, alef/ya/ta-marbuta/hamza-carrier
/// variants merged) and the stems left when attached clitics are taken off.
///
/// Hand-written because no installable library segments Arabic clitics; the rules cover the attached
/// conjunctions (و ف), prepositions (ب ل ك), the future particle (س), the article and the common
/// pronoun and plural suffixes, which is what decides whether a word is found in a dictionary.
public enum ArabicWordForms {
    static let folder = TextFolder(options: .loose)

    /// The word folded for lookup.
    public static func fold(_ word: String) -> String {
        folder.fold(word)
    }

    /// Lookup candidates by how much was stripped: `[0]` the folded word, `[1]` without proclitics,
    /// `[2]` without proclitics and suffixes. Stems keep at least two letters (three after a suffix).
    public static func candidates(folded word: String) -> [[String]] {
        let scalars = Array(word.unicodeScalars)
        return candidateRanges(scalars).map { level in level.map { string(scalars[$0]) } }
    }

    /// `candidates(folded:)` as ranges of the word's scalars (every candidate is a stretch of the word):
    /// the aligner looks them up without making a string of each.
    static func candidateRanges(_ word: [Unicode.Scalar]) -> [[Range<Int>]] {
        var forms = CandidateForms()
        candidateForms(word, into: &forms)
        return (0..<3).map { Array(forms.level($0)) }
    }

    /// `candidateRanges` into one reused array: the aligner analyses thousands of new words.
    static func candidateForms(_ word: [Unicode.Scalar], into forms: inout CandidateForms) {
        forms.ranges.removeAll(keepingCapacity: true)
        forms.ranges.append(0..<word.count)
        for prefix in prefixes(startingWith: word.first) where word.count - prefix.count >= 2 && starts(word[...], with: prefix) {
            forms.ranges.append(prefix.count..<word.count)
        }
        forms.procliticEnd = forms.ranges.count
        // Every stem ends where the word ends: only the suffixes ending in its last letter can match.
        let candidates = suffixes(endingWith: word.last)
        for stemIndex in 0..<forms.procliticEnd {
            let stem = forms.ranges[stemIndex]
            for suffix in candidates where stem.count - suffix.count >= 3 && ends(word[stem], with: suffix) {
                let form = stem.lowerBound..<(stem.upperBound - suffix.count)
                // Two stretches can read the same (a word that repeats itself): each form once.
                if !forms.ranges[forms.procliticEnd...].contains(where: { $0.count == form.count && word[$0].elementsEqual(word[form]) }) {
                    forms.ranges.append(form)
                }
            }
        }
    }

    // Compared scalar by scalar: the generic `starts(with:)` and `suffix().elementsEqual` cost most of a
    // word's analysis, over the thirty prefixes and seventeen suffixes.
    @inline(__always)
    private static func starts(_ word: ArraySlice<Unicode.Scalar>, with prefix: [Unicode.Scalar]) -> Bool {
        guard word.count >= prefix.count else { return false }
        var index = word.startIndex
        for scalar in prefix {
            if word[index] != scalar { return false }
            index += 1
        }
        return true
    }

    @inline(__always)
    private static func ends(_ word: ArraySlice<Unicode.Scalar>, with suffix: [Unicode.Scalar]) -> Bool {
        guard word.count >= suffix.count else { return false }
        var index = word.endIndex - suffix.count
        for scalar in suffix {
            if word[index] != scalar { return false }
            index += 1
        }
        return true
    }

    /// Whether a folded headword starts with the article ال and keeps two letters after it: dictionaries
    /// list it also without the article (الجزر is found as جزر).
    static func hasDroppableArticle(_ folded: [Unicode.Scalar]) -> Bool {
        folded.count >= 4 && folded[0] == "\u{0627}" && folded[1] == "\u{0644}"
    }

    /// The canonical stem used to learn word pairs: the word without its conjunction, preposition and article.
    public static func learningStem(folded word: String) -> String {
        let scalars = Array(word.unicodeScalars)
        return string(scalars[learningStem(scalars)])
    }

    /// `learningStem(folded:)` as a range of the word's scalars.
    static func learningStem(_ word: [Unicode.Scalar]) -> Range<Int> {
        for prefix in prefixes(startingWith: word.first) where word.count - prefix.count >= 3 && starts(word[...], with: prefix) {
            return prefix.count..<word.count
        }
        return 0..<word.count
    }

    // Longest first, so the first match strips the most.
    private static let prefixes: [[Unicode.Scalar]] = {
        var forms: Set<String> = []
        for conjunction in ["", "و", "ف"] {
            for preposition in ["", "ب", "ك", "ل", "س"] {
                for article in ["", "ال"] where !(preposition == "س" && !article.isEmpty) {
                    forms.insert(conjunction + preposition + article)
                }
            }
            forms.insert(conjunction + "لل")
        }
        forms.remove("")
        return forms.map { Array($0.unicodeScalars) }.sorted { $0.count > $1.count }
    }()

    /// The prefixes that start with `first`, longest first: a word's first letter rules out most of them.
    private static func prefixes(startingWith first: Unicode.Scalar?) -> [[Unicode.Scalar]] {
        group(of: first, in: prefixesByFirstLetter)
    }

    /// The suffixes that end with `last`, in the order of `suffixes`.
    private static func suffixes(endingWith last: Unicode.Scalar?) -> [[Unicode.Scalar]] {
        group(of: last, in: suffixesByLastLetter)
    }

    private static let prefixesByFirstLetter = groupedByArabicLetter(prefixes) { $0[0] }
    private static let suffixesByLastLetter = groupedByArabicLetter(suffixes) { $0[$0.count - 1] }

    /// `affixes` by the letter of the Arabic block that `letter` picks, in their order: an array read per
    /// word, not a hash.
    private static func groupedByArabicLetter(
        _ affixes: [[Unicode.Scalar]], _ letter: ([Unicode.Scalar]) -> Unicode.Scalar
    ) -> [[[Unicode.Scalar]]] {
        var groups = [[[Unicode.Scalar]]](repeating: [], count: 0x100)
        for affix in affixes { groups[Int(letter(affix).value - 0x0600)].append(affix) }
        return groups
    }

    private static func group(of letter: Unicode.Scalar?, in groups: [[[Unicode.Scalar]]]) -> [[Unicode.Scalar]] {
        guard let letter, (0x0600..<0x0700).contains(letter.value) else { return [] }
        return groups[Int(letter.value - 0x0600)]
    }

    // ة is already folded to ه.
    private static let suffixes: [[Unicode.Scalar]] = [
        "هما", "كما", "هم", "هن", "ها", "كم", "نا", "ني", "ات", "ون", "ين", "ان", "وا", "يه", "ه", "ك", "ي",
    ].map { Array($0.unicodeScalars) }

    private static func string(_ scalars: some Collection<Unicode.Scalar>) -> String {
        String(utf8Of: scalars)
    }
}

/// Lookup candidates as stretches of a folded word, on one array: `ranges[0]` is the whole word, then come
/// the forms without proclitics up to `procliticEnd`, then those without proclitics and suffixes.
struct CandidateForms {
    var ranges: [Range<Int>] = []
    var procliticEnd = 1

    /// Level `level` (0, 1 or 2) of `ArabicWordForms.candidates(folded:)`.
    func level(_ level: Int) -> ArraySlice<Range<Int>> {
        switch level {
        case 0: return ranges[0..<1]
        case 1: return ranges[1..<procliticEnd]
        default: return ranges[procliticEnd...]
        }
    }
}

/// English word forms for matching: lower case without accents, then a light suffix stripper so that
/// `talks`, `talked` and `talk` meet (a full Porter stemmer buys little for sentence alignment).
public enum EnglishWordForms {
    static let folder = TextFolder(options: .matching)
    private static let tokenizer = Tokenizer(folding: .matching)

    /// The stem of one English word, or nil for a function word that carries no evidence.
    public static func stem(_ word: String) -> String? {
        var word = word
        var letters = FoldedLetters()
        return word.withUTF8 { stem(utf8: $0, into: &letters) } ? String(decoding: letters.bytes, as: UTF8.self) : nil
    }

    /// `stem(_:)` of a word's UTF-8, left in `letters` (a buffer to reuse); false when there is no stem.
    ///
    /// Works on the folded word's UTF-8 bytes, counting scalars aside: suffixes are ASCII, and a scalar
    /// array and several strings per word made stemming a tenth of a dictionary lookup.
    static func stem(utf8 word: UnsafeBufferPointer<UInt8>, into letters: inout FoldedLetters) -> Bool {
        letters.removeAll()
        letters.bytes.reserveCapacity(word.count + 4)
        var index = 0
        while index < word.count {
            // ASCII letters and digits fold to themselves in lower case; everything else through the table.
            let byte = word[index]
            switch byte {
            case 0x41...0x5A:
                letters.append(byte | 0x20)
                index += 1
            case 0x61...0x7A, 0x30...0x39:
                letters.append(byte)
                index += 1
            default:
                letters.append(folding: Unicode.Scalar(UTF8Scalar.decode(word, at: &index)).unsafelyUnwrapped)
            }
        }
        if letters.count > 2, letters.ends("'s") || letters.ends("\u{2019}s") {
            letters.removeLast(letters.ends("'s") ? 2 : 4, scalars: 2)
        }
        letters.removeApostrophes()
        if letters.bytes.withUnsafeBufferPointer({ stopwordTable.index(of: $0, hash: FNV1a.hash($0)) >= 0 }) { return false }
        stripSuffix(&letters)
        return letters.count > 0
    }

    /// A folded word as UTF-8 bytes and its number of scalars.
    struct FoldedLetters {
        var bytes: [UInt8] = []
        var count = 0

        mutating func removeAll() {
            bytes.removeAll(keepingCapacity: true)
            count = 0
        }

        mutating func append(_ ascii: UInt8) {
            bytes.append(ascii)
            count += 1
        }

        mutating func append(folding scalar: Unicode.Scalar) {
            count += folder.appendUTF8(scalar, to: &bytes)
        }

        func ends(_ suffix: StaticString) -> Bool {
            let length = suffix.utf8CodeUnitCount
            guard bytes.count >= length else { return false }
            return suffix.withUTF8Buffer { tail in tail.elementsEqual(bytes[(bytes.count - length)...]) }
        }

        mutating func removeLast(_ byteCount: Int, scalars: Int) {
            bytes.removeLast(byteCount)
            count -= scalars
        }

        /// Drops `'` and `’` wherever they stand.
        mutating func removeApostrophes() {
            var kept = 0
            var index = 0
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "'") {
                    count -= 1
                    index += 1
                    continue
                }
                if bytes[index] == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x99 {
                    count -= 1
                    index += 3
                    continue
                }
                bytes[kept] = bytes[index]
                kept += 1
                index += 1
            }
            bytes.removeLast(bytes.count - kept)
        }
    }

    /// Stems of the content words of a short English text (a dictionary sense, a glossary term).
    public static func contentStems(of text: String) -> [String] {
        tokenizer.tokens(in: text).compactMap { token in
            switch token.kind {
            case .number: return token.folded
            case .word: return stem(token.folded)
            case .punctuation: return nil
            }
        }
    }

    private static func stripSuffix(_ word: inout FoldedLetters) {
        func replace(_ n: Int, with ending: UInt8? = nil) {
            word.removeLast(n, scalars: n)
            if let ending { word.append(ending) }
        }
        let count = word.count
        if count > 4, word.ends("ies") {
            replace(3, with: UInt8(ascii: "y"))
        } else if count > 4, word.ends("sses") {
            replace(2)
        } else if count > 5, word.ends("ing") {
            replace(3)
            dropFinalE(&word)
        } else if count > 4, word.ends("ied") {
            replace(3, with: UInt8(ascii: "y"))
        } else if count > 4, word.ends("ed") {
            replace(2)
            dropFinalE(&word)
        } else if count > 3, word.ends("s"), !word.ends("ss"), !word.ends("us"), !word.ends("is") {
            replace(1)
            dropFinalE(&word)
        } else {
            dropFinalE(&word)
        }
    }

    private static func dropFinalE(_ word: inout FoldedLetters) {
        if word.count > 3, word.ends("e") { word.removeLast(1, scalars: 1) }
    }

    /// `stopwords` as a table of byte strings: a stem is looked up without making a string of it.
    private static let stopwordTable: ByteKeyTable = {
        var table = ByteKeyTable(expectedCount: stopwords.count)
        for word in stopwords { _ = table.insert(word) }
        return table
    }()

    static let stopwords: Set<String> = [
        "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for", "from", "with",
        "as", "into", "onto", "upon", "about", "than", "that", "this", "these", "those", "there", "here", "it",
        "its", "itself", "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "having",
        "do", "does", "did", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "not",
        "no", "so", "if", "then", "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "all",
        "any", "some", "such", "he", "she", "they", "them", "their", "theirs", "his", "her", "hers", "him", "we",
        "us", "our", "you", "your", "i", "me", "my", "one", "also", "very", "just", "only", "up", "out", "over",
        "off", "own", "same", "other", "each", "both", "too", "more", "most", "s", "t", "o", "yes", "oh", "ah",
        "via", "per", "onto", "while", "after", "before", "since", "until", "because", "though", "although",
        "between", "among", "against", "during", "without", "within", "under", "again", "further", "once",
    ]
}

extension String {
    /// A string from Unicode scalars, encoded straight into the string's storage (small strings need no
    /// allocation at all): `UnicodeScalarView`'s `append(contentsOf:)` costs thousands of instructions a
    /// call, and an intermediate byte array hundreds, which showed in the per-word paths.
    init(utf8Of scalars: some Collection<Unicode.Scalar>) {
        var capacity = 0
        for scalar in scalars { capacity += UTF8.width(scalar) }
        self.init(unsafeUninitializedCapacity: capacity) { buffer in
            var count = 0
            for scalar in scalars {
                UTF8.encode(scalar) { byte in
                    buffer[count] = byte
                    count += 1
                }
            }
            return count
        }
    }
}
