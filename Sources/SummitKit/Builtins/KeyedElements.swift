// The elements of a list or set with a function's value for each, as `map`, `sort_by` and
// `group_by` need them, and the order `sort_by` gives string keys. A set of entities is walked in
// display order with no list of it made first, and `c => c.name` reads the member with no call
// (MemberRead.swift); anything else goes through `elements` and `CallContext.call` (issue 22).

extension CallContext {
    /// `callee` of an entity, as `call(_:_:)` gives it for `.entity(entity)`: the member read where
    /// the function only reads one the entity has, else a call.
    @inline(__always)
    func call(_ callee: Callee, entity: Entity) throws -> Value {
        if let member = callee.member, let value = Compiler.presentMember(member, of: entity) { return value }
        return try call(callee, .entity(entity))
    }
}

extension Builtin {
    /// `function` of each entity of a set, in display order, as `map` gives it for the set.
    static func mapped(_ bits: EntityBits, _ function: Callee, _ context: CallContext) throws -> [Value] {
        var out: [Value] = []
        out.reserveCapacity(bits.memberCount)
        try EntityOrder.forEach(bits) { out.append(try context.call(function, entity: $0)) }
        return out
    }

    /// `function` of each element of a list, as `map` gives it, where the function reads a member:
    /// an entity's read where the list holds the entity, with no reference counted on it; any
    /// other element through `call`.
    static func mapped(_ items: [Value], _ function: Callee, _ context: CallContext) throws -> [Value] {
        var out: [Value] = []
        out.reserveCapacity(items.count)
        // A built-in entity's string, from the member's strings by id; nothing when the list
        // holds no entity first.
        let strings: [Value?] = if let member = function.member, items.first?.entityID != nil { MemberStrings.of(member).values } else { [] }
        try strings.withUnsafeBufferPointer { strings in
            try items.withUnsafeBufferPointer { items in
                for i in items.indices {
                    if let id = items[i].entityID, id < strings.count, let value = strings[id] {
                        out.append(value)
                    } else if let member = function.member, let entity = items[i].entityReference,
                              let value = entity._withUnsafeGuaranteedRef({ Compiler.presentMember(member, of: $0) }) {
                        out.append(value)
                    } else {
                        out.append(try context.call(function, items[i]))
                    }
                }
            }
        }
        return out
    }

    /// Calls `body` with each element of a list or set (a set in display order) and `function` of
    /// it, one element after the other.
    static func forEachKeyed(_ value: Value, _ function: Callee, _ name: String, _ context: CallContext,
                             _ body: (Value, Value) throws -> Void) throws {
        if case .set(let set) = value, let bits = set.entityBits {
            try EntityOrder.forEach(bits) { entity in try body(.entity(entity), try context.call(function, entity: entity)) }
            return
        }
        for item in try elements(value, name, 1, context) { try body(item, try context.call(function, item)) }
    }

    /// The elements of a list or set (a set in display order) and `function` of each, called in order.
    static func keyed(_ value: Value, _ function: Callee, _ name: String,
                      _ context: CallContext) throws -> (items: [Value], keys: [Value]) {
        var items: [Value] = [], keys: [Value] = []
        if case .set(let set) = value, let bits = set.entityBits {
            items.reserveCapacity(bits.memberCount)
            keys.reserveCapacity(bits.memberCount)
        } else if case .list(let list) = value {
            items.reserveCapacity(list.count)
            keys.reserveCapacity(list.count)
        }
        try forEachKeyed(value, function, name, context) { item, key in
            items.append(item)
            keys.append(key)
        }
        return (items, keys)
    }

    /// `sort_by(value, c => c.member)` from the member's index, when `value` is a set or list of
    /// built-in entities whose `member` is a string of characters below U+0180 each: the order of
    /// `stringOrder` on the keys (by `<`, equal keys in their order), found by the places of the
    /// keys among the member's strings (`MemberStrings.places`), with no key read or compared.
    /// Nil for anything else, which the general path sorts.
    static func sortedByIndex(_ value: Value, member: String) -> [Value]? {
        withIDsSortedByIndex(value, member: member) { ids -> [Value]? in
            // An id in a set or list has its entity in any table made since (see `EntityOrder.Table`).
            EntityOrder.table.entities.withUnsafeBufferPointer { entities in
                guard ids.allSatisfy({ Int($0) < entities.count && entities[Int($0)] != nil }) else { return nil }
                return [Value](unsafeUninitializedCapacity: ids.count) { list, initialized in
                    for k in ids.indices { (list.baseAddress! + k).initialize(to: .entity(entities[Int(ids[k])]!)) }
                    initialized = ids.count
                }
            }
        } ?? nil
    }

    /// `map(sort_by(value, c => c.key), c => c.member)` with no list of the sorted entities made:
    /// each one's string `member` (`MemberStrings.values`, the values `map` reads), in the order of
    /// `sortedByIndex`. Nil where that is nil or an entity's `member` is not a string: the calls
    /// as written then give their result or error.
    static func mappedSortedByIndex(_ value: Value, key: String, member: String) -> [Value]? {
        withIDsSortedByIndex(value, member: key) { ids -> [Value]? in
            MemberStrings.of(member).values.withUnsafeBufferPointer { values in
                guard ids.allSatisfy({ Int($0) < values.count && values[Int($0)] != nil }) else { return nil }
                return [Value](unsafeUninitializedCapacity: ids.count) { list, initialized in
                    for k in ids.indices { (list.baseAddress! + k).initialize(to: values[Int(ids[k])]!) }
                    initialized = ids.count
                }
            }
        } ?? nil
    }

    /// Calls `body` with the ids of the entities of `value` in the order `sortedByIndex` puts
    /// them, when `value` is a set (walked in display order) or a list of built-in entities whose
    /// `member` has a place among the member's strings; nil, with no call, for anything else. The
    /// ids, their keys' places and the sorted ids are on the stack: an array on the heap costs
    /// more than a short list's whole sort.
    static func withIDsSortedByIndex<R>(_ value: Value, member: String,
                                        _ body: (UnsafeBufferPointer<Int32>) throws -> R) rethrows -> R? {
        let count: Int
        if case .set(let set) = value, let bits = set.entityBits {
            count = bits.memberCount
        } else if case .list(let items) = value, items.first?.entityID != nil {
            count = items.count
        } else {
            return nil
        }
        // (The member's strings are made from every built-in entity's members, which a list of
        // records must not load: the first element is an entity, as above.)
        let strings = MemberStrings.of(member)
        return try withUnsafeTemporaryAllocation(of: Int32.self, capacity: 3 * count) { buffer -> R? in
            let ids = UnsafeMutableBufferPointer(rebasing: buffer[..<count])
            let keys = UnsafeMutableBufferPointer(rebasing: buffer[count..<(2 * count)])
            let sorted = UnsafeMutableBufferPointer(rebasing: buffer[(2 * count)...])
            var filled = 0
            var found = true
            strings.places.withUnsafeBufferPointer { places in
                if case .set(let set) = value, let bits = set.entityBits {
                    EntityOrder.forEachID(bits) { id in
                        guard found, filled < count, id < places.count, places[id] >= 0 else {
                            found = false
                            return
                        }
                        ids[filled] = Int32(id)
                        keys[filled] = places[id]
                        filled &+= 1
                    }
                } else if case .list(let items) = value {
                    items.withUnsafeBufferPointer { items in
                        for position in items.indices {
                            guard let id = items[position].entityID, id < places.count, places[id] >= 0 else {
                                found = false
                                return
                            }
                            ids[position] = Int32(id)
                            keys[position] = places[id]
                        }
                        filled = items.count
                    }
                }
            }
            guard found, filled == count else { return nil }
            placeSorted(UnsafeBufferPointer(keys), strings.placeCount, UnsafeBufferPointer(ids), into: sorted)
            return try body(UnsafeBufferPointer(sorted))
        }
    }

    /// `group_by(value, c => c.member)` from the member's index, when `value` is a set of built-in
    /// entities whose `member` is a string, number, boolean or nil: the groups `group_by` makes,
    /// each the set's entities that share one of the index's values, in display order, the groups
    /// in the order their first elements come, each keyed by its value's name as `group_by` keys
    /// it. Nil for anything else, and where two of the index's values are one key (`1` and `1.0`,
    /// `1` and `"1"`), which the general path groups or reports.
    static func groupedByIndex(_ value: Value, member: String) -> Record? {
        guard case .set(let set) = value, let bits = set.entityBits else { return nil }
        let index = MemberIndex.of(member)
        guard index.keyNamesAreDistinct else { return nil }
        let count = bits.memberCount, groupCount = index.groups.count
        // Work space on the stack: the entities in display order, then the same entities group by
        // group; and each entity's group, each group's size and place, and the groups in the order
        // their first elements come.
        return withUnsafeTemporaryAllocation(of: Unmanaged<Entity>.self, capacity: 2 * count) { entities -> Record? in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: count + 3 * groupCount) { numbers -> Record? in
                let inOrder = UnsafeMutableBufferPointer(rebasing: entities[..<count])
                let byGroup = UnsafeMutableBufferPointer(rebasing: entities[count...])
                let groupAt = UnsafeMutableBufferPointer(rebasing: numbers[..<count])
                let sizes = UnsafeMutableBufferPointer(rebasing: numbers[count..<(count + groupCount)])
                let starts = UnsafeMutableBufferPointer(rebasing: numbers[(count + groupCount)..<(count + 2 * groupCount)])
                let order = UnsafeMutableBufferPointer(rebasing: numbers[(count + 2 * groupCount)...])
                sizes.initialize(repeating: 0)
                // One walk of the set: each element's group; an element without the member, or not
                // built in, or a group whose value is no key, leaves it to the general path. (The
                // id is read by a closure: read through the key path `\.id`, it cost a dynamic
                // exclusivity check at every element.)
                var filled = 0, groups = 0, indexed = true
                index.groupOf.withUnsafeBufferPointer { groupOf in
                    EntityOrder.forEach(bits, while: { entity in
                        let id = entity._withUnsafeGuaranteedRef { $0.id }
                        guard filled < count, id < groupOf.count, groupOf[id] >= 0 else { indexed = false; return false }
                        let group = Int(groupOf[id])
                        if sizes[group] == 0 {
                            guard index.keyNames[group] != nil else { indexed = false; return false }
                            order[groups] = group
                            groups &+= 1
                        }
                        sizes[group] &+= 1
                        inOrder[filled] = entity
                        groupAt[filled] = group
                        filled &+= 1
                        return true
                    })
                }
                guard indexed, filled == count else { return nil }
                // The groups one after the other, in the order of their first elements, each its
                // elements in display order.
                var place = 0
                for k in 0..<groups {
                    starts[order[k]] = place
                    place &+= sizes[order[k]]
                }
                for position in 0..<count {
                    byGroup[starts[groupAt[position]]] = inOrder[position]
                    starts[groupAt[position]] &+= 1
                }
                var at = 0
                return Record(shape: index.groupShape(UnsafeBufferPointer(rebasing: order[..<groups]))) { field in
                    let size = sizes[order[field]]
                    defer { at &+= size }
                    // Reserved and appended to: `init(unsafeUninitializedCapacity:)`, not
                    // specialised for `Value` here, looks the storage's type up at each call,
                    // about 150 instructions a group more (22 groups of about 11 each for
                    // `c.subregion`).
                    var list: [Value] = []
                    list.reserveCapacity(size)
                    for j in 0..<size { list.append(.entity(byGroup[at &+ j].takeUnretainedValue())) }
                    return .list(list)
                }
            }
        }
    }

    /// `ids` sorted by their `keys` into `sorted`, equal keys in their order, each key a place
    /// below `placeCount` (`MemberStrings.places`): a counting sort, which keeps equal keys in
    /// their order, or where few keys meet many places a sort of (key, position).
    @inline(__always)
    private static func placeSorted(_ keys: UnsafeBufferPointer<Int32>, _ placeCount: Int, _ ids: UnsafeBufferPointer<Int32>,
                                    into sorted: UnsafeMutableBufferPointer<Int32>) {
        guard keys.count * 8 >= placeCount else {
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: keys.count) { buffer in
                var pairs = buffer
                for position in keys.indices { pairs[position] = UInt64(keys[position]) &<< 32 | UInt64(position) }
                pairs.sort()
                for k in pairs.indices { sorted[k] = ids[Int(pairs[k] & 0xFFFF_FFFF)] }
            }
            return
        }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: placeCount + 1) { starts in
            starts.initialize(repeating: 0)
            for key in keys { starts[Int(key) &+ 1] &+= 1 }
            for place in 1..<starts.count { starts[place] &+= starts[place &- 1] }
            for position in keys.indices {
                let key = Int(keys[position])
                sorted[starts[key]] = ids[position]
                starts[key] &+= 1
            }
        }
    }

    /// The positions of `keys` in the order `sort_by` puts them when every key is a string: by `<`
    /// on strings, as `ordered` compares them, equal keys in their order; nil when a key is not a
    /// string.
    ///
    /// A key of Latin letters alone (every character below U+0180, which covers ASCII and the
    /// names of countries) is in Unicode's normal form NFC, which `<` compares, so `<` orders two
    /// such keys as their UTF-8 bytes do; each has a prefix, its first eight bytes as one
    /// big-endian integer (zeros past its end). Two such keys with different prefixes compare by
    /// them; any other pair by `<` itself. Every comparison gives what `<` gives, so the sort makes
    /// the same choices, and gives the same order, as one that calls `<` for every pair (where `<`
    /// is not a total order, as between "K" and the Kelvin sign, that order depends on those choices).
    static func stringOrder(_ keys: [Value]) -> [Int]? {
        var strings: [String] = []
        strings.reserveCapacity(keys.count)
        // UInt64.max, which no UTF-8 of letters below U+0180 starts with, marks a key with no prefix.
        var prefixes: [UInt64] = []
        prefixes.reserveCapacity(keys.count)
        for key in keys {
            guard case .string(let s) = key else { return nil }
            prefixes.append(stringPrefix(s))
            strings.append(s)
        }
        return strings.withUnsafeBufferPointer { strings in
            prefixes.withUnsafeBufferPointer { prefixes in
                Array(strings.indices).sorted { a, b in
                    let pa = prefixes[a], pb = prefixes[b]
                    if pa != pb, pa != .max, pb != .max { return pa < pb }
                    return strings[a] < strings[b] || (strings[a] == strings[b] && a < b)
                }
            }
        }
    }

    /// The prefix `stringOrder` compares `s` by, or UInt64.max when it has none: a UTF-8 byte of
    /// 0xC6 or more starts a character from U+0180 on (or is not UTF-8). Read eight bytes at a
    /// time: a word of ASCII alone, the usual one, has no high bit set.
    @inline(__always)
    private static func stringPrefix(_ s: String) -> UInt64 {
        let prefix = s.utf8.withContiguousStorageIfAvailable { bytes -> UInt64 in
            let n = bytes.count
            guard n > 0, let start = bytes.baseAddress else { return 0 }
            let base = UnsafeRawPointer(start)
            var i = 0
            while i &+ 8 <= n {
                if base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 {
                    for k in i..<(i &+ 8) where bytes[k] >= 0xC6 { return .max }
                }
                i &+= 8
            }
            while i < n {
                if bytes[i] >= 0xC6 { return .max }
                i &+= 1
            }
            if n >= 8 { return UInt64(bigEndian: base.loadUnaligned(as: UInt64.self)) }
            var prefix: UInt64 = 0
            for k in 0..<n { prefix |= UInt64(bytes[k]) &<< UInt64(56 &- 8 &* k) }
            return prefix
        }
        return prefix ?? .max
    }
}
