import Foundation
import GRDB
import QantaraText
import QantaraTMX

extension SQLiteMemoryStore {
    /// Posting entries read per lookup beyond the ones completeness needs: more lists rank candidates better.
    static let rankingBudget = 40_000
    /// Posting entries read at most per lookup, even when completeness would need more.
    static let readLimit = 600_000
    /// Candidates whose tokens are fetched and scored, best-ranked first. With the budget above this gave a recall
    /// of 0.995–1.0 against the exhaustive top 5 on a million units (`qantara-bench memory`).
    static let scoredCandidates = 1_000

    public func lookup(_ query: MemoryQuery) throws -> [MemoryMatch] {
        let tokens = normalizer.tokens(in: query.text)
        guard !tokens.isEmpty, query.limit > 0 else { return [] }
        return try read { db in
            let terms = try QueryTerms(db, keys: tokens.map(\.folded))
            var languages = LanguageFilter(source: query.sourceLanguage, target: query.targetLanguage)
            var scored: [(score: Int, preference: Int, id: Int64, tokens: [Int32])] = []
            let queryLength = terms.sequence.count
            func consider(_ row: Row) throws {
                guard let preference = languages.preference(row[1], row[2]) else { return }
                let candidate = try row.withUnsafeData(atIndex: 3) { data -> [Int32]? in
                    // The length filter first: most units of a scan fail it, and then nothing is copied.
                    guard let data else { return nil }
                    let length = data.count / MemoryLayout<Int32>.stride
                    let longest = max(length, queryLength)
                    guard abs(length - queryLength) <= FuzzyScorer.maximumDistance(longest: longest, minimum: query.minimumScore)
                    else { return nil }
                    return IntegerBlob.array(data, as: Int32.self)
                }
                guard let candidate else { return }
                if let score = FuzzyScorer.score(query: terms.sequence, candidate: candidate, minimum: query.minimumScore) {
                    scored.append((score, preference, row[0], candidate))
                }
            }
            let columns = "id, source_lang, target_lang, tokens"
            if query.exhaustive {
                let rows = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM unit_tokens")
                while let row = try rows.next() { try consider(row) }
            } else {
                let ids = try candidates(db, terms: terms, minimum: query.minimumScore)
                if !ids.isEmpty {
                    let list = ids.map(String.init).joined(separator: ",")
                    let rows = try Row.fetchCursor(db, sql: "SELECT \(columns) FROM unit_tokens WHERE id IN (\(list))")
                    while let row = try rows.next() {
                        try consider(row)
                    }
                }
            }
            scored.sort { a, b in
                if a.score != b.score { return a.score > b.score }
                if a.preference != b.preference { return a.preference > b.preference }
                return a.id < b.id
            }
            let best = scored.prefix(query.limit)
            let units = try Self.units(db, ids: best.map(\.id))
            return best.compactMap { entry -> MemoryMatch? in
                guard let unit = units[entry.id] else { return nil }
                let unitTokens = normalizer.tokens(in: unit.source)
                let differing = FuzzyScorer.differingTokens(query: terms.sequence, candidate: entry.tokens)
                let ranges = differing.compactMap { $0 < unitTokens.count ? unitTokens[$0].range : nil }
                return MemoryMatch(score: entry.score, unit: unit, differences: ranges)
            }
        }
    }

    /// The units worth scoring, best-ranked first.
    ///
    /// A unit scoring at least `minimum` shares at least `required = ⌈n · minimum / 100⌉` of the query's n tokens
    /// (the distance is at most `max(n, m) · (100 − minimum) / 100`). So it must contain one of the rarest query
    /// terms whose occurrences add up to more than `n − required` (prefix filtering): those posting lists are read
    /// in full (up to `readLimit` entries), more lists are read while under `rankingBudget`, and candidates are
    /// ranked by how many of the read query terms they hold, ties to the older unit as the scorer's order has it.
    func candidates(_ db: Database, terms: QueryTerms, minimum: Int) throws -> [Int64] {
        let n = terms.sequence.count
        let required = max(1, (n * max(0, minimum) + 99) / 100)
        let known = terms.known
        let shareable = known.reduce(0) { $0 + $1.occurrences }
        guard shareable >= required else { return [] }

        let maximumID = Int(try Int64.fetchOne(db, sql: "SELECT max(id) FROM unit") ?? 0)
        var counts = [UInt8](repeating: 0, count: maximumID + 1)
        var touched: [UInt32] = []
        var outside = shareable
        var read = 0
        for term in known {
            let needed = outside >= required
            guard needed ? read < Self.readLimit : read + term.frequency <= Self.rankingBudget else { break }
            outside -= term.occurrences
            let entries = try Self.postings(db, term: term.id)
            read += entries.count
            for entry in entries where entry & 1 == 0 {
                let unit = Int(entry >> 1)
                guard unit < counts.count else { continue }
                if counts[unit] == 0 { touched.append(UInt32(unit)) }
                if counts[unit] < UInt8.max { counts[unit] += 1 }
            }
        }
        // Bucket by count, then by id within the last bucket taken: no sort of the whole candidate set.
        var buckets = [[UInt32]](repeating: [], count: Int(UInt8.max) + 1)
        for unit in touched { buckets[Int(counts[Int(unit)])].append(unit) }
        var chosen: [Int64] = []
        for count in stride(from: Int(UInt8.max), through: 1, by: -1) where !buckets[count].isEmpty {
            let room = Self.scoredCandidates - chosen.count
            if room <= 0 { break }
            let bucket = buckets[count].count > room ? Array(buckets[count].sorted().prefix(room)) : buckets[count]
            chosen += bucket.map { Int64($0) }
        }
        return chosen
    }

    public func concordance(_ phrase: String, limit: Int) throws -> [ConcordanceHit] {
        let keys = normalizer.keys(phrase)
        guard !keys.isEmpty, limit > 0 else { return [] }
        return try read { db in
            let terms = try QueryTerms(db, keys: keys)
            guard terms.known.count == Set(keys).count else { return [] }
            // Intersect the posting lists, rarest first: entries carry the side, so all tokens are on one side.
            var common: [UInt32]? = nil
            for term in terms.known {
                let entries = try Self.postings(db, term: term.id)
                common = common.map { Self.intersect($0, entries) } ?? entries
                if common?.isEmpty == true { return [] }
            }
            var hits: [ConcordanceHit] = []
            for batch in stride(from: 0, to: common?.count ?? 0, by: 200) {
                let entries = common![batch..<min(batch + 200, common!.count)]
                let units = try Self.units(db, ids: entries.map { Int64($0 >> 1) })
                for entry in entries {
                    guard let unit = units[Int64(entry >> 1)] else { continue }
                    let side: ConcordanceHit.Side = entry & 1 == 0 ? .source : .target
                    let text = side == .source ? unit.source : unit.target
                    guard let span = Self.find(keys, in: normalizer.tokens(in: text)) else { continue }
                    hits.append(ConcordanceHit(unit: unit, side: side, span: span))
                    if hits.count == limit { return hits }
                }
            }
            return hits
        }
    }

    static func intersect(_ a: [UInt32], _ b: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                result.append(a[i])
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return result
    }

    /// The scalar span of the first run of `tokens` whose folded forms are `keys`.
    static func find(_ keys: [String], in tokens: [QantaraText.Token]) -> Range<Int>? {
        guard keys.count <= tokens.count else { return nil }
        for start in 0...(tokens.count - keys.count) {
            var matches = true
            for offset in 0..<keys.count where tokens[start + offset].folded != keys[offset] {
                matches = false
                break
            }
            if matches { return tokens[start].range.lowerBound..<tokens[start + keys.count - 1].range.upperBound }
        }
        return nil
    }
}

/// A query's tokens as term ids, with what the index knows about them.
struct QueryTerms {
    struct Term {
        var id: Int64
        /// Posting entries of the term (units holding it, source and target sides).
        var frequency: Int
        /// How often the query holds it.
        var occurrences: Int
    }

    /// The query as ids; a token the memory has never seen gets a negative id no unit holds.
    var sequence: [Int32] = []
    /// Known distinct terms, rarest first.
    var known: [Term] = []

    init(_ db: Database, keys: [String]) throws {
        let distinct = Array(Set(keys))
        var found: [String: (id: Int64, frequency: Int)] = [:]
        for batch in stride(from: 0, to: distinct.count, by: 500) {
            let slice = Array(distinct[batch..<min(batch + 500, distinct.count)])
            let marks = Array(repeating: "?", count: slice.count).joined(separator: ",")
            for row in try Row.fetchAll(
                db, sql: "SELECT text, id, df FROM term WHERE text IN (\(marks))", arguments: StatementArguments(slice))
            {
                found[row[0]] = (row[1], row[2])
            }
        }
        var unknown: [String: Int32] = [:]
        var occurrences: [Int64: Int] = [:]
        for key in keys {
            if let term = found[key], term.frequency > 0 {
                sequence.append(Int32(truncatingIfNeeded: term.id))
                occurrences[term.id, default: 0] += 1
            } else {
                if unknown[key] == nil { unknown[key] = -Int32(unknown.count + 1) }
                sequence.append(unknown[key]!)
            }
        }
        known = found.values.filter { $0.frequency > 0 }.map {
            Term(id: $0.id, frequency: $0.frequency, occurrences: occurrences[$0.id] ?? 0)
        }.sorted { ($0.frequency, $0.id) < ($1.frequency, $1.id) }
    }
}

/// Which units a lookup's languages accept: same primary languages; a same region ranks higher.
struct LanguageFilter {
    private let source: String
    private let target: String
    private let sourcePrimary: String
    private let targetPrimary: String
    /// Verdicts per tag as stored: a memory holds few distinct tags, and a scan asks about every unit.
    private var sourceVerdicts: [String: Int?] = [:]
    private var targetVerdicts: [String: Int?] = [:]

    init(source: String, target: String) {
        self.source = LanguageTag.canonical(source)
        self.target = LanguageTag.canonical(target)
        sourcePrimary = LanguageTag.primary(source)
        targetPrimary = LanguageTag.primary(target)
    }

    /// nil when the unit's languages do not match; else 0–2, the number of sides whose full tag matches.
    mutating func preference(_ unitSource: String, _ unitTarget: String) -> Int? {
        guard let sourceScore = Self.verdict(unitSource, source, sourcePrimary, &sourceVerdicts),
            let targetScore = Self.verdict(unitTarget, target, targetPrimary, &targetVerdicts)
        else { return nil }
        return sourceScore + targetScore
    }

    private static func verdict(_ tag: String, _ wanted: String, _ primary: String, _ cache: inout [String: Int?]) -> Int? {
        if let known = cache[tag] { return known }
        let verdict: Int? = LanguageTag.primary(tag) == primary ? (LanguageTag.canonical(tag) == wanted ? 1 : 0) : nil
        cache[tag] = verdict
        return verdict
    }
}
