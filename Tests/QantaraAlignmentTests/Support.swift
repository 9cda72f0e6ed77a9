import Foundation

/// Paths and scratch files shared by the alignment tests.
enum TestFiles {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = packageRoot.appendingPathComponent("Tests/Fixtures/Alignment")
    static let shared = packageRoot.appendingPathComponent("../shared").standardizedFileURL

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// `../shared/…` when the shared folder is present; nil (and a printed note) otherwise.
    static func sharedPath(_ relative: String) -> String? {
        let path = shared.appendingPathComponent(relative).path
        guard FileManager.default.fileExists(atPath: path) else {
            print("note: \(path) is absent; skipping a test over ../shared")
            return nil
        }
        return path
    }

    /// A fresh temporary folder.
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qantara-align-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `bytes` to `name` in `folder`, returning the path.
    @discardableResult
    static func write(_ bytes: [UInt8], _ name: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @discardableResult
    static func write(_ text: String, _ name: String, in folder: URL) throws -> String {
        try write(Array(text.utf8), name, in: folder)
    }
}

/// Strict F1 as vecalign's score.py defines it (see ../shared/tools/align_score.py): precision over all
/// test beads, recall over gold beads with both sides non-empty.
enum StrictScore {
    typealias BeadKey = [[Int]]

    static func parse(_ text: String) -> [BeadKey] {
        text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "]", omittingEmptySubsequences: false)
            guard parts.count >= 2 else { return nil }
            func ids(_ part: Substring) -> [Int] {
                part.filter { $0.isNumber || $0 == "," }.split(separator: ",").compactMap { Int($0) }
            }
            return [ids(parts[0]), ids(parts[1])]
        }
    }

    /// Micro-averaged strict F1 over documents (gold, test).
    static func f1(_ documents: [(gold: [BeadKey], test: [BeadKey])]) -> Double {
        var precisionHits = 0
        var precisionTotal = 0
        var recallHits = 0
        var recallTotal = 0
        for document in documents {
            let gold = Set(document.gold.filter { !$0[0].isEmpty || !$0[1].isEmpty })
            let test = Set(document.test.filter { !$0[0].isEmpty || !$0[1].isEmpty })
            precisionTotal += test.count
            precisionHits += test.intersection(gold).count
            let goldFull = gold.filter { !$0[0].isEmpty && !$0[1].isEmpty }
            let testFull = test.filter { !$0[0].isEmpty && !$0[1].isEmpty }
            recallTotal += goldFull.count
            recallHits += goldFull.intersection(testFull).count
        }
        let precision = precisionTotal > 0 ? Double(precisionHits) / Double(precisionTotal) : 0
        let recall = recallTotal > 0 ? Double(recallHits) / Double(recallTotal) : 0
        return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
    }
}
