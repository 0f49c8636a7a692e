// A record: named fields in the order they were first written. The names live apart from the
// values, in a shape that records share: every record one literal makes, the rows of one CSV file,
// the entities of one kind, and the copies of a record. A record is its shape and its storage, one
// allocation of its values after their count: making one is that allocation and a count on its
// shape. Most records have a handful of fields, found fastest by comparing names in order; a large
// one (a map of thousands of keys) keeps a hashed index in its shape. Two words, so that a Value
// with its tag stays within three; two references, so that copying a Value of any kind stays a
// switch that sets up no frame for the kinds that need no count (with one reference in a record,
// the compiler gave every copy and destroy of a Value a frame: `sieve` 4.7% more instructions).

/// A record of named fields, such as `{name: "x", n: 1}`. Fields keep the order they were first set in.
public struct Record: Sendable, Hashable, Sequence {
    /// The names of the fields, in order, with what goes with them. A field whose key is not a
    /// string (`group_by` by a boolean, a number or an entity) is named by the key's display text,
    /// and its key is kept in `keyValues`.
    final class Shape: @unchecked Sendable {
        // Unchecked: a shape is changed only through a record that holds the one reference to it
        // (see `uniqueShape`), so no read can overlap a write; a checked access costs each read.
        @exclusivity(unchecked) fileprivate(set) var names: [String]
        /// The position of each name once there are more than `indexedCount`; nil before.
        @exclusivity(unchecked) fileprivate(set) var index: [String: Int]?
        /// The key of each field that is not a string, by the field's name.
        @exclusivity(unchecked) fileprivate(set) var keyValues: [String: Value]

        /// A shape of names known to be distinct.
        init(distinctNames names: [String], keyValues: [String: Value] = [:]) {
            self.names = names
            self.index = nil
            self.keyValues = keyValues
            if names.count > Record.indexedCount { buildIndex() }
        }

        fileprivate init(copying other: Shape) {
            names = other.names
            index = other.index
            keyValues = other.keyValues
        }

        fileprivate func buildIndex() {
            var index = [String: Int](minimumCapacity: names.count)
            for (position, name) in names.enumerated() { index[name] = position }
            self.index = index
        }

        /// The position of field `key`, or nil. Its usual find, by the key's bits, is inline and
        /// only loads and compares, so that a record read where it is held (in a variable, an
        /// entity's members) needs no count taken on it.
        @inline(__always)
        func position(of key: String) -> Int? {
            if let position = positionByBits(key) { return position }
            return positionSlowly(of: key)
        }

        /// Whether the name at `position` has the same bits as `key`, which makes it `key`.
        @inline(__always)
        fileprivate func hasName(_ key: String, at position: Int) -> Bool {
            names.withUnsafeBufferPointer { names in
                position < names.count && Record.bits(of: names[position]) == Record.bits(of: key)
            }
        }

        /// The position of the name with the same bits as `key`, in a shape with no index.
        @inline(__always)
        fileprivate func positionByBits(_ key: String) -> Int? {
            guard index == nil else { return nil }
            let bits = Record.bits(of: key)
            return names.withUnsafeBufferPointer { names in
                for position in names.indices where Record.bits(of: names[position]) == bits { return position }
                return nil
            }
        }

        /// The position of field `key` by the index, or by comparing names with `==`: a key with
        /// other bits may still be equal (other storage, another normal form). Out of line, so that
        /// the usual find inlined in a loop brings no more than itself.
        @inline(never)
        private func positionSlowly(of key: String) -> Int? {
            if let index { return index[key] }
            return names.firstIndex { $0 == key }
        }

        /// `positionSlowly(of:)` of a shape held with no count taken on it.
        @inline(never)
        fileprivate static func positionSlowly(of key: String, in shape: Unmanaged<Shape>) -> Int? {
            shape._withUnsafeGuaranteedRef { $0.positionSlowly(of: key) }
        }

        /// The shape of a record with no fields.
        static let empty = Shape(distinctNames: [])
    }

    /// What a record's storage holds before its values.
    struct Header {
        /// The number of values, which is the number of the shape's names.
        var count: Int
        /// The number of values there is room for.
        let capacity: Int
    }

    /// A record's values after their count, in one allocation.
    final class Storage: ManagedBuffer<Header, Value> {
        /// Storage with room for `capacity` values, none of them there yet.
        static func make(capacity: Int) -> Storage {
            unsafeDowncast(create(minimumCapacity: capacity) { _ in Header(count: 0, capacity: capacity) }, to: Storage.self)
        }

        /// The storage of every record with no fields, until one is added. (Unsafe: ManagedBuffer
        /// is not Sendable; storage is changed only where one record holds it, like an array's.)
        nonisolated(unsafe) static let empty = make(capacity: 0)

        deinit {
            // One value at a time: `deinitialize(count:)` of several goes through the runtime's
            // generic destroy of an array, which looks up how to destroy a Value for each.
            withUnsafeMutablePointers { header, values in
                for position in 0..<header.pointee.count { _ = (values + position).move() }
            }
        }

        /// These values in new storage with room for `capacity`: copied, or moved, which leaves
        /// this storage empty.
        func resized(capacity: Int, moving: Bool) -> Storage {
            withUnsafeMutablePointers { header, values in
                let resized = Storage.make(capacity: capacity)
                resized.withUnsafeMutablePointers { newHeader, newValues in
                    if moving {
                        newValues.moveInitialize(from: values, count: header.pointee.count)
                    } else {
                        newValues.initialize(from: values, count: header.pointee.count)
                    }
                    newHeader.pointee.count = header.pointee.count
                }
                if moving { header.pointee.count = 0 }
                return resized
            }
        }

        /// What `body` makes of the value at `position`, where it is held.
        @inline(__always)
        func withValue<R>(at position: Int, _ body: (borrowing Value) -> R) -> R {
            withUnsafeMutablePointerToElements { body($0[position]) }
        }
    }

    /// A record's shape and storage with no count taken on them, for a look at a record held in
    /// a class (an entity's members), which a method of the record itself, called there with a
    /// closure, would copy first.
    struct Reference {
        let shape: Unmanaged<Shape>
        let storage: Unmanaged<Storage>

        /// What `body` makes of the value of field `key` where it is held; nil when there is none.
        /// Nothing is called with the shape or storage themselves: with either used after a call
        /// out of line (the find other than by bits), the compiler retained it around the call.
        @inline(__always)
        func withValue<R>(forKey key: String, _ body: (borrowing Value) -> R?) -> R? {
            let values = storage._withUnsafeGuaranteedRef { $0.withUnsafeMutablePointerToElements { $0 } }
            guard let position = position(of: key) else { return nil }
            return body(values[position])
        }

        /// `withValue(forKey:_:)` looking first at position `guess`: where the last find at the
        /// same place in the program found its key, since the records one literal makes and the
        /// entities of one kind keep a key at one position. A position found otherwise is given
        /// to `found`, for the next guess.
        @inline(__always)
        func withValue<R>(forKey key: String, guess: Int, found: (Int) -> Void, _ body: (borrowing Value) -> R?) -> R? {
            let values = storage._withUnsafeGuaranteedRef { $0.withUnsafeMutablePointerToElements { $0 } }
            if shape._withUnsafeGuaranteedRef({ $0.hasName(key, at: guess) }) { return body(values[guess]) }
            guard let position = position(of: key) else { return nil }
            found(position)
            return body(values[position])
        }

        /// The position of field `key`, by its bits, else slowly, with the shape passed on
        /// unretained (`Shape.position(of:)` on the shape itself).
        @inline(__always)
        private func position(of key: String) -> Int? {
            shape._withUnsafeGuaranteedRef({ $0.positionByBits(key) }) ?? Shape.positionSlowly(of: key, in: shape)
        }

        /// The value of field `key`, or nil when there is none.
        @inline(__always)
        func value(forKey key: String) -> Value? { withValue(forKey: key) { copy $0 } }
    }

    private var shape: Shape
    // Unsafe for the same reason as `Storage.empty`, and safe as an array's storage is.
    nonisolated(unsafe) private var storage: Storage

    /// Up to this many fields, a field is found by comparing names, which costs less than hashing one.
    fileprivate static let indexedCount = 32

    /// An empty record.
    public init() {
        shape = .empty
        storage = .empty
    }

    /// A record with the given fields, in order; a later duplicate key replaces the earlier value.
    public init(_ fields: [(String, Value)]) {
        let names = fields.map(\.0)
        if Record.areDistinct(names) {
            self.init(shape: Shape(distinctNames: names)) { fields[$0].1 }  // in one go
            return
        }
        self.init()
        for (key, value) in fields { self[key] = value }
    }

    /// Whether no two of `names` are equal, so that they can name a record's fields as they are
    /// (`Shape(distinctNames:)`): compared in pairs when they are few, which costs less than
    /// hashing them.
    static func areDistinct(_ names: [String]) -> Bool {
        guard names.count > 16 else {
            for i in names.indices { for j in names.indices where j > i && names[i] == names[j] { return false } }
            return true
        }
        return Set(names).count == names.count
    }

    /// A record of `shape`, whose value at each position `value` gives, in order, as a record
    /// literal makes one. When `value` throws, no record is made.
    @inline(__always)
    init(shape: Shape, value: (Int) throws -> Value) rethrows {
        let count = shape.names.count
        self.shape = shape
        storage = .make(capacity: count)
        try storage.withUnsafeMutablePointers { header, values in
            while header.pointee.count < count {
                (values + header.pointee.count).initialize(to: try value(header.pointee.count))
                header.pointee.count += 1
            }
        }
    }

    /// A record of `shape` with these values, in the order of its names.
    init(shape: Shape, values: [Value]) {
        assert(shape.names.count == values.count, "a record needs a value for each name")
        self.init(shape: shape) { values[$0] }
    }

    /// Where the values are stored: records that share it are equal (see `Value.SeenPairs`). Two
    /// records share storage only as copies of one record, and so share its shape too.
    var storageIdentity: UnsafeRawPointer? { UnsafeRawPointer(Unmanaged.passUnretained(storage).toOpaque()) }

    /// The shape and storage with no count taken on them.
    var reference: Reference { Reference(shape: .passUnretained(shape), storage: .passUnretained(storage)) }

    /// The field names, in order.
    public var keys: [String] { shape.names }

    /// Whether `other` is known to have the same field names, in the same order: it shares this
    /// record's shape (the rows of one CSV file, the records of one literal). False says nothing.
    func sharesKeys(with other: Record) -> Bool { shape === other.shape }

    /// The number of fields. (The header is read through its address: `ManagedBuffer.header`, a
    /// class's stored property, checks for exclusive access at every read.)
    public var count: Int { storage.withUnsafeMutablePointerToHeader { $0.pointee.count } }

    /// Storage that this record alone holds, with room for `capacity` values.
    private mutating func makeUnique(capacity: Int) {
        let room = storage.withUnsafeMutablePointerToHeader { $0.pointee.capacity }
        if isKnownUniquelyReferenced(&storage) {
            if room < capacity { storage = storage.resized(capacity: Swift.max(capacity, 2 * room), moving: true) }
        } else {
            storage = storage.resized(capacity: Swift.max(capacity, room), moving: false)
        }
    }

    /// The shape, for a change: first a copy of it unless this record holds the only reference.
    private mutating func uniqueShape() -> Shape {
        if !isKnownUniquelyReferenced(&shape) { shape = Shape(copying: shape) }
        return shape
    }

    /// The value at `position`, copied.
    @inline(__always)
    fileprivate func value(at position: Int) -> Value {
        storage.withValue(at: position) { copy $0 }
    }

    /// The value of a field, or nil when there is none. Setting nil removes the field.
    public subscript(key: String) -> Value? {
        get { reference.value(forKey: key) }
        set {
            let position = shape.position(of: key)
            switch (position, newValue) {
            case let (position?, newValue?):
                makeUnique(capacity: count)
                storage.withUnsafeMutablePointerToElements { $0[position] = newValue }
            case let (nil, newValue?):
                makeUnique(capacity: count + 1)
                let shape = uniqueShape()
                shape.names.append(key)
                storage.withUnsafeMutablePointers { header, values in
                    (values + header.pointee.count).initialize(to: newValue)
                    header.pointee.count += 1
                }
                if shape.index != nil {
                    shape.index![key] = count - 1
                } else if count > Record.indexedCount {
                    shape.buildIndex()
                }
            case (let position?, nil):
                makeUnique(capacity: count)
                let shape = uniqueShape()
                shape.names.remove(at: position)
                storage.withUnsafeMutablePointers { header, values in
                    let after = header.pointee.count - position - 1
                    (values + position).deinitialize(count: 1)
                    (values + position).moveInitialize(from: values + position + 1, count: after)
                    header.pointee.count -= 1
                }
                if shape.keyValues[key] != nil { shape.keyValues[key] = nil }
                if shape.index != nil { shape.buildIndex() }
            case (nil, nil):
                break
            }
        }
    }

    /// The position of the field whose key has the same bits as `key`, in a record with no index.
    @inline(__always)
    fileprivate func positionByBits(_ key: String) -> Int? {
        Unmanaged.passUnretained(shape)._withUnsafeGuaranteedRef { $0.positionByBits(key) }
    }

    @inline(__always)
    private static func bits(of key: String) -> (UInt64, UInt64) { unsafeBitCast(key, to: (UInt64, UInt64).self) }

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
    var hasValueKeys: Bool { !shape.keyValues.isEmpty }

    /// The key of the field named `name` as a value: a string, or the value it was set with.
    func key(named name: String) -> Value {
        shape.keyValues.isEmpty ? .string(name) : shape.keyValues[name] ?? .string(name)
    }

    /// The keys as values, in order: strings, and the keys that are not strings as they are.
    public var keyValues: [Value] {
        // Each name as its key, then the few keys that are not strings put in their places: not
        // a look-up of every name among them (a hash of each key of `group_by`'s record).
        var keys = shape.names.map { Value.string($0) }
        for (name, key) in shape.keyValues {
            if let position = shape.position(of: name) { keys[position] = key }
        }
        return keys
    }

    /// The value under a key of any kind, or nil when there is none. A string finds its field
    /// whatever the kind of that field's key (`g["true"]` finds the group of `true`); any other key
    /// finds only the field set with a key equal to it.
    public subscript(key key: Value) -> Value? {
        if case .string(let s) = key { return self[s] }
        let name = Record.name(of: key)
        guard let stored = shape.keyValues[name], stored == key else { return nil }
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
        self[name] = value
        if case .string = key { return }
        uniqueShape().keyValues[name] = key
    }

    /// The fields in order.
    public func makeIterator() -> Iterator { Iterator(names: shape.names, record: self) }

    /// Goes through a record's fields in order.
    public struct Iterator: IteratorProtocol {
        let names: [String]
        let record: Record
        var position = 0

        /// The next field, or nil after the last.
        public mutating func next() -> (key: String, value: Value)? {
            guard position < names.count else { return nil }
            defer { position += 1 }
            return (names[position], record.value(at: position))
        }
    }

    /// The value of each field paired with the value of the same field in `other`, in this
    /// record's order, for records with the same number of fields; nil at a field `other` lacks.
    /// By position when both have the same names in the same order (the rows of one CSV file, the
    /// records of one literal), by name otherwise.
    func pairedValues(with other: Record) -> some Sequence<(Value, Value?)> {
        let names = shape.names, otherNames = other.shape.names
        let byPosition = names == otherNames
        return names.indices.lazy.map { position in
            (self.value(at: position), byPosition ? other.value(at: position) : other[names[position]])
        }
    }

    /// Two records are equal when they have the same fields with equal values, in any order.
    public static func == (lhs: Record, rhs: Record) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (value, other) in lhs.pairedValues(with: rhs) {
            guard let other, other == value else { return false }
        }
        return sameKinds(ofKeys: lhs, rhs)
    }

    /// Whether the fields of the same name have equal keys in both records: `{1: x}` is not `{"1": x}`.
    static func sameKinds(ofKeys lhs: Record, _ rhs: Record) -> Bool {
        guard lhs.hasValueKeys || rhs.hasValueKeys else { return true }
        for name in lhs.shape.names where lhs.key(named: name) != rhs.key(named: name) { return false }
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
    /// Sets the field whose key has the same bits as `key`, in a record with no index; false,
    /// changing nothing, when there is none (`subscript` then does the rest).
    @inline(__always)
    mutating func updateByBits(_ key: String, _ value: Value) -> Bool {
        guard let position = positionByBits(key) else { return false }
        makeUnique(capacity: count)
        storage.withUnsafeMutablePointerToElements { $0[position] = value }
        return true
    }

    /// Changes the integer in the field found as `updateByBits` finds it to what `change` makes of
    /// it; false, changing nothing, when there is no such field, it holds no integer, or `change`
    /// gives nil.
    @inline(__always)
    mutating func changeIntegerByBits(_ key: String, _ change: (Int) -> Int?) -> Bool {
        guard let position = positionByBits(key),
              case .int(let i) = storage.withValue(at: position, { copy $0 }), let result = change(i) else { return false }
        makeUnique(capacity: count)
        storage.withUnsafeMutablePointerToElements { $0[position] = .int(result) }
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
        guard case .record(let r) = self, let position = r.positionByBits(key) else { return nil }
        return r.value(at: position)
    }

    /// The shape and storage of a record with no count taken on them, for a look at a record
    /// held here (see `Record.Reference`); nil for any other value.
    @inline(__always)
    var recordReference: Record.Reference? { Value.recordReference(self) }

    @inline(__always)
    private static func recordReference(_ value: borrowing Value) -> Record.Reference? {
        switch value {
        case .record(let r): return r.reference
        default: return nil
        }
    }
}
