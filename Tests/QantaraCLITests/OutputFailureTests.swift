import Foundation
import Testing

/// A full disk or a closed terminal is an error to report (exit 2), never a crash.
@Suite("Output failures")
struct OutputFailureTests {
    private static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("samples")

    @Test(arguments: [
        ["segment", samples.appendingPathComponent("istanbul-talks.ar.txt").path],
        ["glossary", "lookup", "بوتين", "--json"],
        ["glossary", "lookup", "بوتين"],
        ["align", samples.appendingPathComponent("istanbul-talks.ar.txt").path, samples.appendingPathComponent("istanbul-talks.en.txt").path,
         "--dictionary", "none"],
    ])
    func aFullStandardOutputIsReportedWithExitTwo(arguments: [String]) throws {
        guard let full = FileHandle(forWritingAtPath: "/dev/full") else { return }
        let result = try QantaraCommand.run(arguments, standardOutput: full)
        #expect(!result.killed)
        #expect(result.status == 2)
        #expect(result.errors.contains("<stdout>: cannot write (No space left on device)"))
    }

    @Test func anOutputInAMissingFolderNamesTheFile() throws {
        let folder = try QantaraCommand.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let output = folder + "/missing/out.json"
        let result = try QantaraCommand.run([
            "align", Self.samples.appendingPathComponent("istanbul-talks.ar.txt").path,
            Self.samples.appendingPathComponent("istanbul-talks.en.txt").path, "--dictionary", "none", "--format", "json",
            "-o", output,
        ])
        #expect(result.status == 2)
        #expect(result.errors.contains("\(output): cannot write (No such file or directory)"))
    }
}
