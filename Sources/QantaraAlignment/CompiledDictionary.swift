import Foundation
import QantaraText

/// A word list or a dictd dictionary compiled for lookup: each single-word Arabic headword, folded as text
/// words are, with the English stems of all its entries' senses as ids into one list of stems.
///
/// Every entry is parsed once, when the dictionary is compiled; the compiled form can be stored in a
/// cache file and read back in a few milliseconds, where inflating and parsing FreeDict took longer than
/// aligning a short article.
struct CompiledDictionary: Sendable {
    /// Folded headwords (with and without a droppable article); key `k` has the stems
    /// `stemIDs[stemStart[k]..<stemStart[k + 1]]`, entries in the index's order.
    private var keys: ByteKeyTable
    private var stemStart: [Int32]
    private var stemIDs: [Int32]
    /// The distinct English stems, concatenated as UTF-8: stem `s` is `stemBytes[stemEnds[s - 1]..<stemEnds[s]]`
    /// (from 0 for the first). Bytes rather than strings: a string per stem made reading the cache slower.
    private let stemBytes: [UInt8]
    private let stemEnds: [Int32]

    var stemCount: Int { stemEnds.count }

    /// Stem `id` as UTF-8, to `body`.
    func withStem<Result>(_ id: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let start = id == 0 ? 0 : Int(stemEnds[Int(id) - 1])
        return stemBytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<Int(stemEnds[Int(id)])])) }
    }

    /// Number of folded headwords.
    var count: Int { keys.count }

    /// The stems of every entry whose folded headword is `key` (UTF-8; `hash` is its `FNV1a` hash).
    func stems(for key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> ArraySlice<Int32> {
        let index = keys.index(of: key, hash: hash)
        guard index >= 0 else { return [] }
        return stemIDs[Int(stemStart[Int(index)])..<Int(stemStart[Int(index) + 1])]
    }

    /// A word list from tables built elsewhere: `links` holds `headword << 32 | stem` (ids of `headwords`
    /// and `stems`), in any order and with repeats.
    init(headwords: ByteKeyTable, stems: ByteKeyTable, links: [Int64]) {
        var links = links
        links.sort()
        var stemStart: [Int32] = [0]
        var stemIDs: [Int32] = []
        var index = 0
        for headword in 0..<Int64(headwords.count) {
            while index < links.count, links[index] >> 32 == headword {
                let stem = Int32(truncatingIfNeeded: links[index])
                if stemIDs.count == Int(stemStart.last!) || stemIDs.last != stem { stemIDs.append(stem) }
                index += 1
            }
            stemStart.append(Int32(stemIDs.count))
        }
        keys = headwords
        self.stemStart = stemStart
        self.stemIDs = stemIDs
        (stemBytes, stemEnds) = stems.concatenatedKeys
    }

    /// Compiles the index (`headword⇥offset⇥length`, numbers in base64) and the entries it points into.
    /// `readData` runs on another thread while this one folds the index.
    init(indexBytes: [UInt8], indexPath: String, readData: @escaping @Sendable () throws -> [UInt8]) throws {
        let reading = BackgroundResult(readData)
        let index = try DictdIndex(indexBytes: indexBytes, indexPath: indexPath)
        let data = try reading.value()
        if let end = index.largestEnd, end.offset > data.count {
            throw AlignmentError(file: indexPath, line: end.line, message: "entry points outside the dictionary data")
        }
        var stems = ByteKeyTable(expectedCount: 1 << 15)
        // Per record: its key and its stems, then grouped by key in record order (a stable counting sort).
        var recordStems: [Int32] = []
        var recordStart: [Int32] = [0]
        var perKey = [Int32](repeating: 0, count: index.keys.count + 1)
        var parser = SenseParser()
        data.withUnsafeBufferPointer { data in
            for record in index.records {
                for stem in parser.stems(UnsafeBufferPointer(rebasing: data[record.span])) { recordStems.append(stems.insert(stem)) }
                recordStart.append(Int32(recordStems.count))
                perKey[Int(record.key) + 1] += recordStart[recordStart.count - 1] - recordStart[recordStart.count - 2]
            }
        }
        for k in 0..<index.keys.count { perKey[k + 1] += perKey[k] }
        var stemIDs = [Int32](repeating: 0, count: recordStems.count)
        var fill = perKey
        for (r, record) in index.records.enumerated() {
            for s in Int(recordStart[r])..<Int(recordStart[r + 1]) {
                stemIDs[Int(fill[Int(record.key)])] = recordStems[s]
                fill[Int(record.key)] += 1
            }
        }
        self.keys = index.keys
        self.stemStart = perKey
        self.stemIDs = stemIDs
        (stemBytes, stemEnds) = stems.concatenatedKeys
    }

    // MARK: Cache files

    /// The cache format; in cache file names too, so that two versions of Qantara on one machine keep a file
    /// each rather than recompiling over each other's.
    static let formatVersion = 4
    private static let magic = Array("QANTARA-DICTD-\(formatVersion)\n".utf8)

    /// The compiled dictionary as bytes for a cache file, stamped with `signature` (what it was compiled from).
    func encoded(signature: UInt64) -> [UInt8] {
        var writer = FlatWriter()
        writer.integers(Self.magic)
        writer.integers([signature])
        keys.encode(into: &writer)
        writer.integers(stemStart)
        writer.integers(stemIDs)
        writer.integers(stemBytes)
        writer.integers(stemEnds)
        return writer.output
    }

    /// Reads `encoded(signature:)` back; nil when the bytes are not a cache of `signature` or are damaged.
    init?(decoding bytes: UnsafeRawBufferPointer, signature: UInt64) {
        var reader = FlatReader(bytes)
        guard reader.integers(UInt8.self) == Self.magic, reader.integers(UInt64.self) == [signature],
            let keys = ByteKeyTable(decoding: &reader),
            let stemStart = reader.integers(Int32.self), let stemIDs = reader.integers(Int32.self),
            let stemBytes = reader.integers(UInt8.self), let stemEnds = reader.integers(Int32.self), reader.isAtEnd,
            stemStart.count == keys.count + 1, stemStart.last.map(Int.init) == stemIDs.count,
            zip(stemStart, stemStart.dropFirst()).allSatisfy({ $0 <= $1 }),
            stemIDs.allSatisfy({ $0 >= 0 && Int($0) < stemEnds.count }),
            zip([0] + stemEnds, stemEnds).allSatisfy({ $0 <= $1 }), stemEnds.last.map(Int.init) ?? 0 == stemBytes.count
        else { return nil }
        self.keys = keys
        self.stemStart = stemStart
        self.stemIDs = stemIDs
        self.stemBytes = stemBytes
        self.stemEnds = stemEnds
    }
}

/// The Arabic single-word headwords of a dictd index, folded, and where their entries are.
private struct DictdIndex {
    struct Record {
        var key: Int32
        var span: Range<Int>
    }

    var keys = ByteKeyTable(expectedCount: 1 << 16)
    var records: [Record] = []
    /// Where the entry that ends furthest into the data ends, and its line in the index.
    var largestEnd: (offset: Int, line: Int)?

    init(indexBytes: [UInt8], indexPath: String) throws {
        // Scanned through an unsafe buffer with memchr: bounds-checked slices of a 1.3 MB index were most
        // of a short alignment's start-up.
        try indexBytes.withUnsafeBufferPointer { try read($0, indexPath: indexPath) }
    }

    private mutating func read(_ index: UnsafeBufferPointer<UInt8>, indexPath: String) throws {
        guard let base = index.baseAddress else { return }
        let end = base + index.count
        let folder = ArabicWordForms.folder
        var folded: [Unicode.Scalar] = []
        var foldedBytes: [UInt8] = []
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
            let headword = UnsafeBufferPointer(start: lineStart, count: firstTab - lineStart)
            guard Self.fold(headword, with: folder, into: &folded) else { continue }
            foldedBytes.removeAll(keepingCapacity: true)
            for scalar in folded { UTF8.encode(scalar) { foldedBytes.append($0) } }
            let span = offset..<(offset + length)
            foldedBytes.withUnsafeBufferPointer { key in
                records.append(Record(key: keys.insert(key), span: span))
                if ArabicWordForms.hasDroppableArticle(folded) {
                    records.append(Record(key: keys.insert(UnsafeBufferPointer(rebasing: key[4...])), span: span))  // ا and ل: two bytes each
                }
            }
        }
    }

    private static func find(_ byte: UInt8, from start: UnsafePointer<UInt8>, to end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>? {
        guard start < end, let found = memchr(start, Int32(byte), end - start) else { return nil }
        return UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
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

/// The English stems of a dictd entry. Its first line repeats the headword (with its pronunciation);
/// each further line is one sense, numbered `1. ` when there are several. Senses of more than three words
/// are glosses, not translations, and are skipped. Sense numbers fall away with the other non-letters.
private struct SenseParser {
    private var sense: [UInt8] = []
    private var words: [Range<Int>] = []
    private var found: [String] = []

    mutating func stems(_ entry: UnsafeBufferPointer<UInt8>) -> [String] {
        found.removeAll(keepingCapacity: true)
        guard var index = entry.firstIndex(of: UInt8(ascii: "\n")).map({ $0 + 1 }) else { return [] }
        var wordStart: Int?
        while index < entry.count {
            let byte = entry[index]
            var scalarLength = 1
            let isWord: Bool
            if byte == UInt8(ascii: "\n") {
                endSense(&wordStart)
                index += 1
                continue
            } else if byte < 0x80 {
                isWord = (0x61...0x7A).contains(byte | 0x20) || byte == 0x27 || byte == 0x2D
            } else {
                var iterator = UnsafeBufferPointer(rebasing: entry[index...]).makeIterator()
                var decoder = UTF8()
                if case .scalarValue(let scalar) = decoder.decode(&iterator) {
                    scalarLength = UTF8.width(scalar)
                    isWord = scalar.properties.isAlphabetic || (wordStart != nil && scalar.properties.isGraphemeExtend)
                } else {
                    isWord = false
                }
            }
            if isWord {
                if wordStart == nil { wordStart = sense.count }
                sense.append(contentsOf: UnsafeBufferPointer(rebasing: entry[index..<(index + scalarLength)]))
            } else {
                endWord(&wordStart)
            }
            index += scalarLength
        }
        endSense(&wordStart)
        return found
    }

    private mutating func endWord(_ wordStart: inout Int?) {
        if let start = wordStart { words.append(start..<sense.count) }
        wordStart = nil
    }

    private mutating func endSense(_ wordStart: inout Int?) {
        endWord(&wordStart)
        if words.count <= 3 {
            for word in words {
                for part in sense[word].split(separator: UInt8(ascii: "-")) {
                    if let stem = EnglishWordForms.stem(String(decoding: part, as: UTF8.self)) { found.append(stem) }
                }
            }
        }
        sense.removeAll(keepingCapacity: true)
        words.removeAll(keepingCapacity: true)
    }
}

/// A value computed on a thread of its own while the caller does other work; `value()` waits for it.
///
/// A thread, not a dispatch queue: the caller may itself run on the shared pool (an async command), and
/// waiting there for work queued behind it stalled a one-core machine for a second until the pool grew.
final class BackgroundResult<Value: Sendable>: @unchecked Sendable {
    private var result: Result<Value, any Error>?
    private let done = DispatchSemaphore(value: 0)

    init(_ compute: @escaping @Sendable () throws -> Value) {
        let thread = Thread {
            self.result = Result(catching: compute)
            self.done.signal()
        }
        thread.start()
    }

    /// Waits for the value (the semaphore orders the write before this read).
    func value() throws -> Value {
        done.wait()
        return try result!.get()
    }
}
