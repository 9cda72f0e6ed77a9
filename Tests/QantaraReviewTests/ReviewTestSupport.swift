import Foundation
@testable import QantaraReview

enum Fixture {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/Review")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qantara-review-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// A new session over `talk.tmx` in a temporary folder.
    static func session(finder: any ReviewEntityFinder = NoEntityFinder()) throws -> ReviewSession {
        let folder = try temporaryFolder()
        return try ReviewSession.start(
            input: path("talk.tmx"), session: folder + "/talk.qreview", finder: finder, user: "tester"
        ).session
    }
}

/// A tiny glossary for tests: Istanbul, Riyadh and Moscow, matched by exact surface.
struct StubFinder: ReviewEntityFinder {
    var identity: String { "stub" }
    static let entries: [(arabic: String, english: String)] = [
        ("إسطنبول", "Istanbul"), ("الرياض", "Riyadh"), ("موسكو", "Moscow"),
    ]

    func entities(in text: String, language: String) -> [ReviewEntityMatch] {
        var result: [ReviewEntityMatch] = []
        let scalars = Array(text.unicodeScalars)
        for (key, entry) in Self.entries.enumerated() {
            let arabic = language.hasPrefix("ar")
            let needle = Array((arabic ? entry.arabic : entry.english).unicodeScalars)
            guard needle.count <= scalars.count else { continue }
            for start in 0...(scalars.count - needle.count) where Array(scalars[start..<(start + needle.count)]) == needle {
                result.append(ReviewEntityMatch(
                    range: start..<(start + needle.count), key: key, type: "LOC",
                    counterpart: arabic ? entry.english : entry.arabic))
            }
        }
        return result
    }
}
