import QantaraTMX

extension MemoryStore {
    /// Imports a TMX file, streaming it unit by unit through `TMXReader`, in one transaction: a malformed file
    /// (`TMXError` with file and line) or a killed process leaves the memory as it was; running it again completes it.
    public func importTMX(path: String) throws -> MemoryImportSummary {
        let reader = try TMXReader(path: path)
        return try importUnits(origin: path, defaultSourceLanguage: reader.header.sourceLanguage) {
            try reader.next()
        }
    }

    /// Writes every unit to a TMX 1.4b file (written beside `path` and renamed into place), oldest first;
    /// returns the number of units written. The header's `srclang` is the memory's source language, or `*all*`
    /// when it holds several.
    @discardableResult
    public func exportTMX(to path: String) throws -> Int {
        let sources = Set(try statistics().languagePairs.map { LanguageTag.canonical($0.source) })
        let writer = try TMXWriter(
            destination: path, header: .qantara(sourceLanguage: sources.count == 1 ? sources.first! : "*all*"))
        var written = 0
        try forEachUnit { unit in
            try writer.write(unit.tmxUnit)
            written += 1
        }
        try writer.finish()
        return written
    }
}
