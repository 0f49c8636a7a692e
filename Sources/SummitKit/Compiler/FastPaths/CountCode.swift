// `count(a op b)` and `count(a op b op c ...)` on sets of entities, counted where the sets are
// held, with no set made.

/// `count(a op b)`, `op` a set operator, `a` a variable and `b` one too or a list literal of them.
/// While global `countSlot` holds the built-in `count` and the variables hold sets of entities (and
/// entities), the count of the bits `a op b` would have, with no set made; otherwise `call`, the
/// call as written, runs, errors and all.
struct CountedCombination {
    let op: BinaryOp
    let left: VariablePlace
    /// `b`; nil when it is a list literal, of `elements`.
    let right: VariablePlace?
    let elements: [VariablePlace]
    let countSlot: Int
    let call: Code
    /// The built-in `count`.
    let count = ObjectIdentifier(Builtin.count)

    func run(_ rt: Runtime) throws -> Value {
        if rt.holds(count, inGlobal: countSlot), let n = counted(rt), n <= rt.limits.maxCollectionSize { return .int(n) }
        return try call(rt)
    }

    /// The count, when the variables hold sets of entities (and entities).
    @inline(__always)
    private func counted(_ rt: Runtime) -> Int? {
        guard let x = left.pointer(rt).pointee.entityBits else { return nil }
        guard let right else { return x._withUnsafeGuaranteedRef { countWithList($0, rt) } }
        guard let y = right.pointer(rt).pointee.entityBits else { return nil }
        return x._withUnsafeGuaranteedRef { x in y._withUnsafeGuaranteedRef { x.countCombined(with: $0, op) } }
    }

    /// How many elements `bits op [elements]` has; nil if an element is not an entity. An entity
    /// the list holds twice counts once.
    private func countWithList(_ bits: EntityBits, _ rt: Runtime) -> Int? {
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

/// A set that `CountedChain` reads where it is held: a variable, or a member of one
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

/// `count(a op b op c ...)`, each `op` a set operator and each operand a variable or a member of
/// one, combined from the left (`a - b | c` is `(a - b) | c`): what `CountedCombination` does for
/// two variables, for members (`count(bletchley.signed | seoul.signed | paris.signed)`) and for
/// more operands. While global `countSlot` holds the built-in `count` and the operands hold sets
/// of entities, the count of the bits the combination would have, with no set made; otherwise
/// `call`, the call as written, runs, errors and all. A class, so that the node that runs it
/// holds one reference to it.
final class CountedChain {
    let first: CountedSet
    /// Each operator with the set after it, in order.
    let rest: [(op: BinaryOp, set: CountedSet)]
    let countSlot: Int
    let call: Code
    /// The built-in `count`.
    let count = ObjectIdentifier(Builtin.count)

    init(first: CountedSet, rest: [(op: BinaryOp, set: CountedSet)], countSlot: Int, call: @escaping Code) {
        (self.first, self.rest, self.countSlot, self.call) = (first, rest, countSlot, call)
    }

    func run(_ rt: Runtime) throws -> Value {
        if rt.holds(count, inGlobal: countSlot), let n = counted(rt), n <= rt.limits.maxCollectionSize { return .int(n) }
        return try call(rt)
    }

    /// The count, when the operands hold sets of entities: two by their intersection, more
    /// combined a word at a time, on the stack, by `EntityBits.combine`.
    private func counted(_ rt: Runtime) -> Int? {
        guard let x = first.bits(rt) else { return nil }
        return withUnsafeTemporaryAllocation(of: Unmanaged<EntityBits>.self, capacity: rest.count) { sets -> Int? in
            var words = x._withUnsafeGuaranteedRef { $0.wordCount }
            for index in rest.indices {
                guard let bits = rest[index].set.bits(rt) else { return nil }
                sets[index] = bits
                words = Swift.max(words, bits._withUnsafeGuaranteedRef { $0.wordCount })
            }
            if rest.count == 1 {
                return x._withUnsafeGuaranteedRef { x in sets[0]._withUnsafeGuaranteedRef { x.countCombined(with: $0, rest[0].op) } }
            }
            return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: words) { combined in
                combined.initialize(repeating: 0)
                x._withUnsafeGuaranteedRef { $0.combine(.union, into: combined) }
                for index in rest.indices { sets[index]._withUnsafeGuaranteedRef { $0.combine(rest[index].op, into: combined) } }
                return combined.reduce(0) { $0 &+ $1.nonzeroBitCount }
            }
        }
    }
}
