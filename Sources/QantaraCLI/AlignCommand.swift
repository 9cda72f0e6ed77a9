import ArgumentParser
import Foundation
import Qantara

extension AlignmentFormat: ExpressibleByArgument {}

/// `qantara align AR EN`: sentence alignment of an Arabic text and its English translation.
struct AlignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "align",
        abstract: "Align an Arabic text with its English translation, sentence by sentence.",
        discussion: """
            Writes TMX (default), TSV, vecalign-style beads or JSON, with a confidence per bead, and a one-paragraph \
            summary on standard error. Exit 0 on success, 1 for bad input, 2 when the tool cannot run.
            """
    )

    enum Unaligned: String, ExpressibleByArgument, CaseIterable {
        case keep, drop
    }

    @Argument(help: "The Arabic text (source).")
    var arabic: String?

    @Argument(help: "The English translation (target).")
    var english: String?

    @Option(help: "Source language code (region allowed, e.g. ar-SA).")
    var sourceLang = "ar"

    @Option(help: "Target language code (region allowed, e.g. en-GB).")
    var targetLang = "en"

    @Option(
        name: .customLong("glossary"),
        help: "Glossary of Arabic⇄English terms and names (repeatable), or 'none'. Default: the shipped news glossary.")
    var glossaries: [String] = []

    @Option(help: "Bilingual dictionary: a dictd .index (FreeDict) or an arabic<TAB>english list, or 'none'. Default: FreeDict ara-eng when installed.")
    var dictionary: String?

    @Flag(help: "Inputs hold one segment per line (blank lines between paragraphs).")
    var presegmented = false

    @Option(help: "Encoding of both inputs (UTF-16 with a byte-order mark is detected).")
    var encoding = TextEncoding.utf8

    @Option(help: "Output format: tmx, tsv, beads or json.")
    var format: AlignmentFormat = .tmx

    @Option(help: """
        keep writes sentences left unaligned (1-0, 0-1) as one-sided units or lines; drop writes pairs only. \
        Default: drop for TMX (a memory holds pairs), keep for the other formats. Keep them to review omissions.
        """)
    var unaligned: Unaligned?

    @Option(help: "Creation date for the TMX header (YYYYMMDDThhmmssZ), for reproducible output.")
    var date: String?

    @Option(name: .shortAndLong, help: "Output file (default: standard output).")
    var output: String?

    @OptionGroup(title: "Translation memory (also adds the aligned pairs to this memory)")
    var memory: MemoryCommand.Location

    @Option(help: "A list of AR<TAB>EN<TAB>OUT lines: align every pair, on all cores.")
    var batch: String?

    func validate() throws {
        if batch == nil, arabic == nil || english == nil {
            throw ValidationError("give the Arabic and the English file, or --batch LIST")
        }
        if batch != nil, arabic != nil || output != nil {
            throw ValidationError("--batch takes its files from the list: give no AR EN files and no -o")
        }
        if batch != nil, memory.path != nil {
            throw ValidationError("--memory takes one pair: import the batch's TMX files with 'qantara tm import'")
        }
        if let date, !TMXDate.isValid(date) {
            throw ValidationError("--date must look like 20250227T120000Z")
        }
    }

    func run() async throws {
        let job: AlignmentJob
        do {
            job = try AlignmentJob(
                sourceLanguage: sourceLang, targetLanguage: targetLang,
                glossaryPaths: glossaries.filter { $0 != "none" }, usesShippedGlossary: glossaries.isEmpty,
                dictionary: dictionaryChoice, dictionaryCache: BilingualDictionary.defaultCacheDirectory,
                presegmented: presegmented, format: format,
                keepsUnaligned: unaligned.map { $0 == .keep }, creationDate: date, encoding: encoding)
        } catch {
            CLI.printError("error: \(error)")
            throw CLI.cannotRun
        }
        if let batch {
            try await runBatch(job: job, list: batch)
            return
        }
        for path in [arabic!, english!] where path != "-" && !FileManager.default.isReadableFile(atPath: path) {
            CLI.printError("error: \(path): no such file or not readable")
            throw CLI.cannotRun
        }
        do {
            let outcome = try job.run(sourcePath: arabic!, targetPath: english!, outputPath: output)
            CLI.printError(outcome.summary)
            if memory.path != nil {
                let added = try memory.open().add(units: outcome.units, sourceLanguage: sourceLang)
                CLI.printError("memory: \(added.added) pairs added, \(added.merged) merged.")
            }
        } catch {
            throw CLI.report(error)
        }
    }

    private var dictionaryChoice: AlignmentJob.DictionaryChoice {
        switch dictionary {
        case nil: return .installed
        case "none": return .none
        case let path?: return .file(path)
        }
    }

    private func runBatch(job: AlignmentJob, list: String) async throws {
        let pairs: [AlignmentJob.BatchItem]
        do {
            pairs = try AlignmentJob.readBatchList(path: list)
        } catch {
            throw CLI.report(error)
        }
        let start = Date()
        let failures = await job.runBatch(pairs) { CLI.printError($0) }
        let seconds = Date().timeIntervalSince(start)
        CLI.printError(String(format: "batch: %d pairs aligned, %d failed, %.2f s.", pairs.count - failures, failures, seconds))
        if failures > 0 { throw CLI.badInput }
    }
}
