// Sets of values. A set whose elements are all entities is a bitset over entity ids, so that
// `signed - [US, UK]` is a few word operations; any other set is a hash set of values.

/// A set of Summit values, such as `{US, UK}` or `set()`.
///
/// Sets compare equal when they have the same elements, and print in the sorted order of their
/// elements' display text.
public struct ValueSet: Sendable, Hashable, Sequence {
    enum Storage: Sendable {
        /// Entities only: bit `id` is set when the entity with that id is a member.
        case entities([UInt64])
        /// Anything else.
        case values(Set<Value>)
    }

    var storage: Storage

    /// The empty set.
    public init() { storage = .entities([]) }

    /// A set of the given values.
    public init<S: Sequence>(_ elements: S) where S.Element == Value {
        self.init()
        var values: Set<Value>?
        for element in elements {
            if values != nil {
                values!.insert(element)
            } else if case .entity = element {
                insert(element)
            } else {
                // Past the first value that is not an entity, build the hash set directly.
                var set = hashSet
                set.insert(element)
                values = set
            }
        }
        if let values { storage = .values(values) }
    }

    /// The number of elements.
    public var count: Int {
        switch storage {
        case .entities(let words): return words.reduce(0) { $0 + $1.nonzeroBitCount }
        case .values(let set): return set.count
        }
    }

    /// Whether the set has no elements.
    public var isEmpty: Bool { count == 0 }

    /// Whether `value` is an element.
    public func contains(_ value: Value) -> Bool {
        switch storage {
        case .entities(let words):
            guard case .entity(let e) = value else { return false }
            let (word, bit) = e.id.quotientAndRemainder(dividingBy: 64)
            return word < words.count && words[word] & (1 << UInt64(bit)) != 0
        case .values(let set):
            return set.contains(value)
        }
    }

    /// Adds `value` if it is not an element already.
    public mutating func insert(_ value: Value) {
        // Bind the payload straight from `storage` and clear it, so the words or the set are
        // uniquely referenced while they change (a tuple in a switch would hold a second reference).
        if case .entities(var words) = storage {
            guard case .entity(let e) = value else {
                var set = Set(self)
                set.insert(value)
                storage = .values(set)
                return
            }
            storage = .entities([])
            let (word, bit) = e.id.quotientAndRemainder(dividingBy: 64)
            if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
            words[word] |= 1 << UInt64(bit)
            storage = .entities(words)
        } else if case .values(var set) = storage {
            storage = .entities([])
            set.insert(value)
            storage = .values(set)
        }
    }

    /// The elements as a hash set, for the operations that mix entities with other values.
    private var hashSet: Set<Value> {
        if case .values(let set) = storage { return set }
        return Set(self)
    }

    /// The elements of either set.
    public func union(_ other: ValueSet) -> ValueSet {
        if case .entities(let a) = storage, case .entities(let b) = other.storage {
            return ValueSet(words: combine(a, b, keepingTail: true, |))
        }
        return ValueSet(values: hashSet.union(other.hashSet))
    }

    /// The elements of both sets.
    public func intersection(_ other: ValueSet) -> ValueSet {
        if case .entities(let a) = storage, case .entities(let b) = other.storage {
            return ValueSet(words: combine(a, b, keepingTail: false, &))
        }
        return ValueSet(values: hashSet.intersection(other.hashSet))
    }

    /// The elements of this set that are not in `other`.
    public func subtracting(_ other: ValueSet) -> ValueSet {
        if case .entities(let a) = storage, case .entities(let b) = other.storage {
            var words = a
            for i in 0..<Swift.min(a.count, b.count) { words[i] &= ~b[i] }
            return ValueSet(words: words)
        }
        return ValueSet(values: hashSet.subtracting(other.hashSet))
    }

    /// The elements of exactly one of the two sets.
    public func symmetricDifference(_ other: ValueSet) -> ValueSet {
        if case .entities(let a) = storage, case .entities(let b) = other.storage {
            return ValueSet(words: combine(a, b, keepingTail: true, ^))
        }
        return ValueSet(values: hashSet.symmetricDifference(other.hashSet))
    }

    /// Whether every element of this set is in `other`.
    public func isSubset(of other: ValueSet) -> Bool {
        if case .entities(let a) = storage, case .entities(let b) = other.storage {
            for i in a.indices where a[i] & ~(i < b.count ? b[i] : 0) != 0 { return false }
            return true
        }
        return allSatisfy { other.contains($0) }
    }

    /// The elements, in no particular order.
    public func makeIterator() -> AnyIterator<Value> {
        switch storage {
        case .entities(let words):
            let registry = words.isEmpty ? [] : EntityRegistry.snapshot
            var word = 0, bits: UInt64 = words.first ?? 0
            return AnyIterator {
                while bits == 0 {
                    word += 1
                    guard word < words.count else { return nil }
                    bits = words[word]
                }
                let bit = bits.trailingZeroBitCount
                bits &= bits - 1
                return .entity(registry[word * 64 + bit]!)
            }
        case .values(let set):
            return AnyIterator(set.makeIterator())
        }
    }

    /// The elements in the order they print in: sorted by display text.
    public var sorted: [Value] {
        let elements = Array(self)
        if case .entities = storage {
            return elements.sorted { $0.description < $1.description }
        }
        return elements.sorted(by: Value.displayOrder)
    }

    /// Whether two sets have the same elements.
    public static func == (lhs: ValueSet, rhs: ValueSet) -> Bool {
        if case .entities(let a) = lhs.storage, case .entities(let b) = rhs.storage {
            let n = Swift.max(a.count, b.count)
            for i in 0..<n where (i < a.count ? a[i] : 0) != (i < b.count ? b[i] : 0) { return false }
            return true
        }
        return lhs.count == rhs.count && lhs.isSubset(of: rhs)
    }

    /// Hashes the elements, independently of their order and of how the set is stored.
    public func hash(into hasher: inout Hasher) { hash(into: &hasher, depth: 0) }

    func hash(into hasher: inout Hasher, depth: Int) {
        // Order-independent, and the same for both storages.
        hasher.combine(count)
        guard depth < Value.recursionDepth else { return }
        var sum = 0
        for element in self {
            var one = Hasher()
            element.hash(into: &one, depth: depth + 1)
            sum &+= one.finalize()
        }
        hasher.combine(sum)
    }

    private init(words: [UInt64]) { storage = .entities(words) }

    private init(values: Set<Value>) { storage = .values(values) }

    private func combine(_ a: [UInt64], _ b: [UInt64], keepingTail: Bool,
                         _ op: (UInt64, UInt64) -> UInt64) -> [UInt64] {
        let n = keepingTail ? Swift.max(a.count, b.count) : Swift.min(a.count, b.count)
        var words = [UInt64](repeating: 0, count: n)
        for i in 0..<n { words[i] = op(i < a.count ? a[i] : 0, i < b.count ? b[i] : 0) }
        return words
    }
}
