import QantaraXML

/// Writes a valid TMX 1.4 file, one unit at a time, through libxml2's `xmlTextWriter`.
///
/// Output is UTF-8 with `<!DOCTYPE tmx SYSTEM "tmx14.dtd">`, indented between elements and never inside
/// `<seg>` (whitespace there is content). It goes to a temporary file that `finish()` renames into
/// place, so an error or an abandoned writer leaves the destination untouched.
///
/// What TMX 1.4 does not allow is adjusted so the file stays valid against the DTD, and each kind of
/// adjustment is listed once in `adjustments`: TMX 1.1's `lang=` becomes `xml:lang=`, attributes the DTD
/// does not declare for an element are left out, missing required header attributes get Qantara's values.
///
/// ```swift
/// let writer = try TMXWriter(destination: "out.tmx", header: .qantara(sourceLanguage: "ar"))
/// try writer.write(unit)
/// try writer.finish()
/// ```
public final class TMXWriter {
    public let destination: String
    /// What was changed to keep the output valid TMX 1.4, each kind once, in order of first occurrence.
    public private(set) var adjustments: [String] = []
    /// Units written so far.
    public private(set) var unitsWritten = 0
    private var seenAdjustments: Set<String> = []
    private let writer: XMLWriter

    /// Creates the temporary file and writes everything up to `<body>`.
    /// - Throws: `TMXError` when the file cannot be created.
    public init(destination: String, header: TMXHeader) throws {
        self.destination = destination
        do {
            writer = try XMLWriter(destination: destination)
        } catch let error as XMLError {
            throw TMXError(file: error.file, line: 0, message: error.message, isUnreadable: true)
        }
        try wrap {
            try writer.startDocument()
            try writer.doctype("tmx", systemID: "tmx14.dtd")
            try writer.whitespace("\n")
            try writer.startElement("tmx")
            try writer.attribute("version", "1.4")
            try writer.whitespace("\n  ")
            try writer.startElement("header")
            for attribute in validHeaderAttributes(header) { try writer.attribute(attribute.name, attribute.value) }
            try writeAnnotations(header.annotations, indent: "\n    ")
            for encoding in header.userDefinedEncodings where encoding.name == "ude" {
                try writer.whitespace("\n    ")
                try writer.startElement("ude")
                for attribute in encoding.attributes { try writer.attribute(attribute.qualifiedName, attribute.value) }
                for map in encoding.elements(named: "map") {
                    try writer.whitespace("\n      ")
                    try writer.startElement("map")
                    for attribute in map.attributes { try writer.attribute(attribute.qualifiedName, attribute.value) }
                    try writer.endElement()
                }
                try writer.whitespace("\n    ")
                try writer.endElement()
            }
            if !header.annotations.isEmpty || !header.userDefinedEncodings.isEmpty { try writer.whitespace("\n  ") }
            try writer.endElement()
            try writer.whitespace("\n  ")
            try writer.startElement("body")
        }
    }

    /// Appends one unit.
    public func write(_ unit: TMXUnit) throws {
        try wrap {
            try writer.whitespace("\n    ")
            try writer.startElement("tu")
            try writeAttributes(unit.attributes, allowed: TMX14.unitAttributes, element: "tu")
            try writeAnnotations(unit.annotations, indent: "\n      ")
            for variant in unit.variants {
                try writer.whitespace("\n      ")
                try writer.startElement("tuv")
                if variant.language.isEmpty { adjust("a <tuv> without a language was written with xml:lang=\"und\"") }
                try writer.attribute("xml:lang", variant.language.isEmpty ? "und" : variant.language)
                try writeAttributes(variant.attributes, allowed: TMX14.variantAttributes, element: "tuv")
                try writeAnnotations(variant.annotations, indent: "\n        ")
                try writer.whitespace("\n        ")
                try writer.startElement("seg")
                try writeRuns(variant.content.runs)
                try writer.endElement()
                try writer.whitespace("\n      ")
                try writer.endElement()
            }
            try writer.whitespace("\n    ")
            try writer.endElement()
        }
        unitsWritten += 1
    }

    /// Closes `<body>` and `<tmx>` and moves the file into place.
    public func finish() throws {
        try wrap {
            try writer.whitespace("\n  ")
            try writer.endElement()
            try writer.whitespace("\n")
            try writer.endElement()
            try writer.whitespace("\n")
            try writer.finish()
        }
    }

    private func wrap(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as XMLError {
            throw TMXError(error)
        }
    }

    private func adjust(_ message: String) {
        if seenAdjustments.insert(message).inserted { adjustments.append(message) }
    }

    private func validHeaderAttributes(_ header: TMXHeader) -> [XMLAttribute] {
        var result: [XMLAttribute] = []
        for attribute in header.attributes {
            let name = attribute.qualifiedName
            guard TMX14.headerAttributes.contains(name) else {
                adjust("attribute \(name)= on <header> is not TMX 1.4 and was left out")
                continue
            }
            guard !result.contains(where: { $0.name == name }) else { continue }
            if name == "segtype", !TMX14.segmentTypes.contains(attribute.value) {
                adjust("header segtype=\"\(attribute.value)\" is not a TMX 1.4 value and was written as \"sentence\"")
                result.append(XMLAttribute(name: name, value: "sentence"))
                continue
            }
            result.append(attribute)
        }
        let defaults = TMXHeader.qantara(sourceLanguage: "*all*")
        for name in TMX14.requiredHeaderAttributes where !result.contains(where: { $0.name == name }) {
            adjust("the header had no \(name)=; Qantara's value was written")
            result.append(XMLAttribute(name: name, value: defaults.attribute(name) ?? ""))
        }
        return result
    }

    private func writeAttributes(_ attributes: [XMLAttribute], allowed: Set<String>, element: String) throws {
        for attribute in attributes {
            let name = attribute.qualifiedName
            guard allowed.contains(name) else {
                adjust("attribute \(name)= on <\(element)> is not TMX 1.4 and was left out")
                continue
            }
            if name == "segtype", !TMX14.segmentTypes.contains(attribute.value) {
                adjust("segtype=\"\(attribute.value)\" on <\(element)> is not a TMX 1.4 value and was left out")
                continue
            }
            try writer.attribute(name, attribute.value)
        }
    }

    private func writeAnnotations(_ annotations: [TMXAnnotation], indent: String) throws {
        for annotation in annotations {
            try writer.whitespace(indent)
            switch annotation {
            case .property(let property):
                try writer.startElement("prop")
                if property.type.isEmpty { adjust("a <prop> without type= was written with type=\"x-untyped\"") }
                try writer.attribute("type", property.type.isEmpty ? "x-untyped" : property.type)
                if let language = property.language { try writer.attribute("xml:lang", language) }
                if let encoding = property.originalEncoding { try writer.attribute("o-encoding", encoding) }
                try writer.text(xmlSafe(property.value))
            case .note(let note):
                try writer.startElement("note")
                if let language = note.language { try writer.attribute("xml:lang", language) }
                if let encoding = note.originalEncoding { try writer.attribute("o-encoding", encoding) }
                try writer.text(xmlSafe(note.text))
            }
            try writer.endElement()
        }
    }

    private func writeRuns(_ runs: [TMXContentRun]) throws {
        for run in runs {
            switch run {
            case .text(let text):
                try writer.text(xmlSafe(text))
            case .inline(let element):
                let name = element.kind.rawValue
                try writer.startElement(name)
                try writeAttributes(element.attributes, allowed: TMX14.inlineAttributes[element.kind]!, element: name)
                try writeRuns(element.content)
                try writer.endElement()
            }
        }
    }

    /// XML 1.0 cannot carry most C0 control characters, even escaped; they become U+FFFD.
    private func xmlSafe(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return text }
        adjust("control characters that XML cannot carry were replaced by U+FFFD")
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            scalars.append(value < 0x20 && value != 0x09 && value != 0x0A && value != 0x0D ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }
}

/// What the TMX 1.4 DTD declares, for the writer and the validator.
enum TMX14 {
    static let requiredHeaderAttributes = [
        "creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype",
    ]
    static let headerAttributes: Set<String> = Set(requiredHeaderAttributes).union([
        "o-encoding", "creationdate", "creationid", "changedate", "changeid",
    ])
    static let segmentTypes: Set<String> = ["block", "paragraph", "sentence", "phrase"]
    private static let sharedUnitAttributes: Set<String> = [
        "o-encoding", "datatype", "usagecount", "lastusagedate", "creationtool", "creationtoolversion",
        "creationdate", "creationid", "changedate", "changeid", "o-tmf",
    ]
    static let unitAttributes = sharedUnitAttributes.union(["tuid", "segtype", "srclang"])
    /// `xml:lang` is written from `TMXVariant.language`, so it is not among these.
    static let variantAttributes = sharedUnitAttributes
    static let inlineAttributes: [TMXInlineKind: Set<String>] = [
        .bpt: ["i", "x", "type"], .ept: ["i"], .sub: ["datatype", "type"], .it: ["pos", "x", "type"],
        .ph: ["x", "assoc", "type"], .hi: ["x", "type"], .ut: ["x"],
    ]
    /// Attributes holding dates (`YYYYMMDDThhmmssZ`).
    static let dateAttributes: Set<String> = ["creationdate", "changedate", "lastusagedate"]
}
