import Foundation
import QantaraText

/// A sentence (or other segment) of a text, with where it came from.
public struct Segment: Sendable, Hashable {
    /// The segment's text as in the source (format controls kept, surrounding white space trimmed).
    public var text: String
    /// Unicode scalar offsets of `text` in the source text.
    public var range: Range<Int>
    /// 0-based index of the paragraph (blank-line separated block) holding the segment.
    public var paragraph: Int
    /// 0-based index of the line the segment stands on (with `joinLines`, the paragraph's first line).
    public var line: Int

    public init(text: String, range: Range<Int>, paragraph: Int, line: Int = 0) {
        self.text = text
        self.range = range
        self.paragraph = paragraph
        self.line = line
    }
}

/// Cuts running text into segments with SRX rules.
///
/// Around the rules, Qantara's text conventions hold for every rule file: a segment never crosses a
/// paragraph (a blank line); a single line break ends a segment unless `joinLines` (text from a PDF,
/// where line breaks are wrapping: they then count as spaces); for matching, bidi controls and other
/// invisible format characters are skipped, every kind of space is U+0020 and Arabic presentation forms
/// are their base letters — while the segments keep the source text as it was.
public struct Segmenter: Sendable {
    public let language: String
    public let joinLines: Bool
    private let program: SRXProgram

    /// - Parameters:
    ///   - language: a language code matched against the rules' `<maprules>` (`ar`, `en-GB`, ...).
    ///   - rules: the SRX rules; nil uses Qantara's defaults.
    ///   - joinLines: single line breaks inside a paragraph are spaces (PDF text), not boundaries.
    /// - Throws: `SegmentationError` when no rule set applies to `language` or a rule does not compile.
    public init(language: String, rules: SRXDocument? = nil, joinLines: Bool = false) throws {
        let document = try rules ?? SRXDocument.qantaraDefault()
        try self.init(language: language, ruleSets: document.ruleSets(forLanguage: language), file: document.file,
                      icuSentenceBreaks: document.usesICUBreakRules, joinLines: joinLines)
    }

    /// Segments with `rules` cascaded before Qantara's defaults: the user's exceptions and breaks come
    /// first, then the default rules for the language.
    public init(language: String, cascading rules: SRXDocument, joinLines: Bool = false) throws {
        let defaults = try SRXDocument.qantaraDefault()
        let ruleSets = rules.ruleSets(forLanguage: language) + defaults.ruleSets(forLanguage: language)
        try self.init(language: language, ruleSets: ruleSets, file: rules.file,
                      icuSentenceBreaks: rules.usesICUBreakRules, joinLines: joinLines)
    }

    private init(language: String, ruleSets: [SRXLanguageRule], file: String, icuSentenceBreaks: Bool, joinLines: Bool) throws {
        guard !ruleSets.isEmpty else {
            throw SegmentationError(file: file, line: 0, message: "no <languagemap> matches the language \"\(language)\"")
        }
        self.language = language
        self.joinLines = joinLines
        program = try SRXProgram(ruleSets: ruleSets, file: file, icuSentenceBreaks: icuSentenceBreaks, locale: language)
    }

    /// The segments of `text`, in order.
    public func segment(_ text: String) -> [Segment] {
        var segments: [Segment] = []
        forEachSegment(in: text) { segments.append($0) }
        return segments
    }

    /// Calls `body` with each segment of `text` in order, holding only one paragraph at a time.
    /// - Returns: the rules that ran past the time limit of one match and were left out from there on
    ///   (a user's rule that backtracks catastrophically); empty with Qantara's rules.
    @discardableResult
    public func forEachSegment(in text: String, _ body: (Segment) -> Void) -> [SegmentationError] {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { bytes in
            forEachSegment(utf8: bytes, body)
        } ?? []
    }

    // The hot loop decodes UTF-8 itself: iterating `unicodeScalars` and building segment strings from
    // scalars cost more than the rules do.
    private func forEachSegment(utf8 bytes: UnsafeBufferPointer<UInt8>, _ body: (Segment) -> Void) -> [SegmentationError] {
        let matcher = SRXMatcher(program)
        var state = ParagraphSplitter(matcher: matcher, joinLines: joinLines)
        var index = 0
        while index < bytes.count {
            let start = index
            let value = UTF8Scalar.decode(bytes, at: &index)
            state.add(value, byte: start, source: bytes, body)
        }
        state.flush(source: bytes, body)
        return matcher.rulesThatGaveUp
    }

    /// Break offsets (Unicode scalars) that the rules alone give on `text`, without Qantara's
    /// paragraph and line conventions or folding: what another SRX engine gives on the same text.
    public func ruleBreaks(in text: String) -> [Int] {
        let matcher = SRXMatcher(program)
        let units = Array(text.utf16)
        var breaks: [Int] = []
        units.withUnsafeBufferPointer { matcher.breaks(in: $0, into: &breaks) }
        // UTF-16 offsets → scalar offsets.
        var result: [Int] = []
        var scalarOffset = 0
        var utf16Offset = 0
        var next = 0
        for scalar in text.unicodeScalars {
            while next < breaks.count && breaks[next] <= utf16Offset {
                result.append(scalarOffset)
                next += 1
            }
            utf16Offset += scalar.utf16.count
            scalarOffset += 1
        }
        return result
    }
}

/// Splits the text into paragraphs and lines (Qantara's conventions) and hands each stretch to a
/// `MatchingUnit`.
private struct ParagraphSplitter: ~Copyable {
    let matcher: SRXMatcher
    let joinLines: Bool
    var unit: MatchingUnit
    var paragraph = 0
    /// The line being read, and the one where the stretch in `unit` began.
    var line = 0
    var unitLine = 0
    var paragraphHasText = false
    var lineHasText = false
    var offset = 0
    var previousWasCR = false

    init(matcher: SRXMatcher, joinLines: Bool) {
        self.matcher = matcher
        self.joinLines = joinLines
        unit = MatchingUnit(joinLines: joinLines)
    }

    mutating func add(_ value: UInt32, byte: Int, source: UnsafeBufferPointer<UInt8>, _ body: (Segment) -> Void) {
        defer { offset += 1 }
        if MatchingUnit.isPlainText(value) {
            previousWasCR = false
            lineHasText = true
            paragraphHasText = true
            unit.append(value, offset: offset, byte: byte)
            return
        }
        if UnicodeSpaces.isLineBreak(value) {
            let isCRLF = previousWasCR && value == 0x0A
            previousWasCR = value == 0x0D
            if isCRLF {
                if joinLines { unit.append(value, offset: offset, byte: byte) }
                return
            }
            line += 1
            if !lineHasText || value == 0x2029 {
                // A blank line (or PARAGRAPH SEPARATOR) closes the paragraph.
                flush(source: source, body)
                if paragraphHasText { paragraph += 1 }
                paragraphHasText = false
            } else if joinLines {
                unit.append(value, offset: offset, byte: byte)
            } else {
                flush(source: source, body)
            }
            lineHasText = false
            return
        }
        previousWasCR = false
        if value > 0x20 && !UnicodeSpaces.isSpace(value) && !UnicodeSpaces.isFormatControl(value) {
            lineHasText = true
            paragraphHasText = true
        }
        unit.append(value, offset: offset, byte: byte)
    }

    mutating func flush(source: UnsafeBufferPointer<UInt8>, _ body: (Segment) -> Void) {
        if unit.hasText {
            unit.segment(with: matcher, source: source, position: (paragraph, unitLine), body)
        }
        unit.reset()
        unitLine = line
    }
}

/// One stretch of text segmented at once (a line, or a paragraph with `joinLines`): the folded UTF-16
/// text the rules see, with the source UTF-8 position of each UTF-16 unit. Segments are cut from the
/// source bytes, and their scalar offsets counted from them.
struct MatchingUnit: ~Copyable {
    let joinLines: Bool
    private var matching = PlainBuffer<UInt16>(capacity: 256)
    private var sourceByte = PlainBuffer<Int>(capacity: 256)
    private var startByte = -1
    private var endByte = 0
    private var startOffset = 0
    private var breaks: [Int] = []
    private(set) var hasText = false

    init(joinLines: Bool) { self.joinLines = joinLines }

    mutating func reset() {
        matching.removeAll()
        sourceByte.removeAll()
        startByte = -1
        hasText = false
    }

    /// Adds the scalar `value`, found at scalar `offset` and UTF-8 position `byte` of the source.
    @inline(__always)
    mutating func append(_ value: UInt32, offset: Int, byte: Int) {
        if startByte < 0 {
            startByte = byte
            startOffset = offset
        }
        endByte = byte + UTF8Scalar.length(value)
        if Self.isPlainText(value) {
            hasText = true
            matching.append(UInt16(truncatingIfNeeded: value))
            sourceByte.append(byte)
            return
        }
        if UnicodeSpaces.isFormatControl(value) { return }
        if UnicodeSpaces.isSpace(value) || UnicodeSpaces.isLineBreak(value) {
            matching.append(0x20)
            sourceByte.append(byte)
            return
        }
        hasText = true
        if value < 0x10000 {
            if ArabicScalars.isPresentationForm(value), let base = PresentationForms.base[value] {
                for unit in base {
                    matching.append(unit)
                    sourceByte.append(byte)
                }
                return
            }
            matching.append(UInt16(value))
            sourceByte.append(byte)
        } else {
            matching.append(UInt16(0xD800 + ((value - 0x10000) >> 10)))
            matching.append(UInt16(0xDC00 + ((value - 0x10000) & 0x3FF)))
            sourceByte.append(byte)
            sourceByte.append(byte)
        }
    }

    /// Most scalars: letters, digits or punctuation below U+1680, not a space, line break or format
    /// control — one UTF-16 unit, no folding.
    @inline(__always)
    static func isPlainText(_ value: UInt32) -> Bool {
        value > 0x20 && value < 0x1680 && value != 0x85 && value != 0xA0 && value != 0xAD && value != 0x61C
    }

    mutating func segment(
        with matcher: SRXMatcher, source: UnsafeBufferPointer<UInt8>, position: (paragraph: Int, line: Int),
        _ body: (Segment) -> Void
    ) {
        breaks.removeAll(keepingCapacity: true)
        matcher.breaks(in: matching.buffer, into: &breaks)
        var cursor = (byte: startByte, offset: startOffset)
        var start = startByte
        for unitIndex in breaks {
            let end = sourceByte[unitIndex]
            emit(start..<end, source: source, cursor: &cursor, position: position, body)
            start = end
        }
        emit(start..<endByte, source: source, cursor: &cursor, position: position, body)
    }

    /// Emits the source bytes `range` trimmed of white space, unless nothing visible is left; `cursor`
    /// carries the scalar offset of a byte position forward.
    private func emit(
        _ range: Range<Int>, source: UnsafeBufferPointer<UInt8>, cursor: inout (byte: Int, offset: Int),
        position: (paragraph: Int, line: Int), _ body: (Segment) -> Void
    ) {
        var lower = range.lowerBound
        var upper = range.upperBound
        var visible = false
        while lower < upper {
            var next = lower
            let value = UTF8Scalar.decode(source, at: &next)
            if !Self.isBlank(value) {
                visible = !UnicodeSpaces.isFormatControl(value)
                break
            }
            lower = next
        }
        while upper > lower {
            var previous = upper - 1
            while source[previous] & 0xC0 == 0x80 { previous -= 1 }
            var next = previous
            if !Self.isBlank(UTF8Scalar.decode(source, at: &next)) { break }
            upper = previous
        }
        if !visible {
            var index = lower
            while index < upper && !visible {
                visible = !UnicodeSpaces.isFormatControl(UTF8Scalar.decode(source, at: &index))
            }
        }
        guard visible else { return }
        let first = Self.advance(&cursor, to: lower, in: source)
        let last = Self.advance(&cursor, to: upper, in: source)
        let text = String(decoding: UnsafeBufferPointer(rebasing: source[lower..<upper]), as: UTF8.self)
        body(Segment(text: text, range: first..<last, paragraph: position.paragraph, line: position.line))
    }

    /// Scalar offset of byte position `byte` (at or after the cursor), moving the cursor there.
    private static func advance(_ cursor: inout (byte: Int, offset: Int), to byte: Int, in source: UnsafeBufferPointer<UInt8>) -> Int {
        while cursor.byte < byte {
            if source[cursor.byte] & 0xC0 != 0x80 { cursor.offset += 1 }
            cursor.byte += 1
        }
        return cursor.offset
    }

    private static func isBlank(_ value: UInt32) -> Bool {
        UnicodeSpaces.isSpace(value) || UnicodeSpaces.isLineBreak(value)
    }
}

/// Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFE) mapped to their base letters (NFKC), as the
/// UTF-16 the rules see: from the fold rules' table, so the normalization is worked out once.
enum PresentationForms {
    static let base: [UInt32: [UInt16]] = ArabicScalars.presentationFormBases.compactMapValues { form in
        Array(String(String.UnicodeScalarView(form)).utf16)
    }
}
