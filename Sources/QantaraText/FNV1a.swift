/// 64-bit FNV-1a, the hash behind Qantara's hand-written tables and stored keys: the same in every process
/// (Swift's `Hasher` is seeded per process, so its values cannot be stored) and one multiply per value.
public enum FNV1a {
    public static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    /// `hash` with one more value mixed in.
    @inlinable
    public static func step(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        (hash ^ value) &* 0x100_0000_01b3
    }

    /// The hash of `values` (bytes, scalar values…), from the offset basis.
    @inlinable
    public static func hash<Values: Sequence>(_ values: Values) -> UInt64 where Values.Element: FixedWidthInteger {
        var hash = offsetBasis
        for value in values { hash = step(hash, UInt64(truncatingIfNeeded: value)) }
        return hash
    }
}
