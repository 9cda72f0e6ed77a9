import QantaraText

/// The Arabic proclitics a name can carry in running text, and the surface forms they make.
///
/// A prefix is a conjunction (و ف), then a preposition (ب ك ل), then the article (ال), each optional;
/// ل before the article merges with it (ل + الكرملين → للكرملين), and before an article on a word that
/// starts with ل one lam is written for three (ل + الليكود → لليكود).
///
/// Surface forms are generated from entries (prefix × form), never found by cutting letters off words in
/// the text: بيسكوف is a whole name, not ب + يسكوف, unless a glossary really lists يسكوف.
public enum ArabicClitics {
    /// Every prefix string, in folded scalars; the index of a prefix is its bit in a `PrefixMask`.
    static let prefixes: [[UInt32]] = {
        let bare = ["", "و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل"]
        let article = ["ال", "وال", "فال", "بال", "كال", "لل", "وبال", "وكال", "ولل", "فبال", "فكال", "فلل"]
        return (bare + article).map { $0.unicodeScalars.map(\.value) }
    }()

    /// Bits of the prefixes without the article (including the empty prefix).
    static let bareMask: UInt32 = (1 << 12) - 1
    /// Bits of the prefixes ending in the article (ال, وال, لل, …).
    static let articleMask: UInt32 = ((1 << 24) - 1) & ~bareMask
    /// ل, ول, فل: the merged lam before an article on a ل-initial word (لليكود).
    static let lamMergeMask: UInt32 = (1 << 5) | (1 << 8) | (1 << 11)

    static let alef: Unicode.Scalar = "\u{0627}"
    static let lam: Unicode.Scalar = "\u{0644}"
    static let lamValue: UInt32 = 0x0644

    /// True when a form as written starts with the article and has a word after it (الرياض, not ال or الي).
    /// Looked for before folding: أليكسي folds to اليكسي but has no article.
    public static func hasArticle(_ written: String) -> Bool {
        var letters = 0
        for scalar in written.unicodeScalars where !ArabicScalars.isDiacritic(scalar.value) && scalar.value != 0x0640 {
            switch letters {
            case 0: if scalar != alef { return false }
            case 1: if scalar != lam { return false }
            default: return isArabicLetter(scalar.value)
            }
            letters += 1
        }
        return false
    }

    /// How a folded form is indexed: the key under which it is stored (the form without its article) and
    /// which prefixes it may carry. A form takes the article only if it is written with it: adding one
    /// would turn سيول (Seoul) into السيول (the floods) and حماس (Hamas) into الحماس (the enthusiasm);
    /// glossaries list الناتو beside ناتو where both are used.
    static func indexing(_ form: [UInt32], hasArticle: Bool) -> (key: ArraySlice<UInt32>, mask: UInt32) {
        guard hasArticle, form.count > 2 else { return (form[...], bareMask) }
        let stem = form.dropFirst(2)
        return (stem, articleMask | (stem.first == lamValue ? lamMergeMask : 0))
    }

    /// Every surface form a folded entry form stands for in running text: prefix × key for each allowed prefix.
    /// This is the set the matcher's index recognizes; it is listed here for lookups, documentation and tests.
    /// - Parameter form: the entry's form as written (folded here with `folder`).
    public static func surfaceForms(of form: String, folder: TextFolder = TextFolder(options: .matching)) -> [String] {
        let (key, mask) = indexing(MatchText.key(form, folding: MatchFolding.forFolder(folder)), hasArticle: hasArticle(form))
        var forms: [String] = []
        for (bit, prefix) in prefixes.enumerated() where mask & (1 << UInt32(bit)) != 0 {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: (prefix + key).compactMap(Unicode.Scalar.init))
            let surface = String(view)
            if !forms.contains(surface) { forms.append(surface) }
        }
        return forms
    }

    @inline(__always)
    static func isArabicLetter(_ value: UInt32) -> Bool {
        (0x0621...0x064A).contains(value) || (0x066E...0x06D3).contains(value)
    }
}
