import ArgumentParser
import Foundation
import Qantara

/// `qantara-bench segment`: Arabic segmentation speed with Qantara's default rules, 1 MB to 100 MB,
/// beside pysbd and choppa-srx (LanguageTool's rules) on the same text, in the same run.
struct SegmentBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Arabic segmentation speed (MB/s) beside pysbd and choppa-srx."
    )

    @Option(help: "The shared data folder (corpora/segmentation, srx).")
    var shared = "../shared"

    @Option(help: "Text sizes in MB for Qantara.")
    var sizes: [Int] = [1, 10, 100]

    @Option(help: "Text size in MB for the Python anchors (they run at about 1 MB/s or less); 0 skips them.")
    var anchorSize = 1

    func run() throws {
        let base = try ntrexText(shared: shared, file: "ntrex128-ar.jsonl")
        let segmenter = try Segmenter(language: "ar")
        print("Arabic segmentation speed: NTREX-128 Arabic news repeated to size, one core")
        print("CPU time of the segmenting thread (the machine may be shared); wall time beside it")
        print("engine                            size MB  CPU s   MB/s (CPU)  wall s  segments")
        for size in sizes {
            let text = repeated(base, toBytes: size << 20)
            var count = 0
            // Best of 3 for the small sizes; one run for the largest.
            let runs = size >= 50 ? 1 : 3
            var best = (cpu: Double.infinity, wall: Double.infinity)
            for _ in 0..<runs {
                count = 0
                let cpuStart = Measure.cpuSeconds(thread: true)
                let wall = Measure.seconds { segmenter.forEachSegment(in: text) { _ in count += 1 } }
                best = (min(best.cpu, Measure.cpuSeconds(thread: true) - cpuStart), min(best.wall, wall))
            }
            report("Qantara (default rules)", size: size, cpu: best.cpu, wall: best.wall, segments: count)
        }
        guard anchorSize > 0 else { return }
        let text = repeated(base, toBytes: anchorSize << 20)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qbench-seg-\(UUID()).txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let anchors = [
            ("pysbd 0.3 (ar)", "import pysbd; s = pysbd.Segmenter(language='ar', clean=False); f = s.segment"),
            ("choppa-srx (LanguageTool ar_one)",
             "from choppa import SrxDocument, SrxTextIterator; d = SrxDocument(ruleset='\(shared)/srx/languagetool-segment.srx'); f = lambda t: list(SrxTextIterator(d, 'ar_one', t))"),
        ]
        for (name, setup) in anchors {
            // The Python process times the call itself, so interpreter start-up is not counted.
            let script = "import sys, time\n\(setup)\nt = open(sys.argv[1], encoding='utf-8').read()\ncpu, wall = time.process_time(), time.perf_counter(); n = len(f(t)); print(time.process_time() - cpu, time.perf_counter() - wall, n)"
            guard let output = try? runPython(script, arguments: [path]) else {
                print("\(name.padding(toLength: 33, withPad: " ", startingAt: 0)) not available (pip install pysbd choppa-srx)")
                continue
            }
            let fields = output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            if fields.count == 3, let cpu = Double(fields[0]), let wall = Double(fields[1]), let segments = Int(fields[2]) {
                report(name, size: anchorSize, cpu: cpu, wall: wall, segments: segments)
            }
        }
    }

    private func report(_ name: String, size: Int, cpu: Double, wall: Double, segments: Int) {
        let mbps = Double(size) / cpu
        print("\(name.padding(toLength: 33, withPad: " ", startingAt: 0)) \(String(format: "%7d %6.2f %11.2f %7.2f %9d", size, cpu, mbps, wall, segments))")
    }

    private func repeated(_ base: String, toBytes bytes: Int) -> String {
        var text = ""
        text.reserveCapacity(bytes + base.utf8.count)
        while text.utf8.count < bytes { text += base }
        return text
    }
}

/// `qantara-bench srx-compare`: the plain SRX files of ../shared/srx segmented by Qantara's engine and by
/// the reference engine (PyPI choppa-srx, a port of Java's loomchild segment) on NTREX documents;
/// prints the share of documents with the same boundaries and the first differences.
struct SRXCompareBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "srx-compare",
        abstract: "Same boundaries as choppa-srx on NTREX, per SRX file and language."
    )

    @Option(help: "The shared data folder (corpora/segmentation, srx).")
    var shared = "../shared"

    @Option(help: "Differences shown per file and language.")
    var show = 2

    func run() throws {
        let cases = [
            ("languagetool-segment.srx", "ar_one", "ntrex128-ar.jsonl"), ("languagetool-segment.srx", "en_one", "ntrex128-en.jsonl"),
            ("omegat-defaultRules.srx", "AR", "ntrex128-ar.jsonl"), ("omegat-defaultRules.srx", "EN", "ntrex128-en.jsonl"),
            ("okapi-defaultSegmentation.srx", "ar", "ntrex128-ar.jsonl"), ("okapi-defaultSegmentation.srx", "en", "ntrex128-en.jsonl"),
        ]
        print("SRX file                        language  documents  same boundaries as choppa-srx")
        for (file, language, corpus) in cases {
            let srxPath = "\(shared)/srx/\(file)"
            let texts = try ntrexTexts(shared: shared, file: corpus)
            let segmenter = try Segmenter(language: language, rules: SRXDocument.load(path: srxPath))
            let ours = texts.map { text in Self.nonSpaceBoundaries(text, scalarBreaks: segmenter.ruleBreaks(in: text)) }
            let reference = try choppaBoundaries(srxPath: srxPath, language: language, texts: texts)
            var same = 0
            var shown = 0
            var differences: [String] = []
            for index in texts.indices {
                if ours[index] == reference[index] { same += 1; continue }
                if shown < show {
                    shown += 1
                    let onlyOurs = ours[index].subtracting(reference[index]).sorted()
                    let onlyTheirs = reference[index].subtracting(ours[index]).sorted()
                    differences.append("    doc \(index): only Qantara \(onlyOurs.prefix(5)), only choppa \(onlyTheirs.prefix(5))")
                }
            }
            let share = Double(same) / Double(texts.count) * 100
            print("\(file.padding(toLength: 31, withPad: " ", startingAt: 0)) \(language.padding(toLength: 9, withPad: " ", startingAt: 0)) \(String(format: "%9d  %d (%.1f%%)", texts.count, same, share))")
            differences.forEach { print($0) }
        }
    }

    /// Boundaries counted in non-white-space scalars before them (as seg_score.py counts), so engines
    /// that attach white space to different sides agree.
    static func nonSpaceBoundaries(_ text: String, scalarBreaks: [Int]) -> Set<Int> {
        var result = Set<Int>()
        var nonSpace = 0
        var next = 0
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            while next < scalarBreaks.count && scalarBreaks[next] <= offset {
                result.insert(nonSpace)
                next += 1
            }
            if !scalar.properties.isWhitespace { nonSpace += 1 }
        }
        result.remove(0)
        result.remove(nonSpace)
        return result
    }

    private func choppaBoundaries(srxPath: String, language: String, texts: [String]) throws -> [Set<Int>] {
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("qbench-srx-\(UUID()).json").path
        let data = try JSONSerialization.data(withJSONObject: texts)
        try data.write(to: URL(fileURLWithPath: input))
        defer { try? FileManager.default.removeItem(atPath: input) }
        let script = """
            import json, sys
            from choppa import SrxDocument, SrxTextIterator
            doc = SrxDocument(ruleset=sys.argv[1])
            for text in json.load(open(sys.argv[3], encoding='utf-8')):
                count, bounds = 0, []
                segments = list(SrxTextIterator(doc, sys.argv[2], text))
                for s in segments[:-1]:
                    count += len(''.join(s.split()))
                    bounds.append(count)
                total = len(''.join(text.split()))
                print(json.dumps([b for b in bounds if 0 < b < total]))
            """
        let output = try runPython(script, arguments: [srxPath, language, input])
        return output.split(separator: "\n").map { line in
            Set((try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [Int] ?? [])
        }
    }
}

/// The `text` of every record of a segmentation gold file.
func ntrexTexts(shared: String, file: String) throws -> [String] {
    let path = "\(shared)/corpora/segmentation/\(file)"
    guard let content = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw ValidationError("cannot read \(path): pass --shared with the shared data folder")
    }
    return content.split(separator: "\n").compactMap { line in
        (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["text"] as? String
    }
}

/// The gold texts joined as paragraphs.
func ntrexText(shared: String, file: String) throws -> String {
    try ntrexTexts(shared: shared, file: file).joined(separator: "\n\n") + "\n\n"
}

/// Runs a Python script and returns its standard output.
func runPython(_ script: String, arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw ValidationError("python3 failed (status \(process.terminationStatus))") }
    return String(decoding: data, as: UTF8.self)
}
