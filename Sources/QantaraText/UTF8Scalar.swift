/// Decoding of well-formed UTF-8 (a Swift string's bytes), one scalar at a time, for the hot loops that
/// read text as bytes (segmenter, glossary scan, presegmented input) rather than through `String`'s views.
public enum UTF8Scalar {
    /// The scalar value at `index`; `index` moves past it.
    @inlinable @inline(__always)
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int) -> UInt32 {
        let lead = UInt32(bytes[index])
        if lead < 0x80 {
            index += 1
            return lead
        }
        if lead < 0xE0 {
            defer { index += 2 }
            return (lead & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
        }
        if lead < 0xF0 {
            defer { index += 3 }
            return (lead & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
        }
        defer { index += 4 }
        return (lead & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12 | UInt32(bytes[index + 2] & 0x3F) << 6
            | UInt32(bytes[index + 3] & 0x3F)
    }

    /// Appends the UTF-8 of `scalars` to `bytes`, two-byte scalars (Arabic letters) without the general
    /// encoder's closure.
    @inlinable
    public static func append(_ scalars: ArraySlice<Unicode.Scalar>, to bytes: inout [UInt8]) {
        for scalar in scalars {
            let value = scalar.value
            if value >= 0x80, value < 0x800 {
                bytes.append(UInt8(0xC0 | value >> 6))
                bytes.append(UInt8(0x80 | value & 0x3F))
            } else {
                UTF8.encode(scalar) { bytes.append($0) }
            }
        }
    }

    /// The number of bytes of the scalar `value`.
    @inlinable
    public static func length(_ value: UInt32) -> Int {
        value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4
    }

    /// The number of bytes of the scalar that starts with `lead`.
    @inlinable
    public static func length(lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }
}
