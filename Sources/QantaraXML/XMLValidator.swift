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
        return validate(path: path, dtdName: dtdName) {
            bytes.withUnsafeBufferPointer { buffer in
                let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
                guard let input = xmlParserInputBufferCreateMem(base, Int32(buffer.count), XML_CHAR_ENCODING_UTF8)
                else { return nil }
                // xmlIOParseDTD takes ownership of `input`.
                return xmlIOParseDTD(nil, input, XML_CHAR_ENCODING_UTF8)
            }
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
