import CLibXML2
import Foundation
import QantaraXML
import QantaraText

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
    // Dynamic exclusivity checks on these cost more than the work done between two SAX callbacks;
    // the builder is confined to the thread that runs the parser and never re-entered.
    @exclusivity(unchecked) private var parser: xmlParserCtxtPtr?
    @exclusivity(unchecked) private var names = InternedNames()

    @exclusivity(unchecked) private(set) var header = TMXHeader()
    @exclusivity(unchecked) private(set) var headerComplete = false
    private(set) var headerLine = 0
    private(set) var version: String?
    private(set) var sawRoot = false
    private(set) var warnings: [TMXError] = []
    private(set) var warningCount = 0
    @exclusivity(unchecked) private(set) var fatal: TMXError?
    private var warnedOnce: Set<String> = []
    /// The header's `srclang`, looked up once.
    @exclusivity(unchecked) private var headerSourceLanguage: String?

    @exclusivity(unchecked) private var queue: [TMXUnit] = []
    @exclusivity(unchecked) private var queueHead = 0

    @exclusivity(unchecked) private var frames = PlainBuffer<Frame>(capacity: 32)
    @exclusivity(unchecked) private var capturing = false
    @exclusivity(unchecked) private var text = PlainBuffer<UInt8>(capacity: 4096)
    @exclusivity(unchecked) private var shortStrings = ShortStringCache()

    // Lists are reserved at the size SAX announces (attributes) or expects (two variants), so each
    // takes one allocation instead of one per doubling.
    @exclusivity(unchecked) private var unit = TMXUnit()
    @exclusivity(unchecked) private var unitSourceLanguage: String?
    @exclusivity(unchecked) private var variantHasSegment = false
    @exclusivity(unchecked) private var annotationAttributes: (type: String?, language: String?, encoding: String?) =
        (nil, nil, nil)
    @exclusivity(unchecked) private var annotationLine = 0
    @exclusivity(unchecked) private var segmentRuns: [TMXContentRun] = []
    @exclusivity(unchecked) private var inlineStack: [TMXInlineElement] = []

    // Attribute names seen so far (pointers from the parser's dictionary), what they mean, and the
    // attribute value to copy for each.
    @exclusivity(unchecked) private var attributeTable = PointerTable()
    @exclusivity(unchecked) private var attributeTemplates: [XMLAttribute] = []
    @exclusivity(unchecked) private var attributeRoles: [AttributeRole] = []

    init(file: String) {
        self.file = file
    }

    deinit {
        names.deallocate()
        attributeTable.deallocate()
        shortStrings.deallocate()
    }

    func attach(_ parser: xmlParserCtxtPtr) {
        self.parser = parser
        names.deallocate()
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
        // Swapped out rather than copied: no reference counting on the unit's lists.
        var unit = TMXUnit()
        swap(&unit, &queue[queueHead])
        queueHead += 1
        return unit
    }

    /// True between the root's start and end tags.
    var isInsideDocument: Bool { !frames.isEmpty }

    /// The open elements, outermost first, for a message about a file that stops early.
    var openElementNames: String {
        frames.buffer.map { frame in
            switch frame {
            case .inline: "<inline code>"
            case .skipped, .transparent: "<unknown element>"
            default: "<\(frame)>"
            }
        }.joined(separator: " ")
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
        guard let parent = frames.last else {
            startRoot(localname, count, attributes)
            return
        }
        if parent == .skipped {
            frames.append(.skipped)
            return
        }
        if frames.count >= Self.maximumDepth {
            stop("elements are nested more than \(Self.maximumDepth) levels deep: this is not a TMX file")
            return
        }
        let name = names.element(localname)
        switch name {
        case .tuv where parent == .tu:
            startVariant(count, attributes)
        case .seg where parent == .tuv:
            if variantHasSegment { warn("<tuv> has more than one <seg>: the first is kept") }
            if !segmentRuns.isEmpty { segmentRuns.removeAll(keepingCapacity: true) }
            if !inlineStack.isEmpty { inlineStack.removeAll(keepingCapacity: true) }
            text.removeAll()
            push(.seg)
        case .tu where parent == .body:
            // `unit` is empty here: `finishUnit` swapped the last one out.
            unit.line = currentLine
            unitSourceLanguage = nil
            unit.attributes = attributeList(count, attributes) { role, value in
                if role == .sourceLanguage { unitSourceLanguage = value }
            }
            push(.tu)
        case .prop where parent == .header || parent == .tu || parent == .tuv,
            .note where parent == .header || parent == .tu || parent == .tuv:
            startAnnotation(name, count, attributes)
        case .bpt, .ept, .it, .ph, .hi, .ut, .sub:
            guard parent == .seg || parent == .inline || parent == .transparent else {
                unknown(localname)
                return
            }
            guard inlineStack.count < Self.maximumInlineDepth else {
                stop("inline elements are nested more than \(Self.maximumInlineDepth) levels deep inside <seg>")
                return
            }
            flushText()
            inlineStack.append(TMXInlineElement(kind: name.inlineKind!, attributes: attributeList(count, attributes)))
            push(.inline)
        case .header where parent == .tmx:
            headerLine = currentLine
            header.attributes.append(contentsOf: attributeList(count, attributes))
            headerSourceLanguage = header.sourceLanguage
            push(.header)
        case .body where parent == .tmx:
            if !headerComplete {
                warn("<body> comes before any <header>")
                headerComplete = true
            }
            push(.body)
        case .ude where parent == .header:
            var element = XMLElement(name: "ude", line: currentLine)
            element.attributes = attributeList(count, attributes)
            header.userDefinedEncodings.append(element)
            push(.ude)
        case .map where parent == .ude:
            var element = XMLElement(name: "map", line: currentLine)
            element.attributes = attributeList(count, attributes)
            header.userDefinedEncodings[header.userDefinedEncodings.count - 1].children.append(.element(element))
            push(.map)
        default:
            unknown(localname)
        }
    }

    private func startRoot(
        _ localname: UnsafePointer<xmlChar>, _ count: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        sawRoot = true
        guard names.element(localname) == .tmx else {
            stop("the root element is <\(String(cString: localname))>, not <tmx>: this is not a TMX file")
            return
        }
        forEachAttribute(count, attributes) { name, value in
            if attributeTemplates[name].qualifiedName == "version" { version = value }
        }
        push(.tmx)
    }

    /// Adds the variant to the unit at once: it is then built in place, without a copy at `</tuv>`.
    private func startVariant(_ count: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
        text.removeAll()
        variantHasSegment = false
        var language = ""
        var others: [XMLAttribute] = []
        var sawXMLLang = false
        forEachAttribute(count, attributes) { name, value in
            switch attributeRoles[name] {
            case .xmlLang:
                sawXMLLang = true
                language = value
            case .lang:
                warnOnce("lang", "TMX 1.1 attribute lang= names the language (TMX 1.4 uses xml:lang=)")
                if !sawXMLLang { language = value }
            default:
                if others.isEmpty { others.reserveCapacity(count) }
                append(name, value, to: &others)
            }
        }
        if language.isEmpty { warn("<tuv> has no xml:lang: its language is unknown") }
        if unit.variants.isEmpty { unit.variants.reserveCapacity(2) }
        unit.variants.append(TMXVariant(language: language, content: TMXSegmentContent(text: ""), attributes: others))
        push(.tuv)
    }

    /// The `<tuv>` being read: the unit's last variant.
    private var variant: TMXVariant {
        get { unit.variants[unit.variants.count - 1] }
        _modify { yield &unit.variants[unit.variants.count - 1] }
    }

    private func startAnnotation(
        _ name: InternedNames.Element, _ count: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        annotationAttributes = (nil, nil, nil)
        annotationLine = currentLine
        forEachAttribute(count, attributes) { attributeName, value in
            switch attributeRoles[attributeName] {
            case .type: annotationAttributes.type = value
            case .xmlLang, .lang: annotationAttributes.language = value
            case .originalEncoding: annotationAttributes.encoding = value
            case .sourceLanguage, .other:
                let qualified = attributeTemplates[attributeName].qualifiedName
                warnOnce(
                    "attribute:\(qualified)",
                    "unknown attribute \(qualified)= on <\(name == .prop ? "prop" : "note")> is ignored")
            }
        }
        text.removeAll()
        push(name == .prop ? .prop : .note)
    }

    private func unknown(_ localname: UnsafePointer<xmlChar>) {
        let elementName = String(cString: localname)
        if capturing {
            warnOnce(
                "element:\(elementName)", "unknown element <\(elementName)> inside text: its tags are dropped, its text kept")
            frames.append(.transparent)
        } else {
            warnOnce("element:\(elementName)", "element <\(elementName)> is unknown here and is ignored")
            frames.append(.skipped)
        }
    }

    fileprivate func endElement() {
        guard let frame = frames.removeLast() else { return }
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
            if !variantHasSegment {
                if segmentRuns.isEmpty {
                    variant.content = TMXSegmentContent(text: takeText())
                } else {
                    flushText()
                    variant.content.runs = segmentRuns
                    segmentRuns = []
                }
                variantHasSegment = true
            } else {
                text.removeAll()
            }
        case .tuv:
            if !variantHasSegment { warn("<tuv> has no <seg>: its text is empty") }
        case .prop, .note:
            endAnnotation(frame)
        case .tu:
            finishUnit()
        case .header:
            headerComplete = true
        case .tmx, .body, .ude, .map:
            break
        }
        capturing = frames.last.map(Self.captures) ?? false
    }

    private func endAnnotation(_ frame: Frame) {
        let value = takeText()
        // Taken, not copied, out of the start tag's values: no reference counting on them.
        let language = annotationAttributes.language.take()
        let encoding = annotationAttributes.encoding.take()
        let annotation: TMXAnnotation
        if frame == .prop {
            let type = annotationAttributes.type.take()
            if type == nil { warn("<prop> has no type= attribute", line: annotationLine) }
            annotation = .property(
                TMXProperty(type: type ?? "", value: value, language: language, originalEncoding: encoding))
        } else {
            annotation = .note(TMXNote(text: value, language: language, originalEncoding: encoding))
        }
        add(annotation)
    }

    /// Adds an annotation that has just ended to the element around it.
    @inline(__always)
    private func add(_ annotation: consuming TMXAnnotation) {
        switch frames.last {
        case .header: header.annotations.append(annotation)
        case .tu: Self.append(annotation, to: &unit.annotations)
        default: Self.append(annotation, to: &variant.annotations)
        }
    }

    fileprivate func characters(_ bytes: UnsafePointer<xmlChar>, _ count: Int) {
        if capturing { text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count)) }
    }

    fileprivate func reference(_ name: UnsafePointer<xmlChar>) {
        warn("entity reference &\(String(cString: name)); is left out: Qantara never expands entities declared in a DTD")
    }

    // MARK: - Building

    @inline(__always)
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

    /// The text collected, leaving the buffer empty.
    private func takeText() -> String {
        defer { text.removeAll() }
        return shortStrings.string(text.buffer, Self.string) ?? Self.string(text.buffer)
    }

    /// Moves collected segment text into the innermost open run list.
    private func flushText() {
        guard !text.isEmpty else { return }
        let run = takeText()
        if inlineStack.isEmpty {
            Self.appendText(run, to: &segmentRuns)
        } else {
            Self.appendText(run, to: &inlineStack[inlineStack.count - 1].content)
        }
    }

    private static func appendText(_ run: String, to runs: inout [TMXContentRun]) {
        if runs.isEmpty {
            // The common case (a segment of plain text); a literal allocates once, exactly.
            runs = [.text(run)]
        } else if case .text(let previous) = runs[runs.count - 1] {
            runs[runs.count - 1] = .text(previous + run)
        } else {
            runs.append(.text(run))
        }
    }

    private func finishUnit() {
        if unit.variants.isEmpty { warn("<tu> has no <tuv>", line: unit.line) }
        if let source = unitSourceLanguage ?? headerSourceLanguage, source != "*all*",
            !unit.variants.isEmpty,
            !unit.variants.contains(where: { Self.sameLanguage($0.language, source) })
        {
            warn("<tu> has no <tuv> in its source language \(source)", line: unit.line)
        }
        queue.append(TMXUnit())
        swap(&queue[queue.count - 1], &unit)
    }

    /// Appends, allocating a first element's list at its exact size (most units have one prop or note).
    @inline(__always)
    private static func append(_ annotation: consuming TMXAnnotation, to annotations: inout [TMXAnnotation]) {
        if annotations.isEmpty { annotations = [annotation] } else { annotations.append(annotation) }
    }

    /// Language codes compared as TMX wants: ignoring ASCII case (and `_` for `-`), without allocating.
    static func sameLanguage(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
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

    enum AttributeRole { case xmlLang, lang, type, originalEncoding, sourceLanguage, other }

    /// Calls `body` with each attribute of a start tag: its name (an index into the name cache, for
    /// `attributeRoles` and `append(_:_:to:)`) and its decoded value.
    @inline(__always)
    private func forEachAttribute(
        _ count: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, _ body: (Int, String) -> Void
    ) {
        guard let attributes, count > 0 else { return }
        var previous = RecentValue()
        for index in 0..<count {
            guard let (name, value) = attribute(at: index, attributes, &previous) else { continue }
            body(name, value)
        }
    }

    /// The last long attribute value (over 15 bytes, so not from the cache) made within a start tag:
    /// dates often repeat within a tag (creationdate = changedate), and then the String is shared.
    private struct RecentValue {
        var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        var value = ""
    }

    /// The cached name index and decoded value of attribute `index` of a start tag.
    @inline(__always)
    private func attribute(
        at index: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>, _ previous: inout RecentValue
    ) -> (Int, String)? {
        let base = attributes + index * 5
        guard let localname = base[0], let start = base[3], let end = base[4] else { return nil }
        let name = attributeIndex(localname, base[1], base[2])
        let bytes = UnsafeBufferPointer(start: start, count: end - start)
        if previous.bytes.count == bytes.count, bytes.count > ShortStringCache.longest,
            memcmp(previous.bytes.baseAddress!, start, bytes.count) == 0
        {
            return (name, previous.value)
        }
        let value = decodeValue(bytes)
        if bytes.count > ShortStringCache.longest { previous = RecentValue(bytes: bytes, value: value) }
        return (name, value)
    }

    /// The attributes of a start tag, listed in one allocation; `see` is shown each one's role and value.
    @inline(__always)
    private func attributeList(
        _ count: Int, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?,
        see: (AttributeRole, String) -> Void = { _, _ in }
    ) -> [XMLAttribute] {
        guard let attributes, count > 0 else { return [] }
        var list: [XMLAttribute] = []
        list.reserveCapacity(count)
        var previous = RecentValue()
        for index in 0..<count {
            guard let (name, value) = attribute(at: index, attributes, &previous) else { continue }
            see(attributeRoles[name], value)
            append(name, value, to: &list)
        }
        return list
    }

    /// Appends the attribute with the cached name `name` and `value` to `list`. Appending the name's
    /// template and then setting the value copies the attribute once; appending a new XMLAttribute was
    /// measured to copy it twice.
    @inline(__always)
    private func append(_ name: Int, _ value: String, to list: inout [XMLAttribute]) {
        list.append(attributeTemplates[name])
        list[list.count - 1].value = value
    }

    /// The index of an attribute name (local name and prefix pointers) in the cache, added when new.
    @inline(__always)
    private func attributeIndex(
        _ localname: UnsafePointer<xmlChar>, _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?
    ) -> Int {
        attributeTable.value(localname, prefix) ?? addAttributeName(localname, prefix, uri)
    }

    @inline(never)
    private func addAttributeName(
        _ localname: UnsafePointer<xmlChar>, _ prefix: UnsafePointer<xmlChar>?, _ uri: UnsafePointer<xmlChar>?
    ) -> Int {
        let local = String(cString: localname)
        let prefixText = prefix.map { String(cString: $0) }
        let role: AttributeRole
        switch (prefixText, local) {
        case ("xml", "lang"): role = .xmlLang
        case (nil, "lang"): role = .lang
        case (nil, "type"): role = .type
        case (nil, "o-encoding"): role = .originalEncoding
        case (nil, "srclang"): role = .sourceLanguage
        default: role = .other
        }
        attributeTable.insert(localname, prefix, value: attributeTemplates.count)
        attributeTemplates.append(
            XMLAttribute(name: local, prefix: prefixText, namespace: uri.map { String(cString: $0) }, value: ""))
        attributeRoles.append(role)
        return attributeTemplates.count - 1
    }

    /// An attribute value decoded by `decodeReferences`; short ones come from the cache.
    @inline(__always)
    private func decodeValue(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        shortStrings.string(bytes, Self.decodeReferences) ?? Self.decodeReferences(bytes)
    }

    /// Text as libxml2 hands it over: UTF-8 it has checked already (a bad byte is a fatal error, after which
    /// no callback comes), so it is copied without validating it again, which cost more than the copy.
    @inline(__always)
    private static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        assert(String(validating: bytes, as: UTF8.self) != nil, "libxml2 handed over bytes that are not UTF-8")
        if #available(macOS 26, iOS 26, tvOS 26, watchOS 26, visionOS 26, *) {
            var span = UTF8Span(unchecked: bytes.span)
            // Strings of up to 15 bytes, kept inline, find out for themselves whether they are ASCII.
            if bytes.count > 15 { _ = span.checkForASCII() }
            return String(copying: span)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An attribute value as the parser hands it over without entity substitution: character references
    /// are decoded except `&#38;` (and `&amp;`, which arrives as `&#38;`), which libxml2 leaves for a
    /// tree builder to resolve. Decoded here, in one pass, only when an `&` is present.
    private static func decodeReferences(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard !bytes.isEmpty, memchr(bytes.baseAddress!, 0x26, bytes.count) != nil else {
            return string(bytes)
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&"), index + 2 < bytes.count, bytes[index + 1] == UInt8(ascii: "#"),
                let semicolon = bytes[(index + 2)...].firstIndex(of: UInt8(ascii: ";")),
                let value = Self.numericReference(bytes[(index + 2)..<semicolon]),
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

    /// Calls `body` with the builder behind a callback's context, without retaining it (the reader
    /// keeps it alive for as long as the parser runs).
    @inline(__always)
    private static func builder(_ context: UnsafeMutableRawPointer, _ body: (TMXUnitBuilder) -> Void) {
        Unmanaged<TMXUnitBuilder>.fromOpaque(context)._withUnsafeGuaranteedRef(body)
    }

    /// A SAX2 handler that builds nothing itself and declares no entities: references to anything
    /// but the five predefined entities are reported, never expanded or fetched.
    static func saxHandler() -> xmlSAXHandler {
        var handler = xmlSAXHandler()
        handler.initialized = XML_SAX2_MAGIC
        handler.startElementNs = { context, localname, _, _, _, _, count, _, attributes in
            guard let context, let localname else { return }
            TMXUnitBuilder.builder(context) { $0.startElement(localname, Int(count), attributes) }
        }
        handler.endElementNs = { context, _, _, _ in
            guard let context else { return }
            TMXUnitBuilder.builder(context) { $0.endElement() }
        }
        handler.characters = { context, bytes, count in
            guard let context, let bytes else { return }
            TMXUnitBuilder.builder(context) { $0.characters(bytes, Int(count)) }
        }
        handler.ignorableWhitespace = handler.characters
        handler.cdataBlock = handler.characters
        handler.reference = { context, name in
            guard let context, let name else { return }
            TMXUnitBuilder.builder(context) { $0.reference(name) }
        }
        handler.serror = { context, error in
            guard let context, let error else { return }
            TMXUnitBuilder.builder(context) { $0.record(error) }
        }
        return handler
    }
}

/// TMX element names, interned in the parser's dictionary so a start tag is recognised by comparing
/// pointers, not bytes.
struct InternedNames {
    enum Element: UInt8 {
        case tmx, header, body, tu, tuv, seg, prop, note, ude, map, bpt, ept, it, ph, hi, ut, sub, other

        var inlineKind: TMXInlineKind? {
            switch self {
            case .bpt: .bpt
            case .ept: .ept
            case .it: .it
            case .ph: .ph
            case .hi: .hi
            case .ut: .ut
            case .sub: .sub
            default: nil
            }
        }
    }

    private var table = PointerTable()

    init() {}

    init(dictionary: xmlDictPtr?) {
        guard let dictionary else { return }
        let entries: [(String, Element)] = [
            ("tuv", .tuv), ("seg", .seg), ("tu", .tu), ("prop", .prop), ("note", .note), ("bpt", .bpt),
            ("ept", .ept), ("ph", .ph), ("it", .it), ("hi", .hi), ("ut", .ut), ("sub", .sub), ("header", .header),
            ("body", .body), ("tmx", .tmx), ("ude", .ude), ("map", .map),
        ]
        for (name, element) in entries {
            if let pointer = xmlDictLookup(dictionary, name, -1) {
                table.insert(pointer, nil, value: Int(element.rawValue))
            }
        }
    }

    func deallocate() {
        table.deallocate()
    }

    @inline(__always)
    func element(_ localname: UnsafePointer<xmlChar>) -> Element {
        guard let value = table.value(localname, nil) else { return .other }
        return Element(rawValue: UInt8(value)) ?? .other
    }
}

/// What an open element is to the builder.
private enum Frame: UInt8 {
    case tmx, header, body, tu, tuv, seg, prop, note, inline, ude, map, skipped, transparent
}

/// A small open-addressing hash table from a pair of pointers (names interned by libxml2, so equal
/// names have equal pointers) to an integer. Plain memory, so lookups do no reference counting; the
/// owner calls `deallocate()`.
struct PointerTable {
    private struct Entry {
        var first: UnsafeRawPointer?
        var second: UnsafeRawPointer?
        var value: Int
    }

    private var entries: UnsafeMutableBufferPointer<Entry>
    private var count = 0

    init(capacity: Int = 64) {
        entries = .allocate(capacity: capacity)
        entries.initialize(repeating: Entry(first: nil, second: nil, value: 0))
    }

    func deallocate() {
        entries.deallocate()
    }

    @inline(__always)
    private func slot(_ first: UnsafeRawPointer, _ second: UnsafeRawPointer?) -> Int {
        let bits = UInt(bitPattern: first) &+ UInt(bitPattern: second) &* 31
        return Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> 40) & (entries.count - 1)
    }

    @inline(__always)
    func value(_ first: UnsafePointer<xmlChar>, _ second: UnsafePointer<xmlChar>?) -> Int? {
        let a = UnsafeRawPointer(first)
        let b = second.map(UnsafeRawPointer.init)
        var index = slot(a, b)
        while let key = entries[index].first {
            if key == a && entries[index].second == b { return entries[index].value }
            index = (index + 1) & (entries.count - 1)
        }
        return nil
    }

    mutating func insert(_ first: UnsafePointer<xmlChar>, _ second: UnsafePointer<xmlChar>?, value: Int) {
        if (count + 1) * 2 > entries.count { grow() }
        let a = UnsafeRawPointer(first)
        let b = second.map(UnsafeRawPointer.init)
        var index = slot(a, b)
        while entries[index].first != nil { index = (index + 1) & (entries.count - 1) }
        entries[index] = Entry(first: a, second: b, value: value)
        count += 1
    }

    private mutating func grow() {
        let old = entries
        entries = .allocate(capacity: old.count * 2)
        entries.initialize(repeating: Entry(first: nil, second: nil, value: 0))
        count = 0
        for entry in old {
            guard let first = entry.first else { continue }
            insert(
                first.assumingMemoryBound(to: xmlChar.self), entry.second?.assumingMemoryBound(to: xmlChar.self),
                value: entry.value)
        }
        old.deallocate()
    }
}

/// Strings of up to 15 UTF-8 bytes, which Swift keeps inline without allocating, remembered by their
/// bytes: attribute values and short texts repeat (`xml:lang`, `type`, prop values), and a lookup costs
/// less than validating and building the String again. Direct-mapped; the owner calls `deallocate()`.
struct ShortStringCache {
    static let longest = 15
    private static let slots = 256

    private struct Entry {
        var key: (UInt64, UInt64)
        var string: String
    }

    private let entries: UnsafeMutablePointer<Entry>

    init() {
        entries = .allocate(capacity: Self.slots)
        // An all-zero key is the empty string's: the empty slots are right for it.
        entries.initialize(repeating: Entry(key: (0, 0), string: ""), count: Self.slots)
    }

    func deallocate() {
        entries.deinitialize(count: Self.slots)
        entries.deallocate()
    }

    /// Up to 15 bytes and their count as two words. Read with two overlapping loads (first and last
    /// 8 or 4 bytes) rather than copied byte by byte into the key, which would stall the loads after it.
    @inline(__always)
    private static func key(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        let count = bytes.count
        let length = UInt64(count) << 56
        guard let start = UnsafeRawPointer(bytes.baseAddress), count > 0 else { return (0, length) }
        if count >= 8 {
            return (
                start.loadUnaligned(as: UInt64.self),
                start.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) >> 8 | length
            )
        }
        if count >= 4 {
            let head = UInt64(start.loadUnaligned(as: UInt32.self))
            let tail = UInt64(start.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            return (head | tail << 32, length)
        }
        var word: UInt64 = 0
        for index in 0..<count { word |= UInt64(bytes[index]) << (index * 8) }
        return (word, length)
    }

    /// The String `make` gives for `bytes` (the same each time for the same bytes), remembered; nil
    /// when the bytes are too long to be kept here.
    @inline(__always)
    func string(_ bytes: UnsafeBufferPointer<UInt8>, _ make: (UnsafeBufferPointer<UInt8>) -> String) -> String? {
        guard bytes.count <= Self.longest else { return nil }
        let key = Self.key(bytes)
        let slot = Int(truncatingIfNeeded: ((key.0 ^ key.1 &* 0x9E37_79B9_7F4A_7C15) &* 0xFF51_AFD7_ED55_8CCD) >> 56)
            & (Self.slots - 1)
        if entries[slot].key == key { return entries[slot].string }
        let string = make(bytes)
        entries[slot] = Entry(key: key, string: string)
        return string
    }
}
