import Foundation
import GRDB
import QantaraText
import QantaraTMX

/// The embedded memory: one SQLite file (GRDB, write-ahead log) holding the units, a dictionary of normalized
/// tokens and an inverted index from token to units.
///
/// The index is hand-made rather than FTS5 because lookup needs each candidate's whole token sequence as integers
/// for the Levenshtein scorer, and document frequencies to pick which posting lists to read; FTS5 offers neither
/// cheaply. Posting lists are blobs of sorted `UInt32` entries (`unit id << 1 | side`, side 1 = target), written
/// once per import and appended to in chunks, so reading one is a few blob copies.
public final class SQLiteMemoryStore: MemoryStore {
    /// `PRAGMA application_id` of a Qantara memory ("QTM1"): files without it are refused untouched.
    public static let applicationID: Int32 = 0x5154_4D31
    public static let schemaVersion = 2

    public let path: String
    public var location: String { path }
    let queue: DatabaseQueue
    let normalizer = MemoryNormalizer()

    /// Opens the memory at `path`, creating it (and its folder) if the file does not exist or is empty.
    /// Throws `MemoryError` without writing anything when the file is not a Qantara memory.
    public init(path: String) throws {
        self.path = path
        try Self.checkOwnership(path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw MemoryError(file: path, message: "cannot create the folder \(folder): \(error.localizedDescription)")
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction { db in
                let identifier = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if identifier == 0 {
                    // A new file: the schema and the mark are written before the switch to WAL, so the mark is in
                    // the main file's header at once and `checkOwnership` sees it even if the WAL is never
                    // checkpointed.
                    let objects = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                    guard objects == 0 else { throw Self.foreign(path, "a SQLite database of another program") }
                    try db.inTransaction {
                        try Self.createSchema(db)
                        return .commit
                    }
                } else if identifier != Self.applicationID {
                    throw Self.foreign(path, "a SQLite database of another program")
                }
                let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
                guard version <= Self.schemaVersion else {
                    throw MemoryError(
                        file: path,
                        message: "this memory has schema version \(version); this Qantara reads up to \(Self.schemaVersion)")
                }
                if version < Self.schemaVersion { try Self.upgrade(db, from: version) }
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
        } catch let error as MemoryError {
            throw error
        } catch {
            throw MemoryError(file: path, message: "cannot open the memory: \(Self.explain(error))")
        }
    }

    /// Reads the file's header without SQLite, so a file that is not ours is never opened for writing.
    static func checkOwnership(_ path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw MemoryError(file: path, message: "cannot read the memory file")
        }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 100)) ?? Data()
        if header.isEmpty { return }
        guard header.count == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else {
            throw foreign(path, "not a SQLite database")
        }
        let bytes = [UInt8](header[68..<72])
        let identifier = Int32(bitPattern: bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        guard identifier == applicationID || identifier == 0 else {
            throw foreign(path, "a SQLite database of another program (application_id \(identifier))")
        }
    }

    private static func foreign(_ path: String, _ what: String) -> MemoryError {
        MemoryError(file: path, message: "\(what), not a Qantara memory; left untouched")
    }

    static func explain(_ error: Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error)" }
        return "\(error)"
    }

    /// Brings a memory made by an earlier Qantara to the current schema, in one transaction.
    private static func upgrade(_ db: Database, from version: Int) throws {
        try db.inTransaction {
            // Version 2 keeps the segments' inline codes.
            if version < 2 { try db.execute(sql: "ALTER TABLE unit ADD COLUMN segments TEXT") }
            try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
            return .commit
        }
    }

    private static func createSchema(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE unit(
                    id INTEGER PRIMARY KEY,
                    merge_key INTEGER NOT NULL,
                    source_lang TEXT NOT NULL,
                    target_lang TEXT NOT NULL,
                    source TEXT NOT NULL,
                    target TEXT NOT NULL,
                    tuid TEXT,
                    creation_date TEXT,
                    change_date TEXT,
                    annotations TEXT,
                    segments TEXT
                );
                CREATE INDEX unit_merge_key ON unit(merge_key);
                -- What lookup reads per candidate, apart from the texts: narrow rows, many to a page.
                CREATE TABLE unit_tokens(
                    id INTEGER PRIMARY KEY,
                    source_lang TEXT NOT NULL,
                    target_lang TEXT NOT NULL,
                    tokens BLOB NOT NULL
                );
                CREATE TABLE term(id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE, df INTEGER NOT NULL DEFAULT 0);
                CREATE TABLE posting(
                    term INTEGER NOT NULL,
                    chunk INTEGER NOT NULL,
                    entries BLOB NOT NULL,
                    PRIMARY KEY(term, chunk)
                ) WITHOUT ROWID;
                CREATE TABLE import_log(
                    id INTEGER PRIMARY KEY,
                    origin TEXT NOT NULL,
                    imported_at TEXT NOT NULL,
                    units_read INTEGER NOT NULL,
                    added INTEGER NOT NULL,
                    merged INTEGER NOT NULL,
                    skipped INTEGER NOT NULL
                );
                PRAGMA application_id = \(applicationID);
                PRAGMA user_version = \(schemaVersion);
                """)
    }

    // MARK: Writing

    public func importUnits(
        origin: String, defaultSourceLanguage: String?, next: () throws -> TMXUnit?
    ) throws -> MemoryImportSummary {
        // Test hook for the crash test: the importer kills itself after this many units, mid-transaction.
        let killAfter = ProcessInfo.processInfo.environment["QANTARA_MEMORY_KILL_AFTER"].flatMap { Int($0) }
        defer { checkpoint() }
        return try write { db in
            let writer = try IndexWriter(db: db, normalizer: normalizer, path: path)
            var summary = MemoryImportSummary()
            while let unit = try next() {
                summary.unitsRead += 1
                let pairs = MemoryUnit.pairs(from: unit, defaultSourceLanguage: defaultSourceLanguage)
                var stored = false
                for pair in pairs {
                    switch try writer.store(pair) {
                    case .added: summary.added += 1; stored = true
                    case .merged: summary.merged += 1; stored = true
                    case .empty: break
                    }
                }
                if !stored { summary.skipped += 1 }
                if let killAfter, summary.unitsRead == killAfter {
                    try writer.flush()
                    kill(getpid(), SIGKILL)
                }
            }
            try writer.flush()
            try db.execute(
                sql: """
                    INSERT INTO import_log(origin, imported_at, units_read, added, merged, skipped)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    origin, ISO8601DateFormatter().string(from: Date()), summary.unitsRead, summary.added,
                    summary.merged, summary.skipped,
                ])
            return summary
        }
    }

    /// Copies a big import's write-ahead log into the database and empties it, so the log does not keep the
    /// transaction's size on disk. Best effort: a reader holding the log open only delays it.
    private func checkpoint() {
        _ = try? queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    public func add(units: [TMXUnit], defaultSourceLanguage: String?, origin: String) throws -> MemoryImportSummary {
        var iterator = units.makeIterator()
        return try importUnits(origin: origin, defaultSourceLanguage: defaultSourceLanguage) { iterator.next() }
    }

    /// Runs `body` in one transaction; SQLite errors become `MemoryError`s naming the memory file, other errors
    /// (a TMX reader's) pass through unchanged. Either way the transaction is rolled back.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.write(body)
        } catch let error as DatabaseError {
            throw MemoryError(file: path, message: Self.explain(error))
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch let error as DatabaseError {
            throw MemoryError(file: path, message: Self.explain(error))
        }
    }

    // MARK: Reading

    public func statistics() throws -> MemoryStatistics {
        let fileBytes = [path, path + "-wal"].reduce(0) { total, file in
            total + Int(FileStatus(path: file)?.size ?? 0)
        }
        return try read { db in
            let units = try Int.fetchOne(db, sql: "SELECT count(*) FROM unit") ?? 0
            let pairs = try Row.fetchAll(
                db,
                sql: """
                    SELECT source_lang, target_lang, count(*) FROM unit
                    GROUP BY source_lang, target_lang ORDER BY count(*) DESC, source_lang, target_lang
                    """
            ).map { MemoryStatistics.LanguagePair(source: $0[0], target: $0[1], units: $0[2]) }
            let terms = try Int.fetchOne(db, sql: "SELECT count(*) FROM term") ?? 0
            let imports = try Int.fetchOne(db, sql: "SELECT count(*) FROM import_log") ?? 0
            return MemoryStatistics(
                units: units, languagePairs: pairs, terms: terms, imports: imports, fileBytes: fileBytes)
        }
    }

    public func forEachUnit(_ body: (MemoryUnit) throws -> Void) throws {
        try read { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT \(Self.unitColumns) FROM unit ORDER BY id")
            while let row = try rows.next() { try body(Self.unit(from: row)) }
        }
    }

    static let unitColumns =
        "id, source_lang, target_lang, source, target, tuid, creation_date, change_date, annotations, segments"

    static func unit(from row: Row) -> MemoryUnit {
        let segments = StoredSegments.decode(row[9])
        return MemoryUnit(
            id: row[0], sourceLanguage: row[1], targetLanguage: row[2], source: row[3], target: row[4], tuid: row[5],
            creationDate: row[6], changeDate: row[7], annotations: StoredAnnotations.decode(row[8]),
            sourceContent: segments.source, targetContent: segments.target)
    }

    static func units(_ db: Database, ids: [Int64]) throws -> [Int64: MemoryUnit] {
        guard !ids.isEmpty else { return [:] }
        let list = ids.map(String.init).joined(separator: ",")
        var result: [Int64: MemoryUnit] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT \(unitColumns) FROM unit WHERE id IN (\(list))") {
            let unit = unit(from: row)
            result[unit.id] = unit
        }
        return result
    }

    /// Every chunk of a term's posting list, concatenated: sorted, since ids only grow.
    static func postings(_ db: Database, term: Int64) throws -> [UInt32] {
        var result: [UInt32] = []
        let statement = try db.cachedStatement(sql: "SELECT entries FROM posting WHERE term = ? ORDER BY chunk")
        let rows = try Row.fetchCursor(statement, arguments: [term])
        while let row = try rows.next() {
            try row.withUnsafeData(atIndex: 0) { data in
                if let data { result += IntegerBlob.array(data, as: UInt32.self) }
            }
        }
        return result
    }
}

/// Stores pairs during one transaction: merges, term ids, buffered postings.
final class IndexWriter {
    enum Outcome {
        case added
        case merged
        /// A side has no token at all (only marks or spaces): nothing to match on.
        case empty
    }

    private let db: Database
    private let normalizer: MemoryNormalizer
    private let path: String
    private var termIDs: [String: Int64] = [:]
    private let encoder = JSONEncoder()
    private var buffer: [Int64: [UInt32]] = [:]
    private var bufferedEntries = 0
    /// About 32 MB of postings before they go to the database: the import's memory stays bounded.
    private let flushThreshold = 8_000_000
    /// Chunks smaller than this are rewritten with new entries rather than followed by a new chunk, so many
    /// small imports (alignment runs) do not leave thousands of tiny chunks.
    private let smallChunk = 16_384

    init(db: Database, normalizer: MemoryNormalizer, path: String) throws {
        self.db = db
        self.normalizer = normalizer
        self.path = path
    }

    func store(_ pair: MemoryUnit) throws -> Outcome {
        let sourceKeys = normalizer.keys(pair.source)
        let targetKeys = normalizer.keys(pair.target)
        guard !sourceKeys.isEmpty, !targetKeys.isEmpty else { return .empty }
        let sourceLanguage = LanguageTag.canonical(pair.sourceLanguage)
        let targetLanguage = LanguageTag.canonical(pair.targetLanguage)
        let mergeKey = StableHash.fnv1a(
            [sourceLanguage, targetLanguage, sourceKeys.joined(separator: " "), targetKeys.joined(separator: " ")])
        if try merge(pair, key: mergeKey, sourceKeys: sourceKeys, targetKeys: targetKeys) { return .merged }

        let sourceTerms = try sourceKeys.map(termID)
        let targetTerms = try targetKeys.map(termID)
        try db.cachedStatement(
            sql: """
                INSERT INTO unit(merge_key, source_lang, target_lang, source, target, tuid, creation_date, change_date,
                                 annotations, segments)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            mergeKey, pair.sourceLanguage, pair.targetLanguage, pair.source, pair.target, pair.tuid, pair.creationDate,
            pair.changeDate, StoredAnnotations.encode(pair.annotations, with: encoder),
            StoredSegments.encode(source: pair.sourceContent, target: pair.targetContent, with: encoder),
        ])
        let id = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO unit_tokens(id, source_lang, target_lang, tokens) VALUES (?, ?, ?, ?)")
            .execute(arguments: [
                id, pair.sourceLanguage, pair.targetLanguage,
                IntegerBlob.data(sourceTerms.map { Int32(truncatingIfNeeded: $0) }),
            ])
        guard id < Int64(Int32.max) else {
            throw MemoryError(file: path, message: "the memory is full (\(Int32.max) units)")
        }
        for term in Set(sourceTerms) { append(term, UInt32(id) << 1) }
        for term in Set(targetTerms) { append(term, UInt32(id) << 1 | 1) }
        if bufferedEntries >= flushThreshold { try flush() }
        return .added
    }

    private func append(_ term: Int64, _ entry: UInt32) {
        buffer[term, default: []].append(entry)
        bufferedEntries += 1
    }

    /// Merges `pair` into a unit with the same languages and normalized texts, if there is one: props and notes
    /// united, the newest change date (and its wording) wins, the oldest creation date stays.
    private func merge(_ pair: MemoryUnit, key: Int64, sourceKeys: [String], targetKeys: [String]) throws -> Bool {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT \(SQLiteMemoryStore.unitColumns) FROM unit WHERE merge_key = ?"),
            arguments: [key])
        for row in rows {
            let existing = SQLiteMemoryStore.unit(from: row)
            guard LanguageTag.canonical(existing.sourceLanguage) == LanguageTag.canonical(pair.sourceLanguage),
                LanguageTag.canonical(existing.targetLanguage) == LanguageTag.canonical(pair.targetLanguage),
                normalizer.keys(existing.source) == sourceKeys, normalizer.keys(existing.target) == targetKeys
            else { continue }
            let newer = (pair.changeDate ?? "") > (existing.changeDate ?? "")
            let creation = [existing.creationDate, pair.creationDate].compactMap { $0 }.min()
            let annotations = StoredAnnotations.union(existing.annotations, pair.annotations)
            if !newer, creation == existing.creationDate, annotations == existing.annotations,
                existing.tuid != nil || pair.tuid == nil
            {
                return true
            }
            try db.cachedStatement(
                sql: """
                    UPDATE unit SET source = ?, target = ?, creation_date = ?, change_date = ?, annotations = ?,
                                    tuid = coalesce(tuid, ?), segments = CASE WHEN ? THEN ? ELSE segments END
                    WHERE id = ?
                    """
            ).execute(arguments: [
                newer ? pair.source : existing.source, newer ? pair.target : existing.target, creation,
                newer ? pair.changeDate : existing.changeDate,
                StoredAnnotations.encode(annotations, with: encoder),
                pair.tuid,
                newer, newer ? StoredSegments.encode(source: pair.sourceContent, target: pair.targetContent, with: encoder) : nil,
                existing.id,
            ])
            return true
        }
        return false
    }

    private func termID(_ text: String) throws -> Int64 {
        if let id = termIDs[text] { return id }
        let id: Int64
        if let found = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM term WHERE text = ?"), arguments: [text]) {
            id = found
        } else {
            try db.cachedStatement(sql: "INSERT INTO term(text) VALUES (?)").execute(arguments: [text])
            id = db.lastInsertedRowID
        }
        termIDs[text] = id
        return id
    }

    /// Writes the buffered postings: appended to a term's last chunk while it is small, else as a new chunk.
    func flush() throws {
        let last = try db.cachedStatement(
            sql: "SELECT chunk, entries FROM posting WHERE term = ? ORDER BY chunk DESC LIMIT 1")
        let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO posting(term, chunk, entries) VALUES (?, ?, ?)")
        let count = try db.cachedStatement(sql: "UPDATE term SET df = df + ? WHERE id = ?")
        for (term, entries) in buffer {
            var chunk: Int64 = 0
            var merged = entries
            if let row = try Row.fetchOne(last, arguments: [term]) {
                let previous: Int64 = row[0]
                let data: Data = row[1]
                if data.count / 4 + entries.count <= smallChunk {
                    chunk = previous
                    merged = IntegerBlob.array(data, as: UInt32.self) + entries
                } else {
                    chunk = previous + 1
                }
            }
            try insert.execute(arguments: [term, chunk, IntegerBlob.data(merged)])
            try count.execute(arguments: [entries.count, term])
        }
        buffer.removeAll(keepingCapacity: true)
        bufferedEntries = 0
    }
}
