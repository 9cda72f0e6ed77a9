import Foundation
import QantaraSegmentation
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

    /// NTREX-128 news (professional translations, not made for this tool): the raw running texts are
    /// segmented by Qantara and aligned; every link between gold sentences that the beads make is checked
    /// against the gold 1-1 pairs. Every other document, to keep the debug build quick.
    @Test func ntrexRawTextEndToEnd() throws {
        guard let articles = try NTREXArticles() else { return }
        /// Each gold sentence's scalar range in the running text.
        func spans(_ record: NTREXArticles.Record) -> [Range<Int>] {
            var spans: [Range<Int>] = []
            var from = record.text.startIndex
            for sentence in record.sentences {
                guard let found = record.text.range(of: sentence, range: from..<record.text.endIndex) else { continue }
                let start = record.text.unicodeScalars.distance(from: record.text.startIndex, to: found.lowerBound)
                spans.append(start..<(start + sentence.unicodeScalars.count))
                from = found.upperBound
            }
            return spans
        }
        /// Gold sentences at least half covered by `range`.
        func covered(_ spans: [Range<Int>], by range: Range<Int>) -> [Int] {
            spans.indices.filter { 2 * spans[$0].clamped(to: range).count >= spans[$0].count }
        }
        var right = 0
        var wrong = 0
        var gold = 0
        for (number, (arabic, english)) in articles.pairs.enumerated() where number % 2 == 0 {
            let (source, target, result) = articles.align(arabic: arabic.text, english: english.text, id: arabic.id)
            let (sourceSpans, targetSpans) = (spans(arabic), spans(english))
            #expect(sourceSpans.count == targetSpans.count, "\(arabic.id): gold sentences not found in the text")
            gold += sourceSpans.count
            for bead in result.beads where !bead.source.isEmpty && !bead.target.isEmpty {
                let sourceRange = source.ranges[bead.source.first!].lowerBound..<source.ranges[bead.source.last!].upperBound
                let targetRange = target.ranges[bead.target.first!].lowerBound..<target.ranges[bead.target.last!].upperBound
                for i in covered(sourceSpans, by: sourceRange) {
                    for j in covered(targetSpans, by: targetRange) { if i == j { right += 1 } else { wrong += 1 } }
                }
            }
        }
        let precision = Double(right) / Double(max(1, right + wrong))
        let recall = Double(right) / Double(max(1, gold))
        let f1 = 2 * precision * recall / max(1e-9, precision + recall)
        print("NTREX raw text, segmented and aligned: link precision \(precision), recall \(recall), F1 \(f1)")
        #expect(f1 >= 0.98)
    }

    /// Web-page chrome (menu, font buttons, a date line, share buttons, a copyright line), each on a line of
    /// its own, added around NTREX articles: it stays out of the pairs (measured 13 of 1,353 lines paired,
    /// against 30 before lines counted in the cost).
    @Test func pageChromeAroundRealArticlesStaysUnaligned() throws {
        guard let articles = try NTREXArticles() else { return }
        let top = ["الرئيسية", "أخبار", "استمع إلى المقال", "تكبير الخط", "تصغير الخط", "آخر تحديث: 12 مارس 2025 - 14:35"]
        let bottom = ["شارك على فيسبوك", "تويتر", "واتساب", "اقرأ أيضاً", "جميع الحقوق محفوظة © 2025"]
        let chrome = Set(top + bottom)
        var paired = 0
        var lines = 0
        for (number, (arabic, english)) in articles.pairs.enumerated() where number % 2 == 1 {
            let text = (top + [arabic.text] + bottom).joined(separator: "\n")
            let (source, _, result) = articles.align(arabic: text, english: english.text, id: arabic.id)
            let chromeIndices = source.sentences.indices.filter { chrome.contains(source.sentences[$0].text) }
            #expect(chromeIndices.count == chrome.count, "\(arabic.id): each chrome line is a segment")
            lines += chromeIndices.count
            for bead in result.beads where !bead.target.isEmpty {
                paired += chromeIndices.filter { bead.source.contains($0) }.count
            }
        }
        print("page chrome around NTREX articles: \(paired) of \(lines) lines paired")
        #expect(Double(paired) <= 0.02 * Double(lines))
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

/// The NTREX-128 articles of ../shared (Arabic and English running text with their gold sentences, paired
/// by id), aligned from raw text as `qantara align` does with the shipped glossary and the installed dictionary.
private struct NTREXArticles {
    struct Record: Decodable {
        var id: String
        var text: String
        var sentences: [String]
    }

    let pairs: [(arabic: Record, english: Record)]
    private let job: AlignmentJob
    private let arabicSegmenter: Segmenter
    private let englishSegmenter: Segmenter

    /// Nil (with a note) when ../shared is absent.
    init?() throws {
        guard let arabicPath = TestFiles.sharedPath("corpora/segmentation/ntrex128-ar.jsonl"),
            let englishPath = TestFiles.sharedPath("corpora/segmentation/ntrex128-en.jsonl")
        else { return nil }
        func records(_ path: String) throws -> [Record] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
                try JSONDecoder().decode(Record.self, from: Data($0.utf8))
            }
        }
        let english = Dictionary(uniqueKeysWithValues: try records(englishPath).map { ($0.id, $0) })
        pairs = try records(arabicPath).map { ($0, try #require(english[$0.id])) }
        job = try AlignmentJob(usesShippedGlossary: true, format: .json)
        arabicSegmenter = try Segmenter(language: "ar")
        englishSegmenter = try Segmenter(language: "en")
    }

    /// Both texts segmented, and aligned.
    func align(arabic: String, english: String, id: String) -> (
        source: AlignmentDocument, target: AlignmentDocument, result: AlignmentResult
    ) {
        let source = AlignmentDocument.segmented(path: id, text: arabic, segmenter: arabicSegmenter)
        let target = AlignmentDocument.segmented(path: id, text: english, segmenter: englishSegmenter)
        return (source, target, job.aligner.align(source: source.sentences, target: target.sentences))
    }
}
