import ArgumentParser
import Foundation
import Qantara

/// `qantara glossary`: named-entity lookup, scan, TMX check, format conversion and statistics.
struct GlossaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "glossary",
        abstract: "Look up, find and check named entities (Arabic ⇄ English glossary).",
        discussion: "Without --glossary, the news named-entity glossary shipped with Qantara is used.",
        subcommands: [Lookup.self, Scan.self, Check.self, Convert.self, Stats.self]
    )
}

/// The glossary options every subcommand shares.
struct GlossarySelection: ParsableArguments {
    @Option(name: .customLong("glossary"), help: ArgumentHelp("A glossary file (.tbx .tsv .tab .txt .utf8 .csv); repeat to combine several. Default: the shipped news glossary.", valueName: "FILE"))
    var files: [String] = []

    @Flag(help: "Treat ة and ه as the same letter when matching.")
    var foldTaMarbuta = false

    @Flag(help: "Do not print the glossary's warnings.")
    var quiet = false

    func load() throws -> Glossary {
        let glossary: Glossary
        if files.isEmpty {
            glossary = try Glossary.loadShipped()
        } else {
            for file in files where !FileManager.default.isReadableFile(atPath: file) {
                throw CommandFailure(description: "\(file): cannot read the file", exitCode: CLI.cannotRun)
            }
            glossary = try Glossary.merged(files.map(Glossary.load(path:)))
        }
        if !quiet { glossary.warnings.forEach { CLI.printError("warning: \($0)") } }
        return glossary
    }

    func matcher() throws -> GlossaryMatcher {
        GlossaryMatcher(glossary: try load(), options: GlossaryMatcherOptions(foldTaMarbuta: foldTaMarbuta))
    }
}

extension GlossaryCommand {
    struct Lookup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lookup",
            abstract: "Print the entry an Arabic or English name belongs to (clitics allowed: وبوتين → Putin).")

        @Argument(help: "The name to look up.")
        var term: String

        @Flag(help: "Print JSON.")
        var json = false

        @OptionGroup var selection: GlossarySelection

        func run() throws {
            try CLI.run {
                let matcher = try selection.matcher()
                guard let match = matcher.lookup(term) else {
                    throw CommandFailure(description: "'\(term)' is not in the glossary", exitCode: CLI.badInput)
                }
                let entries = matcher.glossary.entries
                let indices = [match.entryIndex] + match.alternatives
                if json {
                    let object: [String: Any] = [
                        "query": term, "surface": match.surface, "status": match.status.rawValue,
                        "clitic": String(String.UnicodeScalarView(term.unicodeScalars.dropFirst(match.range.lowerBound).prefix(match.cliticLength))),
                        "ambiguous": match.isAmbiguous,
                        "entries": indices.map { GlossaryCLI.entryObject(entries[$0]) },
                    ]
                    try GlossaryCLI.printJSON(object)
                    return
                }
                if match.isAmbiguous { print("ambiguous: \(indices.count) entities have this form") }
                for index in indices { print(GlossaryCLI.entryText(entries[index])) }
                if match.status.isDiscouraged {
                    print("note: '\(match.surface)' is a \(match.status.rawValue) form")
                }
            }
        }
    }

    struct Scan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scan",
            abstract: "List every glossary entity in a text file, with Unicode-scalar offsets.")

        @Argument(help: "A text file; - reads standard input.")
        var file: String

        @Option(help: "ar or en (default: the file's dominant script).")
        var lang: String?

        @Option(help: "The file's encoding (UTF-16 with a byte-order mark is detected).")
        var encoding = TextEncoding.utf8

        @Flag(help: "Print a JSON array of {start, end, surface, arabic, english, type}.")
        var json = false

        @OptionGroup var selection: GlossarySelection

        func run() throws {
            try CLI.run {
                if file != "-", !FileManager.default.isReadableFile(atPath: file) {
                    throw CommandFailure(description: "\(file): cannot read the file", exitCode: CLI.cannotRun)
                }
                if let lang, !["ar", "en"].contains(LanguageTag.primary(lang)) {
                    throw CommandFailure(description: "--lang must be ar or en", exitCode: CLI.cannotRun)
                }
                let text = try TextDecoder.read(path: file, encoding: encoding)
                guard !text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace || $0.properties.isDefaultIgnorableCodePoint }) else {
                    throw CommandFailure(description: "\(TextDecoder.displayName(file)): the text is empty: there is nothing to scan", exitCode: CLI.badInput)
                }
                let language = lang ?? (Script.dominant(in: text) == .latin ? "en" : "ar")
                let matcher = try selection.matcher()
                let entries = matcher.glossary.entries
                let matches = matcher.matches(in: text, language: language)
                if json {
                    try GlossaryCLI.printJSON(matches.map { match -> [String: Any] in
                        let entry = entries[match.entryIndex]
                        var object: [String: Any] = [
                            "start": match.range.lowerBound, "end": match.range.upperBound, "surface": match.surface,
                            "arabic": entry.preferredArabic ?? "", "english": entry.preferredEnglish ?? "",
                            "type": entry.type.rawValue, "status": match.status.rawValue,
                        ]
                        if match.isAmbiguous {
                            object["ambiguous"] = true
                            object["alternatives"] = match.alternatives.map { index -> [String: Any] in
                                ["arabic": entries[index].preferredArabic ?? "", "english": entries[index].preferredEnglish ?? "", "type": entries[index].type.rawValue]
                            }
                        }
                        return object
                    })
                    return
                }
                for match in matches {
                    let entry = entries[match.entryIndex]
                    var line = "\(match.range.lowerBound)-\(match.range.upperBound)\t\(match.surface)\t\(entry.preferredEnglish ?? "")\t\(entry.type.rawValue)"
                    if match.status.isDiscouraged { line += "\t\(match.status.rawValue)" }
                    if match.isAmbiguous {
                        line += "\tambiguous: " + ([match.entryIndex] + match.alternatives).map { entries[$0].preferredEnglish ?? "?" }.joined(separator: " | ")
                    }
                    print(line)
                }
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a TMX against the glossary: names missing on one side, deprecated forms in the target.",
            discussion: "Exit status: 0 nothing found, 1 findings, 2 the check could not run (unreadable TMX or glossary).")

        @Argument(help: "The TMX file to check.")
        var tmx: String

        @Option(help: "Source language of the units.")
        var source = "ar"

        @Option(help: "Target language of the units.")
        var target = "en"

        @Flag(help: "Print a JSON array of findings.")
        var json = false

        @OptionGroup var selection: GlossarySelection

        func run() throws {
            try CLI.run {
                let matcher: GlossaryMatcher
                let reader: TMXReader
                do {
                    matcher = try selection.matcher()
                    reader = try TMXReader(path: tmx)
                } catch let failure as CommandFailure {
                    throw failure
                } catch {
                    throw CommandFailure(description: "\(error)", exitCode: CLI.cannotRun)
                }
                let checker = GlossaryChecker(matcher: matcher, sourceLanguage: source, targetLanguage: target)
                var findings: [GlossaryFinding] = []
                do {
                    while let unit = try reader.next() { findings += checker.check(unit) }
                } catch {
                    throw CommandFailure(description: "\(error)", exitCode: CLI.cannotRun)
                }
                let entries = matcher.glossary.entries
                if json {
                    try GlossaryCLI.printJSON(findings.map { finding -> [String: Any] in
                        [
                            "line": finding.line, "tuid": finding.unitID ?? NSNull(), "kind": finding.kind.rawValue,
                            "surface": finding.surface, "message": finding.message,
                            "arabic": entries[finding.entryIndex].preferredArabic ?? "",
                            "english": entries[finding.entryIndex].preferredEnglish ?? "",
                        ]
                    })
                } else {
                    for finding in findings {
                        let unit = finding.unitID.map { " (tu \($0))" } ?? ""
                        print("\(tmx):\(finding.line):\(unit) \(finding.kind.rawValue): \(finding.message)")
                    }
                }
                if !findings.isEmpty { throw CLI.badInput }
            }
        }
    }

    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "convert",
            abstract: "Convert a glossary between TBX, Qantara TSV/CSV and OmegaT TSV/CSV.",
            discussion: """
                Formats follow the extensions: .tbx TBX, .tsv Qantara TSV, .csv Qantara CSV, .txt/.tab/.utf8 OmegaT TSV. \
                Data the output format cannot hold is reported on standard error. The output is written to a \
                temporary file and renamed into place, so a failed run leaves nothing behind.
                """)

        @Argument(help: "The glossary to read.")
        var input: String

        @Argument(help: "The file to write.")
        var output: String

        @Option(help: "TBX version to write: 2 (martif, read by OmegaT) or 3 (TBX-Basic).")
        var tbxVersion: Int = 2

        @Option(help: "Output format instead of the extension's: qantara-tsv, qantara-csv, omegat-tsv, omegat-csv, tbx2, tbx3.")
        var format: String?

        @Flag(help: "Do not print warnings.")
        var quiet = false

        func run() throws {
            try CLI.run {
                guard tbxVersion == 2 || tbxVersion == 3 else {
                    throw CommandFailure(description: "--tbx-version must be 2 or 3", exitCode: CLI.cannotRun)
                }
                guard FileManager.default.isReadableFile(atPath: input) else {
                    throw CommandFailure(description: "\(input): cannot read the file", exitCode: CLI.cannotRun)
                }
                var chosen: GlossaryFormat
                if let format {
                    guard let named = GlossaryFormat(name: format) else {
                        throw CommandFailure(description: "unknown format '\(format)'", exitCode: CLI.cannotRun)
                    }
                    chosen = named
                } else {
                    guard let byExtension = GlossaryFormat(path: output) else {
                        throw CommandFailure(description: "\(output): cannot tell the format from the extension; give --format", exitCode: CLI.cannotRun)
                    }
                    chosen = byExtension
                }
                if case .tbx = chosen { chosen = .tbx(TBXVersion(rawValue: tbxVersion) ?? .v2) }
                let glossary = try Glossary.load(path: input)
                let title = URL(fileURLWithPath: output).deletingPathExtension().lastPathComponent
                let warnings = glossary.warnings + (try glossary.write(to: output, format: chosen, title: title))
                if !quiet { warnings.forEach { CLI.printError("warning: \($0)") } }
            }
        }
    }

    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "stats", abstract: "Count entries, forms and statuses.")

        @Flag(help: "Print JSON: {\"entries\": N, ...}.")
        var json = false

        @OptionGroup var selection: GlossarySelection

        func run() throws {
            try CLI.run {
                let glossary = try selection.load()
                let stats = GlossaryStatistics(glossary)
                if json {
                    try GlossaryCLI.printJSON([
                        "entries": stats.entries, "types": stats.types, "arabicForms": stats.arabicForms,
                        "englishForms": stats.englishForms, "misspellings": stats.misspellings,
                        "deprecated": stats.deprecated, "ambiguousArabicForms": stats.ambiguousArabicForms,
                        "warnings": glossary.warnings.count,
                    ] as [String: Any])
                    return
                }
                print("entries\t\(stats.entries)")
                for type in EntityType.allCases { print("\(type.rawValue)\t\(stats.types[type.rawValue] ?? 0)") }
                print("arabic forms\t\(stats.arabicForms)")
                print("english forms\t\(stats.englishForms)")
                print("misspellings\t\(stats.misspellings)")
                print("deprecated\t\(stats.deprecated)")
                print("ambiguous arabic forms\t\(stats.ambiguousArabicForms)")
            }
        }
    }
}

/// JSON and text rendering shared by the glossary commands.
enum GlossaryCLI {
    static func printJSON(_ object: Any) throws {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        try StandardStreams.writeOutput(data + Data("\n".utf8))
    }

    static func entryObject(_ entry: GlossaryEntry) -> [String: Any] {
        func terms(_ list: [GlossaryTerm]) -> [[String: Any]] {
            list.map { ["text": $0.text, "status": $0.status.rawValue] }
        }
        var object: [String: Any] = [
            "type": entry.type.rawValue, "arabic": entry.preferredArabic ?? "", "english": entry.preferredEnglish ?? "",
            "arabicTerms": terms(entry.arabic), "englishTerms": terms(entry.english), "notes": entry.notes,
        ]
        if let source = entry.source { object["source"] = source }
        return object
    }

    static func entryText(_ entry: GlossaryEntry) -> String {
        func terms(_ list: [GlossaryTerm]) -> String {
            list.map { $0.status == .admitted ? $0.text : "\($0.text) (\($0.status.rawValue))" }.joined(separator: "; ")
        }
        var lines = [
            "\(entry.preferredEnglish ?? "?") — \(entry.preferredArabic ?? "?") (\(entry.type.rawValue))",
            "  arabic:  \(terms(entry.arabic))",
            "  english: \(terms(entry.english))",
        ]
        lines += entry.notes.map { "  note:    \($0)" }
        if let source = entry.source { lines.append("  source:  \(source)") }
        return lines.joined(separator: "\n")
    }
}
