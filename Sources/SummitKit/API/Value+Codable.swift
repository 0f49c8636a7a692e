// Values as JSON through Codable: the data types map to JSON's, so a host can store or send results.

/// Values encode as JSON's own types: `nil` as null, booleans, numbers (integers exactly),
/// strings, lists as arrays, records as objects.
///
/// Sets and entities have no JSON type of their own: a set encodes as an array in display order,
/// and an entity as an object with its name and kind, `{"name": "France", "kind": "country"}`.
/// An incomplete set encodes as `Facts(json:)` reads one, so that it is not taken for a whole:
/// `{"$set": [...], "$incomplete": {"reported_count": 91}}` (or `true`, or `{"uncertain": [...]}`).
/// Neither comes back as what it was: decoding gives an array back as a list and an object as a
/// record. A function cannot be encoded: encoding one throws `EncodingError.invalidValue`
/// naming the function.
extension Value: Codable {
    /// Encodes the value as the JSON type it corresponds to.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let b):
            var container = encoder.singleValueContainer()
            try container.encode(b)
        case .int(let i):
            var container = encoder.singleValueContainer()
            try container.encode(i)
        case .double(let d):
            var container = encoder.singleValueContainer()
            try container.encode(d)
        case .string(let s):
            var container = encoder.singleValueContainer()
            try container.encode(s)
        case .list(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case .set(let set):
            if !set.isComplete { return try set.encodeIncomplete(to: encoder) }
            var container = encoder.unkeyedContainer()
            for item in set.sorted { try container.encode(item) }
        case .record(let record):
            var container = encoder.container(keyedBy: FieldKey.self)
            for (key, item) in record { try container.encode(item, forKey: FieldKey(key)) }
        case .entity(let entity):
            var container = encoder.container(keyedBy: FieldKey.self)
            try container.encode(entity.name, forKey: FieldKey("name"))
            try container.encode(entity.kind, forKey: FieldKey("kind"))
        case .function(let function):
            throw EncodingError.invalidValue(self, EncodingError.Context(
                codingPath: encoder.codingPath,
                debugDescription: "the function \(function.name) cannot be encoded: functions have no JSON form"))
        }
    }

    /// Decodes JSON's types: null, booleans, integers, doubles, strings, arrays as lists and
    /// objects as records.
    public init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: FieldKey.self) {
            var record = Record()
            for key in container.allKeys { record[key.stringValue] = try container.decode(Value.self, forKey: key) }
            self = .record(record)
            return
        }
        if var container = try? decoder.unkeyedContainer() {
            var items: [Value] = []
            while !container.isAtEnd { items.append(try container.decode(Value.self)) }
            self = .list(items)
            return
        }
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let b = try? container.decode(Bool.self) { self = .bool(b) }
        else if let i = try? container.decode(Int.self) { self = .int(i) }
        else if let d = try? container.decode(Double.self) { self = .double(d) }
        else if let s = try? container.decode(String.self) { self = .string(s) }
        else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a value Summit can hold")
        }
    }

    /// A record field's name as a coding key.
    private struct FieldKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
