import CLibXML2
import Foundation
import QantaraText

/// A streaming XML writer over libxml2's `xmlTextWriter`, writing UTF-8 to a temporary file that
/// `finish()` renames into place: a failed or abandoned write leaves the destination untouched.
///
/// Indentation is the caller's business (`whitespace(_:)`), so mixed content such as a TMX `<seg>`
/// is written exactly as given.
public final class XMLWriter {
    public let destination: String
    private let temporaryPath: String
    private var writer: xmlTextWriterPtr?
    private var finished = false
    /// Characters of text and attribute values written so far that XML 1.0 cannot carry, even as references
    /// (C0 controls other than tab, line feed and carriage return; U+FFFE, U+FFFF): each became U+FFFD.
    /// libxml2 escapes markup but passes them through, which would leave a file no parser reads.
    public private(set) var replacedCharacters = 0

    /// Opens a writer whose output becomes `destination` when `finish()` succeeds.
    public init(destination: String) throws {
        self.destination = destination
        self.temporaryPath = AtomicFile.temporaryPath(for: destination)
        guard let writer = xmlNewTextWriterFilename(temporaryPath, 0) else {
            throw XMLError(file: destination, line: 0, message: "cannot create the file")
        }
        self.writer = writer
    }

    deinit {
        if let writer { xmlFreeTextWriter(writer) }
        if !finished { unlink(temporaryPath) }
    }

    /// Writes the XML declaration (`version="1.0" encoding="UTF-8"`).
    public func startDocument() throws {
        try check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil), "start the document")
    }

    /// Writes `<!DOCTYPE name SYSTEM "systemID">`.
    public func doctype(_ name: String, systemID: String) throws {
        try check(xmlTextWriterWriteDTD(writer, name, nil, systemID, nil), "write the DOCTYPE")
    }

    public func startElement(_ name: String) throws {
        try check(xmlTextWriterStartElement(writer, name), "start <\(name)>")
    }

    public func attribute(_ name: String, _ value: String) throws {
        try check(xmlTextWriterWriteAttribute(writer, name, carried(value)), "write attribute \(name)")
    }

    /// Character data, escaped.
    public func text(_ text: String) throws {
        try check(xmlTextWriterWriteString(writer, carried(text)), "write text")
    }

    /// `text` with every character XML cannot carry replaced by U+FFFD, counted in `replacedCharacters`.
    private func carried(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !XMLCharacters.allowed($0) }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if XMLCharacters.allowed(scalar) {
                scalars.append(scalar)
            } else {
                scalars.append("\u{FFFD}")
                replacedCharacters += 1
            }
        }
        return String(scalars)
    }

    /// White space between elements, for readable output.
    public func whitespace(_ text: String) throws {
        try check(xmlTextWriterWriteRaw(writer, text), "write white space")
    }

    /// Bytes that are already XML (escaped by the caller), written as they are; closes an open start tag
    /// first. For callers that serialize a large fragment faster than one call per node allows.
    public func raw(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        try check(xmlTextWriterWriteRawLen(writer, base, Int32(bytes.count)), "write")
    }

    public func endElement() throws {
        try check(xmlTextWriterEndElement(writer), "end an element")
    }

    /// `<name>text</name>` in one call.
    public func element(_ name: String, attributes: [(String, String)] = [], text: String) throws {
        try startElement(name)
        for (key, value) in attributes { try attribute(key, value) }
        try self.text(text)
        try endElement()
    }

    /// Closes every open element, flushes, and renames the temporary file to the destination.
    public func finish() throws {
        try check(xmlTextWriterEndDocument(writer), "end the document")
        xmlFreeTextWriter(writer)
        writer = nil
        guard rename(temporaryPath, destination) == 0 else {
            throw XMLError(file: destination, line: 0, message: "cannot move the finished file into place")
        }
        finished = true
    }

    private func check(_ result: Int32, _ what: String) throws {
        if result < 0 { throw XMLError(file: destination, line: 0, message: "cannot \(what) (disk full or closed file?)") }
    }
}
