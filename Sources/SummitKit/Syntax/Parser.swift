// The parser: tokens to a syntax tree, by recursive descent with one function per precedence level.
// It recovers at statement boundaries so that one run reports every error it can, and it bounds
// nesting so that no input can exhaust the stack.

struct Parser {
    /// How deeply expressions and blocks may nest: deep enough for any real program, shallow
    /// enough that the parser, compiler and evaluator stay well inside a thread's stack.
    static let maxDepth = 200

    let file: SourceFile
    private var lexer: Lexer
    private var current: Token
    private var previous: Token
    private(set) var errors: [SummitError] = []
    /// Whether an error came from running out of input: the REPL then asks for another line.
    private(set) var endedEarly = false
    /// Newlines are insignificant inside brackets; blocks make them significant again.
    private var bracketDepth = 0
    private var depth = 0
    /// Where the last token that was not a newline ended.
    private var lastTokenEnd = 0
    /// The lowest native stack address the parser may reach (0: unchecked): on a thread with a
    /// small stack, nesting ends in the same error before the stack runs out.
    var stackLimit: UInt = 0
    /// Errors the enclosing parser has reported already, for an interpolation's parser.
    private var priorErrors = 0

    private struct Failure: Error {}

    /// A parser for the whole file or for a range of it; `insideBrackets` skips newlines, as inside
    /// an interpolation.
    init(_ file: SourceFile, from start: Int = 0, to end: Int? = nil, insideBrackets: Bool = false) {
        self.file = file
        lexer = Lexer(file.bytes, from: start, to: end)
        current = Token(kind: .eof, span: Span(start, start))
        previous = current
        bracketDepth = insideBrackets ? 1 : 0
        advance()
    }

    // MARK: Tokens

    private mutating func advance() {
        if current.kind != .newline { lastTokenEnd = current.span.end }
        previous = current
        repeat { current = lexer.next() } while bracketDepth > 0 && current.kind == .newline
    }

    private func check(_ kind: TokenKind) -> Bool { current.kind == kind }

    private mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    private mutating func skipNewlines() {
        while current.kind == .newline { advance() }
    }

    /// The kind of the first token after the current newlines, without consuming anything.
    private func kindAfterNewlines() -> TokenKind {
        var probe = lexer
        var token = current
        while token.kind == .newline { token = probe.next() }
        return token.kind
    }

    private mutating func error(_ message: String, at span: Span) -> Failure {
        // Input that ends too early is reported just after its last token, on a line with text.
        let span = span == current.span && current.kind == .eof ? Span(lastTokenEnd, lastTokenEnd) : span
        if case .error(let lexical) = current.kind, span == current.span {
            record(SummitError.bounded(priorErrors + errors.count, .syntax, lexical, at: span, in: file))
            if lexical == "unterminated string" { endedEarly = true }
        } else {
            record(SummitError.bounded(priorErrors + errors.count, .syntax, message, at: span, in: file))
            if current.kind == .eof { endedEarly = true }
        }
        return Failure()
    }

    private mutating func record(_ error: SummitError?) {
        if let error { errors.append(error) }
    }

    private mutating func expected(_ what: String) -> Failure {
        // `if x = 1` and the like: most likely a comparison was meant.
        error("expected \(what), found \(current.kind.display)\(assignmentHint)", at: current.span)
    }

    /// For an `=` found after a value, where an expression goes on (`if x = 1`), a hint that a
    /// comparison was most likely meant; otherwise nothing.
    private var assignmentHint: String {
        guard current.kind == .equal else { return "" }
        switch previous.kind {
        case .identifier, .int, .double, .string, .rightParen, .rightBracket, .rightBrace, .kwTrue, .kwFalse, .kwNil:
            return "; '=' assigns, and '==' compares"
        default:
            return ""
        }
    }

    private mutating func consume(_ kind: TokenKind, _ what: String) throws -> Token {
        guard check(kind) else { throw expected(what) }
        advance()
        return previous
    }

    private mutating func name(_ what: String) throws -> (String, Span) {
        let token = try consume(.identifier, what)
        return (file.text(of: token.span), token.span)
    }

    /// Opens a bracket: newlines inside it are skipped.
    private mutating func open() {
        bracketDepth += 1
        advance()
    }

    /// Closes a bracket opened at `opening`, naming where it was opened when it is missing.
    private mutating func close(_ kind: TokenKind, opening: Token) throws -> Span {
        guard check(kind) else {
            let (line, column) = file.location(of: opening.span.start)
            throw error("expected \(kind.display) to close \(opening.kind.display) opened at \(line):\(column), found \(current.kind.display)\(assignmentHint)",
                        at: current.span)
        }
        bracketDepth -= 1
        advance()
        return previous.span
    }

    private mutating func nest() throws {
        depth += 1
        if depth > Parser.maxDepth || (stackLimit != 0 && Runtime.stackAddress() < stackLimit) { throw error("nesting too deep (more than \(Parser.maxDepth) levels)", at: current.span) }
    }

    /// How many operators of one kind may follow each other (`a + b + c ...`, `f(x)(y)...`): such a
    /// chain is a tree as deep as it is long for the compiler and the evaluator.
    static let maxChain = 10 * maxDepth

    /// Counts one more link of a left-leaning chain that started at nesting `base`: every ten links
    /// count as one level of nesting, so chains inside chains inside brackets stay bounded too.
    private mutating func link(_ chain: inout Int, base: Int, at span: Span) throws {
        chain += 1
        depth = base + chain / 10
        if depth > Parser.maxDepth {
            throw error("expression too long (more than \(Parser.maxChain) operators in a row)", at: span)
        }
    }

    // MARK: Statements

    /// program -> { statement (NEWLINE | EOF) }
    mutating func parseProgram() -> [Stmt] {
        var statements: [Stmt] = []
        skipNewlines()
        while !check(.eof) {
            if let statement = statementRecovering(endingAt: .eof) { statements.append(statement) }
            skipNewlines()
        }
        return statements
    }

    /// A statement, or nil after an error, with the tokens up to the end of its line skipped.
    private mutating func statementRecovering(endingAt end: TokenKind) -> Stmt? {
        let start = current.span.start
        // The depth of the enclosing blocks: an error thrown from deep inside the statement leaves
        // `depth` wherever it was, and the statement after it starts from here again.
        let savedDepth = depth
        do {
            let statement = try parseStatement()
            if !check(.newline) && !check(.eof) && !check(end) {
                throw expected("end of line after the statement")
            }
            return statement
        } catch {
            depth = savedDepth
            synchronize(insideBlock: end == .rightBrace)
            // Always make progress, even past a stray '}'.
            if current.span.start == start && !check(.eof) && !check(.newline) && !check(end) { advance() }
            if end == .eof && check(.rightBrace) { advance() }
            return nil
        }
    }

    /// Skips to the start of the next statement: the end of the line, or the `}` that closes the
    /// block the statement is in.
    private mutating func synchronize(insideBlock: Bool) {
        bracketDepth = 0
        var braces = 0
        while !check(.eof) && !(check(.newline) && braces == 0) {
            if check(.leftBrace) { braces += 1 }
            if check(.rightBrace) {
                if braces == 0 && insideBlock { return }
                braces = max(0, braces - 1)
            }
            advance()
        }
    }

    /// statement -> let | var | fn | return | break | continue | for | while | import | expr [assignop expr]
    private mutating func parseStatement() throws -> Stmt {
        let start = current.span
        switch current.kind {
        case .kwLet, .kwVar:
            let mutable = current.kind == .kwVar
            advance()
            let (name, nameSpan) = try self.name("a name after '\(mutable ? "var" : "let")'")
            _ = try consume(.equal, "'=' after the name")
            skipNewlines()
            let value = try expression()
            return .binding(name: name, nameSpan: nameSpan, value: value, mutable: mutable, span: start.to(value.span))
        case .kwFn where !nextIsLeftParen():
            advance()
            let (name, _) = try self.name("a function name after 'fn'")
            return .function(try functionRest(name: name, start: start))
        case .kwReturn:
            advance()
            if check(.newline) || check(.eof) || check(.rightBrace) { return .return(nil, start) }
            let value = try expression()
            return .return(value, start.to(value.span))
        case .kwBreak:
            advance()
            return .break(start)
        case .kwContinue:
            advance()
            return .continue(start)
        case .kwFor:
            advance()
            let (name, nameSpan) = try self.name("a loop variable after 'for'")
            _ = try consume(.kwIn, "'in' after the loop variable")
            let sequence = try expression()
            let body = try block()
            return .for(name: name, nameSpan: nameSpan, sequence: sequence, body: body, span: start.to(body.span))
        case .kwWhile:
            advance()
            let condition = try expression()
            let body = try block()
            return .while(condition, body, start.to(body.span))
        case .kwImport:
            advance()
            if check(.string) {
                let token = current
                advance()
                guard case .string(let parts, _) = try stringLiteral(token),
                      parts.allSatisfy({ if case .text = $0 { true } else { false } }) else {
                    throw error("an import path cannot be interpolated", at: token.span)
                }
                let path = parts.map { if case .text(let t) = $0 { t } else { "" } }.joined()
                return .import(path, isPath: true, start.to(token.span))
            }
            let (name, span) = try self.name("a module name or a \"path.summit\" after 'import'")
            return .import(name, isPath: false, start.to(span))
        default:
            break
        }
        let expr = try expression()
        let op: AssignOp
        switch current.kind {
        case .equal: op = .set
        case .plusEqual: op = .add
        case .minusEqual: op = .subtract
        default: return .expression(expr)
        }
        switch expr {
        case .name, .member, .index: break
        case .where where op == .set:
            // `signed where region = "Africa"`: the predicate was meant to compare.
            throw error("'=' assigns, and a 'where' predicate compares: write '==' here", at: current.span)
        default:
            throw error("cannot assign to this expression; only to a name, a member or an element", at: expr.span)
        }
        advance()
        skipNewlines()
        let value = try expression()
        return .assign(target: expr, op: op, value: value, span: expr.span.to(value.span))
    }

    /// Whether the token after the current one is '(': `fn(x) = ...` is an anonymous function.
    private func nextIsLeftParen() -> Bool {
        var probe = lexer
        return probe.next().kind == .leftParen
    }

    /// function -> '(' params ')' ('=' expr | block)
    private mutating func functionRest(name: String, start: Span) throws -> FunctionDecl {
        let opening = current
        guard check(.leftParen) else { throw expected("'(' after the function name") }
        open()
        var parameters: [(name: String, span: Span)] = []
        while !check(.rightParen) {
            let (parameter, span) = try self.name("a parameter name")
            if parameters.contains(where: { $0.name == parameter }) {
                throw error("duplicate parameter '\(parameter)'", at: span)
            }
            parameters.append((parameter, span))
            if !match(.comma) { break }
        }
        _ = try close(.rightParen, opening: opening)
        if match(.equal) {
            skipNewlines()
            let body = try expression()
            return FunctionDecl(name: name, parameters: parameters,
                                body: Block(statements: [.expression(body)], span: body.span),
                                span: start.to(body.span))
        }
        let body = try block()
        return FunctionDecl(name: name, parameters: parameters, body: body, span: start.to(body.span))
    }

    /// block -> '{' { statement NEWLINE } '}'
    private mutating func block() throws -> Block {
        let opening = current
        guard check(.leftBrace) else { throw expected("'{'") }
        try nest()
        defer { depth -= 1 }
        let savedBrackets = bracketDepth
        bracketDepth = 0
        advance()
        var statements: [Stmt] = []
        skipNewlines()
        while !check(.rightBrace) {
            if check(.eof) {
                bracketDepth = savedBrackets
                let (line, column) = file.location(of: opening.span.start)
                throw error("expected '}' to close the block opened at \(line):\(column)", at: current.span)
            }
            if let statement = statementRecovering(endingAt: .rightBrace) { statements.append(statement) }
            skipNewlines()
        }
        bracketDepth = savedBrackets
        advance()
        return Block(statements: statements, span: opening.span.to(previous.span))
    }

    // MARK: Expressions

    /// expr -> where { '|>' where }
    mutating func expression() throws -> Expr {
        try nest()
        defer { depth -= 1 }
        var expr = try whereExpression()
        let base = depth
        defer { depth = base }
        var chain = 0
        while check(.pipeline) || (check(.newline) && kindAfterNewlines() == .pipeline) {
            skipNewlines()
            try link(&chain, base: base, at: current.span)
            advance()
            skipNewlines()
            let function = try whereExpression()
            let span = expr.span.to(function.span)
            if case .call(let callee, let arguments, _) = function {
                expr = .call(callee, [expr] + arguments, span)
            } else {
                expr = .call(function, [expr], span)
            }
        }
        return expr
    }

    /// where -> or { 'where' or }
    private mutating func whereExpression() throws -> Expr {
        var expr = try orExpression()
        let base = depth
        defer { depth = base }
        var chain = 0
        while check(.kwWhere) || (check(.newline) && kindAfterNewlines() == .kwWhere) {
            skipNewlines()
            try link(&chain, base: base, at: current.span)
            advance()
            skipNewlines()
            let predicate = try orExpression()
            expr = .where(expr, predicate, expr.span.to(predicate.span))
        }
        return expr
    }

    /// or -> and { 'or' and }
    private mutating func orExpression() throws -> Expr {
        var expr = try andExpression()
        let base = depth
        defer { depth = base }
        var chain = 0
        while check(.kwOr) {
            try link(&chain, base: base, at: current.span)
            advance()
            skipNewlines()
            let right = try andExpression()
            expr = .or(expr, right, expr.span.to(right.span))
        }
        return expr
    }

    /// and -> not { 'and' not }
    private mutating func andExpression() throws -> Expr {
        var expr = try notExpression()
        let base = depth
        defer { depth = base }
        var chain = 0
        while check(.kwAnd) {
            try link(&chain, base: base, at: current.span)
            advance()
            skipNewlines()
            let right = try notExpression()
            expr = .and(expr, right, expr.span.to(right.span))
        }
        return expr
    }

    /// not -> 'not' not | comparison
    private mutating func notExpression() throws -> Expr {
        if check(.kwNot) {
            let start = current.span
            advance()
            try nest()
            defer { depth -= 1 }
            let operand = try notExpression()
            return .not(operand, start.to(operand.span))
        }
        return try comparison()
    }

    /// comparison -> union [('==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not' 'in') union]
    private mutating func comparison() throws -> Expr {
        let left = try binary(level: 0)
        guard let op = comparisonOperator() else { return left }
        let right = try binary(level: 0)
        let expr = Expr.binary(op, left, right, left.span.to(right.span))
        if comparisonOperator(peekOnly: true) != nil {
            throw error("comparisons cannot be chained; use 'and'", at: current.span)
        }
        return expr
    }

    private mutating func comparisonOperator(peekOnly: Bool = false) -> BinaryOp? {
        let op: BinaryOp
        switch current.kind {
        case .equalEqual: op = .equal
        case .bangEqual: op = .notEqual
        case .less: op = .less
        case .lessEqual: op = .lessEqual
        case .greater: op = .greater
        case .greaterEqual: op = .greaterEqual
        case .kwIn: op = .in
        case .kwNot:
            var probe = lexer
            guard probe.next().kind == .kwIn else { return nil }
            if !peekOnly { advance() }
            op = .notIn
        default: return nil
        }
        if !peekOnly {
            advance()
            skipNewlines()
        }
        return op
    }

    /// The binary operator a token is at a level of precedence, from loosest to tightest:
    /// `|`, `^`, `&`, `+ -`, `* / %`.
    private static func binaryOperator(_ kind: TokenKind, level: Int) -> BinaryOp? {
        switch (level, kind) {
        case (0, .bar): return .union
        case (1, .caret): return .symmetricDifference
        case (2, .ampersand): return .intersection
        case (3, .plus): return .add
        case (3, .minus): return .subtract
        case (4, .star): return .multiply
        case (4, .slash): return .divide
        case (4, .percent): return .remainder
        default: return nil
        }
    }

    /// The number of levels of `binaryOperator`.
    private static let binaryLevels = 5

    /// level n -> level n+1 { op level n+1 }; the last level's operands are unary expressions.
    private mutating func binary(level: Int) throws -> Expr {
        guard level < Parser.binaryLevels else { return try unary() }
        var expr = try binary(level: level + 1)
        let base = depth
        defer { depth = base }
        var chain = 0
        while let op = Parser.binaryOperator(current.kind, level: level) {
            try link(&chain, base: base, at: current.span)
            advance()
            skipNewlines()
            let right = try binary(level: level + 1)
            expr = .binary(op, expr, right, expr.span.to(right.span))
        }
        return expr
    }

    /// unary -> '-' unary | postfix
    private mutating func unary() throws -> Expr {
        if check(.minus) {
            let start = current.span
            advance()
            try nest()
            defer { depth -= 1 }
            let operand = try unary()
            if case .literal(.int(let i), _) = operand { return .literal(.int(-i), start.to(operand.span)) }
            if case .literal(.double(let d), _) = operand { return .literal(.double(-d), start.to(operand.span)) }
            return .negate(operand, start.to(operand.span))
        }
        return try postfix()
    }

    /// postfix -> primary { '(' args ')' | '.' NAME | '[' expr ']' | '[' [expr] ':' [expr] [':' [expr]] ']' }
    private mutating func postfix() throws -> Expr {
        var expr = try primary()
        let base = depth
        defer { depth = base }
        var chain = 0
        while true {
            if check(.leftParen) || check(.leftBracket) || check(.dot)
                || (check(.newline) && kindAfterNewlines() == .dot) {
                try link(&chain, base: base, at: current.span)
            }
            if check(.leftParen) {
                let opening = current
                open()
                var arguments: [Expr] = []
                while !check(.rightParen) {
                    arguments.append(try expression())
                    if !match(.comma) { break }
                }
                let end = try close(.rightParen, opening: opening)
                expr = .call(expr, arguments, expr.span.to(end))
            } else if check(.dot) || (check(.newline) && kindAfterNewlines() == .dot) {
                skipNewlines()
                advance()
                let (member, span) = try name("a member name after '.'")
                expr = .member(expr, member, span)
            } else if check(.leftBracket) {
                let opening = current
                open()
                var index: Expr?
                if !check(.colon) { index = try expression() }
                if let index, !check(.colon) {
                    let end = try close(.rightBracket, opening: opening)
                    expr = .index(expr, index, expr.span.to(end))
                } else {
                    advance()
                    let (end, step) = try sliceRest()
                    let close = try close(.rightBracket, opening: opening)
                    expr = .slice(expr, index, end, step, expr.span.to(close))
                }
            } else {
                return expr
            }
        }
    }

    /// The end and step of a slice, after its first ':': `[expr] [':' [expr]]`, each optional.
    private mutating func sliceRest() throws -> (Expr?, Expr?) {
        var end: Expr?, step: Expr?
        if !check(.colon) && !check(.rightBracket) { end = try expression() }
        if match(.colon), !check(.rightBracket) { step = try expression() }
        return (end, step)
    }

    /// try -> 'try' operand 'else' (NAME '=>' (block | expr) | operand), where an operand is a
    /// block or an expression. A brace there always opens a block, as after `if`: read as a set,
    /// `try { f(x) } else 0` would quietly give `{f(x)}`; a literal goes in parentheses.
    private mutating func tryExpression() throws -> Expr {
        let start = current.span
        advance()
        try nest()
        defer { depth -= 1 }
        let body = try tryOperand()
        if check(.newline) && kindAfterNewlines() == .kwElse { skipNewlines() }
        guard check(.kwElse) else {
            throw expected("'else' and a fallback after 'try' (try expr else fallback)")
        }
        advance()
        skipNewlines()
        if check(.identifier) {
            var probe = lexer
            if probe.next().kind == .arrow {
                let name = current
                advance()
                let handler = try lambdaBody(parameters: [(file.text(of: name.span), name.span)], start: name.span)
                return .try(body, handler, bindsError: true, start.to(handler.span))
            }
        }
        let fallback = try tryOperand()
        return .try(body, fallback, bindsError: false, start.to(fallback.span))
    }

    private mutating func tryOperand() throws -> Expr {
        if check(.leftBrace) {
            if braceStartsRecord() {
                throw error("a brace after 'try' or 'else' opens a block; put a record in parentheses: ({...})", at: current.span)
            }
            return .block(try block())
        }
        return try expression()
    }

    /// Whether the brace at the current token starts a record, `{}` or `{name: ...`; nothing is consumed.
    private func braceStartsRecord() -> Bool {
        var probe = lexer
        var token = probe.next()
        while token.kind == .newline { token = probe.next() }
        if token.kind == .rightBrace { return true }
        guard token.kind == .identifier || token.kind == .string else { return false }
        token = probe.next()
        while token.kind == .newline { token = probe.next() }
        return token.kind == .colon
    }

    /// primary -> literal | NAME | lambda | '(' expr ')' | list | set | record | if | try
    private mutating func primary() throws -> Expr {
        let token = current
        switch token.kind {
        case .int(let i):
            advance()
            return .literal(.int(i), token.span)
        case .double(let d):
            advance()
            return .literal(.double(d), token.span)
        case .kwTrue, .kwFalse:
            advance()
            return .literal(.bool(token.kind == .kwTrue), token.span)
        case .kwNil:
            advance()
            return .literal(.null, token.span)
        case .string:
            advance()
            return try stringLiteral(token)
        case .identifier:
            advance()
            let name = file.text(of: token.span)
            if check(.arrow) {
                return try lambdaBody(parameters: [(name, token.span)], start: token.span)
            }
            return .name(name, token.span)
        case .leftParen:
            if let parameters = lambdaParameters() {
                return try lambdaBody(parameters: parameters, start: token.span)
            }
            open()
            let inner = try expression()
            _ = try close(.rightParen, opening: token)
            return inner
        case .leftBracket:
            open()
            var elements: [Expr] = []
            while !check(.rightBracket) {
                elements.append(try expression())
                if !match(.comma) { break }
            }
            let end = try close(.rightBracket, opening: token)
            return .list(elements, token.span.to(end))
        case .leftBrace:
            return try braceLiteral()
        case .kwIf:
            return try ifExpression()
        case .kwTry:
            return try tryExpression()
        case .kwFn:
            advance()
            return .function(try functionRest(name: "<lambda>", start: token.span))
        case .eof:
            throw error("expected an expression, found end of input", at: token.span)
        default:
            throw expected("an expression")
        }
    }

    /// The parameters of `(a, b) =>`, when the parenthesis starts a lambda; nothing is consumed.
    private func lambdaParameters() -> [(name: String, span: Span)]? {
        var probe = lexer
        var parameters: [(name: String, span: Span)] = []
        var token = probe.next()
        while token.kind == .newline { token = probe.next() }
        if token.kind != .rightParen {
            while true {
                guard token.kind == .identifier else { return nil }
                parameters.append((file.text(of: token.span), token.span))
                token = probe.next()
                while token.kind == .newline { token = probe.next() }
                if token.kind == .rightParen { break }
                guard token.kind == .comma else { return nil }
                token = probe.next()
                while token.kind == .newline { token = probe.next() }
            }
        }
        return probe.next().kind == .arrow ? parameters : nil
    }

    /// lambda -> params '=>' (block | expr); a brace is a block only if it holds statements (`braceIsBlock`)
    private mutating func lambdaBody(parameters: [(name: String, span: Span)], start: Span) throws -> Expr {
        if check(.leftParen) {
            let opening = current
            open()
            while !check(.rightParen) { advance() }
            _ = try close(.rightParen, opening: opening)
        }
        _ = try consume(.arrow, "'=>'")
        var seen = Set<String>()
        for parameter in parameters where !seen.insert(parameter.name).inserted {
            throw error("duplicate parameter '\(parameter.name)'", at: parameter.span)
        }
        skipNewlines()
        try nest()
        defer { depth -= 1 }
        let body: Block
        if check(.leftBrace), braceIsBlock() {
            body = try block()
        } else {
            let expr = try expression()
            body = Block(statements: [.expression(expr)], span: expr.span)
        }
        return .function(FunctionDecl(name: "<lambda>", parameters: parameters, body: body, span: start.to(body.span)))
    }

    /// Whether the brace at the current token, after `=>`, opens a block rather than a literal.
    /// It is a literal as after `fn f(x) =` (see `braceLiteral`: a record when empty or when it
    /// starts with `name:`, a set otherwise), unless it holds statements: a statement keyword
    /// (`let`, `var`, `return`...) or an assignment at its top level, or a line break or `;` there
    /// without a comma (`{ a, b }` over several lines stays a set). Nothing is consumed.
    private func braceIsBlock() -> Bool {
        var probe = lexer
        var token = probe.next()
        var sawBreak = false
        while token.kind == .newline {
            sawBreak = true
            token = probe.next()
        }
        if token.kind == .rightBrace { return false }  // `{}`: a record
        if token.kind == .identifier || token.kind == .string {
            var after = probe
            var next = after.next()
            while next.kind == .newline { next = after.next() }
            if next.kind == .colon { return false }  // `{name: ...}`: a record
        }
        var depth = 0
        while true {
            switch token.kind {
            case .eof: return false  // the literal's parser reports the missing brace
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket: depth -= 1
            case .rightBrace:
                if depth == 0 { return sawBreak }
                depth -= 1
            case .comma where depth == 0: return false  // `{a, b}`: a set
            case .newline where depth == 0: sawBreak = true
            case .kwLet, .kwVar, .kwReturn, .kwFor, .kwWhile, .kwBreak, .kwContinue, .kwImport,
                 .equal, .plusEqual, .minusEqual:
                if depth == 0 { return true }
            case .kwFn where depth == 0:
                // `fn name(...)` is a statement; `fn(x) ...` is an expression.
                var after = probe
                if after.next().kind == .identifier { return true }
            default: break
            }
            token = probe.next()
        }
    }

    /// set -> '{' expr { ',' expr } '}';  record -> '{' [key ':' expr { ',' key ':' expr }] '}'
    private mutating func braceLiteral() throws -> Expr {
        let opening = current
        open()
        try nest()
        defer { depth -= 1 }
        if check(.rightBrace) {
            let end = try close(.rightBrace, opening: opening)
            return .record([], opening.span.to(end))
        }
        var probe = lexer
        var after = probe.next()
        while after.kind == .newline { after = probe.next() }
        let isRecord = (check(.identifier) || check(.string)) && after.kind == .colon
        if isRecord {
            var fields: [(key: String, value: Expr)] = []
            while !check(.rightBrace) {
                let key: String
                let keySpan = current.span
                if check(.string), case .string(let parts, _) = try stringLiteral(current),
                   parts.count <= 1, case .text(let text)? = parts.first ?? .text("") {
                    key = text
                    advance()
                } else {
                    key = try name("a field name").0
                }
                if fields.contains(where: { $0.key == key }) { throw error("duplicate field '\(key)'", at: keySpan) }
                _ = try consume(.colon, "':' after the field name")
                fields.append((key, try expression()))
                if !match(.comma) { break }
            }
            let end = try close(.rightBrace, opening: opening)
            return .record(fields, opening.span.to(end))
        }
        var elements: [Expr] = []
        while !check(.rightBrace) {
            elements.append(try expression())
            if !match(.comma) { break }
        }
        let end = try close(.rightBrace, opening: opening)
        return .set(elements, opening.span.to(end))
    }

    /// if -> 'if' expr block ['else' (if | block)]
    private mutating func ifExpression() throws -> Expr {
        let start = current.span
        advance()
        try nest()
        defer { depth -= 1 }
        let savedBrackets = bracketDepth
        bracketDepth = 0
        defer { bracketDepth = savedBrackets }
        let condition = try expression()
        let then = try block()
        var otherwise: Expr?
        if check(.kwElse) || (check(.newline) && kindAfterNewlines() == .kwElse) {
            skipNewlines()
            advance()
            if check(.kwIf) {
                otherwise = try ifExpression()
            } else {
                otherwise = .block(try block())
            }
        }
        return .if(condition, then, otherwise, start.to(otherwise?.span ?? then.span))
    }

    // MARK: Strings

    /// Reads a string token's escapes and interpolations.
    private mutating func stringLiteral(_ token: Token) throws -> Expr {
        let bytes = file.bytes
        var parts: [StringPart] = []
        var text: [UInt8] = []
        var i = token.span.start + 1
        let end = token.span.end - 1
        func flush() {
            if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self))); text = [] }
        }
        while i < end {
            let byte = bytes[i]
            guard byte == UInt8(ascii: "\\") else {
                // A line break in the literal is a newline, whatever the file's line ends (CRLF).
                if byte != UInt8(ascii: "\r") || i + 1 >= end || bytes[i + 1] != UInt8(ascii: "\n") { text.append(byte) }
                i += 1
                continue
            }
            let escapeStart = i
            i += 1
            guard i < end else { throw error("unfinished escape at the end of the string", at: Span(escapeStart, escapeStart + 1)) }
            switch bytes[i] {
            case UInt8(ascii: "n"): text.append(UInt8(ascii: "\n")); i += 1
            case UInt8(ascii: "t"): text.append(UInt8(ascii: "\t")); i += 1
            case UInt8(ascii: "r"): text.append(UInt8(ascii: "\r")); i += 1
            case UInt8(ascii: "0"): text.append(0); i += 1
            case UInt8(ascii: "\""): text.append(UInt8(ascii: "\"")); i += 1
            case UInt8(ascii: "\\"): text.append(UInt8(ascii: "\\")); i += 1
            case UInt8(ascii: "u"):
                // \u{1F600}
                var j = i + 1
                guard j < end, bytes[j] == UInt8(ascii: "{") else {
                    throw error("expected '{' after \\u", at: Span(escapeStart, i + 1))
                }
                j += 1
                let digitsStart = j
                while j < end, bytes[j] != UInt8(ascii: "}") { j += 1 }
                let digits = String(decoding: bytes[digitsStart..<j], as: UTF8.self)
                guard j < end, digits.count <= 8, let code = UInt32(digits, radix: 16),
                      let scalar = Unicode.Scalar(code) else {
                    throw error("invalid Unicode escape", at: Span(escapeStart, min(j + 1, end)))
                }
                text.append(contentsOf: Array(String(Character(scalar)).utf8))
                i = j + 1
            case UInt8(ascii: "("):
                flush()
                let exprStart = i + 1
                var probe = Lexer(bytes, from: exprStart, to: end)
                var nesting = 1
                var closing = exprStart
                while nesting > 0 {
                    let t = probe.next()
                    switch t.kind {
                    case .leftParen: nesting += 1
                    case .rightParen: nesting -= 1; closing = t.span.start
                    case .eof: throw error("unclosed '\\(' in the string", at: Span(escapeStart, exprStart))
                    default: break
                    }
                }
                var inner = Parser(file, from: exprStart, to: closing, insideBrackets: true)
                inner.depth = depth
                inner.stackLimit = stackLimit
                inner.priorErrors = priorErrors + errors.count
                do {
                    let expr = try inner.expression()
                    if !inner.check(.eof) { throw inner.expected("')' to end the interpolation") }
                    parts.append(.interpolation(expr))
                } catch {
                    errors.append(contentsOf: inner.errors)
                    throw Failure()
                }
                i = closing + 1
            default:
                let (scalar, length) = lexer.decodeScalar(at: i)
                throw error("unknown escape '\\\(scalar.map { String(Character($0)) } ?? "?")' in a string",
                            at: Span(escapeStart, i + length))
            }
        }
        flush()
        return .string(parts, token.span)
    }
}
