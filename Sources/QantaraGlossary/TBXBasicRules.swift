import QantaraXML

/// The TBX-Basic (v3, DCA style) dialect rules of `TBX-Basic_DCA.sch` v1.2.1, checked in Swift:
/// libxml2's Schematron cannot compile that schema (it uses XPath 2 functions), so these are its
/// assertions, one by one, over the document tree. The XLIFF inline-markup rules (`sc`/`ec` in notes)
/// are not checked; Qantara writes no inline markup. Structure is checked separately, against
/// `TBXcoreStructV03.rng` with `XMLValidator`.
public enum TBXBasicRules {
    static let admin: Set = ["customerSubset", "projectSubset", "source"]
    static let descrip: Set = ["subjectField", "context", "definition"]
    static let termNote: Set = ["administrativeStatus", "partOfSpeech", "geographicalUsage", "grammaticalGender", "termLocation", "termType"]
    static let administrativeStatus: Set = ["admittedTerm-admn-sts", "deprecatedTerm-admn-sts", "supersededTerm-admn-sts", "preferredTerm-admn-sts"]
    static let partOfSpeech: Set = ["adjective", "noun", "other", "verb", "adverb"]
    static let grammaticalGender: Set = ["masculine", "feminine", "neuter", "other"]
    static let termType: Set = ["fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"]
    static let termLocation: Set = [
        "checkBox", "comboBox", "comboBoxElement", "dialogBox", "groupBox", "informativeMessage", "interactiveMessage",
        "menuItem", "progressBar", "pushButton", "radioButton", "slider", "spinBox", "tab", "tableText", "textBox",
        "toolTip", "user-definedType",
    ]

    /// Violations of the dialect's rules in a TBX v3 document; empty when it conforms.
    public static func check(_ root: XMLElement, file: String) -> [XMLError] {
        var errors: [XMLError] = []
        func fail(_ element: XMLElement, _ message: String) {
            errors.append(XMLError(file: file, line: element.line, message: "<\(element.name)>: \(message)"))
        }
        if root.name != "tbx" { fail(root, "the root of TBX v3 is <tbx>") }
        if root.attribute("type") != "TBX-Basic" { fail(root, "the name of this dialect should be TBX-Basic (type=\"TBX-Basic\")") }
        if root.attribute("style") != "dca" { fail(root, "the style of this dialect should be declared as 'dca'") }
        var ids = Set<String>()
        func collectIDs(_ element: XMLElement) {
            if let id = element.attribute("id") { ids.insert(id) }
            element.elements().forEach(collectIDs)
        }
        collectIDs(root)

        func visit(_ element: XMLElement, ancestors: [String]) {
            let parent = ancestors.last ?? ""
            let grandparent = ancestors.dropLast().last ?? ""
            // "at level X": directly in X, or in a group (…Grp other than transacGrp) directly in X.
            func atLevel(_ levels: Set<String>, groups: Bool = true, transacGroups: Bool = false) -> Bool {
                if levels.contains(parent) { return true }
                guard groups, parent.hasSuffix("Grp"), transacGroups || parent != "transacGrp" else { return false }
                return levels.contains(grandparent)
            }
            if element.namespace != TBXCodec.v3Namespace {
                fail(element, "DCT style elements (or elements outside the TBX namespace) are not permitted in DCA style TBX")
            }
            if let type = element.attribute("type"), type.isEmpty { fail(element, "data category must be declared (empty type)") }
            if let target = element.attribute("target"), !(target.hasPrefix("http://") || target.hasPrefix("https://")) || target.count < 9,
                !ids.contains(target)
            {
                fail(element, "target '\(target)' is neither an id in the file nor an http(s) URI")
            }
            let type = element.attribute("type") ?? ""
            let value = element.text.trimmingCharacters(in: .whitespacesAndNewlines)
            switch element.name {
            case "termNote":
                if !(parent == "termSec" || (parent == "termNoteGrp" && grandparent == "termSec")) {
                    fail(element, "any termNote is only allowed at the termSec level")
                }
                if !termNote.contains(type) { fail(element, "type '\(type)' not permitted: \(termNote.sorted().joined(separator: ", "))") }
                let allowed: [String: Set<String>] = [
                    "administrativeStatus": administrativeStatus, "partOfSpeech": partOfSpeech,
                    "grammaticalGender": grammaticalGender, "termLocation": termLocation, "termType": termType,
                ]
                if let values = allowed[type], !values.contains(value) {
                    fail(element, "\(type) may be \(values.sorted().joined(separator: ", ")), not '\(value)'")
                }
            case "admin":
                if !admin.contains(type) { fail(element, "type '\(type)' not permitted: \(admin.sorted().joined(separator: ", "))") }
                if type == "source", !atLevel(["conceptEntry", "langSec", "termSec"]) {
                    fail(element, "source may only appear at conceptEntry, langSec or termSec level")
                }
                if type == "customerSubset" || type == "projectSubset", !atLevel(["conceptEntry", "termSec"]) {
                    fail(element, "\(type) may only appear at conceptEntry or termSec level")
                }
            case "descrip":
                if !descrip.contains(type) { fail(element, "type '\(type)' not permitted: \(descrip.sorted().joined(separator: ", "))") }
                let levels: [String: Set<String>] = [
                    "subjectField": ["conceptEntry"], "context": ["termSec"], "definition": ["conceptEntry", "langSec"],
                ]
                if let allowed = levels[type],
                    !(allowed.contains(parent) || (parent == "descripGrp" && allowed.contains(grandparent)))
                {
                    fail(element, "\(type) may only appear at level(s): \(allowed.sorted().joined(separator: ", "))")
                }
            case "ref":
                if type != "crossReference" { fail(element, "type must be crossReference") }
                if !atLevel(["conceptEntry", "termSec"], transacGroups: true) {
                    fail(element, "crossReference may only appear at conceptEntry or termSec level")
                }
            case "transac":
                if type != "transactionType" { fail(element, "type must be transactionType") }
                if !atLevel(["conceptEntry", "langSec", "termSec"], transacGroups: true) {
                    fail(element, "transactionType may only appear at conceptEntry, langSec or termSec level")
                }
                if value != "origination" && value != "modification" { fail(element, "transactionType may be origination or modification") }
            case "transacNote":
                if type != "responsibility" { fail(element, "type must be responsibility") }
                if !atLevel(["conceptEntry", "langSec", "termSec"], transacGroups: true) {
                    fail(element, "responsibility may only appear at conceptEntry, langSec or termSec level")
                }
            case "xref":
                if type != "externalCrossReference" && type != "xGraphic" { fail(element, "type must be externalCrossReference or xGraphic") }
                let levels: Set<String> = type == "xGraphic" ? ["conceptEntry", "langSec"] : ["conceptEntry", "langSec", "termSec"]
                if !levels.contains(parent) { fail(element, "\(type) may only appear at level(s): \(levels.sorted().joined(separator: ", "))") }
            default:
                break
            }
            for child in element.elements() { visit(child, ancestors: ancestors + [element.name]) }
        }
        visit(root, ancestors: [])
        return errors
    }
}
