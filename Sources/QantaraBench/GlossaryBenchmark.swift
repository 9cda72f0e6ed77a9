import ArgumentParser
import Foundation
import Qantara

/// `qantara-bench glossary`: loading a generated 100,000-entry glossary and scanning 10 MB of Arabic with it,
/// beside GNU `grep -F` (Aho–Corasick over the same forms, without folding or clitics) on the same files.
struct GlossaryBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glossary",
        abstract: "Glossary load time and Arabic scan speed (targets: load < 1 s for 100k entries, scan ≥ 20 MB/s).")

    @Option(help: "Entries in the generated glossary.")
    var entries = 100_000

    @Option(help: "Megabytes of Arabic text to scan.")
    var megabytes = 10

    @Option(help: "Runs of each measurement (the median is printed).")
    var runs = 3

    func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qbench-glossary-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var generator = SyntheticArabic(seed: 2025)
        let names = (0..<entries).map { _ in generator.name() }

        var tsv = "type\tarabic\tenglish\tarabic_variants\tenglish_variants\tnote\n"
        var patterns = ""
        for (index, name) in names.enumerated() {
            tsv += "\(["PERSON", "LOC", "ORG", "MISC"][index % 4])\t\(name)\tName \(index)\t\t\t\n"
            patterns += name + "\n"
        }
        let glossaryPath = (directory as NSString).appendingPathComponent("generated.tsv")
        let patternPath = (directory as NSString).appendingPathComponent("forms.txt")
        try tsv.write(toFile: glossaryPath, atomically: false, encoding: .utf8)
        try patterns.write(toFile: patternPath, atomically: false, encoding: .utf8)

        // Running text: real Arabic news sentences (../shared/corpora/ar-en/dev.ar, synthetic words when it is
        // absent) with a glossary name, often behind a clitic, after every dozen words or so.
        let corpus = (try? String(contentsOfFile: "../shared/corpora/ar-en/dev.ar", encoding: .utf8))
            .map { $0.split(whereSeparator: \.isWhitespace).map(String.init) } ?? []
        let clitics = ["", "", "و", "ب", "ل", "وب"]
        var text = ""
        let target = megabytes * 1_000_000
        var sentence = 0
        var cursor = 0
        while text.utf8.count < target {
            var line = ""
            for _ in 0..<12 {
                if corpus.isEmpty {
                    line += generator.word() + " "
                } else {
                    line += corpus[cursor % corpus.count] + " "
                    cursor += 1
                }
            }
            let name = names[generator.next(names.count)]
            let clitic = clitics[sentence % clitics.count]
            // ل + ال is written لل.
            line += clitic == "ل" && name.hasPrefix("ال") ? "لل" + name.dropFirst(2) : clitic + name
            line += sentence % 5 == 4 ? ".\n\n" : "، "
            text += line
            sentence += 1
        }
        let source = corpus.isEmpty ? "synthetic words" : "news sentences of ../shared/corpora/ar-en/dev.ar"
        let textPath = (directory as NSString).appendingPathComponent("text.txt")
        try text.write(toFile: textPath, atomically: false, encoding: .utf8)
        let bytes = Double(text.utf8.count)

        // Load as a user pays it: Glossary.load (read and parse the TSV, check duplicates), then the matcher's index.
        var read: [(wall: Double, cpu: Double)] = []
        var index: [(wall: Double, cpu: Double)] = []
        var matcher: GlossaryMatcher?
        for _ in 0..<runs {
            var glossary = Glossary(entries: [])
            read.append(try Measure.wallAndCPUSeconds { glossary = try Glossary.load(path: glossaryPath) })
            index.append(Measure.wallAndCPUSeconds { matcher = GlossaryMatcher(glossary: glossary) })
        }
        guard let matcher else { return }
        // Scan: matches(in:language:) over the whole text, offsets and surfaces included.
        var scan: [(wall: Double, cpu: Double)] = []
        var found = 0
        for _ in 0..<runs {
            scan.append(Measure.wallAndCPUSeconds { found = matcher.matches(in: text, language: "ar").count })
        }
        var grepTimes: [Double] = []
        for _ in 0..<runs {
            grepTimes.append(try Measure.command(["grep", "-c", "-F", "-f", patternPath, textPath]).seconds)
        }
        let grep = Measure.median(grepTimes)
        let loadAverage = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first ?? "?"
        print("glossary: \(entries) generated entries, \(String(format: "%.1f", bytes / 1e6)) MB of Arabic (\(source) with a generated name every 12 words), median of \(runs) runs")
        print("  CPU time is user + system time of this process (steadier than wall time on a shared machine); load average \(loadAverage) on \(ProcessInfo.processInfo.activeProcessorCount) cores")
        func median(_ times: [(wall: Double, cpu: Double)]) -> (wall: Double, cpu: Double) {
            (Measure.median(times.map(\.wall)), Measure.median(times.map(\.cpu)))
        }
        let load = median(zip(read, index).map { ($0.wall + $1.wall, $0.cpu + $1.cpu) })
        let (readTime, indexTime, scanTime) = (median(read), median(index), median(scan))
        print(String(format: "  Qantara load (Glossary.load + GlossaryMatcher.init): %.3f s CPU, %.3f s wall = read TSV %.3f s CPU + build index %.3f s CPU   (target < 1 s)", load.cpu, load.wall, readTime.cpu, indexTime.cpu))
        print(String(format: "  Qantara scan (matches(in:language:)): %.1f MB/s by CPU time (%.3f s), %.1f MB/s wall, %d matches   (target ≥ 20 MB/s)", bytes / 1e6 / scanTime.cpu, scanTime.cpu, bytes / 1e6 / scanTime.wall, found))
        print(String(format: "  anchor grep -F -f (same forms, no folding, no clitics, counts lines): %.3f s = %.1f MB/s (incl. start-up)", grep, bytes / 1e6 / grep))
        print(String(format: "  peak resident memory: %.0f MB", Double(Measure.peakResidentBytes()) / 1e6))
    }
}

/// Deterministic pseudo-Arabic words and names (SplitMix64), so runs and machines compare.
struct SyntheticArabic {
    private var random: SplitMix64
    private static let letters = Array("ابتثجحخدذرزسشصضطظعغفقكلمنهوي").map(String.init)

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    mutating func next(_ bound: Int) -> Int {
        random.next(bound)
    }

    mutating func word() -> String {
        (0..<(3 + next(5))).map { _ in Self.letters[next(Self.letters.count)] }.joined()
    }

    /// One to three words; a quarter start with the article.
    mutating func name() -> String {
        let words = (0..<(1 + next(3))).map { _ in word() }.joined(separator: " ")
        return next(4) == 0 ? "ال" + words : words
    }
}
