import GRDB

/// The reviewer's decision on a pair.
public enum ReviewStatus: String, Codable, Sendable, Hashable, CaseIterable {
    case unreviewed, approved, rejected
    /// The two sides are not translations of each other (exported as one-sided units).
    case unaligned
}

/// Which side of a pair an operation concerns.
public enum ReviewSide: String, Codable, Sendable, Hashable {
    case source, target
}

/// One row of the review: a source text and a target text (either may be empty: a 1-0 or 0-1 bead).
public struct ReviewPair: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "pair"

    /// Stable identity; never reused within a session.
    public var id: Int64
    /// Sort key: pairs are shown in increasing position.
    public var position: Double
    public var source: String
    public var target: String
    public var status: ReviewStatus
    /// The reviewer's comment, exported as a TMX `note`.
    public var comment: String
    /// The aligner's confidence (0...1), nil when unknown.
    public var confidence: Double?
    /// Bead kind, `sourceSentences-targetSentences` (`1-2`).
    public var bead: String
    /// `ReviewFlags` bits: an entity or a number found on one side only.
    public var flags: Int
    /// The session revision that last changed this pair.
    public var version: Int64
    /// TMX date (`YYYYMMDDThhmmssZ`) of the last change by the reviewer, nil if untouched.
    public var changeDate: String?
    /// Who made the last change.
    public var changeID: String?
    /// What the input unit carried that the review keeps as is (JSON, see `ReviewOrigin`).
    public var origin: String

    public init(
        id: Int64, position: Double, source: String, target: String, status: ReviewStatus = .unreviewed,
        comment: String = "", confidence: Double? = nil, bead: String, flags: Int = 0, version: Int64 = 0,
        changeDate: String? = nil, changeID: String? = nil, origin: String = "{}"
    ) {
        self.id = id
        self.position = position
        self.source = source
        self.target = target
        self.status = status
        self.comment = comment
        self.confidence = confidence
        self.bead = bead
        self.flags = flags
        self.version = version
        self.changeDate = changeDate
        self.changeID = changeID
        self.origin = origin
    }
}

/// Bits of `ReviewPair.flags`.
public struct ReviewFlags: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// A glossary entity on one side has no counterpart on the other.
    public static let entity = ReviewFlags(rawValue: 1)
    /// A number on one side is missing on the other.
    public static let number = ReviewFlags(rawValue: 2)
}

/// The parts of an input unit the review does not edit, carried through to the export.
public struct ReviewOrigin: Codable, Sendable, Hashable {
    /// `tu` attributes other than the ones the export sets (`changedate`, `changeid`, `srclang`).
    public var attributes: [[String]] = []
    /// `prop`s other than Qantara's own (`type`, `value`).
    public var properties: [[String]] = []
    /// `x-qantara-source-offsets`, dropped once the source text changes.
    public var sourceOffsets: String?
    /// `x-qantara-target-offsets`, dropped once the target text changes.
    public var targetOffsets: String?
    /// The source and target `tuv`s' attributes, props, notes and inline codes, when they had any.
    public var sourceVariant: ReviewVariant?
    public var targetVariant: ReviewVariant?

    public init(
        attributes: [[String]] = [], properties: [[String]] = [], sourceOffsets: String? = nil,
        targetOffsets: String? = nil, sourceVariant: ReviewVariant? = nil, targetVariant: ReviewVariant? = nil
    ) {
        self.attributes = attributes
        self.properties = properties
        self.sourceOffsets = sourceOffsets
        self.targetOffsets = targetOffsets
        self.sourceVariant = sourceVariant
        self.targetVariant = targetVariant
    }
}
