import Foundation
import QantaraText

/// Dense integer ids for everything a target sentence can contain: English stems and anchor keys
/// (`#n:` numbers, `#p:` punctuation, `#u:` URLs, `#t:` name skeletons, `#a:` anchors).
struct Vocabulary {
    private var ids: [String: Int32] = [:]
    private(set) var count = 0

    mutating func id(_ key: String) -> Int32 {
        if let id = ids[key] { return id }
        let id = Int32(count)
        ids[key] = id
        count += 1
        return id
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
        var learningStem: WordKey
    }

    private var analyses: [WordKey: Analysis] = [:]
    private let lock = NSLock()

    func analysis(of word: WordKey, dictionary: BilingualDictionary?) -> Analysis {
        if let known = lock.withLock({ analyses[word] }) { return known }
        let folded = ArabicWordForms.fold(word.text)
        let candidates = ArabicWordForms.candidates(folded: folded)
        let analysis = Analysis(
            keys: (dictionary?.lookup(candidates: candidates) ?? []) + NameSkeleton.arabicKeys(candidates: candidates),
            learningStem: WordKey(ArabicWordForms.learningStem(folded: folded)))
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
        var arabicStems: [WordKey: Int32]
    }

    struct SourceToken {
        var translations: [Int32]
        /// The Arabic stem id for lexicon learning, -1 for numbers, punctuation and anchors.
        var stem: Int32
    }

    func analyze(source: [AlignmentSentence], target: [AlignmentSentence]) -> Analysis {
        var vocabulary = Vocabulary()
        var arabicStems: [WordKey: Int32] = [:]
        var sourceWords: [WordKey: SourceToken?] = [:]
        var sourceTokens: [[SourceToken]] = []
        var sourceLengths: [Double] = []
        for sentence in source {
            var tokens: [SourceToken] = []
            var length = 0
            for token in tokenizer.tokens(in: sentence.text) {
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
                    let wordKey = WordKey(token.folded)
                    if let known = sourceWords[wordKey] {
                        if let known { tokens.append(known) }
                        continue
                    }
                    var analyzed: SourceToken?
                    if token.folded.unicodeScalars.contains(where: { ArabicScalars.isLetter($0.value) }) {
                        let word = wordCache.analysis(of: wordKey, dictionary: dictionary)
                        let found = word.keys.map { vocabulary.id($0) }
                        let stemKey = word.learningStem
                        let stem: Int32
                        if let known = arabicStems[stemKey] { stem = known } else {
                            stem = Int32(arabicStems.count)
                            arabicStems[stemKey] = stem
                        }
                        analyzed = SourceToken(translations: found, stem: stem)
                    } else if let stem = EnglishWordForms.stem(token.folded) {
                        // Latin-script words inside Arabic text (names, acronyms) match themselves.
                        analyzed = SourceToken(translations: [vocabulary.id(stem)], stem: -1)
                    }
                    sourceWords[wordKey] = .some(analyzed)
                    if let analyzed { tokens.append(analyzed) }
                }
            }
            for url in Self.urls(in: sentence.text) {
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
        var targetWords: [String: TargetWord] = [:]
        var targetTokens: [[Int32]] = []
        var targetLengths: [Double] = []
        for sentence in target {
            var ids: [Int32] = []
            var length = 0
            for token in tokenizer.tokens(in: sentence.text) {
                switch token.kind {
                case .number:
                    length += token.foldedLength
                    ids.append(vocabulary.id(Self.numberKey(token.folded)))
                case .punctuation:
                    if let key = Self.punctuationKey(token.folded) { ids.append(vocabulary.id(key)) }
                case .word:
                    length += token.foldedLength
                    let word: TargetWord
                    if let known = targetWords[token.folded] {
                        word = known
                    } else {
                        word = TargetWord(
                            stem: EnglishWordForms.stem(token.folded).map { vocabulary.id($0) },
                            skeletons: NameSkeleton.englishKeys(lowercased: token.folded).map { vocabulary.id($0) })
                        targetWords[token.folded] = word
                    }
                    if let stem = word.stem { ids.append(stem) }
                    if !word.skeletons.isEmpty, token.startsUpperCase {
                        ids.append(contentsOf: word.skeletons)
                    }
                }
            }
            for url in Self.urls(in: sentence.text) { ids.append(vocabulary.id(url)) }
            for source in anchorSources {
                for key in source.anchorKeys(in: sentence.text, language: targetLanguage) { ids.append(vocabulary.id("#a:" + key)) }
            }
            targetTokens.append(ids)
            targetLengths.append(Double(length))
        }
        return Analysis(
            sourceTokens: sourceTokens, targetTokens: targetTokens, sourceLengths: sourceLengths,
            targetLengths: targetLengths, vocabulary: vocabulary, arabicStems: arabicStems)
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
        for tokens in analysis.sourceTokens {
            var stems: Set<Int32> = []
            for token in tokens {
                if token.stem >= 0 { stems.insert(token.stem) }
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
            evidence.sourceStems.append(stems.sorted())
        }
        for ids in analysis.targetTokens {
            for id in ids where reachable[Int(id)] { evidence.targetIDs.append(id) }
            evidence.targetTokenStart.append(Int32(evidence.targetIDs.count))
            evidence.targetStems.append(Set(ids).sorted())
        }
        return evidence
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

    /// A quick byte scan for `@`, `http` or `www.`, so the common sentence costs no string splitting.
    private static func mayHoldAddress(_ text: String) -> Bool {
        // The last three bytes (lower-cased), oldest in the high byte.
        let htt: UInt32 = 0x68_74_74
        let www: UInt32 = 0x77_77_77
        var previous: UInt32 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "@") { return true }
            let lower = byte | 0x20
            if (lower == UInt8(ascii: "p") && previous == htt) || (byte == UInt8(ascii: ".") && previous == www) { return true }
            previous = (previous << 8 | UInt32(lower)) & 0xFF_FFFF
        }
        return false
    }

    /// URLs and e-mail-like addresses, lower-cased, as whole keys (the tokenizer splits them into words).
    static func urls(in text: String) -> [String] {
        var found: [String] = []
        guard mayHoldAddress(text) else { return found }
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
