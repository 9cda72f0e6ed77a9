import Foundation
import Testing
@testable import QantaraXML

@Suite("XMLDocumentReader")
struct XMLDocumentReaderTests {
    @Test func readsElementsAttributesAndText() throws {
        let xml = #"<?xml version="1.0"?><root a="1"><x xml:lang="ar">نص &amp; <b>bold</b></x></root>"#
        let root = try XMLDocumentReader.read(data: Data(xml.utf8), file: "t.xml")
        #expect(root.name == "root")
        #expect(root.attribute("a") == "1")
        let x = try #require(root.element(named: "x"))
        #expect(x.attribute("lang", prefix: "xml") == "ar")
        #expect(x.text == "نص & bold")
    }

    @Test func reportsFileAndLineOfMalformedXML() {
        let xml = "<root>\n<a>\n</root>"
        #expect {
            try XMLDocumentReader.read(data: Data(xml.utf8), file: "bad.xml")
        } throws: { error in
            guard let error = error as? XMLError else { return false }
            return error.file == "bad.xml" && error.line == 3
        }
    }

    @Test func neverExpandsExternalEntities() throws {
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <r>&xxe;</r>
            """
        let root = try XMLDocumentReader.read(data: Data(xml.utf8), file: "xxe.xml")
        #expect(!root.text.contains("root:"))
    }

    @Test func refusesAnEmptyFile() {
        #expect(throws: XMLError.self) { try XMLDocumentReader.read(data: Data(), file: "empty.xml") }
    }
}

@Suite("XMLWriter")
struct XMLWriterTests {
    @Test func writesAtomicallyAndEscapes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qx-\(UUID()).xml").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try XMLWriter(destination: path)
        try writer.startDocument()
        try writer.startElement("a")
        try writer.attribute("k", "x\"<")
        try writer.text("1 < 2 & ق")
        #expect(!FileManager.default.fileExists(atPath: path))
        try writer.finish()
        let root = try XMLDocumentReader.read(path: path)
        #expect(root.attribute("k") == "x\"<")
        #expect(root.text == "1 < 2 & ق")
    }
}
