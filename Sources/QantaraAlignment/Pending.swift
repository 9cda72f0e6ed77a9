import QantaraTMX

// Placeholders until the segmentation and TMX writer modules land on main (replaced at the merge).
extension AlignmentDocument {
    static func segmented(path: String, text: String, language: String) throws -> AlignmentDocument {
        throw AlignmentError(file: path, message: "segmentation is not available yet: use --presegmented")
    }
}

enum AlignmentTMX {
    static func write(_ units: [TMXUnit], sourceLanguage: String, creationDate: String?, to path: String?) throws {
        throw AlignmentError(file: path ?? "-", message: "TMX output is not available yet")
    }
}
