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
            let arabicKeys = Set(NameSkeleton.arabicKeys(candidates: ArabicWordForms.candidates(folded: ArabicWordForms.fold(arabic))))
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
