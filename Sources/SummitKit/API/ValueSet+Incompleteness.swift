// Sets known only in part. `unga_78_265.cosponsors` names 54 of the 123 states reported to have
// co-sponsored: the real set lies between what is known (the 54) and what is possible (anything not
// ruled out). The set operators compute both bounds, so `un_security_council_permanent -
// unga_78_265.cosponsors` knows it may hold only China and Russia; every question whose answer
// depends on what is not known (`Brazil in unga_78_265.cosponsors`, `count(...)`,
// `==`) is answered "not known", never with the listed part's answer. A complete set has no
// `PartialSet` and pays nothing for this.

/// How a set that is known only in part may differ from the real set it stands for.
///
/// The list of the named signatories of a declaration "may miss members"; the countries of a group
/// minus those signatories "may hold non-members": each of its elements may have signed unnamed.
public struct Incompleteness: Sendable, Hashable {
    /// Whether the real set may have members the set does not list (its possible members are unbounded).
    public let mayMiss: Bool
    /// Whether some listed elements may not be members of the real set (`uncertain` holds them).
    public var mayHoldNonMembers: Bool { !uncertain.isEmpty }
    /// The listed elements that may not be members; empty when the set may miss members instead.
    public let uncertain: ValueSet
    /// How many members sources report the real set to have, when known: 123 for `unga_78_265.cosponsors`.
    /// A set made from others by an operator or `where` has none.
    public let reportedCount: Int?

    /// How the listed elements may differ: "may miss members" or "may hold non-members, marked ?".
    public var summary: String { mayMiss ? "may miss members" : "may hold non-members, marked ?" }
}

/// What an incomplete set may hold besides the members known: a finite set, or anything but some
/// values (the possible members of `unga_78_265.cosponsors - eu` are all but the EU's members).
enum PossibleMembers: Hashable, Sendable {
    /// Exactly these (a superset of the members known).
    case only(ValueSet)
    /// Anything but these (none of them a member known).
    case allBut(ValueSet)

    func contains(_ value: Value) -> Bool {
        switch self {
        case .only(let set): return set.contains(value)
        case .allBut(let excluded): return !excluded.contains(value)
        }
    }

    /// The possible members of either set.
    func union(_ other: PossibleMembers) -> PossibleMembers {
        switch (self, other) {
        case let (.only(a), .only(b)): return .only(a.union(b))
        case let (.only(a), .allBut(e)), let (.allBut(e), .only(a)): return .allBut(e.subtracting(a))
        case let (.allBut(e), .allBut(f)): return .allBut(e.intersection(f))
        }
    }

    /// The possible members of both sets.
    func intersection(_ other: PossibleMembers) -> PossibleMembers {
        switch (self, other) {
        case let (.only(a), .only(b)): return .only(a.intersection(b))
        case let (.only(a), .allBut(e)), let (.allBut(e), .only(a)): return .only(a.subtracting(e))
        case let (.allBut(e), .allBut(f)): return .allBut(e.union(f))
        }
    }

    /// These possible members less a finite set.
    func subtracting(_ set: ValueSet) -> PossibleMembers {
        switch self {
        case .only(let a): return .only(a.subtracting(set))
        case .allBut(let e): return .allBut(e.union(set))
        }
    }

    /// The elements of a finite set that are not possible members.
    func outside(of set: ValueSet) -> ValueSet {
        switch self {
        case .only(let a): return set.subtracting(a)
        case .allBut(let e): return set.intersection(e)
        }
    }
}

/// The storage of an incomplete set: the members known, a complete set, and the possible ones.
final class PartialSet: Sendable {
    let known: ValueSet
    let possible: PossibleMembers
    let reportedCount: Int?

    init(known: ValueSet, possible: PossibleMembers, reportedCount: Int?) {
        self.known = known
        self.possible = possible
        self.reportedCount = reportedCount
    }

    /// What the set lists: its possible members when they are finite, else the members known.
    var listed: ValueSet {
        if case .only(let set) = possible { return set }
        return known
    }
}

extension ValueSet {
    /// A list of named members of a set that may have others: the signatories a source names, of
    /// the `reportedCount` reported (nil when no count is).
    public init<S: Sequence>(named elements: S, reportedCount: Int? = nil) where S.Element == Value {
        self = ValueSet.bounded(known: ValueSet(elements), possible: .allBut(ValueSet()), reportedCount: reportedCount)
    }

    /// A set whose members are all among `known` and `possible`: those of `known` surely are,
    /// those of `possible` may or may not be.
    public init<S: Sequence, T: Sequence>(known: S, possible: T) where S.Element == Value, T.Element == Value {
        let sure = ValueSet(known)
        self = ValueSet.bounded(known: sure, possible: .only(sure.union(ValueSet(possible))), reportedCount: nil)
    }

    /// The set between `known` and `possible`: complete when they are the same.
    static func bounded(known: ValueSet, possible: PossibleMembers, reportedCount: Int?) -> ValueSet {
        switch possible {
        case .only(let set):
            if set.count == known.count { return known }
            return ValueSet(.partial(PartialSet(known: known, possible: .only(set.listed), reportedCount: reportedCount)))
        case .allBut(let excluded):
            return ValueSet(.partial(PartialSet(known: known, possible: .allBut(excluded.subtracting(known).listed),
                                                reportedCount: reportedCount)))
        }
    }

    /// The members known and the possible ones: the set itself, twice, when it is complete.
    var bounds: (known: ValueSet, possible: PossibleMembers) {
        guard case .partial(let p) = storage else { return (self, .only(self)) }
        return (p.known, p.possible)
    }

    /// How this set is known only in part, or nil when it is complete (most sets).
    public var incompleteness: Incompleteness? {
        guard case .partial(let p) = storage else { return nil }
        var uncertain = ValueSet(), mayMiss = true
        if case .only(let set) = p.possible {
            uncertain = set.subtracting(p.known)
            mayMiss = false
        }
        return Incompleteness(mayMiss: mayMiss, uncertain: uncertain, reportedCount: p.reportedCount)
    }

    /// Whether the set is the whole of what it stands for (no `incompleteness`).
    public var isComplete: Bool {
        if case .partial = storage { return false }
        return true
    }

    /// The elements the set lists, as a complete set: the members known and, when they are finite,
    /// the possible ones. The set itself when it is complete.
    public var listed: ValueSet {
        guard case .partial(let p) = storage else { return self }
        return p.listed
    }

    /// The members known, as a complete set: the set itself when it is complete.
    public var knownMembers: ValueSet {
        guard case .partial(let p) = storage else { return self }
        return p.known
    }

    /// `op` on the members known and on the possible ones; nil when both sets are complete. The
    /// set operators' slow paths call it before anything else.
    func partialResult(_ op: BinaryOp, _ other: ValueSet) -> ValueSet? {
        guard !isComplete || !other.isComplete else { return nil }
        let (a, p) = bounds, (b, q) = other.bounds
        switch op {
        case .union:
            return .bounded(known: a.union(b), possible: p.union(q), reportedCount: nil)
        case .intersection:
            return .bounded(known: a.intersection(b), possible: p.intersection(q), reportedCount: nil)
        case .subtract:
            return .bounded(known: q.outside(of: a), possible: p.subtracting(b), reportedCount: nil)
        default:
            return .bounded(known: q.outside(of: a).union(p.outside(of: b)),
                            possible: p.subtracting(b).union(q.subtracting(a)), reportedCount: nil)
        }
    }

    /// This set's incompleteness restricted to `kept`, a part of what it lists: what `where` gives.
    func restricted(to kept: ValueSet) -> ValueSet {
        guard case .partial(let p) = storage else { return kept }
        switch p.possible {
        case .only: return .bounded(known: p.known.intersection(kept), possible: .only(kept), reportedCount: nil)
        case .allBut(let excluded): return .bounded(known: kept, possible: .allBut(excluded), reportedCount: nil)
        }
    }

    /// Whether `value` is a member of the real set: nil when that is not known.
    public func membership(of value: Value) -> Bool? {
        guard case .partial(let p) = storage else { return contains(value) }
        if p.known.contains(value) { return true }
        return p.possible.contains(value) ? nil : false
    }

    /// Whether every member of this real set is in the real set `other`; nil when not known.
    public func isKnownSubset(of other: ValueSet) -> Bool? {
        if isComplete && other.isComplete { return isSubset(of: other) }
        let (a, p) = bounds, (b, q) = other.bounds
        // True when all this set may hold is surely in `other`; false when it surely holds
        // something `other` cannot.
        if case .only(let possible) = p, possible.isSubset(of: b) { return true }
        if !q.outside(of: a).isEmpty { return false }
        return nil
    }

    /// Whether the real sets are equal; nil when not known.
    public func isKnownEqual(to other: ValueSet) -> Bool? {
        if isComplete && other.isComplete { return self == other }
        let ab = isKnownSubset(of: other), ba = other.isKnownSubset(of: self)
        if ab == false || ba == false { return false }
        if ab == true && ba == true { return true }
        return nil
    }

    /// The values that are surely not members of an incomplete set that may miss members: the EU's
    /// members for `unga_78_265.cosponsors - eu`. Empty for any other set.
    var excludedMembers: ValueSet {
        guard case .partial(let p) = storage, case .allBut(let excluded) = p.possible else { return ValueSet() }
        return excluded
    }

    /// Whether `value` is listed but may not be a member: it prints with a `?`.
    func isUncertain(_ value: Value) -> Bool {
        guard case .partial(let p) = storage, case .only = p.possible else { return false }
        return !p.known.contains(value)
    }

    /// What the REPL and printed output add after an incomplete set's elements:
    /// ` (incomplete: may miss members; 19 named of 91 reported)`; empty for a complete set.
    public var incompletenessNote: String {
        isComplete ? "" : " (incomplete: \(incompletenessReason.dropFirst(3)))"
    }

    /// The set's incompleteness in a message: `it may miss members; 19 named of 91 reported`.
    var incompletenessReason: String {
        guard let incompleteness else { return "it is complete" }
        var reason = "it \(incompleteness.summary)"
        if let reported = incompleteness.reportedCount { reason += "; \(count) named of \(reported) reported" }
        return reason
    }
}

extension Value {
    /// An incomplete set's listed elements as a complete set; any other value as it is.
    var listedElements: Value {
        guard case .set(let s) = self, !s.isComplete else { return self }
        return .set(s.listed)
    }
}

/// The errors of questions an incomplete set cannot answer; each names the function that can.
enum Incomplete {
    static func membership(_ element: Value, _ set: ValueSet) -> SummitError {
        let what = set.contains(element) ? "it is listed with a ?, as one that may not be a member"
            : "it is not listed, and the set is incomplete (\(set.incompletenessReason))"
        return SummitError(.runtime, """
            not known whether \(element) is in this set: \(what); \
            `x in listed(s)` asks about the listed elements, `x in confirmed(s)` about the members known
            """)
    }

    static func count(_ set: ValueSet) -> SummitError {
        SummitError(.runtime, """
            the number of elements of an incomplete set is not known (\(set.incompletenessReason)); \
            listed_count(s) is the number it lists, reported_count(s) the number sources report
            """)
    }

    static func elements(_ set: ValueSet, _ what: String) -> SummitError {
        SummitError(.runtime, """
            \(what) an incomplete set as if it were whole (\(set.incompletenessReason)); \
            listed(s) is the complete set of the elements it lists, confirmed(s) of the members known
            """)
    }

    static func comparison(_ op: String, _ a: ValueSet, _ b: ValueSet) -> SummitError {
        let set = a.isComplete ? b : a
        return SummitError(.runtime, """
            not known whether '\(op)' holds: a set is incomplete (\(set.incompletenessReason)); \
            compare listed(s) or confirmed(s) instead
            """)
    }
}
