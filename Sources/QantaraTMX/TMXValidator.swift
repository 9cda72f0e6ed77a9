import Foundation
import QantaraXML

/// The outcome of validating one TMX file.
public struct TMXValidationReport: Sendable {
    public let file: String
    /// Units read (0 when the file could not be read as XML).
    public let units: Int
    /// Every problem, each with file, line and a plain explanation; empty when the file is valid.
    public let problems: [TMXError]
    /// Set when the file could not be opened at all (missing, a folder): nothing was checked.
    public let unreadable: TMXError?

    public var isValid: Bool { problems.isEmpty && unreadable == nil }
}

/// Strict validation of TMX 1.4: the standard's DTD, plus what a DTD cannot check — `bpt`/`ept` pairs
/// (`i`), `x` uniqueness and agreement between variants, language codes, `YYYYMMDDThhmmssZ` dates,
/// `usagecount`, unique `tuid`s, and a `tuv` in the source language of each unit.
///
/// Never touches the network, never reads the DTD a file names: the DTD is built into Qantara.
public enum TMXValidator {
    /// Validates the file at `path`.
    public static func validate(path: String) -> TMXValidationReport {
        var checker = TMXChecker(file: path)
        let units: Int
        do {
            let reader = try TMXReader(path: path)
            checker.check(header: reader.header, version: reader.version, line: reader.headerLine)
            var count = 0
            while let unit = try reader.next() {
                checker.check(unit)
                count += 1
            }
            units = count
            checker.problems.append(contentsOf: reader.warnings)
        } catch let error as TMXError {
            if error.isUnreadable {
                return TMXValidationReport(file: path, units: 0, problems: [], unreadable: error)
            }
            return TMXValidationReport(file: path, units: 0, problems: [error], unreadable: nil)
        } catch {
            return TMXValidationReport(
                file: path, units: 0, problems: [TMXError(file: path, line: 0, message: "\(error)")], unreadable: nil)
        }
        let dtdProblems = XMLValidator.validateStreaming(
            path: path, dtdText: TMX14DTD.text, dtdName: "tmx14.dtd", root: "tmx", releasing: "tu", inside: "body"
        ).map {
            TMXError(file: $0.file, line: $0.line, message: "not valid against the TMX 1.4 DTD: \($0.message)")
        }
        let problems = (dtdProblems + checker.problems).enumerated().sorted {
            ($0.element.line, $0.offset) < ($1.element.line, $1.offset)
        }.map(\.element)
        return TMXValidationReport(file: path, units: units, problems: problems, unreadable: nil)
    }
}

/// The checks on values that the DTD declares only as CDATA.
struct TMXChecker {
    let file: String
    var problems: [TMXError] = []
    private var headerSourceLanguage: String?
    private var unitIDs: [String: Int] = [:]

    init(file: String) {
        self.file = file
    }

    mutating func check(header: TMXHeader, version: String?, line: Int) {
        if let version, version != "1.4" {
            report(line, "this is TMX \(version): only TMX 1.4 is valid here (version=\"1.4\", xml:lang=)")
        }
        headerSourceLanguage = header.sourceLanguage
        if let source = header.sourceLanguage, source != "*all*" {
            checkLanguage(source, what: "header srclang", line: line)
        }
        if let admin = header.attribute("adminlang") { checkLanguage(admin, what: "header adminlang", line: line) }
        checkAttributes(header.attributes, on: "header", line: line)
        checkAnnotations(header.annotations, line: line)
    }

    mutating func check(_ unit: TMXUnit) {
        let line = unit.line
        checkAttributes(unit.attributes, on: "tu", line: line)
        checkAnnotations(unit.annotations, line: line)
        if let tuid = unit.tuid {
            if let first = unitIDs[tuid] {
                report(line, "tuid \"\(tuid)\" is used again (first at line \(first)): tuids must be unique")
            } else {
                unitIDs[tuid] = line
            }
        }
        if let source = unit.attribute("srclang"), source != "*all*" {
            checkLanguage(source, what: "srclang", line: line)
        }
        var codesByX: [String: (kind: TMXInlineKind, language: String)] = [:]
        for variant in unit.variants {
            checkLanguage(variant.language, what: "the <tuv> language", line: line)
            checkAttributes(variant.attributes, on: "tuv", line: line)
            checkAnnotations(variant.annotations, line: line)
            let codes = checkInlineCodes(variant, line: line)
            for (x, kind) in codes {
                if let other = codesByX[x], other.kind != kind {
                    report(
                        line,
                        "x=\"\(x)\" is a <\(other.kind.rawValue)> in the \(other.language) variant but a <\(kind.rawValue)> in the \(variant.language) variant: codes matched by x must be the same kind"
                    )
                } else if codesByX[x] == nil {
                    codesByX[x] = (kind, variant.language)
                }
            }
        }
    }

    /// Checks `bpt`/`ept` pairing and `x` uniqueness in one segment; returns its `x` values and their kinds.
    private mutating func checkInlineCodes(_ variant: TMXVariant, line: Int) -> [(String, TMXInlineKind)] {
        var open: [String: Int] = [:]
        var used: Set<String> = []
        var xs: [(String, TMXInlineKind)] = []
        var seenX: Set<String> = []
        let where_ = "in the \(variant.language.isEmpty ? "unnamed" : variant.language) variant"
        func walk(_ runs: [TMXContentRun]) {
            for case .inline(let element) in runs {
                switch element.kind {
                case .bpt:
                    if let i = element.attribute("i") {
                        if used.contains(i) {
                            report(line, "<bpt i=\"\(i)\"> \(where_): i=\"\(i)\" is already used in this segment")
                        }
                        used.insert(i)
                        open[i, default: 0] += 1
                    }
                case .ept:
                    if let i = element.attribute("i") {
                        if let count = open[i], count > 0 {
                            open[i] = count - 1
                        } else {
                            report(line, "<ept i=\"\(i)\"> \(where_) closes no <bpt i=\"\(i)\"> before it")
                        }
                    }
                default:
                    break
                }
                if let x = element.attribute("x") {
                    if !seenX.insert(x).inserted {
                        report(line, "x=\"\(x)\" is used by two inline codes \(where_): x must be unique in a segment")
                    }
                    xs.append((x, element.kind))
                }
                walk(element.content)
            }
        }
        walk(variant.content.runs)
        for (i, count) in open.sorted(by: { $0.key < $1.key }) where count > 0 {
            report(line, "<bpt i=\"\(i)\"> \(where_) has no matching <ept i=\"\(i)\">")
        }
        return xs
    }

    private mutating func checkAttributes(_ attributes: [XMLAttribute], on element: String, line: Int) {
        for attribute in attributes {
            if TMX14.dateAttributes.contains(attribute.name), !TMXDate.isValid(attribute.value) {
                report(
                    line,
                    "\(attribute.name)=\"\(attribute.value)\" on <\(element)> is not a TMX date (YYYYMMDDThhmmssZ, UTC)")
            }
            if attribute.name == "usagecount", UInt(attribute.value) == nil {
                report(line, "usagecount=\"\(attribute.value)\" on <\(element)> is not a whole number")
            }
        }
    }

    private mutating func checkAnnotations(_ annotations: [TMXAnnotation], line: Int) {
        for annotation in annotations {
            let language: String?
            switch annotation {
            case .property(let property): language = property.language
            case .note(let note): language = note.language
            }
            if let language { checkLanguage(language, what: "the xml:lang of a prop or note", line: line) }
        }
    }

    private mutating func checkLanguage(_ code: String, what: String, line: Int) {
        if let problem = LanguageTag.syntaxProblem(code) {
            report(line, "\(what) \"\(code)\" is not a language code: \(problem)")
        }
    }

    private mutating func report(_ line: Int, _ message: String) {
        problems.append(TMXError(file: file, line: line, message: message))
    }
}

extension LanguageTag {
    /// Why `code` is not a well-formed language tag (RFC 3066 / BCP 47 syntax: `ar`, `en-US`, `zh-Hant-TW`,
    /// `x-private`), or nil when it is.
    public static func syntaxProblem(_ code: String) -> String? {
        if code.isEmpty { return "it is empty" }
        if code.contains("_") { return "subtags are separated by \"-\", not \"_\"" }
        let subtags = code.split(separator: "-", omittingEmptySubsequences: false)
        for subtag in subtags {
            guard !subtag.isEmpty, subtag.utf8.count <= 8 else { return "each part has 1 to 8 letters or digits" }
            guard subtag.utf8.allSatisfy({ ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 || ($0 >= 48 && $0 <= 57) }) else {
                return "only ASCII letters, digits and \"-\" are allowed"
            }
        }
        let first = subtags[0]
        let isSingleton = first.utf8.count == 1 && (first.lowercased() == "x" || first.lowercased() == "i")
        if isSingleton {
            return subtags.count > 1 ? nil : "a private-use tag needs a part after \"\(first)-\""
        }
        guard (2...8).contains(first.utf8.count), first.utf8.allSatisfy({ ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 })
        else { return "it must start with a language of 2 to 8 letters" }
        return nil
    }
}
