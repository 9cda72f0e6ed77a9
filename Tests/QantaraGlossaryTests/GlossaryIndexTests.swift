import QantaraText
import Testing
@testable import QantaraGlossary

/// The matcher's index (a radix trie behind a first-word filter) and its piecewise scan, checked against
/// plain definitions: every key tried at every word start, every paragraph scanned on its own.
@Suite("Glossary index")
struct GlossaryIndexTests {
    @Test func keysThatShareAndEndInsideEdgesAreFound() throws {
        let glossary = try Glossary.parse(text: TestGlossary.header + """
            PERSON\tألكسندر\tAlexander\t\t\t
            PERSON\tألكسندرا\tAlexandra\t\t\t
            PERSON\tألكس\tAlex\t\t\t
            PERSON\tألكسندر هاملتون\tAlexander Hamilton\t\t\t
            PERSON\tألكسندر غراهام بيل\tAlexander Graham Bell\t\t\t
            LOC\tالإسكندرية\tAlexandria\t\t\t
            """ + "\n", csv: false, file: "t.tsv")
        let matcher = GlossaryMatcher(glossary: glossary)
        let text = "Alexandr Alex Alexandrias, Alexander Graham Bel; Alexander Graham Bell in Alexandria with Alexander Hamilton"
        #expect(matcher.englishNames(in: text, language: "en")
            == ["Alex", "Alexander", "Alexander Graham Bell", "Alexandria", "Alexander Hamilton"])
        #expect(matcher.englishNames(in: "ألكسندرا وألكسندر غراهام بي وبالإسكندرية") == ["Alexandra", "Alexander", "Alexandria"])
    }

    @Test func scanEqualsTryingEveryKeyAtEveryWordStart() {
        var random = SplitMix64(seed: 11)
        // A three-letter alphabet: keys share long prefixes, end inside one another and repeat.
        func word() -> [UInt32] { (0..<(1 + random.next(5))).map { _ in UInt32(0x61 + random.next(3)) } }
        let prefixes: [[UInt32]] = [[], [0x62], [0x63, 0x61], [0x61]]
        var keys = GlossaryTrie.Keys()
        var plain: [(key: [UInt32], terminal: GlossaryTrie.Terminal)] = []
        for entry in 0..<300 {
            let key = Array((0..<(1 + random.next(2))).map { _ in word() }.joined(separator: [0x20]))
            let terminal = GlossaryTrie.Terminal(
                entry: Int32(entry), term: 0, mask: 1 | UInt32(random.next(16)), status: .preferred)
            keys.add(key, terminal)
            plain.append((key, terminal))
        }
        let trie = GlossaryTrie(keys: keys, prefixes: prefixes)
        var text: [UInt32] = []
        for _ in 0..<4000 { text += word() + [random.next(6) == 0 ? 0x2C : 0x20] }
        let isWord = text.map { $0 != 0x20 && $0 != 0x2C }
        var hits: [GlossaryTrie.Hit] = []
        text.withUnsafeBufferPointer { text in
            isWord.withUnsafeBufferPointer { isWord in trie.scan(text, isWord: isWord, into: &hits) }
        }

        var expected: [String] = []
        var position = 0
        while position < text.count {
            guard isWord[position] else {
                position += 1
                continue
            }
            var wordEnd = position
            while wordEnd < text.count, isWord[wordEnd] { wordEnd += 1 }
            var best: (end: Int, prefix: Int, entries: [Int32]) = (-1, 0, [])
            for (key, terminal) in plain {
                for (bit, prefix) in prefixes.enumerated() where terminal.mask & (1 << UInt32(bit)) != 0 {
                    let end = position + prefix.count + key.count
                    guard position + prefix.count < wordEnd, end <= text.count, Array(text[position..<end]) == prefix + key,
                        end == text.count || !isWord[end]
                    else { continue }
                    if end > best.end || (end == best.end && prefix.count < best.prefix) {
                        best = (end, prefix.count, [])
                    }
                    if end == best.end && prefix.count == best.prefix { best.entries.append(terminal.entry) }
                }
            }
            guard best.end > 0 else {
                position = wordEnd
                continue
            }
            let entries = best.entries.sorted()
            expected.append("\(position)-\(best.end)+\(best.prefix) \(entries[0]) \(entries.dropFirst())")
            position = best.end
        }
        let found = hits.map { "\($0.start)-\($0.end)+\($0.prefixLength) \($0.entry) \($0.alternatives[...])" }
        #expect(found.count > 100)
        let firstDifference = found.indices.first { $0 >= expected.count || found[$0] != expected[$0] }
        #expect(found.count == expected.count && firstDifference == nil,
            "first difference: \(firstDifference.map { found[$0] } ?? "-") instead of \(firstDifference.flatMap { $0 < expected.count ? expected[$0] : nil } ?? "-")")
    }

    @Test func longTextScannedInPiecesMatchesEachParagraphScannedAlone() throws {
        let matcher = try TestGlossary.matcher()
        let paragraphs = (0..<10_000).map { index in
            ["قال 🙂 وبُوتين", "كوريا\n\nالشمالية", "لل\u{0640}كرملين\r\n\r\n", "وكوريا الشمالية", "أكد زيلينكسي"][index % 5]
                + String(repeating: " ", count: index % 3)
        }
        let text = paragraphs.joined(separator: "\n\n")
        #expect(text.utf8.count > 200_000, "several pieces")
        var expected: [String] = []
        var offset = 0
        for paragraph in paragraphs {
            expected += matcher.matches(in: paragraph, language: "ar").map {
                "\($0.range.lowerBound + offset)-\($0.range.upperBound + offset) \($0.surface) \($0.entryIndex) \($0.cliticLength)"
            }
            offset += paragraph.unicodeScalars.count + 2
        }
        let matches = matcher.matches(in: text, language: "ar")
        #expect(matches.map { "\($0.range.lowerBound)-\($0.range.upperBound) \($0.surface) \($0.entryIndex) \($0.cliticLength)" } == expected)
        let scalars = Array(text.unicodeScalars)
        #expect(matches.allSatisfy { String(String.UnicodeScalarView(scalars[$0.range])) == $0.surface })
    }

    @Test func ligaturesAreCoveredWhole() throws {
        let glossary = try Glossary.parse(text: TestGlossary.header + "ORG\tكولا\tCola\t\t\t\n", csv: false, file: "t.tsv")
        // ﻻ (U+FEFB) folds to two letters, لا: the match ends with the second and covers the ligature.
        let match = try #require(GlossaryMatcher(glossary: glossary).matches(in: "شرب كو\u{FEFB}ً.", language: "ar").first)
        #expect(match.range == 4..<8)
        #expect(match.surface == "كو\u{FEFB}ً")
    }
}
