import ArgumentParser
import Foundation
import Qantara

/// `qantara tm`: the translation memory.
struct MemoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tm",
        abstract: "Translation memory: import TMX, fuzzy lookup, concordance, export.",
        discussion: """
            The memory is one SQLite file: --memory PATH, else $QANTARA_MEMORY, else \
            $XDG_DATA_HOME/qantara/memory.sqlite (~/.local/share/qantara/memory.sqlite). A file that is not a \
            Qantara memory is refused and left untouched.
            """,
        subcommands: [Import.self, Lookup.self, Concordance.self, Export.self, Stats.self]
    )

    struct Location: ParsableArguments {
        @Option(name: .customLong("memory"), help: "The memory file.")
        var path: String?

        func open() throws -> any MemoryStore {
            do {
                return try MemoryLocation.open(explicit: path)
            } catch let error as MemoryError {
                throw CommandFailure(description: error.description, exitCode: CLI.cannotRun)
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Import TMX files; each file is one transaction (all or nothing).",
            discussion: """
                Units whose normalized source and target equal a unit's in the memory merge with it: props and \
                notes are united, the newest change date wins. A file that fails (malformed TMX) or an import that \
                is killed leaves the memory as it was before that file; importing it again completes it.
                """)

        @OptionGroup var location: Location

        @Argument(help: "TMX files.")
        var files: [String]

        func run() throws {
            try CLI.run {
                let store = try location.open()
                var failure: Error?
                for file in files {
                    do {
                        let summary = try store.importTMX(path: file)
                        print(
                            "\(file): \(summary.unitsRead) units read, \(summary.added) added, "
                                + "\(summary.merged) merged, \(summary.skipped) skipped")
                    } catch {
                        CLI.printError("error: \(error)")
                        CLI.printError("\(file): nothing imported")
                        failure = failure ?? error
                    }
                }
                if let failure { throw CLI.exitCode(for: failure) }
            }
        }
    }

    struct Lookup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lookup",
            abstract: "Fuzzy matches for a sentence, best first, scored like OmegaT (token-level edit distance).",
            discussion: """
                Scores are 100 × (1 − edit distance / longer length) over normalized tokens (Arabic diacritics, \
                tatweel, alef/hamza/ya variants folded; numbers and punctuation are tokens); 100 means an exact \
                normalized match. Text output marks the memory's differing words with [brackets]. --json prints \
                an array of {"score", "source", "target", "id", "sourceLanguage", "targetLanguage", \
                "differences": [[start, end]...] (Unicode scalar offsets in source), "tuid", "changeDate"}.
                """)

        @OptionGroup var location: Location

        @Argument(help: "The sentence to look up.")
        var text: String

        @Option(help: "Source language (regions allowed: matched on the language, the region ranks first).")
        var sourceLang = "ar"

        @Option(help: "Target language.")
        var targetLang = "en"

        @Option(help: "Lowest score shown (0-100).")
        var min = 70

        @Option(help: "Most matches shown.")
        var limit = 5

        @Flag(help: "Score every unit instead of the index's candidates (slow; the reference for tests).")
        var exhaustive = false

        @Flag(help: "Print JSON.")
        var json = false

        func validate() throws {
            guard text.contains(where: { !$0.isWhitespace }) else { throw ValidationError("the sentence to look up is empty") }
            guard (0...100).contains(min) else { throw ValidationError("--min must be between 0 and 100") }
            guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() throws {
            try CLI.run {
                let matches = try location.open().lookup(
                    MemoryQuery(
                        text: text, sourceLanguage: sourceLang, targetLanguage: targetLang, minimumScore: min,
                        limit: limit, exhaustive: exhaustive))
                if json {
                    try printJSON(matches.map(MatchJSON.init))
                    return
                }
                for match in matches {
                    print("\(match.score)\t\(marked(match.unit.source, match.differences, "[", "]"))")
                    print("\t\(match.unit.target)")
                }
            }
        }
    }

    struct Concordance: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "concordance",
            abstract: "Units whose source or target contains a phrase (normalized: عقدت finds عُقدت).",
            discussion: """
                The phrase matches whole normalized tokens. Text output marks the span with «guillemets». \
                --json prints an array of {"id", "side" ("source" or "target"), "start", "end" (Unicode scalar \
                offsets in that side's text), "source", "target", "sourceLanguage", "targetLanguage"}.
                """)

        @OptionGroup var location: Location

        @Argument(help: "The phrase.")
        var phrase: String

        @Option(help: "Most units shown.")
        var limit = 50

        @Flag(help: "Print JSON.")
        var json = false

        func validate() throws {
            guard phrase.contains(where: { !$0.isWhitespace }) else { throw ValidationError("the phrase is empty") }
            guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() throws {
            try CLI.run {
                let hits = try location.open().concordance(phrase, limit: limit)
                if json {
                    try printJSON(hits.map(ConcordanceJSON.init))
                    return
                }
                for hit in hits {
                    let source = hit.side == .source ? marked(hit.unit.source, [hit.span], "«", "»") : hit.unit.source
                    let target = hit.side == .target ? marked(hit.unit.target, [hit.span], "«", "»") : hit.unit.target
                    print("\(hit.unit.id)\t\(source)\n\t\(target)")
                }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export", abstract: "Write the whole memory as TMX 1.4b.")

        @OptionGroup var location: Location

        @Option(name: .shortAndLong, help: "The TMX file to write.")
        var output: String

        func run() throws {
            try CLI.run {
                let written = try location.open().exportTMX(to: output)
                print("\(output): \(written) units")
            }
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats",
            abstract: "What the memory holds.",
            discussion: """
                --json prints {"path", "units", "languagePairs": [{"source", "target", "units"}], "terms", \
                "imports", "fileBytes"}.
                """)

        @OptionGroup var location: Location

        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            try CLI.run {
                let store = try location.open()
                let statistics = try store.statistics()
                if json {
                    try printJSON(StatisticsJSON(path: store.location, statistics))
                    return
                }
                print("memory: \(store.location)")
                print("units: \(statistics.units)")
                for pair in statistics.languagePairs { print("  \(pair.source) → \(pair.target): \(pair.units)") }
                print("index terms: \(statistics.terms)")
                print("imports: \(statistics.imports)")
                print("size: \(statistics.fileBytes) bytes")
            }
        }
    }
}

/// `text` with `ranges` (Unicode scalar offsets) wrapped in `open`/`close`.
private func marked(_ text: String, _ ranges: [Range<Int>], _ open: String, _ close: String) -> String {
    var result = String.UnicodeScalarView()
    var next = 0
    let starts = Set(ranges.map(\.lowerBound))
    let ends = Set(ranges.map(\.upperBound))
    for scalar in text.unicodeScalars {
        if ends.contains(next) { result.append(contentsOf: close.unicodeScalars) }
        if starts.contains(next) { result.append(contentsOf: open.unicodeScalars) }
        result.append(scalar)
        next += 1
    }
    if ends.contains(next) { result.append(contentsOf: close.unicodeScalars) }
    return String(result)
}

private func printJSON<Value: Encodable>(_ value: Value) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

private struct MatchJSON: Encodable {
    var score: Int
    var source: String
    var target: String
    var id: Int64
    var sourceLanguage: String
    var targetLanguage: String
    var differences: [[Int]]
    var tuid: String?
    var changeDate: String?

    init(_ match: MemoryMatch) {
        score = match.score
        source = match.unit.source
        target = match.unit.target
        id = match.unit.id
        sourceLanguage = match.unit.sourceLanguage
        targetLanguage = match.unit.targetLanguage
        differences = match.differences.map { [$0.lowerBound, $0.upperBound] }
        tuid = match.unit.tuid
        changeDate = match.unit.changeDate
    }
}

private struct ConcordanceJSON: Encodable {
    var id: Int64
    var side: String
    var start: Int
    var end: Int
    var source: String
    var target: String
    var sourceLanguage: String
    var targetLanguage: String

    init(_ hit: ConcordanceHit) {
        id = hit.unit.id
        side = hit.side.rawValue
        start = hit.span.lowerBound
        end = hit.span.upperBound
        source = hit.unit.source
        target = hit.unit.target
        sourceLanguage = hit.unit.sourceLanguage
        targetLanguage = hit.unit.targetLanguage
    }
}

private struct StatisticsJSON: Encodable {
    struct Pair: Encodable {
        var source: String
        var target: String
        var units: Int
    }

    var path: String
    var units: Int
    var languagePairs: [Pair]
    var terms: Int
    var imports: Int
    var fileBytes: Int

    init(path: String, _ statistics: MemoryStatistics) {
        self.path = path
        units = statistics.units
        languagePairs = statistics.languagePairs.map { Pair(source: $0.source, target: $0.target, units: $0.units) }
        terms = statistics.terms
        imports = statistics.imports
        fileBytes = statistics.fileBytes
    }
}
