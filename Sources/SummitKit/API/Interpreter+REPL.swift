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
        pathValue(source).map(Self.members) ?? []
    }

    /// The members of the elements of the set or list a path such as `signed` or `paris.signed`
    /// holds, for completion inside `where`: those of the first hundred elements, in the order met.
    package func elementMemberNames(ofExpression source: String) -> [String] {
        let elements: [Value]
        switch pathValue(source) {
        case .set(let set)?: elements = Array(set.prefix(100))
        case .list(let list)?: elements = Array(list.prefix(100))
        default: return []
        }
        var names: [String] = [], seen: Set<String> = []
        for element in elements {
            for name in Self.members(of: element) where seen.insert(name).inserted { names.append(name) }
        }
        return names
    }

    private static func members(of value: Value) -> [String] {
        switch value {
        case .entity(let e): return e.members.keys
        case .record(let r): return r.keys
        default: return []
        }
    }

    /// The value of a plain name or dotted path, or nil for any other text: nothing is called.
    private func pathValue(_ source: String) -> Value? {
        let parts = source.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ Value.isIdentifier(String($0)) }),
              let root = self[String(parts[0])] else { return nil }
        var value = root
        for part in parts.dropFirst() {
            guard let next = try? Operators.member(value, String(part)) else { return nil }
            value = next
        }
        return value
    }

    /// A result as `summit -e` writes it, ending with a newline: as `print` would write it alone,
    /// but with strings quoted.
    package func displayText(_ value: Value) throws -> String {
        runtime.measureStack()
        let shown = try runtime.displayed(value, quoted: true, tables: true)
        return shown.text + "\n" + shown.legend.map { $0 + "\n" }.joined()
    }

    /// The marks of the elements of a set or list shown as a result, with their legend lines.
    package func marks(of value: Value) -> DisplayMarks { runtime.marks(of: value) }

    /// The marks of each member of a record that is a set or list, and their legend lines.
    package func memberMarks(of record: Record) -> (members: [String: DisplayMarks], legend: [String]) {
        runtime.memberMarks(of: record)
    }

    /// The doc string of a name: a keyword's (or `it`'s) meaning, a function's signature and summary,
    /// a fact's description, or an entity's members and their sources.
    package func doc(_ name: String) -> String? {
        if let text = Self.keywordDocs[name], TokenKind.keyword(name) != nil || self[name] == nil { return text }
        guard let value = self[name] else { return nil }
        return try? runtime.documentation(of: value, named: name)
    }

    /// What each keyword, and `it`, means, with an example: what `:doc where` shows.
    package static let keywordDocs: [String: String] = [
        "let": "let name = expr\nBinds a name that cannot be assigned again.\n  let europe = signed where region == \"Europe\"",
        "var": "var name = expr\nBinds a name that can be assigned again (x = e, x += e, x -= e).\n  var total = 0",
        "fn": "fn name(a, b) { ... }   or   fn name(a) = expr\nDefines a function; its value is the block's last expression, or what `return` gives.\n  fn share(s) = count(s) / count(signed)",
        "return": "return expr\nLeaves the function at once with the value of expr (nil without one).\n  fn sign(n) { if n < 0 { return -1 }\n  1 }",
        "if": "if cond { ... } else { ... }\nAn expression: its value is the branch taken, nil when none is.\n  if US in signed { \"yes\" } else { \"no\" }",
        "else": "else { ... }   or   else if cond { ... }\nThe branch of an `if` taken when its condition is false.",
        "for": "for x in xs { ... }\nRuns the block for each element: a list in order, a set in display order, a record's keys,\na string's characters.\n  for c in g7 { print(c.name) }",
        "in": "x in xs   (and x not in xs)\nWhether x is an element of a list or set, a key of a record, or a part of a string;\nalso the `in` of `for x in xs`.\n  FR in signed",
        "while": "while cond { ... }\nRepeats the block while cond is true.\n  while n > 1 { n = n / 2 }",
        "break": "break\nLeaves the innermost `for` or `while` loop.",
        "continue": "continue\nStarts the next iteration of the innermost loop.",
        "import": "import name   or   import \"path.summit\"\nLoads a module of the standard library (sets, stats) or runs a file once; its definitions\nbecome globals.\n  import stats",
        "where": "xs where cond\nThe elements of a list or set for which cond is true; a set stays a set. Inside cond, `it`\nis the element, a bare name that is a member of the elements means that member, and\n`it.name` always means the member.\n  signed where region == \"Africa\"\n  signed where it.region == \"Africa\"",
        "it": "it\nInside `where`, the element being tested.\n  range(10) where it % 3 == 0",
        "and": "a and b\nTrue when both are true; b is not evaluated when a is false.\n  FR in signed and FR in g7",
        "or": "a or b\nTrue when either is true; b is not evaluated when a is true.\n  US in signed or US in refused",
        "not": "not x   (and x not in xs)\nTrue when x is false.\n  not (US in signed)",
        "true": "true\nThe boolean true.",
        "false": "false\nThe boolean false.",
        "try": "try expr else fallback   or   try expr else e => fallback\nThe value of expr, or of the fallback when expr fails with a runtime error; after `e =>`,\ne is the error's message. A limit (steps, time, size) or an undefined name is not caught.\n  try row.n / row.d else e => nil",
        "nil": "nil\nNo value: what a missing member, an `if` without a taken branch and a function without a\nvalue give. A result that is nil is not printed in the REPL.",
    ]

    /// The built-in functions by topic, for `:help`. A built-in not named here is listed under
    /// "other", so a new one is never left out.
    static let functionTopics: [(topic: String, names: [String])] = [
        ("lists and sets", ["count", "sort", "sort_by", "reverse", "first", "last", "append", "range", "set", "list"]),
        ("each element", ["map", "filter", "reduce", "group_by", "any", "all"]),
        ("numbers", ["sum", "min", "max", "abs", "round"]),
        ("text", ["join", "split", "upper", "lower", "contains", "str"]),
        ("records and types", ["keys", "values", "type"]),
        ("facts", ["source", "country", "confirmed", "search", "help", "doc"]),
        ("output and errors", ["print", "assert", "error"]),
        ("files and tables", ["read_text", "read_lines", "read_csv", "read_json", "write", "to_csv", "to_json",
                              "to_markdown", "countries_named", "load_facts", "format", "bar_chart", "world_map"]),
    ]

    /// The built-in functions (of the core, the data built-ins and the fact base) by topic, for `:help`.
    package var functionsByTopic: [(topic: String, names: [String])] {
        let all = Builtin.core.map(\.name) + Builtin.dataIONames + runtime.facts.functions.map(\.name)
        let available = Set(all)
        var listed: Set<String> = []
        var topics: [(topic: String, names: [String])] = []
        for (topic, names) in Self.functionTopics {
            let present = names.filter(available.contains)
            listed.formUnion(present)
            if !present.isEmpty { topics.append((topic, present)) }
        }
        let other = all.filter { !listed.contains($0) }
        if !other.isEmpty { topics.append(("other", other)) }
        return topics
    }

    /// The functions each standard-library module defines, as `import NAME` topics for `:help`.
    package var stdlibFunctionsByModule: [(topic: String, names: [String])] {
        Stdlib.modules.keys.sorted().map { module in
            let names = Stdlib.modules[module]!.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("fn ") else { return nil }
                let name = line.dropFirst(3).prefix { $0 == "_" || $0.isLetter || $0.isNumber }
                return name.isEmpty ? nil : String(name)
            }
            return ("import \(module)", names)
        }
    }

    /// The fact base's globals by what they hold, for `:help`: the sets, the lists, and the
    /// entities by kind, each entity once (by the global that is its name, if one is) and in order
    /// of name. Read when asked, not at start-up.
    package var factsByTopic: [(topic: String, names: [String])] {
        var sets: [String] = [], lists: [String] = [], others: [String] = []
        var kinds: [String] = []
        var entities: [Int: (entity: Entity, name: String)] = [:]
        for (name, fact) in runtime.facts.allGlobals {
            switch fact.value {
            case .set: sets.append(name)
            case .list: lists.append(name)
            case .entity(let e):
                if !kinds.contains(e.kind) { kinds.append(e.kind) }
                if entities[e.id] == nil || name == e.name { entities[e.id] = (e, name) }
            default: others.append(name)
            }
        }
        let byName = entities.values.sorted { Value.displayOrder(.entity($0.entity), .entity($1.entity)) }
        let byKind = kinds.map { kind in (kind, byName.filter { $0.entity.kind == kind }.map(\.name)) }
        var topics: [(topic: String, names: [String])] = []
        if !sets.isEmpty { topics.append(("sets", sets)) }
        if !lists.isEmpty { topics.append(("lists", lists)) }
        for (kind, names) in byKind { topics.append((kind, names)) }
        if !others.isEmpty { topics.append(("other values", others)) }
        return topics
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
            let result = holds.map { op == .in ? $0 : !$0 }.map(String.init) ?? "not known"
            return "\(source.trimmingCharacters()) is \(result), because:\n" + lines.joined(separator: "\n")
        }
        let value = try eval(source, file: "<why>")
        guard case .set(let result) = value else {
            return "\(source.trimmingCharacters()) is \(value); :why explains a membership (x in s) or a set"
        }
        let shown = result.sorted.prefix(10)
        var out = "\(source.trimmingCharacters()) has \(result.count) element\(result.count == 1 ? "" : "s")"
        if !result.isComplete {
            out = "\(source.trimmingCharacters()) is incomplete (\(result.incompletenessReason)): it names \(result.count) element\(result.count == 1 ? "" : "s")"
        }
        out += shown.count < result.count ? "; the first \(shown.count):" : ":"
        for item in shown {
            lines = []
            _ = try explain(item, in: expr, file: file, depth: 1, into: &lines)
            out += "\n  \(item):\n" + lines.joined(separator: "\n")
        }
        return out
    }

    /// How a membership reads in `:why`: "is in", "is not in", or "is not known to be in".
    private static func phrase(_ holds: Bool?) -> String {
        switch holds {
        case true?: return "is in"
        case false?: return "is not in"
        case nil: return "is not known to be in"
        }
    }

    /// Adds the reasons `item` is or is not in the set `expr` to `lines`; gives whether it is, or nil
    /// where an incomplete set leaves it unknown (the operators then combine as "unknown" does).
    private func explain(_ item: Value, in expr: Expr, file: SourceFile, depth: Int, into lines: inout [String]) throws -> Bool? {
        let indent = String(repeating: "  ", count: depth + 1)
        let text = file.text(of: expr.span)
        switch expr {
        case .binary(let op, let left, let right, _) where [.subtract, .union, .intersection, .symmetricDifference].contains(op):
            var inner: [String] = []
            let a = try explain(item, in: left, file: file, depth: depth + 1, into: &inner)
            let b = try explain(item, in: right, file: file, depth: depth + 1, into: &inner)
            let holds: Bool?
            switch op {
            case .subtract: holds = a == false || b == true ? false : (a == true && b == false ? true : nil)
            case .union: holds = a == true || b == true ? true : (a == false && b == false ? false : nil)
            case .intersection: holds = a == false || b == false ? false : (a == true && b == true ? true : nil)
            default: holds = a.flatMap { a in b.map { a != $0 } }
            }
            lines.append("\(indent)\(item) \(Interpreter.phrase(holds)) \(text)")
            lines += inner
            return holds
        case .where(let source, let predicate, _):
            var inner: [String] = []
            let inSource = try explain(item, in: source, file: file, depth: depth + 1, into: &inner)
            let filtered = try eval(text, file: "<why>")
            let holds: Bool? = if case .set(let s) = filtered, !s.isComplete { s.membership(of: item) } else { (try? Operators.contains(filtered, item)) ?? false }
            lines.append("\(indent)\(item) \(Interpreter.phrase(holds)) \(text)")
            lines += inner
            if inSource != false, let test = try? Operators.contains(filtered.listedElements, item) {
                lines.append("\(indent)  \(file.text(of: predicate.span)) is \(test) for \(item)")
            }
            return holds
        default:
            let value = try eval(text, file: "<why>")
            let holds: Bool? = if case .set(let s) = value, !s.isComplete { s.membership(of: item) } else { try Operators.contains(value, item) }
            lines.append("\(indent)\(item) \(Interpreter.phrase(holds)) \(text)")
            if case .set(let s) = value, !s.isComplete {
                lines.append("\(indent)  \(text) is incomplete (\(s.incompletenessReason))")
            }
            if let sources = factSources(item, in: expr, value: value, isMember: holds == true) {
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
            if holds == true, case .entity(let e) = item, e.kind == "organisation", case .string(let note)? = e["note"] {
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
