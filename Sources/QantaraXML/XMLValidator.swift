import CLibXML2
import Foundation

/// Validates documents against a DTD or a RELAX NG schema without touching the network:
/// the schema is read from a local path, and the document's own DOCTYPE is never followed.
public enum XMLValidator {
    /// Problems found validating the file at `path` against the DTD at `dtdPath`; empty when valid.
    /// Well-formedness errors are reported the same way.
    public static func validate(path: String, dtdPath: String) -> [XMLError] {
        validate(path: path, dtdName: dtdPath) { xmlParseDTD(nil, dtdPath) }
    }

    /// Problems found validating the file at `path` against the RELAX NG schema at `schemaPath`.
    public static func validate(path: String, relaxNGPath schemaPath: String) -> [XMLError] {
        let collector = XMLErrorCollector(file: path)
        return collector.run {
            guard let parser = xmlRelaxNGNewParserCtxt(schemaPath) else {
                return [XMLError(file: schemaPath, line: 0, message: "cannot read the schema")]
            }
            defer { xmlRelaxNGFreeParserCtxt(parser) }
            guard let schema = xmlRelaxNGParse(parser) else {
                return [XMLError(file: schemaPath, line: 0, message: "cannot compile the schema")]
            }
            defer { xmlRelaxNGFree(schema) }
            return withDocument(path, collector, invalid: "not valid against the schema") { document in
                guard let context = xmlRelaxNGNewValidCtxt(schema) else { return true }
                defer { xmlRelaxNGFreeValidCtxt(context) }
                xmlRelaxNGSetValidStructuredErrors(context, xmlCollectStructuredError, collector.callbackContext)
                return xmlRelaxNGValidateDoc(context, document) == 0
            }
        }
    }
}

extension XMLValidator {
    /// Problems found validating the file at `path` against a DTD given as text (a DTD embedded in
    /// the program, so validation never depends on a file or the network).
    public static func validate(path: String, dtdText: String, dtdName: String = "DTD") -> [XMLError] {
        let bytes = Array(dtdText.utf8)
        return validate(path: path, dtdName: dtdName) { parseDTD(bytes) }
    }

    /// A DTD from its UTF-8 text.
    fileprivate static func parseDTD(_ bytes: [UInt8]) -> xmlDtdPtr? {
        bytes.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            guard let input = xmlParserInputBufferCreateMem(base, Int32(buffer.count), XML_CHAR_ENCODING_UTF8)
            else { return nil }
            // xmlIOParseDTD takes ownership of `input`.
            return xmlIOParseDTD(nil, input, XML_CHAR_ENCODING_UTF8)
        }
    }

    private static func validate(path: String, dtdName: String, loadDTD: () -> xmlDtdPtr?) -> [XMLError] {
        let collector = XMLErrorCollector(file: path)
        return collector.run {
            guard let dtd = loadDTD() else {
                return [XMLError(file: dtdName, line: 0, message: "cannot read the DTD")]
            }
            defer { xmlFreeDtd(dtd) }
            return withDocument(path, collector, invalid: "not valid against the DTD") { document in
                guard let context = xmlNewValidCtxt() else { return true }
                defer { xmlFreeValidCtxt(context) }
                return xmlValidateDtd(context, document, dtd) == 1
            }
        }
    }

    /// Reads the document at `path` securely and runs `isValid` on it; the collected errors (or a
    /// generic one) when it is not well-formed or not valid, none otherwise.
    private static func withDocument(
        _ path: String, _ collector: XMLErrorCollector, invalid: String, _ isValid: (xmlDocPtr) -> Bool
    ) -> [XMLError] {
        guard let document = xmlReadFile(path, nil, XMLDocumentReader.secureOptions) else {
            return collector.errors.isEmpty
                ? [XMLError(file: path, line: 0, message: "not well-formed XML")] : collector.errors
        }
        defer { xmlFreeDoc(document) }
        if isValid(document) { return [] }
        return collector.errors.isEmpty ? [XMLError(file: path, line: 0, message: invalid)] : collector.errors
    }
}

extension XMLValidator {
    /// Problems found validating the file at `path` against a DTD given as text, while reading it: the parser
    /// checks each element against the DTD when it ends, and every finished `element` inside `container` (a
    /// TMX `tu` inside `body`) is freed at once, so memory stays bounded by one such element however large
    /// the file (loading a 400 MB TMX whole took gigabytes). The document's own DOCTYPE is never followed;
    /// its root must be `root`.
    public static func validateStreaming(
        path: String, dtdText: String, dtdName: String = "DTD", root: String, releasing element: String,
        inside container: String
    ) -> [XMLError] {
        let collector = XMLErrorCollector(file: path)
        return collector.run {
            var state = StreamingValidation(dtdText: Array(dtdText.utf8), root: root, element: element, container: container)
            guard state.parseDTD().map({ xmlFreeDtd($0) }) != nil else {
                return [XMLError(file: dtdName, line: 0, message: "cannot read the DTD")]
            }
            guard let context = xmlCreateFileParserCtxt(path) else {
                return collector.errors.isEmpty ? [XMLError(file: path, line: 0, message: "cannot read the file")] : collector.errors
            }
            defer {
                if let document = context.pointee.myDoc { xmlFreeDoc(document) }
                xmlFreeParserCtxt(context)
            }
            // Options first: they rewrite some handlers, which are then replaced one by one.
            xmlCtxtUseOptions(context, XMLDocumentReader.secureOptions | Int32(XML_PARSE_DTDVALID.rawValue))
            let handler = context.pointee.sax!
            handler.pointee.startDocument = StreamingValidation.startDocument
            handler.pointee.internalSubset = { _, _, _, _ in }
            handler.pointee.externalSubset = { _, _, _, _ in }
            handler.pointee.endElementNs = StreamingValidation.endElement
            let valid = withUnsafeMutablePointer(to: &state) { pointer in
                context.pointee._private = UnsafeMutableRawPointer(pointer)
                defer { context.pointee._private = nil }
                return xmlParseDocument(context) == 0 && context.pointee.wellFormed != 0 && context.pointee.valid != 0
            }
            if valid { return [] }
            return collector.errors.isEmpty ? [XMLError(file: path, line: 0, message: "not valid against the DTD")] : collector.errors
        }
    }
}

/// What the SAX callbacks of `validateStreaming` need, reached through the parser context's `_private`.
private struct StreamingValidation {
    let dtdText: [UInt8]
    let root: [CChar]
    let element: [CChar]
    let container: [CChar]

    init(dtdText: [UInt8], root: String, element: String, container: String) {
        self.dtdText = dtdText
        self.root = Array(root.utf8CString)
        self.element = Array(element.utf8CString)
        self.container = Array(container.utf8CString)
    }

    func parseDTD() -> xmlDtdPtr? {
        XMLValidator.parseDTD(dtdText)
    }

    private static func state(_ context: UnsafeMutableRawPointer) -> UnsafeMutablePointer<StreamingValidation> {
        context.assumingMemoryBound(to: xmlParserCtxt.self).pointee._private.assumingMemoryBound(to: StreamingValidation.self)
    }

    /// The default start, then the DTD attached to the new document: an internal subset named after the
    /// expected root (the parser validates only documents that have one) and the DTD as external subset.
    static let startDocument: startDocumentSAXFunc = { context in
        guard let context else { return }
        xmlSAX2StartDocument(context)
        let state = state(context)
        guard let document = context.assumingMemoryBound(to: xmlParserCtxt.self).pointee.myDoc else { return }
        _ = state.pointee.root.withUnsafeBufferPointer { name in
            name.baseAddress!.withMemoryRebound(to: xmlChar.self, capacity: name.count) {
                xmlCreateIntSubset(document, $0, nil, nil)
            }
        }
        if let dtd = state.pointee.parseDTD() {
            document.pointee.extSubset = dtd
            dtd.pointee.doc = document
        }
    }

    /// The default end (which validates the element), then a finished `element` inside `container` is freed
    /// with the blank text before it.
    static let endElement: endElementNsSAX2Func = { context, localName, prefix, uri in
        guard let context else { return }
        let ended = context.assumingMemoryBound(to: xmlParserCtxt.self).pointee.node
        xmlSAX2EndElementNs(context, localName, prefix, uri)
        let state = state(context)
        guard let ended, let parent = ended.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE,
            matches(ended.pointee.name, state.pointee.element), matches(parent.pointee.name, state.pointee.container)
        else { return }
        if let before = ended.pointee.prev, before.pointee.type == XML_TEXT_NODE, xmlIsBlankNode(before) != 0 {
            xmlUnlinkNode(before)
            xmlFreeNode(before)
        }
        xmlUnlinkNode(ended)
        xmlFreeNode(ended)
    }

    private static func matches(_ name: UnsafePointer<xmlChar>?, _ expected: [CChar]) -> Bool {
        guard let name else { return false }
        return expected.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: xmlChar.self, capacity: buffer.count) { xmlStrEqual(name, $0) != 0 }
        }
    }
}
