import Foundation
import QantaraGlossary
import Testing
@testable import QantaraAlignment

@Suite("Word forms, dictionaries and anchors")
struct WordFormsTests {
    @Test func arabicCandidatesStripProcliticsThenSuffixes() {
        let levels = ArabicWordForms.candidates(folded: ArabicWordForms.fold("وبالمدينة"))
        #expect(levels[0] == ["وبالمدينه"])
        #expect(levels[1].contains("مدينه"))
        let suffixed = ArabicWordForms.candidates(folded: ArabicWordForms.fold("كتابهم"))
        #expect(suffixed[2].contains("كتاب"))
        // A stem keeps at least two letters: وب is not و + ب.
        #expect(ArabicWordForms.candidates(folded: "وب")[1].isEmpty)
    }

    @Test func arabicFoldRemovesDiacriticsAndMergesVariants() {
        #expect(ArabicWordForms.fold("إسطَنبول") == "اسطنبول")
        #expect(ArabicWordForms.fold("مدينة") == "مدينه")
    }

    @Test func englishStemsMeetAcrossInflections() {
        #expect(EnglishWordForms.stem("talks") == EnglishWordForms.stem("talk"))
        #expect(EnglishWordForms.stem("talked") == EnglishWordForms.stem("talking"))
        #expect(EnglishWordForms.stem("Russia's") == EnglishWordForms.stem("Russia"))
        #expect(EnglishWordForms.stem("countries") == EnglishWordForms.stem("country"))
        #expect(EnglishWordForms.stem("the") == nil)
    }

    @Test func nameSkeletonsLinkTransliterations() {
        for (arabic, english) in [("بوتين", "putin"), ("إسطنبول", "istanbul"), ("ترامب", "trump"), ("واشنطن", "washington")] {
            let word = Array(ArabicWordForms.fold(arabic).unicodeScalars)
            let levels = ArabicWordForms.candidateRanges(word)
            let arabicKeys = Set(NameSkeleton.arabicKeys(word, forms: levels[0] + levels[1]))
            let englishKeys = Set(NameSkeleton.englishKeys(lowercased: english))
            #expect(!arabicKeys.isDisjoint(with: englishKeys), "\(arabic) ⇄ \(english)")
        }
        #expect(NameSkeleton.englishKeys(lowercased: "iran").isEmpty, "two consonants collide too often")
    }

    @Test func numbersAndPunctuationBecomeSharedKeys() {
        #expect(EvidenceBuilder.numberKey("10,000") == EvidenceBuilder.numberKey("10000"))
        #expect(EvidenceBuilder.numberKey("07") == "#n:7")
        #expect(EvidenceBuilder.punctuationKey("\u{061F}") == EvidenceBuilder.punctuationKey("?"))
        #expect(EvidenceBuilder.punctuationKey("\u{00AB}") == EvidenceBuilder.punctuationKey("\""))
        #expect(EvidenceBuilder.punctuationKey(",") == nil)
        #expect(EvidenceBuilder.urls(in: "see https://example.org/a.") == ["#u:example.org/a"])
        #expect(EvidenceBuilder.urls(in: "no address here").isEmpty)
    }

    @Test func sentenceEndsIgnoreClosingQuotes() {
        #expect(EvidenceBuilder.endsSentence("قال: \"نعم.\""))
        #expect(EvidenceBuilder.endsSentence("Really?"))
        #expect(!EvidenceBuilder.endsSentence("استمع إلى الملخص"))
    }

    @Test func dictdIndexAndGzipDataAreRead() throws {
        let dictionary = try BilingualDictionary.load(path: TestFiles.fixture("mini.index"))
        #expect(dictionary.translations(of: "كتاب").contains("book"))
        #expect(dictionary.translations(of: "والكتاب").contains("book"))
        #expect(dictionary.translations(of: "المدينة") == ["city"])
        #expect(dictionary.translations(of: "محادثات").isEmpty, "multi-word headwords are skipped")
    }

    /// A dictd pair written here: plain `.dict` data, headwords with hamza and article, numbered senses,
    /// a gloss, two entries for one folded key and a malformed line.
    @Test func dictdHeadwordsAreFoldedAndEntriesParsed() throws {
        let entries = [
            "أمير\n1. prince\n2. emir\n",
            "الجزيرة\nisland\nthe land that lies in the middle of the sea or a river\n",
            "امير\nruler-of-state\n",
        ]
        let folder = try TestFiles.scratch()
        let path = try DictdFixture.write(entries, name: "test", in: folder)
        let (index, data) = DictdFixture.files(entries)
        let dictionary = try BilingualDictionary.load(path: path)
        #expect(dictionary.translations(of: "إمير") == ["princ", "emir", "ruler", "stat"], "stems, both entries in index order")
        #expect(dictionary.translations(of: "وجزيرة") == ["island"], "the article-less key, the gloss skipped")
        #expect(dictionary.count == 3)

        let broken = try TestFiles.write("00databaseurl\tA\tB\n" + index + "كلمة\tZZZZ\n", "broken.index", in: folder)
        _ = try TestFiles.write(data, "broken.dict", in: folder)
        #expect(throws: AlignmentError(file: broken, line: 5, message: "expected headword<TAB>offset<TAB>length")) {
            try BilingualDictionary.load(path: broken)
        }
        let outside = try TestFiles.write("00databaseurl\tA\tB\n" + index + "كلمة\tZZZZ\tB\n", "outside.index", in: folder)
        _ = try TestFiles.write(data, "outside.dict", in: folder)
        #expect(throws: AlignmentError(file: outside, line: 5, message: "entry points outside the dictionary data")) {
            try BilingualDictionary.load(path: outside)
        }
    }

    @Test func compiledDictionaryIsCachedAndReadBack() throws {
        let folder = try TestFiles.scratch()
        let path = try DictdFixture.write(["أمير\n1. prince\n2. emir\n", "امير\nruler-of-state\n"], name: "cached", in: folder)
        let dataPath = folder.appendingPathComponent("cached.dict").path
        let cache = folder.appendingPathComponent("cache").path
        // A time file systems store exactly, so that setting it again gives the same signature.
        let modified = Date(timeIntervalSince1970: 1_700_000_000)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: dataPath)
        let compiled = try BilingualDictionary.load(path: path, cacheDirectory: cache)
        #expect(compiled.translations(of: "إمير") == ["princ", "emir", "ruler", "stat"])
        let files = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(files.count == 1 && files[0].hasPrefix("cached-") && files[0].hasSuffix(".qdict"))

        // Same size and time, other bytes: what is read now can only come from the cache.
        let original = try Data(contentsOf: URL(fileURLWithPath: dataPath))
        try Data(repeating: UInt8(ascii: "x"), count: original.count).write(to: URL(fileURLWithPath: dataPath))
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: dataPath)
        let cached = try BilingualDictionary.load(path: path, cacheDirectory: cache)
        #expect(cached.translations(of: "إمير") == ["princ", "emir", "ruler", "stat"])
        #expect(cached.count == compiled.count)

        // Another modification time: compiled again from the files.
        try FileManager.default.setAttributes([.modificationDate: modified.addingTimeInterval(60)], ofItemAtPath: dataPath)
        #expect(try BilingualDictionary.load(path: path, cacheDirectory: cache).translations(of: "إمير").isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).count == 1, "the outdated cache file is removed")

        // A damaged cache file is passed over.
        try original.write(to: URL(fileURLWithPath: dataPath))
        for file in try FileManager.default.contentsOfDirectory(atPath: cache) {
            try Data([1, 2, 3]).write(to: URL(fileURLWithPath: "\(cache)/\(file)"))
        }
        #expect(try BilingualDictionary.load(path: path, cacheDirectory: cache).translations(of: "إمير") == ["princ", "emir", "ruler", "stat"])
    }

    @Test func glossaryTermsBecomeTranslationsAndAnchors() throws {
        let glossary = try Glossary.load(path: TestFiles.fixture("glossary.tsv"))
        let dictionary = BilingualDictionary(glossary: glossary)
        #expect(dictionary.translations(of: "لبوتين") == ["putin"])
        #expect(Set(dictionary.translations(of: "كييف")) == ["kyiv", "kiev"])
        let anchors = GlossaryAnchors(glossary: glossary, name: "g")
        let arabic = anchors.anchorKeys(in: "وصل بوتين إلى كييف.", language: "ar")
        #expect(!arabic.isEmpty)
        #expect(Set(arabic) == Set(anchors.anchorKeys(in: "Putin arrived in Kiev.", language: "en")))
    }

    @Test func mergedDictionariesUnionTranslations() throws {
        let merged = BilingualDictionary(merging: [
            BilingualDictionary(pairs: [("سفير", "ambassador")]), BilingualDictionary(pairs: [("سفير", "envoy")]),
        ])
        #expect(Set(merged.translations(of: "سفير")) == ["ambassador", "envoy"])
    }

    @Test func malformedDictionaryLinesNameFileAndLine() throws {
        let folder = try TestFiles.scratch()
        let path = try TestFiles.write("كتاب\tbook\nسطر بلا ترجمة\n", "bad.tsv", in: folder)
        #expect(throws: AlignmentError(file: path, line: 2, message: "expected arabic<TAB>english")) {
            try BilingualDictionary.loadTSV(path: path)
        }
        #expect(throws: AlignmentError.self) { try BilingualDictionary.load(path: folder.appendingPathComponent("none.index").path) }
    }

    @Test func installedFreeDictTranslatesCommonWords() throws {
        guard let path = BilingualDictionary.installedFreeDictPath else {
            print("note: dict-freedict-ara-eng is not installed; skipping")
            return
        }
        let dictionary = try BilingualDictionary.load(path: path)
        #expect(dictionary.count > 10_000)
        #expect(dictionary.translations(of: "الكتاب").contains("book"))
    }
}

/// dictd files written here: an index line per entry (`headword⇥offset⇥length`, base64 numbers) after a
/// `00databaseurl` line, and the entries as plain `.dict` data.
enum DictdFixture {
    static func files(_ entries: [String]) -> (index: String, data: String) {
        let digits = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        func base64(_ value: Int) -> String { value < 64 ? String(digits[value]) : base64(value / 64) + String(digits[value % 64]) }
        var data = ""
        var index = ""
        for entry in entries {
            index += "\(entry.split(separator: "\n")[0])\t\(base64(data.utf8.count))\t\(base64(entry.utf8.count))\n"
            data += entry
        }
        return (index, data)
    }

    /// Writes `name.dict` and `name.index` into `folder`; returns the index's path.
    static func write(_ entries: [String], name: String, in folder: URL) throws -> String {
        let (index, data) = files(entries)
        _ = try TestFiles.write(data, "\(name).dict", in: folder)
        return try TestFiles.write("00databaseurl\tA\tB\n" + index, "\(name).index", in: folder)
    }
}
