// The built-in fact base: the generated tables of FactData turned into entities, sets and facts.
// Nothing is parsed, and little is made at start-up: the entities and sources, once per process.
// A global is read from the tables when a program first names it, and the entities' members, the
// member facts and the element sources when a program (or `source(x)`) first looks at one.

extension FactBase {
    /// The fact base of the AI summits (Bletchley 2023 to New Delhi 2026): every ISO 3166-1
    /// country, the organisations, groups, people, quotes, summits and the article, each with its
    /// sources. Built on first use.
    static let builtin: FactBase = builtinParts.base

    /// The fact-base functions by name, callable without an interpreter (for tests).
    static var builtinFunctionDefinitions: [String: FactFunctions.Definition] {
        Dictionary(uniqueKeysWithValues: builtinParts.functions.map { ($0.name, $0) })
    }

    /// The built-in entities, in the tables' order.
    static var builtinEntities: [Entity] { FactTables.shared.entities }

    private static let builtinParts: (base: FactBase, functions: [FactFunctions.Definition]) = FactTables.shared.factBase()

    /// The built-in member facts (`paris.signed`) and the element sources of the built-in globals
    /// by name: what `source(x in s)` reads, made the first time it is needed.
    static let builtinDetails: (memberFacts: [FactKey: Fact], globalElements: [String: [Value: [Source]]]) =
        FactTables.shared.details()
}

/// The tables of `FactData` made into values: the one instance builds the fact base.
private struct FactTables {
    static let shared = FactTables()

    let sources: [Source]
    /// The entities, made with their kinds and names; `fillMembers(of:)` gives each the rest.
    let entities: [Entity]
    /// Where each entity's record starts in `FactData.entities`, in the order of `entities`.
    private let records: [Int]
    /// The shapes that entities with the same member names (every country, every person...)
    /// share: kept from one entity's load to the next, and made with the first.
    private static let shapes = Lock<[Record.Shape]>([])

    init() {
        var sources: [Source] = []
        sources.reserveCapacity(FactData.sources.count / 4)
        var reader = TableReader(FactData.sources)
        while !reader.atEnd {
            let citation = reader.text(), quote = reader.string()
            let confidence = TableReader.confidences[reader.int()]
            sources.append(Source(citation: citation, quote: quote, confidence: confidence, note: reader.string()))
        }
        self.sources = sources
        // The members may refer to any entity (a person's quotes and each quote's speaker refer to
        // each other), so every entity is made first; the loader reads an entity's members when
        // one of them is first read.
        let loader = EntityMemberLoader(members: { FactTables.shared.fillMembers(of: $0) },
                                        sources: { FactTables.shared.fillMemberSources(of: $0) },
                                        member: { FactTables.shared.member($0, of: $1) })
        var entities: [Entity] = [], records: [Int] = []
        entities.reserveCapacity(FactData.entityCount)
        records.reserveCapacity(FactData.entityCount)
        reader = TableReader(FactData.entities)
        while !reader.atEnd {
            records.append(reader.position)
            entities.append(Entity(kind: reader.text(), name: reader.text(), rank: FactData.entityRanks[entities.count],
                                   loader: loader))
            reader.skipInts()
            for _ in 0..<reader.int() {
                _ = reader.int()
                Self.skipValue(&reader)
                reader.skipInts()
            }
        }
        self.entities = entities
        self.records = records
    }

    /// Reads a count-prefixed list of sources.
    func sources(_ reader: inout TableReader) -> [Source] {
        let count = reader.int()
        guard count > 0 else { return [] }
        var list: [Source] = []
        list.reserveCapacity(count)
        for _ in 0..<count { list.append(sources[reader.int()]) }
        return list
    }

    /// The `reported_counts` of each summit and the sources of all of them, by the summit's
    /// index in `entities`: made once, when the first entity's members are read.
    private static let reportedCounts: [Int: (records: [Value], sources: [Source])] = {
        var reported: [Int: (records: [Value], sources: [Source])] = [:]
        for (summit, counts) in shared.reportedCountRecords() {
            var all: [Source] = []
            for (_, s) in counts { for source in s where !all.contains(source) { all.append(source) } }
            reported[summit] = (counts.map { .record($0.record) }, all)
        }
        return reported
    }()

    /// A reader at `entity`'s record in `FactData.entities`, past its kind and name, with the
    /// entity's place in `entities`.
    private func record(of entity: Entity) -> (place: Int, reader: TableReader) {
        // The entities were made in the order of the tables, so their ids ascend.
        var low = 0, high = entities.count - 1
        while low < high {
            let middle = (low + high) / 2
            if entities[middle].id < entity.id { low = middle + 1 } else { high = middle }
        }
        precondition(entities[low] === entity, "only a built-in entity is filled from the tables")
        var reader = TableReader(FactData.entities, at: records[low])
        _ = reader.int(); _ = reader.int()
        return (low, reader)
    }

    /// Gives one entity its members, as the tables have them, and a summit its `reported_counts`;
    /// their sources are left for `fillMemberSources(of:)`. It runs under the entities' loader
    /// lock, so it reads no entity's members.
    func fillMembers(of entity: Entity) {
        let (place, start) = record(of: entity)
        var reader = start
        reader.skipInts()
        let memberCount = reader.int()
        var names = ["name"], values: [Value] = [.string(entity.name)]
        names.reserveCapacity(memberCount + 2)
        values.reserveCapacity(memberCount + 2)
        for _ in 0..<memberCount {
            names.append(reader.text())
            values.append(value(&reader))
            reader.skipInts()
        }
        if let (records, _) = Self.reportedCounts[place] {
            names.append("reported_counts")
            values.append(.list(records))
        }
        // Entities of one kind mostly have the same members; their few shapes are compared
        // name by name (the names are the tables' strings, equal in their bits), which costs
        // less than hashing them.
        let members = Self.shapes.withLock { shapes in
            if let shape = shapes.first(where: { $0.names == names }) { return Record(shape: shape, values: values) }
            guard Record.areDistinct(names) else {
                return Record(Array(zip(names, values)))  // a later member of one name replaces the first
            }
            let shape = Record.Shape(distinctNames: names)
            shapes.append(shape)
            return Record(shape: shape, values: values)
        }
        entity.fill(members: members)
    }

    /// Member `name` of one entity, as `fillMembers(of:)` gives the entity its members (`name`
    /// first, a later member of one name in place of the first, `reported_counts` last), read
    /// from the tables alone: `MemberIndex` reads one member of every entity so.
    func member(_ name: String, of entity: Entity) -> Value? {
        let (place, start) = record(of: entity)
        var reader = start
        reader.skipInts()
        var found: Value? = name == "name" ? .string(entity.name) : nil
        for _ in 0..<reader.int() {
            if reader.text() == name { found = value(&reader) } else { Self.skipValue(&reader) }
            reader.skipInts()
        }
        if name == "reported_counts", let (records, _) = Self.reportedCounts[place] { found = .list(records) }
        return found
    }

    /// Gives one entity the sources of itself (under `""`) and of each member, as the tables have
    /// them: read apart from the members, since only `source(x.member)` and the like need them.
    /// It runs under the entities' loader lock.
    func fillMemberSources(of entity: Entity) {
        let (place, start) = record(of: entity)
        var reader = start
        var memberSources: [String: [Source]] = ["": sources(&reader)]
        for _ in 0..<reader.int() {
            let member = reader.text()
            Self.skipValue(&reader)
            let own = sources(&reader)
            if !own.isEmpty { memberSources[member] = own }
        }
        if let (_, all) = Self.reportedCounts[place] { memberSources["reported_counts"] = all }
        entity.fill(memberSources: memberSources)
    }

    /// Reads a value: its tag, then its payload.
    func value(_ reader: inout TableReader) -> Value {
        switch ValueTag(rawValue: reader.int())! {
        case .null: return .null
        case .string: return .string(reader.text())
        case .int: return .int(reader.int())
        case .entity: return .entity(entities[reader.int()])
        case .entitySet: return .set(ValueSet(reader.ints().lazy.map { .entity(entities[$0]) }))
        case .entityList: return .list(reader.ints().map { .entity(entities[$0]) })
        case .strings: return .list(reader.texts().map { .string($0) })
        case .stringSet: return .set(ValueSet(reader.texts().map { .string($0) }))
        case .source: return .record(sources[reader.int()].record)
        case .partialEntitySet:
            let named = reader.ints().lazy.map { Value.entity(entities[$0]) }
            let reported = reader.int()
            return .set(ValueSet(named: named, reportedCount: reported < 0 ? nil : reported))
        case .bool: return .bool(reader.int() != 0)
        case .record:
            var record = Record()
            for _ in 0..<reader.int() {
                let name = reader.text()
                record[name] = value(&reader)
            }
            return .record(record)
        case .list:
            return .list((0..<reader.int()).map { _ in value(&reader) })
        }
    }

    /// Steps over a value without making it.
    static func skipValue(_ reader: inout TableReader) {
        switch ValueTag(rawValue: reader.int())! {
        case .null: break
        case .string, .int, .entity, .source, .bool: _ = reader.int()
        case .entitySet, .entityList, .strings, .stringSet: reader.skipInts()
        case .partialEntitySet: reader.skipInts(); _ = reader.int()
        case .record:
            for _ in 0..<reader.int() {
                _ = reader.int()
                skipValue(&reader)
            }
        case .list:
            for _ in 0..<reader.int() { skipValue(&reader) }
        }
    }

    /// One record per count a source reports for a summit, by summit entity index:
    /// `{count: 60, approx: nil, what: "...", sources: ["https://..."]}`. An approximate report
    /// ("nearly 60") has `count` nil and the round number in `approx`; `what` says which way.
    private func reportedCountRecords() -> [(summit: Int, counts: [(record: Record, sources: [Source])])] {
        var bySummit: [(summit: Int, counts: [(record: Record, sources: [Source])])] = []
        var reader = TableReader(FactData.reportedCounts)
        while !reader.atEnd {
            let summit = reader.int(), count = value(&reader), approx = value(&reader), what = reader.text()
            let rowSources = sources(&reader)
            let record = Record([("count", count), ("approx", approx), ("what", .string(what)),
                                 ("sources", .list(rowSources.map { .string($0.citation) }))])
            if bySummit.last?.summit != summit { bySummit.append((summit, [])) }
            bySummit[bySummit.count - 1].counts.append((record, rowSources))
        }
        return bySummit
    }

    /// The fact base with its functions: its globals are read from the tables by name (`BuiltinGlobals`).
    func factBase() -> (base: FactBase, functions: [FactFunctions.Definition]) {
        var base = FactBase()
        base.includesBuiltinGlobals = true
        base.includesBuiltinMemberFacts = true
        let unconfirmed = ValueSet(FactData.unconfirmed.map { .entity(entities[$0]) })
        let functions = FactFunctions.all(entities: entities, unconfirmed: unconfirmed)
        base.functions = functions.map(\.builtin)
        return (base, functions)
    }

    /// The global whose record starts at `position` in the globals table, with its sources and doc.
    func global(at position: Int) -> (name: String, fact: Fact) {
        var reader = TableReader(FactData.globals, at: position)
        let name = reader.text()
        return (name, Fact(builtinGlobal: name, value: value(&reader), sources: sources(&reader), doc: reader.text()))
    }

    /// The value alone of the global whose record starts at `position`.
    func globalValue(at position: Int) -> Value {
        var reader = TableReader(FactData.globals, at: position + 1)
        return value(&reader)
    }

    /// The member facts with element sources, and the element sources of the globals by name.
    func details() -> (memberFacts: [FactKey: Fact], globalElements: [String: [Value: [Source]]]) {
        var memberFacts: [FactKey: Fact] = [:]
        var globalElements: [String: [Value: [Source]]] = [:]
        var reader = TableReader(FactData.elementSources)
        while !reader.atEnd {
            let owner = reader.int(), member = reader.text()
            var elements: [Value: [Source]] = [:]
            for _ in 0..<reader.int() {
                let element = Value.entity(entities[reader.int()])
                elements[element, default: []] += sources(&reader)
            }
            if owner < 0 {
                globalElements[member] = elements
            } else {
                let entity = entities[owner]
                memberFacts[.member(entityID: entity.id, name: member)] = Fact(
                    value: entity[member] ?? .null, sources: entity.sources(of: member), elementSources: elements)
            }
        }
        for (summit, counts) in reportedCountRecords() {
            let entity = entities[summit]
            var elements: [Value: [Source]] = [:]
            for (record, s) in counts { elements[.record(record), default: []] += s }
            memberFacts[.member(entityID: entity.id, name: "reported_counts")] = Fact(
                value: entity["reported_counts"] ?? .null, sources: entity.sources(of: "reported_counts"),
                elementSources: elements,
                doc: "Every count of signatories the sources report; they disagree, so none is picked.")
        }
        return (memberFacts, globalElements)
    }
}

/// The globals of the built-in fact base, read from the tables one at a time: a name is found by
/// binary search, and only that global's value is made. Binding all 816 at start-up took longer
/// than the rest of it.
enum BuiltinGlobals {
    /// Where the record of the global named `name` starts in the globals table, if there is one.
    static func position(of name: String) -> Int? {
        let order = FactData.globalsByName
        var low = 0, high = order.count
        while low < high {
            let middle = (low + high) / 2
            let candidate = FactData.strings[FactData.globals[order[middle]]]
            if candidate == name { return order[middle] }
            if candidate < name { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    /// The value of the global whose record starts at `position`.
    static func value(at position: Int) -> Value { FactTables.shared.globalValue(at: position) }

    /// The global whose record starts at `position`, with its sources and doc.
    static func global(at position: Int) -> (name: String, fact: Fact) { FactTables.shared.global(at: position) }

    /// Every name, in the tables' order.
    static let names: [String] = {
        var names: [String] = []
        names.reserveCapacity(FactData.globalCount)
        var reader = TableReader(FactData.globals)
        while !reader.atEnd {
            names.append(reader.text())
            FactTables.skipValue(&reader)
            reader.skipInts()
            _ = reader.int()
        }
        return names
    }()

    /// Every global, in the tables' order.
    static var all: [(name: String, fact: Fact)] {
        FactData.globalsByName.sorted().map { global(at: $0) }
    }
}
