// Functions that only read a member of their parameter, `c => c.name`, the usual key of `sort_by`,
// `group_by` and `map` in a query. The built-ins that call a function for each element read the
// member directly where the element has it (issue 22: the call cost more than the rest of the work);
// anywhere else the function is called as written, and gives its result or its error itself.

extension Compiler {
    /// The member that `decl` reads, when its body is only `p.member` (or `return p.member`) of its
    /// one parameter `p`; nil otherwise.
    static func memberRead(_ decl: FunctionDecl) -> String? {
        guard decl.parameters.count == 1, decl.body.statements.count == 1 else { return nil }
        let body: Expr
        switch decl.body.statements[0] {
        case .expression(let e): body = e
        case .return(let e?, _): body = e
        default: return nil
        }
        guard case .member(.name(let object, _), let member, _) = body, object == decl.parameters[0].name else { return nil }
        return member
    }

    /// Member `name` of `value` where it has one, as `p.name` reads it in the function's body
    /// (`Compiler.member`: a record's field, else an entity's member); nil where the body would
    /// raise an error instead.
    @inline(__always)
    static func presentMember(_ name: String, of value: Value) -> Value? {
        if let member = value.field(name) { return member }
        if case .entity(let e) = value { return presentMember(name, of: e) }
        return nil
    }

    /// `presentMember(_:of:)` of an entity, which has no fields: its member `name`, if it has one.
    @inline(__always)
    static func presentMember(_ name: String, of entity: Entity) -> Value? { entity[name] }
}
