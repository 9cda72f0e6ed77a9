/// A growable run of plain values in memory of its own, for loops that append on every scalar or tag
/// (the glossary scan, the TMX reader): `Array`'s append checks at every call that its storage is not
/// shared, and its copies count references; a noncopyable buffer is never shared, so it needs neither.
public struct PlainBuffer<Element: BitwiseCopyable>: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<Element>
    @usableFromInline var capacity: Int
    @usableFromInline var used = 0

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit {
        base.deallocate()
    }

    @inlinable
    public var count: Int { used }

    @inlinable
    public var isEmpty: Bool { used == 0 }

    @inlinable
    public var last: Element? { used > 0 ? base[used - 1] : nil }

    /// The values, valid until the next change to the buffer.
    @inlinable
    public var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: used) }

    @inlinable
    public subscript(index: Int) -> Element {
        precondition(index >= 0 && index < used, "index out of range")
        return base[index]
    }

    @inlinable @inline(__always)
    public mutating func append(_ value: Element) {
        if used == capacity { grow(to: used + 1) }
        (base + used).initialize(to: value)
        used += 1
    }

    @inlinable @inline(__always)
    public mutating func append(contentsOf values: UnsafeBufferPointer<Element>) {
        guard let start = values.baseAddress else { return }
        if used + values.count > capacity { grow(to: used + values.count) }
        (base + used).initialize(from: start, count: values.count)
        used += values.count
    }

    /// Removes and returns the last value, nil when empty.
    @inlinable @inline(__always)
    public mutating func removeLast() -> Element? {
        guard used > 0 else { return nil }
        used -= 1
        return base[used]
    }

    /// Empties the buffer, keeping its memory.
    @inlinable
    public mutating func removeAll() {
        used = 0
    }

    @usableFromInline
    mutating func grow(to needed: Int) {
        var larger = capacity * 2
        while larger < needed { larger *= 2 }
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: larger)
        grown.initialize(from: base, count: used)
        base.deallocate()
        base = grown
        capacity = larger
    }
}
