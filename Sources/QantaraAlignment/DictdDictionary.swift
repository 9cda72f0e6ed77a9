import Foundation
import QantaraText

/// A dictd dictionary in memory: its entries' bytes, where each folded headword's entries are, and the
/// entries parsed so far (shared by the documents of a batch, hence the lock).
final class DictdData: @unchecked Sendable {
    let data: [UInt8]
    let index: FoldedHeadwordIndex
    private var parsed: [Int32: [String]] = [:]
    private let lock = NSLock()

    /// Reads the index (`headword⇥offset⇥length`, numbers in base64) of the entries that `readData` returns.
    /// Single-word Arabic headwords are indexed, folded as `ArabicWordForms.fold` folds text words. The data
    /// is read (and inflated) on another thread while this one folds the index: together they were most of
    /// the start-up of a short alignment.
    init(indexBytes: [UInt8], indexPath: String, readData: @escaping @Sendable () throws -> [UInt8]) throws {
        let reading = BackgroundResult(readData)
        let index = try FoldedHeadwordIndex(indexBytes: indexBytes, indexPath: indexPath)
        data = try reading.value()
        if let end = index.largestEnd, end.offset > data.count {
            throw AlignmentError(file: indexPath, line: end.line, message: "entry points outside the dictionary data")
        }
        self.index = index
    }

    /// Stems of the senses of every entry for `key`. An entry's first line repeats the headword (with its
    /// pronunciation); each further line is one sense, numbered `1. ` when there are several. Senses of
    /// more than three words are glosses, not translations, and are skipped.
    func stems(for key: WordKey) -> [String] {
        var stems: [String] = []
        index.forEachEntry(of: key) { record, span in
            if let known = lock.withLock({ parsed[record] }) {
                stems.append(contentsOf: known)
                return
            }
            let entryStems = Self.senseStems(String(decoding: data[span], as: UTF8.self))
            lock.withLock { parsed[record] = entryStems }
            stems.append(contentsOf: entryStems)
        }
        return stems
    }

    /// Scans the entry's scalars once (a `Character`-based split cost more than the lookups themselves),
    /// keeping a sense's words as ranges of one buffer. Sense numbers (`1.`) fall away with the other
    /// non-letters.
    private static func senseStems(_ entry: String) -> [String] {
        var entryStems: [String] = []
        var sense: [Unicode.Scalar] = []
        var words: [Range<Int>] = []
        var wordStart: Int?
        func endWord() {
            if let start = wordStart { words.append(start..<sense.count) }
            wordStart = nil
        }
        func endSense() {
            endWord()
            if words.count <= 3 {
                for word in words {
                    for part in sense[word].split(separator: "-") {
                        if let stem = EnglishWordForms.stem(String(utf8Of: part)) { entryStems.append(stem) }
                    }
                }
            }
            sense.removeAll(keepingCapacity: true)
            words.removeAll(keepingCapacity: true)
        }
        // The first line repeats the headword.
        let scalars = entry.unicodeScalars
        guard let firstBreak = scalars.firstIndex(of: "\n") else { return [] }
        for scalar in scalars[scalars.index(after: firstBreak)...] {
            if scalar == "\n" {
                endSense()
            } else if Self.isWordScalar(scalar, continuing: wordStart != nil) {
                if wordStart == nil { wordStart = sense.count }
                sense.append(scalar)
            } else {
                endWord()
            }
        }
        endSense()
        return entryStems
    }

    /// Letters, apostrophes and hyphens; combining marks inside a word. ASCII first: Unicode property
    /// lookups were a tenth of the alignment's time.
    @inline(__always)
    private static func isWordScalar(_ scalar: Unicode.Scalar, continuing: Bool) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (0x61...0x7A).contains(value | 0x20) || value == 0x27 || value == 0x2D
        }
        return scalar.properties.isAlphabetic || (continuing && scalar.properties.isGraphemeExtend)
    }
}

/// Folded headwords → entry spans, on flat integer arrays with open addressing.
///
/// Hand-written rather than a `[WordKey: [Range<Int>]]`: FreeDict ara-eng has 53,000 headwords, and a
/// `String` plus an array per headword made the dictionary's start-up cost more than aligning a whole
/// article. Here a headword is folded straight into one byte buffer and costs no allocation of its own.
struct FoldedHeadwordIndex: Sendable {
    /// Folded keys, concatenated; record `r` has key `keyBytes[keyStart[r]..<keyStart[r] + keyLength[r]]`.
    private var keyBytes: [UInt8] = []
    private var keyStart: [Int32] = []
    private var keyLength: [Int32] = []
    private var spanStart: [Int32] = []
    private var spanLength: [Int32] = []
    /// The next record with the same key, -1 at the end of the chain.
    private var nextRecord: [Int32] = []
    /// Per slot: the first record of a key, -1 when free. A power of two, at most half full.
    private var slots: [Int32] = []
    /// Per slot: the last record of its chain, so entries keep the index's order.
    private var lastRecord: [Int32] = []
    /// Distinct folded keys.
    private(set) var count = 0
    /// Where the entry that ends furthest into the data ends, and its line in the index.
    private(set) var largestEnd: (offset: Int, line: Int)?

    init(indexBytes: [UInt8], indexPath: String) throws {
        // Scanned through an unsafe buffer with memchr: bounds-checked slices of a 1.3 MB index were most
        // of a short alignment's start-up, which no other thread can overlap.
        try indexBytes.withUnsafeBufferPointer { try build(from: $0, indexPath: indexPath) }
    }

    private mutating func build(from index: UnsafeBufferPointer<UInt8>, indexPath: String) throws {
        guard let base = index.baseAddress else { return }
        let end = base + index.count
        var lines = 1
        var cursor = base
        while let found = Self.find(UInt8(ascii: "\n"), from: cursor, to: end) {
            lines += 1
            cursor = found + 1
        }
        var capacity = 16
        while capacity < 4 * lines { capacity <<= 1 }  // up to two keys a headword, the table at most half full
        slots = [Int32](repeating: -1, count: capacity)
        lastRecord = [Int32](repeating: -1, count: capacity)
        keyBytes.reserveCapacity(index.count)

        let folder = ArabicWordForms.folder
        var folded: [Unicode.Scalar] = []
        var lineNumber = 0
        var lineStart = base
        while lineStart < end {
            lineNumber += 1
            let lineEnd = Self.find(UInt8(ascii: "\n"), from: lineStart, to: end) ?? end
            defer { lineStart = lineEnd + 1 }
            guard lineEnd > lineStart else { continue }
            guard let firstTab = Self.find(UInt8(ascii: "\t"), from: lineStart, to: lineEnd),
                let secondTab = Self.find(UInt8(ascii: "\t"), from: firstTab + 1, to: lineEnd)
            else {
                throw AlignmentError(file: indexPath, line: lineNumber, message: "expected headword<TAB>offset<TAB>length")
            }
            let headword = UnsafeBufferPointer(start: lineStart, count: firstTab - lineStart)
            // Arabic letters start at U+0600 (UTF-8 lead byte 0xD8); phrases are left out.
            guard (0xD8...0xDB).contains(lineStart.pointee), Self.find(UInt8(ascii: " "), from: lineStart, to: firstTab) == nil
            else { continue }
            let lengthEnd = Self.find(UInt8(ascii: "\t"), from: secondTab + 1, to: lineEnd) ?? lineEnd
            guard let offset = Self.base64Number(UnsafeBufferPointer(start: firstTab + 1, count: secondTab - firstTab - 1)),
                let length = Self.base64Number(UnsafeBufferPointer(start: secondTab + 1, count: lengthEnd - secondTab - 1))
            else {
                throw AlignmentError(file: indexPath, line: lineNumber, message: "expected base64 numbers for offset and length")
            }
            if offset + length > largestEnd?.offset ?? 0 { largestEnd = (offset + length, lineNumber) }
            guard Self.fold(headword, with: folder, into: &folded) else { continue }
            let span = offset..<(offset + length)
            let start = keyBytes.count
            for scalar in folded { UTF8.encode(scalar) { keyBytes.append($0) } }
            insert(keyFrom: start, to: keyBytes.count, span: span)
            if ArabicWordForms.hasDroppableArticle(folded) {
                insert(keyFrom: start + 4, to: keyBytes.count, span: span)  // ا and ل are two bytes each
            }
        }
    }

    private static func find(_ byte: UInt8, from start: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>? {
        guard start < end, let found = memchr(start, Int32(byte), end - start) else { return nil }
        return UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
    }

    /// Calls `body` with the record number and the data span of every entry whose folded headword is `key`.
    func forEachEntry(of key: WordKey, _ body: (Int32, Range<Int>) -> Void) {
        var text = key.text
        text.withUTF8 { bytes in
            var record = slots[slot(of: bytes, hash: key.bytesHash)]
            while record >= 0 {
                let start = Int(spanStart[Int(record)])
                body(record, start..<(start + Int(spanLength[Int(record)])))
                record = nextRecord[Int(record)]
            }
        }
    }

    private mutating func insert(keyFrom start: Int, to end: Int, span: Range<Int>) {
        let record = Int32(spanStart.count)
        keyStart.append(Int32(start))
        keyLength.append(Int32(end - start))
        spanStart.append(Int32(span.lowerBound))
        spanLength.append(Int32(span.count))
        nextRecord.append(-1)
        let slot = keyBytes.withUnsafeBufferPointer { bytes in
            let key = UnsafeBufferPointer(rebasing: bytes[start..<end])
            return self.slot(of: key, hash: FNV1a.hash(key))
        }
        if slots[slot] < 0 {
            slots[slot] = record
            count += 1
        } else {
            nextRecord[Int(lastRecord[slot])] = record
        }
        lastRecord[slot] = record
    }

    /// The slot holding `key`'s chain, or the free slot where it would go (linear probing on `hash`, the
    /// key's `FNV1a` hash as `WordKey` keeps it).
    private func slot(of key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let record = slots[slot]
            if record < 0 || keyEquals(record: Int(record), key) { return slot }
            slot = (slot + 1) & mask
        }
    }

    private func keyEquals(record: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(keyLength[record]) == key.count else { return false }
        let start = Int(keyStart[record])
        return keyBytes.withUnsafeBufferPointer { bytes in
            memcmp(bytes.baseAddress! + start, key.baseAddress!, key.count) == 0
        }
    }

    /// Folds UTF-8 `bytes` scalar by scalar into `folded`; false when they are not valid UTF-8.
    private static func fold(_ bytes: UnsafeBufferPointer<UInt8>, with folder: TextFolder, into folded: inout [Unicode.Scalar]) -> Bool {
        folded.removeAll(keepingCapacity: true)
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): folder.append(scalar, to: &folded)
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// dictd's numbers: base64 digits, most significant first.
    static func base64Number(_ digits: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0
        for byte in digits {
            let digit: Int
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): digit = Int(byte) - 65
            case UInt8(ascii: "a")...UInt8(ascii: "z"): digit = Int(byte) - 97 + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte) - 48 + 52
            case UInt8(ascii: "+"): digit = 62
            case UInt8(ascii: "/"): digit = 63
            case UInt8(ascii: "\r"): continue
            default: return nil
            }
            guard value < (Int.max >> 6) else { return nil }
            value = value << 6 | digit
        }
        return value
    }
}

/// A value computed on a global queue while the caller does other work; `value()` waits for it.
private final class BackgroundResult<Value: Sendable>: @unchecked Sendable {
    private var result: Result<Value, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ compute: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async {
            self.result = Result(catching: compute)
            self.done.signal()
        }
    }

    /// Waits for the value (the semaphore orders the write before this read).
    func value() throws -> Value {
        done.wait()
        return try result!.get()
    }
}
