import ArgumentParser
import Foundation
import Qantara

/// `qantara review`: browser review sessions over aligned TMX.
struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review aligned pairs in the browser, then export the reviewed TMX.",
        subcommands: [ReviewStart.self, ReviewExportCommand.self, ReviewStatusCommand.self]
    )
}

struct ReviewStart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start (or resume) a review session and serve its page.",
        discussion: """
            Prints the page's URL (with the session's token) as the first line on standard output and opens the \
            browser. The session file is an SQLite database beside the input (NAME.qreview) unless --session \
            names one; starting on a session file resumes it.
            """
    )

    @Argument(help: "A TMX file, or a session file to resume.")
    var input: String

    @Option(help: "The session file (default: beside the input, with the extension .qreview).")
    var session: String?

    @Option(help: "The port (0: any free port).")
    var port: Int = 0

    @Option(help: "The address to listen on. Anything but loopback exposes the session to the network.")
    var host: String = "127.0.0.1"

    @Flag(help: "Do not open the browser.")
    var noOpen = false

    @Option(help: "The source language shown on the left (regions allowed).")
    var sourceLang = "ar"

    @Option(help: "The target language shown on the right.")
    var targetLang = "en"

    @Option(help: "The glossary whose entities are highlighted and checked (default: the shipped news glossary).")
    var glossary: String?

    @Flag(help: "Highlight no glossary entities.")
    var noGlossary = false

    func run() async throws {
        let finder: any ReviewEntityFinder = try reviewCall {
            if noGlossary { return NoEntityFinder() }
            if let glossary { return GlossaryEntityFinder(glossary: try Glossary.load(path: glossary), name: glossary) }
            return GlossaryEntityFinder(glossary: try Glossary.loadShipped(), name: "shipped")
        }
        let (session, resumed) = try reviewCall {
            try ReviewSession.start(
                input: input, session: self.session, sourceLanguage: sourceLang, targetLanguage: targetLang,
                finder: finder)
        }
        if !ReviewServer.isLoopback(host) {
            CLI.printError("warning: listening on \(host): anyone who can reach this address and has the token can change the session")
        }
        let server = ReviewServer(session: session, host: host, port: port)
        let openBrowser = !noOpen
        try await server.run { url in
            // Written unbuffered: the URL must reach a pipe at once (tests and scripts read it).
            do { try StandardStreams.writeOutput(Data((url + "\n").utf8)) } catch { CLI.printError("warning: \(error); the page is \(url)") }
            CLI.printError("\(resumed ? "resumed" : "new") session \(session.path); Ctrl-C stops the server (everything is saved)")
            if openBrowser { Self.open(url) }
        }
    }

    /// Opens `url` with xdg-open (or macOS `open`) when present; the URL is printed anyway.
    static func open(_ url: String) {
        let candidates = ["/usr/bin/xdg-open", "/usr/local/bin/xdg-open", "/usr/bin/open"]
        guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = [url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try? process.run()
    }
}

struct ReviewExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write a session's pairs as TMX, with the reviewer's edits and status.")

    @Argument(help: "The session file.")
    var session: String

    @Option(name: .shortAndLong, help: "The TMX file to write.")
    var output: String

    @Flag(help: "Only approved pairs.")
    var approvedOnly = false

    func run() throws {
        let count = try reviewCall {
            let opened = try ReviewSession.open(path: session)
            defer { try? opened.close() }
            return try opened.export(to: output, approvedOnly: approvedOnly)
        }
        CLI.printError("wrote \(count) units to \(output)")
    }
}

struct ReviewStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Count a session's pairs by status.")

    @Argument(help: "The session file.")
    var session: String

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let summary = try reviewCall {
            let opened = try ReviewSession.open(path: session)
            defer { try? opened.close() }
            return try opened.summary()
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
            return
        }
        print("\(summary.session): \(summary.total) pairs (\(summary.sourceLanguage) → \(summary.targetLanguage)), revision \(summary.revision)")
        for status in ReviewStatus.allCases {
            print("  \(status.rawValue): \(summary.counts[status.rawValue] ?? 0)")
        }
        print("  flagged: \(summary.flagged)")
        print("  low confidence (< \(summary.lowConfidenceThreshold)): \(summary.lowConfidence)")
    }
}

/// Runs `body`, reporting an error on standard error with its exit code: 2 when a file cannot be read at
/// all, 1 when the input is bad.
private func reviewCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ReviewError where error.kind == .unreadable {
        throw CLI.report(CommandFailure(description: error.description, exitCode: CLI.cannotRun))
    } catch {
        throw CLI.report(error)
    }
}
