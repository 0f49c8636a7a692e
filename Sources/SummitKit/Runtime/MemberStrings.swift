// The strings one member takes over the built-in entities, in order and in bytes, for the queries
// that list or sort by it: `sort_by(xs, c => c.name)`, `map(xs, c => c.name)` and
// `join(map(xs, c => c.name), ", ")`.
// Made from the member's index (MemberIndex.swift) when one of them first needs it, and again
// only after more entities are made; entities from elsewhere are not in it and take the general
// path (issue 22).

/// The string values of one member over every built-in entity, by entity id.
final class MemberStrings: MadeForMember {
    /// How many entity ids there were when it was made.
    let entityCount: Int
    /// For each entity id, where its string sorts among the member's strings (equal strings share
    /// a place), for `sort_by`; -1 where the entity is not built in, lacks the member, or has
    /// another value or a string with a character from U+0180 on. A string of those characters
    /// alone is in NFC, where `<` orders two strings as their UTF-8 bytes and only equal bytes are
    /// equal (`Builtin.stringOrder`), so these places order as `<` does.
    let places: [Int32]
    /// How many places there are: one more than the largest.
    let placeCount: Int
    /// For each entity id, where the UTF-8 of its string is in `bytes`: its start in the high 32
    /// bits and its length in the low; UInt64.max where the entity is not built in or its member
    /// is not a string.
    let spans: [UInt64]
    /// The UTF-8 of each of the member's strings, once each.
    let bytes: [UInt8]
    /// For each entity id, the member's value where it is a string (the value `entity[member]`
    /// gives, sharing its storage), for `map`; nil elsewhere.
    let values: [Value?]

    private init(_ index: MemberIndex) {
        entityCount = index.entityCount
        var spans = [UInt64](repeating: .max, count: index.entityCount)
        var values = [Value?](repeating: nil, count: index.entityCount)
        var bytes: [UInt8] = []
        var plain: [(bytes: Range<Int>, bits: EntityBits)] = []
        for group in index.groups {
            guard case .string(let s) = group.value, bytes.count + s.utf8.count <= Int(UInt32.max) else { continue }
            let start = bytes.count
            bytes.append(contentsOf: s.utf8)
            let span = UInt64(start) &<< 32 | UInt64(s.utf8.count)
            group.bits.forEachID {
                spans[$0] = span
                values[$0] = group.value
            }
            if s.utf8.allSatisfy({ $0 < 0xC6 }) { plain.append((start..<bytes.count, group.bits)) }
        }
        // The index groups strings by their exact bytes, so no two plain groups share a place.
        plain.sort { bytes[$0.bytes].lexicographicallyPrecedes(bytes[$1.bytes]) }
        var places = [Int32](repeating: -1, count: index.entityCount)
        for (place, group) in plain.enumerated() {
            group.bits.forEachID { places[$0] = Int32(place) }
        }
        self.places = places
        placeCount = plain.count
        self.spans = spans
        self.bytes = bytes
        self.values = values
    }

    /// The strings of `member` over the entities made so far.
    static func of(_ member: String) -> MemberStrings {
        cache.of(member) { MemberStrings(MemberIndex.of(member)) }
    }

    private static let cache = PerMember<MemberStrings>()
}
