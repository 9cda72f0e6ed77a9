import Foundation
import Testing
@testable import QantaraAlignment

/// Figures over ../shared (skipped with a note when it is absent) and the shipped sample.
@Suite("Alignment quality on real data", .serialized)
struct SharedDataTests {
    /// align-dev with `--presegmented --glossary glossary-small.tsv` and the installed dictionary:
    /// strict F1 ≥ 0.985 with FreeDict (measured .988), ≥ 0.97 without it (measured .975).
    @Test func alignDevStrictF1() throws {
        guard let set = TestFiles.sharedPath("corpora/ar-en/align-dev"),
            let glossary = TestFiles.sharedPath("corpora/ar-en/glossary-small.tsv")
        else { return }
        let job = try AlignmentJob(glossaryPaths: [glossary], presegmented: true, format: .beads)
        let names = try FileManager.default.contentsOfDirectory(atPath: set + "/gold").filter { $0.hasSuffix(".txt") }.sorted()
        #expect(names.count == 49)
        var documents: [(gold: [StrictScore.BeadKey], test: [StrictScore.BeadKey])] = []
        for name in names {
            let (renderer, _) = try job.align(sourcePath: "\(set)/ar/\(name)", targetPath: "\(set)/en/\(name)")
            let gold = try String(contentsOfFile: "\(set)/gold/\(name)", encoding: .utf8)
            documents.append((StrictScore.parse(gold), StrictScore.parse(renderer.beadLines())))
        }
        let f1 = StrictScore.f1(documents)
        print("align-dev strict F1: \(f1)")
        #expect(f1 >= (BilingualDictionary.installedFreeDictPath == nil ? 0.97 : 0.985))
    }

    /// The sample article with its gold segments as presegmented input: strict F1 against the gold beads.
    @Test func sampleWithGoldSegments() throws {
        guard let path = TestFiles.sharedPath("seed/istanbul-talks.gold.json") else { return }
        struct Gold: Decodable {
            struct Link: Decodable {
                var ar: [Int]
                var en: [Int]
            }
            var ar_sentences: [String]
            var en_sentences: [String]
            var alignment: [Link]
        }
        let gold = try JSONDecoder().decode(Gold.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        let result = Aligner(options: AlignmentOptions(dictionary: nil)).align(
            source: gold.ar_sentences.map { AlignmentSentence(text: $0) }, target: gold.en_sentences.map { AlignmentSentence(text: $0) })
        let test = result.beads.map { [Array($0.source), Array($0.target)] }
        let f1 = StrictScore.f1([(gold.alignment.map { [$0.ar, $0.en] }, test)])
        print("sample (gold segments, no dictionary) strict F1: \(f1)")
        #expect(f1 >= 0.95)
        // The page-chrome lines (font size buttons, "listen", "show summary") stay unaligned.
        for chrome in 3...5 { #expect(result.beads.contains { $0.source == chrome..<(chrome + 1) && $0.target.isEmpty }) }
    }

    /// `tmx/istanbul-talks.tmx` is what `qantara align` makes of the shipped sample with these settings.
    @Test func shippedSampleTMXIsReproducible() throws {
        let root = TestFiles.packageRoot
        let folder = try TestFiles.scratch()
        let output = folder.appendingPathComponent("istanbul-talks.tmx").path
        let job = try AlignmentJob(
            glossaryPaths: SampleSettings.glossaries.map { root.appendingPathComponent($0).path },
            dictionary: .none, creationDate: SampleSettings.date)
        let outcome = try job.run(
            sourcePath: root.appendingPathComponent("samples/istanbul-talks.ar.txt").path,
            targetPath: root.appendingPathComponent("samples/istanbul-talks.en.txt").path, outputPath: output)
        let shipped = try String(contentsOf: root.appendingPathComponent("tmx/istanbul-talks.tmx"), encoding: .utf8)
        let regenerated = try String(contentsOfFile: output, encoding: .utf8)
        #expect(regenerated == shipped)
        // Every unit pairs what the gold pairs: the split Arabic sentences are 1-2 beads.
        #expect(regenerated.components(separatedBy: "<prop type=\"x-qantara-bead\">1-2</prop>").count - 1 == 5)
        // The four page-chrome lines stay unaligned, hence out of the memory.
        #expect(!regenerated.contains("<prop type=\"x-qantara-bead\">1-0</prop>"))
        #expect(outcome.summary.contains("4 unaligned left out of the output"))
    }
}

/// How `tmx/istanbul-talks.tmx` is made (README: `qantara align samples/istanbul-talks.ar.txt
/// samples/istanbul-talks.en.txt --glossary glossaries/news-entities.tsv --dictionary none --date 20250227T120000Z -o tmx/istanbul-talks.tmx`).
enum SampleSettings {
    static let date = "20250227T120000Z"
    static let glossaries = ["glossaries/news-entities.tsv"]
}
