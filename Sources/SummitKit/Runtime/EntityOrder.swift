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
        guard count > 0 else { return [] }
        let table = self.table
        var result: [Value] = []
        result.reserveCapacity(count)
        if count &* 16 < table.entities.count {
            // A few elements: their ids sorted by rank.
            let ids = bits.ids.sorted { table.ranks[$0] < table.ranks[$1] }
            for id in ids { result.append(.entity(table.entities[id]!)) }
        } else {
            // Many: every entity in rank order, kept when its bit is set.
            for id in table.byRank where bits.contains(Int(id)) { result.append(.entity(table.entities[Int(id)]!)) }
        }
        return result
    }

    /// The ranks of the entities made so far, made on first use and remade when there are more.
    static var table: Table {
        let entities = EntityRegistry.snapshot
        return cache.withLock { cached in
            if let table = cached, table.complete, table.entities.count == entities.count { return table }
            let table = Table(entities)
            cached = table
            return table
        }
    }

    private static let cache = Lock<Table?>(nil)

    /// Every entity with its rank, and the ids in rank order.
    final class Table: Sendable {
        /// All entities by id, as they were when the table was made.
        let entities: [Entity?]
        /// The rank of each entity, by id.
        let ranks: [Int32]
        /// The ids in display order.
        let byRank: [Int32]
        /// Whether every id had its entity (see `init`).
        let complete: Bool

        init(_ entities: [Entity?]) {
            // An id reserved for an entity still being made has no entity yet, and cannot be in a
            // set; it is left out, and the table is made again once the registry grows.
            let made = entities.compactMap { $0 }
            let order = made.sorted(by: EntityOrder.precedes)
            var ranks = [Int32](repeating: Int32.max, count: entities.count)
            for (rank, entity) in order.enumerated() { ranks[entity.id] = Int32(rank) }
            self.entities = entities
            self.ranks = ranks
            complete = made.count == entities.count
            byRank = order.map { Int32($0.id) }
        }
    }
}
