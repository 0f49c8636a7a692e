// Entities: the things facts are about. An entity has identity (two countries with the same name are
// still two entities), so it is a class; its members are fixed once the fact base is built.
import Synchronization

/// A fact-base entity: a country, an organisation, a person, a quote, a summit, a document...
///
/// An entity prints as its name and compares by identity. Its members (`France.region`) and the
/// sources of each member are set when it is made and do not change afterwards, which is what makes
/// it safe to share between tasks. (The built-in entities get theirs from the fact base's tables
/// on first use, under a lock, before anyone reads them: see `EntityMemberLoader`.)
public final class Entity: @unchecked Sendable {
    /// A number unique in this process, dense from 0, so that sets of entities can be bitsets.
    public let id: Int
    /// What kind of thing this is: `"country"`, `"organisation"`, `"person"`, `"quote"`...
    public let kind: String
    /// The name it prints as.
    public let name: String
    /// Its place in the order names sort in, for a built-in entity (`FactData.entityRanks`); -1 for
    /// any other, which sorts by `nameKey` (see ``NameOrder``).
    let rank: Int
    /// The key its name sorts by, made with the entity; nil for a built-in one, which has a rank.
    private let storedNameKey: [UInt32]?
    /// Its members, such as `region` or `role`, in order. Written only while the entity is being built.
    public internal(set) var members: Record {
        _read {
            loadMembers()
            yield storedMembers
        }
        _modify {
            loadMembers()
            yield &storedMembers
        }
    }
    /// The sources of the entity itself (key `""`) and of each member.
    var memberSources: [String: [Source]] {
        _read {
            loadMemberSources()
            yield storedMemberSources
        }
        _modify {
            loadMemberSources()
            yield &storedMemberSources
        }
    }
    // Unchecked: written only while the entity is built (by its loader, under its lock), so no
    // read can overlap a write; a checked access cost each member's read about 70 instructions.
    @exclusivity(unchecked) private var storedMembers: Record
    @exclusivity(unchecked) private var storedMemberSources: [String: [Source]]
    /// Fills in the members of an entity made before them; nil for an entity made with its members.
    private let memberLoader: EntityMemberLoader?
    /// Whether the loader has filled in the members, and their sources: each set once, under
    /// the loader's lock.
    fileprivate let membersLoaded = Atomic<Bool>(false)
    fileprivate let memberSourcesLoaded = Atomic<Bool>(false)

    /// Makes an entity with members and the sources of the entity and of each member.
    ///
    /// - Parameters:
    ///   - kind: what kind of thing it is, as `type(x)` shows it.
    ///   - name: the name it prints as.
    ///   - members: its members; `name` and `kind` are always members too.
    ///   - sources: where the entity itself comes from.
    ///   - memberSources: where each member comes from, by member name.
    public init(kind: String, name: String, members: Record = Record(), sources: [Source] = [],
                memberSources: [String: [Source]] = [:]) {
        self.kind = kind
        self.name = name
        rank = -1
        storedNameKey = NameOrder.key(name)
        storedMembers = Self.nameFirst(name, members)
        var memberSources = memberSources
        memberSources[""] = sources
        storedMemberSources = memberSources
        memberLoader = nil
        self.id = EntityRegistry.reserveID()
        EntityRegistry.store(self)
    }

    /// Makes an entity whose members and sources `loader` gives it when they are first needed,
    /// through ``fill(members:)`` and ``fill(memberSources:)``; `rank` is its place in the order
    /// of names.
    init(kind: String, name: String, rank: Int, loader: EntityMemberLoader) {
        self.kind = kind
        self.name = name
        self.rank = rank
        storedNameKey = nil
        storedMembers = Record()
        storedMemberSources = [:]
        memberLoader = loader
        self.id = EntityRegistry.reserveID()
        EntityRegistry.store(self)
    }

    /// Gives an entity made with a loader all its members, `name` among them; called by the
    /// loader only, which holds its lock.
    func fill(members: Record) { storedMembers = members }

    /// Gives an entity made with a loader the sources of each member and its own (under `""`);
    /// called by the loader only, which holds its lock.
    func fill(memberSources: [String: [Source]]) { storedMemberSources = memberSources }

    /// `name` first, then the other members in order.
    private static func nameFirst(_ name: String, _ members: Record) -> Record {
        var all = Record([("name", .string(name))])
        for (key, value) in members where key != "name" { all[key] = value }
        return all
    }

    /// The key its name sorts by (``NameOrder/key(_:)``); made now for a built-in entity, which
    /// needs it only beside an entity that is not built in.
    var nameKey: [UInt32] { storedNameKey ?? NameOrder.key(name) }

    @inline(__always)
    private func loadMembers() {
        if memberLoader != nil, !membersLoaded.load(ordering: .acquiring) { loadMembersSlowly() }
    }

    /// Out of line, so that a member read where the members are there only loads a flag.
    @inline(never)
    private func loadMembersSlowly() { memberLoader?.loadMembers(of: self) }

    private func loadMemberSources() {
        if let memberLoader, !memberSourcesLoaded.load(ordering: .acquiring) { memberLoader.loadMemberSources(of: self) }
    }

    /// Whether the built-in fact base made it: its members are read from the tables under a lock
    /// and never change, so any thread may index them (see `MemberIndex`).
    var isBuiltin: Bool { memberLoader != nil }

    /// `self[member]` for an index over every entity (`MemberIndex`): a built-in entity whose
    /// members have not been read has that one read from the tables, not all of them loaded.
    func memberForIndex(_ member: String) -> Value? {
        if let memberLoader, !membersLoaded.load(ordering: .acquiring) { return memberLoader.member(member, self) }
        return self[member]
    }

    /// Member `member` of a built-in entity as its tables have it, whether or not its members
    /// are loaded; nil for an entity not built in. (`memberForIndex` reads it so; a test holds it
    /// to `self[member]`.)
    func memberFromTables(_ member: String) -> Value? { memberLoader?.member(member, self) }

    /// The value of a member, or nil when the entity has none by that name.
    public subscript(member: String) -> Value? {
        // Straight from the stored record: through `members`' accessor, each read went through a
        // coroutine (issue 22: member reads in every query); and with no count taken on its
        // storage, so that the record is read where it is, not copied for the lookup.
        loadMembers()
        return storedMembers.reference.value(forKey: member)
    }

    /// What `body` makes of member `name` where the entity holds it, with no copy of it; nil
    /// when the entity has no such member. The member is looked for first at position `guess`
    /// (`Record.Reference.withValue(forKey:guess:found:_:)`). (Through the record's `reference`:
    /// a method of the members record itself, called here with a closure, copied the record.)
    @inline(__always)
    func withMember<R>(_ name: String, guess: Int, found: (Int) -> Void, _ body: (borrowing Value) -> R?) -> R? {
        loadMembers()
        return storedMembers.reference.withValue(forKey: name, guess: guess, found: found, body)
    }

    /// Where the entity comes from.
    public var sources: [Source] { memberSources[""] ?? [] }

    /// Where one of its members comes from; a member with no source of its own inherits the entity's.
    public func sources(of member: String) -> [Source] {
        if let own = memberSources[member], !own.isEmpty { return own }
        return sources
    }
}

/// Every entity of the process by id, so that a bitset can give its entities back.
enum EntityRegistry {
    private static let all = Lock<[Entity?]>([])
    private static let reserved = Atomic<Int>(0)

    static func reserveID() -> Int {
        all.withLock { entities in
            entities.append(nil)
            reserved.store(entities.count, ordering: .releasing)
            return entities.count - 1
        }
    }

    /// How many ids there are, the count of `snapshot`, read with no lock: the caches made from
    /// the registry (`EntityOrder.table`, `MemberIndex`, `MemberStrings`) check it at every use.
    static var count: Int { reserved.load(ordering: .acquiring) }

    static func store(_ entity: Entity) { all.withLock { $0[entity.id] = entity } }

    /// The entity with an id, if there is one.
    static func entity(_ id: Int) -> Entity? {
        all.withLock { $0.indices.contains(id) ? $0[id] : nil }
    }

    /// All entities, indexed by id: a snapshot that can be read without the lock.
    static var snapshot: [Entity?] { all.withLock { $0 } }
}

/// Fills in the members of a built-in entity the first time one of them is read, and their
/// sources the first time those are: the built-in fact base makes its entities at start-up, and
/// reads an entity's members from its tables only when a program looks at one, so that
/// `summit -e 'count(signed)'` pays for none of them and a query over the signatories for theirs
/// alone.
final class EntityMemberLoader: Sendable {
    private let fill: Lock<(members: @Sendable (Entity) -> Void, sources: @Sendable (Entity) -> Void)>
    /// One member of an entity, read from the tables alone; it changes nothing, so needs no lock.
    let member: @Sendable (String, Entity) -> Value?

    /// A loader that fills an entity's members through `members`, and their sources through
    /// `sources`, each once; they must give them through `Entity.fill` and read no entity's
    /// members. `member` reads one member as `members` would give it.
    init(members: @escaping @Sendable (Entity) -> Void, sources: @escaping @Sendable (Entity) -> Void,
         member: @escaping @Sendable (String, Entity) -> Value?) {
        fill = Lock((members, sources))
        self.member = member
    }

    /// Fills the members of `entity` in unless that is done; they are there when this returns,
    /// on any thread.
    func loadMembers(of entity: Entity) {
        fill.withLock { fill in
            guard !entity.membersLoaded.load(ordering: .acquiring) else { return }
            fill.members(entity)
            entity.membersLoaded.store(true, ordering: .releasing)
        }
    }

    /// Fills the sources of `entity` and its members in unless that is done.
    func loadMemberSources(of entity: Entity) {
        fill.withLock { fill in
            guard !entity.memberSourcesLoaded.load(ordering: .acquiring) else { return }
            fill.sources(entity)
            entity.memberSourcesLoaded.store(true, ordering: .releasing)
        }
    }
}
