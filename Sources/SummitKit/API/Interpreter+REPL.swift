// What the REPL asks of an interpreter besides evaluation: whether input is complete, the names to
// complete, members of a value, doc strings, and `:why`.

extension Interpreter {
    /// The language's keywords, for completion.
    package static let keywords: [String] = TokenKind.keywords.sorted()

    /// Whether `source` is a complete input, or needs more lines: false for an unclosed bracket,
    /// brace, string or block, or a trailing binary operator.
    package func isComplete(_ source: String) -> Bool {
        var parser = Parser(SourceFile(name: "<repl>", text: source))
        _ = parser.parseProgram()
        return !parser.endedEarly
    }

    /// The globals the user defined (or redefined), in the order they were first bound.
    package var userDefinedNames: [String] {
        runtime.boundGlobalNames.filter { name in
            guard let slot = runtime.globalIndex[name] else { return false }  // a fact not used yet
            if slot < boundGlobals.count { return runtime.globals[slot] != boundGlobals[slot] }
            return !runtime.holdsBuiltinGlobal(slot) && !runtime.holdsDataBuiltin(slot)
        }
    }

    /// The names of the standard library's modules, for `import <TAB>`.
    package var stdlibModuleNames: [String] { Stdlib.modules.keys.sorted() }

    /// The members of the value of a path such as `Vance` or `paris.declaration`, or nothing when the
    /// text is not such a path (so that completion never runs a call).
    package func memberNames(ofExpression source: String) -> [String] {
        let parts = source.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ Value.isIdentifier(String($0)) }),
              let root = self[String(parts[0])] else { return [] }
        var value = root
        for part in parts.dropFirst() {
            guard let next = try? Operators.member(value, String(part)) else { return [] }
            value = next
        }
        switch value {
        case .entity(let e): return e.members.keys
        case .record(let r): return r.keys
        default: return []
        }
    }

    /// The doc string of a bound name: a function's signature and summary, or a fact's description.
    package func doc(_ name: String) -> String? {
        guard let value = self[name] else { return nil }
        return try? runtime.documentation(of: value, named: name)
    }

    /// Explains a membership (`FR in signed - [US, UK]`) or the elements of a set result, step by
    /// step down the set expression, with the source of each fact it rests on.
    package func why(_ source: String) throws -> String {
        let file = SourceFile(name: "<why>", text: source)
        var parser = Parser(file)
        let statements = parser.parseProgram()
        if var first = parser.errors.first {
            first.otherErrors = Array(parser.errors.dropFirst())
            throw first
        }
        guard statements.count == 1, case .expression(let expr) = statements[0] else {
            throw SummitError(.syntax, ":why takes one expression, such as FR in signed - [US, UK]")
        }
        var lines: [String] = []
        if case .binary(let op, let element, let set, _) = expr, op == .in || op == .notIn {
            let item = try eval(file.text(of: element.span), file: "<why>")
            let holds = try explain(item, in: set, file: file, depth: 0, into: &lines)
            let result = op == .in ? holds : !holds
            return "\(source.trimmingCharacters()) is \(result), because:\n" + lines.joined(separator: "\n")
        }
        let value = try eval(source, file: "<why>")
        guard case .set(let result) = value else {
            return "\(source.trimmingCharacters()) is \(value); :why explains a membership (x in s) or a set"
        }
        let shown = result.sorted.prefix(10)
        var out = "\(source.trimmingCharacters()) has \(result.count) element\(result.count == 1 ? "" : "s")"
        out += shown.count < result.count ? "; the first \(shown.count):" : ":"
        for item in shown {
            lines = []
            _ = try explain(item, in: expr, file: file, depth: 1, into: &lines)
            out += "\n  \(item):\n" + lines.joined(separator: "\n")
        }
        return out
    }

    /// Adds the reasons `item` is or is not in the set `expr` to `lines`; gives whether it is.
    private func explain(_ item: Value, in expr: Expr, file: SourceFile, depth: Int, into lines: inout [String]) throws -> Bool {
        let indent = String(repeating: "  ", count: depth + 1)
        let text = file.text(of: expr.span)
        switch expr {
        case .binary(let op, let left, let right, _) where [.subtract, .union, .intersection, .symmetricDifference].contains(op):
            var inner: [String] = []
            let a = try explain(item, in: left, file: file, depth: depth + 1, into: &inner)
            let b = try explain(item, in: right, file: file, depth: depth + 1, into: &inner)
            let holds: Bool
            switch op {
            case .subtract: holds = a && !b
            case .union: holds = a || b
            case .intersection: holds = a && b
            default: holds = a != b
            }
            lines.append("\(indent)\(item) is \(holds ? "" : "not ")in \(text)")
            lines += inner
            return holds
        case .where(let source, let predicate, _):
            var inner: [String] = []
            let inSource = try explain(item, in: source, file: file, depth: depth + 1, into: &inner)
            let filtered = try eval(text, file: "<why>")
            let holds = (try? Operators.contains(filtered, item)) ?? false
            lines.append("\(indent)\(item) is \(holds ? "" : "not ")in \(text)")
            lines += inner
            if inSource {
                lines.append("\(indent)  \(file.text(of: predicate.span)) is \(holds) for \(item)")
            }
            return holds
        default:
            let value = try eval(text, file: "<why>")
            let holds = try Operators.contains(value, item)
            lines.append("\(indent)\(item) is \(holds ? "" : "not ")in \(text)")
            if let sources = factSources(item, in: expr, value: value, isMember: holds) {
                // The element's own sources, and the words of a source when there are any.
                var shown = Array(sources.prefix(3))
                if !shown.contains(where: { $0.quote != nil }), let quoted = sources.first(where: { $0.quote != nil }) {
                    shown.append(quoted)
                }
                for source in shown {
                    var line = "\(indent)  source: \(source.citation) (\(source.confidence.rawValue))"
                    if let quote = source.quote { line += "\n\(indent)    \"\(quote)\"" }
                    lines.append(line)
                }
            }
            // An entity's own note reads the answer right: the African Union is in the G20, while
            // its Commission signed the Paris statement.
            if holds, case .entity(let e) = item, e.kind == "organisation", case .string(let note)? = e["note"] {
                lines.append("\(indent)  note: \(note)")
            }
            return holds
        }
    }

    /// The sources of a membership in a fact set named by a global or an entity's member.
    private func factSources(_ item: Value, in expr: Expr, value: Value, isMember: Bool) -> [Source]? {
        let key: FactKey
        switch expr {
        case .name(let name, _): key = .global(name)
        case .member(let object, let name, _):
            guard case .entity(let holder)? = try? evalPath(object) else { return nil }
            key = .member(entityID: holder.id, name: name)
        default: return nil
        }
        guard let fact = runtime.facts.fact(key), fact.value == value else { return nil }
        return isMember ? fact.sources(ofElement: item) : fact.sources
    }

    private func evalPath(_ expr: Expr) throws -> Value? {
        switch expr {
        case .name(let name, _): return self[name]
        case .member(let object, let name, _):
            guard let value = try evalPath(object) else { return nil }
            return try Operators.member(value, name)
        default: return nil
        }
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
