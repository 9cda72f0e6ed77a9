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
            let count = try TMXBenchmark.readUnits(file).units
            print("file: \(file), \(count) units, \(String(format: "%.1f", Double(bytes) / 1e6)) MB")
            let me = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
            var qantara: [(seconds: Double, cpuSeconds: Double, peakBytes: Int)] = []
            var xmllint: [(seconds: Double, cpuSeconds: Double, peakBytes: Int)] = []
            for run in 1...runs {
                qantara.append(try Measure.commandWithCPU([me, "tmx", "read", file]))
                xmllint.append(try Measure.commandWithCPU(["xmllint", "--stream", "--noout", file]))
                print(
                    String(
                        format: "run %d: qantara %.2f s (CPU %.2f s), xmllint %.2f s (CPU %.2f s)", run,
                        qantara.last!.seconds, qantara.last!.cpuSeconds, xmllint.last!.seconds,
                        xmllint.last!.cpuSeconds))
            }
            print("reader                          median wall s   units/s   median CPU s   units/s   peak MB")
            for (name, runs) in [("qantara TMXReader (full units)", qantara), ("xmllint --stream --noout", xmllint)] {
                TMXBenchmark.row(
                    name, Measure.median(runs.map(\.seconds)), Measure.median(runs.map(\.cpuSeconds)), count,
                    runs.map(\.peakBytes).max() ?? 0)
            }
            print(
                String(
                    format: "ratio qantara/xmllint: wall %.2f, CPU %.2f",
                    Measure.median(qantara.map(\.seconds)) / max(Measure.median(xmllint.map(\.seconds)), 1e-9),
                    Measure.median(qantara.map(\.cpuSeconds)) / max(Measure.median(xmllint.map(\.cpuSeconds)), 1e-9)))
            // Each run's ratio against the xmllint run next to it: a wide spread means the machine was busy.
            let ratios = zip(qantara, xmllint).map { $0.cpuSeconds / max($1.cpuSeconds, 1e-9) }
            print(
                String(
                    format: "CPU ratio run by run: %@ (spread %.2f–%.2f%@)",
                    ratios.map { String(format: "%.2f", $0) }.joined(separator: " "), ratios.min() ?? 0,
                    ratios.max() ?? 0,
                    (ratios.max() ?? 0) - (ratios.min() ?? 0) > 0.1
                        ? "; noisy: Benchmarks/tmx-callgrind.sh counts instructions instead" : ""))
            try measureWriting()
        }

        private func measureWriting() throws {
            let reader = try TMXReader(path: file)
            var sample: [TMXUnit] = []
            while sample.count < 1000, let unit = try reader.next() { sample.append(unit) }
            guard !sample.isEmpty else { return }
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("qbench-\(UUID()).tmx").path
            defer { try? FileManager.default.removeItem(atPath: output) }
            let time = try Measure.wallAndCPUSeconds {
                let writer = try TMXWriter(destination: output, header: reader.header)
                for index in 0..<writeUnits { try writer.write(sample[index % sample.count]) }
                try writer.finish()
            }
            print(
                String(
                    format: "writing: %d units in %.2f s wall (%.0f units/s), %.2f s CPU (%.0f units/s)", writeUnits,
                    time.wall, Double(writeUnits) / time.wall, time.cpu, Double(writeUnits) / time.cpu))
        }
    }

    struct Read: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read every unit of a file with full values; print the count and the UTF-8 length of its segment texts (the measured child).")

        @Argument(help: "The TMX file.")
        var file: String

        func run() throws {
            let read = try TMXBenchmark.readUnits(file)
            print(read.units, read.textBytes)
        }
    }

    /// Reads as a caller does: every unit, and the text of every segment in it.
    static func readUnits(_ path: String) throws -> (units: Int, textBytes: Int) {
        let reader = try TMXReader(path: path)
        var count = 0
        var textBytes = 0
        while let unit = try reader.next() {
            count += 1
            for variant in unit.variants { textBytes += variant.content.plainText.utf8.count }
        }
        return (count, textBytes)
    }

    static func row(_ name: String, _ wall: Double, _ cpu: Double, _ units: Int, _ peak: Int) {
        let padded = name.padding(toLength: 30, withPad: " ", startingAt: 0)
        print(
            String(
                format: "%@ %14.2f %9.0f %14.2f %9.0f %9.1f", padded, wall, Double(units) / max(wall, 1e-9), cpu,
                Double(units) / max(cpu, 1e-9), Double(peak) / 1_048_576))
    }
}
