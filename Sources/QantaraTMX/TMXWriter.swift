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
    public var adjustments: [String] { serializer.adjustments }
    /// Units written so far.
    public private(set) var unitsWritten = 0
    private let writer: XMLWriter
    private var serializer = TMXSerializer()

    /// Serialized units are handed to xmlTextWriter in pieces of about this size.
    private static let flushSize = 64 * 1024

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
            for attribute in serializer.validHeaderAttributes(header) {
                try writer.attribute(attribute.name, attribute.value)
            }
            serializer.headerContent(header)
            try flush()
            try writer.endElement()
            try writer.whitespace("\n  ")
            try writer.startElement("body")
        }
    }

    /// Appends one unit.
    public func write(_ unit: TMXUnit) throws {
        serializer.unit(unit)
        unitsWritten += 1
        if serializer.bytes.count >= Self.flushSize { try wrap { try flush() } }
    }

    /// Closes `<body>` and `<tmx>` and moves the file into place.
    public func finish() throws {
        try wrap {
            try flush()
            try writer.whitespace("\n  ")
            try writer.endElement()
            try writer.whitespace("\n")
            try writer.endElement()
            try writer.whitespace("\n")
            try writer.finish()
        }
    }

    private func flush() throws {
        try serializer.bytes.withUnsafeBufferPointer { try writer.raw($0) }
        serializer.bytes.removeAll(keepingCapacity: true)
    }

    private func wrap(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as XMLError {
            throw TMXError(error)
        }
    }
}

/// Serializes header content and units to UTF-8 XML, escaped as xmlTextWriter escapes.
///
/// Hand-written because xmlTextWriter costs a C call, a C-string conversion and an allocation for each
/// of the ~25 nodes of a unit, which held writing near 80,000 units/s; serialized here, a unit goes to
/// xmlTextWriter in one piece (`XMLWriter.raw`), and the document frame stays xmlTextWriter's.
struct TMXSerializer {
    var bytes: [UInt8] = []
    private(set) var adjustments: [String] = []
    private var seenAdjustments: Set<String> = []

    init() {
        bytes.reserveCapacity(80 * 1024)
    }

    mutating func adjust(_ message: String) {
        if seenAdjustments.insert(message).inserted { adjustments.append(message) }
    }

    /// The header attributes to write: TMX 1.4's only, the seven required ones filled in when missing.
    mutating func validHeaderAttributes(_ header: TMXHeader) -> [XMLAttribute] {
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

    /// The header's props, notes and `ude`s (inside the open `<header>` start tag).
    mutating func headerContent(_ header: TMXHeader) {
        annotations(header.annotations, indent: "\n    ")
        for encoding in header.userDefinedEncodings where encoding.name == "ude" {
            raw("\n    <ude")
            for attribute in encoding.attributes { self.attribute(attribute.qualifiedName, attribute.value) }
            raw(">")
            for map in encoding.elements(named: "map") {
                raw("\n      <map")
                for attribute in map.attributes { self.attribute(attribute.qualifiedName, attribute.value) }
                raw("/>")
            }
            raw("\n    </ude>")
        }
        if !header.annotations.isEmpty || !header.userDefinedEncodings.isEmpty { raw("\n  ") }
    }

    mutating func unit(_ unit: TMXUnit) {
        raw("\n    <tu")
        attributes(unit.attributes, allowed: TMX14.unitAttributes, element: "tu")
        raw(">")
        annotations(unit.annotations, indent: "\n      ")
        for variant in unit.variants {
            raw("\n      <tuv")
            if variant.language.isEmpty { adjust("a <tuv> without a language was written with xml:lang=\"und\"") }
            attribute("xml:lang", variant.language.isEmpty ? "und" : variant.language)
            attributes(variant.attributes, allowed: TMX14.variantAttributes, element: "tuv")
            raw(">")
            annotations(variant.annotations, indent: "\n        ")
            raw("\n        <seg>")
            if let text = variant.content.textOnly {
                escaped(text, inAttribute: false)
            } else {
                runs(variant.content.runs)
            }
            raw("</seg>\n      </tuv>")
        }
        raw("\n    </tu>")
    }

    private mutating func attributes(_ list: [XMLAttribute], allowed: Set<String>, element: String) {
        for attribute in list {
            let name = attribute.qualifiedName
            guard allowed.contains(name) else {
                adjust("attribute \(name)= on <\(element)> is not TMX 1.4 and was left out")
                continue
            }
            if name == "segtype", !TMX14.segmentTypes.contains(attribute.value) {
                adjust("segtype=\"\(attribute.value)\" on <\(element)> is not a TMX 1.4 value and was left out")
                continue
            }
            self.attribute(name, attribute.value)
        }
    }

    private mutating func annotations(_ list: [TMXAnnotation], indent: StaticString) {
        for annotation in list {
            raw(indent)
            switch annotation {
            case .property(let property):
                raw("<prop")
                if property.type.isEmpty { adjust("a <prop> without type= was written with type=\"x-untyped\"") }
                attribute("type", property.type.isEmpty ? "x-untyped" : property.type)
                if let language = property.language { attribute("xml:lang", language) }
                if let encoding = property.originalEncoding { attribute("o-encoding", encoding) }
                raw(">")
                escaped(property.value, inAttribute: false)
                raw("</prop>")
            case .note(let note):
                raw("<note")
                if let language = note.language { attribute("xml:lang", language) }
                if let encoding = note.originalEncoding { attribute("o-encoding", encoding) }
                raw(">")
                escaped(note.text, inAttribute: false)
                raw("</note>")
            }
        }
    }

    private mutating func runs(_ list: [TMXContentRun]) {
        for run in list {
            switch run {
            case .text(let text):
                escaped(text, inAttribute: false)
            case .inline(let element):
                let name = element.kind.rawValue
                raw("<")
                raw(name)
                attributes(element.attributes, allowed: TMX14.inlineAttributes[element.kind]!, element: name)
                raw(">")
                runs(element.content)
                raw("</")
                raw(name)
                raw(">")
            }
        }
    }

    private mutating func attribute(_ name: String, _ value: String) {
        raw(" ")
        raw(name)
        raw("=\"")
        escaped(value, inAttribute: true)
        raw("\"")
    }

    private mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends `text` escaped for XML content or a quoted attribute value. XML 1.0 cannot carry most C0
    /// control characters, even as references, nor U+FFFE and U+FFFF (XML 1.0's `Char`); they become U+FFFD.
    private mutating func escaped(_ text: String, inAttribute: Bool) {
        var text = text
        var replacedCharacter = false
        text.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x3F || byte == 0xEF else { continue }
                let replacement: StaticString
                var length = 1
                switch byte {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x22 where inAttribute: replacement = "&quot;"
                case 0x0D: replacement = "&#13;"
                case 0x09 where inAttribute: replacement = "&#9;"
                case 0x0A where inAttribute: replacement = "&#10;"
                case 0xEF:
                    // U+FFFE and U+FFFF are EF BF BE and EF BF BF; every other scalar from EF is allowed.
                    guard index + 2 < utf8.count, utf8[index + 1] == 0xBF, utf8[index + 2] >= 0xBE else { continue }
                    replacement = "\u{FFFD}"
                    replacedCharacter = true
                    length = 3
                case 0x09, 0x0A, 0x20...: continue
                default:
                    replacement = "\u{FFFD}"
                    replacedCharacter = true
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                raw(replacement)
                start = index + length
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<utf8.count]))
        }
        if replacedCharacter { adjust("characters that XML cannot carry (control characters, U+FFFE, U+FFFF) were replaced by U+FFFD") }
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
