import ArgumentParser
import Foundation
import Qantara

/// `qantara tmx …`: validate, inspect, convert and merge TMX files.
struct TMXCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tmx",
        abstract: "Validate, inspect, convert and merge TMX files.",
        subcommands: [Validate.self, Stats.self, Convert.self, Cat.self]
    )

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check TMX files against TMX 1.4 (DTD and the rules a DTD cannot express).",
            discussion: "Prints `FILE: valid (N units)` or one `FILE:LINE: message` line per problem. "
                + "Exit 0 when every file is valid, 1 when any is not, 2 when a file cannot be read."
        )

        @Argument(help: "TMX files to check.")
        var files: [String]

        func run() throws {
            var worst = CLI.done
            for file in files {
                let report = TMXValidator.validate(path: file)
                if let unreadable = report.unreadable {
                    CLI.printError(unreadable.description)
                    worst = CLI.cannotRun
                } else if report.isValid {
                    print("\(file): valid (\(report.units) units)")
                } else {
                    for problem in report.problems { print(problem.description) }
                    if worst == CLI.done { worst = CLI.badInput }
                }
            }
            if worst != CLI.done { throw worst }
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats",
            abstract: "Count units, languages, creation tools, props, notes and inline codes.",
            discussion: "Reading is tolerant: what is off is reported as warnings on standard error."
        )

        @Argument(help: "The TMX file.")
        var file: String

        @Flag(help: "Print JSON: {\"units\": N, \"languages\": [...], ...}.")
        var json = false

        func run() throws {
            try CLI.run {
                let reader = try TMXReader(path: file)
                var statistics = TMXStatistics(header: reader.header, version: reader.version)
                while let unit = try reader.next() { statistics.add(unit) }
                statistics.warnings = reader.warningCount
                printWarnings(of: reader)
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: try encoder.encode(statistics), as: UTF8.self))
                } else {
                    printText(statistics)
                }
            }
        }

        private func printText(_ statistics: TMXStatistics) {
            print("file:           \(file)")
            print("version:        \(statistics.version ?? "?")")
            print("units:          \(statistics.units)")
            print("variants:       \(statistics.variants)")
            let languages = statistics.languages.map { "\($0) (\(statistics.variantsPerLanguage[$0] ?? 0))" }
            print("languages:      \(languages.joined(separator: ", "))")
            print("source:         \(statistics.sourceLanguage ?? "?")")
            print("creation tools: \(statistics.creationTools.joined(separator: ", "))")
            print("props:          \(statistics.properties)")
            print("notes:          \(statistics.notes)")
            print("inline codes:   \(statistics.inlineCodes)")
            print("warnings:       \(statistics.warnings)")
        }
    }

    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "convert",
            abstract: "Convert between .tmx, .tsv (source<TAB>target) and .jsonl, chosen by extension.",
            discussion: "TSV and JSONL hold plain text pairs: inline codes, props and notes are not carried. "
                + "In TSV, tab, line breaks and backslash inside a segment are written \\t \\n \\r \\\\."
        )

        @Argument(help: "Input file (.tmx, .tsv, .jsonl).")
        var input: String

        @Argument(help: "Output file (.tmx, .tsv, .jsonl); written only when complete.")
        var output: String

        @Option(help: "Source language (default: the TMX header's srclang; required for TSV input).")
        var sourceLang: String?

        @Option(help: "Target language (default: the first other language found; required for TSV input).")
        var targetLang: String?

        @Option(help: "Encoding of TSV or JSONL input (TMX declares its own; UTF-16 with a byte-order mark is detected).")
        var encoding = TextEncoding.utf8

        func run() throws {
            try CLI.run {
                let summary = try TMXConversion.convert(
                    input: input, output: output, sourceLanguage: sourceLang, targetLanguage: targetLang, encoding: encoding)
                summary.warnings.forEach { CLI.printError("warning: \($0)") }
                var line = "\(output): \(summary.written) units"
                if !summary.sourceLanguage.isEmpty && !summary.targetLanguage.isEmpty {
                    line += " (\(summary.sourceLanguage) → \(summary.targetLanguage))"
                }
                if summary.skipped > 0 { line += ", \(summary.skipped) skipped (source or target language missing)" }
                print(line)
            }
        }
    }

    struct Cat: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "cat",
            abstract: "Read TMX files and write them, merged, as one valid TMX 1.4 file.",
            discussion: "The round-trip tool: header attributes, props, notes and inline codes are kept."
        )

        @Argument(help: "TMX files to read, in order.")
        var files: [String]

        @Option(name: .shortAndLong, help: "The TMX file to write (written only when complete).")
        var output: String

        func run() throws {
            try CLI.run {
                let summary = try TMXConcatenation.concatenate(files, into: output)
                summary.warnings.forEach { CLI.printError("warning: \($0)") }
                print("\(output): \(summary.written) units")
            }
        }
    }
}

/// Reader warnings on standard error, at most the ones kept, then how many more there were.
private func printWarnings(of reader: TMXReader) {
    for warning in reader.warnings { CLI.printError("warning: \(warning)") }
    if reader.warningCount > reader.warnings.count {
        CLI.printError("warning: \(reader.file): \(reader.warningCount - reader.warnings.count) more warnings")
    }
}
