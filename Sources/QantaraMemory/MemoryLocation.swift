import Foundation

/// Where the memory lives when no path is given, and the one place that picks a backend for a location.
public enum MemoryLocation {
    /// Opens the memory `resolve(explicit:)` names. Today every location is a SQLite file; a server backend
    /// would be chosen here (by URL scheme), and callers holding `any MemoryStore` would not change.
    public static func open(explicit: String?) throws -> any MemoryStore {
        try SQLiteMemoryStore(path: resolve(explicit: explicit))
    }

    /// `explicit` if given, else `$QANTARA_MEMORY`, else `$XDG_DATA_HOME/qantara/memory.sqlite`, else
    /// `~/.local/share/qantara/memory.sqlite`.
    public static func resolve(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let path = environment["QANTARA_MEMORY"], !path.isEmpty { return path }
        let data: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            data = xdg
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            data = (home as NSString).appendingPathComponent(".local/share")
        }
        return ((data as NSString).appendingPathComponent("qantara") as NSString).appendingPathComponent("memory.sqlite")
    }
}
