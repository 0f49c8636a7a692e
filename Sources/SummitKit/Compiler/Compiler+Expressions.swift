// The compiler's expressions: operators (whose code is in OperatorCode.swift), calls, `where`,
// interpolation, and the special forms `source(x)` and `help(x)`, which look at the expression
// rather than its value.

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
            if let constant = Compiler.constant(expr) { return { _ in constant } }
            return interpolation(parts, span)

        case .name(let name, let span):
            return variable(name, span)

        case .list(let items, _):
            // A list of constants is one constant: lists are values, so every evaluation may share it.
            if let constant = Compiler.constant(expr) { return { _ in constant } }
            let codes = items.map { operand($0) }
            // Two and three elements, the usual counts, are read with no array to go through.
            switch codes.count {
            case 2:
                let (a, b) = (codes[0], codes[1])
                return { rt in .list([try a.value(rt), try b.value(rt)]) }
            case 3:
                let (a, b, c) = (codes[0], codes[1], codes[2])
                return { rt in .list([try a.value(rt), try b.value(rt), try c.value(rt)]) }
            default:
                return { rt in .list(try codes.map { try $0.value(rt) }) }
            }

        case .set(let items, _):
            let codes = items.map { operand($0) }
            return { rt in
                var set = ValueSet()
                for code in codes { set.insert(try code.value(rt)) }
                return .set(set)
            }

        case .record(let fields, _):
            return recordLiteral(fields)

        case .negate(let operand, let span):
            let code = expression(operand)
            if reference { return { rt in let value = try code(rt); return try Compiler.located(span, file) { try Operators.negate(value) } } }
            return { rt in
                let value = try code(rt)
                if case .int(let i) = value, let negation = Operators.negation(i) { return .int(negation) }
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
            if reference { return referenceBinary(op, left, right, span) }
            if op == .in || op == .notIn { return membership(left, right, negate: op == .notIn, span) }
            if case .literal(.int(let k), _) = right,
               let fast = operand(left).withReader(BinaryWithConstant(op: op, k: k, site: Site(span, file))) {
                return fast.run
            }
            return operand(left).withReaders(operand(right), Binary(op: op, site: Site(span, file))).run

        case .where(let source, let predicate, let span):
            return whereFilter(source, predicate, span)

        case .call(let callee, let arguments, let span):
            return call(callee, arguments, span)

        case .member(let object, let name, let span):
            // A record or entity in a local or a global is looked into where it is, with no copy of it.
            if let reader = memberReader(expr) { return { rt in try reader.value(rt) } }
            let code = expression(object)
            if reference { return { rt in let value = try code(rt); return try Compiler.located(span, file) { try Operators.member(value, name) } } }
            return { rt in
                let value = try code(rt)
                if case .entity(let e) = value, let member = e[name] { return member }
                if case .record(let r) = value, let member = r[name] { return member }
                return try Compiler.located(span, file) { try Operators.member(value, name) }
            }

        case .index(let object, let index, let span):
            if reference {
                let (container, key, site) = (expression(object), expression(index), Site(span, file))
                return { rt in
                    let c = try container(rt), k = try key(rt)
                    return try site.located { try Operators.index(c, k) }
                }
            }
            return operand(object).withReaders(operand(index), Index(site: Site(span, file))).run

        case .slice(let object, let start, let end, let step, let span):
            return slice(object, start, end, step, span)

        case .try(let body, let fallback, let bindsError, let span):
            return attempt(body, fallback, bindsError: bindsError, span)

        case .function(let decl):
            return function(decl)

        case .if(let condition, let then, let otherwise, _):
            let test = self.condition(condition, "if")
            let yes = block(then)
            guard let otherwise else { return { rt in try test(rt) ? yes(rt) : .null } }
            let no = expression(otherwise)
            return { rt in try test(rt) ? yes(rt) : no(rt) }

        case .block(let b):
            return block(b)
        }
    }

    /// `a op b` in the reference mode: both operands evaluated, left first, then `Operators.binary`.
    private mutating func referenceBinary(_ op: BinaryOp, _ left: Expr, _ right: Expr, _ span: Span) -> Code {
        let (a, b, site) = (expression(left), expression(right), Site(span, file))
        return { rt in
            let x = try a(rt), y = try b(rt)
            let result = try site.located { try Operators.binary(op, x, y, rt.limits) }
            if case .set(let s) = result, s.count > rt.limits.maxCollectionSize { try rt.checkSize(s.count, site.span, site.file) }
            return result
        }
    }

    // The literals whose code is more than a line, each in a function of its own: `expression`
    // recurses as deep as expressions nest, so its own frame is kept small.

    /// `xs[start:end:step]`: the container and then each given part, read in order; a part left
    /// out is nil to `Operators.slice`.
    private mutating func slice(_ object: Expr, _ start: Expr?, _ end: Expr?, _ step: Expr?, _ span: Span) -> Code {
        let file = self.file
        let container = expression(object)
        let parts = [start, end, step].map { part in part.map { expression($0) } }
        let (a, b, c) = (parts[0], parts[1], parts[2])
        return { rt in
            let value = try container(rt)
            let start = try a?(rt) ?? .null, end = try b?(rt) ?? .null, step = try c?(rt) ?? .null
            return try Compiler.located(span, file) { try Operators.slice(value, start, end, step) }
        }
    }

    /// `try body else fallback`: a runtime or file error in the body gives the fallback instead;
    /// a limit (steps, time, size, call depth, cancellation) and an undefined name go on (see
    /// `SummitError.isRecoverable`). The stack and the control
    /// state are put back as they were before the body, so the fallback runs as if it had not.
    private mutating func attempt(_ body: Expr, _ fallback: Expr, bindsError: Bool, _ span: Span) -> Code {
        let run = expression(body)
        let otherwise = expression(fallback)
        let site = Site(fallback.span, file)
        return { rt in
            let top = rt.top, control = rt.control
            do {
                return try run(rt)
            } catch let error as SummitError where error.isRecoverable {
                if rt.top > top { rt.registers.popSlots(to: top) }
                rt.control = control
                let value = try otherwise(rt)
                return bindsError ? try rt.call(value, [.string(error.message)], site) : value
            }
        }
    }

    /// An interpolated string: its pieces, read in order, written into one string.
    private mutating func interpolation(_ parts: [StringPart], _ span: Span) -> Code {
        let file = self.file
        let pieces: [Operand] = parts.map { part in
            switch part {
            case .text(let text): return .constant(.string(text))
            case .interpolation(let e): return operand(e)
            }
        }
        // Two and three pieces, the usual counts, are held by the closure itself: read from an
        // array, a piece of code would be retained and released around each call.
        switch pieces.count {
        case 2:
            let (a, b) = (pieces[0], pieces[1])
            return { rt in
                .string(try Compiler.interpolate(2, rt, span, file) { try $0 == 0 ? a.value(rt) : b.value(rt) })
            }
        case 3:
            let (a, b, c) = (pieces[0], pieces[1], pieces[2])
            return { rt in
                .string(try Compiler.interpolate(3, rt, span, file) {
                    try $0 == 0 ? a.value(rt) : $0 == 1 ? b.value(rt) : c.value(rt)
                })
            }
        default:
            return { rt in .string(try Compiler.interpolate(pieces.count, rt, span, file) { try pieces[$0].value(rt) }) }
        }
    }

    /// A record literal: its fields in order, each value read by its own operand. Its records
    /// share one shape, made here.
    private mutating func recordLiteral(_ fields: [(key: String, value: Expr)]) -> Code {
        let codes = fields.map { ($0.key, operand($0.value)) }
        if Record.areDistinct(fields.map(\.key)) {
            let shape = Record.Shape(distinctNames: fields.map(\.key))
            // Each value written where the record keeps it, read in place from its operand; two
            // to four fields, the usual counts, with no array of operands to go through.
            switch codes.count {
            case 2...4:
                let literal = SmallRecordLiteral(shape, codes.map(\.1))
                return { rt in try literal.make(rt) }
            default:
                let operands = ContiguousArray(codes.map(\.1))
                return { rt in
                    .record(try operands.withUnsafeBufferPointer { operands in
                        try Record(shape: shape) { try operands[$0].value(rt) }
                    })
                }
            }
        }
        return { rt in
            var record = Record()
            for (key, code) in codes { record[key] = try code.value(rt) }
            return .record(record)
        }
    }

    /// How many bytes an interpolated string is built in on the stack before it goes on in a String.
    private static let interpolationBuffer = 64

    /// The string an interpolation makes of its pieces. Its bytes are gathered in a buffer on the
    /// stack and made a string once: appending the pieces to a String one by one costs several
    /// times more. A string too long for the buffer goes on as a String.
    /// Appends a piece to an interpolation past its buffer, measuring the memory first for a
    /// large piece. Apart, so that the common, short interpolation stays as small as it was.
    @inline(never)
    private static func appendLong(_ text: String, to long: inout String, _ rt: Runtime, _ span: Span, _ file: SourceFile) throws {
        if text.utf8.count >= ProcessMemory.checkFrom { try rt.checkMemory(long.utf8.count + text.utf8.count, span, file) }
        long += text
    }

    @inline(__always)
    static func interpolate(_ count: Int, _ rt: Runtime, _ span: Span, _ file: SourceFile,
                            piece: (Int) throws -> Value) throws -> String {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: interpolationBuffer) { buffer in
            var length = 0
            var long: String?
            for index in 0..<count {
                var text: String
                switch try piece(index) {
                case .int(let i) where long == nil && length + 20 <= interpolationBuffer:
                    length = appendDecimal(i, to: buffer, at: length)
                    if length > rt.limits.maxStringSize { try rt.checkString(length, span, file) }
                    continue
                case .string(let s): text = s
                case let value:
                    let site = Site(span, file)
                    text = try site.located { try CallContext(runtime: rt, site: site).text(of: value) }
                }
                if long == nil {
                    let fits = text.withUTF8 { bytes -> Bool in
                        guard length + bytes.count <= interpolationBuffer else { return false }
                        guard let source = bytes.baseAddress, let target = buffer.baseAddress else { return true }
                        (target + length).update(from: source, count: bytes.count)
                        length += bytes.count
                        return true
                    }
                    if fits {
                        if length > rt.limits.maxStringSize { try rt.checkString(length, span, file) }
                        continue
                    }
                    long = String(decoding: UnsafeBufferPointer(rebasing: buffer[..<length]), as: UTF8.self)
                }
                try appendLong(text, to: &long!, rt, span, file)
                if long!.utf8.count > rt.limits.maxStringSize { try rt.checkString(long!.utf8.count, span, file) }
            }
            return long ?? String(decoding: UnsafeBufferPointer(rebasing: buffer[..<length]), as: UTF8.self)
        }
    }

    /// Writes an integer's decimal digits, as `String(i)` would, at `start`; gives the end.
    private static func appendDecimal(_ i: Int, to buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var position = start
        if i < 0 {
            buffer[position] = UInt8(ascii: "-")
            position += 1
        }
        let first = position
        var magnitude = i.magnitude
        repeat {
            buffer[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            position += 1
            magnitude /= 10
        } while magnitude != 0
        var low = first, high = position - 1
        while low < high {
            buffer.swapAt(low, high)
            low += 1
            high -= 1
        }
        return position
    }

    /// Member `name` of the value in `place`: a record's field read where it is, an entity's
    /// member, or the error.
    @inline(__always)
    static func member(_ name: String, of place: UnsafeMutablePointer<Value>, _ span: Span, _ file: SourceFile) throws -> Value {
        // A record's field and an entity's member, with no reference counted on either (read
        // through the value, the record was copied around the read of its field).
        if let record = place.pointee.recordReference, let member = record.value(forKey: name) { return member }
        if let e = place.pointee.entityReference, let member = e._withUnsafeGuaranteedRef({ $0[name] }) { return member }
        let value = place.pointee
        return try located(span, file) { try Operators.member(value, name) }
    }

    /// Element or field `key` of `container`: a list's element or a record's field, or else what
    /// `Operators.index` gives, with its error at `site`.
    @inline(__always)
    static func element(_ key: Value, of container: Value, _ site: Site) throws -> Value {
        if case .int(let i) = key, let element = container.element(i) { return element }
        if case .string(let name) = key, let field = container.field(name) { return field }
        return try site.located { try Operators.index(container, key) }
    }

    /// The value of an expression made only of literals, such as `"text"` or `[nil, nil]`, or nil.
    static func constant(_ expr: Expr) -> Value? {
        switch expr {
        case .literal(let value, _):
            return value
        case .string(let parts, _):
            var text = ""
            for part in parts {
                guard case .text(let piece) = part else { return nil }
                text += piece
            }
            return .string(text)
        case .list(let items, _):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items {
                guard let value = constant(item) else { return nil }
                values.append(value)
            }
            return .list(values)
        default:
            return nil
        }
    }

    /// An operand: a constant or a local's stack slot is read in place, with no closure call.
    mutating func operand(_ expr: Expr) -> Operand {
        if let value = Compiler.constant(expr) { return .constant(value) }
        if reference { return .code(expression(expr)) }
        switch expr {
        case .name(let name, let span) where function.predicates.isEmpty:
            switch resolve(name, span).place {
            case .slot(let slot): return .slot(slot)
            case .global(let slot): return .global(slot, Unbound(name: name, span: span, file: file))
            default: return .code(expression(expr))
            }
        default:
            return .code(expression(expr))
        }
    }

    /// `v.m` with `v` a local or a global, read where the variable holds it (`MemberReader`), as
    /// `in` reads its right side and the member expression its value; nil for any other
    /// expression, in a `where` predicate, and in the reference mode.
    private mutating func memberReader(_ expr: Expr) -> MemberReader? {
        guard !reference, function.predicates.isEmpty, case .member(.name(let variable, let variableSpan), let name, let span) = expr,
              let place = resolve(variable, variableSpan).place.variable else { return nil }
        return MemberReader(variable: place, name: name, unbound: Unbound(name: variable, span: variableSpan, file: file),
                            site: Site(span, file))
    }

    /// Code for a condition, which must be a boolean.
    mutating func condition(_ expr: Expr, _ what: String) -> (Runtime) throws -> Bool {
        if reference {
            let (code, site) = (expression(expr), Site(expr.span, file))
            return { rt in
                let value = try code(rt)
                guard case .bool(let b) = value else { throw Truth.notBool(value, what, site) }
                return b
            }
        }
        // A comparison gives its answer as a Bool, with no Value in between.
        if case .binary(let op, let left, let right, let span) = expr, op.isComparison {
            let a = operand(left), file = self.file
            // `n < 2`: an integer constant on the right needs no read and no check of its type.
            if case .literal(.int(let k), _) = right {
                return a.withReader(ComparisonWithConstant(op: op, k: k, site: Site(span, file))).run
            }
            // `x == nil`: only the left operand's case is read.
            if case .literal(.null, _) = right, op == .equal || op == .notEqual {
                let equal = op == .equal
                return { rt in
                    if case .null = try a.value(rt) { return equal }
                    return !equal
                }
            }
            return a.withReaders(operand(right), Comparison(op: op, site: Site(span, file))).run
        }
        if case .binary(let op, let left, let right, let span) = expr, op == .in || op == .notIn {
            return membershipTest(left, right, negate: op == .notIn, span)
        }
        return truth(expr, what)
    }

    // `in` and a plain condition, each in a function of its own, as the literals are: `expression`
    // and `condition` recurse as deep as expressions nest, so their frames are kept small.

    /// `x in s` and `x not in s` as a value.
    private mutating func membership(_ left: Expr, _ right: Expr, negate: Bool, _ span: Span) -> Code {
        let a = operand(left), site = Site(span, file)
        if let member = memberReader(right) {
            let indexed = indexedMembership(left, member, negate: negate)
            return a.withReader(MembershipInMemberValue(member: member, negate: negate, site: site, indexed: indexed)).run
        }
        return a.withReaders(operand(right), Binary(op: negate ? .notIn : .in, site: site)).run
    }

    /// `x in s` and `x not in s` as a condition.
    private mutating func membershipTest(_ left: Expr, _ right: Expr, negate: Bool, _ span: Span) -> (Runtime) throws -> Bool {
        let a = operand(left), site = Site(span, file)
        if let member = memberReader(right) {
            let indexed = indexedMembership(left, member, negate: negate)
            return a.withReader(MembershipInMember(member: member, negate: negate, site: site, indexed: indexed)).run
        }
        return a.withReaders(operand(right), Membership(negate: negate, site: site)).run
    }

    /// For `k in v.m` with `k` a constant, the test over every built-in entity, which answers it
    /// for one in `v` (`IndexedAtom.settledAnswer(for:)`); nil for any other left operand.
    private func indexedMembership(_ left: Expr, _ member: MemberReader, negate: Bool) -> IndexedAtom? {
        Compiler.constant(left).map {
            IndexedAtom(member: member.name, op: negate ? .notIn : .in, constant: $0, memberOnLeft: false, global: nil)
        }
    }

    /// A condition that is not a comparison or `in`: a Bool, looked at where it is held.
    private mutating func truth(_ expr: Expr, _ what: String) -> (Runtime) throws -> Bool {
        // `if row.flag` with `row` a local or a global: the member's Bool looked at where it is.
        if let member = memberReader(expr) { return Truth(what: what, site: Site(expr.span, file)).make(member).run }
        return operand(expr).withReader(Truth(what: what, site: Site(expr.span, file))).run
    }

    /// A name: a variable, or inside a `where` predicate, a member of the element if it has one.
    /// There, a name that is both a member of the element and one of the program's own variables
    /// (a parameter, a `let` or `var`, a function; not a built-in or a fact) is an error, at
    /// compile time where the elements are known, else when an element has the member; in a
    /// predicate that names `it`, such a name is the variable (`it.region == region`).
    private mutating func variable(_ name: String, _ span: Span) -> Code {
        let file = self.file
        guard let predicate = function.predicates.last, name != "it", use(at: span)?.boundInPredicate != true else {
            return Compiler.read(resolve(name, span).place, name: name, span: span, file: file)
        }
        let local = resolve(name, span)
        let fallback = Compiler.read(local.place, name: name, span: span, file: file)
        let global: Int? = if case .global(let slot) = local.place { slot } else { nil }
        let namesIt = predicate.namesIt
        if global == nil && namesIt { return fallback }
        let kind = global == nil ? (use(at: span)?.isParameter == true ? "parameter" : "variable") : nil
        if !namesIt, let elements = predicate.elements,
           global.map({ runtime.globalUserBound[$0] && runtime.globalDefined[$0] }) ?? true,
           Compiler.someElement(of: elements, hasMember: name) {
            let message = Compiler.ambiguity(name, kind ?? Compiler.globalKind(runtime.globals[global!]))
            if !errors.contains(where: { $0.message == message }) { error(message, span) }  // once, at the first use
            return { _ in .null }
        }
        let element = Compiler.read(predicate.it.place, name: "it", span: span, file: file)
        return { rt in
            let value = try element(rt)
            let member: Value?
            switch value {
            case .entity(let e): member = e[name]
            case .record(let r): member = r[name]
            default: member = nil
            }
            guard let member else {
                if let global, !rt.isDefined(global: global) { throw rt.undefined(name, span, file, element: value) }
                return try fallback(rt)
            }
            if let global {
                guard rt.globalUserBound[global] && rt.isDefined(global: global) else { return member }
                if namesIt { return try fallback(rt) }
                throw SummitError(.runtime, Compiler.ambiguity(name, Compiler.globalKind(rt.global(global))), at: span, in: file)
            }
            throw SummitError(.runtime, Compiler.ambiguity(name, kind!), at: span, in: file)
        }
    }

    /// The error for a bare name in `where` that is both a member of the elements and a variable.
    static func ambiguity(_ name: String, _ kind: String) -> String {
        "'\(name)' is both a member of the elements and your \(kind) '\(name)': write 'it.\(name)' for the member; "
            + "in a predicate that uses 'it', '\(name)' alone is the \(kind) (it.\(name) == \(name))"
    }

    /// What a global the program bound is, for messages.
    static func globalKind(_ value: Value) -> String {
        if case .function = value { return "function" }
        return "variable"
    }

    /// Whether an element of a list or set (an entity or a record) has a member `name`.
    static func someElement(of elements: Value, hasMember name: String) -> Bool {
        let items: [Value]
        switch elements {
        case .list(let l): items = l
        case .set(let s): items = Array(s.prefix(10_000))
        default: return false
        }
        // A look at the first elements is enough to know what the elements are.
        for item in items.prefix(10_000) {
            switch item {
            case .entity(let e): if e[name] != nil { return true }
            case .record(let r): if r[name] != nil { return true }
            default: break
            }
        }
        return false
    }

    /// The value of a `where` source known at compile time: a constant global bound to a fact, or
    /// a member of an entity held in one (`signed`, `paris.signed`); nil otherwise.
    private mutating func knownElements(_ source: Expr) -> Value? {
        switch source {
        case .name(let name, let span):
            if use(at: span) != nil { return nil }  // a local of this function or an enclosing one
            guard let slot = runtime.boundSlot(name), runtime.globalConstant[slot] else { return nil }
            return runtime.globals[slot]
        case .member(let object, let member, _):
            guard case .entity(let e)? = knownElements(object) else { return nil }
            return e[member]
        default:
            return nil
        }
    }

    /// `source where predicate`: the elements for which the predicate is true, as a list or a set.
    private mutating func whereFilter(_ source: Expr, _ predicate: Expr, _ span: Span) -> Code {
        let elements = expression(source)
        let known = knownElements(source)
        return withScope { compiler in
            let it = compiler.declareLocal(key: Resolver.itKey(span), mutable: false)
            compiler.function.predicates.append(Predicate(it: it, namesIt: predicate.mentionsIt, elements: known))
            let test = compiler.condition(predicate, "where")
            let indexed = compiler.indexedWhere(predicate)  // WhereIndex.swift
            compiler.function.predicates.removeLast()
            let store = Compiler.write(it.place, defining: true)
            let file = compiler.file, sourceSpan = source.span, site = Site(span, file)
            return { rt in
                let value = try elements(rt)
                if let indexed, case .set(let set) = value, case .entities(let bits) = set.storage,
                   let kept = indexed.filter(bits, rt) {
                    try rt.step(site)
                    return .set(ValueSet(entities: kept))
                }
                var kept: [Value] = []
                for element in try Compiler.elements(of: value, forLoop: false, sourceSpan, file, rt) {
                    try rt.step(site)
                    store(rt, element)
                    if try test(rt) { kept.append(element) }
                }
                if case .set(let s) = value {
                    // A filter keeps the ways its set is incomplete, but not its reported count.
                    return .set(s.isComplete ? ValueSet(kept) : s.restricted(to: ValueSet(kept)))
                }
                return .list(kept)
            }
        }
    }

    // MARK: Calls

    private mutating func call(_ callee: Expr, _ arguments: [Expr], _ span: Span) -> Code {
        let file = self.file
        if case .name(let name, let nameSpan) = callee, !isOwnLocal(at: nameSpan),
           let special = specialForm(name, nameSpan, arguments, span) {
            return special
        }
        if case .member(let object, "append", _) = callee, arguments.count == 1, isPlace(object),
           let append = appendInPlace(to: object, arguments[0], span) {
            return append
        }
        let function = operand(callee)
        let codes = arguments.map { operand($0) }
        let count = codes.count
        let calleeName: String? = if case .name(let n, _) = callee { n } else { nil }
        let site = Site(span, file)
        @inline(__always) func target(_ rt: Runtime) throws -> Function {
            let value = try function.value(rt)
            guard case .function(let f) = value else { throw Compiler.cannotCall(value, calleeName, site.span, site.file) }
            return f
        }
        // Arguments go straight onto the value stack, where the callee's frame begins. The common
        // counts are spelled out, so no array of closures is walked on each call.
        switch count {
        case 0:
            return { rt in try rt.invoke(try target(rt), argumentBase: rt.top, count: 0, site) }
        case 1:
            let a = codes[0]
            let call: Code = { rt in
                let f = try target(rt)
                let argumentBase = rt.top
                rt.push(try a.value(rt))
                return try rt.invoke(f, argumentBase: argumentBase, count: 1, site)
            }
            guard !reference, case .global(let slot, _) = function else { return call }
            // `f(x)` on a global function written in Summit, the usual call, goes straight to it;
            // on a built-in of one argument, such as `count`, the argument goes straight to its body.
            let global: Code = { rt in
                if let (f, prototype) = rt.closure(inGlobal: slot) {
                    return try rt.callThroughGlobal(slot, f, prototype, count: 1, site) {
                        rt.push(try a.value(rt))
                    }
                }
                guard let builtin = rt.unaryBuiltin(inGlobal: slot) else { return try call(rt) }
                let x = try a.value(rt)
                return try site.located {
                    try builtin._withUnsafeGuaranteedRef { try $0.unary.unsafelyUnwrapped.run(x) }
                }
            }
            if calleeName == "count", let counted = countedCombination(arguments[0], countIn: slot, call: global) {
                return { rt in try counted.run(rt) }
            }
            if calleeName == "count", let counted = countedChain(arguments[0], countIn: slot, call: global) {
                return { rt in try counted.run(rt) }
            }
            return global
        case 2:
            let (a, b) = (codes[0], codes[1])
            let call: Code = { rt in
                let f = try target(rt)
                let argumentBase = rt.top
                rt.push(try a.value(rt))
                rt.push(try b.value(rt))
                return try rt.invoke(f, argumentBase: argumentBase, count: 2, site)
            }
            guard !reference, case .global(let slot, _) = function else { return call }
            let global: Code = { rt in
                guard let (f, prototype) = rt.closure(inGlobal: slot) else { return try call(rt) }
                return try rt.callThroughGlobal(slot, f, prototype, count: 2, site) {
                    rt.push(try a.value(rt))
                    rt.push(try b.value(rt))
                }
            }
            if calleeName == "join", let joined = joinedMembers(arguments, joinSlot: slot, joinSite: site, call: global) {
                return { rt in try joined.run(rt) }
            }
            if calleeName == "map", let mapped = mappedSortedMembers(arguments, mapSlot: slot, mapSite: site, call: global) {
                return { rt in try mapped.run(rt) }
            }
            return global
        default:
            return { rt in
                let f = try target(rt)
                let argumentBase = rt.top
                for code in codes { rt.push(try code.value(rt)) }
                return try rt.invoke(f, argumentBase: argumentBase, count: count, site)
            }
        }
    }

    /// `count(a op b)` counted in place (see `CountedCombination`), when `op` is a set operator,
    /// `a` a variable and `b` one too or a list literal of at most eight of them.
    private mutating func countedCombination(_ argument: Expr, countIn slot: Int, call: @escaping Code) -> CountedCombination? {
        guard case .binary(let op, let left, let right, _) = argument, op.isSetOperator,
              let a = variablePlace(left) else { return nil }
        if case .list(let items, _) = right {
            let elements = items.compactMap { variablePlace($0) }
            guard elements.count == items.count, elements.count <= 8 else { return nil }
            return CountedCombination(op: op, left: a, right: nil, elements: elements, countSlot: slot, call: call)
        }
        guard let b = variablePlace(right) else { return nil }
        return CountedCombination(op: op, left: a, right: b, elements: [], countSlot: slot, call: call)
    }

    /// `count(a op b op c ...)` counted in place (see `CountedChain`), when each `op` is a set
    /// operator and each operand a variable or a member of one.
    private mutating func countedChain(_ argument: Expr, countIn slot: Int, call: @escaping Code) -> CountedChain? {
        // `a op b op c` is `(a op b) op c`: the operands from the left, the first the innermost.
        var rest: [(op: BinaryOp, set: CountedSet)] = []
        var expr = argument
        while case .binary(let op, let left, let right, _) = expr, op.isSetOperator {
            guard let set = countedSet(right) else { return nil }
            rest.insert((op, set), at: 0)
            expr = left
        }
        guard !rest.isEmpty, let first = countedSet(expr) else { return nil }
        return CountedChain(first: first, rest: rest, countSlot: slot, call: call)
    }

    /// A variable, or a member of one, as `count(a op b)` reads it; nil for anything else.
    private mutating func countedSet(_ expr: Expr) -> CountedSet? {
        if let place = variablePlace(expr) { return .variable(place) }
        return memberReader(expr).map { .member($0) }
    }

    /// The place of a variable's name; nil for anything else.
    private mutating func variablePlace(_ expr: Expr) -> VariablePlace? {
        guard case .name(let name, let span) = expr, function.predicates.isEmpty else { return nil }
        return resolve(name, span).place.variable
    }

    static func cannotCall(_ value: Value, _ calleeName: String?, _ span: Span, _ file: SourceFile) -> SummitError {
        let what = calleeName.map { " ('\($0)' is \(value.typeName))" } ?? ""
        return SummitError(.runtime, "cannot call \(value.typeName)\(what)", at: span, in: file)
    }

    /// Appends to the list in `container`, which holds nil while the list grows, so that the list
    /// stays uniquely referenced; nil needs no destroying when the list is put back.
    @inline(__always)
    private static func append(_ value: Value, to container: UnsafeMutablePointer<Value>, _ rt: Runtime, _ span: Span, _ file: SourceFile) throws {
        guard case .list(var list) = container.pointee else {
            throw SummitError(.runtime, "append needs a list, got \(container.pointee.typeName)", at: span, in: file)
        }
        container.pointee = .null
        defer { container.initialize(to: .list(list)) }
        if list.count >= rt.limits.maxCollectionSize { try rt.checkSize(list.count + 1, span, file) }
        if list.count == list.capacity && list.count >= LargeLists.threshold { try LargeLists.grow(&list, rt, span, file) }
        list.append(value)
    }

    private func isPlace(_ expr: Expr) -> Bool {
        switch expr {
        case .name: return true
        case .member(let object, _, _), .index(let object, _, _): return isPlace(object)
        default: return false
        }
    }

    /// `place.append(x)`, changing the list in place: the place's variable and indexes are
    /// evaluated, then `x`, then the list changes. On a local or global variable, with no chain
    /// of modifiers. Nil if the place cannot be changed, which an error says.
    private mutating func appendInPlace(to object: Expr, _ argument: Expr, _ span: Span) -> Code? {
        let file = self.file
        let before = errors.count
        if case .name(let name, let nameSpan) = object, let variable = resolve(name, nameSpan).place.variable {
            guard modifier(object) != nil, errors.count == before else { return nil }
            let element = operand(argument)
            switch variable {
            case .slot(let slot):
                return { rt in
                    let value = try element.value(rt)
                    try Compiler.append(value, to: rt.localPointer(slot), rt, span, file)
                    return .null
                }
            case .global(let slot):
                return { rt in
                    guard rt.isDefined(global: slot) else { throw rt.undefined(name, nameSpan, file) }
                    let value = try element.value(rt)
                    try Compiler.append(value, to: rt.globalPointer(slot), rt, span, file)
                    return .null
                }
            }
        }
        let order = order(of: Compiler.parts(of: object) + [argument])
        if case .written = order {
            var indexes = 0
            guard let place = keyedPlace(object, &indexes), errors.count == before else { return nil }
            let element = operand(argument)
            return { rt in
                var keys: [Value] = []
                keys.reserveCapacity(indexes)
                try place.keys(rt, &keys)
                let value = try element.value(rt)
                try place.modify(rt, keys) { container in
                    try withUnsafeMutablePointer(to: &container) { try Compiler.append(value, to: $0, rt, span, file) }
                }
                return .null
            }
        }
        guard let place = modifier(object), errors.count == before else { return nil }
        var element = operand(argument)
        if case .afterCheck = order {  // `x` is evaluated first
            let read = element
            element = .code { rt in
                try order.check(rt)
                return try read.value(rt)
            }
        }
        return { rt in
            let value = try element.value(rt)
            try place(rt) { container in
                try withUnsafeMutablePointer(to: &container) { try Compiler.append(value, to: $0, rt, span, file) }
            }
            return .null
        }
    }

    /// `source(x)` and `help(x)` read their argument as an expression; `doc(x)` reads a name too.
    private mutating func specialForm(_ name: String, _ nameSpan: Span, _ arguments: [Expr], _ span: Span) -> Code? {
        guard name == "source" || name == "help" || name == "doc" else { return nil }
        // A user's own `source` or `help` is called like any function.
        if let slot = runtime.boundSlot(name), case .function(let f) = runtime.globals[slot],
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

/// A record literal of two to four distinct fields: its shape and the operands of its values,
/// in one object. A closure that captured them itself was called through a thunk that loaded all
/// of them at every call (43 instructions a record of four fields); one reference it passes as it is.
final class SmallRecordLiteral {
    let shape: Record.Shape
    /// The values' operands; those past the shape's count are never read.
    let v0: Operand, v1: Operand, v2: Operand, v3: Operand

    init(_ shape: Record.Shape, _ operands: [Operand]) {
        assert((2...4).contains(operands.count) && operands.count == shape.names.count)
        self.shape = shape
        let unused = Operand.constant(.null)
        (v0, v1) = (operands[0], operands[1])
        v2 = operands.count > 2 ? operands[2] : unused
        v3 = operands.count > 3 ? operands[3] : unused
    }

    /// The record, its values evaluated in order.
    @inline(__always)
    func make(_ rt: Runtime) throws -> Value {
        .record(try Record(shape: shape) { i in
            switch i {
            case 0: try v0.value(rt)
            case 1: try v1.value(rt)
            case 2: try v2.value(rt)
            default: try v3.value(rt)
            }
        })
    }
}

/// An operand of an operator or a call.
enum Operand {
    case constant(Value)
    case slot(Int)
    case global(Int, Unbound)
    case code(Code)

    @inline(__always)
    func value(_ rt: Runtime) throws -> Value {
        switch self {
        case .constant(let value): return value
        case .slot(let slot): return rt.local(slot)
        case .global(let slot, let unbound):
            let value = rt.global(slot)
            if case .null = value, !rt.isDefined(global: slot) { throw rt.undefined(unbound.name, unbound.span, unbound.file) }
            return value
        case .code(let code): return try code(rt)
        }
    }
}

/// What the error for a global read before it is bound names.
final class Unbound {
    let name: String
    let span: Span
    let file: SourceFile
    init(name: String, span: Span, file: SourceFile) {
        self.name = name
        self.span = span
        self.file = file
    }
}

extension Expr {
    /// Whether the expression names `it`, outside the predicates of `where`s nested in it (whose
    /// `it` is another). Functions inside it are looked into: a lambda may use the element.
    var mentionsIt: Bool {
        switch self {
        case .literal: return false
        case .name(let name, _): return name == "it"
        case .string(let parts, _):
            return parts.contains { if case .interpolation(let e) = $0 { e.mentionsIt } else { false } }
        case .list(let items, _), .set(let items, _): return items.contains { $0.mentionsIt }
        case .record(let fields, _): return fields.contains { $0.value.mentionsIt }
        case .negate(let e, _), .not(let e, _), .member(let e, _, _): return e.mentionsIt
        case .binary(_, let a, let b, _), .and(let a, let b, _), .or(let a, let b, _), .index(let a, let b, _):
            return a.mentionsIt || b.mentionsIt
        case .where(let source, _, _): return source.mentionsIt
        case .call(let callee, let arguments, _): return callee.mentionsIt || arguments.contains { $0.mentionsIt }
        case .slice(let object, let start, let end, let step, _):
            return object.mentionsIt || [start, end, step].contains { $0?.mentionsIt ?? false }
        case .try(let body, let fallback, _, _): return body.mentionsIt || fallback.mentionsIt
        case .function(let decl): return decl.body.mentionsIt
        case .if(let condition, let then, let otherwise, _):
            return condition.mentionsIt || then.mentionsIt || (otherwise?.mentionsIt ?? false)
        case .block(let block): return block.mentionsIt
        }
    }
}

extension Expr {
    /// Whether the expression may change variable `name` where it is held: a call of a method on
    /// it or on a part of it (`name.append(x)`, `name.xs.append(x)`), or a function that declares
    /// a parameter of that name. It looks no further than the syntax, so a name bound again
    /// inside counts as well (see `Block.mayChange`).
    func mayChange(_ name: String) -> Bool {
        switch self {
        case .literal, .name: return false
        case .string(let parts, _):
            return parts.contains { if case .interpolation(let e) = $0 { e.mayChange(name) } else { false } }
        case .list(let items, _), .set(let items, _): return items.contains { $0.mayChange(name) }
        case .record(let fields, _): return fields.contains { $0.value.mayChange(name) }
        case .negate(let e, _), .not(let e, _), .member(let e, _, _): return e.mayChange(name)
        case .binary(_, let a, let b, _), .and(let a, let b, _), .or(let a, let b, _), .index(let a, let b, _),
             .where(let a, let b, _):
            return a.mayChange(name) || b.mayChange(name)
        case .call(let callee, let arguments, _):
            if case .member(let object, _, _) = callee, object.root == name { return true }
            return callee.mayChange(name) || arguments.contains { $0.mayChange(name) }
        case .slice(let object, let start, let end, let step, _):
            return object.mayChange(name) || [start, end, step].contains { $0?.mayChange(name) ?? false }
        case .try(let body, let fallback, _, _): return body.mayChange(name) || fallback.mayChange(name)
        case .function(let decl): return decl.mayChange(name)
        case .if(let condition, let then, let otherwise, _):
            return condition.mayChange(name) || then.mayChange(name) || (otherwise?.mayChange(name) ?? false)
        case .block(let block): return block.mayChange(name)
        }
    }

    /// The variable a place is in: `x` for `x`, `x.a`, `x[i]` and `x[i:j]`; nil for anything else.
    var root: String? {
        switch self {
        case .name(let name, _): return name
        case .member(let object, _, _), .index(let object, _, _), .slice(let object, _, _, _, _): return object.root
        default: return nil
        }
    }
}

extension FunctionDecl {
    /// Whether the function may change variable `name` (see `Expr.mayChange`).
    func mayChange(_ name: String) -> Bool {
        self.name == name || parameters.contains { $0.name == name } || body.mayChange(name)
    }
}

extension Block {
    /// Whether a statement of the block may change variable `name` where it is held: an
    /// assignment to it or to a part of it, a method called on it (`Expr.mayChange`), or a
    /// declaration of that name, which the loop of `LoopBody.heldSlot` takes as a change too.
    func mayChange(_ name: String) -> Bool {
        statements.contains { statement in
            switch statement {
            case .expression(let e): return e.mayChange(name)
            case .binding(let bound, _, let value, _, _): return bound == name || value.mayChange(name)
            case .assign(let target, _, let value, _):
                return target.root == name || target.mayChange(name) || value.mayChange(name)
            case .function(let decl): return decl.mayChange(name)
            case .return(let value, _): return value?.mayChange(name) ?? false
            case .break, .continue, .import: return false
            case .for(let bound, _, let sequence, let body, _):
                return bound == name || sequence.mayChange(name) || body.mayChange(name)
            case .while(let condition, let body, _): return condition.mayChange(name) || body.mayChange(name)
            }
        }
    }
}

extension Block {
    /// Whether a statement of the block names `it` (see `Expr.mentionsIt`).
    var mentionsIt: Bool {
        statements.contains { statement in
            switch statement {
            case .expression(let e): return e.mentionsIt
            case .binding(_, _, let value, _, _): return value.mentionsIt
            case .assign(let target, _, let value, _): return target.mentionsIt || value.mentionsIt
            case .function(let decl): return decl.body.mentionsIt
            case .return(let value, _): return value?.mentionsIt ?? false
            case .break, .continue, .import: return false
            case .for(_, _, let sequence, let body, _): return sequence.mentionsIt || body.mentionsIt
            case .while(let condition, let body, _): return condition.mentionsIt || body.mentionsIt
            }
        }
    }
}
