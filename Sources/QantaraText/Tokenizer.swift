/// A word, number or punctuation mark found by `Tokenizer`.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case word
        case number
        case punctuation
    }

    public let kind: Kind
    /// Where the token stands in the original text, in Unicode scalars.
    public let range: Range<Int>
    /// The token folded with the tokenizer's options (digits ASCII, case folded, …).
    public let folded: String
    /// The number of Unicode scalars in `folded`, counted while folding.
    public let foldedLength: Int
    /// Whether the token's first scalar in the original text is an upper-case letter (a name, in English).
    public let startsUpperCase: Bool
}

/// Splits text into words, numbers and punctuation marks, scanning Unicode scalars once.
///
/// Numbers keep their inner separators (`3.5`, `10,000`, `١٢٫٥` → `12.5`) and are never part of a word
/// (`و10` is `و` and `10`: Arabic proclitics attach to numbers too); words keep inner apostrophes
/// (`Russia's`) and Arabic diacritics and tatweel (removed by the fold if the options say so).
public struct Tokenizer: Sendable {
    public let folder: TextFolder
    /// The fold of each ASCII byte when it is one ASCII byte (letters in lower case, most often), 0xFF
    /// otherwise: most bytes of a text fold without a table walk.
    private let asciiFolds: [UInt8]

    public init(folding: FoldingOptions = .matching) {
        self.folder = TextFolder(options: folding)
        var asciiFolds = [UInt8](repeating: 0xFF, count: 0x80)
        var folded: [UInt8] = []
        for byte in 0..<UInt8(0x80) {
            folded.removeAll(keepingCapacity: true)
            if folder.appendUTF8(Unicode.Scalar(byte), to: &folded) == 1, folded[0] < 0x80 { asciiFolds[Int(byte)] = folded[0] }
        }
        self.asciiFolds = asciiFolds
    }

    public func tokens(in text: String) -> [Token] {
        var tokens: [Token] = []
        forEachToken(in: text) { token in
            tokens.append(Token(
                kind: token.kind, range: token.range, folded: String(decoding: token.folded, as: UTF8.self),
                foldedLength: token.foldedLength, startsUpperCase: token.startsUpperCase))
        }
        return tokens
    }

    /// A token as `forEachToken` lends it: its folded text as UTF-8 bytes, valid during the call.
    public struct BorrowedToken {
        public let kind: Token.Kind
        public let range: Range<Int>
        public let folded: UnsafeBufferPointer<UInt8>
        public let foldedLength: Int
        public let startsUpperCase: Bool
    }

    /// Calls `body` with each token, left to right, without making a string per token: for loops that
    /// only look tokens up (the aligner's), a string each cost more than finding the tokens.
    ///
    /// Reads the text's UTF-8 in place, counting scalars for the ranges, and folds each token into one
    /// reused buffer: an array of the text's scalars and a fold through closures cost more than the rest.
    public func forEachToken(in text: String, _ body: (BorrowedToken) -> Void) {
        var text = text
        text.withUTF8 { utf8 in
            var folded = PlainBuffer<UInt8>(capacity: 64)
            asciiFolds.withUnsafeBufferPointer { asciiFolds in
                Self.asciiClasses.withUnsafeBufferPointer { asciiClasses in
                    var position = 0
                    var scalarIndex = 0
                    while position < utf8.count {
                        let start = position
                        let startScalar = scalarIndex
                        let value = UTF8Scalar.decode(utf8, at: &position)
                        scalarIndex += 1
                        let kind: Token.Kind
                        /// Moves past scalars of `scalarClass`, and past a `joiner` when a scalar that `continues` follows it.
                        @inline(__always)
                        func extend(_ scalarClass: UInt8, joiner: (UInt32) -> Bool, continues: (UInt32) -> Bool) {
                            while position < utf8.count {
                                var next = position
                                let value = UTF8Scalar.decode(utf8, at: &next)
                                if Self.scalarClass(value, ascii: asciiClasses) == scalarClass {
                                    position = next
                                    scalarIndex += 1
                                } else if joiner(value), next < utf8.count, continues(UTF8Scalar.decode(utf8, at: &next)) {
                                    position = next
                                    scalarIndex += 2
                                } else {
                                    break
                                }
                            }
                        }
                        switch Self.scalarClass(value, ascii: asciiClasses) {
                        case Self.digit:
                            kind = .number
                            extend(Self.digit, joiner: CharacterClass.isNumberSeparator, continues: CharacterClass.isDigit)
                        case Self.word:
                            kind = .word
                            extend(Self.word, joiner: { $0 == 0x27 || $0 == 0x2019 }, continues: CharacterClass.isLatinLetter)
                        case Self.blank:
                            continue
                        default:
                            kind = .punctuation
                        }
                        folded.removeAll()
                        var length = 0
                        var index = start
                        while index < position {
                            let byte = utf8[index]
                            if byte < 0x80, asciiFolds[Int(byte)] != 0xFF {
                                folded.append(asciiFolds[Int(byte)])
                                length += 1
                                index += 1
                            } else {
                                let scalar = Unicode.Scalar(UTF8Scalar.decode(utf8, at: &index)).unsafelyUnwrapped
                                length += folder.appendUTF8(scalar, to: &folded)
                            }
                        }
                        body(BorrowedToken(
                            kind: kind, range: startScalar..<scalarIndex, folded: folded.buffer, foldedLength: length,
                            startsUpperCase: Self.isUpperCase(Unicode.Scalar(value).unsafelyUnwrapped)))
                    }
                }
            }
        }
    }

    // What a scalar is to the tokenizer (the tests are disjoint: no digit is a word scalar).
    private static let digit: UInt8 = 0
    private static let word: UInt8 = 1
    private static let blank: UInt8 = 2
    private static let other: UInt8 = 3

    /// The class of each ASCII scalar, worked out once by the tests below.
    private static let asciiClasses: [UInt8] = (0..<UInt32(0x80)).map { classify($0) }

    private static func classify(_ value: UInt32) -> UInt8 {
        if CharacterClass.isDigit(value) { return digit }
        if CharacterClass.isWordScalar(value) { return word }
        if UnicodeSpaces.isSpace(value) || UnicodeSpaces.isLineBreak(value) || UnicodeSpaces.isFormatControl(value) { return blank }
        return other
    }

    /// `classify` with ASCII read from its table and the letters of the Arabic alphabet taken first:
    /// the tests for every script cost most of tokenizing.
    @inline(__always)
    private static func scalarClass(_ value: UInt32, ascii: UnsafeBufferPointer<UInt8>) -> UInt8 {
        if value < 0x80 { return ascii[Int(value)] }
        if (0x0621...0x064A).contains(value) { return word }
        return classify(value)
    }

    @inline(__always)
    private static func isUpperCase(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 { return (0x41...0x5A).contains(value) }
        // Hebrew to Arabic Extended-A have no case: no property lookup for every Arabic word.
        if (0x0590...0x08FF).contains(value) { return false }
        return scalar.properties.isUppercase
    }
}

/// Scalar classes shared by the tokenizer and the segmenter.
public enum CharacterClass {
    /// ASCII, Arabic-Indic or Extended Arabic-Indic digit.
    @inline(__always)
    public static func isDigit(_ value: UInt32) -> Bool {
        (0x30...0x39).contains(value) || ArabicScalars.isDigit(value)
    }

    /// `.` `,` and the Arabic decimal and thousands separators: separators when digits stand on both sides.
    @inline(__always)
    public static func isNumberSeparator(_ value: UInt32) -> Bool {
        value == 0x2E || value == 0x2C || value == 0x066B || value == 0x066C || value == 0x060C
    }

    @inline(__always)
    public static func isLatinLetter(_ value: UInt32) -> Bool {
        (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            || ((0xC0...0x24F).contains(value) && value != 0xD7 && value != 0xF7) || (0x1E00...0x1EFF).contains(value)
    }

    /// A scalar that can be part of a word: a letter of any script, a combining mark, tatweel.
    @inline(__always)
    public static func isWordScalar(_ value: UInt32) -> Bool {
        if value < 0x80 { return isLatinLetter(value) }
        if ArabicScalars.isLetter(value) || ArabicScalars.isDiacritic(value) || value == 0x0640 { return true }
        if isLatinLetter(value) || (0x0300...0x036F).contains(value) { return true }
        guard let scalar = Unicode.Scalar(value) else { return false }
        return scalar.properties.isAlphabetic
    }
}

/// The writing system a text is mostly in.
public enum Script: String, Sendable, Hashable {
    case arabic
    case latin
    case other
    /// No letters at all (numbers, punctuation, empty text).
    case none

    /// The script most letters of `text` belong to.
    public static func dominant(in text: String) -> Script {
        var arabic = 0
        var latin = 0
        var other = 0
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                // ASCII needs no decoding: a letter or not, by one comparison.
                if lead < 0x80 {
                    if (lead | 0x20) &- UInt8(ascii: "a") < 26 { latin += 1 }
                    index += 1
                    continue
                }
                let value = UTF8Scalar.decode(bytes, at: &index)
                if ArabicScalars.isLetter(value) {
                    arabic += 1
                } else if CharacterClass.isLatinLetter(value) {
                    latin += 1
                } else if value >= 0x80, !(0x2000...0x206F).contains(value), !ArabicScalars.isDiacritic(value),
                    Unicode.Scalar(value)?.properties.isAlphabetic == true
                {
                    // General punctuation (dashes, quotes, spaces) is skipped before the property lookup.
                    other += 1
                }
            }
        }
        let most = max(arabic, latin, other)
        if most == 0 { return .none }
        if most == arabic { return .arabic }
        if most == latin { return .latin }
        return .other
    }

    /// The script a language's text is expected to be in, from the primary subtag (`ar-SA` → `.arabic`).
    public static func expected(forLanguage language: String) -> Script? {
        let primary = language.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
        switch primary {
        case "ar", "fa", "ur", "ps", "ckb", "ug", "sd": return .arabic
        case "en", "fr", "de", "es", "it", "pt", "nl", "tr", "id", "ms", "sv", "da", "no", "nb", "fi", "pl", "cs",
            "ro", "hu", "hr", "sl", "sk", "et", "lv", "lt", "ca", "eu", "gl", "sq", "vi", "sw", "af":
            return .latin
        default: return nil
        }
    }
}
