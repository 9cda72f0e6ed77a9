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
    /// The parts' UTF-8 bytes, each part closed by 0x1F (stored in memories: the values must not change).
    static func fnv1a(_ parts: [String]) -> Int64 {
        var hash = FNV1a.offsetBasis
        for part in parts {
            for byte in part.utf8 { hash = FNV1a.step(hash, UInt64(byte)) }
            hash = FNV1a.step(hash, 0x1F)
        }
        return Int64(bitPattern: hash)
    }
}
