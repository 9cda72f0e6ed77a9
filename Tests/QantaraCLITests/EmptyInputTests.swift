import Foundation
import Testing

/// Empty inputs are bad input: a message naming the file and exit 1, never a silent success.
@Suite("Empty inputs")
struct EmptyInputTests {
    @Test(arguments: ["", " \n\n\u{200F}\n"])
    func segmentingAnEmptyTextIsAnErrorNamingTheFile(text: String) throws {
        let folder = try QantaraCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/empty.txt"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        for format in ["lines", "json"] {
            let result = try QantaraCommand.run(["segment", path, "--format", format])
            #expect(result.status == 1)
            #expect(result.output.isEmpty)
            #expect(result.errors.contains("\(path): the text is empty"))
        }
        let piped = try QantaraCommand.run(["segment"], input: Data(text.utf8))
        #expect(piped.status == 1)
        #expect(piped.errors.contains("<stdin>: the text is empty"))
        let segmented = try QantaraCommand.run(["segment"], input: Data("قال بوتين. ثم غادر.".utf8))
        #expect(segmented.status == 0)
        #expect(segmented.output == "قال بوتين.\nثم غادر.\n")
    }

    @Test func scanningAnEmptyTextIsAnError() throws {
        let folder = try QantaraCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/empty.txt"
        try Data().write(to: URL(fileURLWithPath: path))
        let result = try QantaraCommand.run(["glossary", "scan", path])
        #expect(result.status == 1)
        #expect(result.errors.contains("\(path): the text is empty"))
    }

    @Test(arguments: [["tm", "lookup", " "], ["tm", "concordance", ""]])
    func anEmptyQueryIsAUsageError(arguments: [String]) throws {
        let folder = try QantaraCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try QantaraCommand.run(arguments + ["--memory", folder + "/memory.sqlite"])
        #expect(result.status == 2)
        #expect(result.errors.contains("is empty"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/memory.sqlite"))
    }

    @Test func aGlossaryWithoutEntriesIsAnErrorWhereverItIsUsed() throws {
        let folder = try QantaraCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let glossary = folder + "/empty.tsv"
        try Data().write(to: URL(fileURLWithPath: glossary))
        let text = folder + "/text.txt"
        try Data("قال بوتين.".utf8).write(to: URL(fileURLWithPath: text))
        for arguments in [["glossary", "stats", "--glossary", glossary], ["glossary", "scan", text, "--glossary", glossary]] {
            let result = try QantaraCommand.run(arguments)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.errors.contains("\(glossary):1: the glossary has no entries"), "\(arguments): \(result.errors)")
        }
    }
}
