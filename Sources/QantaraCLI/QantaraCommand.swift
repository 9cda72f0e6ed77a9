import ArgumentParser
import Qantara

@main
struct QantaraCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qantara",
        abstract: "Arabic–English segmentation, alignment and translation memory.",
        version: QantaraVersion.current,
        subcommands: [
            SegmentCommand.self, AlignCommand.self, TMXCommand.self, GlossaryCommand.self, MemoryCommand.self,
            ReviewCommand.self,
        ]
    )

    static func main() async {
        // On the other core while ArgumentParser reflects over the commands.
        TextFolder.prepareCommonTables()
        await CLI.main(Self.self)
    }
}
