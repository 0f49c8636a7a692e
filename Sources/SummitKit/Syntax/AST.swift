// The syntax tree. Every node carries its span, so every error can point at its source.

enum BinaryOp: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case union = "|", intersection = "&", symmetricDifference = "^"
    case `in` = "in", notIn = "not in"

    /// Whether the operator compares: `==`, `!=`, `<`, `<=`, `>`, `>=`.
    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
        default: false
        }
    }

    /// Whether the operator combines sets (as well as numbers): `|`, `&`, `^`, `-`.
    var isSetOperator: Bool {
        switch self {
        case .union, .intersection, .symmetricDifference, .subtract: true
        default: false
        }
    }
}

/// One piece of a string literal: text with its escapes read, or an interpolated expression.
enum StringPart {
    case text(String)
    case interpolation(Expr)
}

indirect enum Expr {
    case literal(Value, Span)
    case string([StringPart], Span)
    case name(String, Span)
    case list([Expr], Span)
    case set([Expr], Span)
    case record([(key: String, value: Expr)], Span)
    case negate(Expr, Span)
    case not(Expr, Span)
    case binary(BinaryOp, Expr, Expr, Span)
    case and(Expr, Expr, Span)
    case or(Expr, Expr, Span)
    /// `xs where pred`: inside `pred`, `it` is the element and a bare name may be one of its members.
    case `where`(Expr, Expr, Span)
    case call(Expr, [Expr], Span)
    /// `object.name`; the span is the name's.
    case member(Expr, String, Span)
    case index(Expr, Expr, Span)
    /// `xs[start:end:step]`, each part optional, as Python reads it.
    case slice(Expr, Expr?, Expr?, Expr?, Span)
    /// `try body else fallback`: the fallback's value when the body fails with a runtime error.
    /// With `else e => ...` (`bindsError`), the fallback is a function of one parameter, called
    /// with the error's message.
    case `try`(Expr, Expr, bindsError: Bool, Span)
    case function(FunctionDecl)
    case `if`(Expr, Block, Expr?, Span)
    case block(Block)

    var span: Span {
        switch self {
        case .literal(_, let s), .string(_, let s), .name(_, let s), .list(_, let s), .set(_, let s),
             .record(_, let s), .negate(_, let s), .not(_, let s), .binary(_, _, _, let s),
             .and(_, _, let s), .or(_, _, let s), .where(_, _, let s), .call(_, _, let s),
             .index(_, _, let s), .slice(_, _, _, _, let s), .try(_, _, _, let s), .if(_, _, _, let s):
            return s
        case .member(let object, _, let s): return object.span.to(s)
        case .function(let decl): return decl.span
        case .block(let block): return block.span
        }
    }
}

/// A function: `fn name(a, b) { ... }`, `fn name(a) = expr`, `x => expr` or `(a, b) => expr`.
final class FunctionDecl {
    let name: String
    let parameters: [(name: String, span: Span)]
    let body: Block
    let span: Span

    init(name: String, parameters: [(name: String, span: Span)], body: Block, span: Span) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.span = span
    }
}

struct Block {
    var statements: [Stmt]
    var span: Span
}

enum AssignOp { case set, add, subtract }

enum Stmt {
    case expression(Expr)
    /// `let x = e` or `var x = e`.
    case binding(name: String, nameSpan: Span, value: Expr, mutable: Bool, span: Span)
    /// `target = e`, `target += e`; the target is a name, a member or an index.
    case assign(target: Expr, op: AssignOp, value: Expr, span: Span)
    case function(FunctionDecl)
    case `return`(Expr?, Span)
    case `break`(Span)
    case `continue`(Span)
    case `for`(name: String, nameSpan: Span, sequence: Expr, body: Block, span: Span)
    case `while`(Expr, Block, Span)
    /// `import "path.summit"` (`isPath`) or `import name` (a module of the standard library).
    case `import`(String, isPath: Bool, Span)

    var span: Span {
        switch self {
        case .expression(let e): return e.span
        case .binding(_, _, _, _, let s), .assign(_, _, _, let s), .return(_, let s), .break(let s),
             .continue(let s), .for(_, _, _, _, let s), .while(_, _, let s), .import(_, _, let s):
            return s
        case .function(let decl): return decl.span
        }
    }
}
