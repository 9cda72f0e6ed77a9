import Foundation
import GRDB
import QantaraTMX

extension ReviewStatus: DatabaseValueConvertible {}

/// Counts and settings of a session, for the page header and `qantara review status`.
public struct ReviewSummary: Codable, Sendable, Hashable {
    public var session: String
    public var input: String
    public var sourceLanguage: String
    public var targetLanguage: String
    public var revision: Int64
    public var total: Int
    /// Pairs by status (`unreviewed`, `approved`, `rejected`, `unaligned`; zero counts included).
    public var counts: [String: Int]
    public var flagged: Int
    /// Pairs whose confidence is below `lowConfidenceThreshold`.
    public var lowConfidence: Int
    public var lowConfidenceThreshold: Double
    public var canUndo: Bool
    public var canRedo: Bool
    /// The pair the reviewer last had selected, so a resumed session opens there.
    public var cursor: Int64?
}

/// Every pair in order, in parallel arrays (compact enough to send 20,000 pairs to the page at once).
public struct ReviewIndex: Codable, Sendable, Hashable {
    public var revision: Int64
    public var ids: [Int64]
    /// Status per pair: 0 unreviewed, 1 approved, 2 rejected, 3 unaligned.
    public var status: [Int]
    /// Confidence per pair, -1 when unknown.
    public var confidence: [Double]
    public var flags: [Int]
}

/// A review session: the pairs under review, stored in an SQLite database (WAL) with a journal of
/// operations for undo and redo. Every operation is one transaction, committed before it returns.
public final class ReviewSession: Sendable {
    /// The `format` value in the `meta` table that marks a Qantara review session.
    public static let format = "qantara-review"
    public static let schemaVersion = "1"
    /// Pairs below this confidence count as low-confidence.
    public static let lowConfidenceThreshold = 0.5
    /// Positions of imported pairs are this far apart, leaving room for pairs split off between them.
    static let positionStep = 1024.0

    public let path: String
    public let sourceLanguage: String
    public let targetLanguage: String
    public let input: String
    /// Written as `changeid` on the pairs this reviewer changes.
    public let user: String
    public let annotator: ReviewAnnotator
    private let pool: DatabasePool

    private init(path: String, pool: DatabasePool, finder: any ReviewEntityFinder, user: String) throws {
        self.path = path
        self.pool = pool
        self.user = user
        let meta = try pool.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT key, value FROM meta").map {
                (String.fromDatabaseValue($0["key"]) ?? "", String.fromDatabaseValue($0["value"]) ?? "")
            })
        }
        sourceLanguage = meta["sourceLanguage"] ?? "ar"
        targetLanguage = meta["targetLanguage"] ?? "en"
        input = meta["input"] ?? ""
        annotator = ReviewAnnotator(sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, finder: finder)
    }

    /// The user name for `changeid`: `$USER`, `$LOGNAME`, or the account name.
    public static var currentUser: String {
        let environment = ProcessInfo.processInfo.environment
        return environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
    }

    // MARK: Creating and opening

    /// Creates a session at `path` from the pairs of a TMX, atomically: the database is built under a
    /// temporary name and renamed into place, so a failed import leaves nothing behind.
    public static func create(
        path: String, pairs: [ReviewPair], sourceLanguage: String, targetLanguage: String, input: String,
        finder: any ReviewEntityFinder = NoEntityFinder(), user: String = ReviewSession.currentUser
    ) throws -> ReviewSession {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw ReviewError(.badInput, file: path, message: "a file with this name already exists")
        }
        let annotator = ReviewAnnotator(sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, finder: finder)
        let temporary = path + ".creating-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            let pool = try DatabasePool(path: temporary, configuration: configuration())
            try pool.write { db in
                try createSchema(db)
                let meta = [
                    "format": format, "schema": schemaVersion, "sourceLanguage": sourceLanguage,
                    "targetLanguage": targetLanguage, "input": input, "revision": "0",
                    "nextID": String(pairs.count + 1), "createdAt": ISO8601DateFormatter().string(from: Date()),
                    "glossary": finder.identity,
                ]
                for (key, value) in meta {
                    try db.execute(sql: "INSERT INTO meta(key, value) VALUES (?, ?)", arguments: [key, value])
                }
                for (index, var pair) in pairs.enumerated() {
                    pair.id = Int64(index + 1)
                    pair.position = Double(index + 1) * positionStep
                    pair.flags = annotator.annotate(source: pair.source, target: pair.target).flags
                    try pair.insert(db)
                }
            }
            try pool.close()
            guard rename(temporary, path) == 0 else {
                throw ReviewError(.badInput, file: path, message: "cannot move the new session into place")
            }
        } catch {
            for suffix in ["", "-wal", "-shm"] { unlink(temporary + suffix) }
            throw error
        }
        return try open(path: path, finder: finder, user: user)
    }

    /// Opens an existing session. A file that is not a Qantara review session (or is damaged) gives a
    /// `badInput` error and is left untouched: it is checked read-only before being opened for writing.
    public static func open(
        path: String, finder: any ReviewEntityFinder = NoEntityFinder(), user: String = ReviewSession.currentUser
    ) throws -> ReviewSession {
        try check(path: path)
        let pool = try DatabasePool(path: path, configuration: configuration())
        let session = try ReviewSession(path: path, pool: pool, finder: finder, user: user)
        try session.refreshFlags(glossary: finder.identity)
        return session
    }

    /// Recomputes every pair's flags when the session was last used with another glossary.
    private func refreshFlags(glossary identity: String) throws {
        try pool.write { db in
            guard try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'glossary'") != identity else { return }
            for row in try Row.fetchAll(db, sql: "SELECT id, source, target FROM pair") {
                let flags = annotator.annotate(source: row["source"], target: row["target"]).flags
                try db.execute(sql: "UPDATE pair SET flags = ? WHERE id = ?", arguments: [flags, row["id"] as Int64])
            }
            try db.execute(
                sql: "INSERT INTO meta(key, value) VALUES ('glossary', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [identity])
        }
    }

    /// True when `path` starts like an SQLite database (the header string), so `review start` can tell a
    /// session from a TMX.
    public static func looksLikeDatabase(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        return header == Data("SQLite format 3\0".utf8)
    }

    private static func check(path: String) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ReviewError(.unreadable, file: path, message: "cannot read the session file")
        }
        guard looksLikeDatabase(path: path) else {
            throw ReviewError(.badInput, file: path, message: "not a Qantara review session (not an SQLite database)")
        }
        var readOnly = Configuration()
        readOnly.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: readOnly)
            defer { try? queue.close() }
            try queue.read { db in
                let hasMeta = try db.tableExists("meta") && db.tableExists("pair") && db.tableExists("journal")
                let format = hasMeta
                    ? try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'format'") : nil
                guard format == ReviewSession.format else {
                    throw ReviewError(
                        .badInput, file: path, message: "an SQLite database, but not a Qantara review session")
                }
                let schema = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'schema'")
                guard schema == schemaVersion else {
                    throw ReviewError(
                        .badInput, file: path,
                        message: "a review session of schema \(schema ?? "?"); this Qantara reads schema \(schemaVersion)")
                }
                let verdict = try String.fetchAll(db, sql: "PRAGMA quick_check")
                guard verdict == ["ok"] else {
                    throw ReviewError(
                        .badInput, file: path, message: "the session database is damaged: \(verdict.prefix(3).joined(separator: "; "))")
                }
            }
        } catch let error as ReviewError {
            throw error
        } catch let error as DatabaseError {
            throw ReviewError(
                .badInput, file: path, message: "the session database is damaged or unreadable: \(error.message ?? "\(error)")")
        }
    }

    private static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // FULL: a commit is on disk before the page is told it is saved.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return configuration
    }

    private static func createSchema(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
            CREATE TABLE pair(
                id INTEGER PRIMARY KEY NOT NULL,
                position REAL NOT NULL UNIQUE,
                source TEXT NOT NULL,
                target TEXT NOT NULL,
                status TEXT NOT NULL,
                comment TEXT NOT NULL,
                confidence REAL,
                bead TEXT NOT NULL,
                flags INTEGER NOT NULL,
                version INTEGER NOT NULL,
                changeDate TEXT,
                changeID TEXT,
                origin TEXT NOT NULL);
            CREATE TABLE journal(
                seq INTEGER PRIMARY KEY NOT NULL,
                operation TEXT NOT NULL,
                revision INTEGER NOT NULL,
                before TEXT NOT NULL,
                after TEXT NOT NULL,
                undone INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX journal_undone ON journal(undone, seq);
            """)
    }

    /// Closes the database (checkpointing the WAL).
    public func close() throws {
        try pool.close()
    }

    // MARK: Reading

    /// Counts by status, flagged and low-confidence pairs, undo/redo availability and the remembered pair.
    public func summary() throws -> ReviewSummary {
        try pool.read { db in
            var counts = Dictionary(uniqueKeysWithValues: ReviewStatus.allCases.map { ($0.rawValue, 0) })
            for row in try Row.fetchAll(db, sql: "SELECT status, count(*) AS n FROM pair GROUP BY status") {
                counts[row["status"] as String] = row["n"]
            }
            return ReviewSummary(
                session: path, input: input, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
                revision: try Self.revision(db),
                total: try ReviewPair.fetchCount(db),
                counts: counts,
                flagged: try Int.fetchOne(db, sql: "SELECT count(*) FROM pair WHERE flags != 0") ?? 0,
                lowConfidence: try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM pair WHERE confidence < ?",
                    arguments: [Self.lowConfidenceThreshold]) ?? 0,
                lowConfidenceThreshold: Self.lowConfidenceThreshold,
                canUndo: try Self.canUndo(db), canRedo: try Self.canRedo(db),
                cursor: try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'cursor'").flatMap { Int64($0) })
        }
    }

    /// Remembers the selected pair. Not an operation: no revision, no journal entry.
    public func setCursor(_ id: Int64) throws {
        try pool.write { db in
            try db.execute(
                sql: "INSERT INTO meta(key, value) VALUES ('cursor', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [String(id)])
        }
    }

    /// Every pair's id, status, confidence and flags in order: what the page filters and counts on.
    public func index() throws -> ReviewIndex {
        try pool.read { db in
            var index = ReviewIndex(revision: try Self.revision(db), ids: [], status: [], confidence: [], flags: [])
            let codes = Dictionary(uniqueKeysWithValues: ReviewStatus.allCases.enumerated().map { ($1.rawValue, $0) })
            let rows = try Row.fetchCursor(
                db, sql: "SELECT id, status, confidence, flags FROM pair ORDER BY position")
            while let row = try rows.next() {
                index.ids.append(row[0])
                index.status.append(codes[row[1] as String] ?? 0)
                index.confidence.append((row[2] as Double?) ?? -1)
                index.flags.append(row[3])
            }
            return index
        }
    }

    /// The current revision: the number of operations applied (undo and redo included).
    public func revision() throws -> Int64 {
        try pool.read { db in try Self.revision(db) }
    }

    /// The pairs with these ids (missing ids are left out), in position order.
    public func pairs(ids: [Int64]) throws -> [ReviewPair] {
        try pool.read { db in
            try ReviewPair.filter(keys: ids).order(Column("position")).fetchAll(db)
        }
    }

    /// Every pair, in position order.
    public func allPairs() throws -> [ReviewPair] {
        try pool.read { db in try ReviewPair.order(Column("position")).fetchAll(db) }
    }

    /// The page's marks for a pair (entities with counterparts, numbers, embedded runs, what is missing).
    public func annotations(for pair: ReviewPair) -> ReviewAnnotations {
        annotator.annotate(source: pair.source, target: pair.target)
    }

    private static func revision(_ db: Database) throws -> Int64 {
        Int64(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'revision'") ?? "0") ?? 0
    }

    private static func canUndo(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM journal WHERE undone = 0)") ?? false
    }

    private static func canRedo(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM journal WHERE undone = 1)") ?? false
    }

    // MARK: Operations

    /// Applies `operation` in one transaction and returns what changed once it is committed.
    /// With `expectedRevision`, the operation is refused (`conflict`) unless the session is still at that
    /// revision: a page that has not seen another tab's change cannot overwrite it.
    public func apply(_ operation: ReviewOperation, expectedRevision: Int64? = nil) throws -> ReviewChange {
        try pool.write { db in
            let current = try Self.revision(db)
            if let expectedRevision, expectedRevision != current {
                throw ReviewError(
                    .conflict, file: path,
                    message: "the session changed (revision \(current), the page had \(expectedRevision)); reload")
            }
            let revision = current + 1
            let removed: [Int64]
            let changed: [ReviewPair]
            switch operation.op {
            case .undo, .redo:
                (changed, removed) = try replay(db, undo: operation.op == .undo, revision: revision)
            default:
                var editor = PairEditor(db: db, session: self, revision: revision)
                try editor.perform(operation)
                try db.execute(sql: "DELETE FROM journal WHERE undone = 1")
                let encoder = JSONEncoder()
                try db.execute(
                    sql: "INSERT INTO journal(operation, revision, before, after) VALUES (?, ?, ?, ?)",
                    arguments: [
                        String(decoding: try encoder.encode(operation), as: UTF8.self), revision,
                        String(decoding: try encoder.encode(editor.before), as: UTF8.self),
                        String(decoding: try encoder.encode(editor.after), as: UTF8.self),
                    ])
                changed = editor.after
                removed = editor.removedIDs
            }
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'revision'", arguments: [String(revision)])
            return ReviewChange(
                revision: revision, pairs: changed, removed: removed, canUndo: try Self.canUndo(db),
                canRedo: try Self.canRedo(db))
        }
    }

    /// Undo puts back the `before` pairs of the newest entry still done; redo the `after` pairs of the
    /// oldest undone entry. Restored pairs get the new revision as their version.
    private func replay(_ db: Database, undo: Bool, revision: Int64) throws -> ([ReviewPair], [Int64]) {
        let sql = undo
            ? "SELECT seq, before, after FROM journal WHERE undone = 0 ORDER BY seq DESC LIMIT 1"
            : "SELECT seq, before, after FROM journal WHERE undone = 1 ORDER BY seq ASC LIMIT 1"
        guard let row = try Row.fetchOne(db, sql: sql) else {
            throw ReviewError(.invalidOperation, file: path, message: undo ? "nothing to undo" : "nothing to redo")
        }
        let decoder = JSONDecoder()
        let before = try decoder.decode([ReviewPair].self, from: Data((row["before"] as String).utf8))
        let after = try decoder.decode([ReviewPair].self, from: Data((row["after"] as String).utf8))
        let (gone, restored) = undo ? (after, before) : (before, after)
        for pair in gone { _ = try ReviewPair.deleteOne(db, key: pair.id) }
        var result: [ReviewPair] = []
        for var pair in restored {
            pair.version = revision
            try pair.insert(db)
            result.append(pair)
        }
        try db.execute(
            sql: "UPDATE journal SET undone = ? WHERE seq = ?", arguments: [undo ? 1 : 0, row["seq"] as Int64])
        let restoredIDs = Set(restored.map(\.id))
        return (result, gone.map(\.id).filter { !restoredIDs.contains($0) })
    }
}
