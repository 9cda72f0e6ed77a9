import Foundation
import QantaraTMX

extension ReviewSession {
    /// Opens the session for `input`: a session file is resumed; a TMX starts a new session at `session`
    /// (default: beside the input, `.qreview`), or resumes that session if it already exists.
    public static func start(
        input: String, session: String? = nil, sourceLanguage: String = "ar", targetLanguage: String = "en",
        finder: any ReviewEntityFinder = NoEntityFinder(), user: String = ReviewSession.currentUser
    ) throws -> (session: ReviewSession, resumed: Bool) {
        guard FileManager.default.isReadableFile(atPath: input) else {
            throw ReviewError(.unreadable, file: input, message: "cannot read the file")
        }
        if looksLikeDatabase(path: input) {
            return (try open(path: input, finder: finder, user: user), true)
        }
        let sessionPath = session ?? defaultSessionPath(for: input)
        if FileManager.default.fileExists(atPath: sessionPath) {
            return (try open(path: sessionPath, finder: finder, user: user), true)
        }
        let reader = try TMXReader(path: input)
        let pairs = try ReviewImport.pairs(
            from: reader.next, header: reader.header, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
            file: input)
        let created = try create(
            path: sessionPath, pairs: pairs, sourceLanguage: sourceLanguage, targetLanguage: targetLanguage,
            input: input, finder: finder, user: user)
        return (created, false)
    }

    /// `talk.tmx` → `talk.qreview`, in the same folder.
    public static func defaultSessionPath(for input: String) -> String {
        URL(fileURLWithPath: input).deletingPathExtension().appendingPathExtension("qreview").path
    }
}
