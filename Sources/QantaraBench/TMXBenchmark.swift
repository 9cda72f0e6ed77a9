import ArgumentParser
import Foundation
import Qantara

/// `qantara-bench tmx`: reading speed and peak memory against `xmllint --stream --noout` on the same
/// file, alternating the two, plus writing speed.
struct TMXBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tmx",
        abstract: "TMX reading (vs xmllint --stream) and writing throughput.",
        subcommands: [Compare.self, Read.self],
        defaultSubcommand: Compare.self
    )

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Alternate Qantara's reader and xmllint --stream on one file; print medians side by side.")

        @Option(help: "The TMX file; made with the generator when missing.")
        var file = "big.tmx"

        @Option(help: "Units to generate when the file is missing.")
        var units = 1_000_000

        @Option(help: "The generator script.")
        var generator = "../shared/tools/make_big_tmx.py"

        @Option(help: "Runs of each reader (alternated).")
        var runs = 5

        @Option(help: "Units to write for the writing figure.")
        var writeUnits = 200_000

        func run() throws {
            if !FileManager.default.fileExists(atPath: file) {
                print("generating \(file) (\(units) units) with \(generator)…")
                _ = try Measure.command(["python3", generator, "--tus", String(units), "--out", file])
                guard FileManager.default.fileExists(atPath: file) else {
                    throw ValidationError("could not generate \(file) with \(generator)")
                }
            }
            let bytes = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            let count = try TMXBenchmark.countUnits(file)
            print("file: \(file), \(count) units, \(String(format: "%.1f", Double(bytes) / 1e6)) MB")
            let me = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
            var qantara: [(seconds: Double, peakBytes: Int)] = []
            var xmllint: [(seconds: Double, peakBytes: Int)] = []
            for run in 1...runs {
                qantara.append(try Measure.command([me, "tmx", "read", file]))
                xmllint.append(try Measure.command(["xmllint", "--stream", "--noout", file]))
                print(
                    String(
                        format: "run %d: qantara %.2f s, xmllint %.2f s", run, qantara.last!.seconds,
                        xmllint.last!.seconds))
            }
            let q = Measure.median(qantara.map(\.seconds))
            let x = Measure.median(xmllint.map(\.seconds))
            print("reader                         median s   units/s     peak MB")
            TMXBenchmark.row("qantara TMXReader (full units)", q, count, qantara.map(\.peakBytes).max() ?? 0)
            TMXBenchmark.row("xmllint --stream --noout", x, count, xmllint.map(\.peakBytes).max() ?? 0)
            print(String(format: "time ratio qantara/xmllint: %.2f", q / max(x, 1e-9)))
            try measureWriting()
        }

        private func measureWriting() throws {
            let reader = try TMXReader(path: file)
            var sample: [TMXUnit] = []
            while sample.count < 1000, let unit = try reader.next() { sample.append(unit) }
            guard !sample.isEmpty else { return }
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("qbench-\(UUID()).tmx").path
            defer { try? FileManager.default.removeItem(atPath: output) }
            let seconds = try Measure.seconds {
                let writer = try TMXWriter(destination: output, header: reader.header)
                for index in 0..<writeUnits { try writer.write(sample[index % sample.count]) }
                try writer.finish()
            }
            print(
                String(
                    format: "writing: %d units in %.2f s = %.0f units/s", writeUnits, seconds,
                    Double(writeUnits) / seconds))
        }
    }

    struct Read: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read every unit of a file with full values and print the count (the measured child).")

        @Argument(help: "The TMX file.")
        var file: String

        func run() throws {
            print(try TMXBenchmark.countUnits(file))
        }
    }

    static func countUnits(_ path: String) throws -> Int {
        let reader = try TMXReader(path: path)
        var count = 0
        while try reader.next() != nil { count += 1 }
        return count
    }

    static func row(_ name: String, _ seconds: Double, _ units: Int, _ peak: Int) {
        let padded = name.padding(toLength: 30, withPad: " ", startingAt: 0)
        print(
            String(
                format: "%@ %8.2f %10.0f %10.1f", padded, seconds, Double(units) / max(seconds, 1e-9),
                Double(peak) / 1_048_576))
    }
}
