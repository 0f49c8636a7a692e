// `join(map(xs, p => p.member), ", ")`, the way a list of names is written for display: the
// members' strings joined with no list made and no function called (issue 22).

extension Builtin {
    /// `join` and `map`, which `join(map(xs, p => p.member), separator)` recognises.
    static let join = core.first { $0.name == "join" }!
    static let map = core.first { $0.name == "map" }!
}

/// `join(map(xs, p => p.member), separator)`, `p => p.member` a function that only reads a member
/// and `separator` a constant string. While the globals `join` and `map` hold the built-ins, the
/// members are joined by `Builtin.joinedMembers`; where it gives nil, `map` and then `join` are
/// called on the `xs` already read, as the calls as written would call them. While either global
/// holds anything else, `call`, the call as written, runs.
struct JoinedMembers {
    let items: Operand
    let function: Operand
    let member: String
    let separator: String
    let joinSlot: Int
    let mapSlot: Int
    let joinSite: Site
    let mapSite: Site
    let call: Code

    func run(_ rt: Runtime) throws -> Value {
        // As the call reads them: `join` first, then `map`, then the arguments.
        guard case .function(let join) = rt.global(joinSlot), case .builtin(let joinBuiltin) = join.kind, joinBuiltin === Builtin.join,
              case .function(let map) = rt.global(mapSlot), case .builtin(let mapBuiltin) = map.kind, mapBuiltin === Builtin.map
        else { return try call(rt) }
        let xs = try items.value(rt)
        if let text = try Builtin.joinedMembers(xs, member, separator, CallContext(runtime: rt, site: joinSite)) {
            return .string(text)
        }
        let mapBase = rt.top
        rt.push(xs)
        rt.push(try function.value(rt))
        let mapped = try rt.invoke(map, argumentBase: mapBase, count: 2, mapSite)
        let joinBase = rt.top
        rt.push(mapped)
        rt.push(.string(separator))
        return try rt.invoke(join, argumentBase: joinBase, count: 2, joinSite)
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
        // The call as written compiled these already: a second compiling reports nothing new.
        let (errorCount, spanCount) = (errors.count, errorSpans.count)
        let items = operand(mapArguments[0]), function = operand(mapArguments[1])
        guard errors.count == errorCount else {
            errors.removeSubrange(errorCount...)
            errorSpans.removeSubrange(spanCount...)
            return nil
        }
        return JoinedMembers(items: items, function: function, member: member, separator: separator,
                             joinSlot: joinSlot, mapSlot: mapSlot, joinSite: joinSite, mapSite: Site(mapCallSpan, file), call: call)
    }
}
