// The fact base: named facts (values with their sources) that an interpreter binds as globals.
// `source(x)` and the REPL's `:why` read the sources from here.

/// Where a named fact lives: a global name such as `signed`, or a member of an entity such as
/// `paris.signed`.
enum FactKey: Hashable, Sendable {
    case global(String)
    case member(entityID: Int, name: String)
}

/// A fact: a value, where it comes from, and for a set or list, where each element's membership
/// comes from.
struct Fact: Sendable {
    var value: Value
    /// The sources of the fact as a whole.
    var sources: [Source]
    /// The source of each element's membership, for a set or list fact (`FR in signed`).
    var elementSources: [Value: [Source]] = [:]
    /// A one-line description that `help(name)` and completion show.
    var doc: String = ""

    /// The sources of one element's membership: its own, then those of the whole fact that quote
    /// their words (the article's sentence about the set speaks for each of its elements).
    func sources(ofElement element: Value) -> [Source] {
        guard let own = elementSources[element], !own.isEmpty else { return sources }
        return own + sources.filter { $0.quote != nil && !own.contains($0) }
    }
}

/// A collection of named facts and the functions that go with them.
struct FactBase: Sendable {
    /// The global bindings in order: entity names and codes (`France`, `FR`, `FRA`), sets
    /// (`signed`, `g7`), records and values (`summit`, `article`).
    var globals: [(name: String, fact: Fact)] = []
    /// Facts that are members of entities and have element sources: `paris.signed`.
    var memberFacts: [FactKey: Fact] = [:]
    /// Functions that belong to the facts: `country`, `confirmed`, `search`.
    var functions: [Builtin] = []

    /// The fact stored under a key, if any.
    func fact(_ key: FactKey) -> Fact? {
        switch key {
        case .global(let name):
            return globals.last { $0.name == name }?.fact
        case .member:
            return memberFacts[key]
        }
    }
}
