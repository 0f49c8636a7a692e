// A record: named fields in the order they were first written. Most records have a handful of
// fields, found fastest by comparing names in order; a large one (a map of thousands of keys) keeps
// a hashed index beside its fields.

/// A record of named fields, such as `{name: "x", n: 1}`. Fields keep the order they were first set in.
public struct Record: Sendable, Hashable, Sequence {
    /// The field names, in order.
    public private(set) var keys: [String] = []
    /// The field values, in the order of `keys`.
    private var values: [Value] = []
    /// The position of each key, kept only once the record has more than `indexedCount` fields.
    private var index: [String: Int]?

    /// Up to this many fields, a field is found by comparing names, which costs less than hashing one.
    private static let indexedCount = 8

    /// An empty record.
    public init() {}

    /// A record with the given fields, in order; a later duplicate key replaces the earlier value.
    public init(_ fields: [(String, Value)]) {
        for (key, value) in fields { self[key] = value }
    }

    /// A record with these distinct keys and their values, for a record literal: the literal's keys
    /// are shared by every record it makes.
    init(distinctKeys keys: [String], values: [Value]) {
        self.keys = keys
        self.values = values
        if keys.count > Record.indexedCount { buildIndex() }
    }

    /// The number of fields.
    public var count: Int { keys.count }

    /// The value of a field, or nil when there is none. Setting nil removes the field.
    public subscript(key: String) -> Value? {
        get { position(of: key).map { values[$0] } }
        set {
            let position = position(of: key)
            switch (position, newValue) {
            case let (position?, newValue?):
                values[position] = newValue
            case let (nil, newValue?):
                keys.append(key)
                values.append(newValue)
                if index != nil {
                    index![key] = keys.count - 1
                } else if keys.count > Record.indexedCount {
                    buildIndex()
                }
            case (let position?, nil):
                keys.remove(at: position)
                values.remove(at: position)
                if index != nil { buildIndex() }
            case (nil, nil):
                break
            }
        }
    }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return keys.firstIndex(of: key)
    }

    private mutating func buildIndex() {
        var index = [String: Int](minimumCapacity: keys.count)
        for (position, key) in keys.enumerated() { index[key] = position }
        self.index = index
    }

    /// The fields in order.
    public func makeIterator() -> Iterator { Iterator(record: self) }

    /// Goes through a record's fields in order.
    public struct Iterator: IteratorProtocol {
        let record: Record
        var position = 0

        public mutating func next() -> (key: String, value: Value)? {
            guard position < record.keys.count else { return nil }
            defer { position += 1 }
            return (record.keys[position], record.values[position])
        }
    }

    /// Two records are equal when they have the same fields with equal values, in any order.
    public static func == (lhs: Record, rhs: Record) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (key, value) in lhs {
            guard let other = rhs[key], other == value else { return false }
        }
        return true
    }

    /// Hashes the fields consistently with `==`, whatever their order: the fields' own hashes are
    /// combined by an operation that does not depend on order.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for (key, value) in self {
            var field = Hasher()
            field.combine(key)
            field.combine(value)
            combined ^= field.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}
