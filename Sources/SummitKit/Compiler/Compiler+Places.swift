// Places: where a name lives at run time, reading, storing and changing a value there, and
// assignment. The home of the order of evaluation of an assignment's place (`order(of:)`).

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
        case .slot(let slot): rt.localPointer(slot).overwrite(with: value)
        case .box(let box):
            if defining { rt.setBox(box, Box(value)) } else { rt.box(box).value = value }
        case .capture(let index): rt.capture(index).value = value
        case .global(let slot):
            rt.defineGlobal(slot, value)
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
        case .slot(let slot): return rt.localPointer(slot)
        case .global(let slot): return rt.globalPointer(slot)
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
        for (slot, unbound) in globals where !rt.isDefined(global: slot) {
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

extension Compiler {
    // MARK: Reading and writing places

    static func read(_ place: Place, name: String, span: Span, file: SourceFile) -> Code {
        switch place {
        case .slot(let slot): return { rt in rt.local(slot) }
        case .box(let box): return { rt in rt.box(box).value }
        case .capture(let index): return { rt in rt.capture(index).value }
        case .global(let slot):
            return { rt in
                // An unbound global holds nil; only then is it worth asking whether it is bound.
                let value = rt.global(slot)
                if case .null = value, !rt.isDefined(global: slot) { throw rt.undefined(name, span, file) }
                return value
            }
        }
    }

    /// Code that stores a value in a place; `defining` a global marks it defined.
    static func write(_ place: Place, defining: Bool = false) -> Store { Store(place: place, defining: defining) }

    /// Calls `body` with the value in a place, in place, so a list held only there is not copied.
    static func modify(_ place: Place, name: String, span: Span, file: SourceFile) -> Modifier {
        switch place {
        case .slot(let slot): return { rt, body in try body(&rt.localPointer(slot).pointee) }
        case .box(let box): return { rt, body in try body(&rt.box(box).value) }
        case .capture(let index): return { rt, body in try body(&rt.capture(index).value) }
        case .global(let slot):
            return { rt, body in
                guard rt.isDefined(global: slot) else { throw rt.undefined(name, span, file) }
                try body(&rt.globalPointer(slot).pointee)
            }
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
            let local = resolve(name, nameSpan)
            if !local.mutable { error("cannot assign to '\(name)': it was declared with 'let'", nameSpan) }
            if !reference, op == .set, case .list(let items, _) = value, items.isEmpty, let variable = local.place.variable {
                return emptyList(variable, name, nameSpan)
            }
            if case .global(let slot) = local.place {
                return { rt in
                    let newValue = try code(rt)
                    guard rt.isDefined(global: slot) else { throw rt.undefined(name, nameSpan, file) }
                    rt.storeGlobal(slot, newValue)
                    return .null
                }
            }
            if case .slot(let slot) = local.place {
                return { rt in
                    let value = try code(rt)
                    rt.setLocal(slot, value)
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

    /// The most elements a list may have room for and keep it when `x = []` empties it.
    static let keptRoom = 4_096

    /// `x = []` on a local or a global: a list the variable holds, with room for at most
    /// `keptRoom` elements, is emptied where it is and keeps its room, so that a list filled again
    /// (`rows = []` at each pass of a loop, then appends) does not grow from nothing each time.
    /// The value is the same empty list; only the room held differs. Anything else in the
    /// variable is replaced by a new empty list.
    private func emptyList(_ variable: VariablePlace, _ name: String, _ nameSpan: Span) -> Code {
        let file = self.file
        return { rt in
            if case .global(let slot) = variable, !rt.isDefined(global: slot) { throw rt.undefined(name, nameSpan, file) }
            let place = variable.pointer(rt)
            guard case .list(var list) = place.pointee, list.capacity <= Compiler.keptRoom else {
                switch variable {
                case .global(let slot): rt.storeGlobal(slot, .list([]))
                case .slot(let slot): rt.setLocal(slot, .list([]))
                }
                return .null
            }
            place.pointee = .null  // the variable's reference dropped, so that `list` may hold its storage alone
            list.removeAll(keepingCapacity: true)
            place.pointee = .list(list)
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
            switch resolve(name, span).place {
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
        let local = resolve(name, nameSpan)
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
        let local = resolve(name, nameSpan)
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
        let local = resolve(name, nameSpan)
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
            let local = resolve(name, span)
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
}
