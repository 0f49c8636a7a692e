// Sets of values. A set whose elements are all entities is a bitset over entity ids, so that
// `signed - [US, UK]` is a few word operations; a set of only integers or only strings is a
// `HashedSet` of them, which hashes each element once; any other set is a hash set of values.

/// A set of Summit values, such as `{US, UK}` or `set()`.
///
/// Sets compare equal when they have the same elements, and print in one order (``sorted``):
/// numbers by value, strings, entities by name as a dictionary orders them, then the rest.
public struct ValueSet: Sendable, Hashable, Sequence {
    /// How the elements are held. Equality, hashing and printing do not depend on it; an empty set
    /// may have any storage. Unchecked only for `EntityBits` and `HashedSet`, which never change
    /// once shared.
    enum Storage: @unchecked Sendable {
        /// Entities only: bit `id` is set when the entity with that id is a member.
        case entities(EntityBits)
        /// `.int` values only (a double such as `1.0` keeps its spelling, so it is a `.values` element).
        case ints(HashedSet<Int>)
        /// `.string` values only.
        case strings(HashedSet<String>)
        /// Anything else.
        case values(Set<Value>)
        /// A set known only in part: its listed elements (a complete set) and how the real set may
        /// differ from them (ValueSet+Incompleteness.swift). No fast path takes this case.
        case partial(PartialSet)
    }

    var storage: Storage

    /// The empty set.
    public init() { storage = .values([]) }

    /// A set of the given values.
    public init<S: Sequence>(_ elements: S) where S.Element == Value {
        self.init()
        var iterator = elements.makeIterator()
        guard let first = iterator.next() else { return }
        let capacity = elements.underestimatedCount
        // The first element picks the storage; the loop for that storage runs until an element
        // that does not fit, which goes through `insert` with the rest.
        var rest: Value?
        switch first {
        case .entity(let e):
            var words = [UInt64]()
            EntityBits.add(e, to: &words)
            while let next = iterator.next() {
                guard case .entity(let e) = next else { rest = next; break }
                EntityBits.add(e, to: &words)
            }
            storage = .entities(.of(words))
        case .int(let i):
            storage = .ints(HashedSet(ValueSet.table(i, capacity, &iterator, &rest) { if case .int(let n) = $0 { n } else { nil } }))
        case .string(let s):
            storage = .strings(HashedSet(ValueSet.table(s, capacity, &iterator, &rest) { $0.stringValue }))
        default:
            var set = Set<Value>(minimumCapacity: capacity)
            set.insert(first)
            storage = .values(set)
        }
        if let rest { insert(rest) }
        while let next = iterator.next() { insert(next) }
    }

    init(_ storage: Storage) { self.storage = storage }

    /// The set of the entities whose bits are set.
    init(entities bits: EntityBits) { storage = .entities(bits) }

    /// The table of `first` and the elements after it that `element` takes, up to the first it
    /// does not, which is left in `rest`.
    private static func table<Element: TableHashable, Elements: IteratorProtocol<Value>>(
        _ first: Element, _ capacity: Int, _ iterator: inout Elements, _ rest: inout Value?, _ element: (Value) -> Element?
    ) -> HashTable<Element> {
        var table = HashTable<Element>(capacity: capacity)
        table.insert(first)
        while let next = iterator.next() {
            guard let e = element(next) else { rest = next; break }
            table.insert(e)
        }
        return table
    }

    /// A set of the elements of a list, as `init(_:)` makes it; a long list of only integers or
    /// only strings fills its table in one walk (`HashTable.init(placing:_:)`).
    init(list: [Value]) {
        if list.count >= HashTable<Int>.placingThreshold {
            switch list[0] {
            case .int:
                let table = HashTable<Int>(placing: list.count) { i in
                    guard case .int(let n) = list[i] else { return nil }
                    return n
                }
                if let table { self.init(.ints(HashedSet(table))); return }
            case .string:
                if let table = HashTable<String>(placing: list.count, { list[$0].stringValue }) {
                    self.init(.strings(HashedSet(table)))
                    return
                }
            default:
                break
            }
        }
        self.init(list)
    }

    /// The number of elements; of an incomplete set, the number it lists (see `incompleteness`).
    public var count: Int {
        switch storage {
        case .entities(let bits): return bits.memberCount
        case .ints(let set): return set.table.count
        case .strings(let set): return set.table.count
        case .values(let set): return set.count
        case .partial(let p): return p.listed.count
        }
    }

    /// Whether the set has no elements.
    public var isEmpty: Bool { count == 0 }

    /// Whether `value` is an element; of an incomplete set, whether it is listed (`membership(of:)`
    /// says whether it is a member of the real set).
    public func contains(_ value: Value) -> Bool {
        switch storage {
        case .entities(let bits):
            guard case .entity(let e) = value else { return false }
            return bits.contains(e.id)
        case .ints(let set):
            switch value {
            case .int(let i): return set.contains(i)
            case .double(let d): return Int(exactly: d).map(set.contains) ?? false
            default: return false
            }
        case .strings(let set):
            guard case .string(let s) = value else { return false }
            return set.contains(s)
        case .values(let set):
            return set.contains(value)
        case .partial(let p):
            return p.listed.contains(value)
        }
    }

    /// The bits of a set held as entities (a complete set, whose elements are all entities); nil
    /// for any other storage.
    var entityBits: EntityBits? {
        if case .entities(let bits) = storage { return bits }
        return nil
    }

    /// Whether a set or list may be among the elements: false for entities, integers or strings only.
    var mayHoldCollections: Bool {
        if case .partial(let p) = storage { return p.listed.mayHoldCollections }
        guard case .values(let set) = storage else { return false }
        return set.contains { $0.isCollection }
    }

    /// Whether there are elements and all are entities, as `!isEmpty && allSatisfy(\.isEntity)`
    /// says, but from the storage where it tells: iterating goes in display order, which sorts.
    var holdsOnlyEntities: Bool {
        switch storage {
        case .entities: return !isEmpty
        case .ints, .strings: return false
        case .values(let set): return !set.isEmpty && set.allSatisfy(\.isEntity)
        case .partial: return !isEmpty && allSatisfy(\.isEntity)
        }
    }

    /// Adds `value` if it is not an element already (a member known, to an incomplete set).
    public mutating func insert(_ value: Value) {
        if case .partial(let p) = storage {
            // A value added to an incomplete set is a member known.
            var known = p.known
            known.insert(value)
            self = .bounded(known: known, possible: p.possible.union(.only(ValueSet(CollectionOfOne(value)))),
                            reportedCount: p.reportedCount)
            return
        }
        // Bind the payload straight from `storage` and clear it, so the bits or the set are
        // uniquely referenced while they change (a tuple in a switch would hold a second reference).
        if case .entities(var bits) = storage, case .entity(let e) = value {
            storage = .values([])
            EntityBits.insert(e.id, into: &bits)
            storage = .entities(bits)
        } else if case .ints(var set) = storage, case .int(let i) = value {
            storage = .values([])
            if !isKnownUniquelyReferenced(&set) { set = HashedSet(set.table) }
            set.table.insert(i)
            storage = .ints(set)
        } else if case .strings(var set) = storage, case .string(let s) = value {
            storage = .values([])
            if !isKnownUniquelyReferenced(&set) { set = HashedSet(set.table) }
            set.table.insert(s)
            storage = .strings(set)
        } else if case .values(var set) = storage, !set.isEmpty {
            storage = .values([])
            set.insert(value)
            storage = .values(set)
        } else if isEmpty {
            // An empty set takes the kind of its first element.
            self = ValueSet(CollectionOfOne(value))
        } else {
            var set = hashSet
            set.insert(value)
            storage = .values(set)
        }
    }

    /// The elements as a hash set, for the operations that mix kinds of elements.
    private var hashSet: Set<Value> {
        switch storage {
        case .values(let set): return set
        case .ints(let set): return Set(set.table.elements.lazy.map(Value.int))
        case .strings(let set): return Set(set.table.elements.lazy.map(Value.string))
        case .entities: return Set(self)
        case .partial(let p): return p.listed.hashSet
        }
    }

    /// The elements of either set.
    public func union(_ other: ValueSet) -> ValueSet {
        switch (storage, other.storage) {
        case let (.entities(a), .entities(b)): return ValueSet(.entities(a.combined(with: b, .union)))
        case let (.ints(a), .ints(b)): return ValueSet(.ints(HashedSet(a.table.union(b.table))))
        case let (.strings(a), .strings(b)): return ValueSet(.strings(HashedSet(a.table.union(b.table))))
        default:
            if let partial = partialResult(.union, other) { return partial }
            if other.isEmpty { return self }
            if isEmpty { return other }
            return ValueSet(.values(hashSet.union(other.hashSet)))
        }
    }

    /// The elements of both sets (as this set spells them).
    public func intersection(_ other: ValueSet) -> ValueSet {
        switch (storage, other.storage) {
        case let (.entities(a), .entities(b)): return ValueSet(.entities(a.combined(with: b, .intersection)))
        case let (.ints(a), .ints(b)): return ValueSet(.ints(HashedSet(a.table.intersection(b.table))))
        case let (.strings(a), .strings(b)): return ValueSet(.strings(HashedSet(a.table.intersection(b.table))))
        default:
            if let partial = partialResult(.intersection, other) { return partial }
            if isEmpty || other.isEmpty { return ValueSet() }
            return ValueSet(.values(hashSet.intersection(other.hashSet)))
        }
    }

    /// The elements of this set that are not in `other`.
    public func subtracting(_ other: ValueSet) -> ValueSet {
        switch (storage, other.storage) {
        case let (.entities(a), .entities(b)): return ValueSet(.entities(a.combined(with: b, .subtract)))
        case let (.ints(a), .ints(b)): return ValueSet(.ints(HashedSet(a.table.subtracting(b.table))))
        case let (.strings(a), .strings(b)): return ValueSet(.strings(HashedSet(a.table.subtracting(b.table))))
        default:
            if let partial = partialResult(.subtract, other) { return partial }
            if isEmpty || other.isEmpty { return self }
            return ValueSet(.values(hashSet.subtracting(other.hashSet)))
        }
    }

    /// The elements of exactly one of the two sets.
    public func symmetricDifference(_ other: ValueSet) -> ValueSet {
        switch (storage, other.storage) {
        case let (.entities(a), .entities(b)):
            return ValueSet(.entities(a.combined(with: b, .symmetricDifference)))
        case let (.ints(a), .ints(b)): return ValueSet(.ints(HashedSet(a.table.symmetricDifference(b.table))))
        case let (.strings(a), .strings(b)): return ValueSet(.strings(HashedSet(a.table.symmetricDifference(b.table))))
        default:
            if let partial = partialResult(.symmetricDifference, other) { return partial }
            if other.isEmpty { return self }
            if isEmpty { return other }
            return ValueSet(.values(hashSet.symmetricDifference(other.hashSet)))
        }
    }

    /// `op` (union, intersection or difference) of this set of entities and a list of entities,
    /// without making a set of the list; nil when either holds anything else, or for another `op`.
    func combined(_ op: BinaryOp, withEntities list: [Value]) -> ValueSet? {
        guard case .entities(let bits) = storage, op != .symmetricDifference,
              let result = bits.combined(with: list, op) else { return nil }
        return ValueSet(.entities(result))
    }

    /// Whether every element of this set is in `other`; of incomplete sets, of the listed elements
    /// (`isKnownSubset(of:)` answers for the real sets).
    public func isSubset(of other: ValueSet) -> Bool {
        switch (storage, other.storage) {
        case let (.entities(a), .entities(b)): return a.isSubset(of: b)
        case let (.ints(a), .ints(b)): return a.table.isSubset(of: b.table)
        case let (.strings(a), .strings(b)): return a.table.isSubset(of: b.table)
        default: return count <= other.count && allSatisfy { other.contains($0) }
        }
    }

    /// The elements, in no particular order.
    public func makeIterator() -> AnyIterator<Value> {
        switch storage {
        case .entities(let bits):
            let registry = bits.memberCount == 0 ? [] : EntityRegistry.snapshot
            return AnyIterator(bits.ids.lazy.map { .entity(registry[$0]!) }.makeIterator())
        case .ints(let set): return AnyIterator(set.table.elements.lazy.map(Value.int).makeIterator())
        case .strings(let set): return AnyIterator(set.table.elements.lazy.map(Value.string).makeIterator())
        case .values(let set): return AnyIterator(set.makeIterator())
        case .partial(let p): return p.listed.makeIterator()
        }
    }

    /// The elements in the order they print in, which is the order `for`, `where`, `list` and the
    /// other built-ins go through a set in: entities in their display order (by
    /// name as a dictionary orders names, accents and case folded first), numbers by value, strings
    /// by code point, anything else by display text. Elements whose display texts together take
    /// more than ``Value/descriptionLimit`` bytes (lists that share their parts) are left in no
    /// particular order rather than sorted for ever.
    public var sorted: [Value] {
        var budget = DisplayBudget(maxBytes: Value.descriptionLimit)
        return (try? sorted(budget: &budget)) ?? Array(self)
    }

    /// `sorted`, with the elements' display texts written within a budget (see `DisplayBudget`).
    func sorted(budget: inout DisplayBudget) throws -> [Value] {
        switch storage {
        case .entities(let bits): return EntityOrder.sorted(bits)
        case .ints(let set): return set.table.elements.sorted().map(Value.int)
        case .strings(let set): return set.table.elements.sorted().map(Value.string)
        case .partial(let p): return try p.listed.sorted(budget: &budget)
        default: return try displayOrdered(budget: &budget).map(\.value)
        }
    }

    /// The elements with their display texts, in the order they print in (`Value.displayOrder`).
    /// Each text is written once, within the budget.
    func displayOrdered(budget: inout DisplayBudget) throws -> [(value: Value, text: String)] {
        switch storage {
        case .entities, .ints, .strings, .partial:
            // Their order needs no text: each element's text is written once, in that order.
            return try sorted(budget: &budget).map { element in
                var text = ""
                try element.write(to: &text, quoted: true, budget: &budget)
                return (element, text)
            }
        default:
            var texts: [(value: Value, text: String)] = []
            var used = 0
            for element in self {
                var text = ""
                let maxBytes = budget.maxBytes
                budget.maxBytes = maxBytes == .max ? .max : maxBytes - used
                defer { budget.maxBytes = maxBytes }
                try element.write(to: &text, quoted: true, budget: &budget)
                used += text.utf8.count + 2
                texts.append((element, text))
            }
            return texts.sorted { Value.displayOrder($0.value, $1.value, text: $0.text, $1.text) }
        }
    }

    /// Whether two sets have the same elements; incomplete sets are equal when they list the same
    /// elements and are incomplete in the same way (`isKnownEqual(to:)` answers for the real sets).
    public static func == (lhs: ValueSet, rhs: ValueSet) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case let (.entities(a), .entities(b)): return a == b
        case let (.ints(a), .ints(b)): return a.table == b.table
        case let (.strings(a), .strings(b)): return a.table == b.table
        default:
            if case .partial(let p) = lhs.storage {
                guard case .partial(let q) = rhs.storage else { return false }
                return p.known == q.known && p.possible == q.possible && p.reportedCount == q.reportedCount
            }
            if case .partial = rhs.storage { return false }
            return lhs.count == rhs.count && lhs.isSubset(of: rhs)
        }
    }

    /// Hashes the elements, independently of their order and of how the set is stored.
    public func hash(into hasher: inout Hasher) {
        var budget = Value.hashBudget
        hash(into: &hasher, depth: 0, budget: &budget)
    }

    /// Hashes the set within a budget of values looked at (see `Value.hash(into:depth:budget:)`):
    /// each element gets an equal share, so the hash does not depend on the order they are met in.
    func hash(into hasher: inout Hasher, depth: Int, budget: inout Int) {
        // Order-independent, and the same for every storage.
        hasher.combine(count)
        if case .partial(let p) = storage {
            hasher.combine(p.known)
            hasher.combine(p.possible)
        }
        guard depth < Value.recursionDepth else { return }
        let share = Value.share(of: &budget, among: count)
        guard share > 0 else { return }
        var sum = 0
        for element in self {
            var one = Hasher()
            var left = share
            element.hash(into: &one, depth: depth + 1, budget: &left)
            sum &+= one.finalize()
        }
        hasher.combine(sum)
    }
}

/// The header of `EntityBits`.
struct EntityBitsHeader {
    /// How many words follow; the bits of higher ids are all clear.
    var words: Int
    /// How many bits are set.
    var count: Int
}

/// The words of a set of entities, allocated in one block after a header that keeps the number of
/// members. Shared bits never change: `insert` changes them in place only when uniquely referenced.
final class EntityBits: ManagedBuffer<EntityBitsHeader, UInt64> {
    /// Bits with `words` words, which `fill` initialises, all of them.
    static func make(words: Int, _ fill: (UnsafeMutablePointer<UInt64>) -> Void) -> EntityBits {
        let bits = unsafeDowncast(create(minimumCapacity: words) { _ in EntityBitsHeader(words: words, count: 0) },
                                  to: EntityBits.self)
        bits.withUnsafeMutablePointers { header, out in
            fill(out)
            var count = 0
            for i in 0..<words { count &+= out[i].nonzeroBitCount }
            header.pointee.count = count
        }
        return bits
    }

    /// Bits with the given words.
    static func of(_ words: [UInt64]) -> EntityBits {
        make(words: words.count) { out in
            for (i, word) in words.enumerated() { out[i] = word }
        }
    }

    /// Sets the bit of `entity` in an array of words, growing it as needed.
    static func add(_ entity: Entity, to words: inout [UInt64]) {
        let (word, bit) = entity.id.quotientAndRemainder(dividingBy: 64)
        if word >= words.count { words.append(contentsOf: repeatElement(0, count: word - words.count + 1)) }
        words[word] |= 1 << UInt64(bit)
    }

    /// How many bits are set. Read through the header's pointer: `header`, a stored property of
    /// the class, would cost a dynamic exclusivity check on every read.
    var memberCount: Int { withUnsafeMutablePointerToHeader { $0.pointee.count } }

    /// Whether the bit of `id` is set.
    func contains(_ id: Int) -> Bool {
        let word = id &>> 6  // ids are not negative
        return withUnsafeMutablePointers { header, words in
            word < header.pointee.words && words[word] & (1 &<< UInt64(id & 63)) != 0
        }
    }

    /// Calls `body` with each id whose bit is set, in increasing order.
    @inline(__always)
    func forEachID(_ body: (Int) -> Void) {
        withUnsafeMutablePointers { header, words in
            for w in 0..<header.pointee.words {
                var bits = words[w]
                while bits != 0 {
                    body(w &<< 6 &+ bits.trailingZeroBitCount)
                    bits &= bits &- 1
                }
            }
        }
    }

    /// The ids whose bits are set, in increasing order.
    var ids: [Int] {
        withUnsafeMutablePointers { header, words in
            var ids: [Int] = []
            ids.reserveCapacity(header.pointee.count)
            for w in 0..<header.pointee.words {
                var bits = words[w]
                while bits != 0 {
                    ids.append(w * 64 + bits.trailingZeroBitCount)
                    bits &= bits - 1
                }
            }
            return ids
        }
    }
}

extension EntityBits {
    /// `self op other`, a word at a time: `op` is union, intersection, subtract or symmetric difference.
    func combined(with other: EntityBits, _ op: BinaryOp) -> EntityBits {
        withUnsafeMutablePointers { h, a in
            other.withUnsafeMutablePointers { k, b in
                let na = h.pointee.words, nb = k.pointee.words, common = Swift.min(na, nb)
                switch op {
                case .intersection:
                    return .make(words: common) { out in for i in 0..<common { out[i] = a[i] & b[i] } }
                case .subtract:
                    return .make(words: na) { out in
                        for i in 0..<common { out[i] = a[i] & ~b[i] }
                        for i in common..<na { out[i] = a[i] }
                    }
                default:
                    let xor = op == .symmetricDifference
                    return .make(words: Swift.max(na, nb)) { out in
                        if xor {
                            for i in 0..<common { out[i] = a[i] ^ b[i] }
                        } else {
                            for i in 0..<common { out[i] = a[i] | b[i] }
                        }
                        for i in common..<na { out[i] = a[i] }
                        for i in common..<nb { out[i] = b[i] }
                    }
                }
            }
        }
    }

    /// How many bits `self op other` has, with no bits made: `count(signed - g7)`. Every operator's
    /// count follows from the two counts and that of the intersection.
    @inline(__always)
    func countCombined(with other: EntityBits, _ op: BinaryOp) -> Int {
        withUnsafeMutablePointers { h, a in
            other.withUnsafeMutablePointers { k, b in
                var common = 0
                for i in 0..<Swift.min(h.pointee.words, k.pointee.words) { common &+= (a[i] & b[i]).nonzeroBitCount }
                return EntityBits.count(op, h.pointee.count, k.pointee.count, common: common)
            }
        }
    }

    /// How many words of bits it has.
    var wordCount: Int { withUnsafeMutablePointers { h, _ in h.pointee.words } }

    /// `combined[i] = combined[i] op word i of these bits`, for every word of `combined` (a word
    /// past these bits' last is 0): the rule of `combined(with:_:)`, a word at a time.
    func combine(_ op: BinaryOp, into combined: UnsafeMutableBufferPointer<UInt64>) {
        withUnsafeMutablePointers { h, b in
            let n = Swift.min(h.pointee.words, combined.count)
            for i in combined.indices {
                let word = i < n ? b[i] : 0
                switch op {
                case .intersection: combined[i] &= word
                case .subtract: combined[i] &= ~word
                case .symmetricDifference: combined[i] ^= word
                default: combined[i] |= word
                }
            }
        }
    }

    /// How many elements `x op y` has, for sets of `left` and `right` elements with `common` in common.
    @inline(__always)
    static func count(_ op: BinaryOp, _ left: Int, _ right: Int, common: Int) -> Int {
        switch op {
        case .intersection: return common
        case .subtract: return left &- common
        case .symmetricDifference: return left &+ right &- 2 &* common
        default: return left &+ right &- common
        }
    }

    /// `self op list` for union, intersection or subtract, with the list's entities as bits; nil if
    /// the list holds anything but entities.
    func combined(with list: [Value], _ op: BinaryOp) -> EntityBits? {
        var top = -1
        for element in list {
            guard case .entity(let e) = element else { return nil }
            top = Swift.max(top, e.id)
        }
        return withUnsafeMutablePointers { h, a in
            let na = h.pointee.words
            switch op {
            case .intersection:
                return .make(words: na) { out in
                    out.initialize(repeating: 0, count: na)
                    for case .entity(let e) in list where e.id / 64 < na {
                        out[e.id / 64] |= a[e.id / 64] & (1 << UInt64(e.id % 64))
                    }
                }
            case .subtract:
                return .make(words: na) { out in
                    out.initialize(from: a, count: na)
                    for case .entity(let e) in list where e.id / 64 < na { out[e.id / 64] &= ~(1 << UInt64(e.id % 64)) }
                }
            default:
                let n = Swift.max(na, top / 64 + 1)
                return .make(words: n) { out in
                    out.initialize(from: a, count: na)
                    (out + na).initialize(repeating: 0, count: n - na)
                    for case .entity(let e) in list { out[e.id / 64] |= 1 << UInt64(e.id % 64) }
                }
            }
        }
    }

    /// Whether every bit set here is set in `other`.
    func isSubset(of other: EntityBits) -> Bool {
        withUnsafeMutablePointers { h, a in
            other.withUnsafeMutablePointers { k, b in
                let nb = k.pointee.words
                for i in 0..<h.pointee.words where a[i] & ~(i < nb ? b[i] : 0) != 0 { return false }
                return true
            }
        }
    }

    /// Whether the same bits are set in both.
    static func == (lhs: EntityBits, rhs: EntityBits) -> Bool {
        lhs.memberCount == rhs.memberCount && lhs.isSubset(of: rhs)
    }
}

extension EntityBits {
    /// Sets the bit of `id` in place, or in a larger copy when these bits are shared or too short.
    static func insert(_ id: Int, into bits: inout EntityBits) {
        let (word, bit) = id.quotientAndRemainder(dividingBy: 64)
        let words = bits.withUnsafeMutablePointerToHeader { $0.pointee.words }
        if !isKnownUniquelyReferenced(&bits) || word >= words {
            let n = Swift.max(words, word + 1)
            bits = bits.withUnsafeMutablePointerToElements { old in
                .make(words: n) { out in
                    out.initialize(from: old, count: words)
                    (out + words).initialize(repeating: 0, count: n - words)
                }
            }
        }
        bits.withUnsafeMutablePointers { header, out in
            if out[word] & (1 << UInt64(bit)) == 0 {
                out[word] |= 1 << UInt64(bit)
                header.pointee.count += 1
            }
        }
    }
}
