// How values print: `print` writes strings raw; everywhere else strings are quoted.

extension Value: CustomStringConvertible {
    /// The value as the REPL and `-e` show it: strings quoted, sets sorted, entities by name.
    public var description: String {
        var out = ""
        write(to: &out, quoted: true)
        return out
    }

    /// The value as `print` writes it: a string raw, anything else as `description`.
    public var printed: String {
        if case .string(let s) = self { return s }
        return description
    }

    func write(to out: inout String, quoted: Bool) {
        write(to: &out, quoted: quoted, depth: 0)
    }

    // Lists, sets and records nested deeper than `Value.recursionDepth` are written with a stack
    // on the heap, so that a value nested a million deep prints without exhausting the native stack.

    private func write(to out: inout String, quoted: Bool, depth: Int) {
        switch self {
        case .list, .set, .record:
            if depth >= Value.recursionDepth { return writeIteratively(to: &out) }
        default:
            break
        }
        switch self {
        case .null: out += "nil"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += Value.format(d)
        case .string(let s): if quoted { Value.quote(s, into: &out) } else { out += s }
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                item.write(to: &out, quoted: true, depth: depth + 1)
            }
            out += "]"
        case .set(let set):
            if set.isEmpty { out += "set()"; return }
            out += "{"
            for (i, item) in set.sorted.enumerated() {
                if i > 0 { out += ", " }
                item.write(to: &out, quoted: true, depth: depth + 1)
            }
            out += "}"
        case .record(let record):
            out += "{"
            for (i, (key, value)) in record.enumerated() {
                if i > 0 { out += ", " }
                if record.hasValueKeys, case let stored = record.key(named: key), !stored.isStringValue {
                    stored.write(to: &out, quoted: true, depth: depth + 1)  // `true`, `1`, `France`: the key as it is
                } else if Value.isIdentifier(key), !Runtime.keywordSet.contains(key) {
                    out += key
                } else {
                    Value.quote(key, into: &out)  // `"true"`, a string, is not the key `true`
                }
                out += ": "
                value.write(to: &out, quoted: true, depth: depth + 1)
            }
            out += "}"
        case .entity(let e): out += e.name
        case .function(let f): out += "<fn \(f.name)>"
        }
    }

    /// Writes a nested value with an explicit stack of what is left to write.
    private func writeIteratively(to out: inout String) {
        enum Work {
            case value(Value)
            case text(String)
        }
        var work: [Work] = [.value(self)]
        while let next = work.popLast() {
            switch next {
            case .text(let text):
                out += text
            case .value(.list(let items)):
                out += "["
                work.append(.text("]"))
                for (i, item) in items.enumerated().reversed() {
                    work.append(.value(item))
                    if i > 0 { work.append(.text(", ")) }
                }
            case .value(.set(let set)) where !set.isEmpty:
                out += "{"
                work.append(.text("}"))
                for (i, item) in set.sorted.enumerated().reversed() {
                    work.append(.value(item))
                    if i > 0 { work.append(.text(", ")) }
                }
            case .value(.record(let record)):
                out += "{"
                work.append(.text("}"))
                for (i, field) in Array(record).enumerated().reversed() {
                    work.append(.value(field.value))
                    work.append(.text(field.key + ": "))
                    if i > 0 { work.append(.text(", ")) }
                }
            case .value(let scalar):
                scalar.write(to: &out, quoted: true, depth: 0)
            }
        }
    }

    /// A double in its shortest form that reads back as the same number: `2.5`, `1e+20`, `3.0`.
    static func format(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return d.description
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Whether a record key prints bare: it reads as a name.
    static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || first.properties.isAlphabetic else { return false }
        return key.unicodeScalars.allSatisfy { $0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType != nil }
    }

    /// The order sets print in: numbers by value, then strings by code point (as `sort` orders
    /// them), then entities in the order of their names (``NameOrder``), then everything else by
    /// display text.
    static func displayOrder(_ a: Value, _ b: Value) -> Bool {
        switch (a.number, b.number) {
        case (_?, _?): return (Operators.numberOrder(a, b) ?? 0) < 0
        case (_?, nil): return true
        case (nil, _?): return false
        default:
            let groupA = displayGroup(a), groupB = displayGroup(b)
            if groupA != groupB { return groupA < groupB }
            if case .entity(let x) = a, case .entity(let y) = b { return NameOrder.precedes(x, y) }
            if case .string(let x) = a, case .string(let y) = b { return x < y }
            return a.description < b.description
        }
    }

    /// Strings, entities and the rest print apart, in that order.
    private static func displayGroup(_ value: Value) -> Int {
        switch value {
        case .string: return 0
        case .entity: return 1
        default: return 2
        }
    }
}
