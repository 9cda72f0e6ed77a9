import Foundation
import QantaraXML
import Testing

@testable import QantaraTMX

/// The conformance suite over real TMX files in `../shared/tmx-corpus` (skipped with a note when absent).
@Suite("TMX conformance (../shared/tmx-corpus)")
struct TMXConformanceTests {
    static let suite = "TMX conformance"

    /// Every `.tmx` under the corpus, sorted, as (path, is in malformed/).
    static func corpusFiles() -> [(path: String, malformed: Bool)] {
        guard let root = TestFiles.shared("tmx-corpus", for: suite) else { return [] }
        let enumerator = FileManager.default.enumerator(atPath: root)
        var files: [(String, Bool)] = []
        while let relative = enumerator?.nextObject() as? String {
            if relative.hasSuffix(".tmx") { files.append(("\(root)/\(relative)", relative.hasPrefix("malformed/"))) }
        }
        return files.sorted { $0.0 < $1.0 }
    }

    @Test func unitCountsMatchXmllintForEveryWellFormedFile() throws {
        let files = Self.corpusFiles()
        guard !files.isEmpty else { return }
        guard let xmllint = TestFiles.executable("xmllint") else {
            print("note: \(Self.suite): xmllint not installed, unit counts not compared")
            return
        }
        for (path, _) in files {
            let expected = try TestFiles.run(xmllint, ["--nonet", "--xpath", "count(//tu)", path])
            if expected.status == 0, let count = Int(expected.output.trimmingCharacters(in: .whitespacesAndNewlines)) {
                let statistics = try TMXStatistics(path: path)
                #expect(statistics.units == count, "\(path)")
            } else {
                // Not well-formed for libxml2 either: every reader must refuse it with a line.
                #expect {
                    _ = try TMXStatistics(path: path)
                } throws: { error in
                    guard let error = error as? TMXError else { return false }
                    return error.file == path && error.line > 0
                }
            }
        }
    }

    @Test func everyMalformedFileIsInvalidWithFileAndLine() throws {
        let malformed = Self.corpusFiles().filter(\.malformed)
        guard !malformed.isEmpty else { return }
        for (path, _) in malformed {
            let report = TMXValidator.validate(path: path)
            #expect(!report.isValid, "\(path)")
            #expect(report.unreadable == nil)
            #expect(!report.problems.isEmpty)
            #expect(report.problems.allSatisfy { $0.file == path && $0.line > 0 }, "\(path)")
        }
    }

    @Test func catRoundTripIsValidAndStructurallyTheSame() throws {
        let files = Self.corpusFiles().filter { !$0.malformed }
        guard !files.isEmpty else { return }
        let folder = try TestFiles.temporaryFolder()
        let xmllint = TestFiles.executable("xmllint")
        if xmllint == nil { print("note: \(Self.suite): xmllint not installed, DTD check of the output skipped") }
        let dtd = TestFiles.shared("specs/tmx14.dtd", for: Self.suite)
        var outputs: [(path: String, units: Int)] = []
        for (index, (path, _)) in files.enumerated() {
            let output = folder.appendingPathComponent("\(index).tmx").path
            let summary = try TMXConcatenation.concatenate([path], into: output)
            if let xmllint, let dtd {
                let check = try TestFiles.run(xmllint, ["--nonet", "--noout", "--dtdvalid", dtd, output])
                #expect(check.status == 0, "\(path): output not valid against the DTD")
            }
            let original = try TMXReader(path: path)
            let originalUnits = try original.readAll()
            let copy = try TMXReader(path: output)
            let copyUnits = try copy.readAll()
            #expect(summary.written == originalUnits.count)
            #expect(copy.header.annotations == original.header.annotations, "\(path)")
            #expect(copyUnits.count == originalUnits.count, "\(path)")
            for (a, b) in zip(originalUnits, copyUnits) where a.withoutLine != b.withoutLine {
                Issue.record("\(path): unit at line \(a.line) changed in the round trip")
                break
            }
            outputs.append((output, originalUnits.count))
        }
        try checkTranslateToolkitLoads(outputs)
    }

    /// translate-toolkit must load every rewritten file with the same unit count (one Python run).
    private func checkTranslateToolkitLoads(_ outputs: [(path: String, units: Int)]) throws {
        guard let python = TestFiles.executable("python3") else {
            print("note: \(Self.suite): python3 not installed, translate-toolkit check skipped")
            return
        }
        let script = """
            import sys
            try:
                from translate.storage import tmx
            except ImportError:
                print("missing"); sys.exit(0)
            for path in sys.argv[1:]:
                print(len(tmx.tmxfile.parsefile(path).units))
            """
        let result = try TestFiles.run(python, ["-c", script] + outputs.map(\.path))
        let lines = result.output.split(separator: "\n").map(String.init)
        if lines == ["missing"] {
            print("note: \(Self.suite): translate-toolkit not installed, its check skipped")
            return
        }
        #expect(result.status == 0)
        #expect(lines == outputs.map { String($0.units) })
    }
}
