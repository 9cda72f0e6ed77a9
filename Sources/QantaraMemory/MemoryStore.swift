import QantaraTMX

/// A translation memory. Callers (the CLI, alignment, review export) see only this protocol, so a shared server
/// backend (PostgreSQL) can stand beside `SQLiteMemoryStore` later without touching them: nothing here names SQL,
/// files or connections, and scoring lives in `FuzzyScorer`, which any backend reuses.
public protocol MemoryStore: AnyObject, Sendable {
    /// Where the memory is, for messages (a file path; a server URL for a server backend).
    var location: String { get }

    /// Imports the units `next` yields until it returns nil, as one transaction: if `next` throws (bad TMX) or the
    /// process dies, the memory is left as it was before the call. `origin` names the source (a file path) in
    /// errors and in the import log.
    func importUnits(
        origin: String, defaultSourceLanguage: String?, next: () throws -> TMXUnit?
    ) throws -> MemoryImportSummary

    /// Adds units (e.g. the pairs `qantara align` just made) in one transaction, merging like an import.
    func add(units: [TMXUnit], defaultSourceLanguage: String?, origin: String) throws -> MemoryImportSummary

    /// The best fuzzy matches, best first; ties go to the unit whose region matches the query's, then to the
    /// older unit (smaller id).
    func lookup(_ query: MemoryQuery) throws -> [MemoryMatch]

    /// Units whose source or target contains `phrase` (normalized, whole tokens), oldest first.
    func concordance(_ phrase: String, limit: Int) throws -> [ConcordanceHit]

    func statistics() throws -> MemoryStatistics

    /// Calls `body` with every unit, oldest first (for export).
    func forEachUnit(_ body: (MemoryUnit) throws -> Void) throws
}

extension MemoryStore {
    /// Adds the pairs `qantara align` made (units with one language only, 1-0 and 0-1 beads, are skipped).
    @discardableResult
    public func add(units: [TMXUnit], sourceLanguage: String? = nil) throws -> MemoryImportSummary {
        try add(units: units, defaultSourceLanguage: sourceLanguage, origin: "qantara align")
    }
}
