import Foundation
import Testing
@testable import QantaraText

@Suite("TextFolder")
struct TextFolderTests {
    let folder = TextFolder(options: .matching)

    @Test func removesDiacriticsAndTatweel() {
        #expect(folder.fold("عُقِدَت") == "عقدت")
        #expect(folder.fold("مـــحـادثات") == "محادثات")
    }

    @Test func foldsAlefAndYaButNotTaMarbutaByDefault() {
        #expect(folder.fold("أإآٱ") == "اااا")
        #expect(folder.fold("مصطفى") == "مصطفي")
        #expect(folder.fold("وكالة") == "وكالة")
        #expect(TextFolder(options: .loose).fold("وكالة") == "وكاله")
    }

    @Test func foldsPresentationFormsToBaseLetters() {
        // "لا" as the lam-alef ligature and بوتين in isolated/initial/final forms.
        #expect(folder.fold("\u{FEFB}") == "لا")
        #expect(folder.fold("\u{FE91}\u{FEEE}\u{FE97}\u{FEF4}\u{FEE6}") == "بوتين")
    }

    @Test func normalizingManyScalarsAtOnceEqualsOneByOne() {
        for (value, form) in FoldRules.presentationFormBases {
            let alone = String(Unicode.Scalar(value)!).precomposedStringWithCompatibilityMapping
            #expect(form == Array(alone.unicodeScalars), "U+\(String(value, radix: 16))")
        }
        for (value, form) in FoldRules.casedDecompositions {
            let alone = String(Unicode.Scalar(value)!).decomposedStringWithCanonicalMapping
            #expect(form == Array(alone.unicodeScalars), "U+\(String(value, radix: 16))")
        }
        #expect(FoldRules.presentationFormBases.count > 600)
        #expect(FoldRules.casedDecompositions[0xE9] == ["e", "\u{0301}"])
    }

    @Test func foldsDigitsSpacesAndControls() {
        #expect(folder.fold("١٢٫٥") == "12.5")
        #expect(folder.fold("۱۰") == "10")
        #expect(folder.fold("a\u{00A0}b\u{200F}c") == "a bc")
    }

    @Test func foldsLatinCaseAndAccents() {
        #expect(folder.fold("Erdoğan") == "erdogan")
        #expect(folder.fold("ZELENSKYY") == "zelenskyy")
        #expect(folder.fold("Kırıkkale") == "kirikkale")
    }

    @Test func offsetsPointBackToTheOriginal() {
        let text = "وبُوتين يرى"
        let folded = folder.foldWithOffsets(text)
        #expect(folded.string == "وبوتين يري")
        // "بوتين" is folded scalars 1..<6; in the original it spans 1..<7 (the damma included).
        #expect(folded.sourceRange(of: 1..<6) == 1..<7)
        #expect(folded.sourceOffsets.last == text.unicodeScalars.count)
    }
}

@Suite("Tokenizer")
struct TokenizerTests {
    @Test func splitsWordsNumbersAndPunctuation() {
        let tokens = Tokenizer().tokens(in: "قال: ١٢٫٥ و10,000 Russia's؟")
        #expect(tokens.map(\.folded) == ["قال", ":", "12.5", "و", "10,000", "russia's", "؟"])
        #expect(tokens.map(\.kind) == [.word, .punctuation, .number, .word, .number, .word, .punctuation])
        #expect(tokens[2].range == 5..<9)
    }

    @Test func countsFoldedScalarsAndSeesUpperCaseStarts() {
        let tokens = Tokenizer().tokens(in: "قَالَ Élysée putin")
        #expect(tokens.map(\.foldedLength) == tokens.map(\.folded.unicodeScalars.count))
        #expect(tokens.map(\.foldedLength) == [3, 6, 5], "diacritics fold away")
        #expect(tokens.map(\.startsUpperCase) == [false, true, false])
    }

    @Test func detectsScript() {
        #expect(Script.dominant(in: "روسيا and Ukraine") == .latin)
        #expect(Script.dominant(in: "اختتام محادثات روسية أميركية") == .arabic)
        #expect(Script.dominant(in: "2025 — 18") == Script.none)
        #expect(Script.expected(forLanguage: "ar-SA") == .arabic)
    }
}

@Suite("TextDecoder")
struct TextDecoderTests {
    @Test func decodesUTF16WithBOM() throws {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x44, 0x06, 0x27, 0x06]
        #expect(try TextDecoder.decode(bytes, file: "x") == "لا")
    }

    @Test func reportsTheOffsetOfInvalidUTF8() {
        let bytes: [UInt8] = Array("abc".utf8) + [0xC3, 0x28]
        #expect(throws: TextDecodingError(
            file: "in.txt", byteOffset: 3, encoding: .utf8, hint: "an Arabic code page? name its encoding: windows-1256 or iso-8859-6")
        ) {
            try TextDecoder.decode(bytes, file: "in.txt")
        }
    }

    @Test func aNULByteIsTakenForUTF16WithoutAByteOrderMark() {
        // UTF-16LE without a BOM: "لا" reads as valid UTF-8 (D, ACK, ', ACK); the NULs of the Latin "ab" after
        // it give it away.
        let bytes: [UInt8] = [0x44, 0x06, 0x27, 0x06, 0x61, 0x00, 0x62, 0x00]
        #expect {
            try TextDecoder.decode(bytes, file: "in.txt")
        } throws: { error in
            "\(error)" == "in.txt: byte 5: not valid utf-8 text (a NUL byte: UTF-16 without a byte-order mark? save it as UTF-8)"
        }
    }

    @Test func decodesWindows1256() throws {
        // ماء in windows-1256.
        #expect(try TextDecoder.decode([0xE3, 0xC7, 0xC1], encoding: .windows1256, file: "x") == "ماء")
    }
}
