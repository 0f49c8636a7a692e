// `where` on a set of entities answered with bitsets (issue 22): `signed where region == "Europe"`
// is the set's bits and'ed with the bits of the entities whose region is "Europe", found once from
// the member's index (Runtime/MemberIndex.swift), as a database answers a query from an index on a
// column. The elements are then never gone through one by one. The general path stays the
// definition: this path takes only the predicates whose every answer it can know ahead (members of
// the element compared with constants, joined by `and`, `or`, `not`), computes each comparison with
// the operators' own functions, and gives the set back to the general path whenever an element
// could give anything but true or false there (no such member, an error).

import Synchronization

/// A `where` predicate in the form the member indexes can answer.
indirect enum IndexedPredicate {
    /// A comparison of a member of the element with a constant.
    case atom(IndexedAtom)
    case and(IndexedPredicate, IndexedPredicate)
    case or(IndexedPredicate, IndexedPredicate)
    case not(IndexedPredicate)
}

/// `member op constant` (or `constant op member`) over every entity, answered once from the
/// member's index and kept until more entities are made.
final class IndexedAtom: Sendable {
    let member: String
    let op: BinaryOp
    let constant: Value
    /// Whether the member is the left operand.
    let memberOnLeft: Bool
    /// For a bare name (`region`, not `it.region`), the global slot the general path reads when the
    /// element has no such member: this path is taken only while no such global is defined, so
    /// that the name can only mean the member.
    let global: Int?
    private let answer = Lock<Answer?>(nil)
    /// The address of the first answer made, retained for as long as this atom lives, for
    /// `settledAnswer(for:)`; 0 before.
    private let settled = Atomic<UInt>(0)
    /// How many times `settledAnswer(for:)` was asked before there was an answer.
    private let asked = Atomic<Int>(0)
    /// The answer is made at the test's 256th run, the runs before take the general path: making
    /// it has every built-in entity load its members, about 3.5 M instructions, as many as some
    /// 20,000 tests on the general path, so a test run a few times is better off without it.
    static let settleAfter = 256

    /// The entities for which the comparison is true (`matches`), and those for which it gives true
    /// or false at all (`usable`: they have the member and comparing raises no error).
    final class Answer: @unchecked Sendable {
        let entityCount: Int
        let matches: EntityBits
        let usable: EntityBits

        init(entityCount: Int, matches: EntityBits, usable: EntityBits) {
            (self.entityCount, self.matches, self.usable) = (entityCount, matches, usable)
        }
    }

    init(member: String, op: BinaryOp, constant: Value, memberOnLeft: Bool, global: Int?) {
        self.member = member
        self.op = op
        self.constant = constant
        self.memberOnLeft = memberOnLeft
        self.global = global
    }

    /// The answer over every entity made so far.
    func current(entityCount: Int) -> Answer {
        answer.withLock { cached in
            if let known = cached, known.entityCount == entityCount { return known }
            let index = MemberIndex.of(member)
            var matches = [UInt64](), usable = [UInt64]()
            for group in index.groups {
                let holds: Bool
                do {
                    holds = memberOnLeft ? try WhereIndex.holds(op, group.value, constant)
                                         : try WhereIndex.holds(op, constant, group.value)
                } catch {
                    continue  // an error for these entities: the general path raises it
                }
                WhereIndex.or(group.bits, into: &usable)
                if holds { WhereIndex.or(group.bits, into: &matches) }
            }
            let known = Answer(entityCount: index.entityCount, matches: .of(matches), usable: .of(usable))
            cached = known
            return known
        }
    }

    /// The comparison for the entity with id `id`, from the first answer made, read with no lock
    /// and no count taken; nil for an entity that answer has nothing to say of (one not built in
    /// or made after it, one without the member, one the comparison raises an error for). The
    /// members of a built-in entity never change, so what the answer says of one holds for good.
    @inline(__always)
    func settledAnswer(for id: Int) -> Bool? {
        guard let raw = UnsafeRawPointer(bitPattern: settled.load(ordering: .acquiring)) else { return settle(for: id) }
        return Unmanaged<Answer>.fromOpaque(raw)._withUnsafeGuaranteedRef { answer in
            answer.usable.contains(id) ? answer.matches.contains(id) : nil
        }
    }

    /// Makes the settled answer when it has been asked for `settleAfter` times, out of line; a
    /// thread that loses the race to set it takes the one that won. (The count is read and
    /// written apart: threads that overlap may count one time for two.)
    @inline(never)
    private func settle(for id: Int) -> Bool? {
        let times = asked.load(ordering: .relaxed) + 1
        guard times >= IndexedAtom.settleAfter else {
            asked.store(times, ordering: .relaxed)
            return nil
        }
        let made = Unmanaged.passRetained(current(entityCount: EntityRegistry.count))
        if !settled.compareExchange(expected: 0, desired: UInt(bitPattern: made.toOpaque()), ordering: .acquiringAndReleasing).exchanged {
            made.release()
        }
        return settledAnswer(for: id)
    }

    deinit {
        if let raw = UnsafeRawPointer(bitPattern: settled.load(ordering: .acquiring)) { Unmanaged<Answer>.fromOpaque(raw).release() }
    }
}

/// The compiled form of an indexable `where` predicate.
struct IndexedWhere {
    let predicate: IndexedPredicate

    /// The entities of `set` for which the predicate is true, as the general path would find
    /// them; nil when an element could raise an error or mean something else there, so that the
    /// general path runs instead.
    func filter(_ set: EntityBits, _ rt: Runtime) -> EntityBits? {
        let entityCount = EntityRegistry.count
        return WhereIndex.filter(predicate, set, entityCount, rt)
    }
}

enum WhereIndex {
    /// Whether `x op y` holds, as a condition of `where` computes it (`Comparison`, and `in` as
    /// `Operators.contains`): the operators' own functions.
    static func holds(_ op: BinaryOp, _ x: Value, _ y: Value) throws -> Bool {
        switch op {
        case .equal: return try Operators.equal(x, y)
        case .notEqual: return try !Operators.equal(x, y)
        case .less, .lessEqual, .greater, .greaterEqual: return try Operators.compare(op, x, y)
        case .in: return try Operators.contains(y, x)
        case .notIn: return try !Operators.contains(y, x)
        default: throw Operators.fail("not a comparison")
        }
    }

    /// The elements of `set` for which `predicate` is true; `and` and `or` look at their right side
    /// only for the elements the general path would (those the left leaves undecided).
    static func filter(_ predicate: IndexedPredicate, _ set: EntityBits, _ entityCount: Int, _ rt: Runtime) -> EntityBits? {
        switch predicate {
        case .atom(let atom):
            if let global = atom.global, rt.isDefined(global: global) { return nil }
            let answer = atom.current(entityCount: entityCount)
            guard set.isSubset(of: answer.usable) else { return nil }
            return set.combined(with: answer.matches, .intersection)
        case .and(let left, let right):
            guard let kept = filter(left, set, entityCount, rt) else { return nil }
            return filter(right, kept, entityCount, rt)
        case .or(let left, let right):
            guard let kept = filter(left, set, entityCount, rt),
                  let more = filter(right, set.combined(with: kept, .subtract), entityCount, rt) else { return nil }
            return kept.combined(with: more, .union)
        case .not(let operand):
            guard let kept = filter(operand, set, entityCount, rt) else { return nil }
            return set.combined(with: kept, .subtract)
        }
    }

    /// Sets the bits of `bits` in `words`, growing them as needed.
    static func or(_ bits: EntityBits, into words: inout [UInt64]) {
        bits.withUnsafeMutablePointers { header, source in
            let n = header.pointee.words
            if words.count < n { words.append(contentsOf: repeatElement(0, count: n - words.count)) }
            for i in 0..<n { words[i] |= source[i] }
        }
    }
}

extension Compiler {
    /// The indexable form of a `where` predicate, or nil; called in the predicate's scope, where
    /// its names resolve as the general path's do.
    mutating func indexedWhere(_ predicate: Expr) -> IndexedWhere? {
        indexable(predicate).map(IndexedWhere.init)
    }

    private mutating func indexable(_ expr: Expr) -> IndexedPredicate? {
        switch expr {
        case .and(let left, let right, _):
            guard let a = indexable(left), let b = indexable(right) else { return nil }
            return .and(a, b)
        case .or(let left, let right, _):
            guard let a = indexable(left), let b = indexable(right) else { return nil }
            return .or(a, b)
        case .not(let operand, _):
            return indexable(operand).map(IndexedPredicate.not)
        case .binary(let op, let left, let right, _) where op.isComparison || op == .in || op == .notIn:
            if let (member, global) = elementMember(left), let k = Compiler.constant(right) {
                return .atom(IndexedAtom(member: member, op: op, constant: k, memberOnLeft: true, global: global))
            }
            if let (member, global) = elementMember(right), let k = Compiler.constant(left) {
                return .atom(IndexedAtom(member: member, op: op, constant: k, memberOnLeft: false, global: global))
            }
            return nil
        default:
            return nil
        }
    }

    /// `it.member`, or a bare name that the general path reads as a member of the element (with,
    /// for a bare name, the global it falls back to): nil for anything else.
    private mutating func elementMember(_ expr: Expr) -> (String, Int?)? {
        switch expr {
        case .member(.name("it", _), let member, _):
            return (member, nil)
        case .name(let name, let span) where name != "it":
            // Not a local or a capture: those the predicate would read when the element lacks the member.
            guard case .global(let slot) = resolve(name, span).place else { return nil }
            return (name, slot)
        default:
            return nil
        }
    }
}
