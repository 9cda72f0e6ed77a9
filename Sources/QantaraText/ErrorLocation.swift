/// How every Qantara error names where a problem is: `file:line: message`, or `file: message` when no line applies.
public enum ErrorLocation {
    /// - Parameter line: 1-based; nil or 0 when unknown.
    public static func describe(file: String, line: Int?, message: String) -> String {
        if let line, line > 0 { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
