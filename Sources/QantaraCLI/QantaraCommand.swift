import ArgumentParser
import Qantara

@main
struct QantaraCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qantara",
        abstract: "Arabic–English segmentation, alignment and translation memory.",
        version: QantaraVersion.current,
        subcommands: [MemoryCommand.self]
    )
}
