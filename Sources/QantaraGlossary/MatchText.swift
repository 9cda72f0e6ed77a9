import QantaraText

/// What the trie scan reads: folded scalars, letters, marks and digits marked with `GlossaryTrie.wordFlag`.
protocol ScannedText: FoldedScalarSink, ~Copyable {
    mutating func removeAll()
    var scannedScalars: UnsafeBufferPointer<UInt32> { get }
}

extension ScannedText where Self: ~Copyable {
    /// A run of separators scans as one space, or as a line break when it holds a blank line.
    @inline(__always)
    mutating func separator(lineBreaks: Int, offset: Int, byteOffset: Int) {
        scalar(lineBreaks >= 2 ? 0x0A : 0x20, offset: offset, byteOffset: byteOffset)
    }
}

/// The scan's column only, for callers that need no way back to the source (anchor keys): one store per
/// scalar rather than the three of `MatchText`.
struct ScanText: ScannedText, ~Copyable {
    private var scalars = PlainBuffer<UInt32>(capacity: 1 << 8)

    var scannedScalars: UnsafeBufferPointer<UInt32> { scalars.buffer }

    mutating func removeAll() {
        scalars.removeAll()
    }

    @inline(__always)
    mutating func scalar(_ marked: UInt32, offset: Int, byteOffset: Int) {
        scalars.append(marked)
    }

    mutating func finish(offset: Int, byteOffset: Int) {}
}

/// Text prepared for matching: folded, with runs of spaces, line breaks and hyphens reduced to one space
/// (a run holding a blank line becomes a line break, which no key contains, so no name spans paragraphs).
/// Filled by `MatchFolding.fold` straight from UTF-8; the buffers are reused from one piece of text to the next.
struct MatchText: ScannedText, ~Copyable {
    /// The folded scalars, letters, marks and digits (`isWord`) marked with `GlossaryTrie.wordFlag`.
    private(set) var scalars = PlainBuffer<UInt32>(capacity: 1 << 12)
    /// Source offset (in Unicode scalars) of each scalar, and one more: the end of the text read.
    private(set) var offsets = PlainBuffer<Int>(capacity: 1 << 12)
    /// UTF-8 offset of the same source scalars, and one more, to cut surfaces out of the bytes.
    private(set) var byteOffsets = PlainBuffer<Int>(capacity: 1 << 12)

    var scannedScalars: UnsafeBufferPointer<UInt32> { scalars.buffer }

    mutating func removeAll() {
        scalars.removeAll()
        offsets.removeAll()
        byteOffsets.removeAll()
    }

    @inline(__always)
    mutating func scalar(_ marked: UInt32, offset: Int, byteOffset: Int) {
        scalars.append(marked)
        offsets.append(offset)
        byteOffsets.append(byteOffset)
    }

    /// Closes the buffers with the end of the text read.
    mutating func finish(offset: Int, byteOffset: Int) {
        offsets.append(offset)
        byteOffsets.append(byteOffset)
    }

    /// The source range of normalized scalars `range`, in scalars and in UTF-8 bytes of `bytes` (the text
    /// the offsets were read from); removed marks after the last letter belong to it.
    func sourceRanges(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> (scalars: Range<Int>, bytes: Range<Int>) {
        let last = range.upperBound - 1
        let start = offsets[range.lowerBound]
        let startByte = byteOffsets[range.lowerBound]
        if offsets[range.upperBound] > offsets[last] {
            return (start..<offsets[range.upperBound], startByte..<byteOffsets[range.upperBound])
        }
        // The range ends inside the expansion of one source scalar (a ligature): it takes all of that scalar.
        return (start..<(offsets[last] + 1), startByte..<(byteOffsets[last] + UTF8Scalar.length(lead: bytes[byteOffsets[last]])))
    }

    /// The normalized form of a glossary term: its match key, separators reduced to one space and
    /// none at either end (the same rules as the scan, without the offsets a key does not need).
    static func key(_ term: String, folding: MatchFolding) -> [UInt32] {
        var key: [UInt32] = []
        appendKey(term, folding: folding, to: &key)
        return key
    }

    /// The key of `term`, appended to `buffer` (no array of its own).
    static func appendKey(_ term: String, folding: MatchFolding, to buffer: inout [UInt32]) {
        // The buffer is moved into the sink and back, not copied: appends stay in place.
        var key = KeySink(keyStart: buffer.count)
        swap(&key.scalars, &buffer)
        folding.fold(term, into: &key)
        swap(&key.scalars, &buffer)
    }

    @inline(__always)
    static func isSeparator(_ value: UInt32) -> Bool {
        value == 0x20 || value == 0x2D || value == 0x2010 || value == 0x2011 || value == 0x2013
            || UnicodeSpaces.isSpace(value) || UnicodeSpaces.isLineBreak(value)
    }

    /// Letters, marks and digits: what a name is made of, and what must not touch a match from outside.
    @inline(__always)
    static func isWord(_ value: UInt32) -> Bool {
        if value < 0x80 {
            return (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
        }
        return CharacterClass.isWordScalar(value) || ArabicScalars.isDigit(value)
    }
}

/// Collects a key: separators become one space between words, none at either end.
private struct KeySink: FoldedScalarSink {
    var scalars: [UInt32] = []
    /// Where the key starts in `scalars` (keys are appended to a buffer).
    let keyStart: Int
    private var pendingSpace = false

    init(keyStart: Int) {
        self.keyStart = keyStart
    }

    mutating func scalar(_ marked: UInt32, offset: Int, byteOffset: Int) {
        if pendingSpace {
            scalars.append(0x20)
            pendingSpace = false
        }
        scalars.append(marked & ~GlossaryTrie.wordFlag)
    }

    mutating func separator(lineBreaks: Int, offset: Int, byteOffset: Int) {
        pendingSpace = scalars.count > keyStart
    }

    mutating func finish(offset: Int, byteOffset: Int) {}
}

/// What `MatchFolding.fold` hands on: folded scalars, and one call per run of separators.
protocol FoldedScalarSink: ~Copyable {
    /// A folded scalar that is not a separator, marked with `GlossaryTrie.wordFlag` when it is a letter, mark
    /// or digit (`MatchText.isWord`), with the offsets (scalars, UTF-8) of the source scalar it came from.
    mutating func scalar(_ marked: UInt32, offset: Int, byteOffset: Int)
    /// A run of separators; the offsets are those of the run's first source scalar.
    mutating func separator(lineBreaks: Int, offset: Int, byteOffset: Int)
    /// The end of the text read.
    mutating func finish(offset: Int, byteOffset: Int)
}

/// The fold of `TextFolder` and the scalar classes of `MatchText` in one table read per scalar, applied
/// while UTF-8 is decoded: no folded copy of the text, no String per piece. The table is filled from the
/// folder and the class predicates themselves, so it cannot disagree with them.
struct MatchFolding: Sendable {
    let folder: TextFolder
    /// Per scalar below `lowLimit`, then per scalar of `punctuation`, then per presentation form: the folded
    /// scalar and its class bits, `removed`, or `expanded` (several scalars, or a scalar outside the windows:
    /// folded by `folder`).
    private let table: Entries

    /// The windows: Latin, Greek, Cyrillic and Arabic; general punctuation; Arabic presentation forms.
    /// The scripts in between do not occur in Arabic or English text (none in the test corpora), and
    /// leaving them out makes the table a third of the size to build at every start.
    private static let lowLimit: UInt32 = 0x0800
    private static let punctuation: Range<UInt32> = 0x2000..<0x2070
    private static let forms: ClosedRange<UInt32> = 0xFB50...0xFEFF
    private static let punctuationStart = lowLimit
    private static let formsStart = lowLimit + UInt32(punctuation.count)
    private static let valueMask: UInt32 = 0x1F_FFFF
    private static let separatorBit: UInt32 = 1 << 21
    private static let lineBreakBit: UInt32 = 1 << 22
    /// The scan's mark itself, so that an entry masked with `valueMask | wordBit` is the scalar as scanned.
    private static let wordBit: UInt32 = GlossaryTrie.wordFlag
    private static let removed: UInt32 = 1 << 30
    private static let expanded: UInt32 = 1 << 29

    /// The folding of `.matching`, and with ة folded to ه: built once.
    static let matching = MatchFolding(folder: TextFolder(options: .matching))
    static let matchingTaMarbuta = MatchFolding(folder: TextFolder(options: .matchingTaMarbuta))

    /// The shared folding for `folder`'s options when there is one, else a new one.
    static func forFolder(_ folder: TextFolder) -> MatchFolding {
        switch folder.options {
        case matching.folder.options: return matching
        case matchingTaMarbuta.folder.options: return matchingTaMarbuta
        default: return MatchFolding(folder: folder)
        }
    }

    init(folder: TextFolder) {
        self.folder = folder
        let values = Array(0..<Self.lowLimit) + Array(Self.punctuation) + Array(Self.forms)
        var folded: [Unicode.Scalar] = []
        table = Entries(values.map { value in
            guard let scalar = Unicode.Scalar(value) else { return Self.expanded }
            folded.removeAll(keepingCapacity: true)
            folder.append(scalar, to: &folded)
            switch folded.count {
            case 0: return Self.removed
            case 1: return Self.entry(folded[0].value)
            default: return Self.expanded
            }
        })
    }

    /// The table in memory of its own, read through a plain pointer: the fold loop reads it once per
    /// scalar of every text scanned, and an array there cost a bounds check, or a closure whose captured
    /// state lived in memory rather than registers.
    private final class Entries: @unchecked Sendable {
        let base: UnsafeMutablePointer<UInt32>

        init(_ values: [UInt32]) {
            base = .allocate(capacity: values.count)
            base.initialize(from: values, count: values.count)
        }

        deinit {
            base.deallocate()
        }
    }

    @inline(__always)
    private static func entry(_ value: UInt32) -> UInt32 {
        value | (MatchText.isSeparator(value) ? separatorBit : 0) | (UnicodeSpaces.isLineBreak(value) ? lineBreakBit : 0)
            | (MatchText.isWord(value) ? wordBit : 0)
    }

    /// Folds `text` into `sink`; offsets count from the text's start.
    func fold<Sink: FoldedScalarSink & ~Copyable>(_ text: String, into sink: inout Sink) {
        var text = text
        text.withUTF8 { bytes in _ = fold(bytes, from: 0, to: bytes.count, firstOffset: 0, into: &sink) }
    }

    /// Folds the UTF-8 `bytes[start..<end]` into `sink`; scalar offsets start at `firstOffset`, byte offsets
    /// are indices into `bytes`. Returns the number of source scalars read.
    func fold<Sink: FoldedScalarSink & ~Copyable>(
        _ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, firstOffset: Int, into sink: inout Sink
    ) -> Int {
        var run = SeparatorRun()
        var scratch: [Unicode.Scalar] = []
        var offset = firstOffset
        var index = start
        let table = self.table.base
        while index < end {
            var next = index
            let value = UTF8Scalar.decode(bytes, at: &next)
            let entry: UInt32
            if value < Self.lowLimit {
                entry = table[Int(value)]
            } else if Self.punctuation.contains(value) {
                entry = table[Int(Self.punctuationStart + value - Self.punctuation.lowerBound)]
            } else if Self.forms.contains(value) {
                entry = table[Int(Self.formsStart + value - Self.forms.lowerBound)]
            } else {
                entry = Self.expanded
            }
            if entry & Self.expanded != 0 {
                scratch.removeAll(keepingCapacity: true)
                folder.append(Unicode.Scalar(value) ?? "\u{FFFD}", to: &scratch)
                for folded in scratch { run.emit(Self.entry(folded.value), offset: offset, byteOffset: index, into: &sink) }
            } else if entry & Self.removed == 0 {
                run.emit(entry, offset: offset, byteOffset: index, into: &sink)
            }
            index = next
            offset += 1
        }
        run.close(into: &sink)
        sink.finish(offset: offset, byteOffset: end)
        return offset - firstOffset
    }

    /// Separators are held back and handed on as one run when the next other scalar (or the end) comes.
    private struct SeparatorRun {
        var open = false
        var lineBreaks = 0
        var offset = 0
        var byteOffset = 0

        @inline(__always)
        mutating func emit<Sink: FoldedScalarSink & ~Copyable>(_ entry: UInt32, offset: Int, byteOffset: Int, into sink: inout Sink) {
            if entry & MatchFolding.separatorBit != 0 {
                if !open {
                    open = true
                    lineBreaks = 0
                    self.offset = offset
                    self.byteOffset = byteOffset
                }
                if entry & MatchFolding.lineBreakBit != 0 { lineBreaks += 1 }
                return
            }
            close(into: &sink)
            sink.scalar(entry & (MatchFolding.valueMask | MatchFolding.wordBit), offset: offset, byteOffset: byteOffset)
        }

        @inline(__always)
        mutating func close<Sink: FoldedScalarSink & ~Copyable>(into sink: inout Sink) {
            guard open else { return }
            sink.separator(lineBreaks: lineBreaks, offset: offset, byteOffset: byteOffset)
            open = false
        }
    }
}
