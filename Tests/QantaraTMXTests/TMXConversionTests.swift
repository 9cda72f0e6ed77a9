import Foundation
import QantaraXML
import Testing

@testable import QantaraTMX

@Suite("TMX conversion and statistics")
struct TMXConversionTests {
    @Test func tmxToTSVUsesHeaderSourceAndFirstOtherLanguage() throws {
        let (_, output) = try TestFiles.output("out.tsv")
        let summary = try TMXConversion.convert(input: TestFiles.fixture("rich.tmx"), output: output)
        #expect(summary.sourceLanguage == "ar")
        #expect(summary.targetLanguage == "en-GB")
        // "en" in the third unit matches the target en-GB: a bare language matches its regions.
        #expect(summary.written == 3)
        #expect(summary.skipped == 0)
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines[2] == "\tThree languages")
        #expect(lines[1] == "نص مصطلح & رمز\t  two  spaces,\\na line break and a\\ttab ")
    }

    @Test func tsvAndJSONLRoundTripThroughTMX() throws {
        let folder = try TestFiles.temporaryFolder()
        let tsv = try TestFiles.write("مرحبا\tHello\nخط\\tمع\\\\ فاصل\tTab\\there\n\n", named: "in.tsv", in: folder)
        let tmx = folder.appendingPathComponent("mid.tmx").path
        let jsonl = folder.appendingPathComponent("mid.jsonl").path
        let back = folder.appendingPathComponent("back.tsv").path
        let first = try TMXConversion.convert(input: tsv, output: tmx, sourceLanguage: "ar", targetLanguage: "en")
        #expect(first.written == 2)
        #expect(TMXValidator.validate(path: tmx).isValid)
        let units = try TMXReader(path: tmx).readAll()
        #expect(units[1].variant(for: "ar")?.content.plainText == "خط\tمع\\ فاصل")
        _ = try TMXConversion.convert(input: tmx, output: jsonl)
        let jsonLine = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n")[0]
        let object = try JSONSerialization.jsonObject(with: Data(jsonLine.utf8)) as? [String: String]
        #expect(object?["source"] == "مرحبا")
        #expect(object?["target_lang"] == "en")
        _ = try TMXConversion.convert(input: jsonl, output: back)
        #expect(
            try String(contentsOfFile: back, encoding: .utf8)
                == "مرحبا\tHello\nخط\\tمع\\\\ فاصل\tTab\\there\n")
    }

    @Test func badBilingualInputNamesFileAndLine() throws {
        let folder = try TestFiles.temporaryFolder()
        let tsv = try TestFiles.write("a\tb\nonly one column\n", named: "bad.tsv", in: folder)
        let output = folder.appendingPathComponent("out.tmx").path
        #expect {
            _ = try TMXConversion.convert(input: tsv, output: output, sourceLanguage: "en", targetLanguage: "ar")
        } throws: { error in
            (error as? TMXError)?.line == 2
        }
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect {
            _ = try TMXConversion.convert(input: tsv, output: output)
        } throws: { error in
            (error as? TMXError)?.message.contains("--source-lang") == true
        }
        #expect(throws: TMXError.self) { _ = try TMXConversion.convert(input: tsv, output: folder.appendingPathComponent("x.csv").path) }
    }

    @Test func aTSVInAnArabicCodePageIsReadWhenNamed() throws {
        let folder = try TestFiles.temporaryFolder()
        // "مرحبا⇥Hello" in Windows-1256: م E3, ر D1, ح CD, ب C8, ا C7.
        let path = folder.appendingPathComponent("cp1256.tsv").path
        try Data([0xE3, 0xD1, 0xCD, 0xC8, 0xC7, 0x09] + Array("Hello\n".utf8)).write(to: URL(fileURLWithPath: path))
        let output = folder.appendingPathComponent("out.tmx").path
        #expect {
            _ = try TMXConversion.convert(input: path, output: output, sourceLanguage: "ar", targetLanguage: "en")
        } throws: { error in
            "\(error)" == "\(path): byte 0: not valid utf-8 text (an Arabic code page? name its encoding: windows-1256 or iso-8859-6)"
        }
        _ = try TMXConversion.convert(input: path, output: output, sourceLanguage: "ar", targetLanguage: "en", encoding: .windows1256)
        let unit = try #require(try TMXReader(path: output).next())
        #expect(unit.variant(for: "ar")?.content.plainText == "مرحبا")
    }

    @Test(arguments: ["empty.tsv", "empty.jsonl"])
    func anEmptyPairFileIsAnErrorAndWritesNothing(name: String) throws {
        let folder = try TestFiles.temporaryFolder()
        let input = try TestFiles.write(" \n\n", named: name, in: folder)
        let output = folder.appendingPathComponent("out.tmx").path
        #expect {
            _ = try TMXConversion.convert(input: input, output: output, sourceLanguage: "ar", targetLanguage: "en")
        } throws: { error in
            (error as? TMXError).map { $0.line == 1 && $0.message.contains("the file is empty") } == true
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func statisticsCountEverything() throws {
        let statistics = try TMXStatistics(path: TestFiles.fixture("rich.tmx"))
        #expect(statistics.units == 3)
        #expect(statistics.variants == 7)
        #expect(statistics.languages == ["ar", "en-GB", "fr", "en"])
        #expect(statistics.variantsPerLanguage["en-GB"] == 2)
        #expect(statistics.creationTools == ["FixtureTool"])
        #expect(statistics.properties == 4)
        #expect(statistics.notes == 3)
        #expect(statistics.inlineCodes == 11)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(statistics)) as? [String: Any]
        #expect(json?["units"] as? Int == 3)
        #expect((json?["languages"] as? [String])?.count == 4)
    }
}
