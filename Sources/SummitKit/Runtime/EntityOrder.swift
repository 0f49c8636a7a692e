// The one order a set of entities goes in, wherever it becomes a sequence (`for`, `where`, `list`,
// `map`, printing): its display order. Each entity has a rank in it, kept in a table made once from
// every entity there is, so that putting a set in order compares integers and formats nothing
// (issue 22: formatting and sorting every element cost about 5,000 instructions an element).

import Synchronization

/// The display order of entities, and the rank of each entity in it.
///
/// The order is `NameOrder.precedes`: by name as a dictionary orders names, then (for two entities
/// with the same name) by the order they were made in; built-in entities compare by the rank
/// `tools/gen-facts` computed for them, the same order made ahead. The table's ranks are computed
/// from it, once, when a set is first put in order, and again only after more entities have been
/// made (`Facts(json:)`, an embedder's `Entity(...)`), so entities from anywhere have a place in it.
enum EntityOrder {
    /// Whether entity `a` lists before entity `b`: the order of names, `NameOrder.precedes`.
    static func precedes(_ a: Entity, _ b: Entity) -> Bool { NameOrder.precedes(a, b) }

    /// The rank of `entity`: its place among all the entities there are, in display order.
    static func rank(of entity: Entity) -> Int { Int(table.ranks[entity.id]) }

    /// The entities of `bits` in display order.
    static func sorted(_ bits: EntityBits) -> [Value] {
        let count = bits.memberCount
        return [Value](unsafeUninitializedCapacity: count) { buffer, initialized in
            forEach(bits) { entity in
                guard initialized < count else { return }
                (buffer.baseAddress! + initialized).initialize(to: .entity(entity))
                initialized &+= 1
            }
        }
    }

    /// Calls `body` with each entity of `bits`, in display order.
    static func forEach(_ bits: EntityBits, _ body: (Entity) throws -> Void) rethrows {
        try forEach(bits, while: { entity in
            try entity._withUnsafeGuaranteedRef(body)
            return true
        })
    }

    /// `forEach(_:_:)` until `body` gives false, with each entity unretained: the table holds
    /// it, and an entity kept (a loop's variable) is retained once, by the place that keeps it.
    /// (Given as an `Entity`, it was retained once more, for as long as the body ran.)
    @inline(__always)
    static func forEach(_ bits: EntityBits, while body: (Unmanaged<Entity>) throws -> Bool) rethrows {
        let table = self.table
        try table.byRankEntities.withUnsafeBufferPointer { byRank in
            try forEachRank(bits, table) { rank in
                try body(UnsafeRawPointer(byRank.baseAddress! + rank).load(as: Unmanaged<Entity>.self))
            }
        }
    }

    /// `forEach(_:while:)` with each entity as a Value where the table holds it, for a loop's
    /// variable to hold as it is (`LoopBody.heldSlot`).
    @inline(__always)
    static func forEachHeld(_ bits: EntityBits, while body: (UnsafePointer<Value>) throws -> Bool) rethrows {
        let table = self.table
        try table.byRankValues.withUnsafeBufferPointer { byRank in
            try forEachRank(bits, table) { rank in try body(byRank.baseAddress! + rank) }
        }
    }

    /// Calls `body` with the id of each entity of `bits`, in display order.
    static func forEachID(_ bits: EntityBits, _ body: (Int) throws -> Void) rethrows {
        let table = self.table
        try table.byRank.withUnsafeBufferPointer { byRank in
            try forEachRank(bits, table) { rank in
                try body(Int(byRank[rank]))
                return true
            }
        }
    }

    /// Calls `body` with the rank of each entity of `bits` in `table`, in increasing order, until
    /// it gives false. Each member's rank is set in a bitset over the ranks, which is then read a
    /// word at a time: no comparison, no array of ids, whatever the size of the set. A large set
    /// put in order again (`for c in countries` inside another loop) has its bitset kept.
    @inline(__always)
    private static func forEachRank(_ bits: EntityBits, _ table: Table, _ body: (Int) throws -> Bool) rethrows {
        guard bits.memberCount > 0 else { return }
        try withRankBits(of: bits, table) { try forEachBit($0, body) }
    }

    /// `forEachHeld(_:while:)` over the entities of `bits` that are in the set of entities `tested()`
    /// gives (not in it, with `negate`), asked afresh before each entity is given to `body`,
    /// which may change it; where it gives nil, each entity is given to `body`. `skipped` is told
    /// how many entities were passed over, in order: before each entity given, and after the
    /// last. The test is the bits of the two sets' ranks and'ed a word at a time.
    @inline(__always)
    static func forEach(_ bits: EntityBits, testedIn tested: () -> Unmanaged<EntityBits>?, negate: Bool,
                        skipped: (Int) throws -> Void, _ body: (UnsafePointer<Value>) throws -> Bool) rethrows {
        guard bits.memberCount > 0 else { return }
        let table = self.table
        // The tested set whose ranks `testedRanks` holds, held so that no other set can have
        // its address while they are compared.
        var held: EntityBits?
        var testedRanks: [UInt64] = []
        try withRankBits(of: bits, table) { ranks in
            try table.byRankValues.withUnsafeBufferPointer { byRank in
                for w in ranks.indices {
                    var word = ranks[w]
                    while word != 0 {
                        var passing = word
                        if let set = tested() {
                            if held.map({ Unmanaged.passUnretained($0).toOpaque() != set.toOpaque() }) ?? true {
                                held = set.takeUnretainedValue()
                                testedRanks = rankBits(of: held!, table)
                            }
                            passing = negate ? word & ~testedRanks[w] : word & testedRanks[w]
                        }
                        // The entities before the first that passes, or all that are left.
                        let before = passing == 0 ? word : ((passing & (0 &- passing)) &- 1) & word
                        if before != 0 {
                            try skipped(before.nonzeroBitCount)
                            word &= ~before
                        }
                        guard passing != 0 else { break }
                        let rank = w &<< 6 &+ word.trailingZeroBitCount
                        word &= word &- 1
                        guard try body(byRank.baseAddress! + rank) else { return }
                    }
                }
            }
        }
    }

    /// What `body` makes of the bits of the ranks of the entities of `bits`, a word for every 64
    /// ranks of `table`: kept for a large set put in order again, else made for the call.
    @inline(__always)
    private static func withRankBits<R>(of bits: EntityBits, _ table: Table,
                                        _ body: (UnsafeBufferPointer<UInt64>) throws -> R) rethrows -> R {
        if bits.memberCount >= RankedSets.keptFrom, let kept = RankedSets.kept(bits, table) {
            return try kept.words.withUnsafeBufferPointer(body)
        }
        return try withUnsafeTemporaryAllocation(of: UInt64.self, capacity: (table.byRank.count &+ 63) &>> 6) { rankBits in
            setRanks(of: bits, table, in: rankBits)
            return try body(UnsafeBufferPointer(rankBits))
        }
    }

    /// The bits of the ranks of the entities of `bits`, as `withRankBits` gives them, in an array.
    private static func rankBits(of bits: EntityBits, _ table: Table) -> [UInt64] {
        withRankBits(of: bits, table) { Array($0) }
    }

    /// Sets the bit of each member's rank in `rankBits`, which has a word for every 64 ranks of
    /// `table`, and clears the others.
    @inline(__always)
    fileprivate static func setRanks(of bits: EntityBits, _ table: Table, in rankBits: UnsafeMutableBufferPointer<UInt64>) {
        rankBits.initialize(repeating: 0)
        let count = table.byRank.count
        table.ranks.withUnsafeBufferPointer { ranks in
            bits.forEachID { id in
                // An id the table has no entity for cannot be in a set (see `Table.init`).
                guard id < ranks.count else { return }
                let rank = Int(ranks[id])
                guard rank < count else { return }
                rankBits[rank &>> 6] |= 1 &<< UInt64(rank & 63)
            }
        }
    }

    /// Calls `body` with the position of each bit set in `words`, in increasing order, until it
    /// gives false.
    @inline(__always)
    private static func forEachBit(_ words: UnsafeBufferPointer<UInt64>, _ body: (Int) throws -> Bool) rethrows {
        for w in words.indices {
            var word = words[w]
            while word != 0 {
                guard try body(w &<< 6 &+ word.trailingZeroBitCount) else { return }
                word &= word &- 1
            }
        }
    }

    /// The ranks of the entities made so far, made on first use and remade when there are more.
    static var table: Table {
        let count = EntityRegistry.count
        if let table = cache.withLock({ $0 }), table.complete, table.entities.count == count { return table }
        let entities = EntityRegistry.snapshot
        return cache.withLock { cached in
            if let table = cached, table.complete, table.entities.count == entities.count { return table }
            let table = Table(entities)
            cached = table
            return table
        }
    }

    private static let cache = Lock<Table?>(nil)

    /// `entities` sorted by `precedes`. The built-in ones are placed by their ranks, which are
    /// that order made ahead, with no comparison (sorting the 300-odd of them by `precedes` cost
    /// 590,000 instructions at the first set put in order); the others are sorted and merged in.
    static func ordered(_ entities: [Entity]) -> [Entity] {
        var byRank: [Entity?] = [], others: [Entity] = []
        for entity in entities {
            guard entity.rank >= 0 else {
                others.append(entity)
                continue
            }
            if entity.rank >= byRank.count { byRank += repeatElement(nil, count: entity.rank + 1 - byRank.count) }
            // Two with one rank cannot be placed by it: left to the comparison.
            guard byRank[entity.rank] == nil else { return entities.sorted(by: precedes) }
            byRank[entity.rank] = entity
        }
        let builtin = byRank.compactMap { $0 }
        guard !others.isEmpty else { return builtin }
        others.sort(by: precedes)
        var merged: [Entity] = []
        merged.reserveCapacity(entities.count)
        var (b, o) = (0, 0)
        while b < builtin.count && o < others.count {
            if precedes(others[o], builtin[b]) {
                merged.append(others[o])
                o += 1
            } else {
                merged.append(builtin[b])
                b += 1
            }
        }
        merged += builtin[b...]
        merged += others[o...]
        return merged
    }

    /// Every entity with its rank, and the ids in rank order.
    final class Table: Sendable {
        /// All entities by id, as they were when the table was made.
        let entities: [Entity?]
        /// The rank of each entity, by id.
        let ranks: [Int32]
        /// The ids in display order.
        let byRank: [Int32]
        /// The entities in display order.
        let byRankEntities: [Entity]
        /// The same, as values: where a loop's variable reads them from (`forEachHeld`).
        let byRankValues: [Value]
        /// Whether every id had its entity (see `init`).
        let complete: Bool

        init(_ entities: [Entity?]) {
            // An id reserved for an entity still being made has no entity yet, and cannot be in a
            // set; it is left out, and the table is made again once the registry grows.
            let order = EntityOrder.ordered(entities.compactMap { $0 })
            var ranks = [Int32](repeating: Int32.max, count: entities.count)
            for (rank, entity) in order.enumerated() { ranks[entity.id] = Int32(rank) }
            self.entities = entities
            self.ranks = ranks
            complete = order.count == entities.count
            byRank = order.map { Int32($0.id) }
            byRankEntities = order
            byRankValues = order.map { .entity($0) }
        }
    }
}

/// The rank bitsets of the last few large sets of entities put in order twice. Setting a
/// member's rank costs about 16 instructions; a loop over `countries` inside another loop set
/// 249 of them at each pass of the outer loop. A set is kept only when seen a second time, so
/// that a set made, put in order once and dropped (`list(a - b)`) costs no more than a look.
/// A kept set is held, so no other can have its address, and its bits never change: `insert`
/// changes bits in place only where they are held once.
private enum RankedSets {
    /// The smallest set kept: below it, setting the ranks costs about what the look does.
    static let keptFrom = 64
    /// How many sets are kept, and how many addresses of sets seen once are remembered.
    static let capacity = 4

    final class Kept: @unchecked Sendable {  // its bits never change while it holds them
        let bits: EntityBits
        let table: EntityOrder.Table
        let words: [UInt64]

        init(_ bits: EntityBits, _ table: EntityOrder.Table) {
            self.bits = bits
            self.table = table
            words = [UInt64](unsafeUninitializedCapacity: (table.byRank.count + 63) >> 6) { buffer, count in
                EntityOrder.setRanks(of: bits, table, in: buffer)
                count = buffer.count
            }
        }
    }

    /// The most recent first.
    private static let state = Lock<(kept: [Kept], seen: [ObjectIdentifier])>(([], []))

    /// The kept bitset of `bits` in `table`, made now if `bits` was seen once before; nil for a
    /// set seen for the first time.
    static func kept(_ bits: EntityBits, _ table: EntityOrder.Table) -> Kept? {
        state.withLock { state in
            if let kept = state.kept.first(where: { $0.bits === bits && $0.table === table }) { return kept }
            let id = ObjectIdentifier(bits)
            guard let seen = state.seen.firstIndex(of: id) else {
                state.seen.insert(id, at: 0)
                if state.seen.count > capacity { state.seen.removeLast() }
                return nil
            }
            state.seen.remove(at: seen)
            let kept = Kept(bits, table)
            state.kept.insert(kept, at: 0)
            if state.kept.count > capacity { state.kept.removeLast() }
            return kept
        }
    }
}
