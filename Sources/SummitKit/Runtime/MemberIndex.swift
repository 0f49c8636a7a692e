// An index on one member of every built-in entity, as a database indexes a column: each value the
// member takes, with the bits of the entities that have it. Made when a query first needs it
// (Compiler/FastPaths/WhereIndex.swift). Entities from elsewhere (`Facts(json:)`, the host) are left out:
// their members are written after they are registered, so another thread may still be writing
// them; a `where` over them takes the general path. An entity whose members have not been read
// has the one member read from the tables (`Entity.memberForIndex`), not all of them loaded: about
// 500 instructions an entity against 10,000.

import Synchronization

/// The values of one member over every built-in entity, each with the entities that have it.
final class MemberIndex: @unchecked Sendable {
    /// How many entity ids there were when the index was made.
    let entityCount: Int
    /// Each value with the entities whose member has it. A string, number, boolean or nil is one
    /// group whatever number of entities share it; any other value (a set, a list, a record) is a
    /// group of one, so that two values that are equal but not the same (`[1]` and `[1.0]`) are
    /// never taken for each other.
    let groups: [(value: Value, bits: EntityBits)]
    /// The position in `groups` of each entity's group, by id; -1 for an entity without the
    /// member or not built in.
    let groupOf: [Int32]
    /// The name each group's value is a record's key under (`Record.name(of:)`), as `group_by`
    /// keys it; nil for a value that is not a string, number, boolean or nil.
    let keyNames: [String?]
    /// Whether no two of `keyNames` are one key (`1` and `"1"`, two spellings of one text), so that
    /// `group_by` over any of the entities can take them as its keys with no check.
    let keyNamesAreDistinct: Bool

    private init(_ member: String, _ entities: [Entity?]) {
        var positions: [Key: Int] = [:]
        var groups: [(value: Value, words: [UInt64])] = []
        var groupOf = [Int32](repeating: -1, count: entities.count)
        for case let entity? in entities where entity.isBuiltin {
            guard let value = entity.memberForIndex(member) else { continue }
            if let key = Key(value) {
                if let at = positions[key] {
                    EntityBits.add(entity, to: &groups[at].words)
                    groupOf[entity.id] = Int32(at)
                    continue
                }
                positions[key] = groups.count
            }
            groupOf[entity.id] = Int32(groups.count)
            var words = [UInt64]()
            EntityBits.add(entity, to: &words)
            groups.append((value, words))
        }
        entityCount = entities.count
        self.groups = groups.map { ($0.value, EntityBits.of($0.words)) }
        self.groupOf = groupOf
        keyNames = groups.map { Key($0.value) == nil ? nil : Record.name(of: $0.value) }
        let named = keyNames.compactMap { $0 }
        keyNamesAreDistinct = Record.areDistinct(named)
    }

    /// The shape of a `group_by` record whose fields are these groups, in this order, each named
    /// by its key name (which must not be nil). The last one made is kept: a query in a loop
    /// groups the same set the same way each time, and then shares it.
    func groupShape(_ order: UnsafeBufferPointer<Int>) -> Record.Shape {
        if let last = lastGroupShape.withLock({ $0 }), last.order.elementsEqual(order) { return last.shape }
        var names: [String] = []
        names.reserveCapacity(order.count)
        var keyValues: [String: Value] = [:]
        for group in order {
            let name = keyNames[group]!, key = groups[group].value
            if !key.isStringValue { keyValues[name] = key }
            names.append(name)
        }
        let shape = Record.Shape(distinctNames: names, keyValues: keyValues)
        lastGroupShape.withLock { $0 = (Array(order), shape) }
        return shape
    }

    private let lastGroupShape = Lock<(order: [Int], shape: Record.Shape)?>(nil)

    /// The index of `member` over the entities made so far.
    static func of(_ member: String) -> MemberIndex {
        indexes.of(member) { MemberIndex(member, EntityRegistry.snapshot) }
    }

    private static let indexes = PerMember<MemberIndex>()

    /// A value that can share a group: the same case and the same payload, exactly.
    private enum Key: Hashable {
        case null
        case bool(Bool)
        case int(Int)
        case double(UInt64)
        /// By its bytes: two spellings of one text (composed and not) are two groups.
        case string([UInt8])

        init?(_ value: Value) {
            switch value {
            case .null: self = .null
            case .bool(let b): self = .bool(b)
            case .int(let i): self = .int(i)
            case .double(let d): self = .double(d.bitPattern)
            case .string(let s): self = .string(Array(s.utf8))
            default: return nil
            }
        }
    }
}

/// What is made from one member over the entities made so far (`MemberIndex`, `MemberStrings`).
protocol MadeForMember: AnyObject, Sendable {
    /// How many entity ids there were when it was made.
    var entityCount: Int { get }
}

extension MemberIndex: MadeForMember {}

/// Each member's `Made`, kept until more entities are made. A few members are asked for, each by
/// the same string at every call: a search of a short list by the name's bits, before `==`,
/// costs less than hashing the name.
final class PerMember<Made: MadeForMember>: Sendable {
    private let made = Lock<[(member: String, made: Made)]>([])

    /// The `Made` of `member`: the one kept while there are as many entities as when it was made,
    /// else the one `make` makes now, kept in its place.
    func of(_ member: String, make: () -> Made) -> Made {
        let bits = unsafeBitCast(member, to: (UInt64, UInt64).self)
        if let known = made.withLock({ made in
            made.first { unsafeBitCast($0.member, to: (UInt64, UInt64).self) == bits } ?? made.first { $0.member == member }
        }), known.made.entityCount == EntityRegistry.count {
            return known.made
        }
        let fresh = make()
        made.withLock { made in
            made.removeAll { $0.member == member }
            made.append((member, fresh))
        }
        return fresh
    }
}
