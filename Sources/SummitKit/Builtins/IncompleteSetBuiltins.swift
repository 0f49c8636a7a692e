// The built-ins that ask an incomplete set what it does know: `listed(s)`, `listed_count(s)`,
// `reported_count(s)` and `is_complete(s)` (`confirmed(s)`, of the fact base, gives the members
// known). On a complete set they answer as for its elements.

extension Builtin {
    /// The set argument of one of these functions, or an error naming it.
    private static func setArgument(_ value: Value, _ function: String) throws -> ValueSet {
        guard case .set(let s) = value else { throw typeError(function, 1, expected: "set", got: value) }
        return s
    }

    static let incompleteSets: [Builtin] = [
        Builtin(name: "listed", doc: """
            listed(s)
            The elements a set lists, as a complete set: of delhi.signed, the 19 parties sources name; \
            of g7 - delhi.signed, those that may not have signed (printed with a ?).
              listed(delhi.signed) - g7
            """) { x in
            .set(try setArgument(x, "listed").listed)
        },
        Builtin(name: "listed_count", doc: """
            listed_count(s)
            How many elements a set lists: count(s) for a complete set.
              listed_count(delhi.signed)    # 19
            """) { x in
            .int(try setArgument(x, "listed_count").count)
        },
        Builtin(name: "reported_count", doc: """
            reported_count(s)
            How many members sources report an incomplete set to have; count(s) for a complete set, \
            nil when no count is reported.
              reported_count(delhi.signed)    # 91
            """) { x in
            let s = try setArgument(x, "reported_count")
            guard let incompleteness = s.incompleteness else { return .int(s.count) }
            return incompleteness.reportedCount.map(Value.int) ?? .null
        },
        Builtin(name: "is_complete", doc: """
            is_complete(s)
            Whether a set is the whole of what it stands for; false for one known only in part.
              is_complete(g7 - delhi.signed)    # false
            """) { x in
            .bool(try setArgument(x, "is_complete").isComplete)
        },
    ]
}
