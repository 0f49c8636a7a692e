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

    /// The fields, in order. A field whose key is not a string (`group_by` by a boolean, a number or
    /// an entity) is named by the key's display text, and its key is kept in `extras`.
    private var fields: [Field] = []
    /// The position of each key once the record has more than `indexedCount` fields, and the keys
    /// that are not strings; nil for a small record with string keys, the usual one.
    private var extras: Extras?

    /// What a record holds beside its fields, rarely: a class, so that a record stays two words.
    /// Shared between copies of a record, and copied before one of them changes it.
    private final class Extras: @unchecked Sendable {
        var index: [String: Int]?
        /// The key of each field that is not a string, by the field's name.
        var keyValues: [String: Value] = [:]

        init(index: [String: Int]?, keyValues: [String: Value]) {
            self.index = index
            self.keyValues = keyValues
        }

        var isEmpty: Bool { index == nil && keyValues.isEmpty }
    }

    /// The position of each key, kept only once the record has more than `indexedCount` fields.
    private var index: [String: Int]? {
        get { extras?.index }
        set {
            if extras == nil {
                if newValue == nil { return }
                extras = Extras(index: newValue, keyValues: [:])
                return
            }
            if !isKnownUniquelyReferenced(&extras!) { extras = Extras(index: extras!.index, keyValues: extras!.keyValues) }
            extras!.index = newValue
            if extras!.isEmpty { extras = nil }
        }
    }

    /// Up to this many fields, a field is found by comparing names, which costs less than hashing one.
    private static let indexedCount = 32

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

    /// A record of fields whose names are known to be distinct, with the keys that are not strings
    /// by the name of their field, as `group_by` makes one.
    init(distinctFields fields: [Field], keyValues: [String: Value]) {
        self.init(distinctFields: fields)
        for (name, key) in keyValues { setKeyValue(key, for: name) }
    }

    /// The field names, in order.
    public var keys: [String] { fields.map(\.key) }

    /// The number of fields.
    public var count: Int { fields.count }

    /// The value of a field, or nil when there is none. Setting nil removes the field.
    public subscript(key: String) -> Value? {
        get { inlinePosition(of: key).map { fields[$0].value } }
        set {
            let position = position(of: key)
            switch (position, newValue) {
            case let (position?, newValue?):
                fields[position].value = newValue
            case let (nil, newValue?):
                fields.append(Field(key: key, value: newValue))
                if extras?.index != nil {
                    // In place: through the `index` property, the dictionary would be copied.
                    if !isKnownUniquelyReferenced(&extras!) { extras = Extras(index: extras!.index, keyValues: extras!.keyValues) }
                    extras!.index![key] = fields.count - 1
                } else if fields.count > Record.indexedCount {
                    buildIndex()
                }
            case (let position?, nil):
                fields.remove(at: position)
                if extras?.keyValues[key] != nil { setKeyValue(nil, for: key) }
                if extras?.index != nil { buildIndex() }
            case (nil, nil):
                break
            }
        }
    }

    private func position(of key: String) -> Int? {
        if let extras, extras.index != nil { return extras.index![key] }
        // A key spelled the same way as the one asked for almost always has the same bits: a short
        // string is held in them, and a long one shares its storage. Comparing bits is a pair of
        // machine words, where `==` on two different keys goes through the standard library's
        // comparison; it still decides when the bits differ (other storage, another normal form).
        return positionByBits(key) ?? fields.firstIndex { $0.key == key }
    }

    /// `position(of:)`, with the usual find, by the key's bits in a record with no index, inline:
    /// the call to `position(of:)` made its caller retain the record's storage around it, when
    /// the record was read where it is held (an entity's members, a variable).
    @inline(__always)
    private func inlinePosition(of key: String) -> Int? {
        if extras == nil, let position = positionByBits(key) { return position }
        return position(of: key)
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

    private mutating func setKeyValue(_ key: Value?, for name: String) {
        if extras == nil {
            guard let key else { return }
            extras = Extras(index: nil, keyValues: [name: key])
            return
        }
        if !isKnownUniquelyReferenced(&extras!) { extras = Extras(index: extras!.index, keyValues: extras!.keyValues) }
        extras!.keyValues[name] = key
        if extras!.isEmpty { extras = nil }
    }

    /// The name of the field a key is held under: a string is its own name; any other key (a
    /// boolean, a number, an entity...) is named by its display text (`true`, `1`, `France`).
    static func name(of key: Value) -> String {
        name(of: key, describe: { $0.description })
    }

    /// `name(of:)` with the display text written by `describe` (within a budget, for `group_by`).
    static func name(of key: Value, describe: (Value) throws -> String) rethrows -> String {
        switch key {
        case .string(let s): return s
        case .double(let d): if let i = Int(exactly: d) { return String(i) }  // 1.0 is the key 1
        default: break
        }
        return try describe(key)
    }

    /// Whether the record has a key that is not a string.
    var hasValueKeys: Bool { !(extras?.keyValues.isEmpty ?? true) }

    /// The key of the field named `name` as a value: a string, or the value it was set with.
    func key(named name: String) -> Value {
        extras?.keyValues[name] ?? .string(name)
    }

    /// The keys as values, in order: strings, and the keys that are not strings as they are.
    public var keyValues: [Value] {
        // Each name as its key, then the few keys that are not strings put in their places: not
        // a look-up of every name among them (a hash of each key of `group_by`'s record).
        var keys = fields.map { Value.string($0.key) }
        guard let extras, !extras.keyValues.isEmpty else { return keys }
        for (name, key) in extras.keyValues {
            if let position = position(of: name) { keys[position] = key }
        }
        return keys
    }

    /// The value under a key of any kind, or nil when there is none. A string finds its field
    /// whatever the kind of that field's key (`g["true"]` finds the group of `true`); any other key
    /// finds only the field set with a key equal to it.
    public subscript(key key: Value) -> Value? {
        if case .string(let s) = key { return self[s] }
        let name = Record.name(of: key)
        guard let stored = extras?.keyValues[name], stored == key else { return nil }
        return self[name]
    }

    /// Sets the value under a key of any kind. A key whose display text names a field with
    /// another key (`1` and `"1"`) is an error: the two would be one field.
    mutating func set(_ value: Value, forKey key: Value) throws {
        let name = Record.name(of: key)
        let stored = self.key(named: name)
        var bothStrings = false
        if case .string = key, case .string = stored { bothStrings = true }
        if self[name] != nil, stored != key, !bothStrings {
            throw SummitError(.runtime, "a record cannot have both the keys \(stored) and \(key): they display alike")
        }
        if case .string = key {
            self[name] = value
            return
        }
        self[name] = value
        setKeyValue(key, for: name)
    }

    /// The fields in order.
    public func makeIterator() -> Iterator { Iterator(fields: fields.makeIterator()) }

    /// Goes through a record's fields in order.
    public struct Iterator: IteratorProtocol {
        var fields: IndexingIterator<[Field]>

        /// The next field, or nil after the last.
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
        return sameKinds(ofKeys: lhs, rhs)
    }

    /// Whether the fields of the same name have equal keys in both records: `{1: x}` is not `{"1": x}`.
    static func sameKinds(ofKeys lhs: Record, _ rhs: Record) -> Bool {
        guard lhs.hasValueKeys || rhs.hasValueKeys else { return true }
        for field in lhs.fields where lhs.key(named: field.key) != rhs.key(named: field.key) { return false }
        return true
    }

    /// Hashes the fields consistently with `==`, whatever their order: the fields' own hashes are
    /// combined by an operation that does not depend on order.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for (key, value) in self {
            var field = Hasher()
            field.combine(self.key(named: key))
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
        guard extras == nil, let position = positionByBits(key) else { return nil }
        return fields[position].value
    }

    /// Sets the field whose key has the same bits as `key`, in a record with no index; false,
    /// changing nothing, when there is none (`subscript` then does the rest).
    @inline(__always)
    mutating func updateByBits(_ key: String, _ value: Value) -> Bool {
        guard extras == nil, let position = positionByBits(key) else { return false }
        fields[position].value = value
        return true
    }

    /// Changes the integer in the field found as `updateByBits` finds it to what `change` makes of
    /// it; false, changing nothing, when there is no such field, it holds no integer, or `change`
    /// gives nil.
    @inline(__always)
    mutating func changeIntegerByBits(_ key: String, _ change: (Int) -> Int?) -> Bool {
        guard extras == nil, let position = positionByBits(key), case .int(let i) = fields[position].value,
              let result = change(i) else { return false }
        fields[position].value = .int(result)
        return true
    }
}

extension Record {
    /// What `body` makes of the value of field `key` where the record holds it, with no copy of
    /// it; nil when there is no such field.
    @inline(__always)
    func withValue<R>(_ key: String, _ body: (borrowing Value) -> R?) -> R? {
        guard let position = inlinePosition(of: key) else { return nil }
        return fields.withUnsafeBufferPointer { body($0[position].value) }
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
