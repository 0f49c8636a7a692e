// The user's names for countries, as entities: a spreadsheet column becomes a set in one line. The
// look-up is the fact base's own `country(name)`, called here, so that the names it knows, its
// codes and any improvement to them hold for both alike.

enum CountryLookup {
    /// The fact base's `country` function, bound with the facts: nil for an interpreter without them.
    static func function(_ context: CallContext) -> Builtin? {
        context.runtime.facts.functions.last { $0.name == "country" }
    }

    /// What `country(name)` gives for a name: the entity, or its error.
    static func country(_ name: String, _ context: CallContext) throws -> Value {
        guard let country = function(context) else {
            throw Builtin.fail("no country names are known: the interpreter has no fact base with country()")
        }
        return try country.body([.string(name)], context)
    }
}

extension Builtin {
    static let countriesNamed = Builtin(name: "countries_named", doc: """
        countries_named(names)
        The countries a list of names stands for, as country(name) finds them: a record of the set
        `matched` and the list `unmatched` of the names (each once, in order) that match none.
          r = countries_named(["France", "Ivory Coast", "Atlantis"])
          r.matched - signed
        """, arity: 1...1) { args, context in
        var matched: [Value] = []
        var unmatched: [Value] = []
        // A column names the same countries many times: each name is looked up once.
        var found: [String: Value?] = [:]
        for (index, item) in try elements(args[0], "countries_named").enumerated() {
            switch item {
            case .entity(let e) where e.kind == "country":
                matched.append(item)
            case .string(let name):
                if let known = found[name] {
                    if let country = known { matched.append(country) }
                    break
                }
                do {
                    let country = try CountryLookup.country(name, context)
                    found[name] = .some(country)
                    matched.append(country)
                } catch let error as SummitError where error.kind == .runtime && CountryLookup.function(context) != nil {
                    found[name] = .some(nil)
                    unmatched.append(item)
                }
            default:
                throw fail("countries_named() needs names (strings); element \(index + 1) is \(item.description)")
            }
            try context.poll(index + 1)
        }
        return .record(Record([("matched", .set(ValueSet(list: matched))), ("unmatched", .list(unmatched))]))
    }
}
