import Foundation
import GRDB
import QantaraTMX

/// Carries out one operation inside the session's write transaction, remembering every pair as it was
/// (`before`) and as it is now (`after`) for the journal.
struct PairEditor {
    let db: Database
    let session: ReviewSession
    let revision: Int64
    private(set) var before: [ReviewPair] = []
    private(set) var after: [ReviewPair] = []
    private(set) var removedIDs: [Int64] = []
    private let changeDate = TMXDate.format(Date())

    init(db: Database, session: ReviewSession, revision: Int64) {
        self.db = db
        self.session = session
        self.revision = revision
    }

    mutating func perform(_ operation: ReviewOperation) throws {
        var pair = try fetch(operation.id)
        switch operation.op {
        case .approve: try setStatus(&pair, .approved)
        case .reject: try setStatus(&pair, .rejected)
        case .unreview: try setStatus(&pair, .unreviewed)
        case .comment:
            let text = try required(operation.text, "text").trimmingCharacters(in: .whitespacesAndNewlines)
            try change(pair) { $0.comment = text }
        case .edit:
            let side = try required(operation.side, "side")
            let text = try required(operation.text, "text").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !text.isEmpty || !pair[side.other].isEmpty else {
                throw invalid("both sides of a pair cannot be empty (merge or reject the pair instead)")
            }
            try change(pair) { $0[side] = text }
        case .merge:
            guard let next = try neighbour(of: pair, after: true) else { throw invalid("the last pair has no next pair") }
            try remove(next)
            try change(pair) {
                $0.source = SentenceBoundaries.join($0.source, next.source)
                $0.target = SentenceBoundaries.join($0.target, next.target)
                $0.comment = SentenceBoundaries.join($0.comment, next.comment)
                $0.confidence = [$0.confidence, next.confidence].compactMap { $0 }.min()
                $0.status = .unreviewed
            }
        case .split:
            let side = try required(operation.side, "side")
            let (first, second) = SentenceBoundaries.cut(pair[side], at: try required(operation.offset, "offset"))
            guard !first.isEmpty, !second.isEmpty else {
                throw invalid("put the cursor inside the text to split it, not at its start or end")
            }
            try change(pair) {
                $0[side] = first
                $0.status = .unreviewed
            }
            var rest = try newPair(after: pair)
            rest[side] = second
            try insert(rest)
        case .moveDown, .moveUp:
            let side = try required(operation.side, "side")
            let down = operation.op == .moveDown
            guard !pair[side].isEmpty else { throw invalid("this side is empty: there is no sentence to move") }
            guard let neighbour = try neighbour(of: pair, after: down) else {
                throw invalid(down ? "the last pair has no next pair" : "the first pair has no previous pair")
            }
            let starts = SentenceBoundaries.starts(in: pair[side])
            let cutPoint = down ? (starts.last ?? 0) : (starts.first ?? pair[side].unicodeScalars.count)
            let (head, tail) = SentenceBoundaries.cut(pair[side], at: cutPoint)
            let (kept, moved) = down ? (head, tail) : (tail, head)
            try change(neighbour) {
                $0[side] = down ? SentenceBoundaries.join(moved, $0[side]) : SentenceBoundaries.join($0[side], moved)
                $0.status = .unreviewed
            }
            if kept.isEmpty && pair[side.other].isEmpty {
                try remove(pair)
            } else {
                try change(pair) {
                    $0[side] = kept
                    $0.status = .unreviewed
                }
            }
        case .unaligned:
            if pair.source.isEmpty || pair.target.isEmpty {
                try setStatus(&pair, .unaligned)
            } else {
                let target = pair.target
                try change(pair) {
                    $0.target = ""
                    $0.status = .unaligned
                }
                var alone = try newPair(after: pair)
                alone.target = target
                alone.status = .unaligned
                try insert(alone)
            }
        case .undo, .redo:
            preconditionFailure("undo and redo replay the journal")
        }
    }

    private mutating func setStatus(_ pair: inout ReviewPair, _ status: ReviewStatus) throws {
        try change(pair) { $0.status = status }
    }

    /// Saves `pair` changed by `body`, stamped with this revision, date and reviewer.
    private mutating func change(_ pair: ReviewPair, _ body: (inout ReviewPair) -> Void) throws {
        var changed = pair
        body(&changed)
        if changed.source != pair.source || changed.target != pair.target {
            // Offsets into the aligned texts no longer describe a side the reviewer changed.
            var origin = (try? JSONDecoder().decode(ReviewOrigin.self, from: Data(pair.origin.utf8))) ?? ReviewOrigin()
            if changed.source != pair.source { origin.sourceOffsets = nil }
            if changed.target != pair.target { origin.targetOffsets = nil }
            changed.origin = String(decoding: try JSONEncoder().encode(origin), as: UTF8.self)
        }
        if changed.source != pair.source || changed.target != pair.target {
            changed.bead = ReviewImport.bead(source: changed.source, target: changed.target)
            changed.flags = session.annotator.annotate(source: changed.source, target: changed.target).flags
        }
        stamp(&changed)
        try changed.update(db)
        before.append(pair)
        after.append(changed)
    }

    private mutating func insert(_ pair: ReviewPair) throws {
        var pair = pair
        pair.bead = ReviewImport.bead(source: pair.source, target: pair.target)
        pair.flags = session.annotator.annotate(source: pair.source, target: pair.target).flags
        stamp(&pair)
        try pair.insert(db)
        after.append(pair)
    }

    private mutating func remove(_ pair: ReviewPair) throws {
        _ = try ReviewPair.deleteOne(db, key: pair.id)
        before.append(pair)
        removedIDs.append(pair.id)
    }

    private func stamp(_ pair: inout ReviewPair) {
        pair.version = revision
        pair.changeDate = changeDate
        pair.changeID = session.user
    }

    /// An empty pair placed between `pair` and the next one, with a fresh id.
    private func newPair(after pair: ReviewPair) throws -> ReviewPair {
        let next = try neighbour(of: pair, after: true)
        let position = next.map { (pair.position + $0.position) / 2 } ?? pair.position + ReviewSession.positionStep
        guard position > pair.position, next.map({ position < $0.position }) ?? true else {
            throw invalid("too many pairs split off at this place; merge some first")
        }
        let id = Int64(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'nextID'") ?? "") ?? 1
        try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'nextID'", arguments: [String(id + 1)])
        return ReviewPair(id: id, position: position, source: "", target: "", bead: "0-0")
    }

    private func neighbour(of pair: ReviewPair, after: Bool) throws -> ReviewPair? {
        try ReviewPair
            .filter(after ? Column("position") > pair.position : Column("position") < pair.position)
            .order(after ? Column("position").asc : Column("position").desc)
            .fetchOne(db)
    }

    private func fetch(_ id: Int64?) throws -> ReviewPair {
        let id = try required(id, "id")
        guard let pair = try ReviewPair.fetchOne(db, key: id) else { throw invalid("there is no pair \(id)") }
        return pair
    }

    private func required<T>(_ value: T?, _ name: String) throws -> T {
        guard let value else { throw invalid("the operation needs “\(name)”") }
        return value
    }

    private func invalid(_ message: String) -> ReviewError {
        ReviewError(.invalidOperation, file: session.path, message: message)
    }
}

extension ReviewSide {
    /// The side opposite this one.
    public var other: ReviewSide { self == .source ? .target : .source }
}

extension ReviewPair {
    /// The text on one side.
    public subscript(side: ReviewSide) -> String {
        get { side == .source ? source : target }
        set { if side == .source { source = newValue } else { target = newValue } }
    }
}
