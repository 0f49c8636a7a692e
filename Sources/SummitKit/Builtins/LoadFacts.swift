// `load_facts(path)`: the user's own facts, bound as globals with their sources, so that source(x)
// and the REPL's :why work on them as on the built-in facts. A JSON file is read by the loader of
// Facts(json:); a CSV or TSV file is one set, a row an element with the source of its membership.

extension Builtin {
    static let loadFacts = Builtin(name: "load_facts", doc: """
        load_facts(path, options)
        Binds the facts of a file as globals, each with its sources, and gives their names. A JSON
        file in the form Facts(json:) reads (docs/embedding.md); or a CSV or TSV file of one set:
        a column of its elements (named `country`: countries, found as country() finds them; any
        other name: text) and a `source` column, with optional `quote`, `confidence` and `note`.
        The set is named after the file (my_list.csv: my_list), or {name: "mine"}.
          load_facts("my_list.csv")
          source(France in my_list)
        """, arity: 1...2) { args, context in
        let file = try DataFile.path(args[0], "load_facts", context)
        let options = try Options(args, at: 1, "load_facts", allowed: ["name"])
        let text = try DataFile.text(file, context)
        let base: FactBase
        if file.hasSuffix(".json") {
            var loader = FactsJSONLoader(file: file, known: context.runtime.facts)
            base = try loader.load(try JSONReader.parse(text, file: file))
        } else {
            let name: String
            if let given = options.record["name"] {
                guard case .string(let s) = given, UserFacts.isName(s) else {
                    throw fail("the option name of load_facts() is a name such as \"my_list\", got \(given.description)")
                }
                name = s
            } else {
                name = try UserFacts.name(of: file)
            }
            var reader = CSVReader(text, file: file, separator: nil)
            base = try UserFacts.set(named: name, from: try reader.read { try context.poll($0) }, file: file, context)
        }
        let runtime = context.runtime
        for (name, fact) in base.globals { runtime.define(name, fact.value) }
        runtime.facts.merge(base)
        return .list(base.globals.map { .string($0.name) })
    }
}

enum UserFacts {
    /// Whether a string can name a global: a letter or `_`, then letters, digits and `_`.
    static func isName(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0) }
    }

    /// The global a file's set is bound to: its name without folder and extension.
    static func name(of file: String) throws -> String {
        var name = Substring(file)
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = name[..<dot] }
        guard isName(String(name)) else {
            throw Builtin.fail("load_facts(): \(Value.string(String(name)).description) is not a name to bind the set to; "
                               + "give one: load_facts(path, {name: \"my_list\"})")
        }
        return String(name)
    }

    static let sourceColumns = ["source", "quote", "confidence", "note"]

    /// The set a table stands for: an element a row, each with the source its row gives.
    static func set(named name: String, from table: CSVReader.Table, file: String, _ context: CallContext) throws -> FactBase {
        func fail(_ message: String) -> SummitError { SummitError(.io, "invalid facts in \(file): \(message)") }
        let elementColumns = table.header.filter { !sourceColumns.contains($0) }
        guard table.header.contains("source") else {
            throw fail("the header needs a \"source\" column: where each row's fact comes from")
        }
        guard elementColumns.count == 1, let column = elementColumns.first else {
            throw fail(elementColumns.isEmpty
                       ? "the header needs a column of the set's elements besides \(sourceColumns.joined(separator: ", "))"
                       : "one column holds the set's elements, and the others are \(sourceColumns.joined(separator: ", ")); "
                         + "found \(elementColumns.map { Value.string($0).description }.joined(separator: ", "))")
        }
        if column == "country", CountryLookup.function(context) == nil {
            throw Builtin.fail("load_facts(): a country column needs the fact base's country(), which this interpreter has not")
        }
        let index = Dictionary(uniqueKeysWithValues: table.header.enumerated().map { ($1, $0) })
        var elements: [Value] = []
        var elementSources: [Value: [Source]] = [:]
        var unmatched: [String] = []
        for (number, row) in table.rows.enumerated() {
            let place = "line \(table.lines[number])"
            let text = row[index[column]!]
            let element: Value
            if column == "country" {
                do {
                    element = try CountryLookup.country(text, context)
                } catch let error as SummitError where error.kind == .runtime {
                    unmatched.append("\(Value.string(text).description) (\(place))")
                    continue
                }
            } else {
                element = .string(text)
            }
            let citation = row[index["source"]!]
            guard !citation.isEmpty else { throw fail("\(place): \(Value.string(text).description) has no source") }
            var confidence = Source.Confidence.high
            if let c = index["confidence"], !row[c].isEmpty {
                guard let level = Source.Confidence(rawValue: row[c]) else {
                    throw fail("\(place): confidence must be one of \(Source.Confidence.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                confidence = level
            }
            func optional(_ name: String) -> String? { index[name].map { row[$0] }.flatMap { $0.isEmpty ? nil : $0 } }
            let source = Source(citation: citation, quote: optional("quote"), confidence: confidence, note: optional("note"))
            if elementSources[element] == nil { elements.append(element) }
            elementSources[element, default: []].append(source)
        }
        if !unmatched.isEmpty {
            throw fail("no country is named \(unmatched.joined(separator: ", "))")
        }
        var base = FactBase()
        let whole = Source(citation: file, note: "the user's file, read by load_facts")
        base.globals.append((name, Fact(value: .set(ValueSet(list: elements)), sources: [whole],
                                        elementSources: elementSources, doc: "a set read from \(file)")))
        return base
    }
}
