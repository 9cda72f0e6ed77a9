import CZlib
import Foundation
import QantaraText

/// The error type of the alignment module: a file, a line when one applies, and a sentence for the user.
public struct AlignmentError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        ErrorLocation.describe(file: file, line: line, message: message)
    }
}

/// Arabic→English word translations, indexed by folded Arabic form, with English sides as stems
/// (see `EnglishWordForms`). Word lists are read in full; dictd dictionaries are compiled (every entry
/// parsed) and can be kept compiled in a cache folder.
public final class BilingualDictionary: Sendable {
    /// Word lists and dictd dictionaries, compiled alike; lists are looked up first.
    private let lists: [CompiledDictionary]
    private let dictd: [CompiledDictionary]
    /// Both, in lookup order.
    private let sources: [CompiledDictionary]

    /// Number of Arabic forms the dictionary translates.
    public var count: Int {
        lists.reduce(0) { $0 + $1.count } + dictd.reduce(0) { $0 + $1.count }
    }

    /// Where Debian's `dict-freedict-ara-eng` puts its index, if the package is installed.
    public static var installedFreeDictPath: String? {
        let path = "/usr/share/dictd/freedict-ara-eng.index"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    /// Builds a dictionary from Arabic terms and their English translations (multi-word terms: every Arabic
    /// word is linked with every English content word).
    public convenience init(pairs: [(arabic: String, english: String)]) {
        self.init(groups: pairs.map { ([$0.arabic], [$0.english]) })
    }

    /// Builds a dictionary from groups of Arabic terms that translate every English term of their group (a
    /// glossary entry and its variants). Each term is analysed once per group, not once per pair: a
    /// glossary's pairs made this the longest part of aligning one article.
    convenience init(groups: [(arabic: [String], english: [String])]) {
        let tokenizer = Tokenizer(folding: .matching)
        // Headwords and stems as ids, each headword–stem link one packed integer: a set of strings per
        // headword cost as much as analysing the terms.
        var headwords = ByteKeyTable(expectedCount: 1 << 12)
        var stems = ByteKeyTable(expectedCount: 1 << 12)
        var links: [Int64] = []
        var groupStems: [Int32] = []
        for group in groups {
            groupStems.removeAll(keepingCapacity: true)
            for english in group.english {
                for stem in EnglishWordForms.contentStems(of: english) { groupStems.append(stems.insert(stem)) }
            }
            guard !groupStems.isEmpty else { continue }
            for arabic in group.arabic {
                for token in tokenizer.tokens(in: arabic) where token.kind == .word {
                    for key in Self.headwordKeys(ArabicWordForms.fold(token.folded)) {
                        let headword = Int64(headwords.insert(key.text))
                        for stem in groupStems { links.append(headword << 32 | Int64(stem)) }
                    }
                }
            }
        }
        self.init(lists: [CompiledDictionary(headwords: headwords, stems: stems, links: links)], dictd: [])
    }

    /// Joins dictionaries (a word's translations are the union of its translations in each).
    public convenience init(merging dictionaries: [BilingualDictionary]) {
        self.init(lists: dictionaries.flatMap(\.lists), dictd: dictionaries.flatMap(\.dictd))
    }

    private init(lists: [CompiledDictionary], dictd: [CompiledDictionary]) {
        self.lists = lists
        self.dictd = dictd
        sources = lists + dictd
    }

    /// Where `qantara` keeps compiled dictionaries: `$XDG_CACHE_HOME/qantara`, else `~/.cache/qantara`.
    public static var defaultCacheDirectory: String? {
        let environment = ProcessInfo.processInfo.environment
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/qantara" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/qantara" }
        return nil
    }

    /// Loads a dictionary by file type: a dictd index (`.index`, with its `.dict.dz` or `.dict` beside it)
    /// or a tab-separated list (`arabic⇥english` per line, or Qantara's glossary TSV with its header line).
    /// - Parameter cacheDirectory: where a dictd dictionary's compiled form is kept between runs (see
    ///   `loadDictd`); nil compiles it every time.
    public static func load(path: String, cacheDirectory: String? = nil) throws -> BilingualDictionary {
        guard FileManager.default.fileExists(atPath: path) else {
            throw AlignmentError(file: path, message: "no such dictionary file")
        }
        if path.hasSuffix(".index") { return try loadDictd(indexPath: path, cacheDirectory: cacheDirectory) }
        return try loadTSV(path: path)
    }

    /// Reads a tab-separated word list: `arabic⇥english` per line (more columns are ignored; `#` starts a
    /// comment). Glossaries in Qantara's formats go through `Glossary.load` and `init(glossary:)`.
    public static func loadTSV(path: String) throws -> BilingualDictionary {
        let text: String
        do { text = try TextDecoder.read(path: path) } catch let error as TextDecodingError {
            throw AlignmentError(file: path, message: error.message)
        }
        var pairs: [(arabic: String, english: String)] = []
        for (number, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            if line.hasPrefix("#") || line.allSatisfy(\.isWhitespace) { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 2 else {
                throw AlignmentError(file: path, line: number + 1, message: "expected arabic<TAB>english")
            }
            pairs.append((String(fields[0]), String(fields[1])))
        }
        return BilingualDictionary(pairs: pairs)
    }

    /// Reads a dictd dictionary (FreeDict's format): the index lists `headword⇥offset⇥length` in base64
    /// numbers; the data file holds the entries, gzip-compressed (`.dict.dz`) or not. Single-word Arabic
    /// headwords are indexed and every entry is parsed.
    ///
    /// With a `cacheDirectory`, the compiled dictionary is stored there, named after the files' paths,
    /// sizes and modification times, and read back by later runs as long as those stay the same. A cache
    /// that cannot be read or written is passed over: the dictionary is compiled from its files.
    public static func loadDictd(indexPath: String, cacheDirectory: String? = nil) throws -> BilingualDictionary {
        let base = String(indexPath.dropLast(".index".count))
        let dataPath: String
        let readData: @Sendable () throws -> [UInt8]
        if FileManager.default.fileExists(atPath: base + ".dict.dz") {
            dataPath = base + ".dict.dz"
            readData = { try Gzip.decompress(readBytes(dataPath), file: dataPath) }
        } else if FileManager.default.fileExists(atPath: base + ".dict") {
            dataPath = base + ".dict"
            readData = { try readBytes(dataPath) }
        } else {
            throw AlignmentError(file: indexPath, message: "no \(base).dict.dz or \(base).dict beside the index")
        }
        let signature = fileSignature([indexPath, dataPath])
        let name = URL(fileURLWithPath: base).lastPathComponent + "-"
        let suffix = ".v\(CompiledDictionary.formatVersion).qdict"
        let cachePath = cacheDirectory.map { folder in "\(folder)/\(name)\(String(signature, radix: 16))\(suffix)" }
        // Mapped, not read: the arrays are copied once, from the file's pages.
        if let cachePath, let file = try? Data(contentsOf: URL(fileURLWithPath: cachePath), options: .alwaysMapped),
            let compiled = file.withUnsafeBytes({ CompiledDictionary(decoding: $0, signature: signature) })
        {
            return BilingualDictionary(lists: [], dictd: [compiled])
        }
        let compiled = try CompiledDictionary(indexBytes: readBytes(indexPath), indexPath: indexPath, readData: readData)
        if let cacheDirectory, let cachePath {
            try? FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
            try? AtomicFile.write(Data(compiled.encoded(signature: signature)), to: cachePath)
            // Compiled forms of earlier versions of the files are of no more use (other cache formats are left
            // to the versions of Qantara that read them).
            for file in (try? FileManager.default.contentsOfDirectory(atPath: cacheDirectory)) ?? []
            where file.hasPrefix(name) && file.hasSuffix(suffix) && "\(cacheDirectory)/\(file)" != cachePath {
                try? FileManager.default.removeItem(atPath: "\(cacheDirectory)/\(file)")
            }
        }
        return BilingualDictionary(lists: [], dictd: [compiled])
    }

    /// A hash of the files' paths, sizes and modification times: what a cache of them was made from.
    private static func fileSignature(_ paths: [String]) -> UInt64 {
        var description = ""
        for path in paths {
            let status = FileStatus(path: path)
            let size = status?.size ?? -1
            let modified = status?.modified ?? 0
            description += "\(URL(fileURLWithPath: path).standardizedFileURL.path)\t\(size)\t\(modified)\n"
        }
        return FNV1a.hash(description.utf8)
    }

    /// A folded headword, and the same without its article (الجزر is also found as جزر).
    private static func headwordKeys(_ folded: String) -> [WordKey] {
        let scalars = Array(folded.unicodeScalars)
        guard ArabicWordForms.hasDroppableArticle(scalars) else { return [WordKey(folded)] }
        return [WordKey(folded), WordKey(String(utf8Of: scalars[2...]))]
    }

    /// The number of stems of each of `sources`, for tables indexed by stem.
    var stemCounts: [Int] { sources.map(\.stemCount) }

    /// Stem `id` of source `source` (as `forEachStem` names them) as UTF-8, to `body`.
    func withStem<Result>(source: Int, id: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        sources[source].withStem(id, body)
    }

    /// English stems for the lookup candidates of a folded word (`ArabicWordForms.candidateForms`): the
    /// forms of the least stripped level that the dictionary knows, handed to `body` in order as a source
    /// index and a stem id (see `withStem(source:id:_:)`); `key` is a buffer to reuse.
    func forEachStem(_ word: [Unicode.Scalar], forms: CandidateForms, key: inout [UInt8], _ body: (Int, Int32) -> Void) {
        for level in 0..<3 {
            var found = false
            for form in forms.level(level) {
                key.removeAll(keepingCapacity: true)
                UTF8Scalar.append(word[form], to: &key)
                key.withUnsafeBufferPointer { key in
                    let hash = FNV1a.hash(key)
                    for (index, source) in sources.enumerated() {
                        for id in source.stems(for: key, hash: hash) {
                            body(index, id)
                            found = true
                        }
                    }
                }
            }
            if found { return }
        }
    }

    /// English translations (stems) of an Arabic word, for inspection and tests.
    public func translations(of arabicWord: String) -> [String] {
        var seen: Set<String> = []
        let word = Array(ArabicWordForms.fold(arabicWord).unicodeScalars)
        var forms = CandidateForms()
        ArabicWordForms.candidateForms(word, into: &forms)
        var key: [UInt8] = []
        var found: [String] = []
        forEachStem(word, forms: forms, key: &key) { source, id in
            let stem = withStem(source: source, id: id) { String(decoding: $0, as: UTF8.self) }
            if seen.insert(stem).inserted { found.append(stem) }
        }
        return found
    }

    private static func readBytes(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AlignmentError(file: path, message: "cannot read the file")
        }
        return [UInt8](data)
    }
}

/// A folded word as a dictionary key, hashed and compared on its UTF-8 bytes: folded forms are
/// produced the same way every time, so the canonical-equivalence work of `String` hashing and
/// comparison is not needed. The hash is worked out once, since a key is looked up many times (also
/// in `FoldedHeadwordIndex`, which uses the same hash).
struct WordKey: Hashable, Sendable {
    let text: String
    /// FNV-1a of the UTF-8 bytes.
    let bytesHash: UInt64

    init(_ text: String) {
        var contiguous = text
        contiguous.makeContiguousUTF8()
        bytesHash = contiguous.withUTF8 { FNV1a.hash($0) }
        self.text = contiguous
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(bytesHash)
    }

    static func == (left: WordKey, right: WordKey) -> Bool {
        guard left.bytesHash == right.bytesHash else { return false }
        var (a, b) = (left.text, right.text)
        return a.withUTF8 { x in b.withUTF8 { y in x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0) } }
    }
}

/// gzip decompression through zlib (dictd's `.dz` files are gzip members with a random-access table
/// in the header, which plain inflate ignores).
enum Gzip {
    static func decompress(_ input: [UInt8], file: String) throws -> [UInt8] {
        var stream = z_stream()
        guard qz_inflate_init_gzip(&stream) == Z_OK else {
            throw AlignmentError(file: file, message: "zlib could not start")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var failure: Int32?
        input.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            while true {
                let status = chunk.withUnsafeMutableBufferPointer { buffer -> Int32 in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = uInt(buffer.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                if status == Z_STREAM_END {
                    if stream.avail_in == 0 { return }
                    inflateReset(&stream)  // another gzip member follows
                } else if status != Z_OK {
                    failure = status
                    return
                }
            }
        }
        if let failure {
            throw AlignmentError(file: file, message: "not valid gzip data (zlib error \(failure))")
        }
        return output
    }
}
