import Foundation
import Testing
@testable import QantaraSegmentation

/// Tests over `../shared` (the seed article, the SRX files of other tools); skipped when it is absent.
@Suite("Shared data")
struct SharedDataTests {
    static let shared: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let path = root.deletingLastPathComponent().appendingPathComponent("shared").path
        if FileManager.default.fileExists(atPath: path) { return path }
        print("note: \(path) is absent; tests over the shared data are skipped")
        return nil
    }()

    @Test(arguments: ["ar", "en"])
    func seedArticleGivesTheGoldSegments(language: String) throws {
        guard let shared = Self.shared else { return }
        let gold = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: "\(shared)/seed/istanbul-talks.gold.json"))) as! [String: Any]
        let expected = gold["\(language)_sentences"] as! [String]
        let text = try String(contentsOfFile: "\(shared)/seed/istanbul-talks.\(language).txt", encoding: .utf8)
        let segments = try Segmenter(language: language).segment(text)
        #expect(segments.map(\.text) == expected)
        #expect(segments.count == 41)
        let scalars = Array(text.unicodeScalars)
        for segment in segments {
            var slice = String.UnicodeScalarView()
            slice.append(contentsOf: scalars[segment.range])
            #expect(String(slice) == segment.text)
        }
    }

    @Test(arguments: [
        ("languagetool-segment.srx", "ar_one"), ("languagetool-segment.srx", "en_one"), ("omegat-defaultRules.srx", "AR"),
        ("omegat-defaultRules.srx", "EN"), ("okapi-defaultSegmentation.srx", "ar"), ("okapi-defaultSegmentation.srx", "en"),
        ("okapi-okapi_default_icu4j.srx", "en"), ("okapi-okapi_default_icu4j.srx", "ar"),
    ])
    func otherToolsRulesLoadAndSegment(file: String, language: String) throws {
        guard let shared = Self.shared else { return }
        let rules = try SRXDocument.load(path: "\(shared)/srx/\(file)")
        let segmenter = try Segmenter(language: language, rules: rules)
        let text = language.lowercased().hasPrefix("ar")
            ? "ماذا حدث؟ طرح الكثير من التساؤلات. وانتهى الأمر."
            : "What happened? Many questions were asked. It ended."
        #expect(segmenter.segment(text).count >= 2)
    }

    @Test func okapiICUFileAsksForICUBreaks() throws {
        guard let shared = Self.shared else { return }
        #expect(try SRXDocument.load(path: "\(shared)/srx/okapi-okapi_default_icu4j.srx").usesICUBreakRules)
        #expect(try !SRXDocument.load(path: "\(shared)/srx/okapi-defaultSegmentation.srx").usesICUBreakRules)
    }
}
