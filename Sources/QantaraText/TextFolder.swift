import Foundation

/// What `TextFolder` folds away. Folding is for matching only: the text a user sees is never folded.
public struct FoldingOptions: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Arabic harakat, shadda, sukun, Quranic marks and superscript alef.
    public static let removeDiacritics = FoldingOptions(rawValue: 1 << 0)
    /// Tatweel (U+0640), the elongation stroke.
    public static let removeTatweel = FoldingOptions(rawValue: 1 << 1)
    /// أ إ آ ٱ → ا
    public static let foldAlef = FoldingOptions(rawValue: 1 << 2)
    /// ى → ي, Persian ی → ي, Persian ک → ك
    public static let foldYa = FoldingOptions(rawValue: 1 << 3)
    /// ة → ه (ambiguous in names, so off in `.matching`).
    public static let foldTaMarbuta = FoldingOptions(rawValue: 1 << 4)
    /// Arabic presentation forms (U+FB50–U+FEFF, common in text copied from PDFs) → base letters.
    public static let foldPresentationForms = FoldingOptions(rawValue: 1 << 5)
    /// Arabic-Indic and Extended Arabic-Indic digits → ASCII digits; ٫ → `.`, ٬ → `,`.
    public static let foldDigits = FoldingOptions(rawValue: 1 << 6)
    /// Bidi controls, zero-width characters and the byte-order mark are dropped.
    public static let removeFormatControls = FoldingOptions(rawValue: 1 << 7)
    /// No-break and other Unicode spaces, tabs → U+0020.
    public static let foldSpaces = FoldingOptions(rawValue: 1 << 8)
    /// Latin, Greek and Cyrillic letters → lower case.
    public static let foldCase = FoldingOptions(rawValue: 1 << 9)
    /// Latin letters lose their accents (Erdoğan → erdogan with `.foldCase`).
    public static let foldLatinDiacritics = FoldingOptions(rawValue: 1 << 10)
    /// ؤ → و and ئ → ي (loose; useful for fuzzy lookup, too loose for names).
    public static let foldHamzaCarriers = FoldingOptions(rawValue: 1 << 11)

    /// Everything that changes the look of a word but not which word it is.
    public static let matching: FoldingOptions = [
        .removeDiacritics, .removeTatweel, .foldAlef, .foldYa, .foldPresentationForms, .foldDigits,
        .removeFormatControls, .foldSpaces, .foldCase, .foldLatinDiacritics,
    ]
    /// `.matching` with ة folded to ه: glossary names, written either way in running text.
    public static let matchingTaMarbuta: FoldingOptions = matching.union(.foldTaMarbuta)
    /// `.matching` plus the ambiguous folds: for recall-oriented search.
    public static let loose: FoldingOptions = matching.union([.foldTaMarbuta, .foldHamzaCarriers])
    /// Only invisible differences: format controls, presentation forms and spaces.
    public static let invisible: FoldingOptions = [.removeFormatControls, .foldPresentationForms, .foldSpaces]
}

/// Text folded for matching, with a map back to the original.
public struct FoldedText: Sendable, Hashable {
    /// The folded scalars.
    public let scalars: [Unicode.Scalar]
    /// For each folded scalar, the offset (in Unicode scalars) of the original scalar it came from;
    /// one extra element holds the original length, so `sourceOffsets[i + 1]` ends the original span of `i`.
    public let sourceOffsets: [Int]

    /// The folded text as a string.
    public var string: String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// The original scalar range that folded scalars `range` came from. Scalars the fold removed
    /// right after the range (diacritics, tatweel) belong to it, as they belong to the word they follow.
    public func sourceRange(of range: Range<Int>) -> Range<Int> {
        let start = sourceOffsets[range.lowerBound]
        guard !range.isEmpty else { return start..<start }
        let end = max(sourceOffsets[range.upperBound - 1] + 1, sourceOffsets[range.upperBound])
        return start..<end
    }
}

/// Folds text for matching: the one place that decides which Arabic and Latin variants count as the same.
///
/// The fold runs scalar by scalar over a lookup table built once per option set, so hot loops
/// (segmentation, glossary scans, memory lookups) pay one array access per scalar.
public struct TextFolder: Sendable {
    public let options: FoldingOptions
    private let table: FoldTable

    public init(options: FoldingOptions = .matching) {
        self.options = options
        self.table = FoldTable.shared(for: options)
    }

    /// Folds `text` for matching.
    public func fold(_ text: String) -> String {
        // Into UTF-8 bytes: appending to a `String.UnicodeScalarView` costs hundreds of instructions a scalar.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars { _ = appendUTF8(scalar, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Folds `text` and keeps, for every folded scalar, where it came from.
    public func foldWithOffsets(_ text: String) -> FoldedText {
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        // utf8.count is O(1) and bounds the scalar count; counting scalars would cost a pass of its own.
        scalars.reserveCapacity(text.utf8.count)
        offsets.reserveCapacity(text.utf8.count + 1)
        var index = 0
        for scalar in text.unicodeScalars {
            let before = scalars.count
            table.append(scalar, to: &scalars)
            for _ in before..<scalars.count { offsets.append(index) }
            index += 1
        }
        offsets.append(index)
        return FoldedText(scalars: scalars, sourceOffsets: offsets)
    }

    /// Appends the fold of one scalar (zero, one or several scalars).
    @inline(__always)
    public func append<Sink: RangeReplaceableCollection>(_ scalar: Unicode.Scalar, to sink: inout Sink)
    where Sink.Element == Unicode.Scalar {
        table.append(scalar, to: &sink)
    }

    /// Appends the fold of one scalar as UTF-8 to `bytes`; returns how many scalars that was.
    @inline(__always)
    public func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout [UInt8]) -> Int {
        forEachFoldedByte(scalar) { bytes.append($0) }
    }

    /// `appendUTF8(_:to:)` into a `PlainBuffer` (the tokenizer's, which appends on every byte).
    @inline(__always)
    public func appendUTF8(_ scalar: Unicode.Scalar, to bytes: inout PlainBuffer<UInt8>) -> Int {
        forEachFoldedByte(scalar) { bytes.append($0) }
    }

    /// Calls `body` with each UTF-8 byte of the fold of `scalar`; returns how many scalars the fold has.
    @inline(__always)
    private func forEachFoldedByte(_ scalar: Unicode.Scalar, _ body: (UInt8) -> Void) -> Int {
        var count = 0
        table.forEachFolded(scalar) { folded in
            UTF8.encode(folded, into: body)
            count += 1
        }
        return count
    }

    /// Appends the fold of one scalar to an array. Other modules' hot loops call this concrete overload:
    /// the generic one is not specialized across modules and cost a witness-table call per scalar.
    public func append(_ scalar: Unicode.Scalar, to scalars: inout [Unicode.Scalar]) {
        table.append(scalar, to: &scalars)
    }
}

extension TextFolder {
    /// Builds, on a thread of its own, the tables of the option sets text commands fold with: `.matching`
    /// (tokens, English word forms), `.matchingTaMarbuta` (glossary names) and `.loose` (Arabic word
    /// forms). A table takes milliseconds, its Unicode normalization data first of all; started before a
    /// program parses its arguments, the tables are ready when its work begins.
    public static func prepareCommonTables() {
        Thread {
            for options in [FoldingOptions.matching, .matchingTaMarbuta, .loose] {
                _ = FoldTable.shared(for: options)
            }
        }.start()
    }
}

/// The per-scalar mapping behind `TextFolder`; identity unless a rule applies.
final class FoldTable: Sendable {
    /// Scalars below this value are looked up directly; presentation forms have a second window.
    private static let lowLimit: UInt32 = 0x2070
    private static let presentationRange: ClosedRange<UInt32> = 0xFB50...0xFEFF

    // Index into `pool` and the number of scalars a source scalar maps to; count 255 means identity.
    private let lowStart: [Int32]
    private let lowCount: [UInt8]
    private let formsStart: [Int32]
    private let formsCount: [UInt8]
    private let pool: [Unicode.Scalar]
    private let options: FoldingOptions

    private static let cacheLock = LockedCache()

    static func shared(for options: FoldingOptions) -> FoldTable {
        cacheLock.table(for: options)
    }

    init(options: FoldingOptions) {
        self.options = options
        var pool: [Unicode.Scalar] = []
        var lowStart = [Int32](repeating: 0, count: Int(Self.lowLimit))
        var lowCount = [UInt8](repeating: 255, count: Int(Self.lowLimit))
        for value in 0..<Self.lowLimit {
            guard let scalar = Unicode.Scalar(value) else { continue }
            if let mapped = FoldRules.map(scalar, options: options) {
                lowStart[Int(value)] = Int32(pool.count)
                lowCount[Int(value)] = UInt8(mapped.count)
                pool.append(contentsOf: mapped)
            }
        }
        let formsLength = Int(Self.presentationRange.upperBound - Self.presentationRange.lowerBound + 1)
        var formsStart = [Int32](repeating: 0, count: formsLength)
        var formsCount = [UInt8](repeating: 255, count: formsLength)
        for offset in 0..<formsLength {
            let value = Self.presentationRange.lowerBound + UInt32(offset)
            guard let scalar = Unicode.Scalar(value) else { continue }
            if let mapped = FoldRules.map(scalar, options: options) {
                formsStart[offset] = Int32(pool.count)
                formsCount[offset] = UInt8(min(mapped.count, 254))
                pool.append(contentsOf: mapped.prefix(254))
            }
        }
        self.lowStart = lowStart
        self.lowCount = lowCount
        self.formsStart = formsStart
        self.formsCount = formsCount
        self.pool = pool
    }

    @inline(__always)
    func append<Sink: RangeReplaceableCollection>(_ scalar: Unicode.Scalar, to sink: inout Sink)
    where Sink.Element == Unicode.Scalar {
        forEachFolded(scalar) { sink.append($0) }
    }

    /// Calls `body` with each scalar `scalar` folds to, in order.
    @inline(__always)
    func forEachFolded(_ scalar: Unicode.Scalar, _ body: (Unicode.Scalar) -> Void) {
        let value = scalar.value
        if value < Self.lowLimit {
            let count = lowCount[Int(value)]
            if count == 255 {
                body(scalar)
            } else {
                let start = Int(lowStart[Int(value)])
                for i in start..<(start + Int(count)) { body(pool[i]) }
            }
        } else if Self.presentationRange.contains(value) {
            let offset = Int(value - Self.presentationRange.lowerBound)
            let count = formsCount[offset]
            if count == 255 {
                body(scalar)
            } else {
                let start = Int(formsStart[offset])
                for i in start..<(start + Int(count)) { body(pool[i]) }
            }
        } else if let mapped = FoldRules.map(scalar, options: options) {
            for part in mapped { body(part) }
        } else {
            body(scalar)
        }
    }
}

/// One table per option set, built on first use.
private final class LockedCache: @unchecked Sendable {
    private var tables: [UInt32: FoldTable] = [:]
    private let lock = NSLock()

    func table(for options: FoldingOptions) -> FoldTable {
        lock.withLock {
            if let table = tables[options.rawValue] { return table }
            let table = FoldTable(options: options)
            tables[options.rawValue] = table
            return table
        }
    }
}
