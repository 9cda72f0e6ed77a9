import ArgumentParser
import Qantara

@main
struct QantaraCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qantara",
        abstract: "Arabic–English segmentation, alignment and translation memory.",
        version: QantaraVersion.current,
        subcommands: [TMXCommand.self, SegmentCommand.self, GlossaryCommand.self, MemoryCommand.self]
    )

    static func main() async { await CLI.main(Self.self) }
}
