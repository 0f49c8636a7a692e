// The facts an interpreter starts with, as a public value a host can build: the built-in fact base,
// none at all, or either with the host's own entities and named facts added, from Swift or from JSON.
// It wraps the internal FactBase, so facts a host adds are stored and looked up exactly like built-ins.

/// A set of named facts that an interpreter binds as globals: entities, named sets and other values,
/// each with the sources that `source(x)` reports.
///
/// Start from ``builtin`` (the facts of the AI summits) or ``none``, add your own, and pass the
/// result to ``Interpreter/init(facts:capabilities:)`` or ``Interpreter/load(_:)``:
///
/// ```swift
/// var facts = Facts.builtin
/// let acme = Entity(kind: "organisation", name: "Acme AI",
///                   members: Record([("region", "Europe")]),
///                   sources: [Source(citation: "https://acme.example/about")])
/// facts.add(acme, as: ["Acme"])
/// facts.add("labs", .set(ValueSet([.entity(acme)])), sources: [Source(citation: "my notes")])
/// let interpreter = Interpreter(facts: facts)
/// ```
///
/// A fact added under a name that is already bound replaces the earlier one.
public struct Facts: Sendable {
    var base: FactBase

    init(base: FactBase) { self.base = base }

    /// An empty set of facts.
    public init() { base = FactBase() }

    /// The built-in fact base: every country, the organisations, people, quotes, summits and the
    /// article, with the fact-base functions `country`, `confirmed` and `search`.
    public static var builtin: Facts { Facts(base: .builtin) }

    /// No facts at all: an interpreter made with it has only the core built-in functions.
    public static var none: Facts { Facts() }

    /// The names the facts bind, in the order they were added.
    public var names: [String] { base.globalNames }

    /// The value bound to a name, or nil when the facts bind no such name.
    public subscript(name: String) -> Value? { base.fact(.global(name))?.value }

    /// Adds a named fact, such as a set of entities, with where it comes from.
    ///
    /// - Parameters:
    ///   - name: the global name Summit code uses.
    ///   - value: the fact's value.
    ///   - sources: where the fact as a whole comes from; `source(name)` shows them.
    ///   - elementSources: for a set or list, where each element's membership comes from;
    ///     `source(x in name)` shows them. An element without its own sources shows `sources`.
    ///   - doc: a one-line description, which `help(name)` shows.
    public mutating func add(_ name: String, _ value: Value, sources: [Source] = [],
                             elementSources: [Value: [Source]] = [:], doc: String = "") {
        base.globals.append((name: name, fact: Fact(value: value, sources: sources,
                                                     elementSources: elementSources, doc: doc)))
    }

    /// Adds an entity, bound under its name and any other names (a code, a short name).
    ///
    /// The entity's own sources and its members' sources are those it was made with
    /// (see ``Entity/init(kind:name:members:sources:memberSources:)``).
    ///
    /// - Parameters:
    ///   - entity: the entity.
    ///   - names: the global names to bind it under; by default its name alone.
    ///   - doc: a one-line description, which `help(name)` shows.
    public mutating func add(_ entity: Entity, as names: [String]? = nil, doc: String = "") {
        for name in names ?? [entity.name] {
            add(name, .entity(entity), sources: entity.sources, doc: doc)
        }
    }

    /// Records where each element of an entity's set or list member comes from, so that
    /// `source(x in entity.member)` names the source of that one membership.
    ///
    /// - Parameters:
    ///   - elementSources: the sources of each element's membership.
    ///   - member: the member's name, such as `"partners"`.
    ///   - entity: the entity that has the member.
    public mutating func addElementSources(_ elementSources: [Value: [Source]], ofMember member: String,
                                           of entity: Entity) {
        let key = FactKey.member(entityID: entity.id, name: member)
        var fact = base.fact(key) ?? Fact(value: entity[member] ?? .null, sources: entity.sources(of: member))
        fact.elementSources.merge(elementSources) { old, new in old + new }
        base.setMemberFact(fact, for: key)
    }

    /// Adds every fact of `other`; a name bound in both takes `other`'s value.
    public mutating func merge(_ other: Facts) {
        base.merge(other.base)
    }

    /// These facts with every fact of `other` added.
    public func merging(_ other: Facts) -> Facts {
        var copy = self
        copy.merge(other)
        return copy
    }
}

extension Facts {
    /// Reads facts from JSON text in the schema of `docs/embedding.md`:
    ///
    /// ```json
    /// {
    ///   "sources": {"acme-site": {"citation": "https://acme.example", "confidence": "medium"}},
    ///   "entities": [{"id": "acme", "kind": "organisation", "name": "Acme AI", "names": ["Acme"],
    ///                 "sources": ["acme-site"], "members": {"region": "Europe"}}],
    ///   "facts": [{"name": "labs", "value": {"$set": [{"$entity": "acme"}, {"$entity": "France"}]},
    ///              "sources": ["acme-site"], "doc": "AI labs I follow"}]
    /// }
    /// ```
    ///
    /// A value is JSON as is (an array is a list, an object a record), `{"$set": [...]}` for a set,
    /// or `{"$entity": "acme"}` for an entity of the file (by id, or by name when it has no id) or one
    /// bound in `references`.
    ///
    /// - Parameters:
    ///   - json: the text.
    ///   - file: the name errors show.
    ///   - references: facts whose entities the file may name with `$entity`; the built-in ones by default.
    /// - Throws: a ``SummitError`` of kind ``SummitError/Kind/io`` naming what is wrong and where.
    public init(json: String, file: String = "<json>", references: Facts = .builtin) throws {
        let parsed = try JSONReader.parse(json, file: file)
        var loader = FactsJSONLoader(file: file, known: references.base)
        self.init(base: try loader.load(parsed))
    }

    /// Reads facts from a JSON file; see ``init(json:file:references:)`` for the schema.
    ///
    /// This reads a file on the host's behalf: no ``Interpreter/capabilities`` are needed.
    public init(contentsOfFile path: String, references: Facts = .builtin) throws {
        try self.init(json: try SourceReader.read(path), file: path, references: references)
    }
}
