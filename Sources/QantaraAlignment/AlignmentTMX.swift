import Foundation
import QantaraText
import QantaraTMX

/// Writes aligned units as TMX 1.4b through `TMXWriter` (atomically), or to standard output.
enum AlignmentTMX {
    static func write(_ units: [TMXUnit], sourceLanguage: String, creationDate: String?, to path: String?) throws {
        let header = TMXHeader.qantara(sourceLanguage: sourceLanguage, creationDate: creationDate)
        guard let path else {
            // TMXWriter writes files; standard output gets a finished temporary file.
            let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("qantara-align-\(UUID().uuidString).tmx").path
            defer { try? FileManager.default.removeItem(atPath: temporary) }
            try write(units, header: header, to: temporary)
            try StandardStreams.writeOutput(try Data(contentsOf: URL(fileURLWithPath: temporary)))
            return
        }
        try write(units, header: header, to: path)
    }

    private static func write(_ units: [TMXUnit], header: TMXHeader, to path: String) throws {
        let writer = try TMXWriter(destination: path, header: header)
        for unit in units { try writer.write(unit) }
        try writer.finish()
    }
}
