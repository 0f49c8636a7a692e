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
    var elementSources: [Value: [Source]] {
        get {
            guard let builtinGlobal else { return ownElementSources }
            return FactBase.builtinDetails.globalElements[builtinGlobal] ?? [:]
        }
        set {
            ownElementSources = newValue
            builtinGlobal = nil
        }
    }
    /// A one-line description that `help(name)` and completion show.
    var doc: String = ""
    private var ownElementSources: [Value: [Source]]
    /// For a global of the built-in fact base, its name: its element sources are read from the
    /// tables when first asked for, not at start-up.
    private var builtinGlobal: String?

    init(value: Value, sources: [Source], elementSources: [Value: [Source]] = [:], doc: String = "") {
        self.value = value
        self.sources = sources
        ownElementSources = elementSources
        self.doc = doc
    }

    /// A global of the built-in fact base, whose element sources are those of `name`.
    init(builtinGlobal name: String, value: Value, sources: [Source], doc: String) {
        self.init(value: value, sources: sources, doc: doc)
        builtinGlobal = name
    }

    /// The sources of one element's membership: its own, or where it has none, those of the whole
    /// fact. A source of the set is never added to an element's own: a sentence that counts the
    /// signatories ("nearly 60 countries") names none of them, and lent to each it would raise
    /// the apparent support of the unconfirmed ones (audit D2).
    func sources(ofElement element: Value) -> [Source] {
        guard let own = elementSources[element], !own.isEmpty else { return sources }
        return own
    }
}

/// A collection of named facts and the functions that go with them.
struct FactBase: Sendable {
    /// The global bindings in order: entity names and codes (`France`, `FR`, `FRA`), sets
    /// (`signed`, `g7`), records and values (`summit`, `article`). Those of the built-in fact base
    /// are not here but come first: see `includesBuiltinGlobals`.
    var globals: [(name: String, fact: Fact)] = []
    /// Whether the built-in fact base's globals come before `globals`. They are read from the tables
    /// by name when asked for (`BuiltinGlobals`), not made up front.
    var includesBuiltinGlobals = false
    /// Facts that are members of entities and have element sources: `paris.signed`. Those of the
    /// built-in fact base are made on first use; `fact(_:)` reads one without making the whole.
    var memberFacts: [FactKey: Fact] {
        get {
            guard includesBuiltinMemberFacts else { return ownMemberFacts }
            return FactBase.builtinDetails.memberFacts.merging(ownMemberFacts) { _, own in own }
        }
        set { ownMemberFacts = newValue }
    }
    /// The member facts added to (or replacing) the built-in ones.
    private var ownMemberFacts: [FactKey: Fact] = [:]
    /// Whether the built-in fact base's member facts (`builtinDetails`) are part of these.
    var includesBuiltinMemberFacts = false
    /// Functions that belong to the facts: `country`, `confirmed`, `search`.
    var functions: [Builtin] = []

    /// The global names in the order they are bound.
    var globalNames: [String] {
        (includesBuiltinGlobals ? BuiltinGlobals.names : []) + globals.map(\.name)
    }

    /// Every global in the order they are bound, the built-in ones made from the tables.
    var allGlobals: [(name: String, fact: Fact)] {
        (includesBuiltinGlobals ? BuiltinGlobals.all : []) + globals
    }

    /// The fact stored under a key, if any.
    func fact(_ key: FactKey) -> Fact? {
        switch key {
        case .global(let name):
            if let fact = globals.last(where: { $0.name == name })?.fact { return fact }
            guard includesBuiltinGlobals, let position = BuiltinGlobals.position(of: name) else { return nil }
            return BuiltinGlobals.global(at: position).fact
        case .member:
            if let fact = ownMemberFacts[key] { return fact }
            return includesBuiltinMemberFacts ? FactBase.builtinDetails.memberFacts[key] : nil
        }
    }

    /// Stores a fact under an entity's member, replacing any.
    mutating func setMemberFact(_ fact: Fact, for key: FactKey) {
        ownMemberFacts[key] = fact
    }

    /// Adds every fact of `other`; a name or member that both have takes `other`'s fact.
    mutating func merge(_ other: FactBase) {
        // Into an empty base (an interpreter's, binding the built-in facts), the built-in globals stay
        // in the tables and the arrays are shared; after globals of its own, they are made and added.
        if other.includesBuiltinGlobals {
            if globals.isEmpty { includesBuiltinGlobals = true } else { globals += BuiltinGlobals.all }
        }
        if globals.isEmpty { globals = other.globals } else { globals += other.globals }
        if other.includesBuiltinMemberFacts {
            // The built-in member facts replace those added before them.
            if ownMemberFacts.isEmpty {
                includesBuiltinMemberFacts = true
            } else {
                ownMemberFacts.merge(FactBase.builtinDetails.memberFacts) { _, builtin in builtin }
            }
        }
        ownMemberFacts.merge(other.ownMemberFacts) { _, new in new }
        if functions.isEmpty { functions = other.functions } else { functions += other.functions }
    }
}
