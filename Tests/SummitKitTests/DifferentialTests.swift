// The differential test (issue 24): generated programs run twice, as the compiler builds them and in
// the reference mode (every node through `Operators` and `Runtime.invoke`, no fast path), under small
// limits; their output, values and errors must be the same. Two generators: the grammar's
// (GrammarRoundTripTests.swift), after a prelude that binds its names, and one of integer
// arithmetic, updates and comparisons near the edges (the smallest integer, negative divisors),
// at the top level and inside functions, where the fast paths are. `SUMMIT_DIFFERENTIAL=N` runs N
// programs of each kind in place of the default (`make differential` runs more).
import Foundation
import Testing
@testable import SummitKit

/// What a program did: each evaluation's value or error, and what it printed, in order.
private final class Transcript: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    func write(_ s: String) { lock.lock(); text += s; lock.unlock() }
    var contents: String { lock.lock(); defer { lock.unlock() }; return text }
}

/// Runs each chunk in one interpreter, in the usual or the reference mode, and tells what happened.
private func transcript(_ chunks: [String], reference: Bool, facts: Facts) -> String {
    let interpreter = Interpreter(facts: facts)
    interpreter.runtime.reference = reference
    interpreter.limits = Limits(maxSteps: 20_000, maxCallDepth: 60, maxCollectionSize: 2_000, maxStringSize: 20_000)
    let out = Transcript()
    interpreter.output = { out.write($0) }
    for chunk in chunks {
        do {
            let value = try interpreter.eval(chunk, file: "<gen>")
            out.write("=> \(value)\n")
        } catch {
            out.write("error: \(error)\n")
        }
    }
    return out.contents
}

/// Integer arithmetic, updates of variables, elements and fields, and comparisons, near the edges.
private struct ArithmeticGenerator {
    var rng: SeededGenerator
    init(seed: UInt64) { rng = SeededGenerator(state: seed) }

    mutating func pick<T>(_ items: [T]) -> T { items.randomElement(using: &rng)! }
    mutating func count(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    static let constants = ["0", "1", "2", "3", "-1", "-2", "-3", "7", "10", "-10", "9223372036854775807",
                            "(-9223372036854775807 - 1)", "4611686018427387904", "2.5", "-0.5", "0.0"]
    static let others = ["nil", "true", "\"s\"", "[1, 2]", "{1, 2}", "{n: 1}"]
    static let variables = ["a", "b", "c"]
    static let binary = ["+", "-", "*", "/", "%", "+", "-", "%", "==", "!=", "<", "<=", ">", ">="]

    mutating func constant() -> String {
        chance(0.93) ? pick(ArithmeticGenerator.constants) : pick(ArithmeticGenerator.others)
    }

    mutating func operand(_ depth: Int) -> String {
        switch count(0...(depth > 2 ? 1 : 8)) {
        case 0: return constant()
        case 1: return pick(ArithmeticGenerator.variables)
        case 2: return "-" + operand(depth + 1)
        case 3: return "(" + expression(depth + 1) + ")"
        case 4: return "xs[" + pick(["0", "1", "-1", "i", "2"]) + "]"
        case 5: return pick(["r.n", "r[\"n\"]"])
        case 6: return pick(["abs", "g"]) + "(" + expression(depth + 1) + ")"
        case 7: return "(if " + expression(depth + 1) + " < " + operand(depth + 1) + " { a } else { b })"
        default: return pick(ArithmeticGenerator.variables)
        }
    }

    mutating func expression(_ depth: Int) -> String {
        var out = operand(depth)
        // The constant on the right is a case of its own for the compiler.
        for _ in 0..<count(depth > 2 ? 0...1 : 1...2) {
            out += " " + pick(ArithmeticGenerator.binary) + " " + (chance(0.4) ? constant() : operand(depth + 1))
            if out.contains("==") || out.contains("<") || out.contains(">") || out.contains("!=") { break }
        }
        return out
    }

    mutating func statement() -> String {
        let v = pick(ArithmeticGenerator.variables)
        switch count(0...12) {
        case 0, 1: return "print(\(expression(0)))"
        case 2: return "\(v) = \(v) \(pick(["+", "-"])) \(expression(1))"
        case 3: return "\(v) \(pick(["+=", "-="])) \(expression(1))"
        case 4: return "\(v) = \(expression(0))"
        case 5:
            let k = pick(["0", "1", "-1", "i"])
            return pick(["xs[\(k)] = xs[\(k)] + \(expression(1))", "xs[\(k)] += \(expression(1))",
                         "xs[\(k)] -= \(expression(1))", "xs[\(k)] = \(expression(1))"])
        case 6: return pick(["r.n += \(expression(1))", "r[\"n\"] = r[\"n\"] - \(expression(1))", "r.n = \(expression(1))"])
        case 7: return "if \(expression(0)) { print(\(expression(1))) } else { print(\(v)) }"
        case 8: return "print(\(expression(0)) \(pick(["and", "or"])) \(expression(0)))"
        case 9: return "i = \(pick(["0", "1", "-1", "2", "i + 1"]))"
        case 10: return "while \(v) < \(pick(["3", "10", "100"])) and n < 5 { n += 1; \(v) += \(pick(["1", "2", "-1", "b"])) }"
        case 11: return "print(g(\(pick(["3", "-2", "a", "b", "1 + 1"]))))"
        default: return "print(\(v), xs, r)"
        }
    }

    static let prelude = """
        var a = \(0)
        var b = 3
        var c = -10
        var xs = [1, -2, 3]
        var r = {n: 5}
        var i = 0
        var n = 0
        fn g(m) {
            if m < 2 { return m }
            return g(m - 1) + m % 3
        }
        """

    /// Chunks to run one after another: the prelude, then statements at the top level, then the
    /// same kind of statements in a function, whose variables are locals.
    mutating func program() -> [String] {
        var chunks = [ArithmeticGenerator.prelude.replacingOccurrences(of: "var a = 0", with: "var a = \(constant())")]
        for _ in 0..<count(2...6) { chunks.append(statement()) }
        var body = ["var a = \(constant())", "var b = \(pick(ArithmeticGenerator.constants))",
                    "var c = \(pick(ArithmeticGenerator.constants))", "var xs = [1, -2, 3]", "var r = {n: 5}",
                    "var i = 0", "var n = 0"]
        for _ in 0..<count(2...6) { body.append(statement()) }
        body.append("return [a, b, c, xs, r]")
        chunks.append("fn h() {\n" + body.joined(separator: "\n") + "\n}\nprint(h())")
        return chunks
    }
}

/// The report of a program that ran differently.
private func difference(_ program: [String], _ usual: String, _ reference: String, _ name: String) -> String {
    "\(name) differs\n--- program ---\n\(program.joined(separator: "\n"))\n--- usual ---\n\(usual)\n--- reference ---\n\(reference)"
}

/// How many programs of each kind: SUMMIT_DIFFERENTIAL, or the default.
private func programCount(_ standard: Int) -> Int {
    ProcessInfo.processInfo.environment["SUMMIT_DIFFERENTIAL"].flatMap(Int.init) ?? standard
}

@Test("arithmetic programs give the same output and errors in the reference mode", arguments: 0..<4)
func arithmeticAgreesWithReference(batch: UInt64) {
    var generator = ArithmeticGenerator(seed: 0xD1FF_0000 + batch)
    for index in 0..<(programCount(2_000) / 4) {
        let program = generator.program()
        let usual = transcript(program, reference: false, facts: .none)
        let reference = transcript(program, reference: true, facts: .none)
        if usual != reference {
            Issue.record(Comment(rawValue: difference(program, usual, reference, "program \(batch)/\(index)")))
            return
        }
    }
}

@Test("programs from the grammar give the same output and errors in the reference mode", arguments: 0..<4)
func grammarAgreesWithReference(batch: UInt64) {
    var generator = ProgramGenerator(seed: 0xD1FF_1000 + batch)
    // The grammar generator's names, bound, so that programs run further than their first name.
    let prelude = """
        var x = 3
        var y = -7
        var total = 0
        var _tmp = {name: "n", n: 1, region: "r"}
        var a1 = [1, 2, 3]
        var xs = [-1, 0, 1]
        var café = "c"
        var région = 9223372036854775807
        fn f(v) = v
        """
    for index in 0..<(programCount(600) / 4) {
        let program = [prelude, generator.program()]
        let usual = transcript(program, reference: false, facts: .builtin)
        let reference = transcript(program, reference: true, facts: .builtin)
        if usual != reference {
            Issue.record(Comment(rawValue: difference(program, usual, reference, "program \(batch)/\(index)")))
            return
        }
    }
}

@Test("the reference mode is on where asked, and off by default")
func referenceModeSwitch() throws {
    let interpreter = Interpreter(facts: .none)
    #expect(interpreter.runtime.reference == (ProcessInfo.processInfo.environment["SUMMIT_REFERENCE"] == "1"))
    interpreter.runtime.reference = true
    #expect(try interpreter.eval("var t = 0\nfn h() { var s = 0; for k in [1, -2] { s += k % 3 }; return s }\nh()") == .int(-1))
}
