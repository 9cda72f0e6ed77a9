import ArgumentParser
import Foundation
import Qantara

/// `qantara-bench memory`: imports about a million distinct units, then times indexed lookups, measures their
/// recall against the exhaustive scan (same scorer), and times rapidfuzz's linear scan on the same queries.
struct MemoryBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Translation memory: import time, file size, lookup latency and recall, rapidfuzz anchor.",
        discussion: """
            Inputs: ../shared/tools/make_big_tmx.py (templates, about 17.5% distinct) and \
            Benchmarks/make_memory_corpus.py (dev-corpus recombinations) so that the memory holds about \
            --units distinct units. Needs python3 with rapidfuzz for the anchor.
            """)

    @Option(help: "Distinct units to aim for.")
    var units = 1_000_000

    @Option(help: "Lookup queries timed.")
    var queries = 1000

    @Option(help: "Queries also run with --exhaustive for recall (each scans the whole memory).")
    var recallQueries = 200

    @Option(help: "Queries given to the rapidfuzz linear scan.")
    var anchorQueries = 1000

    @Option(help: "The shared data folder.")
    var shared = "../shared"

    @Option(help: "Working folder (inputs are kept and reused; the memory is rebuilt).")
    var work = "bench-out/memory"

    @Flag(help: "Reuse the memory an earlier run built instead of importing again (for tuning lookups).")
    var keepMemory = false

    func run() throws {
        let fileManager = FileManager.default
        try fileManager.createDirectory(atPath: work, withIntermediateDirectories: true)
        let templates = work + "/templates.tmx"
        let recombined = work + "/recombined.tmx"
        let queryFile = work + "/queries.txt"
        let templateUnits = units
        let recombinedUnits = units * 90 / 100
        if !fileManager.fileExists(atPath: templates) {
            try python([shared + "/tools/make_big_tmx.py", "--tus", String(templateUnits), "--out", templates])
        }
        if !fileManager.fileExists(atPath: recombined) || !fileManager.fileExists(atPath: queryFile) {
            try python([
                "Benchmarks/make_memory_corpus.py", "--dev", shared + "/corpora/ar-en", "--big-tmx", templates,
                "--units", String(recombinedUnits), "--queries", String(queries), "--out-tmx", recombined,
                "--out-queries", queryFile,
            ])
        }

        let memoryPath = work + "/memory.sqlite"
        if !keepMemory {
            for suffix in ["", "-wal", "-shm"] { try? fileManager.removeItem(atPath: memoryPath + suffix) }
        }
        let store = try SQLiteMemoryStore(path: memoryPath)
        if !keepMemory {
            var imported: [MemoryImportSummary] = []
            var cpu = 0.0
            let importSeconds = try Measure.seconds {
                cpu = try Self.cpuSeconds {
                    imported = [try store.importTMX(path: templates), try store.importTMX(path: recombined)]
                }
            }
            let read = imported.map(\.unitsRead).reduce(0, +)
            print("import: \(read) TMX units (\(templateUnits) templates, \(recombinedUnits) recombined)")
            print(String(format: "  import time %.1f s wall, %.1f s CPU (%.0f TMX units/s wall)", importSeconds, cpu,
                         Double(read) / importSeconds))
        }
        let statistics = try store.statistics()
        print(String(format: "memory: %d distinct units, %d index terms, file size %.1f MB (with WAL), peak RSS %.0f MB",
                     statistics.units, statistics.terms, Double(statistics.fileBytes) / 1e6,
                     Double(Measure.peakResidentBytes()) / 1e6))

        let texts = try String(contentsOfFile: queryFile, encoding: .utf8).split(separator: "\n").map(String.init)
        var latencies: [Double] = []
        var cpuTimes: [Double] = []
        var indexed: [[Int64]] = []
        var found = 0
        for text in texts.prefix(queries) {
            var matches: [MemoryMatch] = []
            latencies.append(try Measure.seconds {
                cpuTimes.append(try Self.cpuSeconds { matches = try store.lookup(MemoryQuery(text: text)) })
            })
            indexed.append(matches.map(\.unit.id))
            if !matches.isEmpty { found += 1 }
        }
        print(String(format: "lookup (index, --min 70 --limit 5): %d queries, %d with a match", latencies.count, found))
        print(String(format: "  wall p50 %.1f ms, p95 %.1f ms, max %.1f ms; CPU p50 %.1f ms, p95 %.1f ms",
                     Measure.median(latencies) * 1000, Measure.percentile(latencies, 0.95) * 1000,
                     (latencies.max() ?? 0) * 1000, Measure.median(cpuTimes) * 1000,
                     Measure.percentile(cpuTimes, 0.95) * 1000))

        let reference = try exhaustiveReference(store: store, texts: Array(texts.prefix(min(recallQueries, queries))),
                                                units: statistics.units)
        var expected = 0
        var recalled = 0
        for (index, ids) in reference.ids.enumerated() {
            expected += ids.count
            recalled += Set(ids).intersection(indexed[index]).count
        }
        let recall = expected == 0 ? 1 : Double(recalled) / Double(expected)
        print(String(format: "recall of the indexed top 5 against --exhaustive's top 5: %.3f (%d of %d, over %d queries); exhaustive p50 %.0f ms",
                     recall, recalled, expected, reference.ids.count, reference.medianSeconds * 1000))

        if anchorQueries > 0 { try anchor(store: store, texts: Array(texts.prefix(anchorQueries))) }
    }

    /// The exhaustive scan's top 5 for each query: computed, or with --keep-memory read back from the run that
    /// computed it for the same memory (each scan reads every unit, so this is the slow part of the benchmark).
    private func exhaustiveReference(store: SQLiteMemoryStore, texts: [String], units: Int) throws
        -> (ids: [[Int64]], medianSeconds: Double)
    {
        let cache = work + "/exhaustive-top5.txt"
        let header = "units \(units) queries \(texts.count)"
        if keepMemory, let saved = try? String(contentsOfFile: cache, encoding: .utf8) {
            let lines = saved.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.first?.hasPrefix(header + " median ") == true, lines.count > texts.count {
                let median = Double(lines[0].split(separator: " ").last ?? "") ?? 0
                return (lines[1...texts.count].map { $0.split(separator: " ").compactMap { Int64($0) } }, median)
            }
        }
        var ids: [[Int64]] = []
        var times: [Double] = []
        for text in texts {
            var matches: [MemoryMatch] = []
            times.append(try Measure.seconds { matches = try store.lookup(MemoryQuery(text: text, exhaustive: true)) })
            ids.append(matches.map(\.unit.id))
        }
        let median = Measure.median(times)
        let lines = ["\(header) median \(median)"] + ids.map { $0.map(String.init).joined(separator: " ") }
        try lines.joined(separator: "\n").write(toFile: cache, atomically: true, encoding: .utf8)
        return (ids, median)
    }

    /// CPU time of this thread while `body` runs: the figure that does not depend on what else the machine runs.
    private static func cpuSeconds(_ body: () throws -> Void) rethrows -> Double {
        let start = Measure.cpuSeconds(thread: true)
        try body()
        return Measure.cpuSeconds(thread: true) - start
    }

    /// rapidfuzz over the same normalized token sequences, from this run's memory.
    private func anchor(store: SQLiteMemoryStore, texts: [String]) throws {
        let normalizer = MemoryNormalizer()
        let choices = work + "/choices.txt"
        let folded = work + "/queries-folded.txt"
        _ = FileManager.default.createFile(atPath: choices, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: choices))
        var batch = ""
        try store.forEachUnit { unit in
            batch += normalizer.keys(unit.source).joined(separator: " ") + "\n"
            if batch.utf8.count > 1 << 20 {
                handle.write(Data(batch.utf8))
                batch = ""
            }
        }
        handle.write(Data(batch.utf8))
        try handle.close()
        try texts.map { normalizer.keys($0).joined(separator: " ") }.joined(separator: "\n")
            .write(toFile: folded, atomically: true, encoding: .utf8)
        let report = work + "/rapidfuzz.json"
        try python(["Benchmarks/rapidfuzz_scan.py", "--choices", choices, "--queries", folded], stdout: report)
        guard let data = FileManager.default.contents(atPath: report),
            let result = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let p50 = result["p50"] as? Double, let p95 = result["p95"] as? Double, let count = result["queries"] as? Int
        else { throw ValidationError("rapidfuzz_scan.py gave no result") }
        print(String(format: "anchor: rapidfuzz %@ linear scan (token Levenshtein, cutoff 0.7, top 5): %d queries, p50 %.0f ms, p95 %.0f ms",
                     rapidfuzzVersion(), count, p50 * 1000, p95 * 1000))
    }

    private func rapidfuzzVersion() -> String {
        let output = work + "/rapidfuzz-version.txt"
        guard (try? python(["-c", "import rapidfuzz; print(rapidfuzz.__version__)"], stdout: output)) != nil,
            let text = try? String(contentsOfFile: output, encoding: .utf8)
        else { return "" }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func python(_ arguments: [String], stdout: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        if let stdout {
            _ = FileManager.default.createFile(atPath: stdout, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: stdout)
        }
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ValidationError("python3 \(arguments.joined(separator: " ")) failed (\(process.terminationStatus))")
        }
    }
}
