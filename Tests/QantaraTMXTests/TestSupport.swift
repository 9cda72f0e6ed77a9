import Foundation
import QantaraXML

@testable import QantaraTMX

/// Paths and helpers shared by the TMX tests.
enum TestFiles {
    /// The package root (three levels above this file).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A fixture written for these tests (`Tests/Fixtures/TMX/…`).
    static func fixture(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/Fixtures/TMX/\(name)").path
    }

    /// `../shared` beside the package, or nil (with a printed note) when it is absent.
    static func shared(_ relative: String, for suite: String) -> String? {
        let path = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/\(relative)").path
        guard FileManager.default.fileExists(atPath: path) else {
            print("note: \(suite) skipped: ../shared/\(relative) is absent")
            return nil
        }
        return path
    }

    /// A fresh temporary folder for one test.
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qantara-tmx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A path named `name` in a fresh temporary folder, and the folder.
    static func output(_ name: String) throws -> (folder: URL, path: String) {
        let folder = try temporaryFolder()
        return (folder, folder.appendingPathComponent(name).path)
    }

    /// Writes `text` (UTF-8) to a file in `folder`, returning its path.
    static func write(_ text: String, named name: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A minimal valid header line for generated files.
    static let header =
        #"<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/>"#

    /// The path of an executable on PATH, or nil.
    static func executable(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Runs a program, returning its exit status and standard output.
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

extension TMXUnit {
    /// The unit without where it was read from, for comparing a file with its rewrite.
    var withoutLine: TMXUnit {
        var copy = self
        copy.line = 0
        return copy
    }
}
