// Operands as types. The code of an operator is generic over a `Reader` for each operand, and the
// optimiser specialises it for each kind: reading `j` and `n` in `j <= n` is then two loads, with
// no switch over the kind of operand and no copy of a value, where a closure over two `Operand`s
// would switch on both and copy both.

import Synchronization

/// A way of reading an operand.
protocol Reader {
    /// Whether `int` looks at the operand without running anything: false for code.
    static var peeks: Bool { get }
    /// The operand's value.
    func value(_ rt: Runtime) throws -> Value
    /// The operand's integer, looked at where it is held; nil when it holds anything else, and
    /// always nil for a reader that does not peek.
    func int(_ rt: Runtime) -> Int?
    /// The operand's `true` or `false`, looked at in the same way as `int`.
    func bool(_ rt: Runtime) -> Bool?
    /// Element `i` of the list the operand holds, looked at in the same way as `int`: nil when it
    /// holds no list or the list has no element `i`.
    func element(_ rt: Runtime, _ i: Int) -> Value?
    /// The bits of the set of entities the operand holds, looked at in the same way as `int`.
    func entityBits(_ rt: Runtime) -> Unmanaged<EntityBits>?
    /// The id of the entity the operand holds, looked at in the same way as `int`.
    func entityID(_ rt: Runtime) -> Int?
    /// The table of the set of strings the operand holds, looked at in the same way as `int`.
    func stringTable(_ rt: Runtime) -> Unmanaged<HashedSet<String>>?
}

struct ConstantReader: Reader {
    static var peeks: Bool { true }
    let constant: Value

    init(_ constant: Value) { self.constant = constant }

    @inline(__always) func value(_ rt: Runtime) throws -> Value { constant }

    @inline(__always) func int(_ rt: Runtime) -> Int? {
        if case .int(let i) = constant { return i }
        return nil
    }

    @inline(__always) func bool(_ rt: Runtime) -> Bool? {
        if case .bool(let b) = constant { return b }
        return nil
    }

    @inline(__always) func element(_ rt: Runtime, _ i: Int) -> Value? { constant.element(i) }
    @inline(__always) func entityBits(_ rt: Runtime) -> Unmanaged<EntityBits>? { constant.entityBits }
    @inline(__always) func entityID(_ rt: Runtime) -> Int? { constant.entityID }
    @inline(__always) func stringTable(_ rt: Runtime) -> Unmanaged<HashedSet<String>>? { constant.stringTable }
}

struct SlotReader: Reader {
    static var peeks: Bool { true }
    let slot: Int

    @inline(__always) func value(_ rt: Runtime) throws -> Value { rt.local(slot) }

    @inline(__always) func int(_ rt: Runtime) -> Int? {
        if case .int(let i) = rt.localPointer(slot).pointee { return i }
        return nil
    }

    @inline(__always) func bool(_ rt: Runtime) -> Bool? {
        if case .bool(let b) = rt.localPointer(slot).pointee { return b }
        return nil
    }

    @inline(__always) func element(_ rt: Runtime, _ i: Int) -> Value? { rt.localPointer(slot).pointee.element(i) }
    @inline(__always) func entityBits(_ rt: Runtime) -> Unmanaged<EntityBits>? { rt.localPointer(slot).pointee.entityBits }
    @inline(__always) func entityID(_ rt: Runtime) -> Int? { rt.localPointer(slot).pointee.entityID }
    @inline(__always) func stringTable(_ rt: Runtime) -> Unmanaged<HashedSet<String>>? { rt.localPointer(slot).pointee.stringTable }
}

struct GlobalReader: Reader {
    static var peeks: Bool { true }
    let slot: Int
    let unbound: Unbound

    @inline(__always) func value(_ rt: Runtime) throws -> Value {
        let value = rt.global(slot)
        if case .null = value, !rt.isDefined(global: slot) { throw rt.undefined(unbound.name, unbound.span, unbound.file) }
        return value
    }

    @inline(__always) func int(_ rt: Runtime) -> Int? {
        if case .int(let i) = rt.globalPointer(slot).pointee { return i }
        return nil
    }

    @inline(__always) func bool(_ rt: Runtime) -> Bool? {
        if case .bool(let b) = rt.globalPointer(slot).pointee { return b }
        return nil
    }

    @inline(__always) func element(_ rt: Runtime, _ i: Int) -> Value? { rt.globalPointer(slot).pointee.element(i) }
    @inline(__always) func entityBits(_ rt: Runtime) -> Unmanaged<EntityBits>? { rt.globalPointer(slot).pointee.entityBits }
    @inline(__always) func entityID(_ rt: Runtime) -> Int? { rt.globalPointer(slot).pointee.entityID }
    @inline(__always) func stringTable(_ rt: Runtime) -> Unmanaged<HashedSet<String>>? { rt.globalPointer(slot).pointee.stringTable }
}

struct CodeReader: Reader {
    static var peeks: Bool { false }
    let code: Code

    @inline(__always) func value(_ rt: Runtime) throws -> Value { try code(rt) }
    @inline(__always) func int(_ rt: Runtime) -> Int? { nil }
    @inline(__always) func bool(_ rt: Runtime) -> Bool? { nil }
    @inline(__always) func element(_ rt: Runtime, _ i: Int) -> Value? { nil }
    @inline(__always) func entityBits(_ rt: Runtime) -> Unmanaged<EntityBits>? { nil }
    @inline(__always) func entityID(_ rt: Runtime) -> Int? { nil }
    @inline(__always) func stringTable(_ rt: Runtime) -> Unmanaged<HashedSet<String>>? { nil }
}

/// A member of a local or a global, `c.groups` or `bletchley.signed`: the field of a record, else
/// the member of an entity, as `Compiler.member` reads it, looked at where the variable holds it
/// (a set's bits or table, with no copy of the set); its value, or its error, by `value`.
/// Reading it runs none of the program's code. Not an `Operand`: `in`, a condition that is a
/// member (`if row.flag`) and the member expression itself (`c.name`) read one. A class, so that a
/// closure that captures it captures one reference: as a struct of six words, it was loaded into
/// each call by the closure's thunk.
final class MemberReader: Reader {
    static var peeks: Bool { true }
    let variable: VariablePlace
    let name: String
    let unbound: Unbound
    let site: Site
    /// Where the member was last found among a record's fields or an entity's members. The
    /// threads that run the same code share it; whatever it holds is checked before it is used.
    private let hint = Atomic<Int>(0)

    init(variable: VariablePlace, name: String, unbound: Unbound, site: Site) {
        (self.variable, self.name, self.unbound, self.site) = (variable, name, unbound, site)
    }

    @inline(__always) func value(_ rt: Runtime) throws -> Value {
        if let value = member(rt, { copy $0 }) { return value }
        let place = variable.pointer(rt)
        if case .global(let slot) = variable, case .null = place.pointee, !rt.isDefined(global: slot) {
            throw rt.undefined(unbound.name, unbound.span, unbound.file)
        }
        return try Compiler.member(name, of: place, site.span, site.file)
    }

    @inline(__always) func int(_ rt: Runtime) -> Int? { nil }
    @inline(__always) func element(_ rt: Runtime, _ i: Int) -> Value? { nil }
    @inline(__always) func entityID(_ rt: Runtime) -> Int? { nil }

    /// The id of the entity the variable holds (not of its member); nil for any other value.
    @inline(__always) func entityID(ofVariable rt: Runtime) -> Int? { variable.pointer(rt).pointee.entityID }

    @inline(__always) func bool(_ rt: Runtime) -> Bool? {
        member(rt) { value in
            if case .bool(let b) = value { return b }
            return nil
        }
    }
    @inline(__always) func entityBits(_ rt: Runtime) -> Unmanaged<EntityBits>? { member(rt) { $0.entityBits } }
    @inline(__always) func stringTable(_ rt: Runtime) -> Unmanaged<HashedSet<String>>? { member(rt) { $0.stringTable } }

    /// What `body` makes of the member: a record's field, else an entity's member, where the
    /// record or entity holds it (a record has no members beside its fields), nil when there is
    /// none. Both are looked at through references with no count taken: read through the value,
    /// the record was copied around the read (internals.md, seventh round).
    @inline(__always)
    private func member<R>(_ rt: Runtime, _ body: (borrowing Value) -> R?) -> R? {
        let place = variable.pointer(rt)
        let guess = hint.load(ordering: .relaxed)
        if let record = place.pointee.recordReference {
            return record.withValue(forKey: name, guess: guess, found: { hint.store($0, ordering: .relaxed) }, body)
        }
        guard let e = place.pointee.entityReference else { return nil }
        return e._withUnsafeGuaranteedRef { entity in
            entity.withMember(name, guess: guess, found: { hint.store($0, ordering: .relaxed) }, body)
        }
    }
}

/// Code made from one operand's reader, whatever its type.
protocol ReaderBody<Result> {
    associatedtype Result
    func make<A: Reader>(_ a: A) -> Result
}

/// Code made from two operands' readers, whatever their types.
protocol ReaderPairBody<Result> {
    associatedtype Result
    func make<A: Reader, B: Reader>(_ a: A, _ b: B) -> Result
}

extension Operand {
    /// What `body` makes with this operand's reader.
    func withReader<Result>(_ body: some ReaderBody<Result>) -> Result {
        switch self {
        case .constant(let c): return body.make(ConstantReader(c))
        case .slot(let s): return body.make(SlotReader(slot: s))
        case .global(let s, let u): return body.make(GlobalReader(slot: s, unbound: u))
        case .code(let code): return body.make(CodeReader(code: code))
        }
    }

    /// What `body` makes with this operand's reader and `other`'s.
    func withReaders<Result>(_ other: Operand, _ body: some ReaderPairBody<Result>) -> Result {
        switch self {
        case .constant(let c): return other.withReader(after: ConstantReader(c), body)
        case .slot(let s): return other.withReader(after: SlotReader(slot: s), body)
        case .global(let s, let u): return other.withReader(after: GlobalReader(slot: s, unbound: u), body)
        case .code(let code): return other.withReader(after: CodeReader(code: code), body)
        }
    }

    private func withReader<A: Reader, Result>(after first: A, _ body: some ReaderPairBody<Result>) -> Result {
        switch self {
        case .constant(let c): return body.make(first, ConstantReader(c))
        case .slot(let s): return body.make(first, SlotReader(slot: s))
        case .global(let s, let u): return body.make(first, GlobalReader(slot: s, unbound: u))
        case .code(let code): return body.make(first, CodeReader(code: code))
        }
    }
}
