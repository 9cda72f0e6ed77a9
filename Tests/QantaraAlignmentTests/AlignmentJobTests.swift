import Foundation
import QantaraSegmentation
import QantaraText
import QantaraTMX
import Testing
@testable import QantaraAlignment

@Suite("Reading, checking and writing alignments")
struct AlignmentJobTests {
    let arabic = "قال الرئيس إن محادثات السلام بدأت اليوم.\nوأعلن الوزير عن اجتماع جديد.\n\nانتهى الاجتماع بعد ساعتين.\n"
    let english = "The president said peace talks began today.\nThe minister announced a new meeting.\n\nThe meeting ended after two hours.\n"

    func job(format: AlignmentFormat = .beads, keepsUnaligned: Bool? = nil, encoding: TextEncoding = .utf8) throws -> AlignmentJob {
        try AlignmentJob(
            glossaryPaths: [TestFiles.fixture("glossary.tsv")], dictionary: .file(TestFiles.fixture("mini.index")),
            presegmented: true, format: format, keepsUnaligned: keepsUnaligned, creationDate: "20250227T120000Z",
            encoding: encoding)
    }

    @Test func confidencesPrintWithThreeDecimalsLikePrintf() {
        for value in [0, 0.005, 0.042, 0.5, 0.999, 1, 0.1 + 0.2] {
            #expect(AlignmentRenderer.formatConfidence((value * 1000).rounded() / 1000) == String(format: "%.3f", value))
        }
    }

    @Test func presegmentedLinesKeepOffsetsAndParagraphs() {
        let document = AlignmentDocument.presegmented(path: "x", text: "  one\r\ntwo\r\n\r\nthree\rfour")
        #expect(document.sentences.map(\.text) == ["one", "two", "three", "four"])
        #expect(document.sentences.map(\.paragraph) == [0, 0, 1, 1])
        #expect(document.ranges == [2..<5, 7..<10, 14..<19, 20..<24])
    }

    @Test func segmentedSentencesKnowTheirLine() throws {
        let text = "العنوان\r\nآخر تحديث: 12 مارس\n\nقال الرئيس إن المحادثات بدأت. وأعلن الوزير عن اجتماع.\n"
        let document = AlignmentDocument.segmented(path: "x", text: text, segmenter: try Segmenter(language: "ar"))
        #expect(document.sentences.map(\.line) == [0, 1, 3, 3])
        #expect(document.sentences.map(\.paragraph) == [0, 0, 1, 1])
        #expect(AlignmentDocument.presegmented(path: "x", text: "a\nb\n").sentences.map(\.line) == [nil, nil])
    }

    @Test func emptySideIsAnErrorNamingThatFile() throws {
        let folder = try TestFiles.scratch()
        let source = try TestFiles.write(arabic, "ar.txt", in: folder)
        let empty = try TestFiles.write(" \n\n", "en.txt", in: folder)
        #expect {
            try job().align(sourcePath: source, targetPath: empty)
        } throws: { error in
            (error as? AlignmentError)?.file == empty && "\(error)".contains("empty")
        }
    }

    @Test func englishOnBothSidesIsRejectedAsNotArabic() throws {
        let folder = try TestFiles.scratch()
        let source = try TestFiles.write(english, "ar.txt", in: folder)
        let target = try TestFiles.write(english, "en.txt", in: folder)
        #expect {
            try job().align(sourcePath: source, targetPath: target)
        } throws: { error in
            (error as? AlignmentError)?.file == source && "\(error)".contains("the source is not Arabic")
        }
    }

    @Test func invalidBytesAreReportedWithTheirOffset() throws {
        let folder = try TestFiles.scratch()
        let source = try TestFiles.write(Array("قال".utf8) + [0xC3, 0x28] + Array(".\n".utf8), "ar.txt", in: folder)
        let target = try TestFiles.write(english, "en.txt", in: folder)
        #expect(throws: AlignmentError(
            file: source, message: "byte 6: not valid utf-8 text (an Arabic code page? name its encoding: windows-1256 or iso-8859-6)")
        ) {
            try job().align(sourcePath: source, targetPath: target)
        }
    }

    @Test func aCodePageIsReadWhenNamedAndUTF16WithoutABOMIsToldApart() throws {
        let folder = try TestFiles.scratch()
        let reference = try job().align(
            sourcePath: TestFiles.write(arabic, "ar.txt", in: folder), targetPath: TestFiles.write(english, "en.txt", in: folder)
        ).0.beadLines()
        // The Arabic text in Windows-1256, each scalar's byte found by decoding every byte.
        var byteFor: [Unicode.Scalar: UInt8] = [:]
        for byte in UInt8.min...UInt8.max {
            if let scalars = try? TextDecoder.decode([byte], encoding: .windows1256, file: "byte").unicodeScalars, scalars.count == 1 {
                byteFor[scalars.first!] = byte
            }
        }
        let codePage = try TestFiles.write(try arabic.unicodeScalars.map { try #require(byteFor[$0]) }, "ar1256.txt", in: folder)
        let english = try TestFiles.write(english, "en1256.txt", in: folder)
        #expect(try job(encoding: .windows1256).align(sourcePath: codePage, targetPath: english).0.beadLines() == reference)
        #expect {
            try job().align(sourcePath: codePage, targetPath: english)
        } throws: { error in
            "\(error)".contains("not valid utf-8 text (an Arabic code page?")
        }
        var utf16: [UInt8] = []
        for unit in arabic.utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let withoutBOM = try TestFiles.write(utf16, "ar16.txt", in: folder)
        #expect {
            try job().align(sourcePath: withoutBOM, targetPath: english)
        } throws: { error in
            "\(error)".contains("a NUL byte: UTF-16 without a byte-order mark?")
        }
    }

    @Test func crOnlyCRLFAndUTF16WithBOMReadLikeUTF8() throws {
        let folder = try TestFiles.scratch()
        let reference = try job().align(
            sourcePath: TestFiles.write(arabic, "ar.txt", in: folder), targetPath: TestFiles.write(english, "en.txt", in: folder)
        ).0.beadLines()
        var utf16: [UInt8] = [0xFF, 0xFE]
        for unit in arabic.replacingOccurrences(of: "\n", with: "\r\n").utf16 { utf16 += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let variants = [
            (try TestFiles.write(utf16, "ar16.txt", in: folder), try TestFiles.write(english.replacingOccurrences(of: "\n", with: "\r"), "encr.txt", in: folder)),
            (try TestFiles.write(arabic.replacingOccurrences(of: "\n", with: "\r\n"), "arcrlf.txt", in: folder), try TestFiles.write(english, "en2.txt", in: folder)),
        ]
        for (source, target) in variants {
            #expect(try job().align(sourcePath: source, targetPath: target).0.beadLines() == reference)
        }
        #expect(reference.hasPrefix("[0]:[0]:"))
    }

    @Test func outputFormatsCarryBeadsConfidenceAndOffsets() throws {
        let folder = try TestFiles.scratch()
        let source = try TestFiles.write(arabic + "سطر لا يقابله شيء\n", "ar.txt", in: folder)
        let target = try TestFiles.write(english, "en.txt", in: folder)
        let (renderer, _) = try job().align(sourcePath: source, targetPath: target)
        let lines = renderer.beadLines().split(separator: "\n")
        #expect(lines.last?.hasPrefix("[3]:[]:") == true)
        let tsv = renderer.tsvLines().split(separator: "\n")
        #expect(tsv.first?.split(separator: "\t").count == 4)
        #expect(tsv.last?.hasSuffix("\t1-0") == true)
        let units = renderer.tmxUnits(sourceLanguage: "ar-SA", targetLanguage: "en-GB")
        #expect(units.first?.variants.map(\.language) == ["ar-SA", "en-GB"])
        #expect(units.first?.properties.map(\.type) == [
            "x-qantara-confidence", "x-qantara-bead", "x-qantara-source-offsets", "x-qantara-target-offsets",
        ])
        #expect(units.first?.properties.first { $0.type == "x-qantara-source-offsets" }?.value == "0-40")
        #expect(units.last?.variants.count == 1)
        let json = try JSONSerialization.jsonObject(with: Data(try renderer.json().utf8)) as? [String: Any]
        #expect((json?["beads"] as? [Any])?.count == 4)

        let dropped = try job(keepsUnaligned: false).align(sourcePath: source, targetPath: target).0
        #expect(dropped.tmxUnits(sourceLanguage: "ar", targetLanguage: "en").count == 3)
    }

    @Test func tmxOutputIsWrittenThroughTheWriter() throws {
        let folder = try TestFiles.scratch()
        let source = try TestFiles.write(arabic, "ar.txt", in: folder)
        let target = try TestFiles.write(english, "en.txt", in: folder)
        let output = folder.appendingPathComponent("out.tmx").path
        let outcome = try job(format: .tmx).run(sourcePath: source, targetPath: target, outputPath: output)
        #expect(outcome.summary.contains("3 1-1"))
        let reader = try TMXReader(path: output)
        #expect(reader.header.attribute("creationdate") == "20250227T120000Z")
        var count = 0
        while let unit = try reader.next() {
            count += 1
            #expect(unit.properties.contains { $0.type == "x-qantara-bead" && $0.value == "1-1" })
        }
        #expect(count == 3)
    }

    @Test func tmxLeavesUnalignedSentencesOutUnlessAskedToKeepThem() throws {
        #expect(try job(format: .tmx).keepsUnaligned == false)
        #expect(try job(format: .tmx, keepsUnaligned: true).keepsUnaligned)
        #expect(try job(format: .beads).keepsUnaligned)
        let folder = try TestFiles.scratch()
        let source = try TestFiles.write(arabic + "سطر لا يقابله شيء\n", "ar.txt", in: folder)
        let target = try TestFiles.write(english, "en.txt", in: folder)
        let output = folder.appendingPathComponent("out.tmx").path
        let outcome = try job(format: .tmx).run(sourcePath: source, targetPath: target, outputPath: output)
        #expect(outcome.summary.contains("1 unaligned left out of the output"))
        let reader = try TMXReader(path: output)
        while let unit = try reader.next() { #expect(unit.variants.count == 2) }
    }

    @Test func batchListsResolveRelativePathsAndRejectBadLines() throws {
        let folder = try TestFiles.scratch()
        let list = try TestFiles.write("# pairs\na.txt\tb.txt\tout.txt\n\n", "list.tsv", in: folder)
        let items = try AlignmentJob.readBatchList(path: list)
        #expect(items == [AlignmentJob.BatchItem(
            source: folder.appendingPathComponent("a.txt").path, target: folder.appendingPathComponent("b.txt").path,
            output: folder.appendingPathComponent("out.txt").path)])
        let bad = try TestFiles.write("a.txt\tb.txt\n", "bad.tsv", in: folder)
        #expect(throws: AlignmentError(file: bad, line: 1, message: "expected AR<TAB>EN<TAB>OUT")) {
            try AlignmentJob.readBatchList(path: bad)
        }
        let commentsOnly = try TestFiles.write("# nothing yet\n\n", "empty.tsv", in: folder)
        #expect {
            try AlignmentJob.readBatchList(path: commentsOnly)
        } throws: { error in
            (error as? AlignmentError).map { $0.line == 1 && "\($0)".contains("the list is empty") } == true
        }
    }

    @Test func batchRunsEveryPairAndCountsFailures() async throws {
        let folder = try TestFiles.scratch()
        try TestFiles.write(arabic, "a.txt", in: folder)
        try TestFiles.write(english, "b.txt", in: folder)
        let list = try TestFiles.write("a.txt\tb.txt\tone.txt\na.txt\tb.txt\ttwo.txt\nmissing.txt\tb.txt\tthree.txt\n", "list.tsv", in: folder)
        let failures = await (try job()).runBatch(try AlignmentJob.readBatchList(path: list)) { _ in }
        #expect(failures == 1)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("two.txt").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("three.txt").path))
    }
}
