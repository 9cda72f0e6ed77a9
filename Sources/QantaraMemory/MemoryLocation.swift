import Foundation

/// Where the memory lives when no path is given.
public enum MemoryLocation {
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
