import Foundation

/// The folding rules, scalar by scalar. Called only while a `FoldTable` is built (and for scalars
/// outside the table's windows), so clarity matters more than speed here.
enum FoldRules {
    /// The scalars `scalar` folds to, or nil when it stays as it is.
    static func map(_ scalar: Unicode.Scalar, options: FoldingOptions) -> [Unicode.Scalar]? {
        let value = scalar.value
        guard mayFold(value) else { return nil }
        if options.contains(.foldPresentationForms), ArabicScalars.isPresentationForm(value) {
            guard let base = presentationFormBases[value], base != [scalar] else { return nil }
            var folded: [Unicode.Scalar] = []
            for part in base {
                if let again = map(part, options: options.subtracting(.foldPresentationForms)) {
                    folded.append(contentsOf: again)
                } else {
                    folded.append(part)
                }
            }
            return folded
        }
        if options.contains(.removeDiacritics), ArabicScalars.isDiacritic(value) { return [] }
        if options.contains(.removeTatweel), value == 0x0640 { return [] }
        if options.contains(.removeFormatControls), UnicodeSpaces.isFormatControl(value) { return [] }
        if options.contains(.foldSpaces), UnicodeSpaces.isSpace(value), value != 0x20 { return [" "] }
        if options.contains(.foldAlef), [0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673].contains(value) {
            return ["\u{0627}"]
        }
        if options.contains(.foldYa) {
            switch value {
            case 0x0649, 0x06CC: return ["\u{064A}"]
            case 0x06A9: return ["\u{0643}"]
            default: break
            }
        }
        if options.contains(.foldTaMarbuta), value == 0x0629 { return ["\u{0647}"] }
        if options.contains(.foldHamzaCarriers) {
            if value == 0x0624 { return ["\u{0648}"] }
            if value == 0x0626 { return ["\u{064A}"] }
        }
        if options.contains(.foldDigits) {
            if (0x0660...0x0669).contains(value) { return [Unicode.Scalar(0x30 + value - 0x0660)!] }
            if (0x06F0...0x06F9).contains(value) { return [Unicode.Scalar(0x30 + value - 0x06F0)!] }
            if value == 0x066B { return ["."] }
            if value == 0x066C { return [","] }
        }
        if options.contains(.foldLatinDiacritics) || options.contains(.foldCase), isCasedNonArabic(value) {
            // Scalar arrays rather than Strings, and none at all while the letter stays itself (nil): a table
            // build asks this of over a thousand letters.
            var folded: [Unicode.Scalar]?
            if options.contains(.foldLatinDiacritics) {
                switch value {
                case 0x0131: folded = ["i"]  // dotless i has no decomposition
                case 0x00F8, 0x00D8: folded = ["o"]
                case 0x0142, 0x0141: folded = ["l"]
                case 0x0111, 0x0110: folded = ["d"]
                default:
                    // No cased letter is itself a combining mark: an undecomposed one stays as it is.
                    if let parts = casedDecompositions[value], parts.count > 1 || parts.first != scalar {
                        folded = parts.filter { !(0x0300...0x036F).contains($0.value) }
                    }
                }
            }
            if options.contains(.foldCase) {
                // What `String.lowercased()` gives: each scalar's lowercase mapping, in order.
                if let letters = folded {
                    if letters.contains(where: { $0.properties.changesWhenLowercased }) {
                        folded = letters.flatMap { $0.properties.lowercaseMapping.unicodeScalars }
                    }
                } else if scalar.properties.changesWhenLowercased {
                    folded = Array(scalar.properties.lowercaseMapping.unicodeScalars)
                }
            }
            guard let folded, folded != [scalar] else { return nil }
            return folded
        }
        return nil
    }

    /// Whether any rule may apply to `value`: the blocks the rules below touch (spaces and controls, Latin,
    /// Greek and Cyrillic, Arabic, general punctuation, presentation forms). Most of a fold table's
    /// scalars are outside them, and this turns them away before the rules are tried one by one.
    @inline(__always)
    private static func mayFold(_ value: UInt32) -> Bool {
        switch value {
        case 0x09, 0x41...0x7A, 0xA0...0x24F, 0x0370...0x052F, 0x0600...0x06FF, 0x1680, 0x1E00...0x1EFF,
            0x2000...0x206F, 0x3000, 0xFB50...0xFEFF:
            return true
        default:
            return false
        }
    }

    private static let casedRanges: [ClosedRange<UInt32>] = [0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x0370...0x052F, 0x1E00...0x1EFF]

    private static func isCasedNonArabic(_ value: UInt32) -> Bool {
        casedRanges.contains { $0.contains(value) }
    }

    /// Compatibility (NFKC) forms of the Arabic presentation forms.
    static let presentationFormBases = normalized([0xFB50...0xFDFF, 0xFE70...0xFEFE]) { $0.precomposedStringWithCompatibilityMapping }

    /// Canonical decompositions (NFD) of the cased non-Arabic letters.
    static let casedDecompositions = normalized(casedRanges) { $0.decomposedStringWithCanonicalMapping }

    /// The normalization of every scalar of `ranges`, from one Foundation call: a call costs thousands of
    /// instructions, and a fold table asks for over a thousand scalars at every start. The scalars are
    /// separated by line feeds, which no mapping produces and which compose with nothing, so the parts
    /// come out one per scalar.
    static func normalized(_ ranges: [ClosedRange<UInt32>], by normalize: (String) -> String) -> [UInt32: [Unicode.Scalar]] {
        // Built as UTF-8 bytes and read back scalar by scalar: String.UnicodeScalarView appends and splits
        // cost more than the normalization itself.
        var values: [UInt32] = []
        var joined: [UInt8] = []
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                if !values.isEmpty { joined.append(0x0A) }
                values.append(value)
                UTF8.encode(scalar) { joined.append($0) }
            }
        }
        var forms: [UInt32: [Unicode.Scalar]] = [:]
        forms.reserveCapacity(values.count)
        var part: [Unicode.Scalar] = []
        var index = 0
        for scalar in normalize(String(decoding: joined, as: UTF8.self)).unicodeScalars {
            guard index < values.count else { break }
            if scalar == "\n" {
                forms[values[index]] = part
                part.removeAll(keepingCapacity: true)
                index += 1
            } else {
                part.append(scalar)
            }
        }
        if index < values.count { forms[values[index]] = part }
        return forms
    }
}

/// Classes of Arabic-script scalars.
public enum ArabicScalars {
    /// Harakat, tanwin, shadda, sukun, Quranic annotation marks, superscript alef.
    @inline(__always)
    public static func isDiacritic(_ value: UInt32) -> Bool {
        (0x064B...0x065F).contains(value) || value == 0x0670 || (0x0610...0x061A).contains(value)
            || (0x06D6...0x06DC).contains(value) || (0x06DF...0x06E4).contains(value)
            || (0x06E7...0x06E8).contains(value) || (0x06EA...0x06ED).contains(value)
    }

    /// Arabic letters (base block, supplement, extended-A and presentation forms), not digits or punctuation.
    @inline(__always)
    public static func isLetter(_ value: UInt32) -> Bool {
        (0x0621...0x064A).contains(value) || (0x066E...0x06D3).contains(value) || value == 0x06D5
            || (0x06FA...0x06FC).contains(value) || value == 0x06FF || (0x0750...0x077F).contains(value)
            || (0x08A0...0x08C9).contains(value) || isPresentationForm(value)
    }

    /// Arabic-Indic (U+0660–0669) or Extended Arabic-Indic (U+06F0–06F9) digit.
    @inline(__always)
    public static func isDigit(_ value: UInt32) -> Bool {
        (0x0660...0x0669).contains(value) || (0x06F0...0x06F9).contains(value)
    }

    /// Presentation Forms-A and -B.
    @inline(__always)
    public static func isPresentationForm(_ value: UInt32) -> Bool {
        (0xFB50...0xFDFF).contains(value) || (0xFE70...0xFEFE).contains(value)
    }

    /// The compatibility (NFKC) form of each presentation form that has one other than itself.
    public static let presentationFormBases: [UInt32: [Unicode.Scalar]] = FoldRules.presentationFormBases.filter { value, form in
        form != [Unicode.Scalar(value)!]
    }
}

/// Spaces and invisible controls.
public enum UnicodeSpaces {
    /// White space that separates words: ASCII space and tab, no-break spaces and the typographic spaces.
    @inline(__always)
    public static func isSpace(_ value: UInt32) -> Bool {
        value == 0x20 || value == 0x09 || value == 0xA0 || value == 0x1680 || (0x2000...0x200A).contains(value)
            || value == 0x202F || value == 0x205F || value == 0x3000
    }

    /// Line breaks: LF, CR, VT, FF, NEL, LINE and PARAGRAPH SEPARATOR.
    @inline(__always)
    public static func isLineBreak(_ value: UInt32) -> Bool {
        (0x0A...0x0D).contains(value) || value == 0x85 || value == 0x2028 || value == 0x2029
    }

    /// Bidi controls (LRM, RLM, ALM, embeddings, overrides, isolates), zero-width characters and the BOM:
    /// invisible, and ignored for matching.
    @inline(__always)
    public static func isFormatControl(_ value: UInt32) -> Bool {
        value == 0x200B || value == 0x200C || value == 0x200D || value == 0x200E || value == 0x200F
            || value == 0x061C || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            || value == 0xFEFF || value == 0x2060 || value == 0x00AD
    }
}
