// The hash set behind sets of integers and of strings. It keeps each element's hash beside it, so a
// union, intersection or difference of two sets compares hashes it already has and hashes nothing
// again (Swift's Set hashes every element it looks up), and growing it hashes nothing either.

/// An element of a `HashedSet`: hashable, with the 32-bit hash the table places it by.
protocol TableHashable: Hashable {
    /// The hash the table places the element by; equal elements have equal hashes.
    var tableHash: UInt32 { get }
    /// Whether `a == b`, when their bits alone tell; nil when only `==` can.
    static func equalByBits(_ a: Self, _ b: Self) -> Bool?
}

extension Int: TableHashable {
    /// Multiplies by a constant from the golden ratio and keeps the high half (Fibonacci hashing),
    /// after mixing in a seed chosen at random per process, so that no fixed list of numbers makes
    /// every set of them collide.
    var tableHash: UInt32 {
        UInt32(truncatingIfNeeded: ((UInt64(bitPattern: Int64(self)) ^ intHashSeed) &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }
}

extension Int {
    @inline(__always)
    static func equalByBits(_ a: Int, _ b: Int) -> Bool? { a == b }
}

/// The seed of `Int.tableHash`.
private let intHashSeed = UInt64.random(in: .min ... .max)

extension String: TableHashable {
    /// Swift's own hash, which is seeded per process and treats canonically equivalent strings alike.
    var tableHash: UInt32 { UInt32(truncatingIfNeeded: hashValue) }

    /// Strings with the same bits are equal: a short string is held in them, a long one shares
    /// its storage. Two short ASCII strings with different bits differ: such a string's bits are
    /// its bytes, its count and a tag, with nothing else in them, and ASCII text is equivalent to
    /// nothing but itself (the standard library's `==` decides such a pair by the same words).
    /// Anything else (`"\u{212A}" == "K"`) is left to `==`. The tag is the top four bits of the
    /// second word, 0xE for a short ASCII string on 64-bit platforms (the standard library's
    /// `_StringObject`); `ValueSetTests` holds this rule to `==`.
    @inline(__always)
    static func equalByBits(_ a: String, _ b: String) -> Bool? {
        let x = unsafeBitCast(a, to: (UInt64, UInt64).self), y = unsafeBitCast(b, to: (UInt64, UInt64).self)
        if x == y { return true }
        guard MemoryLayout<String>.size == 16, x.1 >> 60 == 0xE, y.1 >> 60 == 0xE else { return nil }
        return false
    }
}

/// A set of integers or strings, as `ValueSet` stores them: one reference to a `HashTable`.
///
/// `ValueSet` changes the table only when this box is uniquely referenced, and copies it first
/// otherwise; operations between sets work on the tables as local values (no exclusivity checks).
final class HashedSet<Element: TableHashable> {
    // Unchecked: changed only while uniquely referenced, as above.
    @exclusivity(unchecked) var table: HashTable<Element>

    init(_ table: HashTable<Element>) { self.table = table }

    /// Whether an element equal to `element` is there, looked for where the box holds the table:
    /// `table.contains` copied the table out first (two retains and two releases).
    @inline(__always)
    func contains(_ element: Element) -> Bool {
        withUnsafeMutablePointer(to: &table) { $0.pointee.contains(element) }
    }
}

/// Integers or strings in insertion order, with open addressing over their hashes, which the slots
/// keep. Holds at most 2^32 - 1 elements.
struct HashTable<Element: TableHashable> {
    /// The elements, in the order they were placed.
    private(set) var elements: [Element] = []
    /// The table, with linear probing: 0 is a free slot; otherwise the high 32 bits are the
    /// element's hash and the low 32 bits its index + 1. Its size is a power of two, and at least
    /// 4/3 of the number of elements.
    private var slots: [UInt64]

    /// An empty table with room for `capacity` elements before it grows.
    init(capacity: Int) {
        elements.reserveCapacity(capacity)
        slots = [UInt64](repeating: 0, count: HashTable.slotCount(for: capacity))
    }

    /// How many elements make `init(placing:_:)` worth its two extra passes: about where the
    /// slots outgrow the processor's caches.
    static var placingThreshold: Int { 1 << 15 }

    /// The table of the `count` elements that `element` gives by index (the first of equal ones),
    /// or nil if it gives nil for any.
    ///
    /// Placing the elements in the order they come would miss the cache on almost every slot of a
    /// large table. Instead a counting sort orders them by the top 8 bits of their slots first, so
    /// that placing them walks the table front to back.
    init?(placing count: Int, _ element: (Int) -> Element?) {
        slots = [UInt64](repeating: 0, count: HashTable.slotCount(for: count))
        let mask = slots.count - 1, shift = Swift.max(0, slots.count.trailingZeroBitCount - 8)
        // The hash of each element, and where each run of slots starts in the sorted order.
        var hashes: [UInt32] = []
        hashes.reserveCapacity(count)
        var starts = [Int](repeating: 0, count: (mask >> shift) + 2)
        for i in 0..<count {
            guard let hash = element(i)?.tableHash else { return nil }
            hashes.append(hash)
            starts[((Int(hash) & mask) >> shift) + 1] += 1
        }
        for run in 1..<starts.count { starts[run] += starts[run - 1] }
        var sortedHashes = [UInt32](repeating: 0, count: count)
        elements = [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            // A permutation: every position is written once.
            for (i, hash) in hashes.enumerated() {
                let run = (Int(hash) & mask) >> shift
                (buffer.baseAddress! + starts[run]).initialize(to: element(i)!)
                sortedHashes[starts[run]] = hash
                starts[run] += 1
            }
            initialized = count
        }
        // Place them in that order; the slots only ever point before `kept`, where each new
        // element moves to.
        var kept = 0
        for k in 0..<count {
            let hash = sortedHashes[k]
            let (index, slot) = find(elements[k], hash: hash)
            guard index == nil else { continue }
            elements.swapAt(kept, k)
            slots[slot] = UInt64(hash) << 32 | UInt64(kept + 1)
            kept += 1
        }
        elements.removeLast(count - kept)
    }

    var count: Int { elements.count }

    /// The smallest power of two that is at least 4/3 of `count` (and at least 8).
    private static func slotCount(for count: Int) -> Int {
        let wanted = Swift.max(8, count + count / 3 + 1)
        return 1 << (Int.bitWidth - (wanted - 1).leadingZeroBitCount)
    }

    /// Makes room for `capacity` elements in all, placing the elements again by the slots' hashes
    /// if the table must grow.
    mutating func reserve(_ capacity: Int) {
        elements.reserveCapacity(capacity)
        let wanted = HashTable.slotCount(for: capacity)
        guard wanted > slots.count else { return }
        // In the order of the old slots, which is the order of the hashes' low bits: the new slots
        // fill from front to back too, instead of at random.
        let old = slots
        slots = [UInt64](repeating: 0, count: wanted)
        slots.withUnsafeMutableBufferPointer { slots in
            let mask = slots.count - 1
            for slot in old where slot != 0 {
                var i = Int(truncatingIfNeeded: slot >> 32) & mask
                while slots[i] != 0 { i = (i + 1) & mask }
                slots[i] = slot
            }
        }
    }

    /// Where `element`, whose hash is `hash`, is: its index, or the free slot it would go in.
    private func find(_ element: Element, hash: UInt32) -> (index: Int?, slot: Int) {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var i = Int(hash) & mask
            while true {
                let slot = slots[i]
                if slot == 0 { return (nil, i) }
                if UInt32(truncatingIfNeeded: slot >> 32) == hash {
                    let index = Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: slot)) - 1
                    if elements[index] == element { return (index, i) }
                }
                i = (i + 1) & mask
            }
        }
    }

    /// The index of the element equal to `element`, whose hash is `hash`, or nil.
    func index(of element: Element, hash: UInt32) -> Int? { find(element, hash: hash).index }

    /// Up to this many elements, `contains` compares the element with each instead of hashing it:
    /// hashing a string (SipHash) costs more than a handful of comparisons.
    static var scannedCount: Int { 8 }

    /// Whether an element equal to `element` is there. In a small table, by comparing it with
    /// each element, by their bits where they tell and else by `==`: the same answer as the
    /// hashed find, which also decides by `==` (equal elements have equal hashes, canonically
    /// equivalent strings included).
    @inline(__always)
    func contains(_ element: Element) -> Bool {
        let count = elements.count
        if count <= HashTable.scannedCount {
            for i in 0..<count {
                if let equal = Element.equalByBits(elements[i], element) {
                    if equal { return true }
                } else if elements[i] == element {
                    return true
                }
            }
            return false
        }
        return containsByHash(element)
    }

    @inline(never)
    private func containsByHash(_ element: Element) -> Bool { index(of: element, hash: element.tableHash) != nil }

    /// Adds `element` unless an equal one is there.
    mutating func insert(_ element: Element) { insert(element, hash: element.tableHash) }

    /// Adds `element`, whose hash is `hash`, unless an equal one is there; gives the index of the
    /// element that was there, or nil.
    @discardableResult
    private mutating func insert(_ element: Element, hash: UInt32) -> Int? {
        if (elements.count + 1) * 4 > slots.count * 3 { reserve(Swift.max(elements.count * 2, 8)) }
        let (index, slot) = find(element, hash: hash)
        if index != nil { return index }
        elements.append(element)
        slots[slot] = UInt64(hash) << 32 | UInt64(elements.count)
        return nil
    }

    /// Calls `body` with the index and hash of each element in the order of the slots, which is
    /// the order of the hashes' low bits: probes of another table then move forward through it.
    private func forEachBySlot(_ body: (Int, UInt32) -> Void) {
        slots.withUnsafeBufferPointer { slots in
            for slot in slots where slot != 0 {
                body(Int(truncatingIfNeeded: UInt32(truncatingIfNeeded: slot)) - 1, UInt32(truncatingIfNeeded: slot >> 32))
            }
        }
    }

    /// The elements of either set; an element of both is this set's.
    func union(_ other: HashTable) -> HashTable {
        // Add the smaller set to a copy of the larger one.
        var result = other.count > count ? other : self
        result.reserve(count + other.count)
        if other.count > count {
            forEachBySlot { i, hash in
                if let index = result.insert(elements[i], hash: hash) { result.elements[index] = elements[i] }
            }
        } else {
            other.forEachBySlot { i, hash in result.insert(other.elements[i], hash: hash) }
        }
        return result
    }

    /// The elements of both sets, as this set has them.
    func intersection(_ other: HashTable) -> HashTable {
        var result = HashTable(capacity: Swift.min(count, other.count))
        if count <= other.count {
            forEachBySlot { index, hash in
                if other.index(of: elements[index], hash: hash) != nil { result.insert(elements[index], hash: hash) }
            }
        } else {
            other.forEachBySlot { i, hash in
                if let index = index(of: other.elements[i], hash: hash) { result.insert(elements[index], hash: hash) }
            }
        }
        return result
    }

    /// The elements of this set that are not in `other`.
    func subtracting(_ other: HashTable) -> HashTable {
        var result = HashTable(capacity: count)
        forEachBySlot { index, hash in
            if other.index(of: elements[index], hash: hash) == nil { result.insert(elements[index], hash: hash) }
        }
        return result
    }

    /// The elements of exactly one of the two sets.
    func symmetricDifference(_ other: HashTable) -> HashTable {
        var result = subtracting(other)
        result.reserve(count + other.count)
        other.forEachBySlot { i, hash in
            if index(of: other.elements[i], hash: hash) == nil { result.insert(other.elements[i], hash: hash) }
        }
        return result
    }

    /// Whether every element of this set is in `other`.
    func isSubset(of other: HashTable) -> Bool {
        guard count <= other.count else { return false }
        var subset = true
        forEachBySlot { i, hash in
            if subset && other.index(of: elements[i], hash: hash) == nil { subset = false }
        }
        return subset
    }

    /// Whether the two sets have the same elements.
    static func == (lhs: HashTable, rhs: HashTable) -> Bool {
        lhs.count == rhs.count && lhs.isSubset(of: rhs)
    }
}
