// A function implemented in Swift that Summit code calls like any other.

/// A built-in function: its name, its doc string, how many arguments it takes, and its body.
///
/// The body throws a `SummitError` without a location; the interpreter adds the place of the call.
struct Builtin: Sendable {
    let name: String
    /// The signature and a one-line summary, then any detail: `count(xs)\nThe number of elements...`
    let doc: String
    let arity: ClosedRange<Int>
    let body: @Sendable (_ args: [Value], _ context: CallContext) throws -> Value
}
