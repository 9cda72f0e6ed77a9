import Foundation
import QantaraText

/// Byte strings → dense indices (0, 1, 2… in order of insertion), on flat arrays with open addressing.
///
/// Hand-written rather than a `[WordKey: Int]`: FreeDict ara-eng has 53,000 headwords, and a `String` per
/// headword made the dictionary's start-up cost more than aligning a whole article; here a key costs no
/// allocation of its own, and the arrays can be written to a cache file as they are.
struct ByteKeyTable: Sendable {
    /// Keys, concatenated; key `k` is `keyBytes[keyEnd[k - 1]..<keyEnd[k]]` (from 0 for the first).
    private var keyBytes: [UInt8] = []
    private var keyEnd: [Int32] = []
    /// Per slot: 0 when free, else the key's index + 1 in the low 32 bits and the high 32 bits of its hash
    /// above. A power of two, at most half full. The hash bits turn away other keys without reading them:
    /// in FreeDict's table every such read was a cache miss, and probes cost more time than anything else
    /// in a word's analysis.
    private var slots: [UInt64]

    var count: Int { keyEnd.count }

    init(expectedCount: Int) {
        var capacity = 16
        while capacity < 2 * expectedCount { capacity <<= 1 }
        slots = [UInt64](repeating: 0, count: capacity)
    }

    /// The index of `key`, or -1; `hash` is its `FNV1a` hash (as `WordKey` keeps it).
    func index(of key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        Self.index(in: slots[slot(of: key, hash: hash)])
    }

    /// The index of `key`, added if new.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        insert(key, hash: FNV1a.hash(key))
    }

    /// The index of `key`'s UTF-8, added if new.
    mutating func insert(_ key: String) -> Int32 {
        var key = key
        return key.withUTF8 { insert($0) }
    }

    /// The keys in order of insertion, concatenated, and where each ends: the table without its slots.
    var concatenatedKeys: (bytes: [UInt8], ends: [Int32]) { (keyBytes, keyEnd) }

    /// `insert(_:)` with the key's `FNV1a` hash worked out already.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int32 {
        let slot = self.slot(of: key, hash: hash)
        if slots[slot] != 0 { return Self.index(in: slots[slot]) }
        let index = Int32(keyEnd.count)
        keyBytes.append(contentsOf: key)
        keyEnd.append(Int32(keyBytes.count))
        slots[slot] = Self.entry(index: index, hash: hash)
        if 2 * keyEnd.count > slots.count { grow() }
        return index
    }

    @inline(__always)
    private static func entry(index: Int32, hash: UInt64) -> UInt64 {
        hash & 0xFFFF_FFFF_0000_0000 | UInt64(index + 1)
    }

    @inline(__always)
    private static func index(in entry: UInt64) -> Int32 {
        Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
    }

    /// Linear probing: the slot holding `key`, or the free slot where it would go. On buffer pointers:
    /// with the arrays' bounds checks, probing cost a third of each lookup.
    private func slot(of key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        slots.withUnsafeBufferPointer { slots in
            keyEnd.withUnsafeBufferPointer { keyEnd in
                keyBytes.withUnsafeBufferPointer { keyBytes in
                    let mask = slots.count - 1
                    let tag = hash & 0xFFFF_FFFF_0000_0000
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let entry = slots[slot]
                        if entry == 0 { return slot }
                        if entry & 0xFFFF_FFFF_0000_0000 == tag {
                            let index = Int(Self.index(in: entry))
                            let start = index == 0 ? 0 : Int(keyEnd[index - 1])
                            if Int(keyEnd[index]) - start == key.count,
                                key.isEmpty || memcmp(keyBytes.baseAddress! + start, key.baseAddress!, key.count) == 0
                            {
                                return slot
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        keyBytes.withUnsafeBufferPointer { bytes in
            var start = 0
            for (index, end) in keyEnd.enumerated() {
                let hash = FNV1a.hash(UnsafeBufferPointer(rebasing: bytes[start..<Int(end)]))
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = Self.entry(index: Int32(index), hash: hash)
                start = Int(end)
            }
        }
    }

    func encode(into writer: inout FlatWriter) {
        writer.integers(keyBytes)
        writer.integers(keyEnd)
        writer.integers(slots)
    }

    /// Reads `encode(into:)` back, checking what a lookup relies on (no index out of range).
    init?(decoding reader: inout FlatReader) {
        guard let keyBytes = reader.integers(UInt8.self), let keyEnd = reader.integers(Int32.self), let slots = reader.integers(UInt64.self),
            slots.count.nonzeroBitCount == 1, slots.count >= 2 * keyEnd.count,
            slots.allSatisfy({ $0 & 0xFFFF_FFFF <= UInt64(keyEnd.count) }),
            zip([0] + keyEnd, keyEnd).allSatisfy({ $0 <= $1 }), keyEnd.last.map(Int.init) ?? 0 == keyBytes.count
        else { return nil }
        self.keyBytes = keyBytes
        self.keyEnd = keyEnd
        self.slots = slots
    }
}

/// Arrays written one after another, each as its element count and its bytes (this machine's byte
/// order: a cache file is read back on the machine that wrote it).
struct FlatWriter {
    private(set) var output: [UInt8] = []

    mutating func integers<Value: FixedWidthInteger>(_ values: [Value]) {
        withUnsafeBytes(of: UInt64(values.count)) { output.append(contentsOf: $0) }
        values.withUnsafeBytes { output.append(contentsOf: $0) }
    }
}

/// Reads what `FlatWriter` wrote, from memory valid while the reader is used (a mapped cache file: each
/// array is copied once, straight from the file's pages); nil for an array that does not fit in what is left.
struct FlatReader {
    private let input: UnsafeRawBufferPointer
    private var position = 0

    init(_ input: UnsafeRawBufferPointer) {
        self.input = input
    }

    var isAtEnd: Bool { position == input.count }

    mutating func integers<Value: FixedWidthInteger>(_: Value.Type) -> [Value]? {
        guard input.count - position >= 8 else { return nil }
        let count = input.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position += 8
        guard let elements = Int(exactly: count), elements <= (input.count - position) / MemoryLayout<Value>.size else { return nil }
        let size = elements * MemoryLayout<Value>.size
        defer { position += size }
        return [Value](unsafeUninitializedCapacity: elements) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: input[position..<(position + size)]))
            initialized = elements
        }
    }
}
