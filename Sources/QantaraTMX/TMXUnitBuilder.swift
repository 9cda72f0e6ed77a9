import CLibXML2
import QantaraXML

/// The SAX2 side of `TMXReader`: turns libxml2's callbacks into `TMXHeader` and `TMXUnit` values.
///
/// Hand-written on purpose: libxml2's tree builder and `xmlTextReader` allocate a node per node,
/// which costs more than the whole parse. Element names are compared by pointer against names
/// interned in the parser's dictionary, attribute names are resolved once per name pointer, and one
/// byte buffer collects all text.
final class TMXUnitBuilder {
    /// Warnings kept; more are counted only (a broken file can raise one per unit).
    static let warningLimit = 200
    /// Elements nested deeper than this stop the read (TMX needs about 10 levels).
    static let maximumDepth = 256
    /// Inline elements nested deeper than this inside one `<seg>` stop the read.
    static let maximumInlineDepth = 64

    let file: String
    private var parser: xmlParserCtxtPtr?
    private var names = InternedNames()

    private(set) var header = TMXHeader()
    private(set) var headerComplete = false
    private(set) var headerLine = 0
    private(set) var version: String?
    private(set) var sawRoot = false
    private(set) var warnings: [TMXError] = []
    private(set) var warningCount = 0
    private(set) var fatal: TMXError?
    private var warnedOnce: Set<String> = []

    private var queue: [TMXUnit] = []
    private var queueHead = 0

    private enum Frame: UInt8 {
        case tmx, header, body, tu, tuv, seg, prop, note, inline, ude, map, skipped, transparent
    }
    private var frames: [Frame] = []
    private var capturing = false
    private var text: [UInt8] = []

    private var unit = TMXUnit()
    private var variant = TMXVariant(language: "", content: TMXSegmentContent(runs: []))
    private var variantHasSegment = false
    private var annotationAttributes: (type: String?, language: String?, encoding: String?) = (nil, nil, nil)
    private var annotationLine = 0
    private var segmentRuns: [TMXContentRun] = []
    private var inlineStack: [TMXInlineElement] = []

    private var attributeNames: [AttributeName] = []

    init(file: String) {
        self.file = file
        text.reserveCapacity(4096)
    }

    func attach(_ parser: xmlParserCtxtPtr) {
        self.parser = parser
        names = InternedNames(dictionary: parser.pointee.dict)
    }

    var hasQueuedUnits: Bool { queueHead < queue.count }

    func dequeue() -> TMXUnit? {
        guard queueHead < queue.count else {
            if queueHead > 0 {
                queue.removeAll(keepingCapacity: true)
                queueHead = 0
            }
            return nil
        }
        let unit = queue[queueHead]
        queueHead += 1
        return unit
    }

    var currentLine: Int {
        guard let input = parser?.pointee.input else { return 0 }
        return Int(input.pointee.line)
    }

    // MARK: - Diagnostics

    func warn(_ message: String, line: Int? = nil) {
        warningCount += 1
        if warnings.count < Self.warningLimit {
            warnings.append(TMXError(file: file, line: line ?? currentLine, message: message))
        }
    }

    /// Warns only the first time `key` comes up in this file.
    private func warnOnce(_ key: String, _ message: String) {
        if warnedOnce.insert(key).inserted { warn(message) }
    }

    private func stop(_ message: String, line: Int? = nil) {
        if fatal == nil { fatal = TMXError(file: file, line: line ?? currentLine, message: message) }
        if let parser { xmlStopParser(parser) }
    }

    fileprivate func record(_ error: UnsafePointer<xmlError>) {
        let raw = error.pointee
        var message = raw.message.map { String(cString: $0) } ?? "unknown XML error"
        while let last = message.last, last == "\n" || last == " " { message.removeLast() }
        let line = raw.line > 0 ? Int(raw.line) : currentLine
        if raw.level == XML_ERR_WARNING {
            warn(message, line: line)
        } else if fatal == nil {
            fatal = TMXError(file: file, line: line, message: Self.plain(message))
        }
    }

    /// libxml2's messages are terse; the common ones for broken TMX get a plainer sentence.
    private static func plain(_ message: String) -> String {
        if message.hasPrefix("Document is empty") || message.hasPrefix("Start tag expected") {
            return "this is not XML: no start tag found (\(message))"
        }
        if message.hasPrefix("Premature end of data") || message.hasPrefix("EndTag: '</' not found")
            || message.hasPrefix("Extra content at the end")
        {
            return "the file ends in the middle of the document, or has text after it (\(message))"
        }
        if message.hasPrefix("Document labelled") || message.hasPrefix("Input is not proper")
            || message.contains("encoding")
        {
            return "the bytes do not match the declared encoding (\(message))"
        }
        if message.contains("Excessive depth") { return "elements are nested too deeply (\(message))" }
        if message.hasPrefix("Entity '") && message.contains("not defined") {
            return "\(message): Qantara never reads entity declarations from a DTD"
        }
        return "not well-formed XML: \(message)"
    }

    // MARK: - SAX events

    fileprivate func startElement(
        _ localname: UnsafePointer<xmlChar>, _ count: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        let parent = frames.last
        if frames.count >= Self.maximumDepth {
            stop("elements are nested more than \(Self.maximumDepth) levels deep: this is not a TMX file")
            return
        }
        if parent == .skipped {
            frames.append(.skipped)
            return
        }
        let name = names.element(localname)
        switch (name, parent) {
        case (.tuv, .tu):
            flushTextOutsideContent()
            variant = TMXVariant(language: "", content: TMXSegmentContent(runs: []))
            variantHasSegment = false
            var sawXMLLang = false
            forEachAttribute(count, attributes) { attribute, role in
                if role == .xmlLang || role == .lang {
                    if role == .lang {
                        if sawXMLLang { return }
                        warnOnce("lang", "TMX 1.1 attribute lang= names the language (TMX 1.4 uses xml:lang=)")
                    }
                    sawXMLLang = sawXMLLang || role == .xmlLang
                    variant.language = attribute.value
                } else {
                    variant.attributes.append(attribute)
                }
            }
            if variant.language.isEmpty { warn("<tuv> has no xml:lang: its language is unknown") }
            push(.tuv)
        case (.seg, .tuv):
            if variantHasSegment { warn("<tuv> has more than one <seg>: the first is kept") }
            segmentRuns.removeAll(keepingCapacity: true)
            inlineStack.removeAll(keepingCapacity: true)
            text.removeAll(keepingCapacity: true)
            push(.seg)
        case (.tu, .body):
            unit = TMXUnit(line: currentLine)
            forEachAttribute(count, attributes) { attribute, _ in unit.attributes.append(attribute) }
            push(.tu)
        case (.inline(let kind), .seg), (.inline(let kind), .inline), (.inline(let kind), .transparent):
            guard inlineStack.count < Self.maximumInlineDepth else {
                stop("inline elements are nested more than \(Self.maximumInlineDepth) levels deep inside <seg>")
                return
            }
            flushText()
            var element = TMXInlineElement(kind: kind)
            forEachAttribute(count, attributes) { attribute, _ in element.attributes.append(attribute) }
            inlineStack.append(element)
            push(.inline)
        case (.prop, .header), (.prop, .tu), (.prop, .tuv), (.note, .header), (.note, .tu), (.note, .tuv):
            annotationAttributes = (nil, nil, nil)
            annotationLine = currentLine
            forEachAttribute(count, attributes) { attribute, role in
                switch role {
                case .type: annotationAttributes.type = attribute.value
                case .xmlLang, .lang: annotationAttributes.language = attribute.value
                case .originalEncoding: annotationAttributes.encoding = attribute.value
                case .other:
                    warnOnce("attribute:\(attribute.qualifiedName)", "unknown attribute \(attribute.qualifiedName)= on <\(name == .prop ? "prop" : "note")> is ignored")
                }
            }
            text.removeAll(keepingCapacity: true)
            push(name == .prop ? .prop : .note)
        case (.header, .tmx):
            headerLine = currentLine
            forEachAttribute(count, attributes) { attribute, _ in header.attributes.append(attribute) }
            push(.header)
        case (.body, .tmx):
            if !headerComplete {
                warn("<body> comes before any <header>")
                headerComplete = true
            }
            push(.body)
        case (.tmx, nil):
            sawRoot = true
            forEachAttribute(count, attributes) { attribute, _ in
                if attribute.name == "version" { version = attribute.value }
            }
            push(.tmx)
        case (_, nil):
            sawRoot = true
            stop("the root element is <\(String(cString: localname))>, not <tmx>: this is not a TMX file")
        case (.ude, .header):
            var element = XMLElement(name: "ude", line: currentLine)
            forEachAttribute(count, attributes) { attribute, _ in element.attributes.append(attribute) }
            header.userDefinedEncodings.append(element)
            push(.ude)
        case (.map, .ude):
            var element = XMLElement(name: "map", line: currentLine)
            forEachAttribute(count, attributes) { attribute, _ in element.attributes.append(attribute) }
            header.userDefinedEncodings[header.userDefinedEncodings.count - 1].children.append(.element(element))
            push(.map)
        default:
            let elementName = String(cString: localname)
            if capturing {
                warnOnce("element:\(elementName)", "unknown element <\(elementName)> inside text: its tags are dropped, its text kept")
                frames.append(.transparent)
            } else {
                warnOnce("element:\(elementName)", "element <\(elementName)> is unknown here and is ignored")
                frames.append(.skipped)
            }
        }
    }

    fileprivate func endElement() {
        guard let frame = frames.popLast() else { return }
        switch frame {
        case .skipped, .transparent:
            return
        case .inline:
            flushText()
            let element = inlineStack.removeLast()
            if inlineStack.isEmpty {
                segmentRuns.append(.inline(element))
            } else {
                inlineStack[inlineStack.count - 1].content.append(.inline(element))
            }
        case .seg:
            flushText()
            if !variantHasSegment {
                variant.content = TMXSegmentContent(runs: segmentRuns)
                variantHasSegment = true
            }
        case .tuv:
            if !variantHasSegment { warn("<tuv> has no <seg>: its text is empty") }
            unit.variants.append(variant)
        case .prop, .note:
            let value = String(decoding: text, as: UTF8.self)
            text.removeAll(keepingCapacity: true)
            let annotation: TMXAnnotation
            if frame == .prop {
                if annotationAttributes.type == nil {
                    warn("<prop> has no type= attribute", line: annotationLine)
                }
                annotation = .property(
                    TMXProperty(
                        type: annotationAttributes.type ?? "", value: value, language: annotationAttributes.language,
                        originalEncoding: annotationAttributes.encoding))
            } else {
                annotation = .note(
                    TMXNote(
                        text: value, language: annotationAttributes.language,
                        originalEncoding: annotationAttributes.encoding))
            }
            switch frames.last {
            case .header: header.annotations.append(annotation)
            case .tu: unit.annotations.append(annotation)
            default: variant.annotations.append(annotation)
            }
        case .tu:
            finishUnit()
        case .header:
            headerComplete = true
        case .tmx, .body, .ude, .map:
            break
        }
        capturing = frames.last.map(Self.captures) ?? false
    }

    fileprivate func characters(_ bytes: UnsafePointer<xmlChar>, _ count: Int) {
        if capturing { text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count)) }
    }

    fileprivate func reference(_ name: UnsafePointer<xmlChar>) {
        warn("entity reference &\(String(cString: name)); is left out: Qantara never expands entities declared in a DTD")
    }

    // MARK: - Building

    private func push(_ frame: Frame) {
        frames.append(frame)
        capturing = Self.captures(frame)
    }

    private static func captures(_ frame: Frame) -> Bool {
        switch frame {
        case .seg, .prop, .note, .inline, .transparent: return true
        default: return false
        }
    }

    /// Text between structural elements (indentation) is not content.
    private func flushTextOutsideContent() {
        text.removeAll(keepingCapacity: true)
    }

    /// Moves collected segment text into the innermost open run list.
    private func flushText() {
        guard !text.isEmpty else { return }
        let run = String(decoding: text, as: UTF8.self)
        text.removeAll(keepingCapacity: true)
        if inlineStack.isEmpty {
            Self.appendText(run, to: &segmentRuns)
        } else {
            Self.appendText(run, to: &inlineStack[inlineStack.count - 1].content)
        }
    }

    private static func appendText(_ run: String, to runs: inout [TMXContentRun]) {
        if case .text(let previous) = runs.last {
            runs[runs.count - 1] = .text(previous + run)
        } else {
            runs.append(.text(run))
        }
    }

    private func finishUnit() {
        if unit.variants.isEmpty { warn("<tu> has no <tuv>", line: unit.line) }
        if let source = unit.attribute("srclang") ?? header.sourceLanguage, source != "*all*",
            !unit.variants.isEmpty,
            !unit.variants.contains(where: { Self.sameLanguage($0.language, source) })
        {
            warn("<tu> has no <tuv> in its source language \(source)", line: unit.line)
        }
        queue.append(unit)
    }

    /// Language codes compared as TMX wants: ignoring ASCII case (and `_` for `-`), without allocating.
    static func sameLanguage(_ a: String, _ b: String) -> Bool {
        var left = a.utf8.makeIterator()
        var right = b.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case (let x?, let y?):
                if fold(x) != fold(y) { return false }
            default: return false
            }
        }
    }

    private static func fold(_ byte: UInt8) -> UInt8 {
        if byte >= 65 && byte <= 90 { return byte + 32 }
        return byte == 95 ? 45 : byte
    }

    // MARK: - Attributes

    enum AttributeRole { case xmlLang, lang, type, originalEncoding, other }

    private struct AttributeName {
        let localname: UnsafePointer<xmlChar>
        let prefix: UnsafePointer<xmlChar>?
        let template: XMLAttribute
        let role: AttributeRole
    }

    /// Calls `body` with each attribute of a start tag, decoded, and what it means for TMX.
    private func forEachAttribute(
        _ count: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
        _ body: (XMLAttribute, AttributeRole) -> Void
    ) {
        guard let attributes, count > 0 else { return }
        for index in 0..<count {
            let base = attributes + index * 5
            guard let localname = base[0], let start = base[3], let end = base[4] else { continue }
            let name = attributeName(localname, base[1], base[2])
            var attribute = name.template
            attribute.value = Self.decodeValue(UnsafeBufferPointer(start: start, count: end - start))
            body(attribute, name.role)
        }
    }

    private func attributeName(
        _ localname: UnsafePointer<xmlChar>, _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?
    ) -> AttributeName {
        for name in attributeNames where name.localname == localname && name.prefix == prefix {
            return name
        }
        let local = String(cString: localname)
        let prefixText = prefix.map { String(cString: $0) }
        let role: AttributeRole
        switch (prefixText, local) {
        case ("xml", "lang"): role = .xmlLang
        case (nil, "lang"): role = .lang
        case (nil, "type"): role = .type
        case (nil, "o-encoding"): role = .originalEncoding
        default: role = .other
        }
        let name = AttributeName(
            localname: localname, prefix: prefix,
            template: XMLAttribute(
                name: local, prefix: prefixText, namespace: uri.map { String(cString: $0) }, value: ""),
            role: role)
        attributeNames.append(name)
        return name
    }

    /// An attribute value as the parser hands it over without entity substitution: character references
    /// are decoded except `&#38;` (and `&amp;`, which arrives as `&#38;`), which libxml2 leaves for a
    /// tree builder to resolve. Decoded here, in one pass, only when an `&` is present.
    static func decodeValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&"), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "#"),
                let semicolon = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: ";")),
                let value = numericReference(bytes[(index + 2)..<semicolon]),
                let scalar = Unicode.Scalar(value)
            {
                output.append(contentsOf: String(scalar).utf8)
                index = semicolon + 1
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func numericReference(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> UInt32? {
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        var value: UInt32 = 0
        if digits.first == UInt8(ascii: "x") || digits.first == UInt8(ascii: "X") {
            guard digits.count > 1 else { return nil }
            for byte in digits.dropFirst() {
                guard let digit = hexDigit(byte) else { return nil }
                value = value * 16 + digit
            }
        } else {
            for byte in digits {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + UInt32(byte - 48)
            }
        }
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 48...57: return UInt32(byte - 48)
        case 65...70: return UInt32(byte - 55)
        case 97...102: return UInt32(byte - 87)
        default: return nil
        }
    }

    // MARK: - libxml2 glue

    /// A SAX2 handler that builds nothing itself and declares no entities: references to anything
    /// but the five predefined entities are reported, never expanded or fetched.
    static func saxHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = { context, localname, _, _, _, _, count, _, attributes in
            guard let context, let localname else { return }
            Unmanaged<TMXUnitBuilder>.fromOpaque(context).takeUnretainedValue()
                .startElement(localname, Int(count), attributes)
        }
        handler.endElementNs = { context, _, _, _ in
            guard let context else { return }
            Unmanaged<TMXUnitBuilder>.fromOpaque(context).takeUnretainedValue().endElement()
        }
        handler.characters = { context, bytes, count in
            guard let context, let bytes else { return }
            Unmanaged<TMXUnitBuilder>.fromOpaque(context).takeUnretainedValue().characters(bytes, Int(count))
        }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = handler.characters
        handler.reference = { context, name in
            guard let context, let name else { return }
            Unmanaged<TMXUnitBuilder>.fromOpaque(context).takeUnretainedValue().reference(name)
        }
        handler.serror = { context, error in
            guard let context, let error else { return }
            Unmanaged<TMXUnitBuilder>.fromOpaque(context).takeUnretainedValue().record(error)
        }
        return handler
    }
}

/// TMX element names, interned in the parser's dictionary so a start tag is recognised by comparing
/// pointers, not bytes.
struct InternedNames {
    enum Element: Equatable {
        case tmx, header, body, tu, tuv, seg, prop, note, ude, map, inline(TMXInlineKind), other
    }

    private var table: [(UnsafePointer<xmlChar>, Element)] = []

    init() {}

    init(dictionary: xmlDictPtr?) {
        guard let dictionary else { return }
        // Most frequent first: the lookup is a linear scan of pointer comparisons.
        let entries: [(String, Element)] =
            [
                ("tuv", .tuv), ("seg", .seg), ("tu", .tu), ("prop", .prop), ("note", .note),
            ] + TMXInlineKind.allCases.map { ($0.rawValue, .inline($0)) }
            + [("header", .header), ("body", .body), ("tmx", .tmx), ("ude", .ude), ("map", .map)]
        for (name, element) in entries {
            if let pointer = xmlDictLookup(dictionary, name, -1) { table.append((pointer, element)) }
        }
    }

    func element(_ localname: UnsafePointer<xmlChar>) -> Element {
        for (pointer, element) in table where pointer == localname { return element }
        return .other
    }
}
