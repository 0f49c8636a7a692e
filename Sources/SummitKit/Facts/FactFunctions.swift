// The functions that belong to the fact base: `country(name)`, `confirmed(s)` and
// `search(doc, text)`. Like every built-in they throw without a location; the interpreter adds it.
import Synchronization

enum FactFunctions {
    /// A fact-base function before it becomes a `Builtin`: its body needs no call context, so
    /// tests can call it without an interpreter.
    struct Definition: Sendable {
        let name: String
        let doc: String
        let arity: ClosedRange<Int>
        let run: @Sendable (_ args: [Value]) throws -> Value

        /// The function as the interpreter binds it.
        var builtin: Builtin {
            let run = self.run
            return Builtin(name: name, doc: doc, arity: arity) { args, _ in try run(args) }
        }
    }

    /// The three functions, closed over the fact base's entities.
    static func all(entities: [Entity], unconfirmed: ValueSet) -> [Definition] {
        [country(entities: entities), confirmed(unconfirmed), search]
    }

    // country(name) -------------------------------------------------------------------------------

    /// The key a name is looked up by: lower case, letters and digits only (`"South Korea"` and
    /// `SouthKorea` are both `southkorea`). tools/gen-facts writes the table's keys the same way.
    static func lookupKey(_ name: String) -> String {
        // ASCII, as most names are: the same letters and digits, a byte at a time.
        if name.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(name.utf8.count)
            for byte in name.utf8 {
                switch byte {
                case 0x61...0x7A, 0x30...0x39: bytes.append(byte)
                case 0x41...0x5A: bytes.append(byte + 0x20)
                default: break
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        return String(name.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    static func country(entities: [Entity]) -> Definition {
        // Built on the first call, not at start-up.
        let index = LazyIndex(entities: entities)
        return Definition(
            name: "country",
            doc: """
                country(name)
                The country (or signatory organisation) with that name or ISO code: any name people \
                use, current or former, in any case, with or without accents: country("south korea"), \
                country("Ivory Coast"), country("Burma"), country("FRA"). A name two countries share \
                ("Congo") is an error that names both; "did you mean" lists the closest names.
                """,
            arity: 1...1
        ) { args in
            guard case .string(let name) = args[0] else {
                if case .entity(let e) = args[0], e.kind == "country" { return args[0] }
                throw SummitError(.runtime, "country(name) expects a string, got \(args[0].typeName)")
            }
            let index = index.value
            let key = lookupKey(name)
            if let entity = index.exact[key] { return .entity(entity) }  // the common case, first
            // Accents the tables' names lack ("Perú", "México") are dropped, as names sort
            // (`NameOrder`); a leading "the" ("The Gambia") is not part of the name.
            var keys = [key]
            let folded = String(String.UnicodeScalarView(NameOrder.key(key).compactMap(Unicode.Scalar.init)))
            if folded != key { keys.append(folded) }
            for key in keys where key.hasPrefix("the") && key.count > 3 { keys.append(String(key.dropFirst(3))) }
            for key in keys {
                if let entity = index.exact[key] { return .entity(entity) }
                if let entities = index.ambiguous[key] {
                    throw SummitError(.runtime, "\(Value.string(name).description) could mean "
                                      + list(entities.map(\.name)) + ": country() needs one of those names")
                }
            }
            var message = "no country named \(Value.string(name).description)"
            let names = index.suggestions(for: key).map(\.name)
            if !names.isEmpty { message += "; did you mean \(list(names))?" }
            throw SummitError(.runtime, message)
        }
    }

    /// `A`, `A or B`, `A, B or C`.
    private static func list(_ names: [String]) -> String {
        guard let last = names.last else { return "" }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
    }

    /// The name index of `country`, made on first use.
    final class LazyIndex: Sendable {
        private let entities: [Entity]
        init(entities: [Entity]) { self.entities = entities }

        struct Index {
            var exact: [String: Entity] = [:]
            /// The names more than one country bears ("Congo", "Korea"), with those countries.
            var ambiguous: [String: [Entity]] = [:]
            /// Every name (codes left out) in table order, with its entity, for "did you mean".
            var keys: [(key: [Unicode.Scalar], entity: Entity)] = []

            /// The entities whose names are closest to `key` (at most three, in table order): names it
            /// begins (at least 3 letters), or names within a few edits (a third of its length, at most 3).
            /// Codes are never suggested: a short name is a few edits from many of them.
            func suggestions(for key: String) -> [Entity] {
                let query = Array(key.unicodeScalars)
                guard !query.isEmpty else { return [] }
                let limit = min(3, max(1, query.count / 3))
                var best = limit + 1
                var found: [Entity] = []
                for (candidate, entity) in keys {
                    var distance = FactFunctions.editDistance(query, candidate, limit: limit)
                    if query.count >= 3, candidate.starts(with: query) { distance = min(distance, limit) }
                    if distance < best { best = distance; found = [] }
                    if distance == best, distance <= limit, !found.contains(where: { $0 === entity }) {
                        found.append(entity)
                    }
                }
                return Array(found.prefix(3))
            }
        }

        var value: Index { cache.withLock { cached in
            if let cached { return cached }
            var index = Index()
            var reader = TableReader(FactData.countryNames)
            while !reader.atEnd {
                let key = reader.text(), entity = entities[reader.int()], kind = reader.int()
                if index.exact[key] == nil || kind == 2 { index.exact[key] = entity }
                if kind != 0 { index.keys.append((Array(key.unicodeScalars), entity)) }
            }
            index.ambiguous = FactFunctions.ambiguousNames(entities: entities)
            cached = index
            return index
        } }

        private let cache = Lock<Index?>(nil)
    }

    /// The names more than one built-in country bears ("Congo", "Korea"), by lookup key, with
    /// those countries: `country()` and the error for an undefined global list them.
    static func ambiguousNames(entities: [Entity]) -> [String: [Entity]] {
        var names: [String: [Entity]] = [:]
        var reader = TableReader(FactData.ambiguousCountryNames)
        while !reader.atEnd {
            let key = reader.text()
            names[key] = reader.ints().map { entities[$0] }
        }
        return names
    }

    /// For an undefined global that is a name of more than one country ("Congo"), the note that
    /// says which: `it could mean Democratic Republic of the Congo (CD) or Republic of the Congo (CG)`.
    static func ambiguityNote(forGlobal name: String) -> String? {
        guard let entities = ambiguousNames(entities: FactBase.builtinEntities)[lookupKey(name)] else { return nil }
        let named = entities.map { e in e["iso2"]?.stringValue.map { "\(e.name) (\($0))" } ?? e.name }
        return "it could mean " + list(named)
    }

    /// The Levenshtein distance between two strings of scalars, or `limit + 1` once it is
    /// certain to exceed `limit`.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...max(1, a.count) where !a.isEmpty {
            current[0] = i
            var rowMin = current[0]
            for j in 1...max(1, b.count) where !b.isEmpty {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    // confirmed(s) --------------------------------------------------------------------------------

    static func confirmed(_ unconfirmed: ValueSet) -> Definition {
        Definition(
            name: "confirmed",
            doc: """
                confirmed(s)
                The elements of a set or list that are not unconfirmed Paris signatories (the set \
                `unconfirmed`): confirmed(signed) is the Paris signatories at least one source names. \
                Meant for Paris sets: Ukraine and the UAE are unconfirmed at Paris but confirmed at Bletchley. \
                Of an incomplete set, the elements known to be members, as a complete set: \
                confirmed(unga_78_265.cosponsors) is the named co-sponsors.
                """,
            arity: 1...1
        ) { args in
            switch args[0] {
            case .set(let set) where !set.isComplete:
                return .set(set.knownMembers.subtracting(unconfirmed))
            case .set(let set): return .set(set.subtracting(unconfirmed))
            case .list(let items): return .list(items.filter { !unconfirmed.contains($0) })
            default: throw SummitError(.runtime, "confirmed(s) expects a set or a list, got \(args[0].typeName)")
            }
        }
    }

    // search(doc, text) ---------------------------------------------------------------------------

    static let search = Definition(
        name: "search",
        doc: """
            search(doc, text)
            The sentences of a document that contain text, ignoring case: search(article, "authoritarian").
            """,
        arity: 2...2
    ) { args in
        guard case .entity(let doc) = args[0], case .list(let sentences)? = doc["sentences"] else {
            throw SummitError(.runtime, "search(doc, text) expects a document such as article, got \(args[0].typeName)")
        }
        guard case .string(let text) = args[1] else {
            throw SummitError(.runtime, "search(doc, text) expects text to be a string, got \(args[1].typeName)")
        }
        let needle = text.lowercased()
        return .list(sentences.filter {
            if case .string(let s) = $0 { return needle.isEmpty || s.lowercased().contains(needle) }
            return false
        })
    }
}
