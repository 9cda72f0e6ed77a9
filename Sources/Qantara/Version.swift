public enum QantaraVersion {
    /// The release this build belongs to (kept in step with CHANGELOG.md).
    public static let current = "0.1.0"
}
