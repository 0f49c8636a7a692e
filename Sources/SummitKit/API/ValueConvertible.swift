// Moving values between Swift and Summit: a protocol for Swift types that have a Summit value,
// its conformances for the standard types, and accessors on Value for the common cases.

/// A Swift type whose values convert to and from Summit values.
///
/// `Bool`, `Int`, `Double`, `String`, arrays, `[String: T]` dictionaries (as records), sets,
/// optionals (nil is `nil`), ``Value``, ``Record`` and ``ValueSet`` conform (an ``Entity`` is
/// reached through ``Value/entityValue``, since a class cannot be made from a value):
///
/// ```swift
/// let v = Value(["a": [1, 2], "b": [3]])      // {a: [1, 2], b: [3]}
/// let back = [String: [Int]](summitValue: v)   // ["a": [1, 2], "b": [3]]
/// ```
public protocol ValueConvertible {
    /// The Summit value of this Swift value.
    var summitValue: Value { get }
    /// The Swift value of a Summit value, or nil when the value has another type.
    init?(summitValue: Value)
    /// What an argument of this type is called in an error: `"string"`, `"integer"`, `"list"`.
    static var summitTypeName: String { get }
}

extension Value: ValueConvertible {
    /// The value itself.
    public var summitValue: Value { self }
    /// The value itself; never nil.
    public init?(summitValue: Value) { self = summitValue }
    /// `"value"`: any value will do.
    public static var summitTypeName: String { "value" }

    /// The Summit value of a Swift value: `Value(3)`, `Value(["a", "b"])`, `Value(["x": 1.5])`.
    public init<T: ValueConvertible>(_ value: T) { self = value.summitValue }

    /// The value as a Swift type, or nil when it has another type: `value.converted(to: [String].self)`.
    public func converted<T: ValueConvertible>(to type: T.Type = T.self) -> T? { T(summitValue: self) }

    /// Whether the value is `nil`.
    public var isNull: Bool { if case .null = self { return true } else { return false } }
    /// The boolean, if the value is one.
    public var boolValue: Bool? { Bool(summitValue: self) }
    /// The integer, if the value is an integer or a double with an integral value.
    public var intValue: Int? { Int(summitValue: self) }
    /// The number as a Double, if the value is a number.
    public var doubleValue: Double? { number }
    /// The string, if the value is one.
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    /// The elements, if the value is a list.
    public var listValue: [Value]? { if case .list(let l) = self { return l } else { return nil } }
    /// The set, if the value is one.
    public var setValue: ValueSet? { if case .set(let s) = self { return s } else { return nil } }
    /// The record, if the value is one.
    public var recordValue: Record? { if case .record(let r) = self { return r } else { return nil } }
    /// The entity, if the value is one.
    public var entityValue: Entity? { if case .entity(let e) = self { return e } else { return nil } }
    /// The function, if the value is one.
    public var functionValue: Function? { if case .function(let f) = self { return f } else { return nil } }

    /// A field of a record or a member of an entity, or nil: `value["region"]`.
    public subscript(member: String) -> Value? {
        switch self {
        case .record(let r): return r[member]
        case .entity(let e): return e[member]
        default: return nil
        }
    }
}

extension Bool: ValueConvertible {
    /// `.bool(self)`.
    public var summitValue: Value { .bool(self) }
    /// The boolean of a `.bool` value.
    public init?(summitValue: Value) { guard case .bool(let b) = summitValue else { return nil }; self = b }
    /// `"bool"`.
    public static var summitTypeName: String { "bool" }
}

extension Int: ValueConvertible {
    /// `.int(self)`.
    public var summitValue: Value { .int(self) }
    /// The integer of an `.int` value, or of a `.double` value with an integral value.
    public init?(summitValue: Value) {
        switch summitValue {
        case .int(let i): self = i
        case .double(let d): guard let i = Int(exactly: d) else { return nil }; self = i
        default: return nil
        }
    }
    /// `"integer"`.
    public static var summitTypeName: String { "integer" }
}

extension Double: ValueConvertible {
    /// `.double(self)`.
    public var summitValue: Value { .double(self) }
    /// The number of an `.int` or `.double` value.
    public init?(summitValue: Value) { guard let d = summitValue.number else { return nil }; self = d }
    /// `"number"`.
    public static var summitTypeName: String { "number" }
}

extension String: ValueConvertible {
    /// `.string(self)`.
    public var summitValue: Value { .string(self) }
    /// The text of a `.string` value.
    public init?(summitValue: Value) { guard case .string(let s) = summitValue else { return nil }; self = s }
    /// `"string"`.
    public static var summitTypeName: String { "string" }
}

extension Array: ValueConvertible where Element: ValueConvertible {
    /// A list of the elements' values.
    public var summitValue: Value { .list(map(\.summitValue)) }
    /// The elements of a list (or of a set, in display order) when every one converts.
    public init?(summitValue: Value) {
        let items: [Value]
        switch summitValue {
        case .list(let l): items = l
        case .set(let s): items = s.sorted
        default: return nil
        }
        var result: [Element] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard let element = Element(summitValue: item) else { return nil }
            result.append(element)
        }
        self = result
    }
    /// `"list"`.
    public static var summitTypeName: String { "list" }
}

extension Set: ValueConvertible where Element: ValueConvertible {
    /// A set of the elements' values.
    public var summitValue: Value { .set(ValueSet(map(\.summitValue))) }
    /// The elements of a set or list when every one converts.
    public init?(summitValue: Value) {
        let items: [Value]
        switch summitValue {
        case .list(let l): items = l
        case .set(let s): items = Array(s)
        default: return nil
        }
        var result = Set<Element>()
        for item in items {
            guard let element = Element(summitValue: item) else { return nil }
            result.insert(element)
        }
        self = result
    }
    /// `"set"`.
    public static var summitTypeName: String { "set" }
}

extension Dictionary: ValueConvertible where Key == String, Value: ValueConvertible {
    /// A record of the entries, with the keys in sorted order (a dictionary has none of its own).
    public var summitValue: SummitKit.Value {
        .record(Record(keys.sorted().map { ($0, self[$0]!.summitValue) }))
    }
    /// The fields of a record (or the members of an entity) when every one converts.
    public init?(summitValue: SummitKit.Value) {
        let fields: Record
        switch summitValue {
        case .record(let r): fields = r
        case .entity(let e): fields = e.members
        default: return nil
        }
        var result: [String: Value] = [:]
        for (key, item) in fields {
            guard let value = Value(summitValue: item) else { return nil }
            result[key] = value
        }
        self = result
    }
    /// `"record"`.
    public static var summitTypeName: String { "record" }
}

extension Optional: ValueConvertible where Wrapped: ValueConvertible {
    /// The wrapped value's value, or `.null`.
    public var summitValue: Value { self?.summitValue ?? .null }
    /// nil for `.null`; otherwise the wrapped type's conversion, which must succeed.
    public init?(summitValue: Value) {
        if case .null = summitValue { self = .none; return }
        guard let wrapped = Wrapped(summitValue: summitValue) else { return nil }
        self = .some(wrapped)
    }
    /// The wrapped type's name.
    public static var summitTypeName: String { Wrapped.summitTypeName }
}

extension Record: ValueConvertible {
    /// `.record(self)`.
    public var summitValue: Value { .record(self) }
    /// The record of a `.record` value.
    public init?(summitValue: Value) { guard case .record(let r) = summitValue else { return nil }; self = r }
    /// `"record"`.
    public static var summitTypeName: String { "record" }
}

extension ValueSet: ValueConvertible {
    /// `.set(self)`.
    public var summitValue: Value { .set(self) }
    /// The set of a `.set` value.
    public init?(summitValue: Value) { guard case .set(let s) = summitValue else { return nil }; self = s }
    /// `"set"`.
    public static var summitTypeName: String { "set" }
}
