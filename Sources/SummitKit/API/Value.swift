// The value of a Summit expression: what the language computes with and what an embedder gets back.
// A plain enum, so a host can switch over it; lists, sets and records are value types, so a Value is
// safe to send between tasks.

/// A Summit value.
///
/// Numbers are one type to the user but two cases here: `.int` holds exact 64-bit integers and
/// `.double` holds everything else; `1 == 1.0` is true and they hash alike.
public enum Value: Sendable {
    /// `nil`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An exact integer.
    case int(Int)
    /// A floating-point number.
    case double(Double)
    /// A string of Unicode text.
    case string(String)
    /// An ordered list.
    case list([Value])
    /// A set, printed in sorted order.
    case set(ValueSet)
    /// A record of named fields in the order they were written.
    case record(Record)
    /// A fact-base entity: a country, organisation, person, quote, summit...
    case entity(Entity)
    /// A function: built-in, host-defined or written in Summit.
    case function(Function)
}

extension Value {
    /// The name of the value's type as `type(x)` gives it: `"number"`, `"string"`, `"country"`...
    public var typeName: String {
        switch self {
        case .null: return "nil"
        case .bool: return "bool"
        case .int, .double: return "number"
        case .string: return "string"
        case .list: return "list"
        case .set: return "set"
        case .record: return "record"
        case .entity(let e): return e.kind
        case .function: return "function"
        }
    }

    /// Whether the value is a string.
    var isStringValue: Bool {
        if case .string = self { return true }
        return false
    }

    /// Whether the value is a list or a set.
    var isCollection: Bool {
        switch self {
        case .list, .set: return true
        default: return false
        }
    }

    /// The elements of a list or set; 0 for any other value.
    var collectionCount: Int {
        switch self {
        case .list(let list): return list.count
        case .set(let set): return set.count
        default: return 0
        }
    }

    /// Whether the value is an entity.
    var isEntity: Bool {
        if case .entity = self { return true }
        return false
    }

    /// The number as a Double, if the value is a number.
    var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// Element `i` of a list, or nil for an index out of range or any other value. A method for
    /// the same reason as `field(_:)`: a list in a variable is looked into where it is held.
    @inline(__always)
    func element(_ i: Int) -> Value? {
        guard case .list(let l) = self, i >= 0, i < l.count else { return nil }
        return l[i]
    }

    /// The id of an entity, read with no reference counted, or nil for any other value.
    @inline(__always)
    var entityID: Int? {
        guard case .entity(let e) = self else { return nil }
        return e.id
    }

    /// An entity with no reference counted, or nil for any other value. For a look at an entity
    /// where it is held, such as a local in `c.name`.
    @inline(__always)
    var entityReference: Unmanaged<Entity>? {
        guard case .entity(let e) = self else { return nil }
        return .passUnretained(e)
    }

    /// The table of a set of strings, with no reference counted, or nil for any other value. A
    /// complete set with nothing in it (`.values([])`, as `set()` and a fact with no value make
    /// it) is a set of strings too, and gives an empty table.
    @inline(__always)
    var stringTable: Unmanaged<HashedSet<String>>? {
        guard case .set(let set) = self else { return nil }
        switch set.storage {
        case .strings(let table): return .passUnretained(table)
        case .values(let values) where values.isEmpty: return .passUnretained(noStrings)
        default: return nil
        }
    }

    /// The bits of a set of entities, with no reference counted, or nil for any other value. For a
    /// look at a set where it is held, such as a global in `signed | g7`.
    @inline(__always)
    var entityBits: Unmanaged<EntityBits>? {
        guard case .set(let set) = self, case .entities(let bits) = set.storage else { return nil }
        return .passUnretained(bits)
    }
}

extension Value: Equatable {
    /// Whether two values are equal: numbers by value (`1 == 1.0`), collections by their elements
    /// (sets in any order, records whatever the order of their fields), entities and functions by identity.
    public static func == (lhs: Value, rhs: Value) -> Bool {
        // Strings first: the commonest comparison, with no tuple of the two values to switch on.
        if case .string(let a) = lhs, case .string(let b) = rhs { return a == b }
        var seen = SeenPairs()
        return equal(lhs, rhs, depth: 0, seen: &seen)
    }

    /// How deeply nested lists and records are compared and hashed by recursion; below that,
    /// comparison goes on with a stack of its own and hashing stops, so that values nested a
    /// million deep compare and hash without exhausting the native stack.
    static let recursionDepth = 64

    /// The pairs of lists (records, sets) one comparison has met, once it has met many: a value that shares its
    /// parts (`r = [r, r]` forty times) is a tree of 2^40 elements, and two such values built apart
    /// share no storage with each other; each pair of lists is compared once, so comparing them
    /// takes forty steps. A pair met again is skipped: if it differs, the first meeting says so.
    struct SeenPairs {
        /// Lists, records and sets compared so far; the set is kept only past `threshold`, so that
        /// small comparisons cost nothing more.
        private var lists = 0
        private var pairs: Set<Pair>?
        private static let threshold = 1_024

        private struct Pair: Hashable {
            let a: UnsafeRawPointer?
            let b: UnsafeRawPointer?
        }

        /// Whether the pair of lists was met before; records it.
        mutating func metBefore(_ a: [Value], _ b: [Value]) -> Bool {
            metBefore(Value.identity(a), Value.identity(b))
        }

        /// Whether the pair of collections stored at `a` and `b` was met before; records it. A pair
        /// of sets is recorded from the first (`always`): comparing two sets hashes their elements,
        /// which costs more than recording the pair.
        mutating func metBefore(_ a: UnsafeRawPointer?, _ b: UnsafeRawPointer?, always: Bool = false) -> Bool {
            lists += 1
            guard lists > Self.threshold || always, a != nil, b != nil else { return false }
            if pairs == nil { pairs = [] }
            return !pairs!.insert(Pair(a: a, b: b)).inserted
        }
    }

    /// Where a list's elements are stored.
    static func identity(_ list: [Value]) -> UnsafeRawPointer? {
        list.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    /// Where a set's elements are stored: a `Set` is one reference to its storage.
    static func identity(_ set: Set<Value>) -> UnsafeRawPointer? {
        unsafeBitCast(set, to: UnsafeRawPointer?.self)
    }

    private static func equal(_ lhs: Value, _ rhs: Value, depth: Int, seen: inout SeenPairs) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.int(a), .double(b)), let (.double(b), .int(a)): return Double(a) == b && Int(exactly: b) == a
        case let (.string(a), .string(b)): return a == b
        case let (.list(a), .list(b)):
            guard a.count == b.count else { return false }
            if sameStorage(a, b) || seen.metBefore(a, b) { return true }
            if depth >= recursionDepth { return equalIteratively(lhs, rhs, seen: &seen) }
            for (x, y) in zip(a, b) where !equal(x, y, depth: depth + 1, seen: &seen) { return false }
            return true
        case let (.record(a), .record(b)):
            guard a.count == b.count, Record.sameKinds(ofKeys: a, b) else { return false }
            if a.storageIdentity == b.storageIdentity || seen.metBefore(a.storageIdentity, b.storageIdentity) { return true }
            if depth >= recursionDepth { return equalIteratively(lhs, rhs, seen: &seen) }
            for (x, y) in a.pairedValues(with: b) {
                guard let y, equal(x, y, depth: depth + 1, seen: &seen) else { return false }
            }
            return true
        case let (.set(a), .set(b)):
            if depth >= recursionDepth { return equalIteratively(lhs, rhs, seen: &seen) }
            guard case .values(let x) = a.storage, case .values(let y) = b.storage else { return a == b }
            guard x.count == y.count else { return false }
            if identity(x) == identity(y) || seen.metBefore(identity(x), identity(y), always: true) { return true }
            // Each element of one set against the elements of the other with its hash, so that
            // the depth goes on counting (a set's own `contains` would start it again).
            let byHash = Dictionary(grouping: y, by: \.hashValue)
            for element in x {
                guard let candidates = byHash[element.hashValue],
                      candidates.contains(where: { equal(element, $0, depth: depth + 1, seen: &seen) }) else { return false }
            }
            return true
        case let (.entity(a), .entity(b)): return a === b
        case let (.function(a), .function(b)): return a === b
        default: return false
        }
    }

    /// Whether two arrays share their storage, and so are equal without a look at the elements.
    private static func sameStorage(_ a: [Value], _ b: [Value]) -> Bool {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress } }
    }

    /// Compares nested lists and records with a stack of the pairs still to compare.
    private static func equalIteratively(_ lhs: Value, _ rhs: Value, seen: inout SeenPairs) -> Bool {
        var pairs: [(Value, Value)] = [(lhs, rhs)]
        while let (a, b) = pairs.popLast() {
            switch (a, b) {
            case let (.list(x), .list(y)):
                guard x.count == y.count else { return false }
                if !sameStorage(x, y) && !seen.metBefore(x, y) { pairs.append(contentsOf: zip(x, y)) }
            case let (.record(x), .record(y)):
                guard x.count == y.count, Record.sameKinds(ofKeys: x, y) else { return false }
                if x.storageIdentity == y.storageIdentity || seen.metBefore(x.storageIdentity, y.storageIdentity) { continue }
                for (v, w) in x.pairedValues(with: y) {
                    guard let w else { return false }
                    pairs.append((v, w))
                }
            case let (.set(x), .set(y)):
                guard case .values(let xs) = x.storage, case .values(let ys) = y.storage else {
                    guard x == y else { return false }
                    continue
                }
                guard xs.count == ys.count else { return false }
                if identity(xs) == identity(ys) || seen.metBefore(identity(xs), identity(ys), always: true) { continue }
                // An element whose hash only one element of the other set has is paired with it,
                // to be compared in turn (every pair must be equal); otherwise compared here.
                let byHash = Dictionary(grouping: ys, by: \.hashValue)
                for element in xs {
                    guard let candidates = byHash[element.hashValue] else { return false }
                    if candidates.count == 1 {
                        pairs.append((element, candidates[0]))
                    } else if !candidates.contains(where: { equal(element, $0, depth: 0, seen: &seen) }) {
                        return false
                    }
                }
            default:
                guard equal(a, b, depth: 0, seen: &seen) else { return false }
            }
        }
        return true
    }
}

extension Value: Hashable {
    /// Hashes the value consistently with `==`: an integral double hashes as the integer it equals.
    public func hash(into hasher: inout Hasher) {
        var budget = Value.hashBudget
        hash(into: &hasher, depth: 0, budget: &budget)
    }

    /// How many values one hash looks at, at most. A value that shares its parts (`r = [r, r]`
    /// forty times) is small in memory and a tree of 2^40 elements; its hash looks at the first
    /// thousand and stops, as it stops below `recursionDepth` levels. (A set hashes each element
    /// with a hasher of its own, so each value looked at costs a hash: 4,096 made building a set
    /// of sets nested 300 deep take 3 s in a debug build.)
    static let hashBudget = 1_024

    /// Hashes the value, looking at no more than `budget` values. What is looked at depends on
    /// the value alone, never on how a set or record is stored, so equal values hash alike: a list
    /// spends the budget on its elements in order; a set or record gives each element an equal
    /// share and adds their hashes, which does not depend on their order. Lists and records nested
    /// deeper than `recursionDepth` add only their size.
    func hash(into hasher: inout Hasher, depth: Int, budget: inout Int) {
        budget -= 1
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(b)
        case .int(let i): hasher.combine(i)
        case .double(let d):
            // An integral double hashes as the integer it equals.
            if let i = Int(exactly: d) { hasher.combine(i) } else { hasher.combine(d) }
        case .string(let s): hasher.combine(s)
        case .list(let l):
            hasher.combine(l.count)
            if depth < Value.recursionDepth {
                for element in l {
                    guard budget > 0 else { break }
                    element.hash(into: &hasher, depth: depth + 1, budget: &budget)
                }
            }
        case .set(let s): s.hash(into: &hasher, depth: depth, budget: &budget)
        case .record(let r):
            hasher.combine(r.count)
            if depth < Value.recursionDepth {
                // Fields in any order hash alike, as records with the same fields are equal.
                let share = Value.share(of: &budget, among: r.count)
                var sum = 0
                for (key, value) in r {
                    var field = Hasher()
                    field.combine(r.key(named: key))
                    var left = share
                    if left > 0 { value.hash(into: &field, depth: depth + 1, budget: &left) }
                    sum &+= field.finalize()
                }
                hasher.combine(sum)
            }
        case .entity(let e): hasher.combine(ObjectIdentifier(e))
        case .function(let f): hasher.combine(ObjectIdentifier(f))
        }
    }

    /// An equal share of what is left of a hash's budget for each of `count` elements, taken
    /// from the budget: the same whatever the order the elements are met in.
    static func share(of budget: inout Int, among count: Int) -> Int {
        guard count > 0, budget > 0 else { return 0 }
        let share = budget / count
        budget -= share * count
        return share
    }
}

extension Value: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// `nil` as a value: `let v: Value = nil`.
    public init(nilLiteral: ()) { self = .null }
    /// A boolean: `let v: Value = true`.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer: `let v: Value = 3`.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A double: `let v: Value = 2.5`.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A string: `let v: Value = "text"`.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A list: `let v: Value = [1, "a", nil]`.
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    /// A record, with the fields in the order written: `let v: Value = ["name": "x", "n": 1]`.
    public init(dictionaryLiteral elements: (String, Value)...) {
        var record = Record()
        for (key, value) in elements { record[key] = value }
        self = .record(record)
    }
}

/// The table of `Value.stringTable` for a set with nothing in it. Never changed: `ValueSet`
/// changes a table only through the set that holds it.
nonisolated(unsafe) private let noStrings = HashedSet<String>(HashTable(capacity: 0))
