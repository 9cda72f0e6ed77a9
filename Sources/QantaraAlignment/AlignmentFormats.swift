import Foundation
import QantaraTMX

/// The output formats of `qantara align`.
public enum AlignmentFormat: String, Sendable, CaseIterable {
    /// TMX 1.4b with confidence, bead kind and source offsets as props.
    case tmx
    /// `arabic⇥english⇥confidence⇥bead` per line.
    case tsv
    /// vecalign's bead lines, `[0]:[0]:0.93` (what `align_score.py` reads).
    case beads
    /// One JSON object with the beads, their texts and offsets.
    case json
}

/// Renders an alignment as text (`beads`, `tsv`, `json`) or as TMX units.
public struct AlignmentRenderer: Sendable {
    public var source: AlignmentDocument
    public var target: AlignmentDocument
    public var result: AlignmentResult
    /// Keep 1-0/0-1 beads (as one-sided units / lines); false writes pairs only.
    public var keepsUnaligned: Bool

    public init(source: AlignmentDocument, target: AlignmentDocument, result: AlignmentResult, keepsUnaligned: Bool = true) {
        self.source = source
        self.target = target
        self.result = result
        self.keepsUnaligned = keepsUnaligned
    }

    private var beads: [Bead] {
        keepsUnaligned ? result.beads : result.beads.filter { !$0.source.isEmpty && !$0.target.isEmpty }
    }

    /// vecalign's format, one bead a line, with the confidence as a third field.
    public func beadLines() -> String {
        // Appended piece by piece: interpolating joined arrays cost thousands of instructions a bead.
        var out = ""
        out.reserveCapacity(beads.count * 24)
        func append(_ indices: Range<Int>) {
            out += "["
            for index in indices {
                if index > indices.lowerBound { out += ", " }
                out += String(index)
            }
            out += "]:"
        }
        for bead in beads {
            append(bead.source)
            append(bead.target)
            out += Self.formatConfidence(bead.confidence)
            out += "\n"
        }
        return out
    }

    /// `arabic⇥english⇥confidence⇥bead` a line; tabs and line breaks inside sentences become spaces.
    public func tsvLines() -> String {
        var out = ""
        for bead in beads {
            out += Self.clean(text(bead.source, in: source)) + "\t" + Self.clean(text(bead.target, in: target)) + "\t"
            out += Self.formatConfidence(bead.confidence) + "\t" + bead.kind + "\n"
        }
        return out
    }

    /// A JSON document: `{"source": path, "target": path, "beads": [{"source": [ids], "target": [ids],
    /// "kind", "confidence", "sourceText", "targetText", "sourceOffsets": [start, end] | null, …}], "warnings": […]}`.
    public func json() throws -> String {
        struct Output: Encodable {
            var source: String
            var target: String
            var beads: [Item]
            var warnings: [String]
        }
        struct Item: Encodable {
            var source: [Int]
            var target: [Int]
            var kind: String
            var confidence: Double
            var sourceText: String
            var targetText: String
            var sourceOffsets: [Int]?
            var targetOffsets: [Int]?
        }
        let items = beads.map { bead in
            Item(
                source: Array(bead.source), target: Array(bead.target), kind: bead.kind, confidence: bead.confidence,
                sourceText: text(bead.source, in: source), targetText: text(bead.target, in: target),
                sourceOffsets: offsets(bead.source, in: source).map { [$0.lowerBound, $0.upperBound] },
                targetOffsets: offsets(bead.target, in: target).map { [$0.lowerBound, $0.upperBound] })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(Output(source: source.path, target: target.path, beads: items, warnings: result.warnings))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// One TMX unit per bead: a `tuv` per non-empty side, props `x-qantara-confidence`, `x-qantara-bead`
    /// and `x-qantara-source-offsets` (Unicode scalars in the source text; the target's go in
    /// `x-qantara-target-offsets`).
    public func tmxUnits(sourceLanguage: String, targetLanguage: String) -> [TMXUnit] {
        beads.map { bead in
            var annotations: [TMXAnnotation] = [
                .property(TMXProperty(type: "x-qantara-confidence", value: Self.formatConfidence(bead.confidence))),
                .property(TMXProperty(type: "x-qantara-bead", value: bead.kind)),
            ]
            if let range = offsets(bead.source, in: source) {
                annotations.append(.property(TMXProperty(type: "x-qantara-source-offsets", value: "\(range.lowerBound)-\(range.upperBound)")))
            }
            if let range = offsets(bead.target, in: target) {
                annotations.append(.property(TMXProperty(type: "x-qantara-target-offsets", value: "\(range.lowerBound)-\(range.upperBound)")))
            }
            var variants: [TMXVariant] = []
            if !bead.source.isEmpty {
                variants.append(TMXVariant(language: sourceLanguage, content: TMXSegmentContent(text: text(bead.source, in: source))))
            }
            if !bead.target.isEmpty {
                variants.append(TMXVariant(language: targetLanguage, content: TMXSegmentContent(text: text(bead.target, in: target))))
            }
            return TMXUnit(annotations: annotations, variants: variants)
        }
    }

    /// A one-paragraph summary: beads per kind, low-confidence count, warnings.
    public func summary(seconds: Double) -> String {
        var counts: [String: Int] = [:]
        for bead in result.beads { counts[bead.kind, default: 0] += 1 }
        let kinds = counts.keys.sorted { (counts[$0]!, $1) > (counts[$1]!, $0) }.map { "\(counts[$0]!) \($0)" }
        var text = "\(source.path) ⇄ \(target.path): \(source.sentences.count) + \(target.sentences.count) sentences, "
        text += "\(result.beads.count) beads (\(kinds.joined(separator: ", "))); "
        text += "\(result.lowConfidenceCount()) below confidence \(AlignmentResult.lowConfidenceThreshold); "
        let oneSided = result.beads.count { $0.source.isEmpty || $0.target.isEmpty }
        if !keepsUnaligned && oneSided > 0 { text += "\(oneSided) unaligned left out of the output; " }
        text += String(format: "%.2f s.", seconds)
        for warning in result.warnings { text += " Warning: \(warning)." }
        return text
    }

    private func text(_ indices: Range<Int>, in document: AlignmentDocument) -> String {
        indices.map { document.sentences[$0].text }.joined(separator: " ")
    }

    private func offsets(_ indices: Range<Int>, in document: AlignmentDocument) -> Range<Int>? {
        guard let first = indices.first, let last = indices.last, last < document.ranges.count else { return nil }
        return document.ranges[first].lowerBound..<document.ranges[last].upperBound
    }

    private static func clean(_ text: String) -> String {
        String(text.unicodeScalars.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }

    /// Three decimals, as `%.3f` prints a confidence (already rounded to thousandths), without `String(format:)`,
    /// whose argument boxing cost more than writing a bead.
    static func formatConfidence(_ value: Double) -> String {
        let thousandths = Int((abs(value) * 1000).rounded())
        let fraction = String(thousandths % 1000)
        return (value < 0 ? "-" : "") + String(thousandths / 1000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
