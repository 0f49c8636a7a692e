// The built-ins that ask an incomplete set what it does know: `named(s)`, `named_count(s)`,
// `reported_count(s)` and `is_complete(s)`. On a complete set they answer as for its elements.

extension Builtin {
    /// The set argument of one of these functions, or an error naming it.
    private static func setArgument(_ value: Value, _ function: String) throws -> ValueSet {
        guard case .set(let s) = value else { throw typeError(function, 1, expected: "set", got: value) }
        return s
    }

    static let incompleteSets: [Builtin] = [
        Builtin(name: "named", doc: """
            named(s)
            The elements a set lists, as a complete set: for an incomplete set such as delhi.signed, \
            the ones sources name.
              named(delhi.signed) - g7
            """) { x in
            .set(try setArgument(x, "named").listed)
        },
        Builtin(name: "named_count", doc: """
            named_count(s)
            How many elements a set lists: count(s) for a complete set, the number named for an incomplete one.
              named_count(delhi.signed)    # 19
            """) { x in
            .int(try setArgument(x, "named_count").count)
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
