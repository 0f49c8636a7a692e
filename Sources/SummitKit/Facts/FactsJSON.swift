// Reading facts from JSON: the schema that docs/embedding.md describes, turned into a FactBase.
// Entities are made first and their members filled in afterwards, so that members may refer to
// entities defined later in the file (as the built-in tables do).

struct FactsJSONLoader {
    let file: String
    /// Facts whose entities `{"$entity": "France"}` may name besides the file's own.
    let known: FactBase
    var sources: [String: Source] = [:]
    var entities: [String: Entity] = [:]

    init(file: String, known: FactBase) {
        self.file = file
        self.known = known
    }

    func fail(_ message: String) -> SummitError { SummitError(.io, "invalid facts in \(file): \(message)") }

    mutating func load(_ json: JSON) throws -> FactBase {
        guard case .object(let top) = json else { throw fail("the top level must be an object, got \(json.typeName)") }
        for key in top.map(\.name) where !["sources", "entities", "facts"].contains(key) {
            throw fail("unknown key \"\(key)\" (expected sources, entities, facts)")
        }
        if let table = json["sources"] {
            guard case .object(let fields) = table else { throw fail("\"sources\" must be an object of sources by id") }
            for field in fields { sources[field.name] = try self.source(field.json, "sources.\(field.name)") }
        }
        var base = FactBase()
        var made: [(Entity, JSON)] = []
        if let list = json["entities"] {
            guard case .array(let items) = list else { throw fail("\"entities\" must be an array") }
            for (index, item) in items.enumerated() {
                let path = "entities[\(index)]"
                guard case .string(let kind)? = item["kind"] else { throw fail("\(path) needs a string \"kind\"") }
                guard case .string(let name)? = item["name"] else { throw fail("\(path) needs a string \"name\"") }
                var memberSources: [String: [Source]] = [:]
                if case .object(let fields)? = item["memberSources"] {
                    for field in fields { memberSources[field.name] = try sourceList(field.json, "\(path).memberSources.\(field.name)") }
                }
                let entity = Entity(kind: kind, name: name, sources: try sourceList(item["sources"], "\(path).sources"),
                                    memberSources: memberSources)
                let id: String
                if case .string(let given)? = item["id"] { id = given } else { id = name }
                guard entities[id] == nil else { throw fail("\(path): the id \"\(id)\" is used twice") }
                entities[id] = entity
                made.append((entity, item))
            }
        }
        for (entity, item) in made {
            var members = entity.members
            if let fields = item["members"] {
                guard case .object(let pairs) = fields else { throw fail("the members of \(entity.name) must be an object") }
                for field in pairs { members[field.name] = try self.value(field.json, "\(entity.name).\(field.name)") }
            }
            entity.members = members
            var names: [String] = [entity.name]
            if case .array(let list)? = item["names"] {
                names = try list.map {
                    guard case .string(let s) = $0 else { throw fail("the names of \(entity.name) must be strings") }
                    return s
                }
            }
            var doc = ""
            if case .string(let d)? = item["doc"] { doc = d }
            for name in names {
                base.globals.append((name, Fact(value: .entity(entity), sources: entity.sources, doc: doc)))
            }
            if case .object(let fields)? = item["elementSources"] {
                for field in fields {
                    let member = field.name, list = field.json
                    let fact = Fact(value: entity[member] ?? .null, sources: entity.sources(of: member),
                                    elementSources: try elementSources(list, "\(entity.name).elementSources.\(member)"))
                    base.setMemberFact(fact, for: .member(entityID: entity.id, name: member))
                }
            }
        }
        if let list = json["facts"] {
            guard case .array(let items) = list else { throw fail("\"facts\" must be an array") }
            for (index, item) in items.enumerated() {
                let path = "facts[\(index)]"
                guard case .string(let name)? = item["name"] else { throw fail("\(path) needs a string \"name\"") }
                guard let raw = item["value"] else { throw fail("\(path) (\(name)) needs a \"value\"") }
                var doc = ""
                if case .string(let d)? = item["doc"] { doc = d }
                let fact = Fact(value: try value(raw, name), sources: try sourceList(item["sources"], "\(path).sources"),
                                elementSources: try elementSources(item["elementSources"], "\(path).elementSources"),
                                doc: doc)
                base.globals.append((name, fact))
            }
        }
        return base
    }

    /// A source: an id of the `sources` table, or a source object written in place.
    func source(_ json: JSON, _ path: String) throws -> Source {
        switch json {
        case .string(let id):
            guard let source = sources[id] else { throw fail("\(path): no source with id \"\(id)\"") }
            return source
        case .object:
            guard case .string(let citation)? = json["citation"] else { throw fail("\(path) needs a string \"citation\"") }
            var confidence = Source.Confidence.high
            if case .string(let level)? = json["confidence"] {
                guard let c = Source.Confidence(rawValue: level) else {
                    throw fail("\(path): confidence must be one of \(Source.Confidence.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                confidence = c
            }
            var quote: String?, note: String?
            if case .string(let q)? = json["quote"] { quote = q }
            if case .string(let n)? = json["note"] { note = n }
            return Source(citation: citation, quote: quote, confidence: confidence, note: note)
        default:
            throw fail("\(path): a source is an id or an object, got \(json.typeName)")
        }
    }

    func sourceList(_ json: JSON?, _ path: String) throws -> [Source] {
        guard let json else { return [] }
        guard case .array(let items) = json else { return [try source(json, path)] }
        return try items.enumerated().map { try source($1, "\(path)[\($0)]") }
    }

    /// `[{"element": value, "sources": [...]}]`.
    func elementSources(_ json: JSON?, _ path: String) throws -> [Value: [Source]] {
        guard let json else { return [:] }
        guard case .array(let items) = json else { throw fail("\(path) must be an array of {element, sources}") }
        var result: [Value: [Source]] = [:]
        for (index, item) in items.enumerated() {
            guard let element = item["element"] else { throw fail("\(path)[\(index)] needs an \"element\"") }
            result[try value(element, "\(path)[\(index)]"), default: []] += try sourceList(item["sources"], "\(path)[\(index)].sources")
        }
        return result
    }

    /// A set with `"$incomplete"` beside `"$set"`, read as decoding a Value reads it (`IncompleteSetJSON`).
    func incompleteSet(_ elements: [Value], _ json: JSON, _ path: String) throws -> ValueSet {
        do {
            return try IncompleteSetJSON.set(ValueSet(elements), json) { item, field, index in
                try value(item, "\(path).\(field)[\(index)]")
            }
        } catch let error as IncompleteSetJSON.Malformed {
            throw fail("\(path): \(error.message)")
        }
    }

    /// A value: JSON as is (arrays are lists, objects records), `{"$set": [...]}` for a set and
    /// `{"$entity": "id or name"}` for an entity of this file or of the known facts.
    func value(_ json: JSON, _ path: String) throws -> Value {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .array(let items): return .list(try items.map { try value($0, path) })
        case .object(let fields):
            if fields.count == 1, fields[0].name == "$set", case .array(let items) = fields[0].json {
                return .set(ValueSet(try items.map { try value($0, path) }))
            }
            if fields.count == 2, fields[0].name == "$set", case .array(let items) = fields[0].json,
               fields[1].name == "$incomplete" {
                return .set(try incompleteSet(try items.map { try value($0, path) }, fields[1].json, "\(path).$incomplete"))
            }
            if fields.count == 1, fields[0].name == "$entity", case .string(let name) = fields[0].json {
                if let entity = entities[name] { return .entity(entity) }
                if case .entity(let entity)? = known.fact(.global(name))?.value { return .entity(entity) }
                throw fail("\(path): no entity \"\(name)\" in this file or the facts it extends")
            }
            var record = Record()
            for field in fields { record[field.name] = try value(field.json, "\(path).\(field.name)") }
            return .record(record)
        }
    }
}
