import Foundation
import QantaraTMX

/// Props and notes as the SQLite store keeps them: a JSON array, NULL when there are none.
enum StoredAnnotations {
    private struct Entry: Codable {
        var kind: String
        var type: String?
        var value: String
        var lang: String?
        var encoding: String?
    }

    /// One encoder per import: making one costs more than encoding a unit's few props.
    static func encode(_ annotations: [TMXAnnotation], with encoder: JSONEncoder = JSONEncoder()) -> String? {
        guard !annotations.isEmpty else { return nil }
        let entries = annotations.map { annotation -> Entry in
            switch annotation {
            case .property(let property):
                return Entry(
                    kind: "prop", type: property.type, value: property.value, lang: property.language,
                    encoding: property.originalEncoding)
            case .note(let note):
                return Entry(kind: "note", type: nil, value: note.text, lang: note.language, encoding: note.originalEncoding)
            }
        }
        guard let data = try? encoder.encode(entries) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ json: String?) -> [TMXAnnotation] {
        guard let json, let entries = try? JSONDecoder().decode([Entry].self, from: Data(json.utf8)) else { return [] }
        return entries.map { entry in
            if entry.kind == "note" {
                return .note(TMXNote(text: entry.value, language: entry.lang, originalEncoding: entry.encoding))
            }
            return .property(
                TMXProperty(type: entry.type ?? "", value: entry.value, language: entry.lang, originalEncoding: entry.encoding))
        }
    }

    /// `existing` followed by the annotations of `incoming` it does not already hold.
    static func union(_ existing: [TMXAnnotation], _ incoming: [TMXAnnotation]) -> [TMXAnnotation] {
        var result = existing
        for annotation in incoming where !result.contains(annotation) { result.append(annotation) }
        return result
    }
}

/// Posting lists and token sequences are stored as blobs of fixed-width integers in the machine's byte order
/// (little-endian on every platform Swift runs Qantara on), read back with one copy.
enum IntegerBlob {
    static func data<T: FixedWidthInteger>(_ values: [T]) -> Data {
        values.withUnsafeBufferPointer { Data(buffer: $0) }
    }

    static func array<T: FixedWidthInteger>(_ data: Data, as type: T.Type) -> [T] {
        let count = data.count / MemoryLayout<T>.stride
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            _ = data.copyBytes(to: buffer)
            initialized = count
        }
    }
}
