import ArgumentParser

/// `qantara-bench`: speed and memory figures printed beside the anchor tools measured in the same run.
/// Not a test: figures depend on the machine.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qantara-bench",
        abstract: "Benchmarks Qantara against the tools of its field, in one run.",
        subcommands: [
            TMXBenchmark.self, SegmentBenchmark.self, SRXCompareBenchmark.self, GlossaryBenchmark.self, AlignBenchmark.self,
            MemoryBenchmark.self, ReviewBenchmark.self,
        ]
    )
}
