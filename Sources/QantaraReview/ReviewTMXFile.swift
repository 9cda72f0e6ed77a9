import Foundation
import QantaraTMX
import QantaraXML

/// The review's access to TMX files, kept in one place: reading the input, writing the export.
enum ReviewTMXFile {
    /// The header and units of the TMX file at `path`.
    static func read(path: String) throws -> (header: TMXHeader, units: [TMXUnit]) {
        let root = try XMLDocumentReader.read(path: path)
        guard root.name == "tmx", let body = root.element(named: "body") else {
            throw ReviewError(.badInput, file: path, line: root.line, message: "not a TMX file (root element <\(root.name)>)")
        }
        let headerElement = root.element(named: "header")
        let header = TMXHeader(
            attributes: headerElement?.attributes ?? [], annotations: headerElement.map(annotations) ?? [])
        let units = body.elements(named: "tu").map { tu in
            TMXUnit(
                attributes: tu.attributes, annotations: annotations(tu),
                variants: tu.elements(named: "tuv").map { tuv in
                    TMXVariant(
                        language: tuv.attribute("lang", prefix: "xml") ?? tuv.attribute("lang") ?? "",
                        content: TMXSegmentContent(runs: tuv.element(named: "seg").map { runs($0.children) } ?? []),
                        attributes: tuv.attributes.filter { $0.name != "lang" })
                },
                line: tu.line)
        }
        return (header, units)
    }

    private static func annotations(_ element: XMLElement) -> [TMXAnnotation] {
        element.elements().compactMap { child in
            switch child.name {
            case "prop": return .property(TMXProperty(type: child.attribute("type") ?? "", value: child.text))
            case "note": return .note(TMXNote(text: child.text))
            default: return nil
            }
        }
    }

    private static func runs(_ nodes: [XMLNode]) -> [TMXContentRun] {
        nodes.compactMap { node in
            switch node {
            case .text(let text): return .text(text)
            case .element(let element):
                guard let kind = TMXInlineKind(rawValue: element.name) else { return .text(element.text) }
                return .inline(TMXInlineElement(kind: kind, attributes: element.attributes, content: runs(element.children)))
            }
        }
    }

    /// Writes `units` as a TMX 1.4b document, atomically.
    static func write(_ units: [TMXUnit], header: TMXHeader, to destination: String) throws {
        let writer = try XMLWriter(destination: destination)
        try writer.startDocument()
        try writer.doctype("tmx", systemID: "tmx14.dtd")
        try writer.startElement("tmx")
        try writer.attribute("version", "1.4")
        try writer.whitespace("\n")
        try writer.startElement("header")
        for attribute in header.attributes { try writer.attribute(attribute.qualifiedName, attribute.value) }
        try writer.endElement()
        try writer.whitespace("\n")
        try writer.startElement("body")
        for unit in units {
            try writer.whitespace("\n")
            try writer.startElement("tu")
            for attribute in unit.attributes { try writer.attribute(attribute.qualifiedName, attribute.value) }
            for annotation in unit.annotations {
                switch annotation {
                case .property(let property): try writer.element("prop", attributes: [("type", property.type)], text: property.value)
                case .note(let note): try writer.element("note", text: note.text)
                }
            }
            for variant in unit.variants {
                try writer.startElement("tuv")
                try writer.attribute("xml:lang", variant.language)
                try writer.element("seg", text: variant.content.plainText)
                try writer.endElement()
            }
            try writer.endElement()
        }
        try writer.whitespace("\n")
        try writer.endElement()
        try writer.whitespace("\n")
        try writer.finish()
    }

    /// A TMX header for the export.
    static func header(sourceLanguage: String) -> TMXHeader {
        TMXHeader(attributes: [
            XMLAttribute(name: "creationtool", value: "Qantara"),
            XMLAttribute(name: "creationtoolversion", value: "1"),
            XMLAttribute(name: "segtype", value: "sentence"),
            XMLAttribute(name: "o-tmf", value: "Qantara"),
            XMLAttribute(name: "adminlang", value: "en"),
            XMLAttribute(name: "srclang", value: sourceLanguage),
            XMLAttribute(name: "datatype", value: "plaintext"),
            XMLAttribute(name: "creationdate", value: date(Date())),
        ])
    }

    /// `YYYYMMDDThhmmssZ`.
    static func date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}

extension ReviewSession {
    /// Opens the session for `input`: a session file is resumed; a TMX starts a new session at `session`
    /// (default: beside the input, `.qreview`), or resumes that session if it already exists.
    public static func start(
        input: String, session: String? = nil, sourceLanguage: String = "ar", targetLanguage: String = "en",
        finder: any ReviewEntityFinder = NoEntityFinder(), user: String = ReviewSession.currentUser
    ) throws -> (session: ReviewSession, resumed: Bool) {
        guard FileManager.default.isReadableFile(atPath: input) else {
            throw ReviewError(.badInput, file: input, message: "cannot read the file")
        }
        if looksLikeDatabase(path: input) {
            return (try open(path: input, finder: finder, user: user), true)
        }
        let sessionPath = session ?? defaultSessionPath(for: input)
        if FileManager.default.fileExists(atPath: sessionPath) {
            return (try open(path: sessionPath, finder: finder, user: user), true)
        }
        let (header, units) = try ReviewTMXFile.read(path: input)
        let pairs = try ReviewImport.pairs(
            from: units, header: header, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage, file: input)
        let created = try create(
            path: sessionPath, pairs: pairs, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
            input: input, finder: finder, user: user)
        return (created, false)
    }

    /// `talk.tmx` → `talk.qreview`, in the same folder.
    public static func defaultSessionPath(for input: String) -> String {
        URL(fileURLWithPath: input).deletingPathExtension().appendingPathExtension("qreview").path
    }
}
