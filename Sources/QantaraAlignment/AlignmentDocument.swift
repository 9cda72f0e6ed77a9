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

    /// Reads a file (UTF-8 with or without BOM, UTF-16 with a BOM, or the single-byte `encoding` named;
    /// LF, CRLF or CR line ends). Undecodable bytes are an error naming the byte offset.
    public static func readText(path: String, encoding: TextEncoding = .utf8) throws -> String {
        do {
            return try TextDecoder.read(path: path, encoding: encoding)
        } catch let error as TextDecodingError {
            throw AlignmentError(file: path, message: error.message)
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
        var text = text
        // Per line with text: its bytes and scalars without the blanks around them, and its paragraph.
        var lines: [(bytes: Range<Int>, scalars: Range<Int>, paragraph: Int)] = []
        // Read as UTF-8 bytes, counting scalars for the offsets: an array of the text's scalars and a
        // string built scalar by scalar per line cost more than the alignment of short documents.
        text.withUTF8 { bytes in
            var paragraph = 0
            // The current line's first and last non-blank scalars, as (byte, scalar) offsets.
            var first: (byte: Int, scalar: Int)?
            var end = (byte: 0, scalar: 0)
            func endLine() {
                if let start = first {
                    lines.append((start.byte..<end.byte, start.scalar..<end.scalar, paragraph))
                } else if let previous = lines.last, previous.paragraph == paragraph {
                    paragraph += 1
                }
                first = nil
            }
            var index = 0
            var scalar = 0
            var previous: UInt32 = 0
            while index < bytes.count {
                let start = index
                // ASCII printables and the Arabic block (but its letter mark U+061C), nearly every scalar,
                // are told from their lead byte without decoding or the general tests.
                let lead = bytes[index]
                let width = lead > 0x20 && lead < 0x7F ? 1 : lead >= 0xD8 && lead <= 0xDB && !(lead == 0xD8 && bytes[index + 1] == 0x9C) ? 2 : 0
                if width > 0 {
                    index += width
                    if first == nil { first = (start, scalar) }
                    scalar += 1
                    end = (index, scalar)
                    previous = 0
                    continue
                }
                let value = UTF8Scalar.decode(bytes, at: &index)
                defer {
                    previous = value
                    scalar += 1
                }
                if UnicodeSpaces.isLineBreak(value) {
                    // CRLF is one line end.
                    if !(value == 0x0A && previous == 0x0D) { endLine() }
                } else if !(UnicodeSpaces.isSpace(value) || UnicodeSpaces.isFormatControl(value)) {
                    if first == nil { first = (start, scalar) }
                    end = (index, scalar + 1)
                }
            }
            endLine()
        }
        // Cut from the text, which is valid UTF-8 already (a string made from the bytes validated each line
        // again), through its scalars: a line may start with a combining mark, where characters do not begin.
        let utf8 = text.utf8
        let sentences = lines.map { line in
            let start = utf8.index(utf8.startIndex, offsetBy: line.bytes.lowerBound)
            let end = utf8.index(start, offsetBy: line.bytes.count)
            return AlignmentSentence(text: String(text.unicodeScalars[start..<end]), paragraph: line.paragraph)
        }
        return AlignmentDocument(path: path, text: text, sentences: sentences, ranges: lines.map(\.scalars))
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
