// How values print: `print` writes strings raw; everywhere else strings are quoted.

extension Value: CustomStringConvertible {
    /// The value as the REPL and `-e` show it: strings quoted, sets sorted, entities by name.
    public var description: String {
        var out = ""
        write(to: &out, quoted: true)
        return out
    }

    /// The start of `description`, at most `length` characters, for a message: made without
    /// writing more of the value than that, however large it is.
    func shortDescription(_ length: Int) -> String {
        var out = ""
        var budget = DisplayBudget(maxBytes: 4 * length)
        try? write(to: &out, quoted: true, budget: &budget)
        return String(out.prefix(length))
    }

    /// The value as `print` writes it: a string raw, anything else as `description`.
    public var printed: String {
        if case .string(let s) = self { return s }
        return description
    }

    func write(to out: inout String, quoted: Bool) {
        var budget = DisplayBudget.unlimited
        _ = try? write(to: &out, quoted: quoted, depth: 0, budget: &budget)
    }

    /// Writes the value within a budget: past `budget.maxBytes` of output it throws a `.limit`
    /// error, and every 4,096 values it calls `budget.poll`. A value that shares its parts
    /// (`r = [r, r]` forty times) is small in memory and a tree of 2^40 elements to write; the
    /// budget ends its walk as the string limit ends any other string.
    func write(to out: inout String, quoted: Bool, budget: inout DisplayBudget) throws {
        try write(to: &out, quoted: quoted, depth: 0, budget: &budget)
    }

    // Lists, sets and records nested deeper than `Value.recursionDepth` are written with a stack
    // on the heap, so that a value nested a million deep prints without exhausting the native stack.

    private func write(to out: inout String, quoted: Bool, depth: Int, budget: inout DisplayBudget) throws {
        try budget.count(out)
        switch self {
        case .list, .set, .record:
            if depth >= Value.recursionDepth { return try writeIteratively(to: &out, budget: &budget) }
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
                try item.write(to: &out, quoted: true, depth: depth + 1, budget: &budget)
            }
            out += "]"
        case .set(let set):
            if set.isEmpty { out += "set()"; return }
            out += "{"
            for (i, text) in try set.sortedTexts(budget: &budget).enumerated() {
                if i > 0 { out += ", " }
                out += text
            }
            out += "}"
        case .record(let record):
            out += "{"
            for (i, (key, value)) in record.enumerated() {
                if i > 0 { out += ", " }
                if Value.isIdentifier(key) { out += key } else { Value.quote(key, into: &out) }
                out += ": "
                try value.write(to: &out, quoted: true, depth: depth + 1, budget: &budget)
            }
            out += "}"
        case .entity(let e): out += e.name
        case .function(let f): out += "<fn \(f.name)>"
        }
    }

    /// Writes a nested value with an explicit stack of what is left to write.
    private func writeIteratively(to out: inout String, budget: inout DisplayBudget) throws {
        enum Work {
            case value(Value)
            case text(String)
        }
        var work: [Work] = [.value(self)]
        while let next = work.popLast() {
            try budget.count(out)
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
                for (i, text) in try set.sortedTexts(budget: &budget).enumerated().reversed() {
                    work.append(.text(text))
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
                try scalar.write(to: &out, quoted: true, depth: 0, budget: &budget)
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
}

/// How much one display of a value may write, and what it checks as it goes (see
/// `Value.write(to:quoted:budget:)`).
struct DisplayBudget {
    /// The most bytes of output; past them the walk throws `string too large`.
    var maxBytes: Int
    /// The limit the error names (`maxBytes` shrinks for the elements of a set as they are written).
    let limit: Int
    /// Called every 4,096 values written, to check the time limit and a cancellation.
    var poll: (() throws -> Void)?
    /// The lowest address the native stack may reach (0: no check). Lists and records deeper than
    /// `Value.recursionDepth` are written with a stack on the heap, but a set's elements are sorted
    /// by their texts, which are written by recursion: sets nested in sets thousands deep end in
    /// `nesting too deep` rather than past the end of a small thread's stack.
    var stackLimit: UInt
    /// Values written so far.
    private var values = 0

    init(maxBytes: Int, stackLimit: UInt = 0, poll: (() throws -> Void)? = nil) {
        self.maxBytes = maxBytes
        self.limit = maxBytes
        self.stackLimit = stackLimit
        self.poll = poll
    }

    static var unlimited: DisplayBudget { DisplayBudget(maxBytes: .max) }

    /// Counts one value about to be written after `out`.
    @inline(__always)
    mutating func count(_ out: String) throws {
        values &+= 1
        if stackLimit != 0 && Runtime.stackAddress() < stackLimit {
            throw SummitError(.limit, "value nested too deep to display")
        }
        guard values & 0xFFF == 0 || out.utf8.count > maxBytes else { return }
        if out.utf8.count > maxBytes {
            throw SummitError(.limit, "string too large (the limit is \(limit) bytes)")
        }
        try poll?()
    }
}

extension ValueSet {
    /// The display text of each element, in the order they print in.
    func sortedTexts(budget: inout DisplayBudget) throws -> [String] {
        try displayOrdered(budget: &budget).map(\.text)
    }
}
