import Foundation
import Testing
@testable import QantaraText

@Suite("AtomicFile")
struct AtomicFileTests {
    private func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qantara-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func writesAndReplacesLeavingNoTemporaryFile() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.txt").path
        try AtomicFile.write("first\n", to: path)
        try AtomicFile.write("قنطرة\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "قنطرة\n")
        try AtomicFile.write(Data(), to: path)
        #expect(FileManager.default.contents(atPath: path) == Data())
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.txt"])
    }

    @Test func failedWriteLeavesTheOldFileAndNoTemporaryFile() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.txt").path
        try AtomicFile.write("kept\n", to: path)
        #expect(throws: (any Error).self) {
            try AtomicFile.write(to: path) { temporary in
                try AtomicFile.write("half", to: temporary + "/not-a-folder/x")
            }
        }
        let missing = folder.appendingPathComponent("missing/out.txt").path
        #expect {
            try AtomicFile.write("x", to: missing)
        } throws: { error in
            "\(error)" == "\(missing): cannot write (No such file or directory)"
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "kept\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.txt"])
    }
}
