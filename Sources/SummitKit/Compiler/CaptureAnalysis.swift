// A first pass over a chunk that finds the variables some inner function uses. Only those live in
// boxes; every other local is a plain stack slot. Its scoping rules mirror the compiler's exactly.

/// Finds the declarations (keyed by the offset of their name) that an inner function captures.
struct CaptureAnalysis {
    private struct Declaration {
        let key: Int
        let function: Int
    }

    private var scopes: [[String: Declaration]] = []
    private var functionLevel = 0
    private(set) var captured = Set<Int>()

    /// The key of a `where` predicate's `it`, which has no name in the source.
    static func itKey(_ whereSpan: Span) -> Int { -1 - whereSpan.start }

    /// Analyses a chunk whose top-level bindings are globals, not locals.
    static func analyse(_ statements: [Stmt]) -> Set<Int> {
        var analysis = CaptureAnalysis()
        for statement in statements { analysis.topLevel(statement) }
        return analysis.captured
    }

    private mutating func topLevel(_ statement: Stmt) {
        switch statement {
        case .binding(_, _, let value, _, _): expression(value)
        case .function(let decl): function(decl)
        default: self.statement(statement)
        }
    }

    private mutating func declare(_ name: String, key: Int) {
        if scopes.isEmpty { return }  // a global
        scopes[scopes.count - 1][name] = Declaration(key: key, function: functionLevel)
    }

    private mutating func use(_ name: String) {
        for scope in scopes.reversed() {
            if let declaration = scope[name] {
                if declaration.function < functionLevel { captured.insert(declaration.key) }
                return
            }
        }
    }

    private mutating func scoped(_ body: (inout CaptureAnalysis) -> Void) {
        scopes.append([:])
        body(&self)
        scopes.removeLast()
    }

    private mutating func block(_ block: Block) {
        scoped { analysis in for statement in block.statements { analysis.statement(statement) } }
    }

    private mutating func function(_ decl: FunctionDecl) {
        functionLevel += 1
        scoped { analysis in
            for parameter in decl.parameters { analysis.declare(parameter.name, key: parameter.span.start) }
            analysis.block(decl.body)
        }
        functionLevel -= 1
    }

    private mutating func statement(_ statement: Stmt) {
        switch statement {
        case .expression(let e): expression(e)
        case .binding(let name, let nameSpan, let value, _, _):
            expression(value)
            declare(name, key: nameSpan.start)
        case .assign(let target, _, let value, _):
            expression(target)
            expression(value)
        case .function(let decl):
            declare(decl.name, key: decl.span.start)
            function(decl)
        case .return(let value, _):
            if let value { expression(value) }
        case .break, .continue, .import:
            break
        case .for(let name, let nameSpan, let sequence, let body, _):
            expression(sequence)
            scoped { analysis in
                analysis.declare(name, key: nameSpan.start)
                analysis.block(body)
            }
        case .while(let condition, let body, _):
            expression(condition)
            block(body)
        }
    }

    private mutating func expression(_ expr: Expr) {
        switch expr {
        case .literal: break
        case .string(let parts, _):
            for case .interpolation(let e) in parts { expression(e) }
        case .name(let name, _): use(name)
        case .list(let items, _), .set(let items, _): items.forEach { expression($0) }
        case .record(let fields, _): fields.forEach { expression($0.value) }
        case .negate(let e, _), .not(let e, _), .member(let e, _, _): expression(e)
        case .binary(_, let a, let b, _), .and(let a, let b, _), .or(let a, let b, _), .index(let a, let b, _):
            expression(a)
            expression(b)
        case .where(let source, let predicate, let span):
            expression(source)
            scoped { analysis in
                analysis.declare("it", key: CaptureAnalysis.itKey(span))
                analysis.expression(predicate)
            }
        case .call(let callee, let arguments, _):
            expression(callee)
            arguments.forEach { expression($0) }
        case .slice(let object, let start, let end, let step, _):
            expression(object)
            for part in [start, end, step] { if let part { expression(part) } }
        case .try(let body, let fallback, _, _):
            expression(body)
            expression(fallback)
        case .function(let decl): function(decl)
        case .if(let condition, let then, let otherwise, _):
            expression(condition)
            block(then)
            if let otherwise { expression(otherwise) }
        case .block(let b): block(b)
        }
    }
}
