import Foundation

/// The `qantara` executable run as a child process, as a user runs it.
enum QantaraCommand {
    struct Result {
        var status: Int32
        var killed: Bool
        var output: String
        var errors: String
    }

    /// The executable built beside the test bundle (`swift build --build-tests` builds both).
    static func executable() throws -> URL {
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        var candidate = folder
        for _ in 0..<4 {
            let url = candidate.appendingPathComponent("qantara")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
            candidate.deleteLastPathComponent()
        }
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: folder.appendingPathComponent("qantara").path])
    }

    /// - Parameter standardOutput: where the command writes instead of `Result.output` (e.g. `/dev/full`).
    static func run(
        _ arguments: [String], environment: [String: String] = [:], input: Data? = nil, standardOutput: FileHandle? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = standardOutput ?? output
        process.standardError = errors
        let standardInput = Pipe()
        process.standardInput = standardInput
        try process.run()
        try output.fileHandleForWriting.close()
        if let input { standardInput.fileHandleForWriting.write(input) }
        try standardInput.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, killed: process.terminationReason == .uncaughtSignal,
            output: String(decoding: outputData, as: UTF8.self), errors: String(decoding: errorData, as: UTF8.self))
    }

    /// A fresh folder per test, removed by the caller's `defer`.
    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qantara-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
