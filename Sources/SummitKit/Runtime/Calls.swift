// Calling functions. A Summit function's frame starts where the caller put the arguments on the
// value stack, so a call allocates nothing unless the function has captured variables.

extension Runtime {
    /// Puts a value on top of the stack, as an argument of the call being made. The slot holds
    /// nil (see `Registers.top`), so it is written with nothing to destroy.
    @inline(__always)
    func push(_ value: Value) {
        let r = registers
        if r.pointee.top == r.pointee.stackCapacity { reserve(1) }
        (r.pointee.stack + r.pointee.top).initialize(to: value)
        r.pointee.top &+= 1
    }

    /// The arguments of a call that fails before its frame is set up, popped out of line.
    @inline(never)
    private func discardArguments(from argumentBase: Int) { registers.popSlots(to: argumentBase) }

    /// Calls `function` with the `count` arguments at `argumentBase`, which is the top of the stack,
    /// from the call at `site`.
    func invoke(_ function: Function, argumentBase: Int, count: Int, _ site: Site) throws -> Value {
        switch function.kind {
        case .builtin(let builtin):
            return try callBuiltin(builtin, argumentBase: argumentBase, count: count, site)
        case .closure:
            // The prototype from its uncounted field: binding the case's would count a reference.
            return try invokeClosure(function.prototype!, function, argumentBase: argumentBase, count: count, site)
        }
    }

    /// The function written in Summit that global `slot` holds, and its prototype, with no
    /// reference counted: the binding of the enum's payload ends here, before any call.
    @inline(__always)
    func closure(inGlobal slot: Int) -> (Unmanaged<Function>, Unmanaged<Prototype>)? {
        guard case .function(let f) = registers.pointee.globals[slot], let prototype = f.prototype else { return nil }
        return (.passUnretained(f), prototype)
    }

    /// The built-in of one argument (see `Builtin.unary`) that global `slot` holds, with no
    /// reference counted: those are the standard library's, which live as long as the process.
    @inline(__always)
    func unaryBuiltin(inGlobal slot: Int) -> Unmanaged<Builtin>? {
        guard case .function(let f) = registers.pointee.globals[slot], case .builtin(let builtin) = f.kind,
              builtin.unary != nil else { return nil }
        return .passUnretained(builtin)
    }

    /// Whether global `slot` holds the built-in `builtin` identifies, looked at with no reference counted.
    @inline(__always)
    func holds(_ builtin: ObjectIdentifier, inGlobal slot: Int) -> Bool {
        guard case .function(let f) = registers.pointee.globals[slot], case .builtin(let held) = f.kind else { return false }
        return ObjectIdentifier(held) == builtin
    }

    /// Calls the function written in Summit that global `slot` holds, once `arguments` has pushed
    /// its `count` arguments. No reference to the function is counted: while the call runs, the
    /// global's count of calls keeps a function that replaces it alive (see `storeGlobal`), until
    /// the last call through the global returns.
    @inline(__always)
    func callThroughGlobal(_ slot: Int, _ function: Unmanaged<Function>, _ prototype: Unmanaged<Prototype>,
                           count: Int, _ site: Site, arguments: () throws -> Void) throws -> Value {
        registers.pointee.globalCalls[slot] &+= 1
        defer {
            let r = registers, calls = r.pointee.globalCalls  // read afresh: the globals may have moved
            calls[slot] &-= 1
            if calls[slot] == 0, !r.pointee.retired.isEmpty { releaseRetired(from: slot) }
        }
        let argumentBase = top
        try arguments()
        return try function._withUnsafeGuaranteedRef {
            try invokeClosure(prototype, $0, argumentBase: argumentBase, count: count, site)
        }
    }

    /// Calls a function written in Summit by its unmanaged prototype, counting no reference to it.
    @inline(__always)
    func invokeClosure(_ prototype: Unmanaged<Prototype>, _ function: Function,
                       argumentBase: Int, count: Int, _ site: Site) throws -> Value {
        try prototype._withUnsafeGuaranteedRef {
            try invokeClosure($0, function, argumentBase: argumentBase, count: count, site)
        }
    }

    /// Calls a function written in Summit, with its prototype. The call's span and file are read
    /// from `site` only for an error or a check of the limits.
    @inline(__always)
    func invokeClosure(_ prototype: Prototype, _ function: Function,
                       argumentBase: Int, count: Int, _ site: Site) throws -> Value {
        let r = registers
        guard count == prototype.arity, prototype.owner == serial else {
            discardArguments(from: argumentBase)
            if prototype.owner != serial { throw Runtime.foreign(function.name, site) }
            throw Runtime.wrongArity(function.name, expected: prototype.arity, got: count, site)
        }
        r.pointee.callDepth &+= 1
        defer { r.pointee.callDepth &-= 1 }
        if r.pointee.callDepth > r.pointee.limits.maxCallDepth || Runtime.stackAddress() < r.pointee.stackLimit {
            discardArguments(from: argumentBase)
            throw tooDeep(site)
        }
        try step(site)
        let frameTop = argumentBase &+ prototype.frameSize
        if frameTop > r.pointee.stackCapacity { reserve(frameTop &- r.pointee.top) }
        let savedBase = r.pointee.base
        r.pointee.base = argumentBase
        r.pointee.top = frameTop
        // The frame is cleared on each way out, spelled out rather than deferred: a `defer` here
        // is compiled out of line, a call with its own prologue on every return.
        let result: Value
        do {
            // The common call: nothing captured and no boxes, so nothing else to set up. The caller's
            // captures and boxes stay as they are: the callee's code has no place that reads them.
            if function.runsPlain {
                result = try run(prototype, function, site)
            } else {
                result = try runCapturing(prototype, function, argumentBase, site)
            }
        } catch {
            r.popSlots(to: argumentBase)
            r.pointee.base = savedBase
            throw error
        }
        r.popSlots(to: argumentBase)
        r.pointee.base = savedBase
        return result
    }

    /// Runs a function that captures variables or makes boxes: its captures and boxes are set up
    /// around the run.
    @inline(never)
    private func runCapturing(_ prototype: Prototype, _ function: Function, _ argumentBase: Int,
                              _ site: Site) throws -> Value {
        let savedCaptures = captures, savedBoxBase = boxBase
        if case .closure(_, let closureCaptures) = function.kind { captures = closureCaptures }
        if let index = prototype.selfCapture { captures[index] = Box(.function(function)) }
        let boxCount = prototype.boxCount
        if boxCount > 0 {
            boxBase = boxes.count
            for _ in 0..<boxCount { boxes.append(Box(.null)) }
            for (parameter, box) in prototype.parameterBoxes { boxes[boxBase + box] = Box(stack[argumentBase + parameter]) }
        }
        defer {
            captures = savedCaptures
            if boxCount > 0 {
                boxes.removeLast(boxCount)
                boxBase = savedBoxBase
            }
        }
        return try run(prototype, function, site)
    }

    /// Runs a function's body in the frame set up for it; the value is what its `return` gave, or
    /// its last statement's.
    @inline(__always)
    private func run(_ prototype: Prototype, _ function: Function, _ site: Site) throws -> Value {
        let r = registers
        do {
            let result = try prototype.body(self)
            guard r.pointee.control == .returnFromFunction else { return result }
            r.pointee.control = .none
            return swap(&r.pointee.returnValue, .null)
        } catch {
            throw traced(error, function, site)
        }
    }

    /// Moves the value out of `place`, leaving `replacement` there.
    @inline(__always)
    private func swap(_ place: inout Value, _ replacement: Value) -> Value {
        var value = replacement
        Swift.swap(&place, &value)
        return value
    }

    // The errors of a call are made out of line and handed back boxed, as `any Error`: a
    // `SummitError` returned by value would need room in the caller's frame, which the hot call
    // path would carry on every call.

    /// An error leaving a function, with the call added to its trace when it is a `SummitError`.
    @inline(never)
    private func traced(_ error: any Error, _ function: Function, _ site: Site) -> any Error {
        guard var error = error as? SummitError else { return error }
        control = .none
        let (line, column) = site.file.location(of: site.span.start)
        error.addToTrace("in \(function.name)() called at \(site.file.name):\(line):\(column)")
        return error
    }

    @inline(never)
    private func tooDeep(_ site: Site) -> any Error {
        SummitError(.limit, "call depth exceeded (\(min(callDepth, limits.maxCallDepth)) calls deep)", at: site.span, in: site.file)
    }

    @inline(never)
    static func foreign(_ name: String, _ site: Site) -> any Error {
        SummitError(.runtime, "cannot call \(name)(): it was written in another interpreter (a function belongs to the interpreter that made it)",
                    at: site.span, in: site.file)
    }

    static func wrongArity(_ name: String, expected: Int, got count: Int, _ site: Site) -> any Error {
        SummitError(.runtime, "\(name)() takes \(Runtime.arguments(expected)), got \(count)", at: site.span, in: site.file)
    }

    /// Calls a built-in or host function: the arguments move off the stack into an array, one of
    /// a few kept for reuse, so that a call allocates none.
    private func callBuiltin(_ builtin: Builtin, argumentBase: Int, count: Int, _ site: Site) throws -> Value {
        let r = registers
        var arguments = r.pointee.spareArguments.popLast() ?? []
        arguments.reserveCapacity(count)
        for slot in r.pointee.stack + argumentBase ..< r.pointee.stack + argumentBase + count {
            arguments.append(slot.move())  // moved, not copied: no reference counted
            slot.initialize(to: .null)
        }
        r.pointee.top = argumentBase
        defer {
            // Kept only while it holds nothing and nothing else holds it. Emptied one by one:
            // `removeAll(keepingCapacity:)` goes through the general `replaceSubrange`.
            while !arguments.isEmpty { arguments.removeLast() }
            if r.pointee.spareArguments.count < 8 { r.pointee.spareArguments.append(arguments) }
        }
        guard builtin.arity.contains(count) else {
            throw SummitError(.runtime, "\(builtin.name)() takes \(Runtime.arguments(builtin.arity)), got \(count)", at: site.span, in: site.file)
        }
        // A built-in given a large list or set may make another as large (`map`, `set`, `sort`):
        // the memory is measured for that before it runs.
        if count > 0, case let elements = arguments[0].collectionCount, elements >= ProcessMemory.checkFrom / MemoryLayout<Value>.stride {
            try checkMemory(ProcessMemory.bytes(ofValues: elements), site.span, site.file)
        }
        return try site.located { try builtin.body(arguments, CallContext(runtime: self, site: site)) }
    }

    /// Calls a function value with arguments, for built-ins such as `map` and for the host.
    func call(_ function: Value, _ arguments: [Value], _ site: Site) throws -> Value {
        guard case .function(let f) = function else {
            throw SummitError(.runtime, "cannot call \(function.typeName)", at: site.span, in: site.file)
        }
        let argumentBase = top
        reserve(arguments.count)
        for argument in arguments {
            stack[top] = argument
            top += 1
        }
        return try invoke(f, argumentBase: argumentBase, count: arguments.count, site)
    }

    /// Calls a function value with one or two arguments, pushed straight onto the stack.
    func call(_ function: Value, _ first: Value, _ second: Value?, _ site: Site) throws -> Value {
        guard case .function(let f) = function else {
            throw SummitError(.runtime, "cannot call \(function.typeName)", at: site.span, in: site.file)
        }
        let argumentBase = top
        push(first)
        guard let second else { return try invoke(f, argumentBase: argumentBase, count: 1, site) }
        push(second)
        return try invoke(f, argumentBase: argumentBase, count: 2, site)
    }

    static func arguments(_ count: Int) -> String { count == 1 ? "1 argument" : "\(count) arguments" }

    static func arguments(_ range: ClosedRange<Int>) -> String {
        if range.count == 1 { return arguments(range.lowerBound) }
        if range.upperBound == .max { return "at least \(arguments(range.lowerBound))" }
        return "\(range.lowerBound) to \(range.upperBound) arguments"
    }

    /// The error for a name that is bound nowhere, with the closest bound name. Out of line, and
    /// boxed, so that the code that reads a global keeps a small frame on its usual path.
    @inline(never)
    func undefined(_ name: String, _ span: Span, _ file: SourceFile, element: Value? = nil) -> any Error {
        var error: SummitError
        if facts.includesBuiltinGlobals, let note = FactFunctions.ambiguityNote(forGlobal: name) {
            error = SummitError(.runtime, "undefined name '\(name)': \(note)", at: span, in: file)
        } else {
            error = SummitError(.runtime, "undefined name '\(name)'" + suggestion(for: name, element: element), at: span, in: file)
        }
        error.isUndefinedName = true
        return error
    }

    /// `; did you mean ...?` for an undefined name, or nothing. The candidates are ranked by what
    /// the user most likely meant: the members of the element (inside `where`), the program's own
    /// names, the keywords, the built-ins, then the facts' names. An entity's code (`BEN`, `CIV`)
    /// is suggested only for a name written in capitals, as codes are: `len` suggests no `BEN`.
    func suggestion(for name: String, element: Value? = nil) -> String {
        if let meant = Runtime.otherLanguages[name] { return "; did you mean \(meant)?" }
        var members: [String] = []
        switch element {
        case .entity(let e)?: members = e.members.keys
        case .record(let r)?: members = r.keys
        default: break
        }
        var own: [String] = [], builtins: [String] = [], facts: [String] = [], codes: [String] = []
        for candidate in boundGlobalNames {
            if let slot = globalIndex[candidate] {
                if globalUserBound[slot] {
                    own.append(candidate)
                    continue
                }
                if case .function(let f) = globals[slot], case .builtin = f.kind {
                    builtins.append(candidate)
                    continue
                }
            }
            if Runtime.isCode(candidate) { codes.append(candidate) } else { facts.append(candidate) }
        }
        // Keywords are written in small letters and codes in capitals: each is offered only for a
        // name written that way.
        let capitals = name.allSatisfy { $0.isUppercase || $0.isNumber }
        // A keyword is offered only one edit away (`ture`, `retrun`), and not for a name so short
        // that any keyword of two letters is (`f` is not a misspelt `fn`).
        let keywords = name.contains { $0.isUppercase } || name.count < 3 ? [] : Runtime.keywords
        let tiers: [(candidates: [String], limit: Int?)] =
            [(members, nil), (own, nil)] + (capitals ? [(codes, nil)] : []) + [(keywords, 1), (builtins, nil), (facts, nil)]
        guard let best = Operators.closest(name, tiers: tiers) else { return "" }
        return "; did you mean '\(best)'?"
    }

    /// Whether a global name is an entity's code: two or three capitals or digits (`FR`, `FRA`, `G7`).
    private static func isCode(_ name: String) -> Bool {
        (2...3).contains(name.count) && name.allSatisfy { ($0.isUppercase && $0.isASCII) || $0.isNumber }
    }

    static let keywords = ["let", "var", "fn", "return", "if", "else", "for", "in", "while", "break", "continue",
                           "import", "where", "and", "or", "not", "true", "false", "nil", "try"]

    static let keywordSet = Set(keywords)

    /// Names from other languages, with what Summit calls them.
    static let otherLanguages: [String: String] = [
        "len": "count(x)", "length": "count(x)", "size": "count(x)",
        "null": "nil", "None": "nil", "none": "nil", "undefined": "nil",
        "True": "true", "False": "false",
        "def": "fn", "function": "fn", "func": "fn", "lambda": "'x => ...'",
        "elif": "'else if'", "sorted": "sort(xs)", "push": "xs.append(x)", "len_of": "count(x)",
    ]

    /// The doc text of a value, for `help` and `doc`: a function's signature and summary, a fact's
    /// description, or the value's type.
    func documentation(of value: Value, named name: String?) throws -> String {
        if case .function(let f) = value { return f.doc }
        // help("where"): a keyword cannot be an argument, but its name can.
        if case .string(let word) = value, let text = Interpreter.keywordDocs[word] { return text }
        let fact = name.flatMap { facts.fact(.global($0)) }.flatMap { $0.value == value && !$0.doc.isEmpty ? $0 : nil }
        if case .entity(let e) = value {
            return Runtime.entityDocumentation(e, named: name, doc: fact?.doc)
        }
        if let name, let fact { return "\(name): \(fact.doc)" }
        return "\(name ?? value.shortDescription(40)): a \(value.typeName)"
    }

    /// An entity's compact view for `help` and `doc`: what it is, then a table of its members with
    /// their values (cut to 40 characters) and the first of their own sources.
    static func entityDocumentation(_ e: Entity, named name: String?, doc: String?) -> String {
        func source(_ sources: [Source]) -> String {
            guard let first = sources.first else { return "" }
            return "\(first.citation) (\(first.confidence.rawValue))" + (sources.count > 1 ? " +\(sources.count - 1) more" : "")
        }
        func cut(_ text: String) -> String { text.count > 40 ? String(text.prefix(39)) + "…" : text }
        var out = if let name, let doc { "\(name): \(doc)" } else { e.name }
        let article = e.kind.first.map { "aeiou".contains($0) } == true ? "an" : "a"
        out += "\n\(article) \(e.kind); sources: "
        out += e.sources.isEmpty ? "none" : e.sources.map { "\($0.citation) (\($0.confidence.rawValue))" }.joined(separator: "; ")
        let rows = e.members.compactMap { member, value -> [String]? in
            member == "name" ? nil : [member, cut(TextTable.cell(value)), source(e.memberSources[member] ?? [])]
        }
        if !rows.isEmpty {
            out += "\n" + TextTable(headers: ["member", "value", "source"], rows: rows).text().dropLast()
            out += "\nsource(\(name ?? "x").\(rows[0][0])) lists every source of a member."
        }
        return out
    }
}
