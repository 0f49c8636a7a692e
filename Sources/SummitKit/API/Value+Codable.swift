// Values as JSON through Codable, in a form that gives back what was encoded: plain data as JSON's
// own types, and what JSON has no type for as an object with a tag, a key that begins with `$`.
// Decoding reads the whole JSON into a tree first (JSON), then turns it into values with the facts
// that entities are resolved against: a Decodable nested in a Decoder cannot be handed them.

extension CodingUserInfoKey {
    /// The ``Facts`` that decoding a ``Value`` resolves entities against: set it to the facts of the
    /// interpreter the value came from, `decoder.userInfo[.summitFacts] = interpreter.facts`.
    /// Without it, decoding an entity throws a `DecodingError`; other values need no facts.
    public static let summitFacts = CodingUserInfoKey(rawValue: "SummitKit.facts")!

    /// How large the JSON of one encoding of a ``Value`` may be, in bytes (an `Int`; by default
    /// ``Value/maxEncodedSize``), each value counted as 16 bytes and the bytes of its strings:
    /// past it, encoding throws an `EncodingError`.
    public static let summitMaxEncodedSize = CodingUserInfoKey(rawValue: "SummitKit.maxEncodedSize")!
}

/// Values encode as JSON that decodes back to the same value: `nil` as null, booleans, integers
/// (exactly), other numbers, strings and lists as JSON's own types, and records as objects. What
/// JSON has no type for is an object whose key begins with `$`:
///
/// - a set: `{"$set": [1, 3]}`, its elements in display order; an incomplete set adds how it is
///   incomplete as `Facts(json:)` reads it: `{"$set": [...], "$incomplete": {"reported_count": 91}}`
///   (or `true`, `{"uncertain": [...]}`, or `{"excluded": [...]}` for a set that may have members
///   other than the ones it lists, except these);
/// - an entity: `{"$entity": "France", "$kind": "country"}`, its name and kind;
/// - a number with no fraction that is not an integer, such as `2.0`, or `nan`, `inf`, `-0.0`:
///   `{"$double": "2.0"}` (as a plain `2` it would come back as the integer 2);
/// - a record with a key that begins with `$`, or one that is not a string (`group_by` by a
///   boolean, a number or an entity): `{"$record": [[key, value], ...]}`, its fields in order.
///
/// A function cannot be encoded: encoding one throws `EncodingError.invalidValue` naming it. Nor
/// can a value that would write more than ``maxEncodedSize`` bytes of JSON (a value that shares
/// its parts, `r = [r, r]` forty times, is small in memory and a tree of 2^40 elements), or one
/// nested more than 200 deep.
///
/// Decoding reads the same forms. An entity is resolved against the facts in the decoder's
/// `userInfo[.summitFacts]`: the one entity of that kind and name that the facts bind, hold in a
/// named set or list, or have built in. One that is not there, or two that are, is a
/// `DecodingError`, never another entity. `{"$entity": "FR"}`, without a kind, as `to_json`
/// writes it, names a global first. Any other object with a key that begins with `$` is an error.
///
/// Foundation's `JSONEncoder` and `JSONDecoder` do not keep the order of an object's keys: a
/// record comes back equal, with the same fields, but they may be in another order.
extension Value: Codable {
    /// How large the JSON of one encoding may be, unless the encoder's
    /// `userInfo[.summitMaxEncodedSize]` says otherwise: 16 MiB, where each value counts for 16
    /// bytes and the bytes of its strings (so a million values at most).
    public static let maxEncodedSize = 16 << 20

    /// Encodes the value as the JSON it corresponds to, tagging what JSON has no type for.
    public func encode(to encoder: any Encoder) throws {
        let maxSize = encoder.userInfo[.summitMaxEncodedSize] as? Int ?? Value.maxEncodedSize
        try TaggedValue(value: self, budget: EncodingBudget(maxSize: maxSize), depth: 0).encode(to: encoder)
    }

    /// Decodes JSON in the forms `encode(to:)` writes, resolving entities against the facts in
    /// `decoder.userInfo[.summitFacts]`.
    public init(from decoder: any Decoder) throws {
        let json = try DecodedJSON(from: decoder).json
        var reader = TaggedJSONReader(facts: (decoder.userInfo[.summitFacts] as? Facts)?.base)
        do {
            self = try reader.value(json, path: "")
        } catch let error as TaggedJSONReader.Failure {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: error.path.isEmpty ? error.message : "at \(error.path.drop { $0 == "." }): \(error.message)"))
        }
    }
}

// MARK: - Encoding

/// What is left of one encoding's size limit, shared by the values it writes.
private final class EncodingBudget {
    let maxSize: Int
    var left: Int

    init(maxSize: Int) {
        self.maxSize = maxSize
        left = maxSize
    }

    /// What one value counts for besides the bytes of its text: about what it takes in the JSON
    /// and, more, in an encoder's memory and time.
    static let perValue = 16

    /// Takes one value with `bytes` bytes of text (a string, a key, a name) from what is left;
    /// throws once it is spent.
    func spend(_ bytes: Int = 0, on value: Value, _ encoder: any Encoder) throws {
        left -= EncodingBudget.perValue + bytes
        if left < 0 { throw tooLarge(value, encoder.codingPath) }
    }

    func tooLarge(_ value: Value, _ codingPath: [any CodingKey]) -> EncodingError {
        EncodingError.invalidValue(value.shortDescription(60), EncodingError.Context(
            codingPath: codingPath,
            debugDescription: """
                the value is too large to encode: its JSON would take more than \(maxSize) bytes, \
                counting 16 a value \
                (a value that shares its parts, such as r = [r, r] forty times, stands for more than it holds); \
                userInfo[.summitMaxEncodedSize] sets the limit
                """))
    }
}

/// A value as it encodes, with the budget it spends: Value's own `encode(to:)` starts one per
/// encoding, and the values within are written through this, so that they share it.
private struct TaggedValue: Encodable {
    let value: Value
    let budget: EncodingBudget
    let depth: Int

    /// How deeply values nest in JSON they write: as deep as `to_json` writes and `read_json` reads.
    static var maxDepth: Int { JSONValues.maxDepth }

    func nested(_ value: Value) -> TaggedValue { TaggedValue(value: value, budget: budget, depth: depth + 1) }

    func encode(to encoder: any Encoder) throws {
        guard depth <= Self.maxDepth else {
            throw EncodingError.invalidValue(value.shortDescription(60), EncodingError.Context(
                codingPath: encoder.codingPath, debugDescription: "the value is nested more than \(Self.maxDepth) deep, deeper than JSON is read"))
        }
        switch value {
        case .null:
            try budget.spend(on: value, encoder)
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let b):
            try budget.spend(on: value, encoder)
            var container = encoder.singleValueContainer()
            try container.encode(b)
        case .int(let i):
            try budget.spend(on: value, encoder)
            var container = encoder.singleValueContainer()
            try container.encode(i)
        case .double(let d):
            try budget.spend(on: value, encoder)
            if TaggedValue.isPlain(d) {
                var container = encoder.singleValueContainer()
                try container.encode(d)
            } else {
                var container = encoder.container(keyedBy: TagKey.self)
                try container.encode(Value.format(d), forKey: TagKey("$double"))
            }
        case .string(let s):
            try budget.spend(s.utf8.count, on: value, encoder)
            var container = encoder.singleValueContainer()
            try container.encode(s)
        case .list(let items):
            try budget.spend(on: value, encoder)
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(nested(item)) }
        case .set(let set):
            try budget.spend(on: value, encoder)
            var container = encoder.container(keyedBy: TagKey.self)
            try container.encode(try elements(set.listed, encoder), forKey: TagKey("$set"))
            if let incompleteness = set.incompleteness {
                try encodeIncompleteness(set, incompleteness, into: &container, encoder)
            }
        case .record(let record):
            try budget.spend(on: value, encoder)
            if record.hasValueKeys || record.keys.contains(where: { $0.hasPrefix("$") }) {
                // [[key, value], ...]: neither a key that reads as a tag nor one that is not a string is lost.
                var container = encoder.container(keyedBy: TagKey.self)
                var fields = container.nestedUnkeyedContainer(forKey: TagKey("$record"))
                for (key, (_, field)) in zip(record.keyValues, record) {
                    var pair = fields.nestedUnkeyedContainer()
                    try pair.encode(nested(key))
                    try pair.encode(nested(field))
                }
            } else {
                var container = encoder.container(keyedBy: TagKey.self)
                for (key, field) in record {
                    try budget.spend(key.utf8.count, on: value, encoder)
                    try container.encode(nested(field), forKey: TagKey(key))
                }
            }
        case .entity(let entity):
            try budget.spend(entity.name.utf8.count + entity.kind.utf8.count, on: value, encoder)
            var container = encoder.container(keyedBy: TagKey.self)
            try container.encode(entity.name, forKey: TagKey("$entity"))
            try container.encode(entity.kind, forKey: TagKey("$kind"))
        case .function(let function):
            throw EncodingError.invalidValue(value.shortDescription(60), EncodingError.Context(
                codingPath: encoder.codingPath,
                debugDescription: "the function \(function.name) cannot be encoded: functions have no JSON form"))
        }
    }

    /// A complete set's elements in display order, sorted within what is left of the budget (the
    /// order of sets of lists is by their display texts, which a shared value makes endless).
    private func elements(_ set: ValueSet, _ encoder: any Encoder) throws -> [TaggedValue] {
        if set.count <= 1 { return set.map(nested) }
        var display = DisplayBudget(maxBytes: max(0, budget.left))
        do {
            return try set.sorted(budget: &display).map(nested)
        } catch is SummitError {
            throw budget.tooLarge(value, encoder.codingPath)
        }
    }

    /// `"$incomplete"`: `true` for a set that may miss members and nothing more known; else an
    /// object with the reported count, the listed elements that may not be members (`uncertain`),
    /// or the values that are surely not members of a set that may miss others (`excluded`).
    private func encodeIncompleteness(_ set: ValueSet, _ incompleteness: Incompleteness,
                                      into container: inout KeyedEncodingContainer<TagKey>, _ encoder: any Encoder) throws {
        let excluded = set.excludedMembers
        guard incompleteness.reportedCount != nil || incompleteness.mayHoldNonMembers || !excluded.isEmpty else {
            return try container.encode(true, forKey: TagKey("$incomplete"))
        }
        var marks = container.nestedContainer(keyedBy: TagKey.self, forKey: TagKey("$incomplete"))
        if let reported = incompleteness.reportedCount { try marks.encode(reported, forKey: TagKey("reported_count")) }
        if incompleteness.mayHoldNonMembers {
            try marks.encode(try elements(incompleteness.uncertain, encoder), forKey: TagKey("uncertain"))
        }
        if !excluded.isEmpty { try marks.encode(try elements(excluded, encoder), forKey: TagKey("excluded")) }
    }

    /// Whether a double encodes as a plain JSON number: one that decodes as an integer (`2.0`), or
    /// is not a JSON number (`nan`, `inf`), or is `-0.0`, is tagged.
    static func isPlain(_ d: Double) -> Bool { d.isFinite && Int(exactly: d) == nil }
}

/// An object's key, in either direction: a record field's name or a tag.
private struct TagKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

// MARK: - Decoding

/// Any JSON, read from a Decoder as a tree: objects with their keys in the order the decoder gives.
private struct DecodedJSON: Decodable {
    let json: JSON

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: TagKey.self) {
            json = .object(try container.allKeys.map {
                JSONField(name: $0.stringValue, json: try container.decode(DecodedJSON.self, forKey: $0).json)
            })
        } else if var container = try? decoder.unkeyedContainer() {
            var items: [JSON] = []
            while !container.isAtEnd { items.append(try container.decode(DecodedJSON.self).json) }
            json = .array(items)
        } else {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { json = .null }
            else if let b = try? container.decode(Bool.self) { json = .bool(b) }
            else if let i = try? container.decode(Int.self) { json = .int(i) }
            else if let d = try? container.decode(Double.self) { json = .double(d) }
            else if let s = try? container.decode(String.self) { json = .string(s) }
            else { throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a value Summit can hold") }
        }
    }
}

/// Turns JSON in the tagged forms into values, resolving entities against facts.
struct TaggedJSONReader {
    /// What is wrong, and where: `.xs[2]` (empty at the top).
    struct Failure: Error {
        let path: String
        let message: String
    }

    let facts: FactBase?
    /// The entities of the facts' own globals by name, made when the first entity is read.
    private var ownEntities: [String: [Entity]]?

    init(facts: FactBase?) { self.facts = facts }

    mutating func value(_ json: JSON, path: String) throws -> Value {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .array(let items):
            var list: [Value] = []
            list.reserveCapacity(items.count)
            for (i, item) in items.enumerated() { list.append(try value(item, path: "\(path)[\(i)]")) }
            return .list(list)
        case .object(let fields):
            guard let tag = fields.first(where: { $0.name.hasPrefix("$") }) else {
                var record = Record()
                for field in fields { record[field.name] = try value(field.json, path: "\(path).\(field.name)") }
                return .record(record)
            }
            return try tagged(tag.name, fields, path: path)
        }
    }

    /// The value of an object with a key that begins with `$`.
    private mutating func tagged(_ tag: String, _ fields: [JSONField], path: String) throws -> Value {
        let names = Set(fields.map(\.name))
        func field(_ name: String) -> JSON? { fields.first { $0.name == name }?.json }
        func only(_ allowed: Set<String>, _ main: String) throws {
            guard names.isSubset(of: allowed) else {
                let keys = allowed.sorted { $0 == main || ($1 != main && $0 < $1) }.map { "\"\($0)\"" }.joined(separator: " and ")
                throw Failure(path: path, message: "an object with the key \"\(main)\" has only the keys \(keys)")
            }
        }
        if names.contains("$set") {
            try only(["$set", "$incomplete"], "$set")
            guard case .array(let items)? = field("$set") else { throw Failure(path: path, message: "$set must be an array") }
            var elements: [Value] = []
            for (i, item) in items.enumerated() { elements.append(try value(item, path: "\(path).$set[\(i)]")) }
            guard let marks = field("$incomplete") else { return .set(ValueSet(list: elements)) }
            return .set(try incompleteSet(ValueSet(list: elements), marks, path: "\(path).$incomplete"))
        }
        if names.contains("$entity") {
            try only(["$entity", "$kind"], "$entity")
            guard case .string(let name)? = field("$entity") else { throw Failure(path: path, message: "$entity must be a string") }
            var kind: String?
            if let given = field("$kind") {
                guard case .string(let k) = given else { throw Failure(path: path, message: "$kind must be a string") }
                kind = k
            }
            return .entity(try entity(named: name, kind: kind, path: path))
        }
        if names.contains("$double") {
            try only(["$double"], "$double")
            switch field("$double") {
            case .int(let i)?: return .double(Double(i))
            case .double(let d)?: return .double(d)
            case .string(let s)?: if let d = Double(s) { return .double(d) }
            default: break
            }
            throw Failure(path: path, message: "$double must be a number or a number's text, such as \"2.0\" or \"nan\"")
        }
        if names.contains("$record") {
            try only(["$record"], "$record")
            guard case .array(let pairs)? = field("$record") else {
                throw Failure(path: path, message: "$record must be an array of [key, value] pairs")
            }
            var record = Record()
            for (i, pair) in pairs.enumerated() {
                let at = "\(path).$record[\(i)]"
                guard case .array(let both) = pair, both.count == 2 else {
                    throw Failure(path: at, message: "$record must be an array of [key, value] pairs")
                }
                let key = try value(both[0], path: at + "[0]"), field = try value(both[1], path: at + "[1]")
                if record[Record.name(of: key)] != nil {
                    throw Failure(path: at, message: "the key \(key.shortDescription(60)) appears twice")
                }
                do { try record.set(field, forKey: key) } catch let error as SummitError {
                    throw Failure(path: at, message: error.message)
                }
            }
            return .record(record)
        }
        throw Failure(path: path, message: """
            unknown tag "\(tag)": an object with a key that begins with $ is a set ($set), an entity ($entity), \
            a number ($double) or a record ($record); a record with such keys is written {"$record": [[key, value], ...]}
            """)
    }

    /// A set with `"$incomplete"` beside `"$set"` (see `IncompleteSetJSON`).
    private mutating func incompleteSet(_ listed: ValueSet, _ marks: JSON, path: String) throws -> ValueSet {
        do {
            return try IncompleteSetJSON.set(listed, marks) { json, field, index in
                try value(json, path: "\(path).\(field)[\(index)]")
            }
        } catch let error as IncompleteSetJSON.Malformed {
            throw Failure(path: path, message: error.message)
        }
    }

    // Entities ---------------------------------------------------------------------------------

    /// The built-in entities by name.
    private static let builtinEntities: [String: [Entity]] = Dictionary(grouping: FactBase.builtinEntities, by: \.name)

    /// The entity of `kind` named `name` in the facts; without a kind, the entity a global of
    /// that name is bound to, else the one entity of that name.
    private mutating func entity(named name: String, kind: String?, path: String) throws -> Entity {
        guard let facts else {
            throw Failure(path: path, message: """
                the entity \(Value.string(name).description) cannot be decoded without the facts to find it in: \
                set decoder.userInfo[.summitFacts] to the interpreter's facts
                """)
        }
        if kind == nil, case .entity(let entity)? = facts.fact(.global(name))?.value { return entity }
        var candidates: [Entity] = []
        if facts.includesBuiltinGlobals { candidates += Self.builtinEntities[name] ?? [] }
        candidates += ownEntities(of: facts)[name] ?? []
        if let kind { candidates = candidates.filter { $0.kind == kind } }
        var seen = Set<ObjectIdentifier>()
        candidates = candidates.filter { seen.insert(ObjectIdentifier($0)).inserted }
        let what = kind.map { "entities of kind \($0)" } ?? "entities"
        let quoted = Value.string(name).description
        switch candidates.count {
        case 1: return candidates[0]
        case 0:
            throw Failure(path: path, message: "no \(kind ?? "entity") named \(quoted) in the facts the decoder was given")
        default:
            throw Failure(path: path, message: "\(candidates.count) \(what) are named \(quoted) in the facts: the name does not say which")
        }
    }

    /// The entities the facts' own globals are bound to or hold in a set or list, by name.
    private mutating func ownEntities(of facts: FactBase) -> [String: [Entity]] {
        if let ownEntities { return ownEntities }
        var byName: [String: [Entity]] = [:]
        func add(_ value: Value) {
            if case .entity(let e) = value { byName[e.name, default: []].append(e) }
        }
        for (_, fact) in facts.globals {
            switch fact.value {
            case .entity: add(fact.value)
            case .list(let items): items.forEach(add)
            case .set(let set) where set.contains(where: \.isEntity): set.listed.forEach(add)
            default: break
            }
        }
        ownEntities = byName
        return byName
    }
}


/// `"$incomplete"` beside `"$set"`, one reading for `Facts(json:)` and decoding: `true` for named
/// members of a set that may have others; else an object of `reported_count` (how many members
/// sources report), `uncertain` (the listed elements that may not be members; the set has no
/// others) or `excluded` (values that are surely not members of a set that may have others).
enum IncompleteSetJSON {
    /// What is wrong with an `"$incomplete"`.
    struct Malformed: Error {
        let message: String
    }

    /// The set that lists `listed` and is incomplete as `marks` says; `read` reads an element of
    /// the field `uncertain` or `excluded` at an index.
    static func set(_ listed: ValueSet, _ marks: JSON, read: (JSON, String, Int) throws -> Value) throws -> ValueSet {
        let expected = #"$incomplete must be true or an object of "reported_count", "uncertain" or "excluded""#
        if case .bool(true) = marks { return ValueSet(named: listed) }
        guard case .object(let fields) = marks, !fields.isEmpty else { throw Malformed(message: expected) }
        var reported: Int?, uncertain: ValueSet?, excluded = ValueSet()
        for field in fields {
            switch (field.name, field.json) {
            case ("reported_count", .int(let n)) where n >= 0:
                reported = n
            case ("uncertain", .array(let items)):
                uncertain = ValueSet(list: try items.enumerated().map { try read($1, "uncertain", $0) })
            case ("excluded", .array(let items)):
                excluded = ValueSet(list: try items.enumerated().map { try read($1, "excluded", $0) })
            default:
                throw Malformed(message: expected)
            }
        }
        if let uncertain {
            guard excluded.isEmpty else {
                throw Malformed(message: "a set with uncertain elements lists all it may hold: it has nothing excluded")
            }
            guard !uncertain.isEmpty, uncertain.isSubset(of: listed) else {
                throw Malformed(message: "uncertain must list some of the set's elements")
            }
            return .bounded(known: listed.subtracting(uncertain), possible: .only(listed), reportedCount: reported)
        }
        guard listed.intersection(excluded).isEmpty else {
            throw Malformed(message: "excluded must list none of the set's elements")
        }
        return .bounded(known: listed, possible: .allBut(excluded), reportedCount: reported)
    }
}
