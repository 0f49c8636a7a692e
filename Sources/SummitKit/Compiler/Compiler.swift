// The compiler: a syntax tree to a tree of Swift closures. Every variable is resolved here, once,
// to a stack slot, a box, a capture or a global slot, so that running code never looks a name up.

/// Compiled code in a form that an array or an optional can hold. A closure stored in a generic
/// container directly is kept there at maximal abstraction and called through two conversion thunks;
/// a struct's stored closure is not.
struct Compiled {
    let run: Code
}

/// A compiled condition, held in a struct for the same reason as `Compiled`.
struct CompiledTest {
    let run: (Runtime) throws -> Bool
}

/// Stores a value in a place: a switch over the place rather than a closure, so that a store
/// (a loop's variable, say) costs no call.
struct Store {
    let place: Place
    /// Whether the store declares the variable: a global becomes defined, and a captured local
    /// gets a new box, so closures made in earlier loop iterations keep theirs.
    let defining: Bool

    @inline(__always)
    func callAsFunction(_ rt: Runtime, _ value: Value) {
        switch place {
        case .slot(let slot): (rt.stack + (rt.base &+ slot)).overwrite(with: value)
        case .box(let box):
            if defining { rt.boxes[rt.boxBase &+ box] = Box(value) } else { rt.boxes[rt.boxBase &+ box].value = value }
        case .capture(let index): rt.captures[index].value = value
        case .global(let slot):
            rt.storeGlobal(slot, value)
            rt.globalDefined[slot] = true
        }
    }
}

/// One pass of a `for` loop: binds the loop variable to an element, runs the body, and tells
/// whether the loop goes on. A struct, so that the loop over the elements calls it inline.
struct LoopBody {
    let store: Store
    let run: Code
    let site: Site

    /// One pass with the element where it is held, so that it is copied once, into the variable.
    @inline(__always)
    func callAsFunction(_ rt: Runtime, elementAt element: UnsafePointer<Value>) throws -> Bool {
        try rt.step(site)
        store(rt, element.pointee)
        _ = try run(rt)
        return rt.control == .none || rt.continuesLoop()
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

extension UnsafeMutablePointer where Pointee == Value {
    /// Stores `value` here. An old number, boolean or nil needs no destroying, so it is written
    /// over with no call to Value's outlined destroy.
    @inline(__always)
    func overwrite(with value: Value) {
        switch pointee {
        case .null, .bool, .int, .double: initialize(to: value)
        default: pointee = value
        }
    }
}

/// Where a name lives at run time.
enum Place {
    case slot(Int)
    case box(Int)
    case capture(Int)
    case global(Int)
}

extension Place {
    /// A local's slot or a global's; nil for a box or a capture.
    var variable: VariablePlace? {
        switch self {
        case .slot(let slot): return .slot(slot)
        case .global(let slot): return .global(slot)
        case .box, .capture: return nil
        }
    }
}

/// A local's slot or a global's: a place whose value is looked at and changed through a pointer.
enum VariablePlace {
    case slot(Int)
    case global(Int)

    /// Where the value is. Found afresh at each use: a call may move the stack or the globals.
    @inline(__always)
    func pointer(_ rt: Runtime) -> UnsafeMutablePointer<Value> {
        switch self {
        case .slot(let slot): return rt.stack + (rt.base &+ slot)
        case .global(let slot): return rt.globals + slot
        }
    }
}

/// Code that changes the value at a place in place (see `Compiler.modifier`).
typealias Modifier = (Runtime, (inout Value) throws -> Void) throws -> Void

/// How the parts of a place may be evaluated (see `Compiler.order(of:)`).
enum PartOrder {
    /// In any order: none runs code that another can see.
    case any
    /// In any order once these globals, read by the parts, are checked from left to right for
    /// one that is unbound, so that the error names the first.
    case afterCheck([(slot: Int, unbound: Unbound)])
    /// From left to right, as written: a part may run code.
    case written

    func check(_ rt: Runtime) throws {
        guard case .afterCheck(let globals) = self else { return }
        for (slot, unbound) in globals where !rt.globalDefined[slot] {
            throw rt.undefined(unbound.name, unbound.span, unbound.file)
        }
    }

    /// `place`, which checks the globals first where there are some to check.
    func checking(_ place: Modifier?) -> Modifier? {
        guard let place, case .afterCheck = self else { return place }
        return { rt, body in
            try check(rt)
            try place(rt, body)
        }
    }
}

/// A variable the compiler knows about in the function being compiled.
struct Local {
    let place: Place
    let mutable: Bool
}

/// A `where` predicate being compiled: what its bare names may mean.
struct Predicate {
    /// The element's variable.
    let it: Local
    /// The number of scopes outside the predicate: names bound in scopes from here on are its own.
    let scopeDepth: Int
    /// Whether the predicate names `it`: then a bare name that is one of the program's variables
    /// means the variable, even where the element has a member of that name.
    let namesIt: Bool
    /// The elements, when they are known as the predicate is compiled (a fact such as `signed`).
    let elements: Value?
}

/// The state of one function (or of the top-level chunk) while it is compiled.
final class FunctionState {
    let parent: FunctionState?
    let isTopLevel: Bool
    var scopes: [[String: Local]] = []
    var nextSlot = 0, maxSlots = 0
    var nextBox = 0, maxBoxes = 0
    var captureIndex: [String: Int] = [:]
    var captureSources: [CaptureSource] = []
    var captureMutable: [Bool] = []
    var loopDepth = 0
    /// The `where` predicates being compiled, innermost last.
    var predicates: [Predicate] = []

    init(parent: FunctionState?, isTopLevel: Bool) {
        self.parent = parent
        self.isTopLevel = isTopLevel
    }

    func lookup(_ name: String) -> Local? {
        for scope in scopes.reversed() { if let local = scope[name] { return local } }
        return nil
    }
}

struct Compiler {
    let file: SourceFile
    let runtime: Runtime
    /// The reference mode, like the switches of Wren's `wren_common.h`: every operator, element,
    /// member, condition, assignment and call is compiled through its general path, each rule's one
    /// definition (`Operators`, `Runtime.invoke`), and none of the fast paths (OperatorCode.swift,
    /// CountCode.swift, the readers in place, the fused updates and returns). Decided once per
    /// node, at compile time: the fast paths cost nothing more when it is off. Copied from the
    /// runtime once, so that asking costs no access to it. The conformance suite and the
    /// differential test run both ways and must agree.
    let reference: Bool
    let captured: Set<Int>
    var function: FunctionState
    var errors: [SummitError] = []
    /// Where each of `errors` is, to give them in the order of the source.
    var errorSpans: [Span] = []

    /// Compiles a chunk of top-level statements; its `let`, `var` and `fn` bind globals.
    static func compile(_ statements: [Stmt], file: SourceFile, runtime: Runtime) throws -> (code: Code, frameSize: Int) {
        var compiler = Compiler(file: file, runtime: runtime, reference: runtime.reference, captured: CaptureAnalysis.analyse(statements),
                                function: FunctionState(parent: nil, isTopLevel: true))
        let codes = statements.map { Compiled(run: compiler.topLevel($0)) }
        if var first = compiler.sortedErrors.first {
            first.otherErrors = Array(compiler.sortedErrors.dropFirst())
            throw first
        }
        let frameSize = compiler.function.maxSlots
        let boxCount = compiler.function.maxBoxes
        let run = Compiler.sequence(codes)
        return ({ rt in
            rt.boxBase = rt.boxes.count
            for _ in 0..<boxCount { rt.boxes.append(Box(.null)) }
            return try run(rt)
        }, frameSize)
    }

    /// Reports an error at compile time, once: a fast path that gives up may compile a part again.
    mutating func error(_ message: String, _ span: Span) {
        if errorSpans.indices.contains(where: { errorSpans[$0] == span && errors[$0].message == message }) { return }
        if let error = SummitError.bounded(errors.count, .syntax, message, at: span, in: file) {
            errors.append(error)
            errorSpans.append(span)
        }
    }

    /// The errors in the order of the source, as they would be found reading it, whatever order
    /// the compiler built the code in (a fast path may compile a statement's parts in another);
    /// a note that there were too many stays last.
    var sortedErrors: [SummitError] {
        let capped = errors.count > SummitError.maxReported
        let counted = capped ? errors.count - 1 : errors.count
        let order = (0..<counted).sorted { (errorSpans[$0].start, $0) < (errorSpans[$1].start, $1) }
        return order.map { errors[$0] } + (capped ? [errors[counted]] : [])
    }

    // MARK: Scopes

    /// Compiles `body` in a new scope. (The code goes through `scoped` in a `Compiled`: a closure
    /// returned bare through a generic result is stored at maximal abstraction and pays a
    /// conversion thunk on every call.)
    mutating func withScope(_ body: (inout Compiler) -> Code) -> Code {
        scoped { Compiled(run: body(&$0)) }.run
    }

    /// A block's statements, each compiled in one new scope.
    mutating func statements(of block: Block) -> [Compiled] {
        scoped { compiler in block.statements.map { Compiled(run: compiler.statement($0)) } }
    }

    private mutating func scoped<Result>(_ body: (inout Compiler) -> Result) -> Result {
        function.scopes.append([:])
        let savedSlot = function.nextSlot, savedBox = function.nextBox
        let result = body(&self)
        function.scopes.removeLast()
        function.nextSlot = savedSlot
        function.nextBox = savedBox
        return result
    }

    /// Declares a local in the innermost scope: a box when an inner function captures it.
    mutating func declareLocal(_ name: String, key: Int, mutable: Bool) -> Local {
        let place: Place
        if captured.contains(key) {
            place = .box(function.nextBox)
            function.nextBox += 1
            function.maxBoxes = max(function.maxBoxes, function.nextBox)
        } else {
            place = .slot(function.nextSlot)
            function.nextSlot += 1
            function.maxSlots = max(function.maxSlots, function.nextSlot)
        }
        let local = Local(place: place, mutable: mutable)
        function.scopes[function.scopes.count - 1][name] = local
        return local
    }

    /// Resolves a name: a local of this function, a capture from an enclosing one, or a global.
    mutating func resolve(_ name: String) -> Local {
        if let local = function.lookup(name) { return local }
        if let capture = Compiler.capture(name, in: function) {
            return capture
        }
        let slot = runtime.globalSlot(name)
        return Local(place: .global(slot), mutable: !runtime.globalConstant[slot])
    }

    private static func capture(_ name: String, in function: FunctionState) -> Local? {
        if let index = function.captureIndex[name] {
            return Local(place: .capture(index), mutable: function.captureMutable[index])
        }
        guard let parent = function.parent else { return nil }
        let source: CaptureSource
        let mutable: Bool
        if let local = parent.lookup(name) {
            guard case .box(let box) = local.place else { return nil }  // globals are not captured
            source = .box(box)
            mutable = local.mutable
        } else if let outer = capture(name, in: parent), case .capture(let index) = outer.place {
            source = .capture(index)
            mutable = outer.mutable
        } else {
            return nil
        }
        let index = function.captureSources.count
        function.captureSources.append(source)
        function.captureMutable.append(mutable)
        function.captureIndex[name] = index
        return Local(place: .capture(index), mutable: mutable)
    }

    // MARK: Reading and writing places

    static func read(_ place: Place, name: String, span: Span, file: SourceFile) -> Code {
        switch place {
        case .slot(let slot): return { rt in rt.stack[rt.base &+ slot] }
        case .box(let box): return { rt in rt.boxes[rt.boxBase &+ box].value }
        case .capture(let index): return { rt in rt.captures[index].value }
        case .global(let slot):
            return { rt in
                // An unbound global holds nil; only then is it worth asking whether it is bound.
                let value = rt.globals[slot]
                if case .null = value, !rt.globalDefined[slot] { throw rt.undefined(name, span, file) }
                return value
            }
        }
    }

    /// Code that stores a value in a place; `defining` a global marks it defined.
    static func write(_ place: Place, defining: Bool = false) -> Store { Store(place: place, defining: defining) }

    /// Calls `body` with the value in a place, in place, so a list held only there is not copied.
    static func modify(_ place: Place, name: String, span: Span, file: SourceFile) -> Modifier {
        switch place {
        case .slot(let slot): return { rt, body in try body(&rt.stack[rt.base &+ slot]) }
        case .box(let box): return { rt, body in try body(&rt.boxes[rt.boxBase &+ box].value) }
        case .capture(let index): return { rt, body in try body(&rt.captures[index].value) }
        case .global(let slot):
            return { rt, body in
                guard rt.globalDefined[slot] else { throw rt.undefined(name, span, file) }
                try body(&rt.globals[slot])
            }
        }
    }

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

        case .binding(let name, let nameSpan, let value, let mutable, _):
            let code = expression(value)
            let local = declareLocal(name, key: nameSpan.start, mutable: mutable)
            let store = Compiler.write(local.place, defining: true)
            return { rt in
                store(rt, try code(rt))
                return .null
            }

        case .function(let decl):
            let local = declareLocal(decl.name, key: decl.span.start, mutable: false)
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
           (1...3).contains(arguments.count), function.lookup("range") == nil {
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
        return loop(name, nameSpan, body, span) { each in
            { rt in
                try each.over(try Compiler.elements(of: try source(rt), forLoop: true, sequence.span, file, rt), rt)
                return .null
            }
        }
    }

    /// A `for` loop: `loop` makes the code that goes through the elements, given the loop's body.
    private mutating func loop(_ name: String, _ nameSpan: Span, _ body: Block, _ span: Span,
                               _ loop: (LoopBody) -> Code) -> Code {
        withScope { compiler in
            let local = compiler.declareLocal(name, key: nameSpan.start, mutable: true)
            compiler.function.loopDepth += 1
            let run = compiler.block(body)
            compiler.function.loopDepth -= 1
            return loop(LoopBody(store: Compiler.write(local.place, defining: true), run: run, site: Site(span, compiler.file)))
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

    mutating func assignment(_ target: Expr, _ op: AssignOp, _ value: Expr, _ span: Span) -> Code {
        if !reference {
            if let update = update(target, op, value, span) { return update }
            if let update = elementUpdate(target, op, value, span) { return update }
            if let store = elementStore(target, op, value) { return store }
        }
        var code = expression(value)
        let file = self.file
        if op != .set {
            guard case .name = target else { return keyedUpdate(target, op == .add, code, span) }
            let current = expression(target)
            let right = code
            let limits = { (rt: Runtime) in rt.limits }
            code = op == .add
                ? { rt in try Compiler.located(span, file) { try Operators.add(try current(rt), try right(rt), limits(rt)) } }
                : { rt in try Compiler.located(span, file) { try Operators.subtract(try current(rt), try right(rt)) } }
        }
        if case .name(let name, let nameSpan) = target {
            let local = resolve(name)
            if !local.mutable { error("cannot assign to '\(name)': it was declared with 'let'", nameSpan) }
            if case .global(let slot) = local.place {
                return { rt in
                    let newValue = try code(rt)
                    guard rt.globalDefined[slot] else { throw rt.undefined(name, nameSpan, file) }
                    rt.storeGlobal(slot, newValue)
                    return .null
                }
            }
            if case .slot(let slot) = local.place {
                return { rt in
                    let value = try code(rt)
                    rt.stack[rt.base &+ slot] = value
                    return .null
                }
            }
            let store = Compiler.write(local.place)
            return { rt in
                store(rt, try code(rt))
                return .null
            }
        }
        let order = order(of: Compiler.parts(of: target))
        if case .written = order {
            var indexes = 0
            guard let place = keyedPlace(target, &indexes) else { return { _ in .null } }
            return { rt in
                let newValue = try code(rt)
                var keys: [Value] = []
                keys.reserveCapacity(indexes)
                try place.keys(rt, &keys)
                try place.modify(rt, keys) { $0 = newValue }
                return .null
            }
        }
        guard let place = order.checking(modifier(target)) else { return { _ in .null } }
        return { rt in
            let newValue = try code(rt)
            try place(rt) { $0 = newValue }
            return .null
        }
    }

    /// What an assignable expression evaluates, from left to right: `a`, `i` and `j` in `a[i].b[j]`.
    static func parts(of target: Expr) -> [Expr] {
        switch target {
        case .member(let object, _, _): parts(of: object)
        case .index(let object, let index, _): parts(of: object) + [index]
        default: [target]
        }
    }

    /// How the parts of a place may be evaluated: its variable and its indexes, from left to right,
    /// and the value appended to it. `modifier` evaluates a place's indexes innermost first and
    /// its variable last, which gives the same values and errors unless a part runs code that
    /// another's value can see, or two read globals that may be unbound.
    mutating func order(of parts: [Expr]) -> PartOrder {
        var effects = 0, reads = 0
        var globals: [(slot: Int, unbound: Unbound)] = []
        for (index, part) in parts.enumerated() where Compiler.constant(part) == nil {
            guard case .name(let name, let span) = part else {
                effects += 1
                continue
            }
            switch resolve(name).place {
            case .slot: continue  // no other code changes a local's slot
            case .global(let slot): globals.append((slot, Unbound(name: name, span: span, file: file)))
            // The place's own variable, if boxed or captured, is read only as it changes, and
            // cannot be unbound: its turn cannot be seen.
            case .box, .capture: if index == 0 { continue }
            }
            reads += 1
        }
        if effects >= 2 || (effects == 1 && reads >= 1) { return .written }
        return globals.count >= 2 ? .afterCheck(globals) : .any
    }

    /// `place += v` or `place -= v` on a member or an element, such as `r.list[f()] += 1`: the
    /// place is read with each index evaluated once, in order, then `v`, and the result is stored
    /// with the same indexes.
    private mutating func keyedUpdate(_ target: Expr, _ add: Bool, _ right: @escaping Code, _ span: Span) -> Code {
        var indexes = 0
        guard let place = keyedPlace(target, &indexes) else { return { _ in .null } }
        let file = self.file
        return { rt in
            var keys: [Value] = []
            if indexes > 0 { keys.reserveCapacity(indexes) }
            let current = try place.read(rt, &keys)
            let value = try right(rt)
            let result = try Compiler.located(span, file) {
                add ? try Operators.add(current, value, rt.limits) : try Operators.subtract(current, value)
            }
            try place.modify(rt, keys) { $0 = result }
            return .null
        }
    }

    /// A place read with its indexes evaluated as it is read, and kept in order; or its indexes
    /// evaluated alone, in order; and changed in place with the same indexes (see `modifier`).
    typealias KeyedPlace = (read: (Runtime, inout [Value]) throws -> Value,
                            keys: (Runtime, inout [Value]) throws -> Void,
                            modify: (Runtime, [Value], (inout Value) throws -> Void) throws -> Void)

    mutating func keyedPlace(_ target: Expr, _ indexes: inout Int) -> KeyedPlace? {
        let file = self.file
        switch target {
        case .member(let object, let name, let span):
            guard let parent = keyedPlace(object, &indexes) else { return nil }
            return ({ rt, keys in
                        var value = try parent.read(rt, &keys)
                        return try Compiler.member(name, of: &value, span, file)
                    },
                    parent.keys,
                    { rt, keys, body in
                        try parent.modify(rt, keys) { container in
                            try Compiler.located(span, file) { try Compiler.modifyMember(&container, name, body) }
                        }
                    })
        case .index(let object, let index, let span):
            let parent = keyedPlace(object, &indexes)
            let key = expression(index)  // even for a place that cannot change, for the index's errors
            guard let parent else { return nil }
            let position = indexes, site = Site(span, file)
            indexes += 1
            return ({ rt, keys in
                        let container = try parent.read(rt, &keys)
                        let k = try key(rt)
                        keys.append(k)
                        return try Compiler.element(k, of: container, site)
                    },
                    { rt, keys in
                        try parent.keys(rt, &keys)
                        keys.append(try key(rt))
                    },
                    { rt, keys, body in
                        let k = keys[position]
                        try parent.modify(rt, keys) { container in
                            try Compiler.located(span, file) { try Compiler.modifyElement(&container, k, body) }
                        }
                    })
        default:
            let read = expression(target)
            guard let modify = modifier(target) else { return nil }
            return ({ rt, _ in try read(rt) },
                    { rt, _ in _ = try read(rt) },  // an unbound global fails before the indexes
                    { rt, _, body in try modify(rt, body) })
        }
    }

    /// `x = x + y`, `x = x - y`, `x += y` and `x -= y` on a local's slot or a global: integers are
    /// added where the variable is, with no value made in between. Other values, and an overflow,
    /// take the operators' general path, with the same order of evaluation and the same errors.
    private mutating func update(_ target: Expr, _ op: AssignOp, _ value: Expr, _ span: Span) -> Code? {
        guard case .name(let name, let nameSpan) = target, function.predicates.isEmpty else { return nil }
        // The span of the read that finds the name unbound, and of the operator that fails.
        let add: Bool, right: Expr, readSpan: Span, operatorSpan: Span
        switch (op, value) {
        case (.add, _), (.subtract, _):
            (add, right, readSpan, operatorSpan) = (op == .add, value, nameSpan, span)
        case (.set, .binary(let binary, .name(name, let leftSpan), let operand, let binarySpan))
            where binary == .add || binary == .subtract:
            (add, right, readSpan, operatorSpan) = (binary == .add, operand, leftSpan, binarySpan)
        default:
            return nil
        }
        let local = resolve(name)
        guard let variable = local.place.variable else { return nil }
        if !local.mutable { error("cannot assign to '\(name)': it was declared with 'let'", nameSpan) }
        let update = Update(variable: variable, add: add, unbound: Unbound(name: name, span: readSpan, file: file),
                            site: Site(operatorSpan, file))
        return operand(right).withReader(update).run
    }

    /// `c[k] += v`, `c[k] -= v`, and `c[k] = c[k] + v` and `c[k] = c[k] - v` with the same `k`
    /// both times and a plain read, on a local's slot or a global (see `ElementUpdate`).
    private mutating func elementUpdate(_ target: Expr, _ op: AssignOp, _ value: Expr, _ span: Span) -> Code? {
        guard function.predicates.isEmpty, case .index(.name(let name, let nameSpan), let key, let targetSpan) = target
        else { return nil }
        // The read of `c` and of `c[k]`, and the operator, for their errors.
        let add: Bool, right: Expr, readSpan: Span, readIndexSpan: Span, operatorSpan: Span
        switch (op, value) {
        case (.add, _), (.subtract, _):
            (add, right, readSpan, readIndexSpan, operatorSpan) = (op == .add, value, nameSpan, targetSpan, span)
        case (.set, .binary(let binary, .index(.name(name, let leftSpan), let readKey, let indexSpan), let operand, let binarySpan))
            where (binary == .add || binary == .subtract) && Compiler.isPlainRead(key) && Compiler.sameRead(key, readKey):
            (add, right, readSpan, readIndexSpan, operatorSpan) = (binary == .add, operand, leftSpan, indexSpan, binarySpan)
        default:
            return nil
        }
        let local = resolve(name)
        guard let variable = local.place.variable else { return nil }
        if !local.mutable { error("cannot change '\(name)': it was declared with 'let'", nameSpan) }
        let update = ElementUpdate(variable: variable, add: add, rereadsKey: op == .set,
                                   read: Unbound(name: name, span: readSpan, file: file),
                                   target: Unbound(name: name, span: nameSpan, file: file),
                                   readSite: Site(readIndexSpan, file), operatorSite: Site(operatorSpan, file),
                                   storeSite: Site(targetSpan, file))
        return operand(key).withReaders(operand(right), update).run
    }

    /// Whether an expression only reads: a literal, a variable, or a member or element of one, so
    /// that evaluating it twice gives the same value and runs none of the program's code.
    static func isPlainRead(_ expr: Expr) -> Bool {
        switch expr {
        case .literal, .name: true
        case .string: constant(expr) != nil
        case .member(let object, _, _): isPlainRead(object)
        case .index(let object, let index, _): isPlainRead(object) && isPlainRead(index)
        default: false
        }
    }

    /// Whether two plain reads (see `isPlainRead`) read the same thing, wherever they are written.
    static func sameRead(_ a: Expr, _ b: Expr) -> Bool {
        switch (a, b) {
        case let (.literal(.int(x), _), .literal(.int(y), _)): return x == y
        case let (.literal(.string(x), _), .literal(.string(y), _)): return x == y
        case let (.name(x, _), .name(y, _)): return x == y
        case (.string, .string): return constant(a) == constant(b)
        case let (.member(x, m, _), .member(y, n, _)): return m == n && sameRead(x, y)
        case let (.index(x, i, _), .index(y, j, _)): return sameRead(x, y) && sameRead(i, j)
        default: return false
        }
    }

    /// `xs[i] = v` on a local's slot or a global: the element is set in place, with no chain of
    /// modifiers, and the index and value are read by their own kinds of reader.
    private mutating func elementStore(_ target: Expr, _ op: AssignOp, _ value: Expr) -> Code? {
        guard op == .set, case .index(.name(let name, let nameSpan), let index, let span) = target else { return nil }
        let local = resolve(name)
        guard let variable = local.place.variable else { return nil }
        if !local.mutable { error("cannot change '\(name)': it was declared with 'let'", nameSpan) }
        let newValue = operand(value)
        let store = ElementStore(variable: variable, unbound: Unbound(name: name, span: nameSpan, file: file),
                                 site: Site(span, file))
        return operand(index).withReaders(newValue, store).run
    }

    /// Code that changes the value at an assignable expression (`xs[i]`, `r.field`, `a.b[0]`) in place.
    mutating func modifier(_ target: Expr) -> Modifier? {
        let file = self.file
        switch target {
        case .name(let name, let span):
            let local = resolve(name)
            if !local.mutable {
                error("cannot change '\(name)': it was declared with 'let'", span)
                return nil
            }
            return Compiler.modify(local.place, name: name, span: span, file: file)
        case .member(let object, let name, let span):
            guard let parent = modifier(object) else { return nil }
            return { rt, body in
                try parent(rt) { container in
                    try Compiler.located(span, file) { try Compiler.modifyMember(&container, name, body) }
                }
            }
        case .index(let object, let index, let span):
            let parent = modifier(object)
            let key = expression(index)  // even for a place that cannot change, for the index's errors
            guard let parent else { return nil }
            return { rt, body in
                let k = try key(rt)
                try parent(rt) { container in
                    try Compiler.located(span, file) { try Compiler.modifyElement(&container, k, body) }
                }
            }
        default:
            error("cannot assign to this expression; only to a name, a member or an element", target.span)
            return nil
        }
    }

    private static func modifyMember(_ container: inout Value, _ name: String, _ body: (inout Value) throws -> Void) throws {
        guard case .record(var record) = container else {
            if case .entity(let e) = container {
                throw Operators.fail("cannot change \(e.name).\(name): facts are read-only")
            }
            throw Operators.fail("cannot set member '\(name)' of \(container.typeName)")
        }
        container = .null  // leave the record uniquely referenced while it changes
        defer { container = .record(record) }
        try modifyField(&record, name, body)
    }

    /// Runs `body` on a record's field in place, with the field uniquely referenced meanwhile. If
    /// `body` throws, the field keeps what it holds then, and a field that was missing stays missing.
    private static func modifyField(_ record: inout Record, _ key: String, _ body: (inout Value) throws -> Void) throws {
        let existed = record[key] != nil
        var field = record[key] ?? .null
        record[key] = .null
        var changed = false
        defer { record[key] = changed || existed ? field : Value?.none }  // `nil` alone would be Value.null
        try body(&field)
        changed = true
    }

    /// Sets an element of a list or a record in place.
    @inline(__always)
    static func setElement(_ container: inout Value, _ key: Value, _ value: Value) throws {
        if case .int(let i) = key, withUnsafeMutablePointer(to: &container, { setListElement($0, i, value) }) { return }
        if case .record(var record) = container, case .string(let k) = key {
            container = .null
            if !record.updateByBits(k, value) { record[k] = value }
            container = .record(record)
            return
        }
        try modifyElement(&container, key) { $0 = value }
    }

    /// `i + j`, or `i - j`, by `Operators`' rules; nil when it overflows.
    @inline(__always)
    static func sum(_ i: Int, _ j: Int, subtracting: Bool) -> Int? {
        subtracting ? Operators.difference(i, j) : Operators.sum(i, j)
    }

    /// Adds `j` to the integer at key `k` of the list or record in `container`, or subtracts it, in
    /// place. False, changing nothing, when there is no integer there or the result overflows.
    @inline(__always)
    static func addToElement(_ container: UnsafeMutablePointer<Value>, _ k: Value, _ j: Int, subtracting: Bool) -> Bool {
        // Each payload is bound straight from `container`, not from a tuple that would hold a
        // second reference, and `container` cleared, so the list or record is uniquely referenced.
        if case .string(let key) = k, case .record(var record) = container.pointee {
            container.pointee = .null
            let done = record.changeIntegerByBits(key) { sum($0, j, subtracting: subtracting) }
            container.initialize(to: .record(record))  // over nil, which needs no destroying
            return done
        }
        guard case .int(let i) = k, case .list(var list) = container.pointee, i >= 0, i < list.count,
              case .int(let x) = list[i], let result = sum(x, j, subtracting: subtracting) else { return false }
        container.pointee = .null
        list[i] = .int(result)
        container.initialize(to: .list(list))
        return true
    }

    /// Sets element `i` of the list in `container` in place. False, changing nothing, when
    /// `container` holds no list or `i` is out of its bounds.
    @inline(__always)
    static func setListElement(_ container: UnsafeMutablePointer<Value>, _ i: Int, _ value: Value) -> Bool {
        guard case .list(var list) = container.pointee, i >= 0, i < list.count else { return false }
        container.pointee = .null  // leave the list uniquely referenced while it changes
        list[i] = value
        container.initialize(to: .list(list))  // over nil, which needs no destroying
        return true
    }

    private static func modifyElement(_ container: inout Value, _ key: Value, _ body: (inout Value) throws -> Void) throws {
        // Bind the payload straight from `container` (not from a tuple that would hold a second
        // reference), then clear `container`, so the list or record is uniquely referenced.
        if case .list(var list) = container {
            guard case .int(let i) = key else { throw Operators.fail("a list index must be an integer, got \(key.typeName)") }
            let p = try Operators.position(i, count: list.count)
            container = .null
            defer { container = .list(list) }
            try body(&list[p])
        } else if case .record(var record) = container {
            container = .null
            defer { container = .record(record) }
            guard case .string(let k) = key else {
                // A key of another kind (`counts[true]`): the field is changed in a copy, then set.
                var field = record[key: key] ?? .null
                try body(&field)
                try record.set(field, forKey: key)
                return
            }
            try modifyField(&record, k, body)
        } else if case .entity(let e) = container {
            throw Operators.fail("cannot change \(e.name): facts are read-only")
        } else {
            throw Operators.fail("cannot set an element of \(container.typeName)")
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
        guard case .name(let name, _) = expr, function.predicates.isEmpty, resolve(name).place.variable != nil else {
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
                let next = try second(rt)
                if rt.control != .none { return next }
                return try rest(rt)
            }
            before = before.dropLast(2)
        }
        if let code = before.last {
            let (first, rest) = (code.run, chain)
            chain = { rt in
                let value = try first(rt)
                if rt.control != .none { return value }
                return try rest(rt)
            }
        }
        return chain
    }

    /// Compiles a function; the code makes a closure over the current frame.
    mutating func function(_ decl: FunctionDecl, ownBox: Int? = nil) -> Code {
        let state = FunctionState(parent: function, isTopLevel: false)
        let outer = function
        function = state
        var parameterBoxes: [(parameter: Int, box: Int)] = []
        let body = withScope { compiler in
            // Parameters take the first slots, in order, where the caller put the arguments.
            for (i, parameter) in decl.parameters.enumerated() {
                compiler.function.scopes[0][parameter.name] = Local(place: .slot(i), mutable: true)
            }
            compiler.function.nextSlot = decl.parameters.count
            compiler.function.maxSlots = decl.parameters.count
            for (i, parameter) in decl.parameters.enumerated() where compiler.captured.contains(parameter.span.start) {
                let box = compiler.function.nextBox
                compiler.function.nextBox += 1
                compiler.function.maxBoxes = compiler.function.nextBox
                compiler.function.scopes[0][parameter.name] = Local(place: .box(box), mutable: true)
                parameterBoxes.append((i, box))
            }
            return compiler.functionBody(decl.body)
        }
        function = outer
        let sources = state.captureSources
        let selfCapture = ownBox.flatMap { own in
            sources.firstIndex { if case .box(own) = $0 { true } else { false } }
        }
        let prototype = Prototype(name: decl.name, parameterNames: decl.parameters.map(\.name),
                                  frameSize: state.maxSlots, boxCount: state.maxBoxes,
                                  parameterBoxes: parameterBoxes, selfCapture: selfCapture, body: body,
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
                case .box(let box): captures.append(rt.boxes[rt.boxBase &+ box])
                case .capture(let index): captures.append(rt.captures[index])
                }
            }
            return .function(Function(name: prototype.name, kind: .closure(prototype, captures)))
        }
    }

    /// Adds the location of `span` to an error thrown without one.
    @inline(__always)
    static func located<T>(_ span: Span, _ file: SourceFile, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw locate(error, span, file)
        }
    }

    /// `error` with the location of `span` when it is a SummitError without one. Out of line, so
    /// that the code `located` wraps keeps a small frame on its usual path.
    @inline(never)
    static func locate(_ error: any Error, _ span: Span, _ file: SourceFile) -> any Error {
        guard var error = error as? SummitError, error.location == nil else { return error }
        error.location = file.location(of: span)
        return error
    }
}
