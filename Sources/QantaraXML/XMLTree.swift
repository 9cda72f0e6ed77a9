import CLibXML2
import Foundation

/// An attribute as written in the file.
public struct XMLAttribute: Sendable, Hashable {
    /// Local name (`lang` for `xml:lang`).
    public var name: String
    /// Namespace prefix as written (`xml` for `xml:lang`), or nil.
    public var prefix: String?
    /// Namespace URI, or nil.
    public var namespace: String?
    public var value: String

    public init(name: String, prefix: String? = nil, namespace: String? = nil, value: String) {
        self.name = name
        self.prefix = prefix
        self.namespace = namespace
        self.value = value
    }

    /// `prefix:name`, or `name`.
    public var qualifiedName: String { prefix.map { "\($0):\(name)" } ?? name }
}

/// A node of a small, immutable document tree: element or text.
public enum XMLNode: Sendable, Hashable {
    case element(XMLElement)
    case text(String)
}

/// An element of a document read whole with `XMLDocumentReader` (configuration files: SRX, TBX).
/// Large files (TMX) are streamed instead.
public struct XMLElement: Sendable, Hashable {
    public var name: String
    public var prefix: String?
    public var namespace: String?
    public var attributes: [XMLAttribute]
    public var children: [XMLNode]
    /// 1-based line of the start tag.
    public var line: Int

    public init(
        name: String, prefix: String? = nil, namespace: String? = nil, attributes: [XMLAttribute] = [],
        children: [XMLNode] = [], line: Int = 0
    ) {
        self.name = name
        self.prefix = prefix
        self.namespace = namespace
        self.attributes = attributes
        self.children = children
        self.line = line
    }

    /// The value of the attribute with this local name (and prefix, if given).
    public func attribute(_ name: String, prefix: String? = nil) -> String? {
        attributes.first { $0.name == name && (prefix == nil || $0.prefix == prefix) }?.value
    }

    /// Child elements, optionally only those with a local name.
    public func elements(named name: String? = nil) -> [XMLElement] {
        children.compactMap {
            if case .element(let element) = $0, name == nil || element.name == name { return element }
            return nil
        }
    }

    /// The first child element with this local name.
    public func element(named name: String) -> XMLElement? {
        for child in children {
            if case .element(let element) = child, element.name == name { return element }
        }
        return nil
    }

    /// All text below this element, in document order.
    public var text: String {
        var result = ""
        func collect(_ nodes: [XMLNode]) {
            for node in nodes {
                switch node {
                case .text(let text): result += text
                case .element(let element): collect(element.children)
                }
            }
        }
        collect(children)
        return result
    }
}

/// Reads a whole XML document into an `XMLElement` tree through libxml2, safely:
/// no network, no external entities or DTD loading, no entity expansion, libxml2's depth and size limits on.
public enum XMLDocumentReader {
    /// Parser options for untrusted input. `XML_PARSE_NOENT` stays off so entities are never expanded.
    public static let secureOptions: Int32 = Int32(
        XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue
    )

    /// Reads the file at `path`.
    public static func read(path: String) throws -> XMLElement {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw XMLError(file: path, line: 0, message: "cannot read the file")
        }
        return try read(data: data, file: path)
    }

    /// Parses `data`; `file` names it in errors.
    public static func read(data: Data, file: String) throws -> XMLElement {
        guard !data.isEmpty else { throw XMLError(file: file, line: 0, message: "the file is empty") }
        let collector = XMLErrorCollector(file: file)
        let document: xmlDocPtr? = collector.run {
            data.withUnsafeBytes { buffer -> xmlDocPtr? in
                let base = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
                return xmlReadMemory(base, Int32(buffer.count), file, nil, secureOptions)
            }
        }
        guard let document else {
            throw collector.errors.first ?? XMLError(file: file, line: 0, message: "not well-formed XML")
        }
        defer { xmlFreeDoc(document) }
        if let first = collector.errors.first { throw first }
        guard let root = xmlDocGetRootElement(document) else {
            throw XMLError(file: file, line: 0, message: "the document has no root element")
        }
        return convert(root)
    }

    private static func convert(_ node: xmlNodePtr) -> XMLElement {
        var element = XMLElement(
            name: string(node.pointee.name) ?? "",
            prefix: node.pointee.ns.flatMap { string($0.pointee.prefix) },
            namespace: node.pointee.ns.flatMap { string($0.pointee.href) },
            line: Int(xmlGetLineNo(node))
        )
        var attribute = node.pointee.properties
        while let current = attribute {
            let value = xmlNodeGetContent(UnsafeMutableRawPointer(current).assumingMemoryBound(to: xmlNode.self))
            element.attributes.append(
                XMLAttribute(
                    name: string(current.pointee.name) ?? "",
                    prefix: current.pointee.ns.flatMap { string($0.pointee.prefix) },
                    namespace: current.pointee.ns.flatMap { string($0.pointee.href) },
                    value: value.map { String(cString: $0) } ?? ""
                ))
            if let value { qx_free(value) }
            attribute = current.pointee.next
        }
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                element.children.append(.element(convert(current)))
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let text = string(current.pointee.content) { appendText(text, to: &element) }
            case XML_ENTITY_REF_NODE:
                // Unexpanded on purpose (no XML_PARSE_NOENT): keep the reference as written.
                appendText("&\(string(current.pointee.name) ?? "");", to: &element)
            default:
                break
            }
            child = current.pointee.next
        }
        return element
    }

    private static func appendText(_ text: String, to element: inout XMLElement) {
        if case .text(let previous) = element.children.last {
            element.children[element.children.count - 1] = .text(previous + text)
        } else {
            element.children.append(.text(text))
        }
    }

    private static func string(_ pointer: UnsafePointer<xmlChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }
}
