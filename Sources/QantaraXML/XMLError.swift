import CLibXML2
import QantaraText

/// A problem in an XML file, with where it is and a sentence a user understands.
public struct XMLError: Error, CustomStringConvertible, Sendable, Hashable {
    public let file: String
    /// 1-based line, or 0 when libxml2 could not say.
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        ErrorLocation.describe(file: file, line: line, message: message)
    }
}

/// Collects libxml2's structured errors while a closure runs.
///
/// libxml2 reports errors through a per-thread callback; this installs one for the duration of `run`
/// and restores silence afterwards, so nothing is printed on standard error behind the caller's back.
public final class XMLErrorCollector {
    public private(set) var errors: [XMLError] = []
    public private(set) var warnings: [XMLError] = []
    private let file: String
    /// Errors beyond this many are counted but not kept (a broken file can raise thousands).
    private let limit: Int

    public init(file: String, limit: Int = 200) {
        self.file = file
        self.limit = limit
    }

    func record(_ error: UnsafePointer<xmlError>) {
        let raw = error.pointee
        var message = raw.message.map { String(cString: $0) } ?? "unknown XML error"
        while message.hasSuffix("\n") || message.hasSuffix(" ") { message.removeLast() }
        let item = XMLError(file: file, line: Int(raw.line), message: XMLMessages.plain(message))
        if raw.level == XML_ERR_WARNING {
            if warnings.count < limit { warnings.append(item) }
        } else if errors.count < limit {
            errors.append(item)
        }
    }

    /// Runs `body` with this collector receiving libxml2's errors on the current thread.
    public func run<T>(_ body: () throws -> T) rethrows -> T {
        let context = Unmanaged.passUnretained(self).toOpaque()
        xmlSetStructuredErrorFunc(context, xmlCollectStructuredError)
        defer {
            xmlSetStructuredErrorFunc(nil, xmlIgnoreStructuredError)
        }
        return try withExtendedLifetime(self) { try body() }
    }

    /// The C callback's context for APIs that take a structured handler directly (RelaxNG, SAX).
    public var callbackContext: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
}

/// The structured-error callback that feeds an `XMLErrorCollector` passed as its context.
public let xmlCollectStructuredError: xmlStructuredErrorFunc = { context, error in
    guard let context, let error else { return }
    Unmanaged<XMLErrorCollector>.fromOpaque(context).takeUnretainedValue().record(error)
}

/// A structured-error callback that drops everything.
public let xmlIgnoreStructuredError: xmlStructuredErrorFunc = { _, _ in }

enum XMLMessages {
    /// libxml2's messages are terse; a few common ones get a plainer sentence.
    static func plain(_ message: String) -> String {
        if message.hasPrefix("Document is empty") { return "the file is empty (no XML element)" }
        if message.hasPrefix("Premature end of data") || message.hasPrefix("EndTag: '</' not found") {
            return "the file ends in the middle of the document (\(message))"
        }
        if message.hasPrefix("Start tag expected") { return "this is not XML: no start tag found" }
        if message.contains("Excessive depth") { return "elements are nested too deeply (\(message))" }
        return message
    }
}
