// The order names sort in (issue 19): as a dictionary does, accents and case folded first, so that
// "Côte d'Ivoire" comes before "Czechia" and "Åland Islands" among the A's. Entities sort by it. The
// built-in ones carry their place in it as an integer (FactData.entityRanks, which tools/gen-facts
// computes by a copy of this rule), so sorting them compares integers and formats nothing.

enum NameOrder {
    /// A name's key: each scalar folded, an ASCII capital to its small letter, a Latin letter with
    /// accents to its base letter(s) (`FactData.foldedLetters`: Unicode's compatibility decomposition,
    /// lower-cased, for U+00C0–U+024F and U+1E00–U+1EFF), any other scalar to its lower-case mapping;
    /// nonspacing marks dropped. Keys compare scalar by scalar.
    static func key(_ name: String) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(name.utf8.count)
        for scalar in name.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                out.append(value >= 0x41 && value <= 0x5A ? value + 0x20 : value)
            } else if let folded = foldedLetters[value] {
                out += folded
            } else {
                for lower in scalar.properties.lowercaseMapping.unicodeScalars
                where lower.properties.generalCategory != .nonspacingMark {
                    out.append(lower.value)
                }
            }
        }
        return out
    }

    /// Whether entity `a` sorts before entity `b`: by the keys of their names, then by the names
    /// themselves, then by the order they were made in. Two built-in entities compare by rank,
    /// which is the same order.
    static func precedes(_ a: Entity, _ b: Entity) -> Bool {
        if a.rank >= 0, b.rank >= 0 { return a.rank < b.rank }
        let keyA = a.nameKey, keyB = b.nameKey
        if keyA != keyB { return keyA.lexicographicallyPrecedes(keyB) }
        if a.name != b.name { return a.name < b.name }
        return a.id < b.id
    }

    /// Entities in name order.
    static func sorted<S: Sequence<Entity>>(_ entities: S) -> [Entity] {
        entities.sorted(by: precedes)
    }

    /// The letters that fold to others, read from the tables on first use.
    private static let foldedLetters: [UInt32: [UInt32]] = {
        var table: [UInt32: [UInt32]] = [:]
        var reader = TableReader(FactData.foldedLetters)
        while !reader.atEnd {
            let scalar = UInt32(reader.int())
            table[scalar] = reader.ints().map { UInt32($0) }
        }
        return table
    }()
}
