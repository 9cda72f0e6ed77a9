import Foundation

/// One sentence to align: its text and the paragraph it belongs to (paragraph numbers only need to
/// differ between paragraphs; beads avoid joining sentences of different paragraphs).
public struct AlignmentSentence: Sendable, Hashable {
    public var text: String
    public var paragraph: Int
    /// The line of running text the sentence stands on, when lines break inside paragraphs (web text:
    /// a headline, a date, "share" buttons, each on a line of its own); nil for presegmented input, where
    /// every sentence has a line. Beads join sentences of two lines only when the evidence pays for it.
    public var line: Int?

    public init(text: String, paragraph: Int = 0, line: Int? = nil) {
        self.text = text
        self.paragraph = paragraph
        self.line = line
    }
}

/// A group of consecutive source sentences aligned with a group of consecutive target sentences.
/// One side is empty for a sentence the other text leaves out (`1-0`, `0-1`).
public struct Bead: Sendable, Hashable {
    /// Indices into the source sentence list.
    public var source: Range<Int>
    /// Indices into the target sentence list.
    public var target: Range<Int>
    /// How far the bead can be trusted, 0...1: the probability of the bead among all alignments of the
    /// document, lowered where the two sides share little evidence; deletions stay low.
    public var confidence: Double
    /// `"1-1"`, `"1-2"`, `"1-0"`, … (source count, target count).
    public var kind: String

    public init(source: Range<Int>, target: Range<Int>, confidence: Double) {
        self.source = source
        self.target = target
        self.confidence = confidence
        self.kind = "\(source.count)-\(target.count)"
    }
}

/// What `Aligner.align` found for one document pair.
public struct AlignmentResult: Sendable {
    /// Beads in order, covering every source and target sentence exactly once.
    public var beads: [Bead]
    /// Problems a reviewer should know about (for instance texts that do not seem to correspond).
    public var warnings: [String]
    /// Figures the aligner estimated from the document pair.
    public var statistics: AlignmentStatistics

    /// Beads whose confidence is below `threshold`.
    public func lowConfidenceCount(below threshold: Double = AlignmentResult.lowConfidenceThreshold) -> Int {
        beads.reduce(0) { $0 + ($1.confidence < threshold ? 1 : 0) }
    }

    /// The confidence under which a bead is reported as needing review.
    public static let lowConfidenceThreshold = 0.5
}

/// Parameters the aligner estimated from one document pair.
public struct AlignmentStatistics: Sendable, Hashable {
    /// Target characters per source character (letters and digits, folded).
    public var lengthRatio: Double
    /// Variance of the target length around `lengthRatio × source length`, per character.
    public var lengthVariance: Double
    /// Share of content tokens with a translation in the other side, in aligned and in unrelated sentence pairs.
    public var matchRateAligned: Double
    public var matchRateRandom: Double
    /// Word pairs learned from the first pass and added to the lexicon for the second.
    public var learnedPairs: Int
}

/// How the aligner weighs its evidence. The defaults were set on the Arabic–English development set;
/// the length ratio, length variance and match rates are estimated from each document pair.
public struct AlignmentOptions: Sendable {
    /// Word translations (FreeDict, a TSV list, glossary terms…); nil aligns with anchors, length and the
    /// lexicon learned from the document only.
    public var dictionary: BilingualDictionary?
    /// Extra anchors found in both texts, such as glossary entities.
    public var anchorSources: [any AnchorSource]
    /// Learn word pairs from the confident 1-1 beads of a first pass and realign with them.
    public var learnsLexicon: Bool
    /// Cost of leaving a sentence unaligned, in nats.
    public var deletionCost: Double
    /// Cost of a bead that joins sentences of two paragraphs on one side, in nats.
    public var paragraphCrossingCost: Double
    /// Cost of a bead that joins sentences of two lines of one paragraph on one side, in nats.
    public var lineCrossingCost: Double
    /// Half-width of the search band around the diagonal in the first pass (it widens when the best
    /// path touches its edge).
    public var initialBandWidth: Int

    public init(
        dictionary: BilingualDictionary? = nil,
        anchorSources: [any AnchorSource] = [],
        learnsLexicon: Bool = true,
        deletionCost: Double = 5,
        paragraphCrossingCost: Double = 6,
        lineCrossingCost: Double = 3,
        initialBandWidth: Int = 8
    ) {
        self.dictionary = dictionary
        self.anchorSources = anchorSources
        self.learnsLexicon = learnsLexicon
        self.deletionCost = deletionCost
        self.paragraphCrossingCost = paragraphCrossingCost
        self.lineCrossingCost = lineCrossingCost
        self.initialBandWidth = initialBandWidth
    }
}

/// Finds anchors (named entities, terms) in a sentence: keys that are equal on both sides when the two
/// sentences mention the same thing. The glossary's matcher is wired in through this protocol.
public protocol AnchorSource: Sendable {
    /// Keys of the anchors found in `text`, written in `language` (`ar`, `en`, regions allowed).
    func anchorKeys(in text: String, language: String) -> [String]
}
