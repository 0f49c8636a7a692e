// The compiler's expressions: operators with fast paths for numbers, calls, `where`, and the
// special forms `source(x)` and `help(x)`, which look at the expression rather than its value.

extension Compiler {
    mutating func expression(_ expr: Expr) -> Code {
        let file = self.file
        // The parser bounds nesting, but a thread with a small stack may hold less than that.
        if Runtime.stackAddress() < runtime.stackLimit {
            if !errors.contains(where: { $0.message.hasPrefix("nesting too deep") }) {
                error("nesting too deep for this thread's stack", expr.span)
            }
            return { _ in .null }
        }
        switch expr {
        case .literal(let value, _):
            return { _ in value }

        case .string(let parts, let span):
            let pieces: [Code] = parts.map { part in
                switch part {
                case .text(let text): return { _ in .string(text) }
                case .interpolation(let e): return expression(e)
                }
            }
            return { rt in
                var out = ""
                for piece in pieces {
                    try piece(rt).write(to: &out, quoted: false)
                    if out.utf8.count > rt.limits.maxStringSize { try rt.checkString(out.utf8.count, span, file) }
                }
                return .string(out)
            }

        case .name(let name, let span):
            return variable(name, span)

        case .list(let items, _):
            let codes = items.map { expression($0) }
            return { rt in
                var list: [Value] = []
                list.reserveCapacity(codes.count)
                for code in codes { list.append(try code(rt)) }
                return .list(list)
            }

        case .set(let items, _):
            let codes = items.map { expression($0) }
            return { rt in
                var set = ValueSet()
                for code in codes { set.insert(try code(rt)) }
                return .set(set)
            }

        case .record(let fields, _):
            let codes = fields.map { ($0.key, expression($0.value)) }
            return { rt in
                var record = Record()
                for (key, code) in codes { record[key] = try code(rt) }
                return .record(record)
            }

        case .negate(let operand, let span):
            let code = expression(operand)
            return { rt in
                let value = try code(rt)
                if case .int(let i) = value, i != .min { return .int(-i) }
                return try Compiler.located(span, file) { try Operators.negate(value) }
            }

        case .not(let operand, _):
            let test = condition(operand, "not")
            return { rt in .bool(!(try test(rt))) }

        case .and(let left, let right, _):
            let (a, b) = (condition(left, "and"), condition(right, "and"))
            return { rt in .bool(try a(rt) && b(rt)) }

        case .or(let left, let right, _):
            let (a, b) = (condition(left, "or"), condition(right, "or"))
            return { rt in .bool(try a(rt) || b(rt)) }

        case .binary(let op, let left, let right, let span):
            return binary(op, expression(left), expression(right), span)

        case .where(let source, let predicate, let span):
            return whereFilter(source, predicate, span)

        case .call(let callee, let arguments, let span):
            return call(callee, arguments, span)

        case .member(let object, let name, let span):
            let code = expression(object)
            return { rt in
                let value = try code(rt)
                if case .entity(let e) = value, let member = e[name] { return member }
                if case .record(let r) = value, let member = r[name] { return member }
                return try Compiler.located(span, file) { try Operators.member(value, name) }
            }

        case .index(let object, let index, let span):
            let (container, key) = (expression(object), expression(index))
            return { rt in
                let c = try container(rt), k = try key(rt)
                if case .list(let l) = c, case .int(let i) = k, i >= 0, i < l.count { return l[i] }
                return try Compiler.located(span, file) { try Operators.index(c, k) }
            }

        case .function(let decl):
            return function(decl)

        case .if(let condition, let then, let otherwise, _):
            let test = self.condition(condition, "if")
            let yes = block(then)
            let no = otherwise.map { expression($0) } ?? { _ in .null }
            return { rt in try test(rt) ? yes(rt) : no(rt) }

        case .block(let b):
            return block(b)
        }
    }

    /// Code for a condition, which must be a boolean.
    mutating func condition(_ expr: Expr, _ what: String) -> (Runtime) throws -> Bool {
        let code = expression(expr)
        let file = self.file, span = expr.span
        return { rt in
            let value = try code(rt)
            guard case .bool(let b) = value else {
                throw SummitError(.runtime, "'\(what)' needs true or false, got \(value.typeName) \(value.description.prefix(40))",
                                  at: span, in: file)
            }
            return b
        }
    }

    /// A name: a variable, or inside a `where` predicate, a member of the element if it has one.
    private mutating func variable(_ name: String, _ span: Span) -> Code {
        let file = self.file
        if let (it, depth) = function.predicates.last, name != "it",
           !function.scopes[depth...].contains(where: { $0[name] != nil }) {
            let element = Compiler.read(it.place, name: "it", span: span, file: file)
            let fallback = Compiler.read(resolve(name).place, name: name, span: span, file: file)
            return { rt in
                switch try element(rt) {
                case .entity(let e): if let member = e[name] { return member }
                case .record(let r): if let member = r[name] { return member }
                default: break
                }
                return try fallback(rt)
            }
        }
        return Compiler.read(resolve(name).place, name: name, span: span, file: file)
    }

    private func binary(_ op: BinaryOp, _ a: @escaping Code, _ b: @escaping Code, _ span: Span) -> Code {
        let file = self.file
        switch op {
        case .add:
            return { rt in
                let x = try a(rt), y = try b(rt)
                if case .int(let i) = x, case .int(let j) = y {
                    let (sum, overflow) = i.addingReportingOverflow(j)
                    if !overflow { return .int(sum) }
                }
                return try Compiler.located(span, file) { try Operators.add(x, y, rt.limits) }
            }
        case .subtract:
            return { rt in
                let x = try a(rt), y = try b(rt)
                if case .int(let i) = x, case .int(let j) = y {
                    let (difference, overflow) = i.subtractingReportingOverflow(j)
                    if !overflow { return .int(difference) }
                }
                return try Compiler.located(span, file) { try Operators.subtract(x, y) }
            }
        case .multiply:
            return { rt in
                let x = try a(rt), y = try b(rt)
                if case .int(let i) = x, case .int(let j) = y {
                    let (product, overflow) = i.multipliedReportingOverflow(by: j)
                    if !overflow { return .int(product) }
                }
                return try Compiler.located(span, file) { try Operators.multiply(x, y, rt.limits) }
            }
        case .divide:
            return { rt in
                let x = try a(rt), y = try b(rt)
                return try Compiler.located(span, file) { try Operators.divide(x, y) }
            }
        case .remainder:
            return { rt in
                let x = try a(rt), y = try b(rt)
                if case .int(let i) = x, case .int(let j) = y, j > 0 { return .int(i % j) }
                return try Compiler.located(span, file) { try Operators.remainder(x, y) }
            }
        case .equal:
            return { rt in .bool(try a(rt) == b(rt)) }
        case .notEqual:
            return { rt in .bool(try a(rt) != b(rt)) }
        case .less, .lessEqual, .greater, .greaterEqual:
            return { rt in
                let x = try a(rt), y = try b(rt)
                if case .int(let i) = x, case .int(let j) = y {
                    switch op {
                    case .less: return .bool(i < j)
                    case .lessEqual: return .bool(i <= j)
                    case .greater: return .bool(i > j)
                    default: return .bool(i >= j)
                    }
                }
                return .bool(try Compiler.located(span, file) { try Operators.compare(op, x, y) })
            }
        case .union, .intersection, .symmetricDifference:
            return { rt in
                let x = try a(rt), y = try b(rt)
                let result = try Compiler.located(span, file) { try Operators.setOperation(op, x, y) }
                if case .set(let s) = result, s.count > rt.limits.maxCollectionSize { try rt.checkSize(s.count, span, file) }
                return result
            }
        case .in, .notIn:
            let negate = op == .notIn
            return { rt in
                let x = try a(rt), y = try b(rt)
                return .bool(try Compiler.located(span, file) { try Operators.contains(y, x) } != negate)
            }
        }
    }

    /// `source where predicate`: the elements for which the predicate is true, as a list or a set.
    private mutating func whereFilter(_ source: Expr, _ predicate: Expr, _ span: Span) -> Code {
        let elements = expression(source)
        return withScope { compiler in
            let it = compiler.declareLocal("it", key: CaptureAnalysis.itKey(span), mutable: false)
            compiler.function.predicates.append((it, compiler.function.scopes.count - 1))
            let test = compiler.condition(predicate, "where")
            compiler.function.predicates.removeLast()
            let store = Compiler.write(it.place, defining: true)
            let file = compiler.file, sourceSpan = source.span
            return { rt in
                let value = try elements(rt)
                var kept: [Value] = []
                for element in try Compiler.elements(of: value, forLoop: false, sourceSpan, file) {
                    try rt.step(span, file)
                    store(rt, element)
                    if try test(rt) { kept.append(element) }
                }
                if case .set = value { return .set(ValueSet(kept)) }
                return .list(kept)
            }
        }
    }

    // MARK: Calls

    private mutating func call(_ callee: Expr, _ arguments: [Expr], _ span: Span) -> Code {
        let file = self.file
        if case .name(let name, let nameSpan) = callee, function.lookup(name) == nil,
           let special = specialForm(name, nameSpan, arguments, span) {
            return special
        }
        // `place.append(x)` changes the list in place.
        if case .member(let object, "append", _) = callee, arguments.count == 1, isPlace(object),
           let place = modifier(forAppend: object) {
            let element = expression(arguments[0])
            return { rt in
                let value = try element(rt)
                try place(rt) { container in
                    guard case .list(var list) = container else {
                        throw SummitError(.runtime, "append needs a list, got \(container.typeName)", at: span, in: file)
                    }
                    container = .null
                    if list.count >= rt.limits.maxCollectionSize { try rt.checkSize(list.count + 1, span, file) }
                    list.append(value)
                    container = .list(list)
                }
                return .null
            }
        }
        let function = expression(callee)
        let codes = arguments.map { expression($0) }
        let count = codes.count
        let calleeName: String? = if case .name(let n, _) = callee { n } else { nil }
        return { rt in
            let target = try function(rt)
            guard case .function(let f) = target else {
                let what = calleeName.map { " ('\($0)' is \(target.typeName))" } ?? ""
                throw SummitError(.runtime, "cannot call \(target.typeName)\(what)", at: span, in: file)
            }
            let argumentBase = rt.top
            rt.reserve(count)
            for code in codes {
                let value = try code(rt)
                rt.stack[rt.top] = value
                rt.top += 1
            }
            return try rt.invoke(f, argumentBase: argumentBase, count: count, span, file)
        }
    }

    private func isPlace(_ expr: Expr) -> Bool {
        switch expr {
        case .name: return true
        case .member(let object, _, _), .index(let object, _, _): return isPlace(object)
        default: return false
        }
    }

    private mutating func modifier(forAppend object: Expr) -> ((Runtime, (inout Value) throws -> Void) throws -> Void)? {
        let before = errors.count
        let place = modifier(object)
        return errors.count == before ? place : nil
    }

    /// `source(x)` and `help(x)` read their argument as an expression; `doc(x)` reads a name too.
    private mutating func specialForm(_ name: String, _ nameSpan: Span, _ arguments: [Expr], _ span: Span) -> Code? {
        guard name == "source" || name == "help" || name == "doc" else { return nil }
        let slot = runtime.globalIndex[name]
        // A user's own `source` or `help` is called like any function.
        if let slot, runtime.globalDefined[slot], case .function(let f) = runtime.globals[slot],
           case .closure = f.kind { return nil }
        guard arguments.count == 1 else {
            error("\(name)(x) takes one argument, got \(arguments.count)", span)
            return { _ in .null }
        }
        let argument = arguments[0]
        if name == "source" { return provenance(argument, span) }
        let value = expression(argument)
        let named: String? = if case .name(let n, _) = argument { n } else { nil }
        let isHelp = name == "help"
        return { rt in
            let text = try rt.documentation(of: value(rt), named: named)
            if isHelp {
                rt.output(text + "\n")
                return .null
            }
            return .string(text)
        }
    }
}
