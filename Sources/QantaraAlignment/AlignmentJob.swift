import Foundation
import QantaraGlossary
import QantaraSegmentation
import QantaraText
import QantaraTMX

/// Everything `qantara align` does for one document pair or a batch of them, so the command stays a thin
/// layer: read and check both files, segment them, align, render, write atomically.
public struct AlignmentJob: Sendable {
    /// Which bilingual dictionary to use.
    public enum DictionaryChoice: Sendable, Hashable {
        /// FreeDict ara-eng when the Debian package is installed, else none.
        case installed
        case none
        case file(String)
    }

    /// One line of a batch list: `AR⇥EN⇥OUT`.
    public struct BatchItem: Sendable, Hashable {
        public var source: String
        public var target: String
        public var output: String
    }

    /// What one run produced.
    public struct Outcome: Sendable {
        public var result: AlignmentResult { renderer.result }
        public var summary: String
        let renderer: AlignmentRenderer
        let sourceLanguage: String
        let targetLanguage: String

        /// The aligned pairs as TMX units (one-sided units for unaligned sentences when they are kept);
        /// made when asked for, as most runs never need them.
        public var units: [TMXUnit] { renderer.tmxUnits(sourceLanguage: sourceLanguage, targetLanguage: targetLanguage) }
    }

    public let sourceLanguage: String
    public let targetLanguage: String
    public let presegmented: Bool
    public let format: AlignmentFormat
    public let keepsUnaligned: Bool
    public let creationDate: String?
    /// How both input files are encoded (a UTF-16 byte-order mark wins).
    public let encoding: TextEncoding
    public private(set) var aligner: Aligner
    /// Source and target segmenters (Qantara's default SRX rules); nil for presegmented input.
    private let segmenters: (source: Segmenter, target: Segmenter)?

    /// Loads the dictionary and glossaries once (shared by every pair of a batch).
    /// - Parameters:
    ///   - usesShippedGlossary: adds the news glossary compiled into Qantara to `glossaryPaths`.
    ///   - dictionaryCache: a folder where a dictd dictionary is kept compiled between runs; nil compiles it
    ///     at every start.
    ///   - keepsUnaligned: write 1-0/0-1 beads; nil keeps them in the text formats and drops them from TMX,
    ///     since a memory holds pairs (tools read a one-sided unit as a segment without translation).
    public init(
        sourceLanguage: String = "ar", targetLanguage: String = "en", glossaryPaths: [String] = [],
        usesShippedGlossary: Bool = false, dictionary: DictionaryChoice = .installed, dictionaryCache: String? = nil,
        presegmented: Bool = false, format: AlignmentFormat = .tmx,
        keepsUnaligned: Bool? = nil, creationDate: String? = nil, encoding: TextEncoding = .utf8
    ) throws {
        let dictionaryPath: String?
        switch dictionary {
        case .installed: dictionaryPath = BilingualDictionary.installedFreeDictPath
        case .none: dictionaryPath = nil
        case .file(let path): dictionaryPath = path
        }
        // The dictionary loads on another thread while this one reads the glossaries: start-up is the one
        // part of a batch that runs on a single core. So do the segmenters, whose rules take as long to
        // compile as anything else in a one-article run.
        let loading = dictionaryPath.map { path in
            BackgroundResult { try BilingualDictionary.load(path: path, cacheDirectory: dictionaryCache) }
        }
        let segmenting = presegmented
            ? nil : BackgroundResult { (try Segmenter(language: sourceLanguage), try Segmenter(language: targetLanguage)) }
        var glossaries = try glossaryPaths.map { try Glossary.load(path: $0) }
        if usesShippedGlossary { glossaries.append(try Glossary.loadShipped()) }
        // The glossaries' word lists too, while this thread builds their anchor matchers.
        let glossaryDictionaries = glossaries.map { glossary in BackgroundResult { BilingualDictionary(glossary: glossary) } }
        let anchors: [any AnchorSource] = glossaries.enumerated().map { number, glossary in
            GlossaryAnchors(glossary: glossary, name: "g\(number)")
        }
        let dictionaries = try (loading.map { [try $0.value()] } ?? []) + glossaryDictionaries.map { try $0.value() }
        let options = AlignmentOptions(
            dictionary: dictionaries.isEmpty ? nil : BilingualDictionary(merging: dictionaries), anchorSources: anchors)
        self.aligner = Aligner(options: options, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage)
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        segmenters = try segmenting?.value()
        self.presegmented = presegmented
        self.format = format
        self.keepsUnaligned = keepsUnaligned ?? (format != .tmx)
        self.creationDate = creationDate
        self.encoding = encoding
    }

    /// Reads both files and aligns them, without writing anything.
    public func align(sourcePath: String, targetPath: String) throws -> (AlignmentRenderer, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let source = try document(path: sourcePath, segmenter: segmenters?.source)
        let target = try document(path: targetPath, segmenter: segmenters?.target)
        try source.validate(language: sourceLanguage, role: "source")
        try target.validate(language: targetLanguage, role: "target")
        let result = aligner.align(source: source.sentences, target: target.sentences)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return (AlignmentRenderer(source: source, target: target, result: result, keepsUnaligned: keepsUnaligned), seconds)
    }

    /// Aligns one pair and writes the output to `outputPath` (atomically) or standard output.
    public func run(sourcePath: String, targetPath: String, outputPath: String?) throws -> Outcome {
        let (renderer, seconds) = try align(sourcePath: sourcePath, targetPath: targetPath)
        try write(renderer, to: outputPath)
        return Outcome(
            summary: renderer.summary(seconds: seconds), renderer: renderer, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage)
    }

    /// Reads a batch list: `AR⇥EN⇥OUT` per line; blank lines and `#` comments are skipped; relative
    /// paths are taken from the list's folder.
    public static func readBatchList(path: String) throws -> [BatchItem] {
        let text = try AlignmentDocument.readText(path: path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ file: String) -> String {
            file.hasPrefix("/") ? file : folder.appendingPathComponent(file).path
        }
        var items: [BatchItem] = []
        for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if line.hasPrefix("#") || line.allSatisfy(\.isWhitespace) { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 3, fields.allSatisfy({ !$0.isEmpty }) else {
                throw AlignmentError(file: path, line: number + 1, message: "expected AR<TAB>EN<TAB>OUT")
            }
            items.append(BatchItem(source: resolve(String(fields[0])), target: resolve(String(fields[1])), output: resolve(String(fields[2]))))
        }
        guard !items.isEmpty else {
            throw AlignmentError(file: path, line: 1, message: "the list is empty: give one AR<TAB>EN<TAB>OUT line per document pair")
        }
        return items
    }

    /// Aligns every pair, as many at once as there are cores; `report` receives each pair's summary or
    /// error. Returns the number of pairs that failed.
    public func runBatch(_ items: [BatchItem], report: @escaping @Sendable (String) -> Void) async -> Int {
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        // Longest pairs first, so that no core is left with a long pair while the others are done.
        let items = items.map { (item: $0, size: Self.fileSize($0.source) + Self.fileSize($0.target)) }
            .sorted { $0.size > $1.size }.map(\.item)
        // One worker per core, with word caches of its own, takes the next pair until none is left: one cache
        // shared by the workers cost more in contention than analysing a word twice.
        let queue = BatchQueue(count: items.count)
        DispatchQueue.concurrentPerform(iterations: min(width, items.count)) { _ in
            var worker = self
            worker.aligner = aligner.withOwnCaches()
            while let index = queue.next() {
                let item = items[index]
                do {
                    let outcome = try worker.run(sourcePath: item.source, targetPath: item.target, outputPath: item.output)
                    report(outcome.summary)
                } catch {
                    report("error: \(error)")
                    queue.fail()
                }
            }
        }
        return queue.failures
    }

    /// The next pair to align and the failures so far, shared by the batch's workers.
    private final class BatchQueue: @unchecked Sendable {
        private let count: Int
        private var taken = 0
        private var failed = 0
        private let lock = NSLock()

        init(count: Int) {
            self.count = count
        }

        func next() -> Int? {
            lock.withLock {
                guard taken < count else { return nil }
                defer { taken += 1 }
                return taken
            }
        }

        func fail() {
            lock.withLock { failed += 1 }
        }

        var failures: Int { lock.withLock { failed } }
    }

    private static func fileSize(_ path: String) -> Int {
        Int(FileStatus(path: path)?.size ?? 0)
    }

    private func document(path: String, segmenter: Segmenter?) throws -> AlignmentDocument {
        let text = try AlignmentDocument.readText(path: path, encoding: encoding)
        guard let segmenter else { return AlignmentDocument.presegmented(path: path, text: text) }
        return AlignmentDocument.segmented(path: path, text: text, segmenter: segmenter)
    }

    private func write(_ renderer: AlignmentRenderer, to path: String?) throws {
        switch format {
        case .tmx:
            let units = renderer.tmxUnits(sourceLanguage: sourceLanguage, targetLanguage: targetLanguage)
            try AlignmentTMX.write(units, sourceLanguage: sourceLanguage, creationDate: creationDate, to: path)
        case .tsv: try writeText(renderer.tsvLines(), to: path)
        case .beads: try writeText(renderer.beadLines(), to: path)
        case .json: try writeText(try renderer.json(), to: path)
        }
    }

    private func writeText(_ text: String, to path: String?) throws {
        if let path {
            try AtomicFile.write(text, to: path)
        } else {
            try StandardStreams.writeOutput(Data(text.utf8))
        }
    }
}
