import QantaraText
/// Why a memory operation failed: the file (memory or TMX) and, when known, the line, with a sentence a user
/// understands.
public struct MemoryError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        ErrorLocation.describe(file: file, line: line, message: message)
    }
}
