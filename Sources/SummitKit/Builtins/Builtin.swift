// A function implemented in Swift that Summit code calls like any other.

/// A built-in function: its name, its doc string, how many arguments it takes, and its body.
///
/// The body throws a `SummitError` without a location; the interpreter adds the place of the call.
/// A class, so that a function value holds one reference to it rather than a copy of its fields.
final class Builtin: Sendable {
    let name: String
    /// The signature and a one-line summary, then any detail: `count(xs)\nThe number of elements...`
    let doc: String
    let arity: ClosedRange<Int>
    let body: @Sendable (_ args: [Value], _ context: CallContext) throws -> Value

    init(name: String, doc: String, arity: ClosedRange<Int>,
         body: @escaping @Sendable (_ args: [Value], _ context: CallContext) throws -> Value) {
        self.name = name
        self.doc = doc
        self.arity = arity
        self.body = body
    }
}
