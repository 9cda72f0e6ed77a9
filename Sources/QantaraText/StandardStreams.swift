import Foundation

/// Writes to standard output and standard error through `write(2)`. `FileHandle.write(_:)` ends the process
/// with a fatal error when a write fails (a full disk, a closed terminal); here a failure is an error to report.
public enum StandardStreams {
    /// Writes all of `data` to standard output, unbuffered.
    public static func writeOutput(_ data: Data) throws {
        if let errorNumber = write(data, to: STDOUT_FILENO) { throw OutputError(file: "<stdout>", errorNumber: errorNumber) }
    }

    /// Writes `text` to standard error. Best effort: a message that cannot be shown has nowhere else to go.
    public static func writeError(_ text: String) {
        _ = write(Data(text.utf8), to: STDERR_FILENO)
    }

    /// Writes all of `data` to `descriptor`, retrying interrupted writes; the `errno` of a failed write, or nil.
    static func write(_ data: Data, to descriptor: Int32) -> Int32? {
        data.withUnsafeBytes { bytes in
            var written = 0
            while written < bytes.count {
                let result = Foundation.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += result
            }
            return nil
        }
    }
}

/// A file (or standard output) that could not be written, with the system's reason.
public struct OutputError: Error, CustomStringConvertible, LocalizedError {
    public let file: String
    public let reason: String

    public init(file: String, errorNumber: Int32) {
        self.file = file
        reason = String(cString: strerror(errorNumber))
    }

    public var description: String { "\(file): cannot write (\(reason))" }
    public var errorDescription: String? { description }
}
