/// One reviewer action, as the page sends it (`{"op": "merge", "id": 12}`).
public struct ReviewOperation: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case approve, reject
        /// Back to unreviewed.
        case unreview
        /// Sets the comment (`text`; empty removes it).
        case comment
        /// Replaces one side's text (`side`, `text`).
        case edit
        /// Joins the pair with the next one.
        case merge
        /// Cuts one side at `offset` (Unicode scalars); the second part starts a new pair below.
        case split
        /// Moves the first sentence of one side to the end of the previous pair's side.
        case moveUp
        /// Moves the last sentence of one side to the start of the next pair's side.
        case moveDown
        /// The sides are not translations of each other: they become two one-sided pairs.
        case unaligned
        case undo, redo
    }

    public var op: Kind
    public var id: Int64?
    public var side: ReviewSide?
    public var text: String?
    public var offset: Int?

    public init(_ op: Kind, id: Int64? = nil, side: ReviewSide? = nil, text: String? = nil, offset: Int? = nil) {
        self.op = op
        self.id = id
        self.side = side
        self.text = text
        self.offset = offset
    }
}

/// What an operation changed: the pairs as they are now (new or modified) and the ids that are gone.
public struct ReviewChange: Codable, Sendable, Hashable {
    /// The session revision after the operation (one more than before).
    public var revision: Int64
    public var pairs: [ReviewPair]
    public var removed: [Int64]
    public var canUndo: Bool
    public var canRedo: Bool
}
