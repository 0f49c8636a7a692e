// `source(x)`: where a fact comes from. It reads its argument as an expression, not a value: the
// source of `Vance.role` is that member's, and the source of `FR in signed` is that membership's.

extension Compiler {
    mutating func provenance(_ expr: Expr, _ span: Span) -> Code {
        let file = self.file
        switch expr {
        case .name(let name, _):
            let value = expression(expr)
            return { rt in
                let v = try value(rt)
                if let fact = rt.facts.fact(.global(name)), fact.value == v {
                    return Compiler.sources(fact.sources, fact: name)
                }
                if case .entity(let e) = v { return Compiler.sources(e.sources, fact: e.name) }
                throw SummitError(.runtime, "no source is known for '\(name)': it is not a fact of the fact base", at: span, in: file)
            }

        case .member(let object, let member, _):
            let value = expression(object)
            let text = file.text(of: expr.span)
            return { rt in
                let v = try value(rt)
                guard case .entity(let e) = v else {
                    throw SummitError(.runtime, "no source is known for '\(text)': only facts have sources, and \(v.typeName) is not one", at: span, in: file)
                }
                guard e[member] != nil else {
                    throw SummitError(.runtime, Operators.missingMember(member, of: v).message, at: span, in: file)
                }
                return Compiler.sources(e.sources(of: member), fact: "\(e.name).\(member)")
            }

        case .binary(let op, let element, let container, _) where op == .in || op == .notIn:
            let x = expression(element), s = expression(container)
            let key = factKey(container)
            let setText = file.text(of: container.span)
            return { rt in
                let item = try x(rt), set = try s(rt)
                let isMember = try Compiler.located(span, file) { try Operators.contains(set, item) }
                guard let key = try key(rt), let fact = Compiler.membershipFact(key, set, of: item, rt.facts) else {
                    throw SummitError(.runtime, "no source is known for membership in '\(setText)': it is not a fact of the fact base",
                                      at: container.span, in: file)
                }
                if isMember {
                    return Compiler.sources(fact.sources(ofElement: item), fact: "\(item) is in \(setText)")
                }
                return Compiler.sources(fact.sources, fact: "\(item) is not in \(setText)")
            }

        default:
            let value = expression(expr)
            let text = file.text(of: expr.span)
            return { rt in
                if case .entity(let e) = try value(rt) { return Compiler.sources(e.sources, fact: e.name) }
                throw SummitError(.runtime,
                                  "no source is known for '\(text)'; source() takes a fact: a name (signed), a member (Vance.role) or a membership (FR in signed)",
                                  at: span, in: file)
            }
        }
    }

    /// Code that finds the fact-base key of a set expression: a global name or an entity's member.
    private mutating func factKey(_ expr: Expr) -> (Runtime) throws -> FactKey? {
        switch expr {
        case .name(let name, _):
            return { _ in .global(name) }
        case .member(let object, let member, _):
            let value = expression(object)
            return { rt in
                guard case .entity(let e) = try value(rt) else { return nil }
                return .member(entityID: e.id, name: member)
            }
        default:
            return { _ in nil }
        }
    }

    /// The fact whose memberships `source(x in s)` reports, `s` having the value `set`: the fact
    /// stored under its key, or for a set or list member of an entity with no stored fact (no
    /// element with sources of its own), that member with the member's own sources. A string
    /// element that names a set fact holding the entity (`"g7" in France.groups`, and France in
    /// `g7`) has the sources of that membership (`FR in g7`).
    static func membershipFact(_ key: FactKey, _ set: Value, of item: Value, _ facts: FactBase) -> Fact? {
        if let fact = facts.fact(key), fact.value == set { return fact }
        guard case .member(let id, let member) = key, set.isCollection,
              let entity = EntityRegistry.entity(id), entity[member] == set else { return nil }
        if case .string(let name) = item, let group = facts.fact(.global(name)), case .set(let members) = group.value,
           members.contains(.entity(entity)) {
            return Fact(value: set, sources: entity.sources(of: member), elementSources: [item: group.sources(ofElement: .entity(entity))])
        }
        return Fact(value: set, sources: entity.sources(of: member))
    }

    /// Sources as `source(x)` gives them: a list of records, each naming the fact it supports.
    static func sources(_ sources: [Source], fact: String) -> Value {
        .list(sources.map { source in
            var record = Record([("fact", .string(fact))])
            for (key, value) in source.record { record[key] = value }
            return .record(record)
        })
    }
}
