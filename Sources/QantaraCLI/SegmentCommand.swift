import ArgumentParser
import Foundation
import Qantara

/// `qantara segment`: cuts a text into sentences with SRX rules.
struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Cut a text into sentence segments with SRX 2.0 rules.",
        discussion: """
            Lines format: one segment a line, an empty line between paragraphs. JSON format: an array of \
            {"index", "paragraph", "start", "end", "text"}, offsets in Unicode scalars of the input text.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case lines, json
    }

    @Option(name: .long, help: "Language code matched against the rules' language maps (ar, en, fr, ...).")
    var lang = "ar"

    @Option(name: .long, help: "An SRX 2.0 file whose rules come before Qantara's defaults.")
    var rules: String?

    @Flag(name: .long, help: "Use the --rules file alone, without Qantara's defaults.")
    var rulesOnly = false

    @Flag(name: .long, help: "Single line breaks inside a paragraph are spaces (text copied from a PDF).")
    var joinLines = false

    @Option(name: .long, help: "Input encoding (UTF-16 with a byte-order mark is detected).")
    var encoding = TextEncoding.utf8

    @Option(name: .long, help: "Output format: lines or json.")
    var format = Format.lines

    @Argument(help: "The text file; - or nothing reads standard input.")
    var file: String?

    func run() throws {
        try CLI.run {
            if rulesOnly && rules == nil { throw CommandFailure.usage("--rules-only needs --rules FILE.srx") }
            for path in [rules, file].compactMap({ $0 }) where path != "-" && !FileManager.default.fileExists(atPath: path) {
                throw CommandFailure(description: "\(path): no such file", exitCode: CLI.cannotRun)
            }
            let segmenter: Segmenter
            if let rules {
                let document = try SRXDocument.load(path: rules)
                segmenter = rulesOnly
                    ? try Segmenter(language: lang, rules: document, joinLines: joinLines)
                    : try Segmenter(language: lang, cascading: document, joinLines: joinLines)
            } else {
                segmenter = try Segmenter(language: lang, joinLines: joinLines)
            }
            let text = try TextDecoder.read(path: file ?? "-", encoding: encoding)
            var output = SegmentWriter(format: format)
            let rulesThatGaveUp = segmenter.forEachSegment(in: text) { output.write($0) }
            guard output.count > 0 else {
                throw CommandFailure(
                    description: "\(TextDecoder.displayName(file ?? "-")): the text is empty: there is nothing to segment", exitCode: CLI.badInput)
            }
            try output.finish()
            // The segments were written without the rules that gave up: say which, and exit as for bad input.
            guard rulesThatGaveUp.isEmpty else {
                rulesThatGaveUp.dropLast().forEach { CLI.printError("error: \($0)") }
                throw CommandFailure(description: rulesThatGaveUp.last!.description, exitCode: CLI.badInput)
            }
        }
    }
}

/// Streams segments to standard output in the chosen format.
private struct SegmentWriter {
    let format: SegmentCommand.Format
    private var buffer = ""
    private(set) var count = 0
    private var lastParagraph = 0
    /// The first failed write: segmenting goes on (the segmenter's callback cannot throw), nothing more is
    /// written, and `finish()` throws it.
    private var failure: Error?

    init(format: SegmentCommand.Format) { self.format = format }

    mutating func write(_ segment: Segment) {
        switch format {
        case .lines:
            if count > 0 && segment.paragraph != lastParagraph { buffer += "\n" }
            // A segment joined from several lines (--join-lines) is printed on one.
            for scalar in segment.text.unicodeScalars {
                buffer.unicodeScalars.append(UnicodeSpaces.isLineBreak(scalar.value) ? " " : scalar)
            }
            buffer += "\n"
        case .json:
            buffer += count == 0 ? "[\n" : ",\n"
            buffer += "  {\"index\": \(count), \"paragraph\": \(segment.paragraph), \"start\": \(segment.range.lowerBound), "
            buffer += "\"end\": \(segment.range.upperBound), \"text\": \(Self.jsonString(segment.text))}"
        }
        lastParagraph = segment.paragraph
        count += 1
        if buffer.utf8.count > 1 << 16 { flush() }
    }

    mutating func finish() throws {
        if format == .json && count > 0 { buffer += "\n]\n" }
        flush()
        if let failure { throw failure }
    }

    private mutating func flush() {
        if failure == nil {
            do { try StandardStreams.writeOutput(Data(buffer.utf8)) } catch { failure = error }
        }
        buffer = ""
    }

    private static func jsonString(_ text: String) -> String {
        let data = try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }
}
