import Foundation
import QantaraText

/// Dense integer ids, per document, for everything a target sentence can contain: English stems and name
/// skeletons (`#t:`), which come as ids of the process-wide `WordCaches.keys`, and the keys only a document
/// makes (`#n:` numbers, `#p:` punctuation, `#u:` URLs, `#a:` anchors). Ids are given in order of first use.
struct Vocabulary {
    /// The id of each word key id, -1 before its first use here.
    private var idOfWordKey: [Int32] = []
    private var otherKeys = ByteKeyTable(expectedCount: 1 << 8)
    private var idOfOtherKey: [Int32] = []
    private(set) var count = 0

    /// The id of word key `key` (an index of `WordCaches.keys`).
    mutating func id(wordKey key: Int32) -> Int32 {
        let index = Int(key)
        if index >= idOfWordKey.count {
            idOfWordKey.append(contentsOf: repeatElement(-1, count: max(index + 1, 2 * idOfWordKey.count, 1 << 10) - idOfWordKey.count))
        }
        if idOfWordKey[index] < 0 {
            idOfWordKey[index] = Int32(count)
            count += 1
        }
        return idOfWordKey[index]
    }

    /// The id of a key that no word analysis makes (numbers, punctuation, URLs, anchors).
    mutating func id(_ key: String) -> Int32 {
        var key = key
        return key.withUTF8 { id($0) }
    }

    mutating func id(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let index = Int(otherKeys.insert(key))
        if index == idOfOtherKey.count {
            idOfOtherKey.append(Int32(count))
            count += 1
        }
        return idOfOtherKey[index]
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

    var sourceCount: Int { sourceLengths.count }
    var targetCount: Int { targetLengths.count }

    func contentCount(source i: Int) -> Int { Int(sourceTokenStart[i + 1] - sourceTokenStart[i]) }
    func contentCount(target j: Int) -> Int { Int(targetTokenStart[j + 1] - targetTokenStart[j]) }
}

/// Word analyses worked out once and kept, keyed on the word's folded UTF-8 bytes: what an Arabic word can
/// match (the dictionary's stems and the name skeletons) and its learning stem; an English word's stem and
/// name skeletons. An aligner and its copies share them, hence the lock (a batch gives each of its workers
/// caches of its own).
final class WordCaches: @unchecked Sendable {
    private struct Tables {
        /// What words can match (English stems, name skeletons) and Arabic learning stems, as ids: a
        /// document turns them into its own ids with an array lookup, not a hash of the string.
        var keys = ByteKeyTable(expectedCount: 1 << 14)
        var stems = ByteKeyTable(expectedCount: 1 << 13)
        /// Arabic words: their keys, and their learning stem as the value.
        var arabic = Analyses()
        /// English words: their name skeletons, and their stem (-1 for a function word) as the value.
        var english = Analyses()
        /// Per dictionary source, the id in `keys` of each of its stems, -1 until first found.
        var stemKeys: [[Int32]]
    }

    /// Analysed words by their folded UTF-8: word `w` has ids `ids[idStart[w]..<idStart[w + 1]]` and the value
    /// `values[w]`. Flat arrays rather than an array per word: those cost an allocation per word, retains at
    /// every lookup, and a free each at the end of a batch.
    private struct Analyses {
        private var index = ByteKeyTable(expectedCount: 1 << 13)
        private var idStart: [Int32] = [0]
        private var ids: [Int32] = []
        private var values: [Int32] = []

        /// Appends `word`'s ids to `found` and returns its value; nil when the word has not been analysed.
        /// Mutating only so that it reads the arrays in place: as a plain method, each call retained them.
        mutating func lookUp(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, appendingTo found: inout [Int32]) -> Int32? {
            let known = Int(index.index(of: word, hash: hash))
            guard known >= 0 else { return nil }
            found.append(contentsOf: ids[Int(idStart[known])..<Int(idStart[known + 1])])
            return values[known]
        }

        /// Keeps an analysis unless another thread analysed the word meanwhile: the first one stays.
        mutating func keep(_ word: UnsafeBufferPointer<UInt8>, hash: UInt64, ids wordIDs: ArraySlice<Int32>, value: Int32) {
            guard index.insert(word, hash: hash) == Int32(values.count) else { return }
            ids.append(contentsOf: wordIDs)
            idStart.append(Int32(ids.count))
            values.append(value)
        }
    }

    private let dictionary: BilingualDictionary?

    /// Reached through a pointer, only under `lock`: as stored properties of a class, every access paid
    /// a dynamic exclusivity check.
    private let tables = UnsafeMutablePointer<Tables>.allocate(capacity: 1)
    private let lock = NSLock()

    /// - Parameter dictionary: where Arabic words are looked up.
    init(dictionary: BilingualDictionary?) {
        self.dictionary = dictionary
        tables.initialize(to: Tables(stemKeys: (dictionary?.stemCounts ?? []).map { [Int32](repeating: -1, count: $0) }))
    }

    deinit {
        tables.deinitialize(count: 1)
        tables.deallocate()
    }

    /// Buffers that the analysis of a new word reuses: one set per document, so threads share none.
    struct Scratch {
        fileprivate var scalars: [Unicode.Scalar] = []
        fileprivate var forms = CandidateForms()
        fileprivate var bytes: [UInt8] = []
        fileprivate var letters = EnglishWordForms.FoldedLetters()
        fileprivate var stems: [(source: Int, id: Int32)] = []
        fileprivate var keys = KeyList()
    }

    /// An Arabic word's analysis: appends what it can match (dictionary stems as the dictionary gave
    /// them, then name skeletons, as ids of `keys`) to `keys`; returns its learning stem (an id of `stems`).
    func arabic(_ word: UnsafeBufferPointer<UInt8>, appendingKeysTo keys: inout [Int32], scratch: inout Scratch) -> Int32 {
        let hash = FNV1a.hash(word)
        lock.lockSpinning()
        let known = tables.pointee.arabic.lookUp(word, hash: hash, appendingTo: &keys)
        lock.unlock()
        if let known { return known }
        scratch.scalars.removeAll(keepingCapacity: true)
        var index = 0
        while index < word.count {
            ArabicWordForms.folder.append(Unicode.Scalar(UTF8Scalar.decode(word, at: &index)).unsafelyUnwrapped, to: &scratch.scalars)
        }
        let folded = scratch.scalars
        ArabicWordForms.candidateForms(folded, into: &scratch.forms)
        scratch.keys.removeAll()
        scratch.stems.removeAll(keepingCapacity: true)
        dictionary?.forEachStem(folded, forms: scratch.forms, key: &scratch.bytes) { scratch.stems.append(($0, $1)) }
        NameSkeleton.forEachArabicKey(folded, forms: scratch.forms.ranges[..<scratch.forms.procliticEnd], buffer: &scratch.bytes) {
            scratch.keys.append($0)
        }
        scratch.bytes.removeAll(keepingCapacity: true)
        UTF8Scalar.append(folded[ArabicWordForms.learningStem(folded)], to: &scratch.bytes)
        lock.lockSpinning()
        defer { lock.unlock() }
        let first = keys.count
        // Dictionary stems first, as the dictionary gave them (once known, by table rather than by hash),
        // then the name skeletons.
        for (source, id) in scratch.stems {
            var key = tables.pointee.stemKeys[source][Int(id)]
            if key < 0 {
                key = dictionary.unsafelyUnwrapped.withStem(source: source, id: id) { tables.pointee.keys.insert($0) }
                tables.pointee.stemKeys[source][Int(id)] = key
            }
            keys.append(key)
        }
        scratch.keys.appendIDs(to: &keys, in: &tables.pointee.keys)
        let learningStem = scratch.bytes.withUnsafeBufferPointer { tables.pointee.stems.insert($0) }
        tables.pointee.arabic.keep(word, hash: hash, ids: keys[first...], value: learningStem)
        return learningStem
    }

    /// An English word's analysis: appends its name skeletons (ids of `keys`) to `skeletons`; returns its
    /// stem's id, -1 for a function word.
    func english(_ word: UnsafeBufferPointer<UInt8>, appendingSkeletonsTo skeletons: inout [Int32], scratch: inout Scratch) -> Int32 {
        let hash = FNV1a.hash(word)
        lock.lockSpinning()
        let known = tables.pointee.english.lookUp(word, hash: hash, appendingTo: &skeletons)
        lock.unlock()
        if let known { return known }
        scratch.keys.removeAll()
        if EnglishWordForms.stem(utf8: word, into: &scratch.letters) {
            scratch.letters.bytes.withUnsafeBufferPointer { scratch.keys.append($0) }
        }
        let stemCount = scratch.keys.count
        if NameSkeleton.englishKey(utf8: word, into: &scratch.bytes) { scratch.bytes.withUnsafeBufferPointer { scratch.keys.append($0) } }
        lock.lockSpinning()
        defer { lock.unlock() }
        let first = skeletons.count
        scratch.keys.appendIDs(to: &skeletons, in: &tables.pointee.keys)
        let stem = stemCount > 0 ? skeletons.remove(at: first) : -1
        tables.pointee.english.keep(word, hash: hash, ids: skeletons[first...], value: stem)
        return stem
    }

    /// Byte strings in one buffer, to be given ids together once the lock is held.
    fileprivate struct KeyList {
        var bytes: [UInt8] = []
        var ends: [Int] = []

        var count: Int { ends.count }

        mutating func removeAll() {
            bytes.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
        }

        mutating func append(_ key: UnsafeBufferPointer<UInt8>) {
            bytes.append(contentsOf: key)
            ends.append(bytes.count)
        }

        /// Appends each key's id in `table` (added if new) to `ids`.
        func appendIDs(to ids: inout [Int32], in table: inout ByteKeyTable) {
            bytes.withUnsafeBufferPointer { bytes in
                var start = 0
                for end in ends {
                    ids.append(table.insert(UnsafeBufferPointer(rebasing: bytes[start..<end])))
                    start = end
                }
            }
        }
    }
}

/// Turns sentences into `DocumentEvidence`: tokenizes, looks words up, keeps only tokens that can match
/// something in the other document (the rest is noise for this pair).
struct EvidenceBuilder {
    /// Word analyses with the aligner's dictionary.
    let wordCaches: WordCaches
    let anchorSources: [any AnchorSource]
    let sourceLanguage: String
    let targetLanguage: String
    private let tokenizer = Tokenizer(folding: .matching)

    init(wordCaches: WordCaches, anchorSources: [any AnchorSource], sourceLanguage: String, targetLanguage: String) {
        self.wordCaches = wordCaches
        self.anchorSources = anchorSources
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
    }

    /// Token analyses that do not depend on the learned lexicon, kept between passes.
    struct Analysis {
        var sourceTokens: SourceTokens
        var targetTokens: TargetTokens
        var sourceLengths: [Double]
        var targetLengths: [Double]
        var vocabulary: Vocabulary

        /// Appends source sentence `i`'s learning stems (Arabic stem ids) to `stems`, ascending, each once.
        func appendSourceStems(_ i: Int, to stems: inout [Int32]) {
            let first = stems.count
            for t in Int(sourceTokens.sentenceStart[i])..<Int(sourceTokens.sentenceStart[i + 1]) {
                let stem = sourceTokens.stems[Int(sourceTokens.entries[t])]
                if stem >= 0 { stems.append(stem) }
            }
            EvidenceBuilder.sortUnique(&stems, from: first)
        }

        /// Appends target sentence `j`'s ids to `ids`, ascending, each once.
        func appendTargetStems(_ j: Int, to ids: inout [Int32]) {
            let first = ids.count
            ids.append(contentsOf: targetTokens.sentence(j))
            EvidenceBuilder.sortUnique(&ids, from: first)
        }
    }

    /// Source tokens on flat arrays (an array per token made allocation a tenth of the analysis): sentence
    /// `i` holds tokens `sentenceStart[i]..<sentenceStart[i + 1]`; token `t` is entry `entries[t]`, a
    /// distinct word of the document or a shared id (number, punctuation, URL, anchor), so a token costs
    /// one index. Entry `e` may match `translations[translationStart[e]..<translationStart[e + 1]]` and
    /// learns under `stems[e]` (an Arabic stem id, -1 for shared ids and Latin words).
    struct SourceTokens {
        var sentenceStart: [Int32] = [0]
        var entries: [Int32] = []
        var translationStart: [Int32] = [0]
        var translations: [Int32] = []
        var stems: [Int32] = []

        /// Adds an entry; returns its index.
        mutating func addEntry(stem: Int32, translations ids: some Collection<Int32>) -> Int32 {
            translations.append(contentsOf: ids)
            translationStart.append(Int32(translations.count))
            stems.append(stem)
            return Int32(stems.count - 1)
        }

        mutating func endSentence() {
            sentenceStart.append(Int32(entries.count))
        }
    }

    /// Target ids on flat arrays: sentence `j` holds `ids[sentenceStart[j]..<sentenceStart[j + 1]]`.
    struct TargetTokens {
        var sentenceStart: [Int32] = [0]
        var ids: [Int32] = []

        func sentence(_ j: Int) -> ArraySlice<Int32> { ids[Int(sentenceStart[j])..<Int(sentenceStart[j + 1])] }
    }

    func analyze(source: [AlignmentSentence], target: [AlignmentSentence]) -> Analysis {
        var vocabulary = Vocabulary()
        var scratch = WordCaches.Scratch()
        // Per distinct word of this document: its entry in `sourceTokens`, -1 when it matches nothing; per
        // shared id, its entry.
        var sourceWordIndex = ByteKeyTable(expectedCount: 1 << 10)
        var wordEntries: [Int32] = []
        var sharedEntries: [Int32] = []
        var sourceTokens = SourceTokens()
        var sourceLengths: [Double] = []
        // A word's keys from the caches, made this document's ids in place.
        var wordKeys: [Int32] = []
        for sentence in source {
            let length = walk(sentence.text, language: sourceLanguage, vocabulary: &vocabulary) { token, vocabulary in
                let index = Int(sourceWordIndex.insert(token.folded))
                if index == wordEntries.count {
                    wordKeys.removeAll(keepingCapacity: true)
                    if Self.holdsArabicLetter(token.folded) {
                        let learningStem = wordCaches.arabic(token.folded, appendingKeysTo: &wordKeys, scratch: &scratch)
                        for k in wordKeys.indices { wordKeys[k] = vocabulary.id(wordKey: wordKeys[k]) }
                        wordEntries.append(sourceTokens.addEntry(stem: learningStem, translations: wordKeys))
                    } else if case let stem = wordCaches.english(token.folded, appendingSkeletonsTo: &wordKeys, scratch: &scratch),
                        stem >= 0
                    {
                        // Latin-script words inside Arabic text (names, acronyms) match themselves.
                        wordEntries.append(sourceTokens.addEntry(stem: -1, translations: CollectionOfOne(vocabulary.id(wordKey: stem))))
                    } else {
                        wordEntries.append(-1)
                    }
                }
                if wordEntries[index] >= 0 { sourceTokens.entries.append(wordEntries[index]) }
            } shared: { id in
                if Int(id) >= sharedEntries.count { sharedEntries.append(contentsOf: repeatElement(-1, count: Int(id) + 1 - sharedEntries.count)) }
                if sharedEntries[Int(id)] < 0 { sharedEntries[Int(id)] = sourceTokens.addEntry(stem: -1, translations: CollectionOfOne(id)) }
                sourceTokens.entries.append(sharedEntries[Int(id)])
            }
            sourceTokens.endSentence()
            sourceLengths.append(Double(length))
        }
        // Per distinct word of the target: its stem's id (-1 for none) and its skeletons' ids
        // `targetSkeletons[targetSkeletonStart[w]..<targetSkeletonStart[w + 1]]`.
        var targetWordIndex = ByteKeyTable(expectedCount: 1 << 10)
        var targetStems: [Int32] = []
        var targetSkeletonStart: [Int32] = [0]
        var targetSkeletons: [Int32] = []
        var targetTokens = TargetTokens()
        var targetLengths: [Double] = []
        for sentence in target {
            let length = walk(sentence.text, language: targetLanguage, vocabulary: &vocabulary) { token, vocabulary in
                let index = Int(targetWordIndex.insert(token.folded))
                if index == targetStems.count {
                    let first = targetSkeletons.count
                    let stem = wordCaches.english(token.folded, appendingSkeletonsTo: &targetSkeletons, scratch: &scratch)
                    targetStems.append(stem >= 0 ? vocabulary.id(wordKey: stem) : -1)
                    for k in first..<targetSkeletons.count { targetSkeletons[k] = vocabulary.id(wordKey: targetSkeletons[k]) }
                    targetSkeletonStart.append(Int32(targetSkeletons.count))
                }
                if targetStems[index] >= 0 { targetTokens.ids.append(targetStems[index]) }
                let skeletons = Int(targetSkeletonStart[index])..<Int(targetSkeletonStart[index + 1])
                if !skeletons.isEmpty, token.startsUpperCase {
                    targetTokens.ids.append(contentsOf: targetSkeletons[skeletons])
                }
            } shared: { id in
                targetTokens.ids.append(id)
            }
            targetTokens.sentenceStart.append(Int32(targetTokens.ids.count))
            targetLengths.append(Double(length))
        }
        return Analysis(
            sourceTokens: sourceTokens, targetTokens: targetTokens, sourceLengths: sourceLengths,
            targetLengths: targetLengths, vocabulary: vocabulary)
    }

    private static func holdsArabicLetter(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < bytes.count {
            if ArabicScalars.isLetter(UTF8Scalar.decode(bytes, at: &index)) { return true }
        }
        return false
    }

    /// The id of a number or of punctuation that both languages share; nil for other tokens.
    private static func sharedKey(_ token: Tokenizer.BorrowedToken, in vocabulary: inout Vocabulary) -> Int32? {
        switch token.kind {
        case .number: return vocabulary.id(numberKey(token.folded))
        case .punctuation: return punctuationKey(token.folded).map { vocabulary.id($0) }
        case .word: return nil
        }
    }

    /// Walks a sentence: words go to `word`; numbers and punctuation that both languages share, then what
    /// the sentence holds as a whole (URLs, when one of its tokens may start one, and anchors), go to
    /// `shared` as ids. Returns the sentence's length in scalars of words and numbers.
    private func walk(
        _ text: String, language: String, vocabulary: inout Vocabulary,
        word: (Tokenizer.BorrowedToken, inout Vocabulary) -> Void, shared: (Int32) -> Void
    ) -> Int {
        var length = 0
        var mayHoldAddress = false
        tokenizer.forEachToken(in: text) { token in
            mayHoldAddress = mayHoldAddress || Self.mayStartAddress(token)
            if token.kind != .punctuation { length += token.foldedLength }
            if token.kind == .word {
                word(token, &vocabulary)
            } else if let id = Self.sharedKey(token, in: &vocabulary) {
                shared(id)
            }
        }
        for url in mayHoldAddress ? Self.urls(in: text) : [] { shared(vocabulary.id(url)) }
        for source in anchorSources {
            for key in source.anchorKeys(in: text, language: language) { shared(vocabulary.id("#a:" + key)) }
        }
        return length
    }

    /// Packs an analysis into integer arrays, adding learned translations (Arabic stem id → target ids) and
    /// dropping every token that has no possible match in the other document.
    func evidence(
        _ analysis: Analysis, source: [AlignmentSentence], target: [AlignmentSentence], learned: LearnedLexicon
    ) -> DocumentEvidence {
        let size = analysis.vocabulary.count
        // Ids found in many target sentences (the topic of the document) say little about which sentence
        // is which: they are dropped like function words.
        var sentenceCount = [Int32](repeating: 0, count: size)
        var lastSentence = [Int32](repeating: -1, count: size)
        analysis.targetTokens.ids.withUnsafeBufferPointer { ids in
            for j in 0..<target.count {
                for k in Int(analysis.targetTokens.sentenceStart[j])..<Int(analysis.targetTokens.sentenceStart[j + 1])
                where lastSentence[Int(ids[k])] != Int32(j) {
                    lastSentence[Int(ids[k])] = Int32(j)
                    sentenceCount[Int(ids[k])] += 1
                }
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
        let stemLimit = learned.start.count - 1
        let learnedStart = learned.start
        let learnedIDs = learned.ids
        let tokens = analysis.sourceTokens
        evidence.translationStart.reserveCapacity(tokens.entries.count + 1)
        evidence.sourceTokenStart.reserveCapacity(source.count + 1)
        tokens.translations.withUnsafeBufferPointer { translations in
            tokens.translationStart.withUnsafeBufferPointer { translationStart in
                for i in 0..<source.count {
                    for t in Int(tokens.sentenceStart[i])..<Int(tokens.sentenceStart[i + 1]) {
                        let entry = Int(tokens.entries[t])
                        var kept = false
                        for k in Int(translationStart[entry])..<Int(translationStart[entry + 1]) where inTarget[Int(translations[k])] {
                            let id = translations[k]
                            evidence.translations.append(id)
                            reachable[Int(id)] = true
                            kept = true
                        }
                        let stem = Int(tokens.stems[entry])
                        if stem >= 0, stem < stemLimit {
                            for k in Int(learnedStart[stem])..<Int(learnedStart[stem + 1]) where inTarget[Int(learnedIDs[k])] {
                                let id = learnedIDs[k]
                                evidence.translations.append(id)
                                reachable[Int(id)] = true
                                kept = true
                            }
                        }
                        if kept { evidence.translationStart.append(Int32(evidence.translations.count)) }
                    }
                    evidence.sourceTokenStart.append(Int32(evidence.translationStart.count - 1))
                }
            }
        }
        let targetTokens = analysis.targetTokens
        evidence.targetIDs.reserveCapacity(targetTokens.ids.count)
        evidence.targetTokenStart.reserveCapacity(target.count + 1)
        targetTokens.ids.withUnsafeBufferPointer { ids in
            for j in 0..<target.count {
                for k in Int(targetTokens.sentenceStart[j])..<Int(targetTokens.sentenceStart[j + 1]) where reachable[Int(ids[k])] {
                    evidence.targetIDs.append(ids[k])
                }
                evidence.targetTokenStart.append(Int32(evidence.targetIDs.count))
            }
        }
        return evidence
    }

    /// Sorts `ids[first...]` and keeps each id once (sorting a few dozen ids beats hashing them).
    static func sortUnique(_ ids: inout [Int32], from first: Int) {
        ids[first...].sort()
        var kept = first
        for index in first..<ids.count where kept == first || ids[kept - 1] != ids[index] {
            ids[kept] = ids[index]
            kept += 1
        }
        ids.removeLast(ids.count - kept)
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
        var folded = folded
        return folded.withUTF8 { numberKey($0) }
    }

    /// A number token's folded bytes are ASCII digits and separators, or the Arabic comma.
    static func numberKey(_ folded: UnsafeBufferPointer<UInt8>) -> String {
        var digits: [UInt8] = []
        var index = 0
        while index < folded.count {
            if folded[index] == UInt8(ascii: ",") {
                index += 1
            } else if folded[index] == 0xD8, index + 1 < folded.count, folded[index + 1] == 0x8C {
                index += 2  // ، U+060C
            } else {
                digits.append(folded[index])
                index += 1
            }
        }
        while digits.count > 1, digits[0] == UInt8(ascii: "0"), digits[1] != UInt8(ascii: ".") { digits.removeFirst() }
        return "#n:" + String(decoding: digits, as: UTF8.self)
    }

    /// Punctuation that survives translation between Arabic and English: question and exclamation marks,
    /// quotes, parentheses, colons, percent signs. Commas and full stops are used too differently to count.
    static func punctuationKey(_ folded: String) -> String? {
        var folded = folded
        return folded.withUTF8 { punctuationKey($0) }
    }

    /// A punctuation token is one scalar: a switch on its value, not on strings.
    static func punctuationKey(_ folded: UnsafeBufferPointer<UInt8>) -> String? {
        guard !folded.isEmpty else { return nil }
        var index = 0
        let value = UTF8Scalar.decode(folded, at: &index)
        guard index == folded.count else { return nil }
        switch value {
        case 0x3F, 0x061F: return "#p:?"
        case 0x21: return "#p:!"
        case 0x22, 0x00AB, 0x00BB, 0x201C, 0x201D, 0x201E: return "#p:\""
        case 0x28, 0x29, 0x5B, 0x5D: return "#p:("
        case 0x3A: return "#p::"
        case 0x25, 0x066A: return "#p:%"
        default: return nil
        }
    }

    /// Whether a token can begin what `urls(in:)` finds (`http`, `https`, `www`, `@`): a sentence with none
    /// of them costs no string splitting.
    @inline(__always)
    private static func mayStartAddress(_ token: Tokenizer.BorrowedToken) -> Bool {
        switch token.kind {
        case .word:
            guard token.folded.count <= 5, let first = token.folded.first, first == UInt8(ascii: "h") || first == UInt8(ascii: "w")
            else { return false }
            return token.folded.elementsEqual("http".utf8) || token.folded.elementsEqual("https".utf8)
                || token.folded.elementsEqual("www".utf8)
        case .punctuation: return token.folded.count == 1 && token.folded[0] == UInt8(ascii: "@")
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
