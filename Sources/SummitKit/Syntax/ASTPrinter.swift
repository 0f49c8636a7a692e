// Prints a syntax tree back as source text: fully parenthesised, one statement a line, so that
// parsing the text gives the same tree again. The grammar round-trip test compares two trees by
// their printed forms; it is also handy when debugging the parser.

enum ASTPrinter {
    /// A program: its statements, one a line.
    static func print(_ statements: [Stmt]) -> String {
        var out = ""
        for statement in statements { write(statement, indent: "", into: &out) }
        return out
    }

    static func print(_ expr: Expr) -> String {
        var out = ""
        write(expr, into: &out)
        return out
    }

    private static func write(_ statement: Stmt, indent: String, into out: inout String) {
        out += indent
        switch statement {
        case .expression(let e):
            write(e, into: &out)
        case .binding(let name, _, let value, let mutable, _):
            out += (mutable ? "var " : "let ") + name + " = "
            write(value, into: &out)
        case .assign(let target, let op, let value, _):
            write(target, into: &out)
            out += op == .set ? " = " : op == .add ? " += " : " -= "
            write(value, into: &out)
        case .function(let decl):
            function(decl, indent: indent, into: &out)
        case .return(let value, _):
            out += "return"
            if let value {
                out += " "
                write(value, into: &out)
            }
        case .break: out += "break"
        case .continue: out += "continue"
        case .for(let name, _, let sequence, let body, _):
            out += "for \(name) in ("
            write(sequence, into: &out)
            out += ") "
            block(body, indent: indent, into: &out)
        case .while(let condition, let body, _):
            out += "while ("
            write(condition, into: &out)
            out += ") "
            block(body, indent: indent, into: &out)
        case .import(let path, let isPath, _):
            out += "import "
            if isPath { Value.quote(path, into: &out) } else { out += path }
        }
        out += "\n"
    }

    private static func block(_ block: Block, indent: String, into out: inout String) {
        out += "{\n"
        for statement in block.statements { write(statement, indent: indent + "    ", into: &out) }
        out += indent + "}"
    }

    private static func function(_ decl: FunctionDecl, indent: String, into out: inout String) {
        out += decl.name == "<lambda>" ? "fn(" : "fn \(decl.name)("
        out += decl.parameters.map(\.name).joined(separator: ", ") + ") "
        block(decl.body, indent: indent, into: &out)
    }

    private static func write(_ expr: Expr, into out: inout String) {
        switch expr {
        case .literal(.double(let d), _) where d.isInfinite:
            // A literal too large for a double, such as 1e999, is infinite; `inf` would read as a name.
            out += d < 0 ? "(-1e999)" : "(1e999)"
        case .literal(let value, _):
            // A negative number prints as `-1`, which reads back as the same literal.
            out += "(" + value.description + ")"
        case .string(let parts, _):
            out += "\""
            for part in parts {
                switch part {
                case .text(let text):
                    var quoted = ""
                    Value.quote(text, into: &quoted)
                    out += quoted.dropFirst().dropLast()
                case .interpolation(let e):
                    out += "\\("
                    write(e, into: &out)
                    out += ")"
                }
            }
            out += "\""
        case .name(let name, _):
            out += name
        case .list(let items, _):
            out += "["
            list(items, into: &out)
            out += "]"
        case .set(let items, _):
            out += "{"
            list(items, into: &out)
            out += "}"
        case .record(let fields, _):
            out += "{"
            for (i, field) in fields.enumerated() {
                if i > 0 { out += ", " }
                if isPlainName(field.key) { out += field.key } else { Value.quote(field.key, into: &out) }
                out += ": "
                write(field.value, into: &out)
            }
            out += "}"
        case .negate(let operand, _):
            out += "(-"
            write(operand, into: &out)
            out += ")"
        case .not(let operand, _):
            out += "(not "
            write(operand, into: &out)
            out += ")"
        case .binary(let op, let left, let right, _):
            infix(left, op.rawValue, right, into: &out)
        case .and(let left, let right, _):
            infix(left, "and", right, into: &out)
        case .or(let left, let right, _):
            infix(left, "or", right, into: &out)
        case .where(let source, let predicate, _):
            infix(source, "where", predicate, into: &out)
        case .call(let callee, let arguments, _):
            out += "("
            write(callee, into: &out)
            out += ")("
            list(arguments, into: &out)
            out += ")"
        case .member(let object, let name, _):
            out += "("
            write(object, into: &out)
            out += ")." + name
        case .index(let object, let index, _):
            out += "("
            write(object, into: &out)
            out += ")["
            write(index, into: &out)
            out += "]"
        case .slice(let object, let start, let end, let step, _):
            out += "("
            write(object, into: &out)
            out += ")["
            if let start { write(start, into: &out) }
            out += ":"
            if let end { write(end, into: &out) }
            if let step {
                out += ":"
                write(step, into: &out)
            }
            out += "]"
        case .try(let body, let fallback, let bindsError, _):
            out += "(try "
            tryOperand(body, into: &out)
            out += " else "
            if bindsError, case .function(let decl) = fallback {
                out += decl.parameters[0].name + " => "
                block(decl.body, indent: "", into: &out)
            } else {
                tryOperand(fallback, into: &out)
            }
            out += ")"
        case .function(let decl):
            out += "("
            function(decl, indent: "", into: &out)
            out += ")"
        case .if(let condition, let then, let otherwise, _):
            out += "("
            ifExpression(condition, then, otherwise, into: &out)
            out += ")"
        case .block(let b):
            // Only an `else` branch is a bare block; elsewhere it reads as an `if true`.
            out += "(if true "
            block(b, indent: "", into: &out)
            out += ")"
        }
    }

    private static func ifExpression(_ condition: Expr, _ then: Block, _ otherwise: Expr?, into out: inout String) {
        out += "if ("
        write(condition, into: &out)
        out += ") "
        block(then, indent: "", into: &out)
        switch otherwise {
        case nil: break
        case .if(let c, let t, let o, _)?:
            out += " else "
            ifExpression(c, t, o, into: &out)
        case .block(let b)?:
            out += " else "
            block(b, indent: "", into: &out)
        case let other?:
            out += " else { "
            write(other, into: &out)
            out += " }"
        }
    }

    /// A side of `try`: a block as a block, a set or record literal in parentheses (a brace there
    /// opens a block), any other expression as itself.
    private static func tryOperand(_ expr: Expr, into out: inout String) {
        switch expr {
        case .block(let b):
            block(b, indent: "", into: &out)
        case .set, .record:
            out += "("
            write(expr, into: &out)
            out += ")"
        default:
            write(expr, into: &out)
        }
    }

    private static func infix(_ left: Expr, _ op: String, _ right: Expr, into out: inout String) {
        out += "("
        write(left, into: &out)
        out += " \(op) "
        write(right, into: &out)
        out += ")"
    }

    private static func list(_ items: [Expr], into out: inout String) {
        for (i, item) in items.enumerated() {
            if i > 0 { out += ", " }
            write(item, into: &out)
        }
    }

    /// Whether a record key can be written bare: a name that is not a keyword.
    private static func isPlainName(_ key: String) -> Bool {
        guard TokenKind.keyword(key) == nil, !key.isEmpty else { return false }
        let bytes = Array(key.utf8)
        let lexer = Lexer(bytes)
        guard lexer.isIdentifierStart(at: 0) else { return false }
        var i = 0
        while i < bytes.count, lexer.isIdentifierContinue(at: i) { i += lexer.decodeScalar(at: i).length }
        return i == bytes.count
    }
}
