import QantaraText

/// Where sentences end inside one side of a pair, for moving a sentence across a pair boundary.
///
/// The pair's text was segmented before alignment, but TMX keeps no sentence boundaries inside a unit,
/// so they are found again here: after `.` `!` `?` `؟` `…` `۔` (and closing quotes or brackets that
/// follow them) when white space and then a letter, digit or opening quote come next. Abbreviations may
/// cut a sentence short; the reviewer sees the result and can undo.
enum SentenceBoundaries {
    /// Scalar offsets where a sentence after the first starts (white space before it excluded).
    static func starts(in text: String) -> [Int] {
        let scalars = Array(text.unicodeScalars)
        var result: [Int] = []
        var index = 0
        while index < scalars.count {
            guard isTerminal(scalars[index].value) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < scalars.count, isTerminal(scalars[end].value) || isCloser(scalars[end].value) { end += 1 }
            var next = end
            while next < scalars.count, UnicodeSpaces.isSpace(scalars[next].value)
                || UnicodeSpaces.isLineBreak(scalars[next].value)
            {
                next += 1
            }
            if next > end, next < scalars.count { result.append(next) }
            index = max(next, index + 1)
        }
        return result
    }

    /// The text cut at `offset` (scalars) into two parts, white space at the cut dropped.
    static func cut(_ text: String, at offset: Int) -> (String, String) {
        let scalars = Array(text.unicodeScalars)
        let point = min(max(offset, 0), scalars.count)
        return (trimmed(scalars[..<point]), trimmed(scalars[point...]))
    }

    /// Joins two texts with one space, or returns the non-empty one.
    static func join(_ first: String, _ second: String) -> String {
        if first.isEmpty { return second }
        if second.isEmpty { return first }
        return first + " " + second
    }

    /// The number of sentences in `text` (0 when empty).
    static func count(in text: String) -> Int {
        text.unicodeScalars.contains { !UnicodeSpaces.isSpace($0.value) && !UnicodeSpaces.isLineBreak($0.value) }
            ? starts(in: text).count + 1 : 0
    }

    private static func trimmed(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var slice = scalars
        while let first = slice.first, UnicodeSpaces.isSpace(first.value) || UnicodeSpaces.isLineBreak(first.value) {
            slice = slice.dropFirst()
        }
        while let last = slice.last, UnicodeSpaces.isSpace(last.value) || UnicodeSpaces.isLineBreak(last.value) {
            slice = slice.dropLast()
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: slice)
        return String(view)
    }

    private static func isTerminal(_ value: UInt32) -> Bool {
        value == 0x2E || value == 0x21 || value == 0x3F || value == 0x061F || value == 0x2026 || value == 0x06D4
    }

    private static func isCloser(_ value: UInt32) -> Bool {
        value == 0x22 || value == 0x27 || value == 0x29 || value == 0x5D || value == 0xBB || value == 0x201D
            || value == 0x2019
    }
}
