import ArgumentParser
import Foundation
import Qantara

/// What every command group shares: the exit-code convention and one-line error reporting.
///
/// Exit codes (DESIGN.md): 0 done, and for checks nothing found; 1 the input is bad or a check found
/// problems; 2 usage error, or the tool could not run (missing file, unreadable folder).
enum CLI {
    static let done = ExitCode(0)
    static let badInput = ExitCode(1)
    static let cannotRun = ExitCode(2)

    /// Writes one line to standard error.
    static func printError(_ message: String) {
        StandardStreams.writeError(message + "\n")
    }

    /// Prints `error` as one line (`FILE:LINE: message`) and gives the exit code it stands for.
    static func report(_ error: Error) -> ExitCode {
        if let error = error as? ExitCode { return error }
        printError("error: \(error)")
        return exitCode(for: error)
    }

    /// 2 when a file could not be opened at all, 1 for anything wrong with the input itself.
    static func exitCode(for error: Error) -> ExitCode {
        if let failure = error as? CommandFailure { return failure.exitCode }
        if let error = error as? TMXError, error.isUnreadable { return cannotRun }
        if error is OutputError { return cannotRun }
        return badInput
    }

    /// Runs a command body, turning any error into its one-line report and exit code.
    static func run(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch {
            throw report(error)
        }
    }

    /// Parses and runs the root command; usage errors exit with 2 (ArgumentParser's default is 64).
    static func main<Command: AsyncParsableCommand>(_ root: Command.Type) async {
        do {
            var command = try root.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            // What `print` left in the C library's buffer: a failed write there is otherwise lost silently.
            if fflush(nil) != 0 {
                printError("error: \(OutputError(file: "<stdout>", errorNumber: errno))")
                Foundation.exit(cannotRun.rawValue)
            }
        } catch {
            let code = root.exitCode(for: error)
            if code == .validationFailure {
                printError(root.fullMessage(for: error))
                Foundation.exit(cannotRun.rawValue)
            }
            root.exit(withError: error)
        }
    }
}

/// `--encoding` values, aliases included (`cp1256`, `arabic`).
extension TextEncoding: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(name: argument)
    }
}

/// A failure a command reports itself, with its exit code.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    let exitCode: ExitCode

    /// A usage problem (exit 2), e.g. an output format that cannot be chosen from the file name.
    static func usage(_ message: String) -> CommandFailure { CommandFailure(description: message, exitCode: CLI.cannotRun) }
}
