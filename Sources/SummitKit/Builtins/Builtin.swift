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
    /// For a built-in of one argument that calls no Summit code, its body on the argument itself:
    /// `f(x)` with `f` in a global runs it with no array of arguments (see `Compiler.call`).
    let unary: Unary?

    /// A body on one value. In a struct, so that the closure is kept the way it is called: an
    /// optional closure is kept in the generic form, and each call would wrap it in a new thunk.
    struct Unary: Sendable {
        let run: @Sendable (Value) throws -> Value
    }

    init(name: String, doc: String, arity: ClosedRange<Int>,
         body: @escaping @Sendable (_ args: [Value], _ context: CallContext) throws -> Value) {
        self.name = name
        self.doc = doc
        self.arity = arity
        self.body = body
        unary = nil
    }

    /// A built-in of one argument that calls no Summit code and needs no `CallContext`.
    init(name: String, doc: String, unary: @escaping @Sendable (Value) throws -> Value) {
        self.name = name
        self.doc = doc
        arity = 1...1
        body = { args, _ in try unary(args[0]) }
        self.unary = Unary(run: unary)
    }
}
