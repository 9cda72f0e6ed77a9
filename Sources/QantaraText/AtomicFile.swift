import Foundation

/// Writes files so that readers see either the old file or the complete new one, never half of it:
/// the bytes go to a temporary file beside the destination, which is renamed into place once complete.
public enum AtomicFile {
    /// A temporary path in the destination's folder (a rename across file systems would not be atomic).
    public static func temporaryPath(for destination: String) -> String {
        let url = URL(fileURLWithPath: destination)
        let name = ".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).\(UInt32.random(in: 0...UInt32.max)).tmp"
        return url.deletingLastPathComponent().appendingPathComponent(name).path
    }

    /// Writes `data` to `destination` atomically.
    ///
    /// Through `open`/`write` rather than `Data.write`, which syncs every file to the disk: that cost a
    /// batch of short alignments as much as aligning them, and the rename alone already shows readers
    /// either the old file or the whole new one (as the TMX writer does).
    /// - Throws: `OutputError` naming `destination`.
    public static func write(_ data: Data, to destination: String) throws {
        try write(to: destination) { temporary in
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            guard descriptor >= 0 else { throw OutputError(file: destination, errorNumber: errno) }
            if let errorNumber = StandardStreams.write(data, to: descriptor) {
                close(descriptor)
                throw OutputError(file: destination, errorNumber: errorNumber)
            }
            guard close(descriptor) == 0 else { throw OutputError(file: destination, errorNumber: errno) }
        }
    }

    /// Writes `text` as UTF-8 to `destination` atomically.
    public static func write(_ text: String, to destination: String) throws {
        try write(Data(text.utf8), to: destination)
    }

    /// Lets `produce` write a temporary file, then renames it to `destination`; on any error the
    /// temporary file is removed and `destination` is left as it was.
    public static func write(to destination: String, _ produce: (_ temporaryPath: String) throws -> Void) throws {
        let temporary = temporaryPath(for: destination)
        do {
            try produce(temporary)
            if rename(temporary, destination) != 0 { throw OutputError(file: destination, errorNumber: errno) }
        } catch {
            unlink(temporary)
            throw error
        }
    }
}
