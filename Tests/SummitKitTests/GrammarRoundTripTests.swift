// A grammar-aware generator (issue 7): random well-formed programs, built from the grammar with a
// seeded generator, must parse without errors; printing the tree and parsing the print must give the
// same tree again (compared by printed form). This reaches parser paths byte mutation rarely does.
import Testing
@testable import SummitKit

/// SplitMix64: small, seeded, the same sequence on every platform.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Writes random programs of the Summit grammar as source text.
struct ProgramGenerator {
    var rng: SeededGenerator
    let maxDepth = 6

    init(seed: UInt64) { rng = SeededGenerator(state: seed) }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &rng)! }
    mutating func count(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }

    static let names = ["x", "y", "total", "signed", "_tmp", "café", "a1", "it", "f", "xs", "région"]

    /// Space or, inside brackets where newlines do not count, sometimes a newline.
    mutating func gap(inBrackets: Bool) -> String {
        if inBrackets && chance(0.1) { return "\n" }
        return chance(0.8) ? " " : "  "
    }

    mutating func name() -> String { pick(ProgramGenerator.names) }

    mutating func number() -> String {
        switch count(0...5) {
        case 0: return String(count(0...1_000_000))
        case 1: return "1_000"
        case 2: return "\(count(0...99)).\(count(0...99))"
        case 3: return "\(count(1...9))e\(pick(["", "-", "+"]))\(count(0...30))"
        case 4: return pick(["9223372036854775807", "1.7976931348623157e308", "0.0", "5e-324"])
        default: return String(count(0...9))
        }
    }

    mutating func string(_ depth: Int) -> String {
        var out = "\""
        for _ in 0..<count(0...4) {
            switch count(0...5) {
            case 0: out += pick(["\\n", "\\t", "\\\"", "\\\\", "\\r", "\\0", "\\u{1F600}", "\\u{e9}"])
            case 1 where depth < maxDepth: out += "\\(" + expression(depth + 1, inBrackets: true) + ")"
            case 2: out += pick(["é", "日本", "#", "'", "{", "}", "(", ")"])
            default: out += pick(["a", "b c", "summit", " ", "x1"])
            }
        }
        return out + "\""
    }

    /// An operand: something that binds tighter than every binary operator.
    mutating func operand(_ depth: Int, inBrackets: Bool) -> String {
        let g = depth >= maxDepth ? count(0...3) : count(0...18)
        switch g {
        case 0: return number()
        case 1: return name()
        case 2: return pick(["true", "false", "nil"])
        case 3: return string(depth)
        case 4: return "[" + items(depth, inBrackets: true) + "]"
        case 5: return "{" + items(depth, inBrackets: true, atLeastOne: true) + "}"
        case 6: return record(depth)
        case 7: return "(" + expression(depth + 1, inBrackets: true) + ")"
        case 8: return "(" + lambda(depth) + ")"
        case 9: return "(" + ifExpression(depth) + ")"
        case 10: return operand(depth + 1, inBrackets: inBrackets) + "(" + items(depth, inBrackets: true) + ")"
        case 11: return operand(depth + 1, inBrackets: inBrackets) + "." + name()
        case 12: return operand(depth + 1, inBrackets: inBrackets) + "[" + expression(depth + 1, inBrackets: true) + "]"
        case 13: return "-" + operand(depth + 1, inBrackets: inBrackets)
        case 14: return name() + "(" + items(depth, inBrackets: true) + ")"
        case 15: return "fn(" + parameters() + ") = " + operand(depth + 1, inBrackets: inBrackets)
        case 16: return operand(depth + 1, inBrackets: inBrackets) + slice(depth)
        case 17: return "(" + tryExpression(depth) + ")"
        default: return "set()"
        }
    }

    /// `[a:b]`, `[a:]`, `[:b]`, `[:]`, `[::c]`, `[a:b:c]`...: each part there or not.
    mutating func slice(_ depth: Int) -> String {
        func part(_ g: inout ProgramGenerator) -> String { g.chance(0.5) ? g.expression(depth + 1, inBrackets: true) : "" }
        var out = "[" + part(&self) + ":" + part(&self)
        if chance(0.3) { out += ":" + part(&self) }
        return out + "]"
    }

    /// `try x else y`, `try x else e => y`, with blocks on either side at times.
    mutating func tryExpression(_ depth: Int) -> String {
        // A brace after `try` or `else` opens a block: a literal there goes in parentheses.
        func side(_ g: inout ProgramGenerator) -> String {
            if g.chance(0.2) { return "{\n" + g.statement(depth + 1) + "\n}" }  // `{}` is refused there
            let e = g.expression(depth + 1, inBrackets: false)
            return e.hasPrefix("{") ? "(" + e + ")" : e
        }
        var out = "try " + side(&self) + pick([" else ", "\nelse "])
        if chance(0.3) {
            var body = expression(depth + 1, inBrackets: false)
            if body.hasPrefix("{") { body = "(" + body + ")" }
            out += name() + " => " + (chance(0.2) ? block(depth) : body)
        } else {
            out += side(&self)
        }
        return out
    }

    mutating func items(_ depth: Int, inBrackets: Bool, atLeastOne: Bool = false) -> String {
        let n = count(atLeastOne ? 1...3 : 0...3)
        var parts: [String] = []
        for _ in 0..<n { parts.append(expression(depth + 1, inBrackets: true)) }
        var text = parts.joined(separator: "," + gap(inBrackets: true))
        if n > 0 && chance(0.1) { text += "," }
        return text
    }

    mutating func record(_ depth: Int) -> String {
        var keys = Set<String>()
        var fields: [String] = []
        for _ in 0..<count(0...3) {
            let key = pick(["name", "n", "region", "\"two words\"", "\"if\"", "é"])
            guard keys.insert(key.replacingQuotes()).inserted else { continue }
            fields.append(key + ": " + expression(depth + 1, inBrackets: true))
        }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    mutating func parameters() -> String {
        var chosen: [String] = []
        for _ in 0..<count(0...3) {
            let n = name()
            if !chosen.contains(n) { chosen.append(n) }
        }
        return chosen.joined(separator: ", ")
    }

    mutating func lambda(_ depth: Int) -> String {
        // A lambda body that starts with '{' is a block, so a set or record there needs parentheses.
        var body = expression(depth + 1, inBrackets: false)
        if body.hasPrefix("{") { body = "(" + body + ")" }
        switch count(0...3) {
        case 0: return name() + " => " + body
        case 1: return "(" + parameters() + ") => " + body
        case 2: return "(" + parameters() + ") => " + block(depth)
        default: return "fn(" + parameters() + ") " + block(depth)
        }
    }

    mutating func ifExpression(_ depth: Int) -> String {
        var out = "if " + expression(depth + 1, inBrackets: false) + " " + block(depth)
        if chance(0.3) { out += " else " + ifExpression(depth + 1) } else if chance(0.5) { out += " else " + block(depth) }
        return out
    }

    /// A chain of operands with the arithmetic and set operators, which mix without parentheses.
    mutating func chain(_ depth: Int, inBrackets: Bool) -> String {
        var out = operand(depth + 1, inBrackets: inBrackets)
        for _ in 0..<count(0...3) {
            out += gap(inBrackets: false) + pick(["+", "-", "*", "/", "%", "|", "&", "^"]) + gap(inBrackets: true)
                + operand(depth + 1, inBrackets: inBrackets)
        }
        return out
    }

    mutating func comparison(_ depth: Int, inBrackets: Bool) -> String {
        let left = chain(depth, inBrackets: inBrackets)
        guard chance(0.4) else { return left }
        return left + " " + pick(["==", "!=", "<", "<=", ">", ">=", "in", "not in"]) + " " + chain(depth, inBrackets: inBrackets)
    }

    mutating func expression(_ depth: Int, inBrackets: Bool) -> String {
        if depth >= maxDepth { return operand(depth, inBrackets: inBrackets) }
        var out = (chance(0.15) ? "not " : "") + comparison(depth, inBrackets: inBrackets)
        for _ in 0..<(chance(0.3) ? count(1...2) : 0) {
            out += " " + pick(["and", "or"]) + " " + (chance(0.1) ? "not " : "") + comparison(depth, inBrackets: inBrackets)
        }
        if chance(0.1) { out += (chance(0.2) ? "\n" : " ") + "where " + comparison(depth, inBrackets: inBrackets) }
        if chance(0.1) {
            out += (chance(0.2) ? "\n" : " ") + "|> " + pick([name(), name() + "(" + items(depth, inBrackets: true) + ")"])
        }
        return out
    }

    mutating func block(_ depth: Int) -> String {
        var out = "{\n"
        for _ in 0..<count(0...3) { out += statement(depth + 1) + "\n" }
        return out + "}"
    }

    mutating func statement(_ depth: Int) -> String {
        if depth >= maxDepth { return expression(depth, inBrackets: false) }
        switch count(0...13) {
        case 0: return "let " + name() + " = " + expression(depth + 1, inBrackets: false)
        case 1: return "var " + name() + " =" + (chance(0.1) ? "\n" : " ") + expression(depth + 1, inBrackets: false)
        case 2: return name() + " " + pick(["=", "+=", "-="]) + " " + expression(depth + 1, inBrackets: false)
        case 3: return name() + "." + name() + " = " + expression(depth + 1, inBrackets: false)
        case 4: return name() + "[" + expression(depth + 1, inBrackets: true) + "] = " + expression(depth + 1, inBrackets: false)
        case 5: return "fn " + name() + "(" + parameters() + ") " + block(depth)
        case 6: return "fn " + name() + "(" + parameters() + ") = " + expression(depth + 1, inBrackets: false)
        case 7: return pick(["return", "return " + expression(depth + 1, inBrackets: false), "break", "continue"])
        case 8: return "for " + name() + " in " + expression(depth + 1, inBrackets: false) + " " + block(depth)
        case 9: return "while " + expression(depth + 1, inBrackets: false) + " " + block(depth)
        case 10: return pick(["import sets", "import \"lib/x.summit\""])
        case 11: return ifExpression(depth)
        case 12: return expression(depth, inBrackets: false) + pick(["", " # a comment", ";"])
        default: return expression(depth, inBrackets: false)
        }
    }

    mutating func program() -> String {
        var out = pick(["", "#!/usr/bin/env summit\n"])
        for _ in 0..<count(1...6) { out += statement(0) + pick(["\n", "\n\n", "\r\n"]) }
        return out
    }
}

private extension String {
    func replacingQuotes() -> String { filter { $0 != "\"" } }
}

/// The statements of a source text, or the parser's errors.
private func parse(_ text: String) -> Result<[Stmt], SummitError> {
    var parser = Parser(SourceFile(name: "<gen>", text: text))
    let statements = parser.parseProgram()
    if let first = parser.errors.first { return .failure(first) }
    return .success(statements)
}

@Test("random programs from the grammar parse, and print and reparse to the same tree", arguments: 0..<8)
func grammarRoundTrip(batch: UInt64) throws {
    var generator = ProgramGenerator(seed: 0x5EED_0000 + batch)
    for index in 0..<50 {
        let source = generator.program()
        let first: [Stmt]
        switch parse(source) {
        case .success(let statements): first = statements
        case .failure(let error):
            Issue.record("program \(batch)/\(index) does not parse: \(error)\n--- program ---\n\(source)")
            continue
        }
        let printed = ASTPrinter.print(first)
        switch parse(printed) {
        case .success(let second):
            let reprinted = ASTPrinter.print(second)
            #expect(reprinted == printed, "program \(batch)/\(index):\n\(source)\n--- printed ---\n\(printed)\n--- reprinted ---\n\(reprinted)")
        case .failure(let error):
            Issue.record("the print of program \(batch)/\(index) does not parse: \(error)\n--- program ---\n\(source)\n--- printed ---\n\(printed)")
        }
    }
}

@Test("slices and try print in a form that reads back")
func printerSliceAndTry() throws {
    let statements = try parse("xs[1:][:-1][::2][a:b:c]\ntry xs[0] else e => e\ntry { f() } else ({a: 1})").get()
    #expect(ASTPrinter.print(statements) == """
        ((((xs)[(1):])[:(-1)])[::(2)])[a:b:c]
        (try (xs)[(0)] else e => {
            e
        })
        (try {
            (f)()
        } else ({a: (1)}))

        """)
}

@Test("the printer parenthesises fully")
func printerShape() throws {
    let statements = try parse("let x = 1 + 2 * -y where it > 0 |> f(3)\nfor a in xs { print(\"v: \\(a.b[0])\") }").get()
    #expect(ASTPrinter.print(statements) == """
        let x = (f)((((1) + ((2) * (-y))) where (it > (0))), (3))
        for a in (xs) {
            (print)("v: \\(((a).b)[(0)])")
        }

        """)
}
