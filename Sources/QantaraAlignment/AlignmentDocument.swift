import Foundation
import QantaraText

/// One side of a document pair: the text as read, its sentences, and where each sentence stands in the
/// text (Unicode scalar offsets, as TMX props and JSON report them).
public struct AlignmentDocument: Sendable {
    public var path: String
    public var text: String
    public var sentences: [AlignmentSentence]
    public var ranges: [Range<Int>]

    public init(path: String, text: String, sentences: [AlignmentSentence], ranges: [Range<Int>]) {
        self.path = path
        self.text = text
        self.sentences = sentences
        self.ranges = ranges
    }

    /// Reads a file (UTF-8 with or without BOM, or UTF-16 with a BOM; LF, CRLF or CR line ends).
    /// Undecodable bytes are an error naming the byte offset.
    public static func readText(path: String) throws -> String {
        do {
            return try TextDecoder.read(path: path)
        } catch let error as TextDecodingError {
            throw AlignmentError(file: path, message: "byte \(error.byteOffset): not valid \(error.encoding.rawValue) text")
        } catch {
            throw AlignmentError(file: path, message: "cannot read the file (\(error.localizedDescription))")
        }
    }

    /// A presegmented text: one segment per line, blank lines between paragraphs.
    public static func presegmented(path: String, text: String) -> AlignmentDocument {
        var sentences: [AlignmentSentence] = []
        var ranges: [Range<Int>] = []
        var paragraph = 0
        var lineStart = 0
        var offset = 0
        var previousWasCR = false
        var line = String.UnicodeScalarView()
        func endLine() {
            let trimmed = trim(line, start: lineStart)
            if let (text, range) = trimmed {
                sentences.append(AlignmentSentence(text: text, paragraph: paragraph))
                ranges.append(range)
            } else if !sentences.isEmpty, sentences.last!.paragraph == paragraph {
                paragraph += 1
            }
            line = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            defer { offset += 1 }
            if scalar == "\n" && previousWasCR {
                previousWasCR = false
                lineStart = offset + 1
                continue
            }
            previousWasCR = scalar == "\r"
            if UnicodeSpaces.isLineBreak(scalar.value) {
                endLine()
                lineStart = offset + 1
            } else {
                line.append(scalar)
            }
        }
        endLine()
        return AlignmentDocument(path: path, text: text, sentences: sentences, ranges: ranges)
    }

    /// The line without surrounding white space and its scalar range, or nil for a blank line.
    private static func trim(_ line: String.UnicodeScalarView, start: Int) -> (String, Range<Int>)? {
        let scalars = Array(line)
        func isBlank(_ scalar: Unicode.Scalar) -> Bool {
            UnicodeSpaces.isSpace(scalar.value) || UnicodeSpaces.isFormatControl(scalar.value)
        }
        guard let first = scalars.firstIndex(where: { !isBlank($0) }), let last = scalars.lastIndex(where: { !isBlank($0) }) else {
            return nil
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first...last])
        return (String(view), (start + first)..<(start + last + 1))
    }

    /// Checks that the side can be aligned: it has sentences, and its letters are in the script its
    /// language is written in (an English file given as the Arabic side is caught here).
    /// - Parameter role: `"source"` or `"target"`, for the message.
    public func validate(language: String, role: String) throws {
        guard !sentences.isEmpty else {
            throw AlignmentError(file: path, message: "the \(role) text is empty: there is nothing to align")
        }
        guard let expected = Script.expected(forLanguage: language) else { return }
        let found = Script.dominant(in: text)
        if found != expected, found != .none {
            throw AlignmentError(
                file: path,
                message: "the \(role) is not \(Self.languageName(language)): its letters are mostly \(found.rawValue) script, "
                    + "expected \(expected.rawValue)")
        }
    }

    private static func languageName(_ tag: String) -> String {
        let primary = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? tag
        return Locale(identifier: "en").localizedString(forLanguageCode: primary) ?? tag
    }
}
