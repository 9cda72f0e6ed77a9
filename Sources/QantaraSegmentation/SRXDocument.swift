import Foundation
import QantaraXML

/// One SRX rule: break or exception, with its two regular expressions (Java/ICU syntax).
public struct SRXRule: Sendable, Hashable {
    /// `break="yes"` (a boundary) or `break="no"` (an exception to the break rules after it).
    public var isBreak: Bool
    /// Must match the text that ends at the candidate position; empty matches anything.
    public var beforeBreak: String
    /// Must match the text that starts at the candidate position; empty matches anything.
    public var afterBreak: String
    /// Line of the `<rule>` element, for error messages.
    public var line: Int

    public init(isBreak: Bool, beforeBreak: String, afterBreak: String, line: Int = 0) {
        self.isBreak = isBreak
        self.beforeBreak = beforeBreak
        self.afterBreak = afterBreak
        self.line = line
    }
}

/// A named, ordered list of rules (`<languagerule>`).
public struct SRXLanguageRule: Sendable, Hashable {
    public var name: String
    public var rules: [SRXRule]
}

/// A `<languagemap>`: language codes matching `pattern` use the rule set `ruleName`.
public struct SRXLanguageMap: Sendable, Hashable {
    public var pattern: String
    public var ruleName: String
    public var line: Int
}

/// How inline codes at a break are attached (`<formathandle>`). Plain text has no inline codes, so for
/// Qantara's text segmentation these are kept for round-tripping only.
public struct SRXFormatHandling: Sendable, Hashable {
    /// Start codes go with the next segment (SRX default yes).
    public var includeStart = false
    /// End codes go with the previous segment (SRX default yes).
    public var includeEnd = true
    /// Isolated codes go with the previous segment (SRX default yes).
    public var includeIsolated = true
}

/// An SRX 2.0 document: header options, language rule sets and the map from language codes to rule sets.
public struct SRXDocument: Sendable, Hashable {
    /// File the rules came from (for messages).
    public var file: String
    /// `cascade="yes"`: every matching map contributes its rule set, in map order.
    public var cascade: Bool
    /// `segmentsubflows` (sub-flows of inline codes are segmented too); irrelevant for plain text.
    public var segmentSubflows: Bool
    public var formatHandling: SRXFormatHandling
    /// Okapi extension `okpsrx:options useIcu4jBreakRules="yes"`: ICU's sentence break iterator gives the
    /// base breaks and the rules add exceptions and breaks.
    public var usesICUBreakRules: Bool
    /// Okapi extension: trim white space at segment edges (Qantara always trims).
    public var trimsWhitespace: Bool
    public var languageRules: [SRXLanguageRule]
    public var languageMaps: [SRXLanguageMap]

    /// Reads an SRX 2.0 file (libxml2) and checks every rule's regular expressions compile.
    public static func load(path: String) throws -> SRXDocument {
        let root: QantaraXML.XMLElement
        do {
            root = try XMLDocumentReader.read(path: path)
        } catch let error as XMLError {
            throw SegmentationError(file: error.file, line: error.line, message: error.message)
        }
        return try SRXDocument(root: root, file: path)
    }

    /// Parses SRX from memory; `file` names it in errors.
    public static func parse(data: Data, file: String) throws -> SRXDocument {
        try parse(data: data, file: file, validatesExpressions: true)
    }

    private static func parse(data: Data, file: String, validatesExpressions: Bool) throws -> SRXDocument {
        do {
            return try SRXDocument(
                root: XMLDocumentReader.read(data: data, file: file), file: file, validatesExpressions: validatesExpressions)
        } catch let error as XMLError {
            throw SegmentationError(file: error.file, line: error.line, message: error.message)
        }
    }

    /// Qantara's default rules (`qantara-default.srx`, compiled into the binary), for Arabic, English and,
    /// through its `Default` set, any other language.
    public static func qantaraDefault() throws -> SRXDocument {
        try cachedDefault.get()
    }

    /// Not checked expression by expression at every start: compiling all of them took half of a
    /// segmenter's set-up, and `theDefaultRulesCompile` in the tests checks them.
    private static let cachedDefault: Result<SRXDocument, Error> = Result {
        try parse(data: Data(PackageResources.qantara_default_srx), file: "qantara-default.srx", validatesExpressions: false)
    }

    /// Every regular expression of `qantaraDefault()` compiled, as a user's file is checked when it loads.
    static func validateDefaultExpressions() throws {
        try qantaraDefault().validateExpressions()
    }

    private init(root: QantaraXML.XMLElement, file: String, validatesExpressions: Bool = true) throws {
        self.file = file
        func fail(_ element: QantaraXML.XMLElement, _ message: String, rule: String? = nil) -> SegmentationError {
            SegmentationError(file: file, line: element.line, rule: rule, message: message)
        }
        guard root.name == "srx" else { throw fail(root, "the root element is <\(root.name)>, not <srx>") }
        if let version = root.attribute("version"), !version.hasPrefix("2") {
            throw fail(root, "SRX version \(version) is not supported (2.0 is)")
        }
        guard let header = root.element(named: "header"), let body = root.element(named: "body") else {
            throw fail(root, "<srx> needs a <header> and a <body>")
        }
        cascade = header.attribute("cascade") == "yes"
        segmentSubflows = header.attribute("segmentsubflows") != "no"
        formatHandling = SRXFormatHandling()
        usesICUBreakRules = false
        trimsWhitespace = false
        for child in header.elements() where !Self.isExtension(child) {
            guard child.name == "formathandle" else { throw fail(child, "unknown element <\(child.name)> in <header>") }
            let include = child.attribute("include") == "yes"
            switch child.attribute("type") {
            case "start": formatHandling.includeStart = include
            case "end": formatHandling.includeEnd = include
            case "isolated": formatHandling.includeIsolated = include
            default: throw fail(child, "<formathandle> type must be start, end or isolated")
            }
        }
        for option in header.elements(named: "options") where Self.isExtension(option) {
            usesICUBreakRules = usesICUBreakRules || option.attribute("useIcu4jBreakRules") == "yes"
            trimsWhitespace = trimsWhitespace || option.attribute("trimLeadingWhitespaces") == "yes"
                || option.attribute("trimTrailingWhitespaces") == "yes"
        }
        languageRules = []
        languageMaps = []
        for section in body.elements() {
            switch section.name {
            case "languagerules":
                for element in section.elements() {
                    guard element.name == "languagerule" else {
                        throw fail(element, "unknown element <\(element.name)> in <languagerules>")
                    }
                    languageRules.append(try Self.languageRule(element, fail: fail))
                }
            case "maprules":
                for element in section.elements() {
                    guard element.name == "languagemap", let pattern = element.attribute("languagepattern"),
                        let name = element.attribute("languagerulename")
                    else {
                        throw fail(element, "<maprules> holds <languagemap languagepattern=… languagerulename=…> elements only")
                    }
                    languageMaps.append(SRXLanguageMap(pattern: pattern, ruleName: name, line: element.line))
                }
            default:
                if !Self.isExtension(section) { throw fail(section, "unknown element <\(section.name)> in <body>") }
            }
        }
        for map in languageMaps where !languageRules.contains(where: { $0.name == map.ruleName }) {
            throw SegmentationError(file: file, line: map.line, message: "<languagemap> names an unknown languagerule \"\(map.ruleName)\"")
        }
        if validatesExpressions { try validateExpressions() }
    }

    private static func languageRule(
        _ element: QantaraXML.XMLElement, fail: (QantaraXML.XMLElement, String, String?) -> SegmentationError
    ) throws -> SRXLanguageRule {
        guard let name = element.attribute("languagerulename") else {
            throw fail(element, "<languagerule> needs a languagerulename", nil)
        }
        var rules: [SRXRule] = []
        for ruleElement in element.elements() where !isExtension(ruleElement) {
            let label = "languagerule \"\(name)\", rule \(rules.count + 1)"
            guard ruleElement.name == "rule" else {
                throw fail(ruleElement, "unknown element <\(ruleElement.name)> in <languagerule>", label)
            }
            var rule = SRXRule(isBreak: ruleElement.attribute("break") != "no", beforeBreak: "", afterBreak: "", line: ruleElement.line)
            for part in ruleElement.elements() {
                switch part.name {
                case "beforebreak": rule.beforeBreak = part.text
                case "afterbreak": rule.afterBreak = part.text
                default: throw fail(part, "unknown element <\(part.name)> in <rule>", label)
                }
            }
            rules.append(rule)
        }
        return SRXLanguageRule(name: name, rules: rules)
    }

    /// Elements of another namespace (Okapi's `okpsrx:`) are tool extensions, allowed by SRX.
    private static func isExtension(_ element: QantaraXML.XMLElement) -> Bool {
        element.namespace != nil && element.namespace != "http://www.lisa.org/srx20"
    }

    private func validateExpressions() throws {
        for languageRule in languageRules {
            for (index, rule) in languageRule.rules.enumerated() {
                for (part, pattern) in [("beforebreak", rule.beforeBreak), ("afterbreak", rule.afterBreak)] where !pattern.isEmpty {
                    do {
                        _ = try JavaRegex.compile(pattern)
                    } catch {
                        throw SegmentationError(
                            file: file, line: rule.line, rule: "languagerule \"\(languageRule.name)\", rule \(index + 1)",
                            message: "invalid \(part) regular expression: \(error.message)")
                    }
                }
            }
        }
        for map in languageMaps {
            do {
                _ = try ICUPattern(map.pattern)
            } catch {
                throw SegmentationError(file: file, line: map.line, message: "invalid languagepattern: \(error.message)")
            }
        }
    }

    /// The rule sets that apply to `language` (e.g. `ar-SA`), in order: with `cascade`, every map whose
    /// pattern matches the whole code; otherwise the first. Empty when none matches.
    public func ruleSets(forLanguage language: String) -> [SRXLanguageRule] {
        var result: [SRXLanguageRule] = []
        let units = Array(language.utf16)
        for map in languageMaps {
            guard let pattern = try? ICUPattern("(?:\(map.pattern))$") else { continue }
            let matcher = pattern.matcher()
            let matched = units.withUnsafeBufferPointer { buffer in
                matcher.setText(buffer)
                return matcher.matches(at: 0)
            }
            if matched, let rule = languageRules.first(where: { $0.name == map.ruleName }) {
                result.append(rule)
                if !cascade { break }
            }
        }
        return result
    }
}
