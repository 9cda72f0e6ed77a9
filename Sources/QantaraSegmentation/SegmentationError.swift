/// A problem with segmentation rules or input, naming the file, line and rule when there is one.
public struct SegmentationError: Error, CustomStringConvertible, Sendable, Hashable {
    public let file: String
    /// 1-based line in `file`, or 0 when unknown.
    public let line: Int
    /// The rule concerned (`languagerule "Arabic", rule 3`), if any.
    public let rule: String?
    public let message: String

    public init(file: String, line: Int, rule: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.rule = rule
        self.message = message
    }

    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        return rule.map { "\(place): \($0): \(message)" } ?? "\(place): \(message)"
    }
}
