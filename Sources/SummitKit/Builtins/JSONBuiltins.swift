// Values as JSON and back. Sets and entities, which JSON lacks, are written in the form the facts
// files use (docs/embedding.md): {"$set": [...]} and {"$entity": "France"}, so that what to_json
// writes, read_json and Facts(json:) read back.

enum JSONValues {
    /// How deeply `to_json` nests arrays and objects: as deep as `read_json` reads.
    static var maxDepth: Int { JSONReader.maxDepth }

    /// The value of parsed JSON: an object is a record, an array a list; `{"$set": [...]}` is a set
    /// and `{"$entity": name}` the entity of that name (see `entity(named:)`).
    static func value(_ json: JSON, file: String, _ context: CallContext) throws -> Value {
        switch json {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .array(let items):
            try context.checkSize(items.count)
            return .list(try items.map { try value($0, file: file, context) })
        case .object(let fields):
            try context.checkSize(fields.count)
            if fields.count == 1, fields[0].name == "$set", case .array(let items) = fields[0].json {
                return .set(ValueSet(list: try items.map { try value($0, file: file, context) }))
            }
            if fields.count == 1, fields[0].name == "$entity", case .string(let name) = fields[0].json {
                return .entity(try entity(named: name, file: file, context))
            }
            var record = Record()
            for field in fields { record[field.name] = try value(field.json, file: file, context) }
            return .record(record)
        }
    }

    /// The entity a name stands for: a global bound to an entity (`France`, `FR`), else the one
    /// entity that bears the name (`JD Vance`), else the country that `country(name)` finds.
    static func entity(named name: String, file: String, _ context: CallContext) throws -> Entity {
        if case .entity(let e)? = context.runtime.facts.fact(.global(name))?.value { return e }
        let named = EntityRegistry.snapshot.compactMap { $0 }.filter { $0.name == name }
        if named.count == 1 { return named[0] }
        if named.isEmpty, let found = try? CountryLookup.country(name, context), case .entity(let e) = found { return e }
        let quoted = Value.string(name).description
        throw SummitError(.io, "invalid JSON in \(file): " + (named.isEmpty ? "no entity is named \(quoted)"
                                                                  : "\(named.count) entities are named \(quoted); name one by a global name"))
    }

    /// JSON text of a value, on one line or, with `indent`, a line a field or element.
    static func text(_ value: Value, indent: Int?, _ context: CallContext) throws -> String {
        var writer = Writer(indent: indent, context: context)
        try writer.write(value, level: 0)
        return writer.out
    }

    /// Writes JSON text within the string limit, polling the limits as it goes: a value whose parts
    /// are shared (`r = [r, r]` forty times) stands for more text than could ever be written.
    private struct Writer {
        var out = ""
        let indent: Int?
        let context: CallContext
        var written = 0

        init(indent: Int?, context: CallContext) {
            self.indent = indent
            self.context = context
        }

        mutating func write(_ value: Value, level: Int) throws {
            guard level <= maxDepth else { throw Builtin.fail("to_json(): the value is nested more than \(maxDepth) deep") }
            written += 1
            try context.poll(written)
            try context.checkString(out.utf8.count)
            switch value {
            case .null: out += "null"
            case .bool(let b): out += b ? "true" : "false"
            case .int(let i): out += String(i)
            case .double(let d):
                guard d.isFinite else { throw Builtin.fail("to_json(): JSON has no number \(Value.format(d))") }
                out += Value.format(d)
            case .string(let s): JSONValues.string(s, into: &out)
            case .list(let items): try array(items, level: level)
            case .record(let record): try object(record.map { ($0.key, $0.value) }, level: level)
            case .set(let set):
                // Written as a whole set, a set known only in part would be read back as complete.
                if !set.isComplete { throw Incomplete.elements(set, "to_json() cannot write") }
                out += "{\"$set\": "
                // Sorting a set of lists writes their texts: within the limits, as the rest is.
                try array(try context.sorted(set), level: level)
                out += "}"
            case .entity(let e):
                out += "{\"$entity\": "
                JSONValues.string(e.name, into: &out)
                out += "}"
            case .function: throw Builtin.fail("to_json(): a function cannot be written as JSON")
            }
        }

        private mutating func newline(_ level: Int) {
            guard let indent else { return }
            out += "\n" + String(repeating: " ", count: indent * level)
        }

        private mutating func array(_ items: [Value], level: Int) throws {
            out += "["
            for (index, item) in items.enumerated() {
                if index > 0 { out += indent == nil ? ", " : "," }
                newline(level + 1)
                try write(item, level: level + 1)
            }
            if !items.isEmpty { newline(level) }
            out += "]"
        }

        private mutating func object(_ fields: [(String, Value)], level: Int) throws {
            out += "{"
            for (index, (key, item)) in fields.enumerated() {
                if index > 0 { out += indent == nil ? ", " : "," }
                newline(level + 1)
                JSONValues.string(key, into: &out)
                out += ": "
                try write(item, level: level + 1)
            }
            if !fields.isEmpty { newline(level) }
            out += "}"
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped, the rest as UTF-8.
    static func string(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

extension Builtin {
    static let toJSON = Builtin(name: "to_json", doc: """
        to_json(value, options)
        A value as JSON text: records as objects, lists as arrays, nil as null, a set as
        {"$set": [...]} and an entity as {"$entity": "its name"}, which read_json reads back.
        On one line, or indented with {indent: 2}.
          write("signed.json", to_json(signed))
        """, arity: 1...2) { args, context in
        let options = try Options(args, at: 1, "to_json", allowed: ["indent"])
        var indent: Int?
        if let value = options.record["indent"] {
            guard case .int(let n) = value, (0...8).contains(n) else {
                throw fail("the option indent of to_json() is a number of spaces from 0 to 8, got \(value.description)")
            }
            indent = n
        }
        let text = try JSONValues.text(args[0], indent: indent, context)
        try context.checkString(text.utf8.count)
        return .string(text)
    }
}
