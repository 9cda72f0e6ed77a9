import Foundation
import QantaraText

/// Dense integer ids for everything a target sentence can contain: English stems and anchor keys
/// (`#n:` numbers, `#p:` punctuation, `#u:` URLs, `#t:` name skeletons, `#a:` anchors).
struct Vocabulary {
    private var ids = ByteKeyTable(expectedCount: 1 << 12)

    var count: Int { ids.count }

    mutating func id(_ key: String) -> Int32 {
        var key = key
        return key.withUTF8 { ids.insert($0) }
    }
}

/// The evidence of one document pair, on integer arrays: per source token the target ids it may match,
/// per target token its id, and per sentence lengths and paragraphs. Built once per pass.
struct DocumentEvidence {
    var sourceLengths: [Double] = []
    var targetLengths: [Double] = []
    var sourceParagraphs: [Int] = []
    /// Whether each sentence ends with sentence-final punctuation (before closing quotes and brackets).
    var sourceTerminated: [Bool] = []
    var targetTerminated: [Bool] = []
    var targetParagraphs: [Int] = []
    /// Per sentence its line of running text, -1 when unknown (presegmented input).
    var sourceLines: [Int] = []
    var targetLines: [Int] = []
    /// Source sentence `i` owns tokens `sourceTokenStart[i]..<sourceTokenStart[i+1]`; token `t` may match
    /// ids `translations[translationStart[t]..<translationStart[t+1]]`.
    var sourceTokenStart: [Int32] = [0]
    var translationStart: [Int32] = [0]
    var translations: [Int32] = []
    /// Target sentence `j` owns ids `targetIDs[targetTokenStart[j]..<targetTokenStart[j+1]]`.
    var targetTokenStart: [Int32] = [0]
    var targetIDs: [Int32] = []
    var vocabularySize = 0
    /// Learning keys (Arabic stems, English stems) per sentence, deduplicated, for the lexicon learner.
    var sourceStems: [[Int32]] = []
    var targetStems: [[Int32]] = []

    var sourceCount: Int { sourceLengths.count }
    var targetCount: Int { targetLengths.count }

    func contentCount(source i: Int) -> Int { Int(sourceTokenStart[i + 1] - sourceTokenStart[i]) }
    func contentCount(target j: Int) -> Int { Int(targetTokenStart[j + 1] - targetTokenStart[j]) }
}

/// What an Arabic word (as the tokenizer folded it) can match, worked out once per process: the
/// dictionary's stems and the name skeletons (`keys`), and the stem used for lexicon learning.
/// Shared by the documents of a batch, hence the lock.
final class ArabicWordCache: @unchecked Sendable {
    struct Analysis {
        var keys: [String]
        var learningStem: String
    }

    private var analyses: [WordKey: Analysis] = [:]
    private let lock = NSLock()

    func analysis(of word: WordKey, dictionary: BilingualDictionary?) -> Analysis {
        if let known = lock.withLock({ analyses[word] }) { return known }
        let folded = ArabicWordForms.fold(word.text)
        let candidates = ArabicWordForms.candidates(folded: folded)
        let analysis = Analysis(
            keys: (dictionary?.lookup(candidates: candidates) ?? []) + NameSkeleton.arabicKeys(candidates: candidates),
            learningStem: ArabicWordForms.learningStem(folded: folded))
        lock.withLock { analyses[word] = analysis }
        return analysis
    }
}

/// Turns sentences into `DocumentEvidence`: tokenizes, looks words up, keeps only tokens that can match
/// something in the other document (the rest is noise for this pair).
struct EvidenceBuilder {
    let dictionary: BilingualDictionary?
    let wordCache: ArabicWordCache
    let anchorSources: [any AnchorSource]
    let sourceLanguage: String
    let targetLanguage: String
    private let tokenizer = Tokenizer(folding: .matching)

    init(
        dictionary: BilingualDictionary?, wordCache: ArabicWordCache, anchorSources: [any AnchorSource], sourceLanguage: String,
        targetLanguage: String
    ) {
        self.dictionary = dictionary
        self.wordCache = wordCache
        self.anchorSources = anchorSources
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
    }

    /// Token analyses that do not depend on the learned lexicon, kept between passes.
    struct Analysis {
        var sourceTokens: [[SourceToken]]
        var targetTokens: [[Int32]]
        var sourceLengths: [Double]
        var targetLengths: [Double]
        var vocabulary: Vocabulary
    }

    struct SourceToken {
        var translations: [Int32]
        /// The Arabic stem id for lexicon learning, -1 for numbers, punctuation and anchors.
        var stem: Int32
    }

    func analyze(source: [AlignmentSentence], target: [AlignmentSentence]) -> Analysis {
        var vocabulary = Vocabulary()
        var arabicStems = Vocabulary()
        // Per distinct word of this document: its analysis (nil: a word that matches nothing).
        var sourceWordIndex = Vocabulary()
        var sourceWords: [SourceToken?] = []
        var sourceTokens: [[SourceToken]] = []
        var sourceLengths: [Double] = []
        for sentence in source {
            var tokens: [SourceToken] = []
            var length = 0
            var mayHoldAddress = false
            for token in tokenizer.tokens(in: sentence.text) {
                mayHoldAddress = mayHoldAddress || Self.mayStartAddress(token)
                switch token.kind {
                case .number:
                    length += token.foldedLength
                    tokens.append(SourceToken(translations: [vocabulary.id(Self.numberKey(token.folded))], stem: -1))
                case .punctuation:
                    if let key = Self.punctuationKey(token.folded) {
                        tokens.append(SourceToken(translations: [vocabulary.id(key)], stem: -1))
                    }
                case .word:
                    length += token.foldedLength
                    let index = Int(sourceWordIndex.id(token.folded))
                    if index < sourceWords.count {
                        if let known = sourceWords[index] { tokens.append(known) }
                        continue
                    }
                    var analyzed: SourceToken?
                    if token.folded.unicodeScalars.contains(where: { ArabicScalars.isLetter($0.value) }) {
                        let word = wordCache.analysis(of: WordKey(token.folded), dictionary: dictionary)
                        let found = word.keys.map { vocabulary.id($0) }
                        analyzed = SourceToken(translations: found, stem: arabicStems.id(word.learningStem))
                    } else if let stem = EnglishWordForms.stem(token.folded) {
                        // Latin-script words inside Arabic text (names, acronyms) match themselves.
                        analyzed = SourceToken(translations: [vocabulary.id(stem)], stem: -1)
                    }
                    sourceWords.append(analyzed)
                    if let analyzed { tokens.append(analyzed) }
                }
            }
            for url in mayHoldAddress ? Self.urls(in: sentence.text) : [] {
                tokens.append(SourceToken(translations: [vocabulary.id(url)], stem: -1))
            }
            for source in anchorSources {
                for key in source.anchorKeys(in: sentence.text, language: sourceLanguage) {
                    tokens.append(SourceToken(translations: [vocabulary.id("#a:" + key)], stem: -1))
                }
            }
            sourceTokens.append(tokens)
            sourceLengths.append(Double(length))
        }
        struct TargetWord {
            var stem: Int32?
            var skeletons: [Int32]
        }
        var targetWordIndex = Vocabulary()
        var targetWords: [TargetWord] = []
        var targetTokens: [[Int32]] = []
        var targetLengths: [Double] = []
        for sentence in target {
            var ids: [Int32] = []
            var length = 0
            var mayHoldAddress = false
            for token in tokenizer.tokens(in: sentence.text) {
                mayHoldAddress = mayHoldAddress || Self.mayStartAddress(token)
                switch token.kind {
                case .number:
                    length += token.foldedLength
                    ids.append(vocabulary.id(Self.numberKey(token.folded)))
                case .punctuation:
                    if let key = Self.punctuationKey(token.folded) { ids.append(vocabulary.id(key)) }
                case .word:
                    length += token.foldedLength
                    let index = Int(targetWordIndex.id(token.folded))
                    if index == targetWords.count {
                        targetWords.append(TargetWord(
                            stem: EnglishWordForms.stem(token.folded).map { vocabulary.id($0) },
                            skeletons: NameSkeleton.englishKeys(lowercased: token.folded).map { vocabulary.id($0) }))
                    }
                    let word = targetWords[index]
                    if let stem = word.stem { ids.append(stem) }
                    if !word.skeletons.isEmpty, token.startsUpperCase {
                        ids.append(contentsOf: word.skeletons)
                    }
                }
            }
            for url in mayHoldAddress ? Self.urls(in: sentence.text) : [] { ids.append(vocabulary.id(url)) }
            for source in anchorSources {
                for key in source.anchorKeys(in: sentence.text, language: targetLanguage) { ids.append(vocabulary.id("#a:" + key)) }
            }
            targetTokens.append(ids)
            targetLengths.append(Double(length))
        }
        return Analysis(
            sourceTokens: sourceTokens, targetTokens: targetTokens, sourceLengths: sourceLengths,
            targetLengths: targetLengths, vocabulary: vocabulary)
    }

    /// Packs an analysis into integer arrays, adding learned translations (Arabic stem id → target ids) and
    /// dropping every token that has no possible match in the other document.
    func evidence(
        _ analysis: Analysis, source: [AlignmentSentence], target: [AlignmentSentence], learned: [Int32: [Int32]]
    ) -> DocumentEvidence {
        let size = analysis.vocabulary.count
        // Ids found in many target sentences (the topic of the document) say little about which sentence
        // is which: they are dropped like function words.
        var sentenceCount = [Int32](repeating: 0, count: size)
        var lastSentence = [Int32](repeating: -1, count: size)
        for (j, ids) in analysis.targetTokens.enumerated() {
            for id in ids where lastSentence[Int(id)] != Int32(j) {
                lastSentence[Int(id)] = Int32(j)
                sentenceCount[Int(id)] += 1
            }
        }
        let frequent = Int32(max(Self.minimumFrequentCount, Int(Self.frequentShare * Double(target.count))))
        let inTarget = sentenceCount.map { $0 > 0 && $0 <= frequent }
        var reachable = [Bool](repeating: false, count: size)
        var evidence = DocumentEvidence()
        evidence.vocabularySize = size
        evidence.sourceLengths = analysis.sourceLengths
        evidence.targetLengths = analysis.targetLengths
        evidence.sourceParagraphs = source.map(\.paragraph)
        evidence.targetParagraphs = target.map(\.paragraph)
        evidence.sourceLines = source.map { $0.line ?? -1 }
        evidence.targetLines = target.map { $0.line ?? -1 }
        evidence.sourceTerminated = source.map { Self.endsSentence($0.text) }
        evidence.targetTerminated = target.map { Self.endsSentence($0.text) }
        var stems: [Int32] = []
        for tokens in analysis.sourceTokens {
            stems.removeAll(keepingCapacity: true)
            for token in tokens {
                if token.stem >= 0 { stems.append(token.stem) }
                var kept = false
                for id in token.translations where inTarget[Int(id)] {
                    evidence.translations.append(id)
                    reachable[Int(id)] = true
                    kept = true
                }
                if token.stem >= 0, let extra = learned[token.stem] {
                    for id in extra where inTarget[Int(id)] {
                        evidence.translations.append(id)
                        reachable[Int(id)] = true
                        kept = true
                    }
                }
                if kept { evidence.translationStart.append(Int32(evidence.translations.count)) }
            }
            evidence.sourceTokenStart.append(Int32(evidence.translationStart.count - 1))
            evidence.sourceStems.append(Self.sortedUnique(stems))
        }
        for ids in analysis.targetTokens {
            for id in ids where reachable[Int(id)] { evidence.targetIDs.append(id) }
            evidence.targetTokenStart.append(Int32(evidence.targetIDs.count))
            evidence.targetStems.append(Self.sortedUnique(ids))
        }
        return evidence
    }

    /// A sentence's ids in ascending order, each once (sorting a few dozen ids beats hashing them).
    private static func sortedUnique(_ ids: [Int32]) -> [Int32] {
        var sorted = ids.sorted()
        var kept = 0
        for index in sorted.indices where kept == 0 || sorted[kept - 1] != sorted[index] {
            sorted[kept] = sorted[index]
            kept += 1
        }
        sorted.removeLast(sorted.count - kept)
        return sorted
    }

    static let frequentShare = 0.25
    static let minimumFrequentCount = 4

    /// Whether `text` ends like a sentence: `.` `!` `?` `؟` `…` `:` before any closing quotes or brackets.
    static func endsSentence(_ text: String) -> Bool {
        for scalar in text.unicodeScalars.reversed() {
            switch scalar {
            case " ", "\"", "'", ")", "]", "\u{00BB}", "\u{201D}", "\u{2019}": continue
            case ".", "!", "?", "\u{061F}", "\u{2026}", ":", "\u{06D4}": return true
            default: return false
            }
        }
        return false
    }

    /// Numbers compare by value as written: thousands separators dropped, leading zeros ignored.
    static func numberKey(_ folded: String) -> String {
        var digits = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars where scalar != "," && scalar != "\u{060C}" { digits.append(scalar) }
        var text = String(digits)
        while text.count > 1, text.hasPrefix("0"), !text.hasPrefix("0.") { text.removeFirst() }
        return "#n:" + text
    }

    /// Punctuation that survives translation between Arabic and English: question and exclamation marks,
    /// quotes, parentheses, colons, percent signs. Commas and full stops are used too differently to count.
    static func punctuationKey(_ folded: String) -> String? {
        // A punctuation token is one scalar: a switch on its value, not on strings.
        let scalars = folded.unicodeScalars
        guard let scalar = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex else { return nil }
        switch scalar {
        case "?", "\u{061F}": return "#p:?"
        case "!": return "#p:!"
        case "\"", "\u{00AB}", "\u{00BB}", "\u{201C}", "\u{201D}", "\u{201E}": return "#p:\""
        case "(", ")", "[", "]": return "#p:("
        case ":": return "#p::"
        case "%", "\u{066A}": return "#p:%"
        default: return nil
        }
    }

    /// Whether a token can begin what `urls(in:)` finds (`http`, `https`, `www`, `@`): a sentence with none
    /// of them costs no string splitting.
    @inline(__always)
    private static func mayStartAddress(_ token: Token) -> Bool {
        switch token.kind {
        case .word:
            guard token.foldedLength <= 5, let first = token.folded.utf8.first, first == UInt8(ascii: "h") || first == UInt8(ascii: "w")
            else { return false }
            return token.folded == "http" || token.folded == "https" || token.folded == "www"
        case .punctuation: return token.folded == "@"
        case .number: return false
        }
    }

    /// URLs and e-mail-like addresses, lower-cased, as whole keys (the tokenizer splits them into words).
    static func urls(in text: String) -> [String] {
        var found: [String] = []
        for word in text.split(whereSeparator: { $0.isWhitespace }) {
            let lower = word.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("www.")
                || (lower.contains("@") && lower.contains("."))
            else { continue }
            let trimmed = lower.trimmingCharacters(in: CharacterSet.punctuationCharacters.subtracting(CharacterSet(charactersIn: "/")))
            found.append("#u:" + trimmed.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: ""))
        }
        return found
    }
}
