import Foundation
import Testing
@testable import QantaraSegmentation

@Suite("SRX documents")
struct SRXDocumentTests {
    static func srx(_ rules: String, maps: String = #"<languagemap languagepattern=".*" languagerulename="User"/>"#, header: String = #"cascade="yes""#) -> Data {
        Data("""
            <?xml version="1.0" encoding="UTF-8"?>
            <srx xmlns="http://www.lisa.org/srx20" version="2.0">
              <header segmentsubflows="yes" \(header)/>
              <body>
                <languagerules>
                  <languagerule languagerulename="User">
            \(rules)
                  </languagerule>
                </languagerules>
                <maprules>\(maps)</maprules>
              </body>
            </srx>
            """.utf8)
    }

    @Test func userRulesCascadeBeforeTheDefaults() throws {
        let rules = try SRXDocument.parse(data: Self.srx("""
                <rule break="no"><beforebreak>\\bح\\.م</beforebreak><afterbreak>\\s</afterbreak></rule>
            """), file: "user.srx")
        let text = "وصل ح.م إلى المطار. ثم غادر."
        #expect(try Segmenter(language: "ar", cascading: rules).segment(text).count == 2)
        let abbreviation = try SRXDocument.parse(data: Self.srx("""
                <rule break="no"><beforebreak>\\bشارع\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
            """), file: "user.srx")
        let street = "يقع في شارع. الملك فهد."
        #expect(try Segmenter(language: "ar").segment(street).count == 2)
        #expect(try Segmenter(language: "ar", cascading: abbreviation).segment(street).count == 1)
    }

    @Test func javaRegexFeaturesCompile() throws {
        let rules = try SRXDocument.parse(data: Self.srx("""
                <rule break="no"><beforebreak>(?U)\\b\\p{Lu}\\p{Ll}?+s\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
                <rule break="no"><beforebreak>\\Qe.g.\\E</beforebreak><afterbreak></afterbreak></rule>
                <rule break="no"><beforebreak>(?&lt;=\\s)[[a-z]&amp;&amp;[^x]]\\.</beforebreak><afterbreak>\\s</afterbreak></rule>
                <rule break="yes"><beforebreak>[.?!]+</beforebreak><afterbreak>\\s+\\P{Ll}</afterbreak></rule>
            """), file: "java.srx")
        let segmenter = try Segmenter(language: "en", rules: rules)
        #expect(segmenter.segment("Ask Mrs. Brown about it, e.g. Tom. He knows b. Sure. X. Done").map(\.text) == [
            "Ask Mrs. Brown about it, e.g. Tom.", "He knows b. Sure.", "X.", "Done",
        ])
    }

    @Test func emptyBeforeBreakBreaksWhereverTheAfterBreakMatches() throws {
        let rules = try SRXDocument.parse(data: Self.srx("""
                <rule break="no"><beforebreak>no</beforebreak><afterbreak>X</afterbreak></rule>
                <rule break="yes"><beforebreak></beforebreak><afterbreak>X</afterbreak></rule>
            """), file: "empty.srx")
        let segmenter = try Segmenter(language: "en", rules: rules)
        #expect(segmenter.ruleBreaks(in: "aXbXXnoXc") == [1, 3, 4])
        #expect(segmenter.segment("XaX").map(\.text) == ["Xa", "X"])
    }

    @Test func aRuleThatBacktracksCatastrophicallyGivesUpAndIsNamed() throws {
        let rules = try SRXDocument.parse(data: Self.srx("""
                <rule break="yes"><beforebreak>(a+)+$</beforebreak><afterbreak></afterbreak></rule>
                <rule break="yes"><beforebreak>[!]</beforebreak><afterbreak>\\s</afterbreak></rule>
            """), file: "slow.srx")
        let segmenter = try Segmenter(language: "en", rules: rules)
        var segments: [String] = []
        let gaveUp = segmenter.forEachSegment(in: String(repeating: "a", count: 40) + "! Then more.") { segments.append($0.text) }
        #expect(gaveUp.map(\.rule) == ["languagerule \"User\", rule 1"])
        #expect(gaveUp.first?.description.hasPrefix("slow.srx:") == true)
        // The other rule still applies.
        #expect(segments == [String(repeating: "a", count: 40) + "!", "Then more."])
        #expect(try Segmenter(language: "en").forEachSegment(in: "Plain text. Twice.") { _ in }.isEmpty)
    }

    @Test func finitizeCapsUnboundedQuantifiersOnly() {
        #expect(JavaRegex.finitize(#"\w+\s*a{2,}b{1,3}c?+d*+[+*]\p{L}+\Q+*\E"#)
            == #"\w{1,100}\s{0,100}a{2,100}b{1,3}c?+d{0,100}+[+*]\p{L}{1,100}\Q+*\E"#)
    }

    @Test func invalidRegexNamesFileLineAndRule() {
        let data = Self.srx("""
                <rule break="no"><beforebreak>ok</beforebreak><afterbreak></afterbreak></rule>
                <rule break="yes">
                  <beforebreak>[unclosed</beforebreak><afterbreak></afterbreak></rule>
            """)
        #expect {
            try SRXDocument.parse(data: data, file: "bad.srx")
        } throws: { error in
            guard let error = error as? SegmentationError else { return false }
            return error.file == "bad.srx" && error.line == 8 && error.rule == "languagerule \"User\", rule 2"
                && error.description.contains("beforebreak")
        }
    }

    @Test func unknownElementIsAnError() {
        let data = Self.srx("""
                <rule break="no"><beforebreak>a</beforebreak><afterbrake>b</afterbrake></rule>
            """)
        #expect {
            try SRXDocument.parse(data: data, file: "typo.srx")
        } throws: { error in
            (error as? SegmentationError)?.description.contains("unknown element <afterbrake>") == true
        }
    }

    @Test func languageWithoutRulesIsAnError() throws {
        let rules = try SRXDocument.parse(data: Self.srx(
            #"<rule break="yes"><beforebreak>\.</beforebreak><afterbreak>\s</afterbreak></rule>"#,
            maps: #"<languagemap languagepattern="EN.*" languagerulename="User"/>"#), file: "en-only.srx")
        #expect(throws: SegmentationError.self) { try Segmenter(language: "ar", rules: rules) }
        #expect(try Segmenter(language: "EN-GB", rules: rules).segment("A. B.").count == 2)
    }

    @Test func headerOptionsAreRead() throws {
        let xml = #"""
            <?xml version="1.0"?>
            <srx xmlns="http://www.lisa.org/srx20" xmlns:okpsrx="http://okapi.sf.net/srx-extensions" version="2.0">
              <header segmentsubflows="no" cascade="no">
                <formathandle type="start" include="yes"/>
                <formathandle type="end" include="no"/>
                <okpsrx:options useIcu4jBreakRules="yes" trimLeadingWhitespaces="yes"/>
              </header>
              <body>
                <languagerules>
                  <languagerule languagerulename="A"><rule break="no"><beforebreak>Dr\.</beforebreak><afterbreak>\s</afterbreak></rule></languagerule>
                  <languagerule languagerulename="B"><rule break="yes"><beforebreak>;</beforebreak><afterbreak>\s</afterbreak></rule></languagerule>
                </languagerules>
                <maprules>
                  <languagemap languagepattern="en.*" languagerulename="A"/>
                  <languagemap languagepattern=".*" languagerulename="B"/>
                </maprules>
              </body>
            </srx>
            """#
        let rules = try SRXDocument.parse(data: Data(xml.utf8), file: "h.srx")
        #expect(!rules.cascade && !rules.segmentSubflows && rules.usesICUBreakRules && rules.trimsWhitespace)
        #expect(rules.formatHandling.includeStart && !rules.formatHandling.includeEnd && rules.formatHandling.includeIsolated)
        #expect(rules.ruleSets(forLanguage: "en").map(\.name) == ["A"])
        // ICU's sentence breaks are the base; the SRX exception keeps "Dr. Who" whole.
        let segmenter = try Segmenter(language: "en", rules: rules)
        #expect(segmenter.segment("Ask Dr. Who. He knows.").map(\.text) == ["Ask Dr. Who.", "He knows."])
    }

    @Test func theDefaultRulesCompile() throws {
        try SRXDocument.validateDefaultExpressions()
    }

    @Test func theDefaultRulesLoad() throws {
        let defaults = try SRXDocument.qantaraDefault()
        #expect(defaults.cascade)
        #expect(defaults.ruleSets(forLanguage: "ar").map(\.name) == ["Arabic", "LatinAbbreviations", "Common"])
        #expect(defaults.ruleSets(forLanguage: "en-US").map(\.name) == ["English", "LatinAbbreviations", "Common"])
        #expect(defaults.ruleSets(forLanguage: "de").map(\.name) == ["Common"])
    }
}
