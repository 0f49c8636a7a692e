// `count(a op b)` on sets of entities, counted where the sets are held, with no set made.

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
