import Foundation

/// A file's size and modification time from one `stat` call: `FileManager.attributesOfItem` also looks up
/// the names of the file's owner and group, reading /etc/passwd and /etc/group each time (twice per file of a
/// batch before its first pair could start).
public struct FileStatus: Sendable, Equatable {
    public var size: Int64
    /// Seconds since 1970.
    public var modified: Double

    /// nil when the file cannot be reached.
    public init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        size = Int64(info.st_size)
        #if canImport(Darwin)
        modified = Double(info.st_mtimespec.tv_sec) + Double(info.st_mtimespec.tv_nsec) / 1e9
        #else
        modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        #endif
    }
}
