// A record: named fields in the order they were first written, with hashed lookup.

/// A record of named fields, such as `{name: "x", n: 1}`. Fields keep the order they were first set in.
public struct Record: Sendable, Hashable, Sequence {
    /// The field names, in order.
    public private(set) var keys: [String] = []
    private var storage: [String: Value] = [:]

    /// An empty record.
    public init() {}

    /// A record with the given fields, in order; a later duplicate key replaces the earlier value.
    public init(_ fields: [(String, Value)]) {
        for (key, value) in fields { self[key] = value }
    }

    /// The number of fields.
    public var count: Int { keys.count }

    /// The value of a field, or nil when there is none. Setting nil removes the field.
    public subscript(key: String) -> Value? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// The fields in order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: Value)> {
        var index = 0
        let keys = self.keys, storage = self.storage
        return AnyIterator {
            guard index < keys.count else { return nil }
            defer { index += 1 }
            return (keys[index], storage[keys[index]]!)
        }
    }

    /// Two records are equal when they have the same fields with equal values, in any order.
    public static func == (lhs: Record, rhs: Record) -> Bool { lhs.storage == rhs.storage }
    /// Hashes the fields consistently with `==`, whatever their order.
    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }
}
