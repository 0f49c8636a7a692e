// `join(map(xs, p => p.member), ", ")`, the way a list of names is written for display, and
// `map(sort_by(xs, p => p.key), p => p.member)`, the way a sorted list of names is made: the
// members' strings read with no list of the entities made and no function called (issue 22).

extension Builtin {
    /// `join`, `map` and `sort_by`, which these calls recognise.
    static let join = core.first { $0.name == "join" }!
    static let map = core.first { $0.name == "map" }!
    static let sortBy = core.first { $0.name == "sort_by" }!
}

/// `f(a, b)`, as the call as written calls it: `a` pushed, then `b` read and pushed.
private func invoke(_ f: Function, _ a: Value, _ b: @autoclosure () throws -> Value, _ rt: Runtime, _ site: Site) throws -> Value {
    let base = rt.top
    rt.push(a)
    rt.push(try b())
    return try rt.invoke(f, argumentBase: base, count: 2, site)
}

/// The function `value`, a global's, holds, when it is `builtin`; nil otherwise.
private func heldBuiltin(_ value: Value, _ builtin: Builtin) -> Function? {
    guard case .function(let function) = value, case .builtin(let held) = function.kind, held === builtin else { return nil }
    return function
}

/// `sort_by(xs, p => p.key)` as the list whose members a call reads, `p => p.key` a function that
/// only reads a member: sorted from the key's index with no list made (`Builtin.withIDsSortedByIndex`),
/// or by calling `sort_by` as written.
final class SortedByMember {
    let items: Operand
    let function: Operand
    let key: String
    let slot: Int
    let site: Site

    init(items: Operand, function: Operand, key: String, slot: Int, site: Site) {
        (self.items, self.function, self.key, self.slot, self.site) = (items, function, key, slot, site)
    }

    /// Whether global `sort_by` holds the built-in.
    func isBuiltin(_ rt: Runtime) -> Bool { heldBuiltin(rt.global(slot), Builtin.sortBy) != nil }

    /// `sort_by(xs, p => p.key)` with `xs` already read, as the call as written makes it.
    func call(_ rt: Runtime, _ xs: Value) throws -> Value {
        guard case .function(let sortBy) = rt.global(slot) else { preconditionFailure("sort_by checked by isBuiltin") }
        return try invoke(sortBy, xs, try function.value(rt), rt, site)
    }
}

/// `join(map(xs, p => p.member), separator)`, `p => p.member` a function that only reads a member
/// and `separator` a constant string; `xs` may be `sort_by(ys, p => p.key)`. While the
/// globals `join`, `map` (and `sort_by`) hold the built-ins, the members are joined by
/// `Builtin.joinedMembers`; where it gives nil, `sort_by`, `map` and then `join` are called on the
/// `xs` (or `ys`) already read, as the calls as written would call them. While any of those
/// globals holds anything else, `call`, the call as written, runs.
final class JoinedMembers {
    /// `xs`, as an operand, or as `sort_by(ys, p => p.key)`.
    enum Items {
        case operand(Operand)
        case sorted(SortedByMember)
    }

    let items: Items
    let function: Operand
    let member: String
    let separator: String
    let joinSlot: Int
    let mapSlot: Int
    let joinSite: Site
    let mapSite: Site
    let call: Code

    init(items: Items, function: Operand, member: String, separator: String, joinSlot: Int, mapSlot: Int,
         joinSite: Site, mapSite: Site, call: @escaping Code) {
        (self.items, self.function, self.member, self.separator) = (items, function, member, separator)
        (self.joinSlot, self.mapSlot, self.joinSite, self.mapSite, self.call) = (joinSlot, mapSlot, joinSite, mapSite, call)
    }

    func run(_ rt: Runtime) throws -> Value {
        // As the call reads them: `join` first, then `map`, then the arguments.
        guard let join = heldBuiltin(rt.global(joinSlot), Builtin.join), let map = heldBuiltin(rt.global(mapSlot), Builtin.map)
        else { return try call(rt) }
        switch items {
        case .operand(let items):
            return try joined(try items.value(rt), rt, join, map)
        case .sorted(let sort):
            guard sort.isBuiltin(rt) else { return try call(rt) }
            let unsorted = try sort.items.value(rt)
            let context = CallContext(runtime: rt, site: joinSite)
            if let text = try Builtin.withIDsSortedByIndex(unsorted, member: sort.key, {
                try Builtin.joinedMembers(ids: $0, member, separator, context)
            }) ?? nil {
                return .string(text)
            }
            return try joined(try sort.call(rt, unsorted), rt, join, map)
        }
    }

    /// The members of `xs` joined, by `Builtin.joinedMembers` or else by `map` and `join`.
    @inline(__always)
    private func joined(_ xs: Value, _ rt: Runtime, _ join: Function, _ map: Function) throws -> Value {
        if let text = try Builtin.joinedMembers(xs, member, separator, CallContext(runtime: rt, site: joinSite)) {
            return .string(text)
        }
        let mapped = try invoke(map, xs, try function.value(rt), rt, mapSite)
        return try invoke(join, mapped, .string(separator), rt, joinSite)
    }
}

/// `map(sort_by(xs, p => p.key), p => p.member)`, both functions ones that only read a member.
/// While the globals `map` and `sort_by` hold the built-ins, the members' strings are read in the
/// sorted order by `Builtin.mappedSortedByIndex`; where it gives nil, `sort_by` and then `map` are
/// called on the `xs` already read. While either global holds anything else, `call`, the call as
/// written, runs.
final class MappedSortedMembers {
    let sort: SortedByMember
    let function: Operand
    let member: String
    let mapSlot: Int
    let mapSite: Site
    let call: Code

    init(sort: SortedByMember, function: Operand, member: String, mapSlot: Int, mapSite: Site, call: @escaping Code) {
        (self.sort, self.function, self.member, self.mapSlot, self.mapSite, self.call) = (sort, function, member, mapSlot, mapSite, call)
    }

    func run(_ rt: Runtime) throws -> Value {
        guard let map = heldBuiltin(rt.global(mapSlot), Builtin.map), sort.isBuiltin(rt) else { return try call(rt) }
        let xs = try sort.items.value(rt)
        if let list = Builtin.mappedSortedByIndex(xs, key: sort.key, member: member) { return .list(list) }
        let sorted = try sort.call(rt, xs)
        return try invoke(map, sorted, try function.value(rt), rt, mapSite)
    }
}

extension Compiler {
    /// `join(map(xs, p => p.member), separator)` joined with no list made (see `JoinedMembers`),
    /// when `join` is global `joinSlot` and `map` a global too; nil for any other call.
    mutating func joinedMembers(_ arguments: [Expr], joinSlot: Int, joinSite: Site, call: @escaping Code) -> JoinedMembers? {
        guard arguments.count == 2, case .call(.name("map", let mapSpan), let mapArguments, let mapCallSpan) = arguments[0],
              mapArguments.count == 2, case .function(let decl) = mapArguments[1], let member = Compiler.memberRead(decl),
              case .string(let separator)? = Compiler.constant(arguments[1]),
              case .global(let mapSlot, _) = operand(.name("map", mapSpan)) else { return nil }
        return compiledAgain { compiler in
            let items: JoinedMembers.Items = compiler.sortedByMember(mapArguments[0]).map { .sorted($0) } ?? .operand(compiler.operand(mapArguments[0]))
            return JoinedMembers(items: items,
                                 function: compiler.operand(mapArguments[1]), member: member, separator: separator,
                                 joinSlot: joinSlot, mapSlot: mapSlot, joinSite: joinSite,
                                 mapSite: Site(mapCallSpan, compiler.file), call: call)
        }
    }

    /// `map(sort_by(xs, p => p.key), p => p.member)` read with no list of the entities made (see
    /// `MappedSortedMembers`), when `map` is global `mapSlot` and `sort_by` a global too; nil for
    /// any other call.
    mutating func mappedSortedMembers(_ arguments: [Expr], mapSlot: Int, mapSite: Site, call: @escaping Code) -> MappedSortedMembers? {
        guard arguments.count == 2, case .function(let decl) = arguments[1], let member = Compiler.memberRead(decl) else { return nil }
        return compiledAgain { compiler in
            guard let sort = compiler.sortedByMember(arguments[0]) else { return nil }
            return MappedSortedMembers(sort: sort, function: compiler.operand(arguments[1]), member: member,
                                       mapSlot: mapSlot, mapSite: mapSite, call: call)
        }
    }

    /// `sort_by(xs, p => p.key)` with `sort_by` a global and `p => p.key` a function that only
    /// reads a member; nil for anything else.
    private mutating func sortedByMember(_ expr: Expr) -> SortedByMember? {
        guard case .call(.name("sort_by", let span), let arguments, let callSpan) = expr, arguments.count == 2,
              case .function(let decl) = arguments[1], let key = Compiler.memberRead(decl),
              case .global(let slot, _) = operand(.name("sort_by", span)) else { return nil }
        return SortedByMember(items: operand(arguments[0]), function: operand(arguments[1]), key: key, slot: slot,
                              site: Site(callSpan, file))
    }

    /// What `body` compiles from expressions the call as written compiled already: nil, with the
    /// errors of this second compiling dropped, where it reports any (the first reported them).
    private mutating func compiledAgain<T>(_ body: (inout Compiler) -> T?) -> T? {
        let (errorCount, spanCount) = (errors.count, errorSpans.count)
        let compiled = body(&self)
        guard errors.count == errorCount else {
            errors.removeSubrange(errorCount...)
            errorSpans.removeSubrange(spanCount...)
            return nil
        }
        return compiled
    }
}
