import ArgumentParser
import Foundation

/// `qantara-bench align`: sentence alignment speed, memory and accuracy beside PyPI `galechurch`
/// (Gale–Church in Rust, multi-core), on the same documents in the same run.
struct AlignBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract: "Alignment time and peak memory (align-dev batch; 1k/5k/10k-sentence documents) beside galechurch."
    )

    @Option(help: "The shared data folder (corpora/ar-en, tools).")
    var shared = "../shared"

    @Option(help: "The qantara executable (default: beside qantara-bench).")
    var qantara: String?

    @Option(parsing: .upToNextOption, help: "Sizes of the long documents, in Arabic sentences.")
    var sizes: [Int] = [1_000, 5_000, 10_000]

    @Option(help: "Runs of each tool on align-dev (alternated; medians are printed).")
    var runs = 5

    func run() throws {
        let executable = qantara ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("qantara").path
        let shared = URL(fileURLWithPath: self.shared).standardizedFileURL.path
        let corpus = "\(shared)/corpora/ar-en"
        guard FileManager.default.fileExists(atPath: "\(corpus)/align-dev/gold") else {
            throw ValidationError("\(corpus)/align-dev not found: give --shared")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("qbench-align-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let dictionary = FileManager.default.fileExists(atPath: "/usr/share/dictd/freedict-ara-eng.index") ? "FreeDict ara-eng" : "no dictionary"
        print("Sentence alignment, Arabic→English; Qantara with glossary-small.tsv and \(dictionary); wall time of the whole command")
        print("(the machine may be shared: both tools measured back to back in this run)")
        print("(F1 \"–\": no output to score, e.g. galechurch refuses a block over its DP-size limit)")
        let galechurch = Self.galechurchExecutable()
        print("galechurch: \(galechurch)")
        print("set                       tool         wall s   CPU s  peak MB  strict F1  lax F1")

        // 1. align-dev: 49 documents, through --batch, beside galechurch on the same folders.
        let dev = "\(corpus)/align-dev"
        let qantaraOut = work.appendingPathComponent("dev-qantara").path
        let withoutDictionaryOut = work.appendingPathComponent("dev-qantara-no-dictionary").path
        let galechurchOut = work.appendingPathComponent("dev-galechurch").path
        for folder in [qantaraOut, withoutDictionaryOut, galechurchOut] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: "\(dev)/ar").filter { $0.hasSuffix(".txt") }.sorted()
        func batchList(writingTo output: String) throws -> String {
            let list = output + ".list"
            try names.map { "\(dev)/ar/\($0)\t\(dev)/en/\($0)\t\(output)/\($0)" }.joined(separator: "\n")
                .write(toFile: list, atomically: true, encoding: .utf8)
            return list
        }
        let qantaraBatch = [
            executable, "align", "--batch", try batchList(writingTo: qantaraOut), "--presegmented", "--format", "beads",
            "--glossary", "\(corpus)/glossary-small.tsv",
        ]
        // The same without the dictionary: what its evidence costs in time, and what it buys in F1.
        let withoutDictionaryBatch = [
            executable, "align", "--batch", try batchList(writingTo: withoutDictionaryOut), "--presegmented", "--format", "beads",
            "--glossary", "\(corpus)/glossary-small.tsv", "--dictionary", "none",
        ]
        // The tools alternated, medians: one run of any is a fraction of a second, where a shared machine's
        // noise is large.
        var ours: [(seconds: Double, cpuSeconds: Double, peakBytes: Int)] = []
        var oursWithoutDictionary: [(seconds: Double, cpuSeconds: Double, peakBytes: Int)] = []
        var theirs: [(seconds: Double, cpuSeconds: Double, peakBytes: Int)] = []
        for _ in 0..<max(1, runs) {
            ours.append(try Measure.commandWithCPU(qantaraBatch))
            oursWithoutDictionary.append(try Measure.commandWithCPU(withoutDictionaryBatch))
            theirs.append(try Measure.commandWithCPU([galechurch, "-src", "\(dev)/ar", "-trg", "\(dev)/en", "-out", galechurchOut]))
        }
        let oursMedian = Self.medians(ours)
        let withoutDictionaryMedian = Self.medians(oursWithoutDictionary)
        let theirsMedian = Self.medians(theirs)
        report("align-dev, 49 docs", "Qantara", oursMedian, score(gold: "\(dev)/gold", test: qantaraOut))
        report("align-dev, 49 docs", "Q, no dict.", withoutDictionaryMedian, score(gold: "\(dev)/gold", test: withoutDictionaryOut))
        report("align-dev, 49 docs", "galechurch", theirsMedian, score(gold: "\(dev)/gold", test: galechurchOut))
        for (label, median) in [("Qantara", oursMedian), ("Qantara without dictionary", withoutDictionaryMedian)] {
            print(String(
                format: "%@ / galechurch on align-dev (medians of %d alternated runs): wall %.2f, CPU %.2f   (target wall ≤ 0.5)",
                label, max(1, runs), median.seconds / max(theirsMedian.seconds, 1e-9),
                median.cpuSeconds / max(theirsMedian.cpuSeconds, 1e-9)))
        }

        // 2. Long documents: the documents of a --repeat set concatenated, gold indices shifted.
        let repeatSet = work.appendingPathComponent("repeat").path
        let largest = sizes.max() ?? 0
        let passes = max(1, Int((Double(largest) / 2_700).rounded(.up)))
        _ = try runPython(script: "\(shared)/tools/make_align_test.py", arguments: [
            "--src", "\(corpus)/dev.ar", "--tgt", "\(corpus)/dev.en", "--docid", "\(corpus)/dev.docid", "--out", repeatSet,
            "--src-name", "ar", "--tgt-name", "en", "--repeat", String(passes),
        ])
        for size in sizes.sorted() {
            let folder = work.appendingPathComponent("long-\(size)")
            let (arabicCount, englishCount) = try concatenate(set: repeatSet, into: folder, sentences: size)
            let label = "\(arabicCount) × \(englishCount) sentences"
            let out = folder.appendingPathComponent("out-qantara")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let measured = try Measure.commandWithCPU([
                executable, "align", "--presegmented", "--format", "beads", "--glossary", "\(corpus)/glossary-small.tsv",
                "-o", out.appendingPathComponent("doc.txt").path,
                folder.appendingPathComponent("ar/doc.txt").path, folder.appendingPathComponent("en/doc.txt").path,
            ])
            report(label, "Qantara", measured, score(gold: folder.appendingPathComponent("gold").path, test: out.path))
            let gcOut = folder.appendingPathComponent("out-galechurch")
            try FileManager.default.createDirectory(at: gcOut, withIntermediateDirectories: true)
            let anchor = try Measure.commandWithCPU([
                galechurch, "-src", folder.appendingPathComponent("ar").path, "-trg", folder.appendingPathComponent("en").path,
                "-out", gcOut.path,
            ])
            report(label, "galechurch", anchor, score(gold: folder.appendingPathComponent("gold").path, test: gcOut.path))
        }
    }

    private func report(
        _ set: String, _ tool: String, _ measured: (seconds: Double, cpuSeconds: Double, peakBytes: Int), _ scores: (Double, Double)?
    ) {
        let f1 = scores.map { String(format: "%9.3f  %6.3f", $0.0, $0.1) } ?? "        –       –"
        print(String(format: "%@ %@ %7.2f %7.2f  %7.1f  %@", set.padding(toLength: 25, withPad: " ", startingAt: 0),
                     tool.padding(toLength: 11, withPad: " ", startingAt: 0), measured.seconds, measured.cpuSeconds,
                     Double(measured.peakBytes) / 1_048_576, f1))
    }

    private static func medians(
        _ runs: [(seconds: Double, cpuSeconds: Double, peakBytes: Int)]
    ) -> (seconds: Double, cpuSeconds: Double, peakBytes: Int) {
        (Measure.median(runs.map(\.seconds)), Measure.median(runs.map(\.cpuSeconds)), runs.map(\.peakBytes).max() ?? 0)
    }

    /// galechurch's own entry point: the script pip installed beside the Python that imports it. A version
    /// manager's shim first on PATH (pyenv's) adds ~80 ms of shell to every call, which is not galechurch's time.
    private static func galechurchExecutable() -> String {
        let script = try? QantaraBench.runPython(
            "import os, sysconfig; print(os.path.join(sysconfig.get_path('scripts'), 'galechurch'))", arguments: [])
        let path = script?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return FileManager.default.isExecutableFile(atPath: path) ? path : "galechurch"
    }

    /// Strict and lax F1 from the shared scorer, nil when it cannot run.
    private func score(gold: String, test: String) -> (Double, Double)? {
        let shared = URL(fileURLWithPath: self.shared).standardizedFileURL.path
        guard let output = try? runPython(script: "\(shared)/tools/align_score.py", arguments: ["-g", gold, "-t", test, "--json"]),
            let json = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
            let strict = json["f1_strict"] as? Double, let lax = json["f1_lax"] as? Double
        else { return nil }
        return (strict, lax)
    }

    /// Joins consecutive documents of `set` until `sentences` Arabic lines, shifting the gold indices.
    private func concatenate(set: String, into folder: URL, sentences: Int) throws -> (Int, Int) {
        for side in ["ar", "en", "gold"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(side), withIntermediateDirectories: true)
        }
        var arabic: [Substring] = []
        var english: [Substring] = []
        var gold: [String] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: "\(set)/ar").sorted() where arabic.count < sentences {
            let sourceLines = try String(contentsOfFile: "\(set)/ar/\(name)", encoding: .utf8).split(separator: "\n")
            let targetLines = try String(contentsOfFile: "\(set)/en/\(name)", encoding: .utf8).split(separator: "\n")
            for line in try String(contentsOfFile: "\(set)/gold/\(name)", encoding: .utf8).split(separator: "\n") {
                let sides = line.split(separator: ":", omittingEmptySubsequences: false)
                func shift(_ side: Substring, by offset: Int) -> String {
                    let ids = side.filter { $0.isNumber || $0 == "," }.split(separator: ",").compactMap { Int($0) }
                    return "[" + ids.map { String($0 + offset) }.joined(separator: ", ") + "]"
                }
                gold.append(shift(sides[0], by: arabic.count) + ":" + shift(sides[1], by: english.count))
            }
            arabic += sourceLines
            english += targetLines
        }
        try (arabic.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("ar/doc.txt"), atomically: true, encoding: .utf8)
        try (english.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("en/doc.txt"), atomically: true, encoding: .utf8)
        try (gold.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("gold/doc.txt"), atomically: true, encoding: .utf8)
        return (arabic.count, english.count)
    }

    /// Runs a Python script file with the shared `runPython` (which takes code): argv as if run directly.
    private func runPython(script: String, arguments: [String]) throws -> String {
        try QantaraBench.runPython(
            "import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')",
            arguments: [script] + arguments)
    }
}
