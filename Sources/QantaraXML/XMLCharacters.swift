/// The characters an XML 1.0 document can hold (the `Char` production of XML 1.0, section 2.2).
enum XMLCharacters {
    /// Whether `scalar` may appear in XML 1.0 text or attribute values, literally or as a reference. Swift
    /// strings hold no surrogates, so only C0 controls and U+FFFE/U+FFFF are left out.
    static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0xFFFD, 0x10000...: return true
        default: return false
        }
    }
}
