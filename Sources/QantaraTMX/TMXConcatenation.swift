import QantaraXML

/// Reads TMX files one after the other and writes them as one valid TMX 1.4 file: `qantara tmx cat`,
/// Qantara's round-trip tool.
public enum TMXConcatenation {
    /// Writes the units of `inputs`, in order, to `output`.
    ///
    /// The header is the first file's; props and notes of later headers are added when not already
    /// there. A unit from a file whose `srclang` differs from the first file's gets it as its own
    /// `srclang` (unless it has one), so its source language survives the merge.
    /// - Throws: `TMXError` on the first input that cannot be read; `output` is then left untouched.
    public static func concatenate(_ inputs: [String], into output: String) throws -> ConversionSummary {
        var summary = ConversionSummary()
        // A first pass over the headers only: every input is known readable before anything is written.
        var header = try TMXReader(path: inputs.first ?? "").header
        for path in inputs.dropFirst() {
            for annotation in try TMXReader(path: path).header.annotations
            where !header.annotations.contains(annotation) {
                header.annotations.append(annotation)
            }
        }
        let writer = try TMXWriter(destination: output, header: header)
        let mainSource = header.sourceLanguage
        for path in inputs {
            let reader = try TMXReader(path: path)
            let source = reader.header.sourceLanguage
            let needsSource = source != nil && source != mainSource
            while var unit = try reader.next() {
                if needsSource, let source, unit.attribute("srclang") == nil { unit.setAttribute("srclang", source) }
                try writer.write(unit)
            }
            summary.warnings += reader.warnings.map(\.description)
            if reader.warningCount > reader.warnings.count {
                summary.warnings.append("\(reader.file): \(reader.warningCount - reader.warnings.count) more warnings")
            }
        }
        try writer.finish()
        summary.written = writer.unitsWritten
        summary.sourceLanguage = mainSource ?? ""
        summary.warnings += writer.adjustments
        return summary
    }
}
