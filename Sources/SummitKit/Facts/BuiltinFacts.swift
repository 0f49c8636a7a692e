// The built-in fact base: the generated tables of FactData turned into entities, sets and facts,
// once per process. Building is one pass over flat tables (no parsing), so `summit -e` pays
// little for it at start-up.

extension FactBase {
    /// The fact base of the AI summits (Bletchley 2023, Seoul 2024, Paris 2025): every ISO 3166-1
    /// country, the organisations, groups, people, quotes, summits and the article, each with its
    /// sources. Built on first use.
    static let builtin: FactBase = builtinParts.base

    /// The fact-base functions by name, callable without an interpreter (for tests).
    static var builtinFunctionDefinitions: [String: FactFunctions.Definition] {
        Dictionary(uniqueKeysWithValues: builtinParts.functions.map { ($0.name, $0) })
    }

    private static let builtinParts: (base: FactBase, functions: [FactFunctions.Definition]) = FactTables().factBase()
}

/// The tables of `FactData` made into values: one instance builds the fact base.
private struct FactTables {
    let sources: [Source]
    let entities: [Entity]

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
        // Make every entity first, then fill in the members, which may refer to any entity
        // (a person's quotes and each quote's speaker refer to each other). The first pass skips
        // over the members to reach the next entity; the second reads them.
        var entities: [Entity] = []
        entities.reserveCapacity(FactData.entityCount)
        reader = TableReader(FactData.entities)
        while !reader.atEnd {
            let kind = reader.text(), name = reader.text()
            let own = reader.ints().map { sources[$0] }
            let memberCount = reader.int()
            var memberSources: [String: [Source]] = [:]
            memberSources.reserveCapacity(memberCount + 1)
            for _ in 0..<memberCount {
                let member = reader.text()
                Self.skipValue(&reader)
                let memberOwn = reader.ints()
                if !memberOwn.isEmpty { memberSources[member] = memberOwn.map { sources[$0] } }
            }
            entities.append(Entity(kind: kind, name: name, sources: own, memberSources: memberSources))
        }
        self.entities = entities
        reader = TableReader(FactData.entities)
        for entity in entities {
            _ = reader.int(); _ = reader.int(); _ = reader.ints()
            var members = entity.members
            for _ in 0..<reader.int() {
                let member = reader.text()
                members[member] = value(&reader)
                _ = reader.ints()
            }
            entity.members = members
        }
        addReportedCounts()
    }

    func sources(_ indices: [Int]) -> [Source] { indices.map { sources[$0] } }

    /// Reads a value: its tag, then its payload.
    func value(_ reader: inout TableReader) -> Value {
        switch ValueTag(rawValue: reader.int())! {
        case .null: return .null
        case .string: return .string(reader.text())
        case .int: return .int(reader.int())
        case .entity: return .entity(entities[reader.int()])
        case .entitySet: return .set(ValueSet(reader.ints().map { .entity(entities[$0]) }))
        case .entityList: return .list(reader.ints().map { .entity(entities[$0]) })
        case .strings: return .list(reader.texts().map { .string($0) })
        case .stringSet: return .set(ValueSet(reader.texts().map { .string($0) }))
        case .source: return .record(sources[reader.int()].record)
        }
    }

    /// Steps over a value without making it (entities may not exist yet).
    static func skipValue(_ reader: inout TableReader) {
        switch ValueTag(rawValue: reader.int())! {
        case .null: break
        case .string, .int, .entity, .source: _ = reader.int()
        case .entitySet, .entityList, .strings, .stringSet: _ = reader.ints()
        }
    }

    /// One record per count a source reports for a summit, by summit entity index:
    /// `{count: 60, what: "...", sources: ["https://..."]}`.
    private func reportedCountRecords() -> [(summit: Int, counts: [(record: Record, sources: [Source])])] {
        var bySummit: [(summit: Int, counts: [(record: Record, sources: [Source])])] = []
        var reader = TableReader(FactData.reportedCounts)
        while !reader.atEnd {
            let summit = reader.int(), count = reader.int(), what = reader.text()
            let rowSources = sources(reader.ints())
            let record = Record([("count", .int(count)), ("what", .string(what)),
                                 ("sources", .list(rowSources.map { .string($0.citation) }))])
            if bySummit.last?.summit != summit { bySummit.append((summit, [])) }
            bySummit[bySummit.count - 1].counts.append((record, rowSources))
        }
        return bySummit
    }

    private func addReportedCounts() {
        for (summit, counts) in reportedCountRecords() {
            let entity = entities[summit]
            entity.members["reported_counts"] = .list(counts.map { .record($0.record) })
            var all: [Source] = []
            for (_, s) in counts { for source in s where !all.contains(source) { all.append(source) } }
            entity.memberSources["reported_counts"] = all
        }
    }

    func factBase() -> (base: FactBase, functions: [FactFunctions.Definition]) {
        var base = FactBase()
        var globalElements: [String: [Value: [Source]]] = [:]
        var reader = TableReader(FactData.elementSources)
        while !reader.atEnd {
            let owner = reader.int(), member = reader.text()
            var elements: [Value: [Source]] = [:]
            for _ in 0..<reader.int() {
                let element = Value.entity(entities[reader.int()])
                elements[element, default: []] += sources(reader.ints())
            }
            if owner < 0 {
                globalElements[member] = elements
            } else {
                let entity = entities[owner]
                base.memberFacts[.member(entityID: entity.id, name: member)] = Fact(
                    value: entity[member] ?? .null, sources: entity.sources(of: member), elementSources: elements)
            }
        }
        for (summit, counts) in reportedCountRecords() {
            let entity = entities[summit]
            var elements: [Value: [Source]] = [:]
            for (record, s) in counts { elements[.record(record), default: []] += s }
            base.memberFacts[.member(entityID: entity.id, name: "reported_counts")] = Fact(
                value: entity["reported_counts"] ?? .null, sources: entity.sources(of: "reported_counts"),
                elementSources: elements,
                doc: "Every count of signatories the sources report; they disagree, so none is picked.")
        }
        base.globals.reserveCapacity(FactData.globalCount)
        reader = TableReader(FactData.globals)
        while !reader.atEnd {
            let name = reader.text()
            let fact = Fact(value: value(&reader), sources: sources(reader.ints()),
                            elementSources: globalElements[name] ?? [:], doc: reader.text())
            base.globals.append((name: name, fact: fact))
        }
        let unconfirmed = ValueSet(FactData.unconfirmed.map { .entity(entities[$0]) })
        let functions = FactFunctions.all(entities: entities, unconfirmed: unconfirmed)
        base.functions = functions.map(\.builtin)
        return (base, functions)
    }
}
