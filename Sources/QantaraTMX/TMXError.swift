import QantaraXML
import QantaraText

/// A problem in a TMX file: where it is (file and 1-based line) and a sentence a user understands.
///
/// Used both for errors that stop reading and for the warnings a tolerant read collects.
public struct TMXError: Error, CustomStringConvertible, Sendable, Hashable {
    public let file: String
    /// 1-based line, or 0 when unknown.
    public let line: Int
    public let message: String
    /// True when the file could not be opened or read at all (a missing file, a folder): not a problem
    /// of its content.
    public let isUnreadable: Bool

    public init(file: String, line: Int, message: String, isUnreadable: Bool = false) {
        self.file = file
        self.line = line
        self.message = message
        self.isUnreadable = isUnreadable
    }

    /// The same problem as reported by the XML layer.
    public init(_ error: XMLError) {
        self.init(file: error.file, line: error.line, message: error.message)
    }

    /// `file:line: message` (or `file: message` when the line is unknown).
    public var description: String {
        ErrorLocation.describe(file: file, line: line, message: message)
    }
}
