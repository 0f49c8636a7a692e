// Sets known only in part. `delhi.signed` names 19 of the 91 parties reported to have signed: such a
// set keeps the elements it lists and how the real set may differ from them. The set operators carry
// that through (`g7 - delhi.signed` may hold non-members), and every question whose answer depends on
// what is not listed (`Brazil in delhi.signed`, `count(...)`, `==`) is answered "not known", never
// with the listed part's answer. A complete set has no `PartialSet` and pays nothing for this.

/// How a set that is known only in part may differ from the real set it stands for.
///
/// A set of the named signatories of a declaration "may miss members"; the countries of a group
/// minus those signatories "may hold non-members" (some listed ones may have signed unnamed).
public struct Incompleteness: Sendable, Hashable {
    /// Whether the real set may have members that are not listed.
    public var mayMiss: Bool
    /// Whether some listed elements may not be members of the real set.
    public var mayHoldNonMembers: Bool
    /// How many members sources report the real set to have, when known: 91 for `delhi.signed`.
    /// A set made from others by an operator has none.
    public var reportedCount: Int?

    /// An incompleteness; by default that of a list of named members, which may miss others.
    public init(mayMiss: Bool = true, mayHoldNonMembers: Bool = false, reportedCount: Int? = nil) {
        self.mayMiss = mayMiss
        self.mayHoldNonMembers = mayHoldNonMembers
        self.reportedCount = reportedCount
    }

    /// How `a op b` is incomplete, for the listed elements of `a op b`; nil if both are complete.
    ///
    /// A union or an intersection may miss what either operand misses and hold what either holds
    /// wrongly; `a - b` may miss a member of `a` that `b` lists wrongly and hold one that `b` misses;
    /// `a ^ b` may do both as soon as either operand is incomplete.
    static func of(_ op: BinaryOp, _ a: Incompleteness?, _ b: Incompleteness?) -> Incompleteness? {
        if a == nil && b == nil { return nil }
        let missA = a?.mayMiss ?? false, extraA = a?.mayHoldNonMembers ?? false
        let missB = b?.mayMiss ?? false, extraB = b?.mayHoldNonMembers ?? false
        switch op {
        case .union, .intersection:
            return Incompleteness(mayMiss: missA || missB, mayHoldNonMembers: extraA || extraB)
        case .subtract:
            return Incompleteness(mayMiss: missA || extraB, mayHoldNonMembers: extraA || missB)
        default:
            return Incompleteness(mayMiss: true, mayHoldNonMembers: true)
        }
    }

    /// How the listed elements may differ: "may miss members", "may hold non-members" or both.
    public var summary: String {
        switch (mayMiss, mayHoldNonMembers) {
        case (true, true): return "may miss members and hold non-members"
        case (false, true): return "may hold non-members"
        default: return "may miss members"
        }
    }
}

/// The storage of an incomplete set: its listed elements, a complete set, and how it is incomplete.
final class PartialSet: Sendable {
    let listed: ValueSet
    let incompleteness: Incompleteness

    init(listed: ValueSet, incompleteness: Incompleteness) {
        self.listed = listed
        self.incompleteness = incompleteness
    }
}

extension ValueSet {
    /// A set known only in part: `elements` are the ones listed, `incompleteness` how the real set
    /// may differ from them.
    public init<S: Sequence>(_ elements: S, incompleteness: Incompleteness) where S.Element == Value {
        self = ValueSet(elements).marked(incompleteness)
    }

    /// How this set is known only in part, or nil when it is complete (most sets).
    public var incompleteness: Incompleteness? {
        guard case .partial(let p) = storage else { return nil }
        return p.incompleteness
    }

    /// Whether the set is the whole of what it stands for (no `incompleteness`).
    public var isComplete: Bool {
        if case .partial = storage { return false }
        return true
    }

    /// The elements the set lists, as a complete set: the set itself when it is complete.
    public var listed: ValueSet {
        guard case .partial(let p) = storage else { return self }
        return p.listed
    }

    /// This set's listed elements marked with `incompleteness` (nil: complete). A set that may
    /// hold non-members but misses none, and lists nothing, is the empty set, which is complete.
    public func marked(_ incompleteness: Incompleteness?) -> ValueSet {
        let listed = self.listed
        guard let incompleteness, incompleteness.mayMiss || incompleteness.mayHoldNonMembers,
              incompleteness.mayMiss || !listed.isEmpty else { return listed }
        return ValueSet(.partial(PartialSet(listed: listed, incompleteness: incompleteness)))
    }

    /// `op` on the listed elements, marked as the rules of `Incompleteness.of` say; nil when both
    /// sets are complete. The set operators' slow paths call it before anything else.
    func partialResult(_ op: BinaryOp, _ other: ValueSet) -> ValueSet? {
        let a = incompleteness, b = other.incompleteness
        guard a != nil || b != nil else { return nil }
        let x = listed, y = other.listed
        let result: ValueSet
        switch op {
        case .union: result = x.union(y)
        case .intersection: result = x.intersection(y)
        case .subtract: result = x.subtracting(y)
        default: result = x.symmetricDifference(y)
        }
        return result.marked(Incompleteness.of(op, a, b))
    }

    /// Whether `value` is a member of the real set: nil when that is not known (an unlisted value
    /// of a set that may miss members, or a listed one of a set that may hold non-members).
    public func membership(of value: Value) -> Bool? {
        guard case .partial(let p) = storage else { return contains(value) }
        if p.listed.contains(value) { return p.incompleteness.mayHoldNonMembers ? nil : true }
        return p.incompleteness.mayMiss ? nil : false
    }

    /// Whether every member of this real set is in the real set `other`; nil when not known.
    public func isKnownSubset(of other: ValueSet) -> Bool? {
        let a = incompleteness, b = other.incompleteness
        if a == nil && b == nil { return isSubset(of: other) }
        // Known true: all this set may hold is among what `other` surely holds.
        if !(a?.mayMiss ?? false), !(b?.mayHoldNonMembers ?? false), listed.isSubset(of: other.listed) { return true }
        if listed.isEmpty && !(a?.mayMiss ?? false) { return true }
        // Known false: this set surely holds something `other` surely lacks.
        if !(a?.mayHoldNonMembers ?? false), !(b?.mayMiss ?? false), !listed.isSubset(of: other.listed) { return false }
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

    /// What the REPL and printed output add after an incomplete set's elements:
    /// ` (incomplete: may miss members; 19 named of 91 reported)`; empty for a complete set.
    public var incompletenessNote: String {
        guard let incompleteness else { return "" }
        var note = " (incomplete: " + incompleteness.summary
        if let reported = incompleteness.reportedCount { note += "; \(count) named of \(reported) reported" }
        return note + ")"
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
        let listed = set.contains(element)
        let what = listed ? "\(element) is listed, but" : "\(element) is not listed, and"
        return SummitError(.runtime, """
            not known whether \(element) is in this set: \(what) the set is incomplete \
            (\(set.incompletenessReason)); `x in named(s)` asks about the listed elements
            """)
    }

    static func count(_ set: ValueSet) -> SummitError {
        SummitError(.runtime, """
            the number of elements of an incomplete set is not known (\(set.incompletenessReason)); \
            named_count(s) is the number it lists, reported_count(s) the number sources report
            """)
    }

    static func elements(_ set: ValueSet, _ what: String) -> SummitError {
        SummitError(.runtime, """
            \(what) an incomplete set as if it were whole (\(set.incompletenessReason)); \
            named(s) is the complete set of the elements it lists
            """)
    }

    static func comparison(_ op: String, _ a: ValueSet, _ b: ValueSet) -> SummitError {
        let set = a.isComplete ? b : a
        return SummitError(.runtime, """
            not known whether '\(op)' holds: a set is incomplete (\(set.incompletenessReason)); \
            compare named(s) for the listed elements
            """)
    }
}
