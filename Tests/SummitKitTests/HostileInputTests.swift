// Hostile input (issue 7): whatever text the embedded interpreter is given, it answers with a value
// or a SummitError and stays alive. Deep nesting is a syntax error, runaway recursion a limit error,
// and arithmetic and sizes past the limits are errors too, never a trap.
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import SummitKit

/// The error `source` gives in a fresh interpreter with the default limits, or nil when it runs.
private func failure(_ source: String, limits: Limits = Limits()) -> SummitError? {
    let interpreter = Interpreter()
    interpreter.output = { _ in }
    interpreter.limits = limits
    do {
        _ = try interpreter.eval(source)
        return nil
    } catch let error as SummitError {
        return error
    } catch {
        Issue.record("not a SummitError: \(error)")
        return nil
    }
}

private func expectSyntaxError(_ source: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let error = failure(source)
    #expect(error?.kind == .syntax, sourceLocation: sourceLocation)
    #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")", sourceLocation: sourceLocation)
}

private let deep = 100_000

@Suite("deep nesting is a syntax error")
struct DeepNesting {
    @Test func parentheses() {
        expectSyntaxError(String(repeating: "(", count: deep) + "1" + String(repeating: ")", count: deep), "nesting too deep")
    }

    @Test func lists() {
        expectSyntaxError(String(repeating: "[", count: deep) + String(repeating: "]", count: deep), "nesting too deep")
    }

    @Test func setsAndBlocks() {
        expectSyntaxError(String(repeating: "{", count: deep) + String(repeating: "}", count: deep), "nesting too deep")
        expectSyntaxError("fn f() " + String(repeating: "{ ", count: deep) + String(repeating: "}", count: deep), "nesting too deep")
    }

    @Test func negations() {
        expectSyntaxError(String(repeating: "-", count: deep) + "x", "nesting too deep")
        expectSyntaxError(String(repeating: "not ", count: deep) + "x", "nesting too deep")
    }

    @Test func ifs() {
        expectSyntaxError(String(repeating: "if true { ", count: deep) + String(repeating: "}", count: deep), "nesting too deep")
    }

    @Test func lambdas() {
        expectSyntaxError(String(repeating: "x => ", count: deep) + "x", "nesting too deep")
        expectSyntaxError(String(repeating: "fn() = ", count: deep) + "1", "nesting too deep")
    }

    @Test func interpolations() {
        // Each level is a string whose interpolation holds the next: "\("\("...")")".
        let source = String(repeating: #""\("#, count: deep) + "1" + String(repeating: #")""#, count: deep)
        expectSyntaxError(source, "nesting too deep")
    }

    @Test func longChains() {
        let terms = 1_000_000
        var source = "let a = 1\n"
        source.reserveCapacity(terms * 4)
        source += "a"
        for _ in 1..<terms { source += " + a" }
        expectSyntaxError(source, "expression too long")
        for op in ["or", "and", "where", "|>", "*", "|"] {
            expectSyntaxError("a" + String(repeating: " \(op) a", count: 100_000), "expression too long")
        }
        // A call's arguments and an index are nested inside the chain, so these may hit either bound.
        expectSyntaxError("f" + String(repeating: "(1)", count: 100_000), "too")
        expectSyntaxError("r" + String(repeating: ".a", count: 100_000), "expression too long")
        expectSyntaxError("r" + String(repeating: "[0]", count: 100_000), "too")
    }

    @Test("chains inside brackets inside chains stay bounded")
    func chainsOfNestedChains() {
        // Each bracket holds a chain of 1,500 additions: alone each is fine, but nested they would
        // make a tree hundreds of thousands deep.
        let chain = String(repeating: "1 + ", count: 1_500)
        expectSyntaxError(String(repeating: chain + "(", count: 200) + "1" + String(repeating: ")", count: 200),
                          "expression too long")
    }

    @Test("an error inside a deep block does not reset the nesting bound")
    func recoveryKeepsDepth() {
        // Each line opens 150 blocks and then has an error; recovery must not forget the open ones.
        let line = String(repeating: "{ ", count: 150) + ")\n"
        let error = failure(String(repeating: line, count: 2_000))
        #expect(error?.kind == .syntax)
    }

    @Test("nesting within the bound still works")
    func shallowNesting() throws {
        let interpreter = Interpreter()
        #expect(try interpreter.eval(String(repeating: "(", count: 150) + "1" + String(repeating: ")", count: 150)) == 1)
        #expect(try interpreter.eval("let a = 1\n" + "a" + String(repeating: " + a", count: 1_999)) == 2_000)
        #expect(try interpreter.eval(String(repeating: "-", count: 100) + "1") == 1)
    }
}

@Suite("runaway recursion is a limit error")
struct Recursion {
    static let script = "fn f(x) = f(x)\nf(1)"

    static func check(_ error: SummitError?) {
        #expect(error?.kind == .limit)
        #expect(error?.message.hasPrefix("call depth exceeded") == true, "\(error?.message ?? "no error")")
        #expect((error?.trace.count ?? 100) <= 9, "a short trace: \(error?.trace ?? [])")
    }

    @Test func onTheCallersThread() {
        Recursion.check(failure(Recursion.script))
    }

    @Test("in a detached task")
    func inATask() async {
        let error = await Task.detached { failure(Recursion.script) }.value
        Recursion.check(error)
    }

    @Test("on threads of 512 KiB, 1 MiB and 8 MiB (the main thread's size)", arguments: [512 << 10, 1 << 20, 8 << 20])
    func onASmallStack(size: Int) {
        let error = onThread(stackSize: size) { failure(Recursion.script) }
        Recursion.check(error)
    }

    @Test("a host's call into runaway recursion on a small thread, after an eval on another")
    func hostCallOnASmallStack() {
        let interpreter = Interpreter()
        _ = try? interpreter.eval("fn f(x) = f(x)")
        let error: SummitError? = onThread(stackSize: 512 << 10) {
            do {
                _ = try interpreter.call("f", with: [1])
                return nil
            } catch {
                return error as? SummitError
            }
        }
        Recursion.check(error)
        // The stack bound is the calling thread's, not the one the last eval ran on.
        _ = try? interpreter.eval("fn g(n) = if n == 0 { 0 } else { g(n - 1) }")
        let value: Result<Value, SummitError> = onThread(stackSize: 512 << 10) {
            Result { try interpreter.call("g", with: [30]) }.mapError { $0 as! SummitError }
        }
        #expect((try? value.get()) == 0, "\(value)")
        _ = onThread(stackSize: 512 << 10) { try? interpreter.eval("1") }
        #expect((try? interpreter.call("g", with: [30])) == 0)
        Recursion.check(#expect(throws: SummitError.self) { try interpreter.call("f", with: [1]) } ?? nil)
    }

    @Test("deep recursion through built-ins on a small thread")
    func throughBuiltins() {
        let error = onThread(stackSize: 512 << 10) { failure("fn f(x) = map([x], f)\nf(1)") }
        #expect(error?.kind == .limit)
    }

    @Test("deep nesting on a small thread is still an error, not a crash")
    func deepNestingOnASmallStack() {
        let source = String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000)
        let error = onThread(stackSize: 512 << 10) { failure(source) }
        #expect(error?.kind == .syntax)
    }
}

private final class ThreadBody {
    let run: () -> Void
    init(_ run: @escaping () -> Void) { self.run = run }
}

/// Runs `body` on a new thread with the given stack size and gives its result.
func onThread<T>(stackSize: Int, _ body: @escaping () -> T) -> T {
    var value: T?
    let context = ThreadBody { value = body() }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    pthread_attr_setstacksize(&attributes, stackSize)
    var thread = pthread_t()
    let pointer = Unmanaged.passRetained(context).toOpaque()
    let created = pthread_create(&thread, &attributes, { raw in
        Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue().run()
        return nil
    }, pointer)
    pthread_attr_destroy(&attributes)
    precondition(created == 0, "pthread_create failed")
    pthread_join(thread, nil)
    return value!
}

@Suite("arithmetic and sizes past the limits are errors")
struct LimitsAndArithmetic {
    @Test(arguments: [
        ("9223372036854775807 + 1", "integer overflow"),
        ("-9223372036854775807 - 2", "integer overflow"),
        ("9223372036854775807 * 2", "integer overflow"),
        ("let m = -9223372036854775807 - 1\nm / -1", "integer overflow"),
        ("let m = -9223372036854775807 - 1\n-m", "integer overflow"),
        ("let m = -9223372036854775807 - 1\nabs(m)", "integer overflow"),
        ("1 / 0", "division by zero"),
        ("1 % 0", "division by zero"),
        ("1.5 % 0", "division by zero"),
        ("round(1e300)", "does not fit"),
        ("0.0 / 0.0", "division by zero"),
        ("1.0 / 0", "division by zero"),
        ("1e308 * 10", "number overflow"),
        ("99999999999999999999", "does not fit in 64 bits"),
    ])
    func arithmetic(source: String, message: String) {
        let error = failure(source)
        #expect(error != nil)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
    }

    @Test(arguments: [
        "range(1e18)",
        "range(-9223372036854775807 - 1, 9223372036854775807)",
        "range(0, 9223372036854775807, 2)",
        "range(9223372036854775807, -9223372036854775807 - 1, -1)",
        "\"x\" * 1000000000000",
        "[1] * 1000000000000",
        "[1, 2] * 4611686018427387904",
        "\"ab\" * 4611686018427387904",
    ])
    func sizes(source: String) {
        let error = failure(source)
        #expect(error?.kind == .limit, "\(error?.message ?? "no error")")
    }

    @Test("range with extreme bounds and steps")
    func rangeBounds() throws {
        let interpreter = Interpreter()
        #expect(try interpreter.eval("range(0, 9223372036854775807, 9223372036854775807)") == [0])
        #expect(try interpreter.eval("range(-9223372036854775807 - 1, 9223372036854775807, 9223372036854775807)")
                == [.int(.min), -1, .int(.max - 1)])
        #expect(try interpreter.eval("range(5, 0, -9223372036854775807 - 1)") == [5])
        #expect(try interpreter.eval("range(5, 0)") == [])
        #expect(try interpreter.eval("[] * 1000000000000000000") == [])
        #expect(try interpreter.eval("\"\" * 1000000000000000000") == "")
        #expect(try interpreter.eval("range(1, 10, 3)") == [1, 4, 7])
        #expect(try interpreter.eval("range(10, 1, -3)") == [10, 7, 4])
    }

    @Test("growth past the collection and string limits")
    func growth() {
        let small = Limits(maxCollectionSize: 1_000, maxStringSize: 1_000)
        #expect(failure("var xs = []\nwhile true { xs.append(1) }", limits: small)?.kind == .limit)
        #expect(failure("var xs = [1]\nwhile true { xs = xs + xs }", limits: small)?.kind == .limit)
        #expect(failure("var s = \"x\"\nwhile true { s = s + s }", limits: small)?.kind == .limit)
        #expect(failure("var s = \"x\"\nwhile true { s = \"\\(s)\\(s)\" }", limits: small)?.kind == .limit)
        #expect(failure("var s = \"x\"\nwhile true { s = join([s, s]) }", limits: small)?.kind == .limit)
        #expect(failure("range(2000)", limits: small)?.kind == .limit)
        #expect(failure("join([\"x\" * 600] * 2)", limits: small)?.kind == .limit)
        #expect(failure("join([\"x\" * 600, \"\"], \"y\" * 600)", limits: small)?.kind == .limit)
        #expect(failure("join([\"x\" * 500, \"x\" * 499], \"-\")", limits: small) == nil)
    }

    @Test("any timeout a host sets, however odd, is taken", arguments: [Double.infinity, 1e300, 1e10, Double.nan, -1, 0])
    func oddTimeouts(timeout: Double) throws {
        let interpreter = Interpreter()
        interpreter.limits.timeout = timeout
        #expect(try interpreter.eval("1 + 1") == 2)
    }

    @Test("steps and time are bounded")
    func stepsAndTime() {
        #expect(failure("while true {}", limits: Limits(maxSteps: 10_000))?.kind == .limit)
        #expect(failure("while true {}", limits: Limits(timeout: 0.05))?.kind == .limit)
    }
}

@Suite("many errors")
struct ManyErrors {
    @Test("a long line full of errors reports the first hundred, quickly", arguments: [");", "break;", "\"\\(;)\";"])
    func longLineOfErrors(piece: String) {
        let error = failure(String(repeating: piece, count: 100_000))
        #expect(error?.kind == .syntax)
        #expect(error?.otherErrors.count == SummitError.maxReported)
        #expect(error?.otherErrors.last?.message.hasPrefix("too many errors") == true)
    }

    @Test("a very long undefined name, also when a long name is defined")
    func longUndefinedName() {
        let error = failure(String(repeating: "x", count: 1_000_000))
        #expect(error?.message.hasPrefix("undefined name") == true)
        let long = String(repeating: "y", count: 50_000)
        let near = failure("let \(long) = 1\n\(long)z")
        #expect(near?.message.hasPrefix("undefined name") == true)
    }
}

@Suite("deeply nested values")
struct DeepValues {
    /// A value nested `levels` deep, lists and records by turns, made without recursion.
    static func nested(_ levels: Int, innermost: Value = .list([])) -> Value {
        var value = innermost
        for i in 0..<levels { value = i % 2 == 0 ? .list([value, 1]) : .record(Record([("a", value)])) }
        return value
    }

    /// Frees a value made by `nested` from the outside in, as freeing it whole would recurse.
    static func dismantle(_ value: inout Value) {
        while true {
            switch value {
            case .list(let items) where !items.isEmpty: value = items[0]
            case .record(let record): value = record["a"] ?? .null
            default: return
            }
        }
    }

    @Test("a value nested 100,000 deep prints without recursing that deep")
    func display() {
        var value = DeepValues.nested(100_000)
        let text = value.description
        #expect(text.count == 2 + 5 * 100_000)
        #expect(text.hasPrefix("{a: [{a: [{a: ["))
        #expect(text.hasSuffix("}, 1]}, 1]}") && text.contains("{a: [[], 1]}, 1]"))
        DeepValues.dismantle(&value)
    }

    @Test("values nested 100,000 deep compare and hash without recursing that deep")
    func equality() {
        var a = DeepValues.nested(100_000), b = DeepValues.nested(100_000)
        var c = DeepValues.nested(100_000, innermost: .list([2]))
        #expect(a == b)
        #expect(a != c)
        #expect(a.hashValue == b.hashValue)
        #expect(ValueSet([a]).contains(b))
        #expect(!ValueSet([a]).contains(c))
        #expect(Value.set(ValueSet([a])) == Value.set(ValueSet([b])))
        DeepValues.dismantle(&a)
        DeepValues.dismantle(&b)
        DeepValues.dismantle(&c)
    }

    @Test("shallow values compare and hash as before")
    func shallowEquality() throws {
        let interpreter = Interpreter()
        for (source, expected) in [
            ("[1, 2.0] == [1.0, 2]", true), ("{a: 1, b: [1]} == {b: [1.0], a: 1}", true),
            ("{a: 1} == {a: 1, b: 2}", false), ("{a: 1, c: 2} == {a: 1, b: 2}", false), ("[[1], [2]] == [[1], [3]]", false),
            ("count(set([{a: 1, b: 2}, {b: 2, a: 1}, [1, 2], [1.0, 2.0], {1, 2}, {2, 1}]))", false),
        ] {
            let value = try interpreter.eval(source)
            if case .bool(let b) = value { #expect(b == expected, "\(source)") } else { #expect(value == 3, "\(source)") }
        }
    }

    @Test("shallow values print as before")
    func shallow() throws {
        let interpreter = Interpreter()
        #expect(try interpreter.eval("[1, {a: [set(), {2, 3}], b: \"x\"}, []]").description == #"[1, {a: [set(), {2, 3}], b: "x"}, []]"#)
        // Around the depth where writing switches from recursion to a stack of its own.
        for levels in [63, 64, 65, 70, 200] {
            var expected = "[]"
            for i in 0..<levels { expected = i % 2 == 0 ? "[" + expected + ", 1]" : "{a: " + expected + "}" }
            var value = DeepValues.nested(levels)
            #expect(value.description == expected)
            #expect(Value.list([value, .set(ValueSet([value]))]).description == "[\(expected), {\(expected)}]")
            DeepValues.dismantle(&value)
        }
    }
}

@Suite("odd text")
struct OddText {
    @Test func nulByte() {
        let error = failure("let x = 1\u{0}")
        #expect(error?.kind == .syntax)
        #expect(error?.message.contains("U+0000") == true, "\(error?.message ?? "")")
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let interpreter = Interpreter()
        #expect(try interpreter.eval("\u{FEFF}let x = 1\r\nx + 1\r\n") == 2)
    }

    @Test func replacementCharacters() {
        // What a host gets from String(decoding:) of invalid UTF-8.
        let text = String(decoding: [0x6C, 0x65, 0x74, 0x20, 0xFF, 0xFE, 0x20, 0x3D, 0x20, 0x31], as: UTF8.self)
        #expect(failure(text)?.kind == .syntax)
    }

    @Test(arguments: ["\"", "\"\\(", "\"\\(\"", "\"\\u{", "\"\\u{110000}\"", "\"\\u{FFFFFFFFF}\"", "\"\\", "fn(", "{a:", "(a, b) =>",
                      "x.", "1e", "1_", "0x", "import", "\"\\(1 ;)\"", ";;;", "}", "]", ")", "\r", "\t#"])
    func fragments(source: String) {
        _ = failure(source)  // must not crash; an error or a value are both fine
    }
}

@Suite("issue 25: the low findings")
struct LowFindings {
    @Test("a syntax error at the end of a 10 MB line shows a window of it")
    func longLineDiagnostic() throws {
        let line = "let s = \"" + String(repeating: "a", count: 10_000_000) + "\")"
        let error = try #require(failure(line))
        #expect(error.kind == .syntax)
        #expect(error.location?.column == 10_000_011)
        let shown = error.description.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(shown.count == 3)
        #expect(shown[1].hasPrefix("...aaa") && shown[1].hasSuffix("a\")"))
        #expect(shown[1].count == 3 + SummitError.maxShownLine)
        #expect(shown[2] == Substring(String(repeating: " ", count: shown[1].count - 1) + "^"))
    }

    @Test("sort and sort_by check a cancellation as they sort", arguments: ["sort", "sort_by"])
    func sortingIsCancellable(function: String) throws {
        let interpreter = Interpreter()
        let handle = interpreter.cancellation
        // The key of the last element cancels; the steps of the 4,500 calls end before the next
        // check of the limits (every 1,024 steps), so only the sort itself can see it.
        interpreter.define("key", arity: 1) { args in
            if try args.int(at: 0) == 0 { handle.cancel() }
            return args[0]
        }
        let source = function == "sort" ? "sort(map(range(4499, -1, -1), key))" : "sort_by(range(4499, -1, -1), key)"
        do {
            let value = try interpreter.eval(source + "[0]")
            Issue.record("expected an interruption, got \(value)")
        } catch let error as SummitError {
            #expect(error.kind == .limit && error.message == "interrupted")
        }
    }
}

@Suite("issue 25: the medium findings")
struct MediumFindings {
    @Test("Facts(json:) with arrays nested 100,000 deep is an .io error; 150 levels are read")
    func deepJSON() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = #expect(throws: SummitError.self) { try Facts(json: #"{"facts": [{"name": "x", "value": "# + deep + "}]}") }
        #expect(error?.kind == .io)
        #expect(error?.message.contains("nesting too deep (more than 200 levels)") == true, "\(error?.message ?? "")")
        let fine = String(repeating: "[", count: 150) + String(repeating: "]", count: 150)
        let facts = try Facts(json: #"{"facts": [{"name": "x", "value": "# + fine + "}]}")
        #expect(facts["x"] != nil)
    }
}

@Suite("issue 25: an interpreter used from its own host functions and from two threads")
struct Reentrance {
    @Test("a host function calls the Summit function it gets; the caller's locals are kept")
    func callFromAHostFunction() throws {
        let interpreter = Interpreter()
        nonisolated(unsafe) let reentrant = interpreter
        interpreter.define("apply", arity: 2) { args in
            guard case .function(let f) = args[1] else { throw args.typeError(at: 1, expected: "function") }
            return try reentrant.call(f, with: [args[0]])
        }
        #expect(try interpreter.eval("fn f() { let a = 5; let b = apply(a, x => x + a); return [a, b] }\nf()") == [5, 10])
        #expect(try interpreter.eval("apply(3, x => apply(x, y => y * 2))") == 6)
        // The limits of the evaluation apply to the inner call.
        interpreter.limits = Limits(maxSteps: 10_000)
        let error = #expect(throws: SummitError.self) { try interpreter.eval("apply(1, x => { while true {} })") }
        #expect(error?.kind == .limit)
        interpreter.limits = Limits()
        #expect(try interpreter.eval("apply(1, x => x)") == 1)
    }

    @Test("eval from a host function of the same interpreter is a clear error")
    func evalFromAHostFunction() throws {
        let interpreter = Interpreter()
        nonisolated(unsafe) let reentrant = interpreter
        interpreter.define("inner", arity: 0) { _ in try reentrant.eval("1 + 1") }
        let error = #expect(throws: SummitError.self) { try interpreter.eval("fn f() { let a = 1; return inner() }\nf()") }
        #expect(error?.kind == .runtime)
        #expect(error?.message.hasPrefix("cannot evaluate source text while the interpreter runs") == true, "\(error?.message ?? "")")
        #expect(try interpreter.eval("2 + 2") == 4)
    }

    @Test("a second evaluation from another thread while one runs is an error")
    func secondEvaluationFromAnotherThread() throws {
        let interpreter = Interpreter()
        nonisolated(unsafe) let shared = interpreter
        interpreter.define("probe", arity: 0) { _ in
            // Runs on another thread, and waits for it, while this evaluation is in progress.
            let message = onThread(stackSize: 1 << 20) { () -> String in
                do { return "ran: \(try shared.eval("1"))" } catch { return "\(error)" }
            }
            return .string(message)
        }
        let message = try interpreter.eval("probe()").stringValue ?? ""
        #expect(message.contains("the interpreter is already evaluating on another thread"), "\(message)")
        #expect(try interpreter.eval("1 + 1") == 2)
    }

    @Test("a closure of one interpreter, live or gone, run by another is an error")
    func foreignClosure() throws {
        var made = Interpreter()
        let f = try made.eval("let k = 10\nfn f(x) = x + k\nf")
        #expect(try made.call(f.functionValue!, with: [1]) == 11)
        let other = Interpreter()
        other.define("g", f)
        let error = #expect(throws: SummitError.self) { try other.eval("let z = 0\ng(1)") }
        #expect(error?.message == "cannot call f(): it was written in another interpreter (a function belongs to the interpreter that made it)")
        #expect(error?.location?.line == 2)
        #expect(throws: SummitError.self) { try other.eval("map([1], g)") }
        made = Interpreter()  // the interpreter that made f is gone
        #expect(throws: SummitError.self) { try made.call(f.functionValue!, with: [1]) }
    }
}
