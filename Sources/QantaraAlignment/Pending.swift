import QantaraTMX

// Placeholder until the segmentation module lands on main (replaced at the merge).
extension AlignmentDocument {
    static func segmented(path: String, text: String, language: String) throws -> AlignmentDocument {
        throw AlignmentError(file: path, message: "segmentation is not available yet: use --presegmented")
    }
}
