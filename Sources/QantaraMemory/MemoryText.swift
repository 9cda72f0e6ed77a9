import QantaraText

/// The normalization the memory matches on: tokens (words, numbers, punctuation) folded for Arabic diacritics,
/// tatweel, alef, hamza-carrier and ya variants, digits and Latin case. Two texts with the same keys are the same
/// segment for the memory: they merge on import and score 100 on lookup.
public struct MemoryNormalizer: Sendable {
    /// Matching folds plus hamza carriers (ؤ→و, ئ→ي): too loose for names, right for finding earlier translations.
    public static let folding: FoldingOptions = FoldingOptions.matching.union(.foldHamzaCarriers)

    private let tokenizer = Tokenizer(folding: MemoryNormalizer.folding)

    public init() {}

    /// The folded tokens of `text`, with their scalar ranges in `text`; tokens that fold to nothing are dropped.
    public func tokens(in text: String) -> [Token] {
        tokenizer.tokens(in: text).filter { !$0.folded.isEmpty }
    }

    /// The folded token strings of `text`.
    public func keys(_ text: String) -> [String] {
        tokens(in: text).map(\.folded)
    }
}

/// 64-bit FNV-1a: a hash that is the same in every process (Swift's `Hasher` is seeded per process), used to
/// find units that may merge without an index on the full normalized text.
enum StableHash {
    static func fnv1a(_ parts: [String]) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in parts {
            for byte in part.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
            hash ^= 0x1F
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: hash)
    }
}
