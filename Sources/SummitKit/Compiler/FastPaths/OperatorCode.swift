// The code of the operators, and of the assignments `xs[i] = v` and `x = x + y`, generic over the
// readers of their operands (see Readers.swift): integers take a fast path, looked at in place when
// the operands are variables or constants; any other value takes `Operators`' general path, with
// the operator's span on its error. The integer paths call `Operators`' integer rules (`sum`,
// `remainder`...), inline, so that each rule is written once; the reference mode compiles none of
// this (Compiler.reference).

/// Runs an operator on two operands: `fast` on integers (nil when it cannot, as on overflow),
/// otherwise `slow` on the values, read in order.
@inline(__always)
private func operate<A: Reader, B: Reader, Result>(_ a: A, _ b: B, _ rt: Runtime, fast: (Int, Int) -> Result?,
                                                   slow: (Value, Value) throws -> Result) throws -> Result {
    if A.peeks && B.peeks {
        if let i = a.int(rt), let j = b.int(rt), let result = fast(i, j) { return result }
        return try slow(a.value(rt), b.value(rt))
    }
    let x = try a.value(rt), y = try b.value(rt)
    if case .int(let i) = x, case .int(let j) = y, let result = fast(i, j) { return result }
    return try slow(x, y)
}

/// Runs an operator on one operand, as `operate` does.
@inline(__always)
private func operate<A: Reader, Result>(_ a: A, _ rt: Runtime, fast: (Int) -> Result?,
                                        slow: (Value) throws -> Result) throws -> Result {
    if A.peeks {
        if let i = a.int(rt), let result = fast(i) { return result }
        return try slow(a.value(rt))
    }
    let x = try a.value(rt)
    if case .int(let i) = x, let result = fast(i) { return result }
    return try slow(x)
}

/// `a op b` on two sets of entities looked at where they are held, such as `signed | g7` on two
/// globals: a new set of bits, with no reference counted on either operand. Nil, with nothing run,
/// when either operand holds anything else.
@inline(__always)
private func combineEntities<A: Reader, B: Reader>(_ a: A, _ b: B, _ op: BinaryOp, _ rt: Runtime, _ site: Site) throws -> Value? {
    guard A.peeks && B.peeks, let x = a.entityBits(rt), let y = b.entityBits(rt) else { return nil }
    let bits = x._withUnsafeGuaranteedRef { x in y._withUnsafeGuaranteedRef { x.combined(with: $0, op) } }
    if bits.memberCount > rt.limits.maxCollectionSize { try rt.checkSize(bits.memberCount, site.span, site.file) }
    return .set(ValueSet(entities: bits))
}

/// `a + b`, `a - b` or `a * b`: `integer` on two integers, nil on overflow. Where both
/// operands are looked at in place, anything else goes to `Binary.general`, out of line, which
/// reads them itself: inline, it gave the integer path a frame to set up. Otherwise `slow` runs on
/// the values, as `operate` does.
@inline(__always)
private func arithmetic<A: Reader, B: Reader>(_ a: A, _ b: B, _ rt: Runtime, _ op: BinaryOp, _ site: Site,
                                              integer: (Int, Int) -> Int?,
                                              slow: (Value, Value) throws -> Value) throws -> Value {
    if A.peeks && B.peeks {
        if let i = a.int(rt), let j = b.int(rt), let result = integer(i, j) { return .int(result) }
        return try Binary.general(op, a, b, rt, site)
    }
    return try operate(a, b, rt, fast: { i, j in integer(i, j).map(Value.int) }, slow: slow)
}

/// `a op b` as a value.
struct Binary: ReaderPairBody {
    let op: BinaryOp
    let site: Site

    func make<A: Reader, B: Reader>(_ a: A, _ b: B) -> Compiled {
        Compiled(run: code(a, b))
    }

    private func code<A: Reader, B: Reader>(_ a: A, _ b: B) -> Code {
        let (op, site) = (op, site)
        switch op {
        case .add:
            return { rt in
                try arithmetic(a, b, rt, op, site, integer: Operators.sum,
                               slow: { x, y in try site.located { try Operators.add(x, y, rt.limits) } })
            }
        case .subtract:
            return { rt in
                try arithmetic(a, b, rt, op, site, integer: Operators.difference,
                               slow: { x, y in try site.located { try Operators.subtract(x, y) } })
            }
        case .multiply:
            return { rt in
                try arithmetic(a, b, rt, op, site, integer: Operators.product,
                               slow: { x, y in try site.located { try Operators.multiply(x, y, rt.limits) } })
            }
        case .divide:
            return { rt in
                let x = try a.value(rt), y = try b.value(rt)
                return try site.located { try Operators.divide(x, y) }
            }
        case .remainder:
            return { rt in
                try operate(a, b, rt) { i, j in Operators.remainder(i, j).map(Value.int) }
                    slow: { x, y in try site.located { try Operators.remainder(x, y) } }
            }
        case .equal, .notEqual:
            let equal = op == .equal
            return { rt in
                let x = try a.value(rt), y = try b.value(rt)
                return .bool(try site.located { try Operators.equal(x, y) } == equal)
            }
        case .less, .lessEqual, .greater, .greaterEqual:
            return { rt in
                try operate(a, b, rt) { i, j in .bool(Operators.compare(op, i, j)) }
                    slow: { x, y in .bool(try site.located { try Operators.compare(op, x, y) }) }
            }
        case .union, .intersection, .symmetricDifference:
            return { rt in
                if let result = try combineEntities(a, b, op, rt, site) { return result }
                let x = try a.value(rt), y = try b.value(rt)
                let result = try site.located { try Operators.setOperation(op, x, y) }
                if case .set(let s) = result, s.count > rt.limits.maxCollectionSize { try rt.checkSize(s.count, site.span, site.file) }
                return result
            }
        case .in, .notIn:
            let negate = op == .notIn
            return { rt in .bool(try Membership.holds(a, b, negate, rt, site)) }
        }
    }

    /// `a + b`, `a - b` or `a * b` for operands that are not two integers, or whose integers
    /// overflow; a difference of two sets of entities is made in place first, as on the usual path.
    @inline(never)
    fileprivate static func general<A: Reader, B: Reader>(_ op: BinaryOp, _ a: A, _ b: B, _ rt: Runtime, _ site: Site) throws -> Value {
        if op == .subtract, let difference = try combineEntities(a, b, op, rt, site) { return difference }
        let x = try a.value(rt), y = try b.value(rt)
        return try site.located {
            switch op {
            case .add: try Operators.add(x, y, rt.limits)
            case .subtract: try Operators.subtract(x, y)
            default: try Operators.multiply(x, y, rt.limits)
            }
        }
    }
}

/// `x + 1`, `i % 2`, `n < 2` as a value: an operator with an integer constant on the right needs no
/// read and no check of that operand. Nil for the operators that gain nothing from it.
struct BinaryWithConstant: ReaderBody {
    let op: BinaryOp
    let k: Int
    let site: Site

    func make<A: Reader>(_ a: A) -> Compiled? {
        let (op, k, site) = (op, k, site)
        // Where the operand is looked at in place, anything but the integer case is left to
        // `general`, out of line, so that the integer case needs no frame of its own.
        switch op {
        case .add:
            return Compiled { rt in
                if A.peeks, let i = a.int(rt), let sum = Operators.sum(i, k) { return .int(sum) }
                if A.peeks { return try BinaryWithConstant.general(op, a, k, rt, site) }
                return try operate(a, rt) { i in Operators.sum(i, k).map(Value.int) } slow: { x in try site.located { try Operators.add(x, .int(k), rt.limits) } }
            }
        case .subtract:
            return Compiled { rt in
                if A.peeks, let i = a.int(rt), let difference = Operators.difference(i, k) { return .int(difference) }
                if A.peeks { return try BinaryWithConstant.general(op, a, k, rt, site) }
                return try operate(a, rt) { i in Operators.difference(i, k).map(Value.int) } slow: { x in try site.located { try Operators.subtract(x, .int(k)) } }
            }
        case .remainder where k != 0:
            return Compiled { rt in
                if A.peeks, let i = a.int(rt), let remainder = Operators.remainder(i, k) { return .int(remainder) }
                if A.peeks { return try BinaryWithConstant.general(op, a, k, rt, site) }
                return try operate(a, rt) { i in Operators.remainder(i, k).map(Value.int) }
                    slow: { x in try site.located { try Operators.remainder(x, .int(k)) } }
            }
        case .less, .lessEqual, .greater, .greaterEqual:
            return Compiled { rt in
                try operate(a, rt) { i in .bool(Operators.compare(op, i, k)) }
                    slow: { x in .bool(try site.located { try Operators.compare(op, x, .int(k)) }) }
            }
        case .equal, .notEqual:
            let equal = op == .equal
            return Compiled { rt in
                try operate(a, rt) { i in .bool(Operators.compare(.equal, i, k) == equal) } slow: { x in .bool(try Operators.equal(x, .int(k)) == equal) }
            }
        default:
            return nil
        }
    }

    /// `a op k` for an operand that is not an integer, or an integer case that overflows.
    @inline(never)
    private static func general<A: Reader>(_ op: BinaryOp, _ a: A, _ k: Int, _ rt: Runtime, _ site: Site) throws -> Value {
        let x = try a.value(rt)
        return try site.located {
            switch op {
            case .add: try Operators.add(x, .int(k), rt.limits)
            case .subtract: try Operators.subtract(x, .int(k))
            default: try Operators.remainder(x, .int(k))
            }
        }
    }
}

/// A comparison as a condition: its answer as a Bool, with no Value in between.
struct Comparison: ReaderPairBody {
    let op: BinaryOp
    let site: Site

    func make<A: Reader, B: Reader>(_ a: A, _ b: B) -> CompiledTest {
        let (op, site) = (op, site)
        if A.peeks && B.peeks {
            // Two integers compared where they are held; anything else, strings included, by a
            // function out of line that reads the operands itself, so that this path needs no frame.
            return CompiledTest { rt in
                if let i = a.int(rt), let j = b.int(rt) { return Operators.compare(op, i, j) }
                return try Comparison.general(a, b, op, rt, site)
            }
        }
        return CompiledTest { rt in
            try operate(a, b, rt) { i, j in Operators.compare(op, i, j) } slow: { x, y in
                try Comparison.general(x, y, op, site)
            }
        }
    }

    @inline(never)
    private static func general<A: Reader, B: Reader>(_ a: A, _ b: B, _ op: BinaryOp, _ rt: Runtime, _ site: Site) throws -> Bool {
        try general(try a.value(rt), try b.value(rt), op, site)
    }

    /// `x op y` for values that are not both integers.
    @inline(__always)
    private static func general(_ x: Value, _ y: Value, _ op: BinaryOp, _ site: Site) throws -> Bool {
        try site.located {
            switch op {
            case .equal: try Operators.equal(x, y)
            case .notEqual: try !Operators.equal(x, y)
            default: try Operators.compare(op, x, y)
            }
        }
    }
}

/// `x in s` and `x not in s` as a condition: the answer as a Bool, with no Value in between.
struct Membership: ReaderPairBody {
    let negate: Bool
    let site: Site

    func make<A: Reader, B: Reader>(_ a: A, _ b: B) -> CompiledTest {
        let (negate, site) = (negate, site)
        return CompiledTest { rt in try Membership.holds(a, b, negate, rt, site) }
    }

    /// Whether `a in b` holds (`a not in b` with `negate`). An entity in a set of entities is the
    /// entity's bit, which is what `Operators.contains` answers for a set so stored: looked at
    /// where both are held when they are variables or constants, with no reference counted, else
    /// on the values; anything else is `Operators.contains`.
    @inline(__always)
    static func holds<A: Reader, B: Reader>(_ a: A, _ b: B, _ negate: Bool, _ rt: Runtime, _ site: Site) throws -> Bool {
        if A.peeks && B.peeks, let id = a.entityID(rt), let holds = holds(entity: id, b, negate, rt) { return holds }
        return try general(a, b, negate, rt, site)
    }

    /// Whether the entity with id `id` is in `b` (not in, with `negate`), told from the bits of
    /// the set of entities `b` holds, looked at where it is held; nil when `b` holds anything else.
    @inline(__always)
    static func holds<B: Reader>(entity id: Int, _ b: B, _ negate: Bool, _ rt: Runtime) -> Bool? {
        guard B.peeks, let bits = b.entityBits(rt) else { return nil }
        return bits._withUnsafeGuaranteedRef { $0.contains(id) } != negate
    }

    /// `holds` past the look in place, out of line so that it needs no frame.
    @inline(never)
    private static func general<A: Reader, B: Reader>(_ a: A, _ b: B, _ negate: Bool, _ rt: Runtime, _ site: Site) throws -> Bool {
        let x = try a.value(rt)
        if case .entity(let e) = x {
            if B.peeks, let bits = b.entityBits(rt) { return bits._withUnsafeGuaranteedRef { $0.contains(e.id) } != negate }
            let y = try b.value(rt)
            if let bits = y.entityBits { return bits._withUnsafeGuaranteedRef { $0.contains(e.id) } != negate }
            return try site.located { try Operators.contains(y, x) } != negate
        }
        // A string and a set of strings looked at where it is held: what `Operators.contains`
        // answers for a set so stored, which is complete and has nothing else to check.
        if B.peeks, case .string(let s) = x, let table = b.stringTable(rt) {
            return table._withUnsafeGuaranteedRef { $0.contains(s) } != negate
        }
        let y = try b.value(rt)
        return try site.located { try Operators.contains(y, x) } != negate
    }
}

/// `x in v.m` and `x not in v.m` with `v` a local or a global, as a condition: the member looked
/// at where `v` holds it (`MemberReader`). With `x` a constant (`"g20" in c.groups`), a built-in
/// entity in `v` is answered by its bit in `indexed`, the test made once over every entity with
/// the operators' own functions, as `where` makes it; anything else takes the general path.
struct MembershipInMember: ReaderBody {
    let member: MemberReader
    let negate: Bool
    let site: Site
    let indexed: IndexedAtom?

    func make<A: Reader>(_ a: A) -> CompiledTest {
        let (member, negate, site) = (member, negate, site)
        guard let indexed else { return CompiledTest { rt in try Membership.holds(a, member, negate, rt, site) } }
        return CompiledTest { rt in
            if let id = member.entityID(ofVariable: rt), let holds = indexed.settledAnswer(for: id) { return holds }
            return try Membership.holds(a, member, negate, rt, site)
        }
    }
}

/// `MembershipInMember` as a value.
struct MembershipInMemberValue: ReaderBody {
    let member: MemberReader
    let negate: Bool
    let site: Site
    let indexed: IndexedAtom?

    func make<A: Reader>(_ a: A) -> Compiled {
        let (member, negate, site) = (member, negate, site)
        guard let indexed else { return Compiled { rt in .bool(try Membership.holds(a, member, negate, rt, site)) } }
        return Compiled { rt in
            if let id = member.entityID(ofVariable: rt), let holds = indexed.settledAnswer(for: id) { return .bool(holds) }
            return .bool(try Membership.holds(a, member, negate, rt, site))
        }
    }
}

/// `n < 2` as a condition: an integer constant on the right needs no read and no check of its type.
struct ComparisonWithConstant: ReaderBody {
    let op: BinaryOp
    let k: Int
    let site: Site

    func make<A: Reader>(_ a: A) -> CompiledTest {
        let (op, k, site) = (op, k, site)
        return CompiledTest { rt in try ComparisonWithConstant.holds(a, op, k, rt, site) }
    }

    /// Whether `a op k` holds.
    @inline(__always)
    static func holds<A: Reader>(_ a: A, _ op: BinaryOp, _ k: Int, _ rt: Runtime, _ site: Site) throws -> Bool {
        try operate(a, rt) { i in Operators.compare(op, i, k) } slow: { x in
            if op == .equal { return try Operators.equal(x, .int(k)) }
            if op == .notEqual { return try !Operators.equal(x, .int(k)) }
            return try site.located { try Operators.compare(op, x, .int(k)) }
        }
    }
}

/// `if n < 2 { return n }` before more statements, as one closure: the comparison with an integer
/// constant, then the operand returned, read in place, or else the statements after it.
struct ReturnIfComparedWithConstant: ReaderPairBody {
    let op: BinaryOp
    let k: Int
    let site: Site
    let no: Code

    func make<A: Reader, B: Reader>(_ a: A, _ yes: B) -> Compiled {
        let (op, k, site, no) = (op, k, site, no)
        return Compiled { rt in try ComparisonWithConstant.holds(a, op, k, rt, site) ? yes.value(rt) : no(rt) }
    }
}

/// A condition that is not a comparison, as in `if flag`: a Bool looked at where it is held.
struct Truth: ReaderBody {
    /// What needs the condition (`if`, `while`...), for the error when it is not a Bool.
    let what: String
    let site: Site

    func make<A: Reader>(_ a: A) -> CompiledTest {
        let (what, site) = (what, site)
        return CompiledTest { rt in
            if A.peeks, let b = a.bool(rt) { return b }
            let value = try a.value(rt)
            guard case .bool(let b) = value else { throw Truth.notBool(value, what, site) }
            return b
        }
    }

    /// The error for a condition that is not a Bool, made out of line: inline, it gave every
    /// condition a frame of 600 bytes.
    @inline(never)
    static func notBool(_ value: Value, _ what: String, _ site: Site) -> any Error {
        let got = if case .null = value { "nil" } else { "\(value.typeName) \(value.shortDescription(40))" }
        return SummitError(.runtime, "'\(what)' needs true or false, got \(got)", at: site.span, in: site.file)
    }
}

/// `xs[i]` and `r[k]`: a list's element by an integer in range, or a record's field by a string
/// key, directly; anything else, and every error, by `Operators.index`.
struct Index: ReaderPairBody {
    let site: Site

    func make<A: Reader, B: Reader>(_ a: A, _ b: B) -> Compiled {
        let site = site
        return Compiled { rt in
            // With nothing to run in either operand, a list's element is read where it is, with
            // no copy of the list; anything else takes the general path.
            if A.peeks && B.peeks, let i = b.int(rt), let element = a.element(rt, i) { return element }
            let c = try a.value(rt), k = try b.value(rt)
            return try Compiler.element(k, of: c, site)
        }
    }
}

/// `xs[i] = v` on a variable in a slot or a global; the value is read first, then the index.
struct ElementStore: ReaderPairBody {
    let variable: VariablePlace
    let unbound: Unbound
    let site: Site

    func make<A: Reader, B: Reader>(_ key: A, _ value: B) -> Compiled {
        let (unbound, site) = (unbound, site)
        // An integer index is looked at where it is held, and the element set in place; a list in
        // the variable means it is defined.
        switch variable {
        case .global(let slot):
            return Compiled { rt in
                let newValue = try value.value(rt)
                if A.peeks, let i = key.int(rt), Compiler.setListElement(rt.globalPointer(slot), i, newValue) { return .null }
                return try ElementStore.store(newValue, at: key, inGlobal: slot, rt, unbound, site)
            }
        case .slot(let slot):
            return Compiled { rt in
                let newValue = try value.value(rt)
                if A.peeks, let i = key.int(rt), Compiler.setListElement(rt.localPointer(slot), i, newValue) { return .null }
                let k = try key.value(rt)
                try site.located { try Compiler.setElement(&rt.localPointer(slot).pointee, k, newValue) }
                return .null
            }
        }
    }

    /// `global[key] = newValue` but for an integer index into a list: the global is looked at
    /// before `key` is evaluated. Out of line, so that the integer case needs no frame of its own.
    @inline(never)
    private static func store<A: Reader>(_ newValue: Value, at key: A, inGlobal slot: Int, _ rt: Runtime,
                                         _ unbound: Unbound, _ site: Site) throws -> Value {
        guard rt.isDefined(global: slot) else { throw rt.undefined(unbound.name, unbound.span, unbound.file) }
        let k = try key.value(rt)
        try site.located { try Compiler.setElement(&rt.globalPointer(slot).pointee, k, newValue) }
        return .null
    }
}

/// `x + y` or `x - y` for an update of a variable or an element: two integers directly, anything
/// else, and an overflow, by `Operators`, with the operator's place on its error.
@inline(__always)
private func sumOrDifference(_ x: Value, _ y: Value, add: Bool, _ rt: Runtime, _ site: Site) throws -> Value {
    if case .int(let i) = x, case .int(let j) = y, let result = Compiler.sum(i, j, subtracting: !add) { return .int(result) }
    return try site.located { add ? try Operators.add(x, y, rt.limits) : try Operators.subtract(x, y) }
}

/// `c[k] = c[k] + v` and `c[k] = c[k] - v` with `k` a read that runs none of the program's code,
/// and `c[k] += v` and `c[k] -= v` with any `k`; `c` a variable in a slot or a global. `k` is
/// evaluated once for the read, and the element read where `c` holds it. The order of evaluation,
/// and every error with its place, are those of the two halves apart: `c` read, `k`, the element,
/// `v`, the operator, then the store (with `k` read again, in the first form, if `v` ran code).
struct ElementUpdate: ReaderPairBody {
    let variable: VariablePlace
    let add: Bool
    /// Whether the store reads `k` again after `v`: in `c[k] = c[k] + v` the left-hand `c[k]` comes
    /// after the right-hand side, whose `v` may change `k`; `c[k] += v` reads `k` once.
    let rereadsKey: Bool
    /// The reads of `c` on the right and on the left, for the error when it is unbound.
    let read: Unbound
    let target: Unbound
    /// `c[k]` on the right, the operator, and `c[k]` on the left, for their errors.
    let readSite: Site
    let operatorSite: Site
    let storeSite: Site

    func make<K: Reader, V: Reader>(_ key: K, _ right: V) -> Compiled {
        let (variable, add, rereadsKey, read, target, readSite, operatorSite, storeSite) =
            (variable, add, rereadsKey, read, target, readSite, operatorSite, storeSite)
        @inline(__always) func place(_ rt: Runtime) -> UnsafeMutablePointer<Value> { variable.pointer(rt) }
        return Compiled { rt in
            if case .global(let slot) = variable, case .null = rt.globalPointer(slot).pointee, !rt.isDefined(global: slot) {
                throw rt.undefined(read.name, read.span, read.file)
            }
            let k = try key.value(rt)
            // With nothing to run between the read and the store, an integer changes where it is.
            if V.peeks, let j = right.int(rt),
               Compiler.addToElement(place(rt), k, j, subtracting: !add) { return .null }
            let current: Value
            if case .int(let i) = k, let element = place(rt).pointee.element(i) {
                current = element
            } else if case .string(let name) = k, let field = place(rt).pointee.field(name) {
                current = field
            } else {
                let container = place(rt).pointee
                current = try readSite.located { try Operators.index(container, k) }
            }
            let value = try sumOrDifference(current, try right.value(rt), add: add, rt, operatorSite)
            let storeKey = rereadsKey && !V.peeks ? try key.value(rt) : k
            // Found afresh: `v` may have run code that moved the globals or the stack.
            if case .int(let i) = storeKey, Compiler.setListElement(place(rt), i, value) { return .null }
            if case .global(let slot) = variable, !rt.isDefined(global: slot) {
                throw rt.undefined(target.name, target.span, target.file)
            }
            try storeSite.located { try Compiler.setElement(&place(rt).pointee, storeKey, value) }
            return .null
        }
    }
}

/// `x = x + y`, `x += y` and their subtractions on a variable in a slot or a global. Two integers
/// are added where the variable is; anything else takes `Operators`' path, with `x` read first.
struct Update: ReaderBody {
    let variable: VariablePlace
    /// Whether the update adds, or else subtracts.
    let add: Bool
    /// The read of the variable, for the error when it is unbound.
    let unbound: Unbound
    /// The operator, for the error when the values do not add.
    let site: Site

    func make<B: Reader>(_ y: B) -> Compiled {
        let (add, unbound, site) = (add, unbound, site)
        @inline(__always) func integer(_ i: Int, _ j: Int) -> Int? { Compiler.sum(i, j, subtracting: !add) }
        @inline(__always) func combine(_ x: Value, _ rt: Runtime) throws -> Value {
            try sumOrDifference(x, try y.value(rt), add: add, rt, site)
        }
        // The paths for anything but two integers are functions of their own, so that the integer
        // path keeps a small frame and spills nothing.
        switch variable {
        case .global(let slot):
            @inline(never) func general(_ rt: Runtime) throws -> Value {
                let x = rt.global(slot)
                if case .null = x, !rt.isDefined(global: slot) { throw rt.undefined(unbound.name, unbound.span, unbound.file) }
                let value = try combine(x, rt)
                rt.storeGlobal(slot, value)  // afresh: a call in `y` may have moved the globals
                return .null
            }
            return Compiled { rt in
                let place = rt.globalPointer(slot)
                // The integer it held needs no destroying, so the new one is written over it.
                if B.peeks, case .int(let i) = place.pointee, let j = y.int(rt), let result = integer(i, j) {
                    place.initialize(to: .int(result))
                    return .null
                }
                return try general(rt)
            }
        case .slot(let slot):
            @inline(never) func general(_ rt: Runtime) throws -> Value {
                let value = try combine(rt.local(slot), rt)
                rt.setLocal(slot, value)  // afresh: a call in `y` may have moved the stack
                return .null
            }
            return Compiled { rt in
                let place = rt.localPointer(slot)
                if B.peeks, case .int(let i) = place.pointee, let j = y.int(rt), let result = integer(i, j) {
                    place.initialize(to: .int(result))
                    return .null
                }
                return try general(rt)
            }
        }
    }
}
