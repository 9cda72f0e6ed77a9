import Foundation
import QantaraText
import QantaraXML

/// The file formats `qantara tmx convert` moves between, chosen by extension.
public enum BilingualFormat: String, Sendable, CaseIterable {
    /// TMX 1.4 (read: 1.4 and 1.1).
    case tmx
    /// One pair a line: `source<TAB>target`; tab, line feed, carriage return and backslash inside a
    /// segment are written `\t`, `\n`, `\r`, `\\`.
    case tsv
    /// One JSON object a line: `{"source": …, "target": …, "source_lang": …, "target_lang": …, "tuid": …}`
    /// (`tuid` only when the unit has one).
    case jsonl

    /// The format for a path's extension (case-insensitive), or nil.
    public init?(path: String) {
        self.init(rawValue: URL(fileURLWithPath: path).pathExtension.lowercased())
    }
}

/// What a conversion did.
public struct ConversionSummary: Sendable {
    /// Units (or pairs) written.
    public var written = 0
    /// Units left out because they lack the source or the target language.
    public var skipped = 0
    public var sourceLanguage = ""
    public var targetLanguage = ""
    /// Warnings from reading and adjustments made while writing.
    public var warnings: [String] = []
}

/// Converts between TMX, TSV and JSONL: `qantara tmx convert`.
///
/// TSV and JSONL hold pairs of plain text, so a conversion to them keeps one source and one target
/// variant per unit and drops inline codes, props and notes; TMX to TMX keeps everything.
public enum TMXConversion {
    /// Converts `input` to `output`, formats chosen by extension.
    /// - Parameters:
    ///   - sourceLanguage: the source language; default: the header's `srclang` (TMX) or the first
    ///     line's `source_lang` (JSONL). Required for TSV input.
    ///   - targetLanguage: the target language; default: the first other language found.
    ///   - encoding: how TSV and JSONL input is encoded (TMX says so itself).
    /// - Throws: `TMXError` naming file and line for bad input, or for an extension that names no format.
    public static func convert(
        input: String, output: String, sourceLanguage: String? = nil, targetLanguage: String? = nil,
        encoding: TextEncoding = .utf8
    ) throws -> ConversionSummary {
        guard let inputFormat = BilingualFormat(path: input) else {
            throw TMXError(file: input, line: 0, message: unknownFormat, isUnreadable: true)
        }
        guard let outputFormat = BilingualFormat(path: output) else {
            throw TMXError(file: output, line: 0, message: unknownFormat, isUnreadable: true)
        }
        if inputFormat == .tmx && outputFormat == .tmx {
            return try TMXConcatenation.concatenate([input], into: output)
        }
        var summary = ConversionSummary()
        let source = try PairSource(path: input, format: inputFormat, sourceLanguage: sourceLanguage,
            targetLanguage: targetLanguage, encoding: encoding)
        let sink = try PairSink(path: output, format: outputFormat, source: source)
        while let pair = try source.next() {
            try sink.write(pair)
            summary.written += 1
        }
        try sink.finish()
        summary.skipped = source.skipped
        summary.sourceLanguage = source.sourceLanguage ?? ""
        summary.targetLanguage = source.targetLanguage ?? ""
        summary.warnings = source.warnings + sink.adjustments
        return summary
    }

    static let unknownFormat = "cannot tell the format from the extension: use .tmx, .tsv or .jsonl"

    /// `text` with tab, line breaks and backslash escaped for one TSV field.
    public static func escapeTSV(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 9 || $0 == 10 || $0 == 13 || $0 == 92 }) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\\": result += "\\\\"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The inverse of `escapeTSV` (an unknown escape is kept as written).
    public static func unescapeTSV(_ field: Substring) -> String {
        guard field.utf8.contains(92) else { return String(field) }
        var result = ""
        var escaped = false
        for scalar in field.unicodeScalars {
            if escaped {
                switch scalar {
                case "t": result += "\t"
                case "n": result += "\n"
                case "r": result += "\r"
                case "\\": result += "\\"
                default: result += "\\" + String(scalar)
                }
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        if escaped { result += "\\" }
        return result
    }
}

/// A source/target pair of plain text.
struct BilingualPair {
    var source: String
    var target: String
    var tuid: String?
}

/// JSONL line layout.
private struct JSONPair: Codable {
    var source: String
    var target: String
    var source_lang: String?
    var target_lang: String?
    var tuid: String?
}

/// Reads pairs from TMX (choosing the two languages), TSV or JSONL.
private final class PairSource {
    private(set) var sourceLanguage: String?
    private(set) var targetLanguage: String?
    private(set) var skipped = 0
    private var reader: TMXReader?
    private var lines: [Substring] = []
    private var lineIndex = 0
    private let path: String
    private let format: BilingualFormat

    init(path: String, format: BilingualFormat, sourceLanguage: String?, targetLanguage: String?, encoding: TextEncoding) throws {
        self.path = path
        self.format = format
        self.sourceLanguage = sourceLanguage
        self.targetLanguage = targetLanguage
        if format == .tmx {
            let reader = try TMXReader(path: path)
            self.reader = reader
            if self.sourceLanguage == nil, let declared = reader.header.sourceLanguage, declared != "*all*" {
                self.sourceLanguage = declared
            }
        } else {
            let text: String
            do {
                text = try TextDecoder.read(path: path, encoding: encoding)
            } catch let error as TextDecodingError {
                throw TMXError(file: path, line: 0, message: error.message)
            } catch {
                throw TMXError(file: path, line: 0, message: "cannot read the file", isUnreadable: true)
            }
            lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard lines.contains(where: { !$0.allSatisfy(\.isWhitespace) }) else {
                throw TMXError(file: path, line: 1, message: "the file is empty: no pairs in it")
            }
            if format == .tsv && (self.sourceLanguage == nil || self.targetLanguage == nil) {
                throw TMXError(
                    file: path, line: 0,
                    message: "a TSV file does not say its languages: give --source-lang and --target-lang",
                    isUnreadable: true)
            }
        }
    }

    var warnings: [String] { reader?.warnings.map(\.description) ?? [] }

    func next() throws -> BilingualPair? {
        if let reader {
            while let unit = try reader.next() {
                if let pair = pair(from: unit) { return pair }
                skipped += 1
            }
            return nil
        }
        while lineIndex < lines.count {
            var line = lines[lineIndex]
            lineIndex += 1
            if line.hasSuffix("\r") { line = line.dropLast() }
            if line.isEmpty { continue }
            return format == .tsv ? try tsvPair(line) : try jsonPair(line)
        }
        return nil
    }

    private func pair(from unit: TMXUnit) -> BilingualPair? {
        if sourceLanguage == nil { sourceLanguage = unit.attribute("srclang") ?? unit.variants.first?.language }
        guard let sourceLanguage, let source = unit.variant(for: sourceLanguage) else { return nil }
        if targetLanguage == nil {
            targetLanguage = unit.variants.first { !LanguageTag.matches($0.language, sourceLanguage) }?.language
        }
        guard let targetLanguage, let target = unit.variant(for: targetLanguage) else { return nil }
        return BilingualPair(source: source.content.plainText, target: target.content.plainText, tuid: unit.tuid)
    }

    private func tsvPair(_ line: Substring) throws -> BilingualPair {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 2 else {
            throw TMXError(
                file: path, line: lineIndex,
                message: "expected 2 tab-separated columns (source, target), found \(fields.count)")
        }
        return BilingualPair(
            source: TMXConversion.unescapeTSV(fields[0]), target: TMXConversion.unescapeTSV(fields[1]))
    }

    private func jsonPair(_ line: Substring) throws -> BilingualPair {
        let pair: JSONPair
        do {
            pair = try JSONDecoder().decode(JSONPair.self, from: Data(line.utf8))
        } catch {
            throw TMXError(
                file: path, line: lineIndex, message: "not a JSON object with \"source\" and \"target\" strings")
        }
        if sourceLanguage == nil { sourceLanguage = pair.source_lang }
        if targetLanguage == nil { targetLanguage = pair.target_lang }
        guard sourceLanguage != nil, targetLanguage != nil else {
            throw TMXError(
                file: path, line: lineIndex,
                message: "no source_lang/target_lang in the line: give --source-lang and --target-lang")
        }
        return BilingualPair(source: pair.source, target: pair.target, tuid: pair.tuid)
    }
}

/// Writes pairs as TMX, TSV or JSONL to a temporary file renamed into place by `finish()`.
private final class PairSink {
    private let format: BilingualFormat
    private let source: PairSource
    private let destination: String
    private var tmx: TMXWriter?
    private var handle: FileHandle?
    private var temporaryPath = ""
    private var buffer = Data()
    private let encoder = JSONEncoder()

    init(path: String, format: BilingualFormat, source: PairSource) throws {
        self.format = format
        self.source = source
        self.destination = path
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if format != .tmx {
            temporaryPath = AtomicFile.temporaryPath(for: path)
            guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
                let handle = FileHandle(forWritingAtPath: temporaryPath)
            else {
                throw TMXError(file: path, line: 0, message: "cannot create the file", isUnreadable: true)
            }
            self.handle = handle
        }
    }

    deinit {
        if handle != nil {
            try? handle?.close()
            unlink(temporaryPath)
        }
    }

    var adjustments: [String] { tmx?.adjustments ?? [] }

    func write(_ pair: BilingualPair) throws {
        switch format {
        case .tmx:
            let writer = try tmxWriter()
            var unit = TMXUnit()
            if let tuid = pair.tuid { unit.attributes.append(XMLAttribute(name: "tuid", value: tuid)) }
            unit.variants = [
                TMXVariant(language: source.sourceLanguage ?? "", content: TMXSegmentContent(text: pair.source)),
                TMXVariant(language: source.targetLanguage ?? "", content: TMXSegmentContent(text: pair.target)),
            ]
            try writer.write(unit)
        case .tsv:
            buffer.append(contentsOf: TMXConversion.escapeTSV(pair.source).utf8)
            buffer.append(9)
            buffer.append(contentsOf: TMXConversion.escapeTSV(pair.target).utf8)
            buffer.append(10)
        case .jsonl:
            let line = JSONPair(
                source: pair.source, target: pair.target, source_lang: source.sourceLanguage,
                target_lang: source.targetLanguage, tuid: pair.tuid)
            buffer.append(try encoder.encode(line))
            buffer.append(10)
        }
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func tmxWriter() throws -> TMXWriter {
        if let tmx { return tmx }
        let writer = try TMXWriter(
            destination: destination, header: .qantara(sourceLanguage: source.sourceLanguage ?? "*all*"))
        tmx = writer
        return writer
    }

    private func flush() throws {
        guard let handle, !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws {
        if format == .tmx {
            try tmxWriter().finish()
            return
        }
        try flush()
        try handle?.close()
        handle = nil
        guard rename(temporaryPath, destination) == 0 else {
            unlink(temporaryPath)
            throw TMXError(file: destination, line: 0, message: "cannot move the finished file into place")
        }
    }
}
