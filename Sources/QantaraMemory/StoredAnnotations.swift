import Foundation
import QantaraTMX

/// Props and notes as the SQLite store keeps them: a JSON array, NULL when there are none.
enum StoredAnnotations {
    /// One encoder per import: making one costs more than encoding a unit's few props.
    static func encode(_ annotations: [TMXAnnotation], with encoder: JSONEncoder = JSONEncoder()) -> String? {
        guard !annotations.isEmpty, let data = try? encoder.encode(annotations) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ json: String?) -> [TMXAnnotation] {
        guard let json, let annotations = try? JSONDecoder().decode([TMXAnnotation].self, from: Data(json.utf8)) else {
            return []
        }
        return annotations
    }

    /// `existing` followed by the annotations of `incoming` it does not already hold.
    static func union(_ existing: [TMXAnnotation], _ incoming: [TMXAnnotation]) -> [TMXAnnotation] {
        var result = existing
        for annotation in incoming where !result.contains(annotation) { result.append(annotation) }
        return result
    }
}

/// The segments of a unit that has inline codes, as the SQLite store keeps them: `{"source": runs, "target": runs}`
/// (see `TMXSegmentContent`'s JSON), NULL when both are plain text.
enum StoredSegments {
    private struct Pair: Codable {
        var source: TMXSegmentContent?
        var target: TMXSegmentContent?
    }

    static func encode(source: TMXSegmentContent?, target: TMXSegmentContent?, with encoder: JSONEncoder) -> String? {
        guard source != nil || target != nil, let data = try? encoder.encode(Pair(source: source, target: target)) else {
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode(_ json: String?) -> (source: TMXSegmentContent?, target: TMXSegmentContent?) {
        guard let json, let pair = try? JSONDecoder().decode(Pair.self, from: Data(json.utf8)) else { return (nil, nil) }
        return (pair.source, pair.target)
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
