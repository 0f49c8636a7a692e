// The compiler's statements: bindings, loops, `return`, `break` and `continue`, blocks, function
// bodies with their tail positions, and the making of functions and their closures.

/// One pass of a `for` loop: binds the loop variable to an element, runs the body, and tells
/// whether the loop goes on. A struct, so that the loop over the elements calls it inline.
struct LoopBody {
    let store: Store
    let run: Code
    let site: Site
    /// The variable's slot when it may hold each entity of a set as the table of ranks holds it,
    /// with no count taken on it (`EntityOrder.Table.byRankValues`): a slot that the body never
    /// assigns, changes in place or declares again (`Block.mayChange`), and so never destroys.
    /// Nil for any other variable, and in the reference mode.
    let heldSlot: Int?

    /// One pass with the element where it is held, so that it is copied once, into the variable.
    @inline(__always)
    func callAsFunction(_ rt: Runtime, elementAt element: UnsafePointer<Value>) throws -> Bool {
        try rt.step(site)
        store(rt, element.pointee)
        _ = try run(rt)
        return rt.control == .none || rt.continuesLoop()
    }

    /// Passes over the entities of a set in display order until the body breaks or returns, as
    /// over the list of them that `Compiler.elements(of:)` makes, with no list: the bits of a
    /// shared set never change, so the body cannot change these.
    @inline(__always)
    func over(entities bits: EntityBits, _ rt: Runtime) throws {
        try passes(rt) { pass in try EntityOrder.forEachHeld(bits, while: pass) }
    }

    /// `over(entities:)` for a body that is `if x in t { ... }` alone, with no `else`, `x` this
    /// loop's variable in a slot (or `if x in t and ...`): an entity that the set of entities `t`
    /// holds at that pass does not have (has, for `not in`) is passed over with its step counted
    /// and nothing stored or run, as the `if` would do nothing with it. The test is the entity's
    /// bit in `t`'s set, which `Membership` tests, here for the ranks of a word of entities at a
    /// time (`EntityOrder.forEach(_:testedIn:...)`), and with `t` read where it is held again
    /// after each pass that runs the body, which may change it; anything else in `t` is left to
    /// the `if`. The steps of the entities passed over are counted, in order, before the next
    /// pass that runs.
    @inline(__always)
    func over<T: Reader>(entities bits: EntityBits, testedIn t: T, negate: Bool, _ rt: Runtime) throws {
        try passes(rt) { pass in
            try EntityOrder.forEach(bits, testedIn: { T.peeks ? t.entityBits(rt) : nil }, negate: negate,
                                    skipped: { try rt.step(site, count: $0) }, pass)
        }
    }

    /// Runs `passes` with the pass to make with each entity, given where the table of ranks holds
    /// it. With `heldSlot`, the variable holds the entity's bits as they are there, with no count
    /// taken and none dropped at the next pass (two atomic instructions a pass): what it held
    /// before the loop is destroyed first, and it is cleared, not destroyed, when the loop ends in
    /// any way. A copy read from it is counted as any copy is.
    @inline(__always)
    private func passes(_ rt: Runtime, _ passes: ((UnsafePointer<Value>) throws -> Bool) throws -> Void) throws {
        guard let slot = heldSlot else { return try passes { element in try self(rt, elementAt: element) } }
        rt.localPointer(slot).pointee = .null
        defer { rt.localPointer(slot).initialize(to: .null) }
        try passes { element in
            UnsafeMutableRawPointer(rt.localPointer(slot)).copyMemory(from: element, byteCount: MemoryLayout<Value>.size)
            try rt.step(site)
            _ = try run(rt)
            return rt.control == .none || rt.continuesLoop()
        }
    }

    /// Passes over `elements` in order until the body breaks or returns. The array holds its own
    /// reference, so the body may change the variable it came from without changing these.
    @inline(__always)
    func over(_ elements: [Value], _ rt: Runtime) throws {
        try elements.withUnsafeBufferPointer { buffer in
            for index in buffer.indices {
                guard try self(rt, elementAt: buffer.baseAddress! + index) else { break }
            }
        }
    }
}

/// A loop's passes over a set of entities when its body is one `if x in t`
/// (`LoopBody.over(entities:testedIn:negate:_:)`).
struct FilteredPasses: ReaderBody {
    let each: LoopBody
    let negate: Bool

    func make<T: Reader>(_ t: T) -> (EntityBits, Runtime) throws -> Void {
        let (each, negate) = (each, negate)
        return { bits, rt in try each.over(entities: bits, testedIn: t, negate: negate, rt) }
    }
}

extension Compiler {
    // MARK: Statements

    mutating func topLevel(_ statement: Stmt) -> Code {
        switch statement {
        case .binding(let name, _, let value, let mutable, _):
            let code = expression(value)
            let slot = runtime.globalSlot(name)
            runtime.globalConstant[slot] = !mutable
            runtime.globalUserBound[slot] = true
            let store = Compiler.write(.global(slot))
            return { rt in
                store(rt, try code(rt))
                return .null
            }
        case .function(let decl):
            let slot = runtime.globalSlot(decl.name)
            runtime.globalConstant[slot] = true
            runtime.globalUserBound[slot] = true
            let make = function(decl)
            let store = Compiler.write(.global(slot))
            return { rt in
                store(rt, try make(rt))
                return .null
            }
        default:
            return self.statement(statement)
        }
    }

    mutating func statement(_ statement: Stmt) -> Code {
        switch statement {
        case .expression(let e):
            return expression(e)

        case .binding(_, let nameSpan, let value, let mutable, _):
            let code = expression(value)
            let local = declareLocal(key: Resolver.key(nameSpan), mutable: mutable)
            let store = Compiler.write(local.place, defining: true)
            return { rt in
                store(rt, try code(rt))
                return .null
            }

        case .function(let decl):
            let local = declareLocal(key: Resolver.key(decl.span), mutable: false)
            let ownBox: Int? = if case .box(let box) = local.place { box } else { nil }
            let make = function(decl, ownBox: ownBox)
            let store = Compiler.write(local.place, defining: true)
            let update = Compiler.write(local.place)
            return { rt in
                store(rt, .null)  // the box exists before the closure captures it
                update(rt, try make(rt))
                return .null
            }

        case .assign(let target, let op, let value, let span):
            return assignment(target, op, value, span)

        case .return(let value, let span):
            if function.isTopLevel {
                error("'return' outside a function", span)
                return { _ in .null }
            }
            let code: Code = if let value { expression(value) } else { { _ in .null } }
            return { rt in
                rt.returnValue = try code(rt)
                rt.control = .returnFromFunction
                return .null
            }

        case .break(let span), .continue(let span):
            let isBreak = if case .break = statement { true } else { false }
            if function.loopDepth == 0 {
                error("'\(isBreak ? "break" : "continue")' outside a loop", span)
                return { _ in .null }
            }
            let control: Control = isBreak ? .breakLoop : .continueLoop
            return { rt in
                rt.control = control
                return .null
            }

        case .for(let name, let nameSpan, let sequence, let body, let span):
            return forLoop(name, nameSpan, sequence, body, span)

        case .while(let condition, let body, let span):
            let test = self.condition(condition, "while")
            function.loopDepth += 1
            let statements = statements(of: body)
            function.loopDepth -= 1
            let site = Site(span, file)
            // A body of two statements, as in `while j <= n { xs[j] = v; j = j + i }`, runs them
            // directly: a chain of closures costs a call and a value on each pass.
            if statements.count == 2 {
                let (first, second) = (statements[0].run, statements[1].run)
                return { rt in
                    while try test(rt) {
                        try rt.step(site)
                        _ = try first(rt)
                        if rt.control == .none { _ = try second(rt) }
                        if rt.control != .none, !rt.continuesLoop() { break }
                    }
                    return .null
                }
            }
            let run = Compiler.sequence(statements)
            return { rt in
                while try test(rt) {
                    try rt.step(site)
                    _ = try run(rt)
                    if rt.control != .none, !rt.continuesLoop() { break }
                }
                return .null
            }

        case .import(let path, let isPath, let span):
            let file = self.file
            return { rt in
                guard let importer = rt.importer else {
                    throw SummitError(.io, "import is not allowed here: the host has not granted file access", at: span, in: file)
                }
                try importer(path, isPath, file, span)
                return .null
            }
        }
    }

    private mutating func forLoop(_ name: String, _ nameSpan: Span, _ sequence: Expr, _ body: Block, _ span: Span) -> Code {
        // `for i in range(...)` counts through the numbers without making their list, when `range`
        // is the built-in one when the loop starts.
        if case .call(.name("range", let rangeSpan), let arguments, let callSpan) = sequence,
           (1...3).contains(arguments.count), !isOwnLocal(at: rangeSpan) {
            let range = operand(.name("range", rangeSpan))
            let bounds = arguments.map { operand($0) }
            let file = self.file, callSite = Site(callSpan, file)
            return loop(name, nameSpan, body, span) { each in
                { rt in
                    let callee = try range.value(rt)
                    guard case .function(let f) = callee else { throw Compiler.cannotCall(callee, "range", callSpan, file) }
                    let values = try bounds.map { try $0.value(rt) }
                    guard case .builtin(let builtin) = f.kind, builtin === Builtin.range else {
                        try each.over(try Compiler.elements(of: try rt.call(callee, values, callSite), forLoop: true, sequence.span, file, rt), rt)
                        return .null
                    }
                    let (numbers, count) = try Compiler.located(callSpan, file) { try Builtin.rangeNumbers(values) }
                    try rt.checkSize(count, callSpan, file)
                    for number in numbers {
                        var element = Value.int(number)
                        guard try each(rt, elementAt: &element) else { break }
                    }
                    return .null
                }
            }
        }
        let source = expression(sequence)
        let file = self.file
        let filter = membershipFilter(of: name, body)
        return loop(name, nameSpan, body, span) { each in
            let overEntities: (EntityBits, Runtime) throws -> Void
            if let filter, case .slot = each.store.place {
                overEntities = filter.set.withReader(FilteredPasses(each: each, negate: filter.negate))
            } else {
                overEntities = { bits, rt in try each.over(entities: bits, rt) }
            }
            return { rt in
                let value = try source(rt)
                if case .set(let set) = value, case .entities(let bits) = set.storage {
                    try overEntities(bits, rt)
                } else {
                    try each.over(try Compiler.elements(of: value, forLoop: true, sequence.span, file, rt), rt)
                }
                return .null
            }
        }
    }

    /// For a loop whose whole body is `if x in t { ... }` or `if x not in t { ... }`, with no
    /// `else`, `x` the loop's variable and `t` a variable or a constant: `t`, and whether the test
    /// is `not in` (`LoopBody.over(entities:testedIn:negate:_:)`). The test may be the first of a
    /// chain of `and`, which looks no further when it is false.
    private mutating func membershipFilter(of variable: String, _ body: Block) -> (set: Operand, negate: Bool)? {
        guard body.statements.count == 1, case .expression(.if(var condition, _, nil, _)) = body.statements[0] else { return nil }
        while case .and(let first, _, _) = condition { condition = first }
        guard case .binary(let op, .name(variable, _), let set, _) = condition, op == .in || op == .notIn else { return nil }
        if case .name(variable, _) = set { return nil }
        return readOperand(set).map { ($0, op == .notIn) }
    }

    /// A `for` loop: `loop` makes the code that goes through the elements, given the loop's body.
    private mutating func loop(_ name: String, _ nameSpan: Span, _ body: Block, _ span: Span,
                               _ loop: (LoopBody) -> Code) -> Code {
        withScope { compiler in
            let local = compiler.declareLocal(key: Resolver.key(nameSpan), mutable: true)
            compiler.function.loopDepth += 1
            let run = compiler.block(body)
            compiler.function.loopDepth -= 1
            var heldSlot: Int?
            if !compiler.reference, case .slot(let slot) = local.place, !body.mayChange(name) { heldSlot = slot }
            return loop(LoopBody(store: Compiler.write(local.place, defining: true), run: run,
                                 site: Site(span, compiler.file), heldSlot: heldSlot))
        }
    }

    /// The elements a `for` loop or `where` goes through: a list in order, a set in display order,
    /// a record's keys, a string's characters.
    static func elements(of value: Value, forLoop: Bool, _ span: Span, _ file: SourceFile, _ rt: Runtime) throws -> [Value] {
        switch value {
        case .list(let l): return l
        case .set(let s):
            // `where` keeps an incomplete set's marks (whereFilter); a loop would drop them.
            if forLoop && !s.isComplete { throw SummitError(.runtime, Incomplete.elements(s, "'for' cannot go through").message, at: span, in: file) }
            let site = Site(span, file)
            return try site.located { try CallContext(runtime: rt, site: site).sorted(s) }
        case .record(let r) where forLoop: return r.keyValues
        case .string(let s) where forLoop: return s.map { .string(String($0)) }
        default:
            let what = forLoop ? "'for' needs a list, set, record or string" : "'where' needs a list or set"
            throw SummitError(.runtime, "\(what), got \(value.typeName)", at: span, in: file)
        }
    }

    // MARK: Blocks and functions

    mutating func block(_ block: Block) -> Code {
        Compiler.sequence(statements(of: block))
    }

    /// A function's body. A `return` in tail position (the body's last statement, or the last of a
    /// branch that ends the body) gives its value directly, with no transfer of control to signal;
    /// `if c { ...; return a }` followed by more statements runs the rest as its `else`.
    private mutating func functionBody(_ block: Block) -> Code {
        withScope { compiler in compiler.tail(block.statements[...]) }
    }

    private mutating func tail(_ statements: ArraySlice<Stmt>) -> Code {
        var codes: [Compiled] = []
        var rest = statements
        while let statement = rest.popFirst() {
            if rest.isEmpty {
                codes.append(Compiled(run: tailStatement(statement)))
            } else if case .expression(.if(let condition, let then, nil, _)) = statement, case .return? = then.statements.last {
                // `if n < 2 { return n }`, with variables or constants, is one closure.
                if !reference, then.statements.count == 1, case .return(let value?, _) = then.statements[0],
                   case .binary(let op, let left, .literal(.int(let k), _), let span) = condition, op.isComparison,
                   let a = readOperand(left), let yes = readOperand(value) {
                    let no = tail(rest)
                    codes.append(a.withReaders(yes, ReturnIfComparedWithConstant(op: op, k: k, site: Site(span, file), no: no)))
                    break
                }
                let test = self.condition(condition, "if")
                // `if c { return x }` with a variable or constant: `x` read in place.
                if then.statements.count == 1, case .return(let value?, _) = then.statements[0],
                   let yes = readOperand(value) {
                    let no = tail(rest)
                    codes.append(Compiled { rt in try test(rt) ? yes.value(rt) : no(rt) })
                    break
                }
                let yes = withScope { $0.tail(then.statements[...]) }
                let no = tail(rest)
                codes.append(Compiled { rt in try test(rt) ? yes(rt) : no(rt) })
                break
            } else {
                codes.append(Compiled(run: self.statement(statement)))
            }
        }
        return Compiler.sequence(codes)
    }

    /// The expression as an operand read in place, when it is a constant, a local's slot or a global.
    private mutating func readOperand(_ expr: Expr) -> Operand? {
        if reference { return nil }
        if let value = Compiler.constant(expr) { return .constant(value) }
        guard case .name(let name, let span) = expr, function.predicates.isEmpty, resolve(name, span).place.variable != nil else {
            return nil
        }
        return operand(expr)
    }

    private mutating func tailStatement(_ statement: Stmt) -> Code {
        switch statement {
        case .return(let value, _):
            guard let value else { return { _ in .null } }
            return expression(value)
        case .expression(.if(let condition, let then, let otherwise, _)):
            let test = self.condition(condition, "if")
            let yes = withScope { $0.tail(then.statements[...]) }
            guard let otherwise else { return { rt in try test(rt) ? yes(rt) : .null } }
            let no: Code = switch otherwise {
            case .block(let block): withScope { $0.tail(block.statements[...]) }
            case .if: tailStatement(.expression(otherwise))
            default: expression(otherwise)
            }
            return { rt in try test(rt) ? yes(rt) : no(rt) }
        default:
            return self.statement(statement)
        }
    }

    /// Runs statements in order, stopping at a `break`, `continue` or `return`; the value is the last
    /// one's. The statements are chained in closures of two, so that a long block makes half as
    /// many calls, rather than walked in an array.
    static func sequence(_ codes: [Compiled]) -> Code {
        guard var chain = codes.last?.run else { return { _ in .null } }
        var before = codes.dropLast()
        while before.count >= 2 {
            let (first, second, rest) = (before[before.endIndex - 2].run, before[before.endIndex - 1].run, chain)
            chain = { rt in
                let value = try first(rt)
                if rt.control != .none { return value }
                _ = consume value  // destroyed now, not kept about the calls after it
                let next = try second(rt)
                if rt.control != .none { return next }
                _ = consume next
                return try rest(rt)
            }
            before = before.dropLast(2)
        }
        if let code = before.last {
            let (first, rest) = (code.run, chain)
            chain = { rt in
                let value = try first(rt)
                if rt.control != .none { return value }
                _ = consume value
                return try rest(rt)
            }
        }
        return chain
    }

    /// Compiles a function; the code makes a closure over the current frame.
    mutating func function(_ decl: FunctionDecl, ownBox: Int? = nil) -> Code {
        // Where its parameters, locals and captures live is the resolver's (Resolver.function).
        let layout = resolution.function(at: Resolver.key(decl.span))!
        let outer = function
        function = FunctionState(isTopLevel: false)
        let body = withScope { compiler in compiler.functionBody(decl.body) }
        function = outer
        let sources = layout.captures
        let selfCapture = ownBox.flatMap { own in
            sources.firstIndex { if case .box(own) = $0 { true } else { false } }
        }
        let prototype = Prototype(name: decl.name, parameterNames: decl.parameters.map(\.name),
                                  frameSize: layout.frameSize, boxCount: layout.boxCount,
                                  parameterBoxes: layout.parameterBoxes, selfCapture: selfCapture, body: body,
                                  span: decl.span, file: file, owner: runtime.serial, memberRead: Compiler.memberRead(decl))
        if sources.isEmpty {
            let made = Value.function(Function(name: decl.name, kind: .closure(prototype, [])))
            return { _ in made }
        }
        return { rt in
            var captures: [Box] = []
            captures.reserveCapacity(sources.count)
            for (index, source) in sources.enumerated() {
                switch source {
                case .box where index == selfCapture: captures.append(Box(.null))  // filled in by each call
                case .box(let box): captures.append(rt.box(box))
                case .capture(let index): captures.append(rt.capture(index))
                }
            }
            return .function(Function(name: prototype.name, kind: .closure(prototype, captures)))
        }
    }
}
