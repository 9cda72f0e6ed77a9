/// Consonant skeletons that let a foreign name written in Arabic meet its English spelling
/// (بوتين ⇄ Putin → `btn`, إسطنبول ⇄ Istanbul → `stnbl`): Arabic writes foreign names by sound, mostly
/// without short vowels, so both sides reduce to classes of consonants. Only skeletons of three or more
/// classes are used; shorter ones collide too often.
enum NameSkeleton {
    static let minimumLength = 3

    /// Keys for an Arabic word, with and without its proclitics: `forms` are the stretches of the folded
    /// `word` that `ArabicWordForms.candidateRanges` gives at its first two levels.
    static func arabicKeys(_ word: [Unicode.Scalar], forms: [Range<Int>]) -> [String] {
        var keys: [String] = []
        var buffer: [UInt8] = []
        forEachArabicKey(word, forms: forms[...], buffer: &buffer) { keys.append(String(decoding: $0, as: UTF8.self)) }
        return keys
    }

    /// `arabicKeys(_:forms:)` as UTF-8 handed to `body`, each key once, without a string per key; `buffer`
    /// is reused (it holds the keys given so far, each followed by a 0 byte).
    static func forEachArabicKey(
        _ word: [Unicode.Scalar], forms: ArraySlice<Range<Int>>, buffer: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Void
    ) {
        let classes = arabicClass
        buffer.removeAll(keepingCapacity: true)
        for form in forms {
            let start = buffer.count
            buffer.append(UInt8(ascii: "#"))
            buffer.append(UInt8(ascii: "t"))
            buffer.append(UInt8(ascii: ":"))
            for scalar in word[form] where (0x0600..<0x0700).contains(scalar.value) {
                let consonant = classes[Int(scalar.value - 0x0600)]
                if consonant != 0 { buffer.append(consonant) }
            }
            let end = buffer.count
            guard end - start - 3 >= minimumLength, !Self.given(buffer, before: start, equal: start..<end) else {
                buffer.removeSubrange(start...)
                continue
            }
            buffer.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<end])) }
            buffer.append(0)
        }
    }

    /// Whether one of the 0-terminated keys in `buffer[..<limit]` equals `buffer[key]`.
    private static func given(_ buffer: [UInt8], before limit: Int, equal key: Range<Int>) -> Bool {
        var start = 0
        for end in 0..<limit where buffer[end] == 0 {
            if end - start == key.count, buffer[start..<end].elementsEqual(buffer[key]) { return true }
            start = end + 1
        }
        return false
    }

    /// Keys for an English word (lower case). Letters outside ASCII have no class.
    static func englishKeys(lowercased word: String) -> [String] {
        var word = word
        var key: [UInt8] = []
        return word.withUTF8 { englishKey(utf8: $0, into: &key) } ? [String(decoding: key, as: UTF8.self)] : []
    }

    /// The one key of `englishKeys(lowercased:)` from the word's UTF-8, left in `skeleton` (a buffer to
    /// reuse); false when the word has none.
    static func englishKey(utf8 letters: UnsafeBufferPointer<UInt8>, into skeleton: inout [UInt8]) -> Bool {
        let classes = englishClass
        skeleton.removeAll(keepingCapacity: true)
        skeleton.append(UInt8(ascii: "#"))
        skeleton.append(UInt8(ascii: "t"))
        skeleton.append(UInt8(ascii: ":"))
        var index = 0
        while index < letters.count {
            let letter = letters[index]
            let next: UInt8 = index + 1 < letters.count ? letters[index + 1] : 0
            if next == UInt8(ascii: "h"), let digraph = englishDigraph(letter) {
                skeleton.append(digraph)
                index += 2
                continue
            }
            if letter == UInt8(ascii: "n"), next == UInt8(ascii: "g") {
                skeleton.append(UInt8(ascii: "n"))
                index += 2
                continue
            }
            if letter == UInt8(ascii: "c"), next == UInt8(ascii: "k") {
                index += 1
                continue
            }
            let consonant = letter < 0x80 ? classes[Int(letter)] : 0
            if consonant != 0, skeleton.last != consonant || index == 0 || letters[index - 1] != letter {
                skeleton.append(consonant)
            }
            index += 1
        }
        return skeleton.count - 3 >= minimumLength
    }

    /// The consonant class (an ASCII letter) of each scalar of the Arabic block U+0600–06FF, 0 for none:
    /// an array read instead of a dictionary lookup per letter.
    private static let arabicClass: [UInt8] = {
        let classes: [UInt32: Unicode.Scalar] = [
            0x0628: "b", 0x067E: "b", 0x062A: "t", 0x062B: "t", 0x0637: "t", 0x062C: "g", 0x0686: "g", 0x06AF: "g",
            0x063A: "g", 0x062D: "h", 0x0647: "h", 0x062E: "k", 0x0642: "k", 0x0643: "k", 0x062F: "d", 0x0630: "d",
            0x0636: "d", 0x0631: "r", 0x0632: "s", 0x0633: "s", 0x0634: "s", 0x0635: "s", 0x0638: "s", 0x0641: "f",
            0x06A4: "f", 0x0644: "l", 0x0645: "m", 0x0646: "n",
        ]
        var table = [UInt8](repeating: 0, count: 0x100)
        for (value, consonant) in classes { table[Int(value - 0x0600)] = UInt8(consonant.value) }
        return table
    }()

    /// The consonant class of each ASCII byte, 0 for none (vowels, y, w, punctuation).
    private static let englishClass: [UInt8] = {
        let classes: [Unicode.Scalar: Unicode.Scalar] = [
            "b": "b", "p": "b", "t": "t", "d": "d", "g": "g", "j": "g", "h": "h", "k": "k", "c": "k", "q": "k",
            "x": "k", "r": "r", "s": "s", "z": "s", "f": "f", "v": "f", "l": "l", "m": "m", "n": "n",
        ]
        var table = [UInt8](repeating: 0, count: 0x80)
        for (letter, consonant) in classes { table[Int(letter.value)] = UInt8(consonant.value) }
        return table
    }()

    /// The class of a consonant followed by `h` (th, dh, sh, kh, ch, ph, gh, zh).
    @inline(__always)
    private static func englishDigraph(_ letter: UInt8) -> UInt8? {
        switch letter {
        case UInt8(ascii: "t"), UInt8(ascii: "d"), UInt8(ascii: "s"), UInt8(ascii: "k"), UInt8(ascii: "g"): return letter
        case UInt8(ascii: "c"): return UInt8(ascii: "k")
        case UInt8(ascii: "p"): return UInt8(ascii: "f")
        case UInt8(ascii: "z"): return UInt8(ascii: "s")
        default: return nil
        }
    }
}
