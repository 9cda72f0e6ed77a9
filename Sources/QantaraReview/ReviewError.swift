/// Everything that can go wrong in a review session, with the file (and line, where known) it concerns.
public struct ReviewError: Error, CustomStringConvertible, Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// The file cannot be read at all (missing, no permission).
        case unreadable
        /// The input (TMX or session file) cannot be used; nothing was written.
        case badInput
        /// The operation was based on an older revision of the session (another tab changed it).
        case conflict
        /// The operation names a pair that does not exist, or cannot apply to it.
        case invalidOperation
    }

    public let kind: Kind
    public let file: String
    public let line: Int
    public let message: String

    public init(_ kind: Kind, file: String, line: Int = 0, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
    }
}
