// `count(a op b)` and `count(a op b op c ...)` on sets of entities, counted where the sets are
// held, with no set made.

/// A set that `count(a op b)` reads where it is held: a variable, or a member of one
/// (`bletchley.signed`).
enum CountedSet {
    case variable(VariablePlace)
    case member(MemberReader)

    /// The bits of the set it holds, with no count taken; nil when it holds anything else.
    @inline(__always)
    func bits(_ rt: Runtime) -> Unmanaged<EntityBits>? {
        switch self {
        case .variable(let place): return place.pointer(rt).pointee.entityBits
        case .member(let member): return member.entityBits(rt)
        }
    }
}

/// `count(a op b)`, `op` a set operator, `a` a variable or a member of one and `b` one too or a
/// list literal of variables; or `count(a op b op c ...)`, each operand a variable or a member of
/// one, combined from the left. While global `countSlot` holds the built-in `count` and the
/// operands hold sets of entities (and entities), the count of the bits the combination would
/// have, with no set made; otherwise `call`, the call as written, runs, errors and all.
struct CountedCombination {
    let first: CountedSet
    /// Each operator with the set after it, in order: `a - b | c` is `(a - b) | c`. Empty when
    /// the right side is a list literal.
    let rest: [(op: BinaryOp, set: CountedSet)]
    /// The operator and the variables of a list literal on the right (`signed - [US, UK]`).
    let list: (op: BinaryOp, elements: [VariablePlace])?
    let countSlot: Int
    let call: Code
    /// The built-in `count`.
    let count = ObjectIdentifier(Builtin.count)

    func run(_ rt: Runtime) throws -> Value {
        if rt.holds(count, inGlobal: countSlot), let n = counted(rt), n <= rt.limits.maxCollectionSize { return .int(n) }
        return try call(rt)
    }

    /// The count, when the operands hold sets of entities (and entities).
    @inline(__always)
    private func counted(_ rt: Runtime) -> Int? {
        guard let x = first.bits(rt) else { return nil }
        if let list { return x._withUnsafeGuaranteedRef { countWithList($0, list.op, list.elements, rt) } }
        guard let y = rest[0].set.bits(rt) else { return nil }
        if rest.count == 1 {
            return x._withUnsafeGuaranteedRef { x in y._withUnsafeGuaranteedRef { x.countCombined(with: $0, rest[0].op) } }
        }
        return countChain(x, rt)
    }

    /// How many bits `first op set op set ...` has: the bits combined a word at a time, on the
    /// stack, by `EntityBits.combine`.
    private func countChain(_ first: Unmanaged<EntityBits>, _ rt: Runtime) -> Int? {
        withUnsafeTemporaryAllocation(of: Unmanaged<EntityBits>.self, capacity: rest.count) { sets -> Int? in
            var words = first._withUnsafeGuaranteedRef { $0.wordCount }
            for index in rest.indices {
                guard let bits = rest[index].set.bits(rt) else { return nil }
                sets[index] = bits
                words = Swift.max(words, bits._withUnsafeGuaranteedRef { $0.wordCount })
            }
            return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { combined in
                combined.initialize(repeating: 0)
                first._withUnsafeGuaranteedRef { $0.combine(.union, into: combined) }
                for index in rest.indices { sets[index]._withUnsafeGuaranteedRef { $0.combine(rest[index].op, into: combined) } }
                return combined.reduce(0) { $0 &+ $1.nonzeroBitCount }
            }
        }
    }

    /// How many elements `bits op [elements]` has; nil if an element is not an entity. An entity
    /// the list holds twice counts once.
    private func countWithList(_ bits: EntityBits, _ op: BinaryOp, _ elements: [VariablePlace], _ rt: Runtime) -> Int? {
        var distinct = 0, common = 0
        for i in elements.indices {
            guard case .entity(let e) = elements[i].pointer(rt).pointee else { return nil }
            let id = e.id
            // The elements before this one are entities: each was looked at in its turn.
            var j = 0
            while j < i, case .entity(let f) = elements[j].pointer(rt).pointee, f.id != id { j &+= 1 }
            if j < i { continue }
            distinct &+= 1
            if bits.contains(id) { common &+= 1 }
        }
        return EntityBits.count(op, bits.memberCount, distinct, common: common)
    }
}
