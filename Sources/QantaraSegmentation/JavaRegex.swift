/// Rewrites the Java regex constructs that ICU does not accept as written in SRX files.
///
/// ICU already matches Java for almost everything SRX authors use (`\p{Lu}`, possessive and reluctant
/// quantifiers, `\Q…\E`, class intersection `&&`, `\h`, `\v`). What remains:
/// - `(?U)` (Java's UNICODE_CHARACTER_CLASS flag, written by LanguageTool): ICU classes are Unicode
///   already, so the flag is dropped.
/// - Lookbehind must have a bounded length in ICU, and exception rules are evaluated as lookbehind at a
///   candidate break, so their unbounded quantifiers are capped (`*` → `{0,100}`), as the reference Java
///   engine (loomchild segment) does.
enum JavaRegex {
    /// Longest text a capped quantifier may match inside a lookbehind.
    static let lookbehindLimit = 100

    static func translate(_ pattern: String) -> String {
        var result = ""
        var scalars = Array(pattern.unicodeScalars)[...]
        while let first = scalars.first {
            if first == "\\", scalars.count > 1 {
                result.unicodeScalars.append(first)
                result.unicodeScalars.append(scalars[scalars.startIndex + 1])
                scalars = scalars.dropFirst(2)
            } else if scalars.starts(with: "(?U)".unicodeScalars) {
                scalars = scalars.dropFirst(4)
            } else {
                result.unicodeScalars.append(first)
                scalars = scalars.dropFirst()
            }
        }
        return result
    }

    /// `pattern` with `*`, `+` and `{n,}` capped at `lookbehindLimit`, outside character classes and
    /// `\Q…\E` quotes; possessive/reluctant suffixes are kept.
    static func finitize(_ pattern: String) -> String {
        let scalars = Array(pattern.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        var classDepth = 0
        var quoted = false
        // A `+` or `?` right after a quantifier makes it possessive or reluctant: not a quantifier itself.
        var afterQuantifier = false
        func append(_ text: String) { result.append(contentsOf: text.unicodeScalars) }
        while index < scalars.count {
            let scalar = scalars[index]
            if quoted {
                if scalar == "\\", index + 1 < scalars.count, scalars[index + 1] == "E" {
                    quoted = false
                    append("\\E")
                    index += 2
                } else {
                    result.append(scalar)
                    index += 1
                }
                continue
            }
            if scalar == "\\", index + 1 < scalars.count {
                let escaped = scalars[index + 1]
                if escaped == "Q" { quoted = true }
                result.append(scalar)
                result.append(escaped)
                index += 2
                // `\p{L}`, `\x{41}`, `\N{…}`: copy the braces whole.
                if "pPxN".unicodeScalars.contains(escaped), index < scalars.count, scalars[index] == "{",
                    let close = scalars[index...].firstIndex(of: "}")
                {
                    result.append(contentsOf: scalars[index...close])
                    index = close + 1
                }
                afterQuantifier = false
                continue
            }
            if classDepth > 0 {
                if scalar == "[" { classDepth += 1 } else if scalar == "]" { classDepth -= 1 }
                result.append(scalar)
                index += 1
                continue
            }
            var isQuantifier = false
            switch scalar {
            case "[":
                classDepth = 1
                result.append(scalar)
                // A `]` right after the opening bracket (or `[^`) is a literal.
                if index + 1 < scalars.count, scalars[index + 1] == "^" {
                    result.append("^")
                    index += 1
                }
                if index + 1 < scalars.count, scalars[index + 1] == "]" {
                    result.append("]")
                    index += 1
                }
            case "*":
                append("{0,\(lookbehindLimit)}")
                isQuantifier = true
            case "+" where !afterQuantifier:
                append("{1,\(lookbehindLimit)}")
                isQuantifier = true
            case "?" where !afterQuantifier && index > 0 && scalars[index - 1] != "(":
                result.append(scalar)
                isQuantifier = true
            case "{":
                if let close = scalars[index...].firstIndex(of: "}"),
                    let (low, open) = openRange(String(String.UnicodeScalarView(scalars[(index + 1)..<close])))
                {
                    append(open ? "{\(low),\(max(low, lookbehindLimit))}" : String(String.UnicodeScalarView(scalars[index...close])))
                    index = close
                    isQuantifier = true
                } else {
                    result.append(scalar)
                }
            default:
                result.append(scalar)
            }
            afterQuantifier = isQuantifier
            index += 1
        }
        return String(result)
    }

    /// `n,` → (n, true); `n` or `n,m` → (n, false); anything else nil.
    private static func openRange(_ body: String) -> (Int, Bool)? {
        let trimmed = body.filter { $0 != " " }
        let parts = trimmed.split(separator: ",", omittingEmptySubsequences: false)
        guard let low = Int(parts.first ?? "") else { return nil }
        if parts.count == 2 && parts[1].isEmpty { return (low, true) }
        return (low, false)
    }
}

extension JavaRegex {
    /// Compiles an SRX regular expression. Java tolerates some unbounded lookbehind (`(?<=[XVI]+)`)
    /// that ICU refuses; such a pattern is compiled again with its quantifiers capped.
    static func compile(_ pattern: String) throws(ICUPatternError) -> ICUPattern {
        let translated = translate(pattern)
        do {
            return try ICUPattern(translated)
        } catch where error.message.hasPrefix("U_REGEX_LOOK_BEHIND_LIMIT") {
            return try ICUPattern(finitize(translated))
        }
    }

    /// The exception (`break="no"`) rule as one zero-width test at a candidate position. The lookahead
    /// comes first: it is cheaper than the lookbehind (tried from each possible start) and often fails.
    static func exceptionAlternative(before: String, after: String) -> String {
        var alternative = "(?:"
        if !after.isEmpty { alternative += "(?=\(finitize(translate(after))))" }
        if !before.isEmpty { alternative += "(?<=\(finitize(translate(before))))" }
        return alternative + ")"
    }
}
