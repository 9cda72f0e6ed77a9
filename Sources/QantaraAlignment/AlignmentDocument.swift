import Foundation
import QantaraSegmentation
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

    /// Running text cut into sentences by `segmenter`; paragraphs are its blank-line separated blocks, and
    /// each sentence knows its line (unless the segmenter joins lines).
    public static func segmented(path: String, text: String, segmenter: Segmenter) -> AlignmentDocument {
        let segments = segmenter.segment(text)
        return AlignmentDocument(
            path: path, text: text,
            sentences: segments.map {
                AlignmentSentence(text: $0.text, paragraph: $0.paragraph, line: segmenter.joinLines ? nil : $0.line)
            },
            ranges: segments.map(\.range))
    }

    /// A presegmented text: one segment per line, blank lines between paragraphs.
    public static func presegmented(path: String, text: String) -> AlignmentDocument {
        let scalars = Array(text.unicodeScalars)
        var sentences: [AlignmentSentence] = []
        var ranges: [Range<Int>] = []
        var paragraph = 0
        var lineStart = 0
        var index = 0
        func isBlank(_ scalar: Unicode.Scalar) -> Bool {
            UnicodeSpaces.isSpace(scalar.value) || UnicodeSpaces.isFormatControl(scalar.value)
        }
        func endLine(at end: Int) {
            var first = lineStart
            var last = end
            while first < last, isBlank(scalars[first]) { first += 1 }
            while last > first, isBlank(scalars[last - 1]) { last -= 1 }
            if first < last {
                sentences.append(AlignmentSentence(text: String(utf8Of: scalars[first..<last]), paragraph: paragraph))
                ranges.append(first..<last)
            } else if let previous = sentences.last, previous.paragraph == paragraph {
                paragraph += 1
            }
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if UnicodeSpaces.isLineBreak(scalar.value) {
                endLine(at: index)
                // CRLF is one line end.
                if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" { index += 1 }
                lineStart = index + 1
            }
            index += 1
        }
        endLine(at: scalars.count)
        return AlignmentDocument(path: path, text: text, sentences: sentences, ranges: ranges)
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
