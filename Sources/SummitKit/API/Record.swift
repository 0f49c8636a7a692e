// A record: named fields in the order they were first written. Most records have a handful of
// fields, found fastest by comparing names in order; a large one (a map of thousands of keys) keeps
// a hashed index beside its fields. Two words, so that a Value with its tag stays within three.

/// A record of named fields, such as `{name: "x", n: 1}`. Fields keep the order they were first set in.
public struct Record: Sendable, Hashable, Sequence {
    /// A field: a struct rather than a tuple, so that an array of them is copied and destroyed by
    /// code made for it rather than by the runtime's generic tuple functions.
    struct Field {
        let key: String
        var value: Value
    }

    /// The fields, in order.
    private var fields: [Field] = []
    /// The position of each key, kept only once the record has more than `indexedCount` fields.
    private var index: [String: Int]?

    /// Up to this many fields, a field is found by comparing names, which costs less than hashing one.
    private static let indexedCount = 16

    /// An empty record.
    public init() {}

    /// A record with the given fields, in order; a later duplicate key replaces the earlier value.
    public init(_ fields: [(String, Value)]) {
        for (key, value) in fields { self[key] = value }
    }

    /// A record of fields whose keys are known to be distinct, as a record literal's are.
    init(distinctFields fields: [Field]) {
        self.fields = fields
        if fields.count > Record.indexedCount { buildIndex() }
    }

    /// Where the fields are stored: records that share it are equal (see `Value.SeenPairs`).
    var storageIdentity: UnsafeRawPointer? {
        fields.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
    }

    /// The field names, in order.
    public var keys: [String] { fields.map(\.key) }

    /// The number of fields.
    public var count: Int { fields.count }

    /// The value of a field, or nil when there is none. Setting nil removes the field.
    public subscript(key: String) -> Value? {
        get { position(of: key).map { fields[$0].value } }
        set {
            let position = position(of: key)
            switch (position, newValue) {
            case let (position?, newValue?):
                fields[position].value = newValue
            case let (nil, newValue?):
                fields.append(Field(key: key, value: newValue))
                if index != nil {
                    index![key] = fields.count - 1
                } else if fields.count > Record.indexedCount {
                    buildIndex()
                }
            case (let position?, nil):
                fields.remove(at: position)
                if index != nil { buildIndex() }
            case (nil, nil):
                break
            }
        }
    }

    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        // A key spelled the same way as the one asked for almost always has the same bits: a short
        // string is held in them, and a long one shares its storage. Comparing bits is a pair of
        // machine words, where `==` on two different keys goes through the standard library's
        // comparison; it still decides when the bits differ (other storage, another normal form).
        return positionByBits(key) ?? fields.firstIndex { $0.key == key }
    }

    /// The position of the field whose key has the same bits as `key`, ignoring the index. Loads and
    /// compares only, so that a record read where it is held needs no reference counted for it.
    @inline(__always)
    fileprivate func positionByBits(_ key: String) -> Int? {
        let bits = Record.bits(of: key)
        for position in fields.indices where Record.bits(of: fields[position].key) == bits { return position }
        return nil
    }

    @inline(__always)
    private static func bits(of key: String) -> (UInt64, UInt64) { unsafeBitCast(key, to: (UInt64, UInt64).self) }

    private mutating func buildIndex() {
        var index = [String: Int](minimumCapacity: fields.count)
        for (position, field) in fields.enumerated() { index[field.key] = position }
        self.index = index
    }

    /// The fields in order.
    public func makeIterator() -> Iterator { Iterator(fields: fields.makeIterator()) }

    /// Goes through a record's fields in order.
    public struct Iterator: IteratorProtocol {
        var fields: IndexingIterator<[Field]>

        public mutating func next() -> (key: String, value: Value)? {
            fields.next().map { ($0.key, $0.value) }
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

extension Record {
    /// The value of the field whose key has the same bits as `key` (see `position(of:)`), in a
    /// record with no index.
    @inline(__always)
    fileprivate func valueByBits(_ key: String) -> Value? {
        guard index == nil, let position = positionByBits(key) else { return nil }
        return fields[position].value
    }

    /// Sets the field whose key has the same bits as `key`, in a record with no index; false,
    /// changing nothing, when there is none (`subscript` then does the rest).
    @inline(__always)
    mutating func updateByBits(_ key: String, _ value: Value) -> Bool {
        guard index == nil, let position = positionByBits(key) else { return false }
        fields[position].value = value
        return true
    }

    /// Changes the integer in the field found as `updateByBits` finds it to what `change` makes of
    /// it; false, changing nothing, when there is no such field, it holds no integer, or `change`
    /// gives nil.
    @inline(__always)
    mutating func changeIntegerByBits(_ key: String, _ change: (Int) -> Int?) -> Bool {
        guard index == nil, let position = positionByBits(key), case .int(let i) = fields[position].value,
              let result = change(i) else { return false }
        fields[position].value = .int(result)
        return true
    }
}

extension Value {
    /// The field of a record, or nil for a missing field or any other value. A method, so that a
    /// record in a variable is looked into where it is held: the usual find, by the key's bits,
    /// binds the record in a function of its own that calls nothing, and so does not retain it.
    @inline(__always)
    func field(_ key: String) -> Value? {
        if let value = fieldByBits(key) { return value }
        if case .record(let r) = self { return r[key] }
        return nil
    }

    @inline(__always)
    private func fieldByBits(_ key: String) -> Value? {
        guard case .record(let r) = self else { return nil }
        return r.valueByBits(key)
    }
}
